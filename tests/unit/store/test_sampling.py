"""Smoothing matches TensorBoard's chart, and downsampling never hides a spike."""

from __future__ import annotations

import math

import numpy as np
import pytest

from trainboard.store import sampling
from trainboard.store.sampling import ema, m4


def tensorboard_smoothing(values: list[float], weight: float) -> list[float]:
    """TensorBoard's scalar-card smoothing, point by point, as the oracle."""
    finite = [v for v in values if math.isfinite(v)]
    if finite and all(v == finite[0] for v in finite):
        return list(values)
    out, last, n = [], 0.0, 0
    for v in values:
        if not math.isfinite(v):
            out.append(v)
            continue
        last = last * weight + (1 - weight) * v
        n += 1
        out.append(last / (1 - weight**n))
    return out


@pytest.mark.parametrize("weight", [0.0, 1e-12, 0.01, 0.6, 0.9, 0.999, 0.9999])
@pytest.mark.parametrize("n", [1, 5, 128, 129, 1000, 20_000])
def test_smoothing_matches_tensorboard_point_by_point(weight: float, n: int) -> None:
    values = np.random.default_rng(n).normal(size=n).cumsum()
    np.testing.assert_allclose(ema(values, weight), tensorboard_smoothing(values.tolist(), weight), rtol=1e-9)


def test_smoothing_starts_at_the_first_value_not_at_zero() -> None:
    assert ema(np.array([100.0, 100.5, 99.0]), 0.9)[0] == pytest.approx(100.0)


def test_smoothing_skips_nan_and_inf_without_poisoning_later_points() -> None:
    values = np.array([1.0, np.nan, 3.0, np.inf, 5.0])
    smoothed = ema(values, 0.6)
    assert np.isnan(smoothed[1]) and np.isinf(smoothed[3])
    np.testing.assert_allclose(smoothed[[0, 2, 4]], tensorboard_smoothing([1.0, 3.0, 5.0], 0.6))


def test_constant_series_stays_exactly_constant() -> None:
    assert np.all(ema(np.full(5000, 0.1), 0.95) == 0.1)


def test_smoothing_weight_of_one_is_rejected_with_the_allowed_range() -> None:
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        ema(np.ones(3), 1.0)


def test_smoothing_does_not_modify_the_input() -> None:
    values = np.array([1.0, 2.0, 3.0])
    values.setflags(write=False)
    ema(values, 0.5)
    assert values.tolist() == [1.0, 2.0, 3.0]


def brute_force_m4(x: np.ndarray, y: np.ndarray, buckets: int) -> list[int]:
    lo, hi = x[0], x[-1]
    keep: set[int] = set()
    for b in range(buckets):
        members = [i for i in range(len(x)) if min(int((x[i] - lo) * buckets / (hi - lo)), buckets - 1) == b]
        if members:
            vals = [y[i] for i in members]
            keep |= {members[0], members[-1], members[int(np.argmin(vals))], members[int(np.argmax(vals))]}
    return sorted(keep)


