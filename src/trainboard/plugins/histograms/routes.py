"""HTTP routes for the Histograms and Distributions dashboards, over the store's `[k, 3]` tensors.

Both dashboards read the same series: every step holds buckets as rows of (left, right, count),
whether the writer logged a legacy `histo` (torch, tensorboardX) or a TF2 `[k, 3]` tensor; the store
converts the former at load time. Histograms are re-binned onto one shared grid per tag so that the
ridges line up; distributions are TensorBoard's nine basis-point percentiles, computed here rather than
in the browser so a 10,000-step series costs one small JSON answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
from fastapi import APIRouter, Request

from trainboard.errors import NotFoundError
from trainboard.plugins.context import (
    ExperimentDep,
    JSONResponse,
    Run,
    Tag,
    TBRun,
    TBTag,
    api_responses,
    cap_evenly,
    count_query,
    json_object,
    samples_cap,
)
from trainboard.plugins.histograms.metadata import PLUGIN_NAME
from trainboard.plugins.tb_data import TBJSONResponse, tags_route, tb_param

if TYPE_CHECKING:
    from trainboard.store import Experiment

# Basis points (1/100 of a percent) of the percentile lines TensorBoard draws: max, ±1.5σ, ±1σ, ±0.5σ
# and the median of a normal distribution. Kept identical so the two dashboards can be compared.
BASIS_POINTS: tuple[int, ...] = (0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000)

DEFAULT_BINS = 30  # display bins per histogram; TensorBoard's own display also uses 30
MAX_BINS = 500
DEFAULT_RIDGES = 50  # histograms per ridge plot; more than this are indistinguishable lines
MAX_RIDGES = 2000
DEFAULT_POINTS = 1000  # steps per distribution chart before downsampling
MAX_POINTS = 100_000

router = APIRouter()


# -- pure functions --------------------------------------------------------------------------------


def finite_buckets(buckets: np.ndarray) -> np.ndarray:
    """`buckets` as float `[k, 3]`, with a NaN or infinite outer edge moved to its bucket's other edge.

    torch and TensorBoard take the outer edges from the values' min and max, so one NaN or inf among
    the values makes them NaN or inf, which would blank every percentile and drop the outer counts.
    """
    b = np.array(buckets, dtype=np.float64).reshape(-1, 3)
    if b.shape[0] and not np.isfinite(b[0, 0]):
        b[0, 0] = b[0, 1]
    if b.shape[0] and not np.isfinite(b[-1, 1]):
        b[-1, 1] = b[-1, 0]
    return b


def compress_histogram(buckets: np.ndarray, bps: Sequence[int] = BASIS_POINTS) -> np.ndarray:
    """The value below which each basis point of the counted mass lies, as TensorBoard's Distributions do.

    `buckets` is `[k, 3]` (left, right, count). Mass is spread evenly within a bucket, so each
    percentile is a linear interpolation between bucket edges. An empty histogram gives zeros.

        >>> compress_histogram(np.array([[0.0, 1.0, 1.0], [1.0, 2.0, 1.0]]), (0, 5000, 10000)).tolist()
        [0.0, 1.0, 2.0]
    """
    bps_arr = np.asarray(bps, dtype=np.float64)
    b = finite_buckets(buckets)
    if b.shape[0] == 0:
        return np.zeros(len(bps_arr))
    lowest, highest = b[0, 0], b[-1, 1]
    counts = b[:, 2]
    total = counts.sum()
    # Cumulative mass at each bucket's right edge, in basis points (multiplied before dividing, as
    # TensorBoard does, so that rounding puts the last line at the same place).
    cum = np.cumsum(counts * 10000.0 / (total if total else 1.0))
    # side="right" finds the first bucket whose cumulative mass exceeds the basis point, which is
    # therefore never an empty bucket; past the last one the answer is the maximum.
    idx = np.searchsorted(cum, bps_arr, side="right")
    out = np.full(len(bps_arr), highest)
    inside = idx < len(cum)
    i = idx[inside]
    cum_prev = np.where(i > 0, cum[np.maximum(i - 1, 0)], 0.0)
    # The left end of the interpolation is the previous right edge (clamped to the minimum), or the
    # minimum itself when nothing was counted before this bucket.
    lhs = np.where(cum_prev > 0, np.maximum(b[np.maximum(i - 1, 0), 1], lowest), lowest)
    rhs = np.minimum(b[i, 1], highest)
    frac = (bps_arr[inside] - cum_prev) / (cum[i] - cum_prev)
    out[inside] = lhs + frac * (rhs - lhs)
    return out


def histogram_range(series: Sequence[np.ndarray]) -> tuple[float, float] | None:
    """The smallest and largest edge holding any count over a whole series, or None if all are empty."""
    lo, hi = np.inf, -np.inf
    for buckets in series:
        b = np.asarray(buckets, dtype=np.float64).reshape(-1, 3)
        filled = b[b[:, 2] != 0]
        if filled.shape[0] == 0:
            continue
        edges = filled[:, :2]
        finite = edges[np.isfinite(edges)]
        if finite.size:
            lo, hi = min(lo, float(finite.min())), max(hi, float(finite.max()))
    if lo > hi:
        return None
    return lo, hi


def display_edges(lo: float, hi: float, bins: int) -> np.ndarray:
    """`bins + 1` equal-width edges over [lo, hi]; a constant series gets a unit-wide window around it."""
    if hi <= lo:
        half = max(abs(lo) * 0.05, 0.5)
        lo, hi = lo - half, lo + half
    return np.linspace(lo, hi, bins + 1)


def rebin(buckets: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Counts of `buckets` ([k, 3]) moved onto `edges`, spreading each bucket's count evenly over its width.

    A zero-width bucket (constant data) is a point mass and lands in the bin holding its value, with
    bins half-open on the right except the last. Counts outside the edges are dropped. The total is
    preserved for every count inside [edges[0], edges[-1]].
    """
    b = finite_buckets(buckets)
    b = b[b[:, 2] != 0]
    nbins = len(edges) - 1
    if b.shape[0] == 0:
        return np.zeros(nbins)
    lo = np.minimum(b[:, 0], b[:, 1])[:, None]
    hi = np.maximum(b[:, 0], b[:, 1])[:, None]
    counts = b[:, 2]
    e = edges[None, :]
    width = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = np.clip((e - lo) / np.where(width > 0, width, 1.0), 0.0, 1.0)
    point = (e > lo).astype(np.float64)
    frac_below = np.where(width > 0, spread, point)
    # A point mass exactly on the last edge belongs to the last bin, not past it.
    on_last = (width[:, 0] == 0) & (lo[:, 0] == edges[-1])
    frac_below[on_last, -1] = 1.0
    cdf = counts @ frac_below
    return np.diff(cdf)


