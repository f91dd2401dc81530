"""Chart-side reductions of a scalar series: TensorBoard's debiased EMA, min/max (M4) downsampling and
fixed-grid min/max/mean envelopes (for the static report's zoom levels).

Both are numpy-vectorised, so a 20,000-point series is smoothed and reduced in well under a millisecond
of Python overhead; neither loops over points in Python. `ema_rows` and `m4_rows` do the same for
many series on one x grid at once (the runs of a sweep), with results equal to one call per row.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["Envelope", "GridEnvelope", "ema", "ema_rows", "grid_envelope", "m4", "m4_rows"]

# Largest scale factor a**-k used inside a block of `_recurrence`: leaves 10**150 of headroom for values.
_MAX_SCALE_EXP10 = 150.0
# Fewer rows than this are smoothed one by one: the rows' pass loops over a block's length in Python.
_FEW_ROWS = 16
# Below this factor the recurrence's memory is beyond float64 precision after one step.
_NEGLIGIBLE = 1e-10


def ema(values: np.ndarray, weight: float) -> np.ndarray:
    """TensorBoard's smoothing: an exponential moving average started at 0 and debiased by 1 - w**n.

    Non-finite values pass through unsmoothed and do not advance the average; a constant series is
    returned as is (no rounding wiggle); `weight` 0 means no smoothing.

        >>> ema(np.array([1.0, 2.0, 3.0]), 0.5).round(3).tolist()
        [1.0, 1.667, 2.429]
    """
    if not 0.0 <= weight < 1.0:
        raise ValueError(f"smoothing must be in [0, 1), got {weight}")
    values = np.asarray(values, dtype=np.float64)
    out = values.copy()
    finite = np.isfinite(values)
    kept = values[finite]
    if weight == 0.0 or kept.size == 0 or np.all(kept == kept[0]):
        return out
    last = (1.0 - weight) * _recurrence(kept, weight)
    # The average starts from 0, so the first points are pulled toward 0 unless divided by the weight
    # the real data has had so far (TensorBoard issue #610).
    debias = -np.expm1(np.arange(1, kept.size + 1) * np.log(weight))
    out[finite] = last / debias
    return out


def ema_rows(values: np.ndarray, weight: float) -> np.ndarray:
    """`ema` of every row of a 2-D array: rows of finite, not constant values in one vectorised pass,
    the others one by one; each row equals `ema(row, weight)`."""
    if not 0.0 <= weight < 1.0:
        raise ValueError(f"smoothing must be in [0, 1), got {weight}")
    values = np.asarray(values, dtype=np.float64)
    out = values.copy()
    if weight == 0.0 or values.size == 0:
        return out
    fast = np.isfinite(values).all(axis=1) & ~(values == values[:, :1]).all(axis=1)
    if np.count_nonzero(fast) < _FEW_ROWS:
        fast[:] = False
    if fast.any():
        last = (1.0 - weight) * _recurrence(np.ascontiguousarray(values[fast].T), weight).T
        out[fast] = last / -np.expm1(np.arange(1, values.shape[1] + 1) * np.log(weight))
    for i in np.flatnonzero(~fast):
        out[i] = ema(values[i], weight)
    return out


def _recurrence(u: np.ndarray, a: float) -> np.ndarray:
    """y[n] = a * y[n-1] + u[n] with y[-1] = 0 along the first axis, in O(n) vectorised passes (a 2-D
    `u` holds one series per column: numpy's cumsum is far faster down rows than along them).

    Within a block of length B, y[i] = a**i * cumsum(u[j] * a**-j) for the block's own inputs; B is
    chosen so a**-B stays below 10**150 (no overflow, and the sum is dominated by its latest terms, so
    rounding stays at float64 precision). The carry into each block is the same recurrence over the
    block ends with factor a**B, solved recursively. No BLAS: threaded matrix products slow to a crawl
    on a busy machine.
    """
    n = u.shape[0]
    if n == 0:
        return u.copy()
    if a < _NEGLIGIBLE:
        # a**2 is below float64 precision: one step of memory is exact to rounding.
        out = u.copy()
        out[1:] += a * u[:-1]
        return out
    rest = u.shape[1:]
    ones = (1,) * len(rest)
    b = int(min(n, max(2, _MAX_SCALE_EXP10 // -np.log10(a))))
    blocks = -(-n // b)
    padded = np.zeros((blocks * b, *rest))
    padded[:n] = u
    k = np.arange(b, dtype=np.float64)
    grow = (a**-k).reshape(b, *ones)
    shrink = (a**k).reshape(b, *ones)
    local = padded.reshape(blocks, b, *rest) * grow
    if rest:
        # Running sums down the rows, one vector add per row: the same additions in the same order
        # as np.cumsum, several times faster than its accumulate along a non-last axis.
        for i in range(1, b):
            local[:, i] += local[:, i - 1]
    else:
        local = np.cumsum(local, axis=1)
    local *= shrink
    if blocks > 1:
        ends = _recurrence(local[:, -1], a**b)
        carry = np.concatenate((np.zeros((1, *rest)), ends[:-1]))
        local += carry[:, None] * (a * shrink)
    return local.reshape(blocks * b, *rest)[:n]


class Envelope(NamedTuple):
    """The result of `m4`: which points to draw, and each non-empty bucket's x extent and value range."""

    indices: np.ndarray  # int64, ascending: first, min, max and last point of every bucket, deduplicated
    x_lo: np.ndarray
    x_hi: np.ndarray
    min: np.ndarray  # NaN where a bucket holds only NaN
    max: np.ndarray


def m4(x: np.ndarray, value: np.ndarray, buckets: int) -> Envelope:
    """Reduce a series sorted by `x` to `buckets` equal-width x buckets, keeping each bucket's first,
    minimum, maximum and last point, so a spike anywhere survives (M4, Jugel et al., VLDB 2014).

    NaN values are ignored for min/max; a bucket of only NaN still contributes its first and last point.

        >>> m4(np.arange(8.0), np.array([0, 9, 1, 2, 3, -5, 4, 5.0]), 2).indices.tolist()
        [0, 1, 3, 4, 5, 7]
    """
    if buckets < 1:
        raise ValueError(f"buckets must be at least 1, got {buckets}")
    x = np.asarray(x, dtype=np.float64)
    value = np.asarray(value, dtype=np.float64)
    n = x.size
    if n == 0:
        empty = np.zeros(0)
        return Envelope(np.zeros(0, dtype=np.int64), empty, empty, empty, empty)
    starts, counts, lasts = _buckets(x, buckets)
    nan = np.isnan(value)
    low = np.where(nan, np.inf, value)
    high = np.where(nan, -np.inf, value)
    mins = np.minimum.reduceat(low, starts)
    maxs = np.maximum.reduceat(high, starts)
    arg_min = _first_match(low == np.repeat(mins, counts), starts, counts)
    arg_max = _first_match(high == np.repeat(maxs, counts), starts, counts)
    indices = np.sort(np.concatenate((starts, arg_min, arg_max, lasts)))
    indices = indices[np.concatenate(([True], indices[1:] != indices[:-1]))]
    all_nan = np.minimum.reduceat(nan, starts).astype(bool)
    mins[all_nan] = np.nan
    maxs[all_nan] = np.nan
    return Envelope(indices, x[starts], x[lasts], mins, maxs)


def _buckets(x: np.ndarray, buckets: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first index, count, last index) of each non-empty one of `buckets` equal-width buckets over the
    sorted, non-empty `x`."""
    n = x.size
    span = x[-1] - x[0]
    if span > 0 and np.isfinite(span):
        bucket = np.minimum(((x - x[0]) * (buckets / span)).astype(np.int64), buckets - 1)
    else:
        bucket = np.zeros(n, dtype=np.int64)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(bucket)) + 1))
    counts = np.diff(np.append(starts, n))
    return starts, counts, starts + counts - 1


def _first_match(mask: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Index of the first True in each segment [start, start + count); every segment has one."""
    hits = np.flatnonzero(mask)
    segment = np.repeat(np.arange(starts.size), counts)[hits]
    first = np.concatenate(([True], segment[1:] != segment[:-1]))
    return hits[first]


class GridEnvelope(NamedTuple):
    """The result of `grid_envelope`: per bucket of an equal-width grid, the finite values' range and mean."""

    min: np.ndarray  # NaN where a bucket holds no finite value
    max: np.ndarray
    mean: np.ndarray
    counts: np.ndarray  # int64, finite values per bucket


def grid_envelope(x: np.ndarray, value: np.ndarray, start: float, end: float, buckets: int) -> GridEnvelope:
    """Min, max and mean of the finite values in each of `buckets` equal-width x buckets over [start, end].

    Unlike `m4`, whose buckets follow the data, the grid is fixed by (start, end, buckets), so a bucket's
    x extent needs no storing: bucket i spans start + i * (end - start) / buckets onwards. `x` must be
    ascending; points outside [start, end] fall into the first or last bucket.

        >>> grid_envelope(np.arange(4.0), np.array([1, 5, 2, np.nan]), 0, 3, 2).max.tolist()
        [5.0, 2.0]
    """
    if buckets < 1:
        raise ValueError(f"buckets must be at least 1, got {buckets}")
    x = np.asarray(x, dtype=np.float64)
    value = np.asarray(value, dtype=np.float64)
    finite = np.isfinite(value)
    if not finite.all():
        x, value = x[finite], value[finite]
    mins = np.full(buckets, np.nan)
    maxs = np.full(buckets, np.nan)
    means = np.full(buckets, np.nan)
    count = np.zeros(buckets, dtype=np.int64)
    if x.size == 0:
        return GridEnvelope(mins, maxs, means, count)
    span = end - start
    scale = buckets / span if span > 0 and np.isfinite(span) else 0.0
    bucket = np.clip(((x - start) * scale).astype(np.int64), 0, buckets - 1)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(bucket)) + 1))
    filled = bucket[starts]
    counts = np.diff(np.append(starts, x.size))
    mins[filled] = np.minimum.reduceat(value, starts)
    maxs[filled] = np.maximum.reduceat(value, starts)
    means[filled] = np.add.reduceat(value, starts) / counts
    # A mean can leave [min, max] by a rounding step; the envelope must hold its own line.
    means[filled] = np.clip(means[filled], mins[filled], maxs[filled])
    count[filled] = counts
    return GridEnvelope(mins, maxs, means, count)


