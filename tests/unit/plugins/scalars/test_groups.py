"""Group lines against numpy: members on uneven step grids, interpolated onto the union of their steps."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from trainboard.plugins.scalars.groups import GroupLine, group_line
from trainboard.plugins.scalars.series import FullSeries
from trainboard.store.sampling import ema

RNG = np.random.default_rng(7)


def member(steps: list[int] | np.ndarray, smoothing: float = 0.0) -> FullSeries:
    steps = np.asarray(sorted(steps), dtype=np.int64)
    value = RNG.normal(size=steps.size)
    return FullSeries(steps.astype(float), steps, 1000.0 + steps, value, ema(value, smoothing))


def expected_matrix(members: list[FullSeries], field: str) -> tuple[np.ndarray, np.ndarray]:
    """The members on the union grid, by numpy directly: linear within each member's span, NaN outside."""
    grid = np.array(sorted({float(x) for m in members for x in m.x}))
    rows = []
    for m in members:
        col = getattr(m, field)
        row = [np.nan if not m.x[0] <= g <= m.x[-1] else float(np.interp(g, m.x, col)) for g in grid]
        rows.append(row)
    return grid, np.array(rows)


@pytest.fixture
def members() -> list[FullSeries]:
    # Three runs with different, uneven grids: one stops early, one starts late, one is sparse.
    return [
        member(RNG.choice(200, 60, replace=False), 0.6),
        member(np.arange(50, 300, 7), 0.6),
        member([0, 3, 90, 91, 250, 299], 0.6),
    ]


@pytest.mark.parametrize("stat", ["mean", "median"])
def test_centre_lines_match_numpy(members: list[FullSeries], stat: str) -> None:
    g = GroupLine(members, stat, "none")  # type: ignore[arg-type]
    grid, values = expected_matrix(members, "value")
    _, smoothed = expected_matrix(members, "smoothed")
    centre = np.nanmedian if stat == "median" else np.nanmean
    np.testing.assert_array_equal(g.x, grid)
    np.testing.assert_allclose(g.value, centre(values, axis=0), rtol=1e-12)
    np.testing.assert_allclose(g.smoothed, centre(smoothed, axis=0), rtol=1e-12)
    np.testing.assert_array_equal(g.count, np.sum(~np.isnan(smoothed), axis=0))
    assert g.lower is None and g.upper is None


def test_bands_match_numpy(members: list[FullSeries]) -> None:
    _, sm = expected_matrix(members, "smoothed")
    n = np.sum(~np.isnan(sm), axis=0)
    mean = np.nanmean(sm, axis=0)
    g = GroupLine(members, "mean", "minmax")
    np.testing.assert_allclose(g.lower, np.nanmin(sm, axis=0))
    np.testing.assert_allclose(g.upper, np.nanmax(sm, axis=0))
    g = GroupLine(members, "mean", "std")
    np.testing.assert_allclose(g.upper - mean, np.nanstd(sm, axis=0), atol=1e-12)
    np.testing.assert_allclose(mean - g.lower, np.nanstd(sm, axis=0), atol=1e-12)
    g = GroupLine(members, "mean", "sem")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        sem = np.where(n > 1, np.nanstd(sm, axis=0, ddof=1) / np.sqrt(n), 0.0)
    np.testing.assert_allclose(g.upper - mean, sem, atol=1e-12)


def test_a_group_is_reduced_like_a_run_and_cut_to_the_window(members: list[FullSeries]) -> None:
    full = GroupLine(members, "mean", "minmax")
    out = group_line("g", "loss", members, stat="mean", band="minmax", points=20, start=10, end=200)
    assert out["downsampled"] and out["members"] == 3 and out["total"] == sum(m.x.size for m in members)
    assert out["in_range"] == int(np.sum((full.x >= 10) & (full.x <= 200)))
    assert 0 < out["x"].size <= 80 and out["x"].min() >= 10 and out["x"].max() <= 200
    idx = np.searchsorted(full.x, out["x"])
    np.testing.assert_array_equal(out["smoothed"], full.smoothed[idx])
    np.testing.assert_array_equal(out["band"]["min"], full.lower[idx])
    # Every point of the window is kept when it fits.
    whole = group_line("g", "loss", members, stat="mean", band="none", points=10_000)
    np.testing.assert_array_equal(whole["x"], full.x)
    assert whole["band"] is None and not whole["downsampled"]


def test_a_non_finite_value_leaves_a_gap_not_a_crash() -> None:
    a = FullSeries(
        np.array([0.0, 1.0]),
        np.array([0, 1]),
        np.array([0.0, 1.0]),
        np.array([np.nan, 1.0]),
        np.array([np.nan, 1.0]),
    )
    g = GroupLine([a], "median", "sem")
    assert np.isnan(g.smoothed[0]) and g.smoothed[1] == 1.0
