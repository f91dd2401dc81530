"""Chart-side reductions of a scalar series: TensorBoard's debiased EMA and min/max (M4) downsampling.

Both are numpy-vectorised, so a 20,000-point series is smoothed and reduced in well under a millisecond
of Python overhead; neither loops over points in Python.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["Envelope", "ema", "m4"]

# Block length of the blocked linear recurrence in `_recurrence`: a (B x B) matrix product per block
# replaces B sequential steps; 128 keeps the matrix in cache and the Python-level loop short.
_BLOCK = 128


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


def _recurrence(u: np.ndarray, a: float) -> np.ndarray:
    """y[n] = a * y[n-1] + u[n] with y[-1] = 0, computed blockwise with matrix products.

    Within a block, the response to the block's own inputs is u @ T with T[j, i] = a**(i - j) for i >= j
    (powers of a <= 1 only shrink, so nothing overflows); the carry from earlier blocks is the same
    recurrence over the block ends with factor a**B, solved recursively.
    """
    n = u.size
    b = min(_BLOCK, n)
    lags = np.arange(b)[None, :] - np.arange(b)[:, None]
    powers = _flush_subnormal(np.where(lags >= 0, a ** np.maximum(lags, 0).astype(np.float64), 0.0))
    if n <= b:
        return u @ powers[:n, :n]
    blocks = -(-n // b)
    padded = np.zeros(blocks * b)
    padded[:n] = u
    local = padded.reshape(blocks, b) @ powers
    ends = _recurrence(local[:, -1], a**b)
    carry = np.concatenate(([0.0], ends[:-1]))
    local += carry[:, None] * _flush_subnormal(a ** np.arange(1, b + 1, dtype=np.float64))[None, :]
    return local.reshape(-1)[:n]


def _flush_subnormal(powers: np.ndarray) -> np.ndarray:
    # High powers of a small weight underflow into subnormal floats, which make the matrix product
    # tens of times slower on x86 while contributing nothing at float64 precision.
    powers[np.abs(powers) < np.finfo(np.float64).tiny] = 0.0
    return powers


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
    span = x[-1] - x[0]
    if span > 0 and np.isfinite(span):
        bucket = np.minimum(((x - x[0]) * (buckets / span)).astype(np.int64), buckets - 1)
    else:
        bucket = np.zeros(n, dtype=np.int64)
    starts = np.concatenate(([0], np.flatnonzero(np.diff(bucket)) + 1))
    counts = np.diff(np.append(starts, n))
    lasts = starts + counts - 1
    nan = np.isnan(value)
    low = np.where(nan, np.inf, value)
    high = np.where(nan, -np.inf, value)
    mins = np.minimum.reduceat(low, starts)
    maxs = np.maximum.reduceat(high, starts)
    arg_min = _first_match(low == np.repeat(mins, counts), starts, counts)
    arg_max = _first_match(high == np.repeat(maxs, counts), starts, counts)
    indices = np.unique(np.concatenate((starts, arg_min, arg_max, lasts)))
    all_nan = np.minimum.reduceat(nan, starts).astype(bool)
    mins[all_nan] = np.nan
    maxs[all_nan] = np.nan
    return Envelope(indices, x[starts], x[lasts], mins, maxs)


def _first_match(mask: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Index of the first True in each segment [start, start + count); every segment has one."""
    hits = np.flatnonzero(mask)
    segment = np.repeat(np.arange(starts.size), counts)[hits]
    first = np.concatenate(([True], segment[1:] != segment[:-1]))
    return hits[first]