def m4_rows(x: np.ndarray, values: np.ndarray, buckets: int) -> tuple[list[np.ndarray], Envelope]:
    """`m4` of every row of `values` (k series on the one sorted grid `x`): per row the indices to
    draw, and one `Envelope` whose `min` and `max` are k x b (`indices` left empty; `x_lo`, `x_hi`
    shared). Row i equals `m4(x, values[i], buckets)`."""
    if buckets < 1:
        raise ValueError(f"buckets must be at least 1, got {buckets}")
    x = np.asarray(x, dtype=np.float64)
    values = np.asarray(values, dtype=np.float64)
    k, n = values.shape
    if n == 0:
        empty = np.zeros((k, 0))
        return [np.zeros(0, dtype=np.int64)] * k, Envelope(np.zeros(0, np.int64), x[:0], x[:0], empty, empty)
    starts, counts, lasts = _buckets(x, buckets)
    nan = np.isnan(values)
    low = np.where(nan, np.inf, values)
    high = np.where(nan, -np.inf, values)
    mins = np.minimum.reduceat(low, starts, axis=1)
    maxs = np.maximum.reduceat(high, starts, axis=1)
    # The first index in each bucket where the row reaches its extreme: n - max(n - i) over the hits.
    back = n - np.arange(n)
    arg_min = n - np.maximum.reduceat(
        np.where(low == np.repeat(mins, counts, axis=1), back, 0), starts, axis=1
    )
    arg_max = n - np.maximum.reduceat(
        np.where(high == np.repeat(maxs, counts, axis=1), back, 0), starts, axis=1
    )
    both = np.sort(
        np.concatenate(
            (
                np.broadcast_to(starts, (k, starts.size)),
                arg_min,
                arg_max,
                np.broadcast_to(lasts, (k, lasts.size)),
            ),
            axis=1,
        ),
        axis=1,
    )
    keep = np.concatenate((np.ones((k, 1), dtype=bool), both[:, 1:] != both[:, :-1]), axis=1)
    indices = [row[m] for row, m in zip(both, keep, strict=True)]
    all_nan = np.minimum.reduceat(nan, starts, axis=1).astype(bool)
    mins[all_nan] = np.nan
    maxs[all_nan] = np.nan
    return indices, Envelope(np.zeros(0, np.int64), x[starts], x[lasts], mins, maxs)
