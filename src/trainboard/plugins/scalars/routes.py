"""HTTP routes for scalars: a chart-ready envelope per request, full-resolution downloads, and
TensorBoard's `/data/plugin/scalars/*` routes for scripts that scrape them.

The chart route never samples at load time: it reduces the full series per request to `points`
buckets (first, min, max and last of each), so a spike is visible at any zoom level, and smooths the
full-resolution series before reducing, so smoothing does not change as the user zooms.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs

import numpy as np
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from trainboard.errors import InvalidArgumentError
from trainboard.plugins.context import (
    ExperimentDep,
    JSONResponse,
    Run,
    Tag,
    api_responses,
    json_object,
    samples_cap,
    scalar_rows,
)
from trainboard.plugins.tb_data import TBJSONResponse, tags_index, tb_param, tb_rows, tb_scalars_response
from trainboard.store import Experiment
from trainboard.store.sampling import ema, m4

__all__ = ["CSV_HEADER", "download_csv", "router", "scalars_data"]

PLUGIN_NAME = "scalars"
DEFAULT_POINTS = 1000
MAX_POINTS = 10_000
CSV_HEADER = "Wall time,Step,Value"

XAxis = Literal["step", "relative", "wall"]

router = APIRouter(tags=["scalars"])
# [[wall_time, step, value], ...] as JSON, or the same rows as CSV (`format=`).
_DOWNLOAD = api_responses({"type": "array", "items": {"type": "array", "maxItems": 3, "minItems": 3}})
_DOWNLOAD[200]["content"]["text/csv"] = {"schema": {"type": "string"}}


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
    lo = 0 if start is None else int(np.searchsorted(xs, start, "left"))
    hi = xs.size if end is None else int(np.searchsorted(xs, end, "right"))
    hi = max(lo, hi)
    in_range = hi - lo
    band: dict[str, np.ndarray] | None = None
    if in_range <= points:
        picks = np.arange(lo, hi)
    else:
        env = m4(xs[lo:hi], value[lo:hi], points)
        picks = env.indices + lo
        band = {"x_lo": env.x_lo, "x_hi": env.x_hi, "min": env.min, "max": env.max}
    return {
        "run": run,
        "tag": tag,
        "total": int(step.size),
        "in_range": in_range,
        "downsampled": band is not None,
        "x": xs[picks],
        "step": step[picks],
        "wall_time": wall[picks],
        "value": value[picks],
        "smoothed": smoothed[picks],
        "band": band,
    }


def _x_values(step: np.ndarray, wall: np.ndarray, x: XAxis) -> np.ndarray:
    if x == "step":
        return step.astype(np.float64)
    if x == "wall":
        return np.asarray(wall, dtype=np.float64)
    return wall - wall[0] if wall.size else np.asarray(wall, dtype=np.float64)


def download_csv(exp: Experiment, run: str, tag: str, cap: int | None = None) -> str:
    """Every point as TensorBoard's CSV (`Wall time,Step,Value`), shortest round-trip float text."""
    rows = scalar_rows(exp, run, tag, cap)
    return "\n".join([CSV_HEADER, *(f"{w!r},{s},{v!r}" for w, s, v in rows)]) + "\n"


def _attachment(run: str, tag: str, ext: str) -> dict[str, str]:
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{run}_{tag}").strip("_") or "scalars"
    return {"Content-Disposition": f'attachment; filename="{name}.{ext}"'}


@router.get(
    "/api/scalars",
    summary="One series, smoothed and reduced to a min/max envelope",
    responses=api_responses(
        json_object(
            "run",
            "tag",
            "total",
            "downsampled",
            "in_range",
            "x",
            "step",
            "wall_time",
            "value",
            "smoothed",
            "band",
        )
    ),
)
def scalars_route(
    request: Request,
    exp: ExperimentDep,
    run: Run,
    tag: Tag,
    points: Annotated[
        int, Query(ge=1, le=MAX_POINTS, description="buckets the chart needs")
    ] = DEFAULT_POINTS,
    smoothing: Annotated[float, Query(ge=0.0, lt=1.0, description="TensorBoard's EMA weight")] = 0.0,
    x: Annotated[XAxis, Query(description="x axis: step, relative (s since first point), wall")] = "step",
    start: Annotated[float | None, Query(description="first x of the zoom window (not after end)")] = None,
    end: Annotated[float | None, Query(description="last x of the zoom window")] = None,
) -> JSONResponse:
    cap = samples_cap(request, PLUGIN_NAME)
    if cap is not None:
        points = min(points, cap)
    return JSONResponse(
        scalars_data(exp, run, tag, points=points, smoothing=smoothing, x=x, start=start, end=end)
    )


@router.get(
    "/api/scalars/download",
    summary="Every point of one series as CSV or JSON",
    response_class=Response,
    responses=_DOWNLOAD,
)
def download_route(
    exp: ExperimentDep, run: Run, tag: Tag, format: Literal["csv", "json"] = "csv"
) -> Response:
    if format == "csv":
        return Response(
            download_csv(exp, run, tag), media_type="text/csv", headers=_attachment(run, tag, "csv")
        )
    return JSONResponse(scalar_rows(exp, run, tag), headers=_attachment(run, tag, "json"))


# -- TensorBoard's routes, same shapes (docs/tensorboard-api.md) --------------------------------------
@router.get(
    "/data/plugin/scalars/tags",
    summary="TensorBoard's scalar tags answer",
    responses=api_responses({"type": "object"}, errors=()),
)
def tb_tags(exp: ExperimentDep) -> TBJSONResponse:
    return TBJSONResponse(tags_index(exp, PLUGIN_NAME))


@router.get(
    "/data/plugin/scalars/scalars",
    summary="TensorBoard's [[wall_time, step, value], ...]",
    response_class=Response,
    responses=_DOWNLOAD,
)
def tb_scalars(
    request: Request,
    exp: ExperimentDep,
    run: str | None = None,
    tag: str | None = None,
    format: str | None = None,
) -> Response:
    cap = samples_cap(request, PLUGIN_NAME)
    return tb_scalars_response(exp, tb_param(run, "run"), tb_param(tag, "tag"), format, cap)


@router.post(
    "/data/plugin/scalars/scalars_multirun", summary="TensorBoard's {run: [[wall_time, step, value]]}"
)
async def tb_scalars_multirun(request: Request, exp: ExperimentDep) -> TBJSONResponse:
    # TensorBoard's frontend posts a urlencoded form: `tag` once, `runs` once per run.
    form = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    tags = form.get("tag", [])
    if len(tags) != 1:
        raise InvalidArgumentError("tag must be specified exactly once, in a urlencoded form body")
    tag = tags[0]
    cap = samples_cap(request, PLUGIN_NAME)
    scalar_tags = exp.tag_infos(PLUGIN_NAME)
    runs = form.get("runs", [])
    return TBJSONResponse(
        {run: tb_rows(exp, run, tag, cap) for run in runs if tag in scalar_tags.get(run, {})}
    )