@pytest.mark.parametrize("seed", range(5))
def test_downsampling_keeps_first_min_max_last_of_every_bucket(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = np.sort(rng.choice(5000, size=700, replace=False)).astype(float)
    y = rng.normal(size=700)
    assert m4(x, y, 37).indices.tolist() == brute_force_m4(x, y, 37)


def test_a_single_spike_survives_downsampling_of_a_long_series() -> None:
    y = np.zeros(100_000)
    y[77_777] = 1e6
    env = m4(np.arange(100_000.0), y, 1000)
    assert 77_777 in env.indices
    assert env.max.max() == 1e6
    assert len(env.indices) <= 4 * 1000


def test_band_gives_each_bucket_its_x_extent_and_value_range() -> None:
    env = m4(np.arange(8.0), np.array([0, 9, 1, 2, 3, -5, 4, 5.0]), 2)
    assert env.x_lo.tolist() == [0.0, 4.0] and env.x_hi.tolist() == [3.0, 7.0]
    assert env.min.tolist() == [0.0, -5.0] and env.max.tolist() == [9.0, 5.0]


def test_nan_points_do_not_hide_the_real_minimum_and_maximum() -> None:
    env = m4(np.arange(4.0), np.array([np.nan, 2.0, -1.0, np.nan]), 1)
    assert env.min.tolist() == [-1.0] and env.max.tolist() == [2.0]
    assert env.indices.tolist() == [0, 1, 2, 3]


def test_a_bucket_of_only_nan_reports_nan_bounds() -> None:
    env = m4(np.arange(4.0), np.array([np.nan, np.nan, 1.0, 2.0]), 2)
    assert np.isnan(env.min[0]) and env.min[1] == 1.0


def test_all_points_at_one_x_form_one_bucket() -> None:
    env = m4(np.zeros(10), np.arange(10.0), 5)
    assert env.indices.tolist() == [0, 9] and env.min.tolist() == [0.0]


def test_empty_series_downsamples_to_nothing() -> None:
    assert m4(np.zeros(0), np.zeros(0), 10).indices.size == 0


# -- grid_envelope ---------------------------------------------------------------------------------


def test_grid_envelope_keeps_a_spike_as_its_buckets_max_and_leaves_empty_buckets_nan() -> None:
    from trainboard.store.sampling import grid_envelope

    x = np.array([0.0, 1, 2, 3, 8, 9])
    value = np.array([1.0, 50, 1, np.inf, 2, 4])
    env = grid_envelope(x, value, 0, 9, 3)
    assert env.max.tolist()[0] == 50 and env.min.tolist()[0] == 1
    assert np.isnan(env.mean[1]) and env.counts.tolist() == [3, 0, 2]
    assert env.mean[2] == 3.0


def test_grid_envelope_means_stay_inside_their_range() -> None:
    from trainboard.store.sampling import grid_envelope

    rng = np.random.default_rng(1)
    x = np.arange(10_000.0)
    value = rng.standard_normal(10_000) * 1e-12 + 0.1
    env = grid_envelope(x, value, 0, 9_999, 37)
    assert np.all(env.min <= env.mean) and np.all(env.mean <= env.max)


# -- many series on one grid at once (the runs of a sweep) ----------------------------------------------
def _rows() -> np.ndarray:
    rng = np.random.default_rng(7)
    rows = rng.normal(size=(40, 600)).cumsum(axis=1)
    rows[1, 5] = np.nan  # a NaN is passed through, the rest smoothed around it
    rows[2] = 3.0  # constant: returned as is
    rows[3, 100:300] = np.inf
    rows[4] = np.nan
    rows[5, ::7] = -1e6  # spikes
    return rows


@pytest.mark.parametrize("weight", [0.0, 1e-12, 0.3, 0.6, 0.9, 0.99, 0.999999])
def test_smoothing_rows_together_equals_smoothing_each_row(weight: float) -> None:
    rows = _rows()
    together = sampling.ema_rows(rows, weight)
    for i, row in enumerate(rows):
        np.testing.assert_array_equal(together[i], sampling.ema(row, weight))


@pytest.mark.parametrize("buckets", [1, 7, 64, 599, 600, 5000])
def test_downsampling_rows_together_equals_downsampling_each_row(buckets: int) -> None:
    rows = _rows()
    x = np.sort(np.random.default_rng(3).uniform(0, 50, rows.shape[1]))
    indices, env = sampling.m4_rows(x, rows, buckets)
    for i, row in enumerate(rows):
        one = sampling.m4(x, row, buckets)
        np.testing.assert_array_equal(indices[i], one.indices)
        np.testing.assert_array_equal(env.min[i], one.min)
        np.testing.assert_array_equal(env.max[i], one.max)
        np.testing.assert_array_equal(env.x_lo, one.x_lo)
        np.testing.assert_array_equal(env.x_hi, one.x_hi)
