"""A scalar series for the chart: full resolution in x order and smoothed (`full_series`), then cut to
the zoom window and reduced to `points` min/max buckets (`scalars_data`, the answer of one series in
`GET /api/scalars`; `scalars_many`, the runs of one tag in `POST /api/scalars/runs`). Plain functions
over the store, no HTTP.

Both are cached per experiment (`ChartCache`): per (run, tag), the full smoothed series per smoothing
and x axis, and the answers per parameters, all computed from one `version` of the series
(`Experiment.scalar_versions`). The first request for a newer version drops what the older one
computed, so an answer never outlives the points it was made from. `scalars_many` computes the runs
it misses that share one step grid (a sweep's) together, with `ema_rows` and `m4_rows`.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, NoReturn

import numpy as np

from trainboard.errors import InvalidArgumentError, NotFoundError
from trainboard.plugins.answers import JSON_MEDIA_TYPE, Answer, Conditions, cached, json_bytes
from trainboard.store import Experiment
from trainboard.store.lru import SizedLRU
from trainboard.store.sampling import ema, ema_rows, m4, m4_rows
from trainboard.store.series import ScalarArrays

__all__ = [
    "CACHE_BYTES",
    "DEFAULT_POINTS",
    "MAX_POINTS",
    "ChartCache",
    "FullSeries",
    "XAxis",
    "chart_cache",
    "full_series",
    "full_series_many",
    "scalar_version",
    "scalars_data",
    "scalars_many",
    "series_answer",
    "window",
]

DEFAULT_POINTS = 1000
# Most buckets one chart answer may ask for.
MAX_POINTS = 10_000
XAxis = Literal["step", "relative", "wall"]
# What one experiment's chart cache holds at most: full smoothed series (16 bytes a point of their
# own, x and smoothed; the other columns are views of the store's) and answers.
CACHE_BYTES = 256 << 20


class FullSeries(NamedTuple):
    """One series at full resolution, in x order, smoothed over the whole series in step order."""

    x: np.ndarray
    step: np.ndarray
    wall_time: np.ndarray
    value: np.ndarray
    smoothed: np.ndarray


@dataclass
class _Entry:
    """What was computed from one version of one series."""

    version: int
    full: dict[tuple[float, str], FullSeries] = field(default_factory=dict)
    answers: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)
    nbytes: int = 0


class ChartCache:
    """Per (run, tag) of one experiment: full series and answers of its current version (module doc)."""

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self._lru: SizedLRU[tuple[str, str], _Entry] = SizedLRU(max_bytes)

    def __len__(self) -> int:
        return len(self._lru)

    @property
    def nbytes(self) -> int:
        return self._lru.nbytes

    def entry(self, run: str, tag: str, version: int) -> _Entry:
        """The entry of this version; a new, empty one (dropping the old) if the series changed."""
        e = self._lru.get((run, tag))
        if e is None or e.version != version:
            e = _Entry(version)
            self._lru.put((run, tag), e, 0)
        return e

    def grew(self, run: str, tag: str, e: _Entry, nbytes: int) -> None:
        e.nbytes += nbytes
        self._lru.put((run, tag), e, e.nbytes)

    def versions(self) -> dict[tuple[str, str], int]:
        """The version each cached series was computed from (for tests and debugging)."""
        return {key: e.version for key, e in self._lru.items()}


_CACHES: weakref.WeakKeyDictionary[Experiment, ChartCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def chart_cache(exp: Experiment) -> ChartCache:
    """The chart cache of `exp`, made on first use; it goes with the experiment."""
    with _CACHES_LOCK:
        cache = _CACHES.get(exp)
        if cache is None:
            cache = _CACHES[exp] = ChartCache()
        return cache


def scalar_version(exp: Experiment, run: str, tag: str) -> int:
    """The version of one scalar series (`Experiment.scalar_versions`); NotFoundError without one."""
    version = exp.scalar_versions([(run, tag)])[0]
    if version is None:
        exp.scalar_arrays(run, tag)  # raises the NotFoundError that names what exists
        version = exp.scalar_versions([(run, tag)])[0]
        if version is None:
            raise NotFoundError(f"run {run!r} has no scalar series {tag!r}")
    return version


def _nbytes(arrays: Sequence[np.ndarray | None]) -> int:
    return sum(a.nbytes for a in arrays if a is not None)


def full_series(exp: Experiment, run: str, tag: str, *, smoothing: float, x: XAxis) -> FullSeries:
    """The series in x order, smoothed (TensorBoard's EMA, over the whole series in step order)."""
    return full_series_many(exp, [run], tag, smoothing=smoothing, x=x)[0] or _missing(exp, run, tag)


def _missing(exp: Experiment, run: str, tag: str) -> NoReturn:
    scalar_version(exp, run, tag)  # raises
    raise NotFoundError(f"run {run!r} has no scalar series {tag!r}")


def full_series_many(
    exp: Experiment, runs: Sequence[str], tag: str, *, smoothing: float, x: XAxis
) -> list[FullSeries | None]:
    """`full_series` of each run's `tag`, None where the run has no such series; the runs missing from
    the cache that share one sorted step grid are smoothed together."""
    cache = chart_cache(exp)
    versions = exp.scalar_versions([(run, tag) for run in runs])
    key = (smoothing, x)
    out: list[FullSeries | None] = [None] * len(runs)
    todo: list[tuple[int, _Entry, ScalarArrays]] = []
    for i, (run, version) in enumerate(zip(runs, versions, strict=True)):
        if version is None:
            continue
        e = cache.entry(run, tag, version)
        hit = e.full.get(key)
        if hit is not None:
            out[i] = hit
            continue
        try:
            todo.append((i, e, exp.scalar_arrays(run, tag)))
        except NotFoundError:  # removed since the versions were read
            continue
    made = dict(_compute_full([a for _i, _e, a in todo], smoothing, x, [i for i, _e, _a in todo]))
    for i, e, _arrays in todo:
        out[i] = e.full[key] = made[i]
        # x and smoothed are the cache's own (a row of a sweep's smoothed matrix counts as its share);
        # step, wall time and value are views of the store's columns.
        cache.grew(runs[i], tag, e, made[i].x.nbytes + made[i].smoothed.nbytes)
    return out


def _compute_full(
    arrays: Sequence[ScalarArrays], smoothing: float, x: XAxis, ids: Sequence[int]
) -> list[tuple[int, FullSeries]]:
    """(id, full series) for each of `arrays`; series on one sorted step grid are smoothed at once."""
    out: list[tuple[int, FullSeries]] = []
    grids: dict[tuple[int, int, int], list[int]] = {}
    for j, a in enumerate(arrays):
        step = a.step
        if step.size > 1 and smoothing > 0 and not np.any(np.diff(step) < 0):
            grids.setdefault((step.size, int(step[0]), int(step[-1])), []).append(j)
        else:
            out.append((ids[j], _one_full(a, smoothing, x)))
    for members in grids.values():
        first = arrays[members[0]].step
        same = [j for j in members if np.array_equal(arrays[j].step, first)]
        for j in set(members) - set(same):
            out.append((ids[j], _one_full(arrays[j], smoothing, x)))
        smoothed = ema_rows(np.stack([arrays[j].value for j in same]), smoothing)
        for row, j in enumerate(same):
            a = arrays[j]
            out.append((ids[j], _ordered(a.step, a.wall_time, a.value, smoothed[row], x)))
    return out


def _one_full(a: ScalarArrays, smoothing: float, x: XAxis) -> FullSeries:
    step, wall, value = a.step, a.wall_time, a.value
    if step.size > 1 and np.any(np.diff(step) < 0):
        order = np.argsort(step, kind="stable")
        step, wall, value = step[order], wall[order], value[order]
    # Smoothing runs over the whole series in step order, like TensorBoard's, before any cut.
    return _ordered(step, wall, value, ema(value, smoothing), x)


def _ordered(
    step: np.ndarray, wall: np.ndarray, value: np.ndarray, smoothed: np.ndarray, x: XAxis
) -> FullSeries:
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


def scalars_data(exp: Experiment, run: str, tag: str, **window: Any) -> dict[str, Any]:
    """The chart answer of `GET /api/scalars` (docs/dev/contracts.md) for one series: `scalars_many`
    of one run, `window` its keywords (points, smoothing, x, start, end). Cached: treat the answer
    and its arrays as read-only."""
    one = scalars_many(exp, [run], tag, **window)[0]
    return one if one is not None else _missing(exp, run, tag)


def scalars_many(
    exp: Experiment,
    runs: Sequence[str],
    tag: str,
    *,
    points: int = DEFAULT_POINTS,
    smoothing: float = 0.0,
    x: XAxis = "step",
    start: float | None = None,
    end: float | None = None,
) -> list[dict[str, Any] | None]:
    """`scalars_data` of each run's `tag`, None where the run has no such series. Answers in the
    cache are reused; the others are computed together where their series share one grid."""
    if start is not None and end is not None and start > end:
        raise InvalidArgumentError(f"start ({start}) is after end ({end}); swap them")
    cache = chart_cache(exp)
    key = (points, smoothing, x, start, end)
    versions = exp.scalar_versions([(run, tag) for run in runs])
    out: list[dict[str, Any] | None] = [None] * len(runs)
    todo: list[int] = []
    entries: dict[int, _Entry] = {}
    for i, (run, version) in enumerate(zip(runs, versions, strict=True)):
        if version is None:
            continue
        e = entries[i] = cache.entry(run, tag, version)
        hit = e.answers.get(key)
        if hit is not None:
            out[i] = hit
        else:
            todo.append(i)
    if not todo:
        return out
    fulls = full_series_many(exp, [runs[i] for i in todo], tag, smoothing=smoothing, x=x)
    made = _reduce(
        [(runs[i], s) for i, s in zip(todo, fulls, strict=True) if s is not None], tag, points, start, end
    )
    at = 0
    for i, s in zip(todo, fulls, strict=True):
        if s is None:
            continue
        answer = out[i] = made[at]
        at += 1
        e = entries[i]
        e.answers[key] = answer
        band = answer["band"]
        arrays = [answer[c] for c in ("x", "step", "wall_time", "value", "smoothed")]
        cache.grew(runs[i], tag, e, _nbytes(arrays) + (_nbytes(list(band.values())) if band else 0) + 200)
    return out


def _reduce(
    series: Sequence[tuple[str, FullSeries]], tag: str, points: int, start: float | None, end: float | None
) -> list[dict[str, Any]]:
    """The answer of each (run, full series), in order; those that need downsampling on one x grid
    are reduced together with `m4_rows`."""
    out: list[dict[str, Any] | None] = [None] * len(series)
    grids: dict[tuple[int, int, int], list[int]] = {}
    for j, (run, s) in enumerate(series):
        lo, hi = window(s.x, start, end)
        if hi - lo <= points:
            out[j] = _answer(run, tag, s, np.arange(lo, hi), None, hi - lo)
        else:
            grids.setdefault((lo, hi, s.x.size), []).append(j)
    for (lo, hi, _n), members in grids.items():
        xs = series[members[0]][1].x
        same = [j for j in members if np.array_equal(series[j][1].x, xs)]
        for j in set(members) - set(same):
            run, s = series[j]
            env = m4(s.x[lo:hi], s.value[lo:hi], points)
            band = {"x_lo": env.x_lo, "x_hi": env.x_hi, "min": env.min, "max": env.max}
            out[j] = _answer(run, tag, s, env.indices + lo, band, hi - lo)
        indices, env = m4_rows(xs[lo:hi], np.stack([series[j][1].value[lo:hi] for j in same]), points)
        for row, j in enumerate(same):
            run, s = series[j]
            band = {"x_lo": env.x_lo, "x_hi": env.x_hi, "min": env.min[row], "max": env.max[row]}
            out[j] = _answer(run, tag, s, indices[row] + lo, band, hi - lo)
    return [a for a in out if a is not None]


def _answer(
    run: str, tag: str, s: FullSeries, picks: np.ndarray, band: dict[str, np.ndarray] | None, in_range: int
) -> dict[str, Any]:
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


def series_answer(
    exp: Experiment,
    run: str,
    tag: str,
    *,
    cap: int | None,
    points: int,
    smoothing: float,
    x: XAxis,
    start: float | None,
    end: float | None,
    conditions: Conditions,
) -> Answer:
    """`GET /api/scalars`: `scalars_data` as JSON, at most `cap` buckets (`--samples_per_plugin`),
    cached per series version and parameters."""
    if cap is not None:
        points = min(points, cap)
    key = ("scalars", run, tag, scalar_version(exp, run, tag), points, smoothing, x, start, end)

    def build() -> tuple[bytes, str]:
        data = scalars_data(exp, run, tag, points=points, smoothing=smoothing, x=x, start=start, end=end)
        return json_bytes(data), JSON_MEDIA_TYPE

    return cached(exp, key, build, conditions)
