"""Scalar columns and point lists: growth, purges, snapshots readers can keep."""

from __future__ import annotations

import numpy as np
import pytest

from trainboard.store.series import BlobRef, BlobSeries, ScalarSeries, TensorSeries


def _filled(steps: list[int]) -> ScalarSeries:
    series = ScalarSeries()
    for s in steps:
        series.append(s, 100.0 + s, s * 0.5)
    return series


def test_points_come_back_in_the_order_they_were_logged():
    series = _filled(list(range(1000)))
    arrays = series.arrays()
    assert arrays.step.tolist() == list(range(1000))
    assert arrays.value[10] == 5.0
    assert arrays.wall_time.dtype == np.float64 and arrays.step.dtype == np.int64


def test_handed_out_arrays_cannot_be_written():
    arrays = _filled([1, 2]).arrays()
    with pytest.raises(ValueError):
        arrays.value[0] = 9.0


def test_a_snapshot_does_not_change_when_points_are_added_or_purged():
    series = _filled([0, 1, 2, 3])
    before = series.arrays()
    series.extend(np.arange(4, 5000), np.zeros(4996), np.ones(4996))
    series.purge_from(2)
    assert before.step.tolist() == [0, 1, 2, 3]
    assert series.arrays().step.tolist() == [0, 1]


def test_a_step_back_is_kept_and_a_purge_drops_every_later_step_wherever_it_sits():
    series = _filled([0, 1, 2, 3, 4])
    series.append(2, 0.0, -1.0)
    assert series.arrays().step.tolist() == [0, 1, 2, 3, 4, 2]
    assert series.purge_from(2) == 4
    assert series.arrays().step.tolist() == [0, 1]


def test_repeated_steps_are_kept_side_by_side():
    series = _filled([0, 0, 0, 1, 1])
    assert series.count == 5


def test_a_batch_is_appended_as_it_comes_and_says_whether_it_steps_back():
    series = _filled([0, 1, 2])
    assert not series.steps_back(np.array([2, 3, 3]))
    assert series.steps_back(np.array([1, 2]))
    assert series.steps_back(np.array([5, 4]))
    series.extend(np.array([0, 1, 2, 1, 2, 3]), np.zeros(6), np.arange(6.0))
    assert series.arrays().step.tolist() == [0, 1, 2, 0, 1, 2, 1, 2, 3]


def test_a_bulk_loaded_series_is_trimmed_to_at_most_32_bytes_a_point():
    series = ScalarSeries()
    for start in range(0, 100_000, 7_000):
        steps = np.arange(start, min(start + 7_000, 100_000))
        series.extend(steps, steps * 1.0, steps * 2.0)
    series.trim()
    assert series.count == 100_000
    assert series.nbytes / series.count <= 32


def test_first_and_last_describe_the_series():
    series = _filled([3, 4, 9])
    assert (series.first_step, series.last_step, series.last_wall_time) == (3, 9, 109.0)
    assert ScalarSeries().last_step is None


def test_extent_is_count_first_last_and_last_wall_time_as_python_numbers():
    # What a tag list sends: plain ints and floats (a numpy scalar would not encode as JSON).
    tensors, blobs = TensorSeries(), BlobSeries()
    for step in (3, 4, 9):
        tensors.add(step, 100.0 + step, np.zeros(2))
        blobs.add(step, 100.0 + step, ())
    for series in (_filled([3, 4, 9]), tensors, blobs):
        extent = series.extent()
        assert extent == (3, 3, 9, 109.0)
        assert [type(v) for v in extent] == [int, int, int, float]
    for empty in (ScalarSeries(), TensorSeries(), BlobSeries()):
        assert empty.extent() == (0, None, None, None)


def test_tensor_points_are_frozen_and_purged_by_step():
    series = TensorSeries()
    for s in range(5):
        series.add(s, float(s), np.full((2, 3), s, np.float64))
    snapshot = series.data()
    assert series.purge_from(3) == 2
    assert [d.step for d in series.data()] == [0, 1, 2]
    assert len(snapshot) == 5
    with pytest.raises(ValueError):
        snapshot[0].value[0, 0] = 1.0


def test_blob_points_are_kept_in_order_and_purged_like_scalars():
    series = BlobSeries()
    ref = BlobRef("vAA==", 1)
    for s in (0, 5, 10, 3):
        series.add(s, 0.0, (ref,))
    assert [d.step for d in series.data()] == [0, 5, 10, 3]
    assert series.purge_from(4) == 2
    assert [d.step for d in series.data()] == [0, 3]


def test_a_series_growing_point_by_point_stays_within_32_bytes_a_point():
    series = ScalarSeries()
    worst = 0.0
    for step in range(20_000):
        series.append(step, 0.0, 0.0)
        if step > 1000:
            worst = max(worst, series.nbytes / series.count)
    assert worst <= 32


def test_compact_columns_widen_at_the_first_point_that_does_not_fit():
    s = ScalarSeries()
    s.extend(np.array([1, 2], np.int64), np.array([1.0, 2.0]), np.array([0.5, float("nan")]))
    assert s.nbytes == 16 * (4 + 8 + 4)  # the first 16 slots, 16 bytes a point
    assert s.columns().step.dtype == np.int32 and s.columns().value.dtype == np.float32
    held = s.arrays()
    s.append(2**40, 3.0, 0.1)  # 0.1 is no float32, 2**40 no int32
    a = s.arrays()
    assert a.step.dtype == np.int64 and a.value.dtype == np.float64
    assert a.step.tolist() == [1, 2, 2**40] and a.value[2] == 0.1 and np.isnan(a.value[1])
    assert held.step.tolist() == [1, 2] and held.step.dtype == np.int64  # a snapshot stays as it was
    t = ScalarSeries.of(np.array([5], np.int64), np.array([1.0]), np.array([1e300]))
    assert t.columns().step.dtype == np.int32 and t.columns().value.dtype == np.float64
    assert t.arrays().value.tolist() == [1e300]


def test_the_version_changes_with_every_change_of_the_points_and_only_then():
    s, other = ScalarSeries(), ScalarSeries()
    seen = {s.version, other.version}
    assert len(seen) == 2  # two series never share a version
    s.append(0, 1.0, 0.5)
    s.extend(np.array([1, 2]), np.array([2.0, 3.0]), np.array([0.1, 0.2]))
    seen |= {s.version}
    before = s.version
    s.trim()
    s.arrays()
    s.extend(np.array([], np.int64), np.array([]), np.array([]))
    s.purge_from(10)  # drops nothing
    assert s.version == before
    s.purge_from(1)
    assert s.version not in seen