def histograms_impl(exp: Experiment, run: str, tag: str, *, bins: int, ridges: int) -> dict[str, Any]:
    """The histograms of one series on a shared grid of `bins` bins, at most `ridges` steps of them."""
    series = exp.tensor_series(run, tag)
    values = [d.value for d in series]
    span = histogram_range(values)
    if span is None:
        lo, hi = 0.0, 1.0
    else:
        lo, hi = span
    edges = display_edges(lo, hi, bins)
    out = []
    for d in cap_evenly(series, ridges):
        b = finite_buckets(d.value)
        filled = b[b[:, 2] != 0]
        out.append(
            {
                "step": int(d.step),
                "wall_time": float(d.wall_time),
                "count": float(b[:, 2].sum()),
                "min": float(filled[:, :2].min()) if filled.size else None,
                "max": float(filled[:, :2].max()) if filled.size else None,
                "counts": rebin(b, edges).tolist(),
            }
        )
    return {
        "run": run,
        "tag": tag,
        "total": len(series),
        "edges": edges.tolist(),
        "histograms": out,
    }


def distributions_impl(exp: Experiment, run: str, tag: str, *, points: int) -> dict[str, Any]:
    """The nine percentile lines of one series over steps, at most `points` steps of them.

    When the series is longer, steps are grouped into `points` consecutive chunks; each chunk is shown
    at its last step, and its outer lines (min and max) are the extremes of the whole chunk, so a step
    whose weights blew up is never hidden by downsampling.
    """
    series = exp.tensor_series(run, tag)
    n = len(series)
    table = np.empty((len(BASIS_POINTS), n))
    steps = np.empty(n, dtype=np.int64)
    walls = np.empty(n)
    for j, d in enumerate(series):
        table[:, j] = compress_histogram(d.value)
        steps[j], walls[j] = d.step, d.wall_time
    downsampled = n > points
    if downsampled:
        bounds = np.linspace(0, n, points + 1).astype(np.int64)
        starts, ends = bounds[:-1], bounds[1:]
        keep = ends - 1
        low = np.minimum.reduceat(table[0], starts)
        high = np.maximum.reduceat(table[-1], starts)
        table = table[:, keep]
        table[0], table[-1] = low, high
        steps, walls = steps[keep], walls[keep]
    return {
        "run": run,
        "tag": tag,
        "total": n,
        "downsampled": bool(downsampled),
        "basis_points": list(BASIS_POINTS),
        "step": steps.tolist(),
        "wall_time": walls.tolist(),
        "percentiles": table.tolist(),
    }


