"""Histograms and distributions: percentile compression, re-binning, and the route payloads."""

from __future__ import annotations

import numpy as np
import pytest

from trainboard.plugins.histograms.routes import (
    BASIS_POINTS,
    compress_histogram,
    display_edges,
    distributions_impl,
    histograms_impl,
    rebin,
)
from trainboard.store.series import TensorDatum


class FakeExperiment:
    """The store's tensor read API over an in-memory dict: (run, tag) -> [TensorDatum]."""

    def __init__(self, series: dict[tuple[str, str], list[TensorDatum]]) -> None:
        self.series = series

    def tensor_series(self, run: str, tag: str) -> list[TensorDatum]:
        return self.series[(run, tag)]


def buckets_of(values: np.ndarray, bins: int = 30) -> np.ndarray:
    counts, edges = np.histogram(values, bins=bins)
    return np.stack([edges[:-1], edges[1:], counts.astype(np.float64)], axis=1)


def test_distribution_matches_tensorboards_compressor_on_random_histograms() -> None:
    compressor = pytest.importorskip("tensorboard.plugins.distribution.compressor")
    rng = np.random.default_rng(7)
    for _ in range(500):
        k = int(rng.integers(1, 40))
        edges = np.sort(rng.normal(size=k + 1))
        counts = rng.integers(0, 6, size=k).astype(np.float64)
        buckets = np.stack([edges[:-1], edges[1:], counts], axis=1)
        expected = [value for _, value in compressor.compress_histogram(buckets)]
        np.testing.assert_allclose(compress_histogram(buckets), expected, rtol=0, atol=1e-12)


def test_distribution_of_a_normal_sample_brackets_the_sigma_bands() -> None:
    values = np.random.default_rng(0).normal(size=200_000)
    lines = compress_histogram(buckets_of(values, bins=200))
    assert lines[0] == pytest.approx(values.min())
    assert lines[-1] == pytest.approx(values.max())
    # 668/1587/3085 basis points are -1.5σ/-1σ/-0.5σ of a standard normal.
    np.testing.assert_allclose(lines[1:8], [-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5], atol=0.03)


def test_constant_histogram_puts_every_percentile_on_the_value() -> None:
    buckets = np.array([[2.0, 2.0, 0.0], [2.0, 2.0, 0.0], [2.0, 2.0, 5.0]])
    assert compress_histogram(buckets).tolist() == [2.0] * len(BASIS_POINTS)


def test_empty_histogram_gives_zero_percentiles_instead_of_failing() -> None:
    assert compress_histogram(np.zeros((0, 3))).tolist() == [0.0] * len(BASIS_POINTS)


def test_rebin_spreads_counts_by_overlap_and_keeps_the_total() -> None:
    edges = display_edges(0.0, 3.0, 3)
    counts = rebin(np.array([[0.0, 1.5, 3.0], [1.5, 3.0, 3.0]]), edges)
    assert counts.tolist() == [2.0, 2.0, 2.0]


def test_rebin_puts_point_masses_in_their_bin_including_the_last_edge() -> None:
    edges = display_edges(0.0, 3.0, 3)
    counts = rebin(np.array([[3.0, 3.0, 2.0], [0.0, 0.0, 1.0], [1.0, 1.0, 4.0]]), edges)
    assert counts.tolist() == [1.0, 4.0, 2.0]


def test_constant_series_gets_a_visible_window_around_its_value() -> None:
    edges = display_edges(5.0, 5.0, 4)
    assert edges[0] < 5.0 < edges[-1]


def test_histograms_of_all_steps_share_one_grid_covering_every_step() -> None:
    early = buckets_of(np.random.default_rng(1).normal(0, 1, 1000))
    late = buckets_of(np.random.default_rng(2).normal(10, 1, 1000))
    exp = FakeExperiment({("r", "w"): [TensorDatum(0, 1.0, early), TensorDatum(5, 2.0, late)]})
    out = histograms_impl(exp, "r", "w", bins=20, ridges=50)  # type: ignore[arg-type]
    assert out["edges"][0] == pytest.approx(early[0, 0])
    assert out["edges"][-1] == pytest.approx(late[-1, 1])
    assert [h["step"] for h in out["histograms"]] == [0, 5]
    for h in out["histograms"]:
        assert len(h["counts"]) == 20
        assert sum(h["counts"]) == pytest.approx(1000)


def test_ridge_count_is_capped_and_always_keeps_the_first_and_latest_step() -> None:
    series = [TensorDatum(s, float(s), buckets_of(np.arange(10.0) + s)) for s in range(300)]
    out = histograms_impl(FakeExperiment({("r", "w"): series}), "r", "w", bins=10, ridges=7)  # type: ignore[arg-type]
    steps = [h["step"] for h in out["histograms"]]
    assert len(steps) == 7
    assert steps[0] == 0 and steps[-1] == 299
    assert out["total"] == 300


def test_distributions_keep_every_step_when_under_the_point_budget() -> None:
    series = [TensorDatum(s, 100.0 + s, buckets_of(np.arange(10.0) * (s + 1))) for s in range(12)]
    out = distributions_impl(FakeExperiment({("r", "w"): series}), "r", "w", points=1000)  # type: ignore[arg-type]
    assert out["step"] == list(range(12))
    assert out["downsampled"] is False
    assert len(out["percentiles"]) == 9 and all(len(line) == 12 for line in out["percentiles"])
    assert out["percentiles"][-1][11] == pytest.approx(9.0 * 12)


def test_downsampled_distribution_still_shows_a_one_step_spike() -> None:
    rng = np.random.default_rng(3)
    series = [TensorDatum(s, float(s), buckets_of(rng.normal(0, 1, 500))) for s in range(1000)]
    spike = buckets_of(np.append(rng.normal(0, 1, 500), 1e4))
    series[437] = TensorDatum(437, 437.0, spike)
    out = distributions_impl(FakeExperiment({("r", "w"): series}), "r", "w", points=50)  # type: ignore[arg-type]
    assert out["downsampled"] is True
    assert len(out["step"]) == 50 and out["step"][-1] == 999
    assert max(out["percentiles"][-1]) == pytest.approx(1e4)


def test_a_nan_among_logged_values_still_draws_both_dashboards(tmp_path) -> None:
    # torch writes min/max of the values as the outer edges, so one NaN makes them NaN.
    from trainboard import SummaryWriter, read

    with SummaryWriter(str(tmp_path)) as writer:
        writer.add_histogram("w", np.array([1.0, np.nan, 2.0, 3.0]), 0)
    exp = read(str(tmp_path))
    dist = distributions_impl(exp, ".", "w", points=10)
    column = [row[0] for row in dist["percentiles"]]
    assert np.isfinite(column).all()
    assert 1.0 <= column[0] < column[4] < column[-1] <= 3.0
    (hist,) = histograms_impl(exp, ".", "w", bins=5, ridges=5)["histograms"]
    assert sum(hist["counts"]) == pytest.approx(3)
    assert hist["min"] is not None and np.isfinite(hist["min"])
