"""A scalar series for the chart: full resolution in x order and smoothed (`full_series`), then cut to
the zoom window and reduced to `points` min/max buckets (`scalars_data`, the answer of one series in
`GET /api/scalars` and in `POST /api/scalars/runs`). Plain functions over the store, no HTTP.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

import numpy as np

from trainboard.errors import InvalidArgumentError
from trainboard.store import Experiment
from trainboard.store.sampling import ema, m4

__all__ = ["DEFAULT_POINTS", "FullSeries", "XAxis", "full_series", "scalars_data", "window"]

DEFAULT_POINTS = 1000
XAxis = Literal["step", "relative", "wall"]


class FullSeries(NamedTuple):
    """One series at full resolution, in x order, smoothed over the whole series in step order."""

    x: np.ndarray
    step: np.ndarray
    wall_time: np.ndarray
    value: np.ndarray
    smoothed: np.ndarray


def full_series(exp: Experiment, run: str, tag: str, *, smoothing: float, x: XAxis) -> FullSeries:
    arrays = exp.scalar_arrays(run, tag)
    step, wall, value = arrays.step, arrays.wall_time, arrays.value
    if step.size > 1 and np.any(np.diff(step) < 0):
        order = np.argsort(step, kind="stable")
        step, wall, value = step[order], wall[order], value[order]
    # Smoothing runs over the whole series in step order, like TensorBoard's, before any cut.
    smoothed = ema(value, smoothing)
    xs = _x_values(step, wall, x)
    if x != "step" and xs.size > 1 and np.any(np.diff(xs) < 0):
        order = np.argsort(xs, kind="stable")
        step, wall, value, smoothed, xs = step[order], wall[order], value[order], smoothed[order], xs[order]
    return FullSeries(xs, step, wall, value, smoothed)


def window(xs: np.ndarray, start: float | None, end: float | None) -> tuple[int, int]:
    """The index range [lo, hi) of sorted `xs` inside the zoom window."""
    if start is not None and end is not None and start > end:
        raise InvalidArgumentError(f"start ({start}) is after end ({end}); swap them")
    lo = 0 if start is None else int(np.searchsorted(xs, start, "left"))
    hi = xs.size if end is None else int(np.searchsorted(xs, end, "right"))
    return lo, max(lo, hi)


def scalars_data(
    exp: Experiment,
    run: str,
    tag: str,
    *,
    points: int = DEFAULT_POINTS,
    smoothing: float = 0.0,
    x: XAxis = "step",
    start: float | None = None,
    end: float | None = None,
) -> dict[str, Any]:
    """The chart answer of `GET /api/scalars` (docs/dev/contracts.md) for one series."""
    if start is not None and end is not None and start > end:
        raise InvalidArgumentError(f"start ({start}) is after end ({end}); swap them")
    s = full_series(exp, run, tag, smoothing=smoothing, x=x)
    lo, hi = window(s.x, start, end)
    in_range = hi - lo
    band: dict[str, np.ndarray] | None = None
    if in_range <= points:
        picks = np.arange(lo, hi)
    else:
        env = m4(s.x[lo:hi], s.value[lo:hi], points)
        picks = env.indices + lo
        band = {"x_lo": env.x_lo, "x_hi": env.x_hi, "min": env.min, "max": env.max}
    return {
        "run": run,
        "tag": tag,
        "total": int(s.step.size),
        "in_range": in_range,
        "downsampled": band is not None,
        "x": s.x[picks],
        "step": s.step[picks],
        "wall_time": s.wall_time[picks],
        "value": s.value[picks],
        "smoothed": s.smoothed[picks],
        "band": band,
    }


def _x_values(step: np.ndarray, wall: np.ndarray, x: XAxis) -> np.ndarray:
    if x == "step":
        return step.astype(np.float64)
    if x == "wall":
        return np.asarray(wall, dtype=np.float64)
    return wall - wall[0] if wall.size else np.asarray(wall, dtype=np.float64)