# -- HTTP --------------------------------------------------------------------------------------------


def _capped(request: Request, value: int) -> int:
    # --samples_per_plugin=histograms=N caps both dashboards, as it caps TensorBoard's.
    cap = samples_cap(request, PLUGIN_NAME)
    return value if cap is None else min(value, cap)


@router.get(
    "/api/histograms",
    summary="The newest histograms of a series, rebinned to shared edges",
    responses=api_responses(json_object("run", "tag", "total", "edges", "histograms")),
)
def histograms_route(
    request: Request,
    exp: ExperimentDep,
    run: Run,
    tag: Tag,
    bins: Annotated[int, count_query(1, MAX_BINS, "display bins")] = DEFAULT_BINS,
    ridges: Annotated[int, count_query(1, MAX_RIDGES, "histograms in the ridge plot")] = DEFAULT_RIDGES,
) -> JSONResponse:
    ridges = _capped(request, ridges)
    return JSONResponse(histograms_impl(exp, run, tag, bins=bins, ridges=ridges))


@router.get(
    "/api/distributions",
    summary="Percentile bands of a histogram series over steps",
    responses=api_responses(
        json_object("run", "tag", "total", "downsampled", "basis_points", "step", "wall_time", "percentiles")
    ),
)
def distributions_route(
    request: Request,
    exp: ExperimentDep,
    run: Run,
    tag: Tag,
    points: Annotated[int, count_query(2, MAX_POINTS, "steps before downsampling")] = DEFAULT_POINTS,
) -> JSONResponse:
    points = max(2, _capped(request, points))
    return JSONResponse(distributions_impl(exp, run, tag, points=points))


# -- TensorBoard's routes, same shapes (docs/tensorboard-api.md) -------------------------------------


router.add_api_route(
    "/data/plugin/histograms/tags", tags_route(PLUGIN_NAME), summary="TensorBoard's histogram tags answer"
)
router.add_api_route(
    "/data/plugin/distributions/tags",
    tags_route(PLUGIN_NAME),
    summary="TensorBoard's distribution tags answer",
)


@router.get("/data/plugin/histograms/histograms", summary="TensorBoard's [[wall_time, step, buckets]]")
def tb_histograms(
    request: Request, exp: ExperimentDep, run: TBRun = None, tag: TBTag = None
) -> TBJSONResponse:
    series = _tb_series(request, exp, run, tag)
    return TBJSONResponse(
        [[d.wall_time, d.step, np.asarray(d.value, np.float64).reshape(-1, 3)] for d in series]
    )


@router.get(
    "/data/plugin/distributions/distributions", summary="TensorBoard's [[wall_time, step, [[bp, value]]]]"
)
def tb_distributions(
    request: Request, exp: ExperimentDep, run: TBRun = None, tag: TBTag = None
) -> TBJSONResponse:
    series = _tb_series(request, exp, run, tag)
    return TBJSONResponse(
        [
            [
                d.wall_time,
                d.step,
                [[bp, v] for bp, v in zip(BASIS_POINTS, compress_histogram(d.value).tolist(), strict=True)],
            ]
            for d in series
        ]
    )


def _tb_series(request: Request, exp: Experiment, run: str | None, tag: str | None) -> list[Any]:
    run, tag = tb_param(run, "run"), tb_param(tag, "tag")
    if tag not in exp.tag_infos(PLUGIN_NAME).get(run, {}):
        raise NotFoundError(f"No histogram tag {tag!r} for run {run!r}")
    return cap_evenly(exp.tensor_series(run, tag), samples_cap(request, PLUGIN_NAME))
