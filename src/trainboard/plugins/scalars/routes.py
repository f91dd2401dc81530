"""HTTP routes for scalars: a chart-ready envelope per request, full-resolution downloads, and
TensorBoard's `/data/plugin/scalars/*` routes for scripts that scrape them.

`POST /api/scalars/runs` answers a whole card at once: every listed run's series of one tag, each
reduced and smoothed exactly as `GET /api/scalars` does it (both call `scalars_data`), in the compact
columnar encoding of `columnar.py` (or JSON on request).

The chart route never samples at load time: it reduces the full series per request to `points`
buckets (first, min, max and last of each), so a spike is visible at any zoom level, and smooths the
full-resolution series before reducing, so smoothing does not change as the user zooms.
"""

from __future__ import annotations

import re
import threading
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs

import numpy as np
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from trainboard.errors import InvalidArgumentError, NotFoundError
from trainboard.plugins.context import (
    MAX_NAME,
    ExperimentDep,
    JSONResponse,
    Run,
    Tag,
    api_responses,
    cached_answer,
    conditions_of,
    json_bytes,
    json_object,
    response_of,
    samples_cap,
    scalar_rows,
    still_loading,
)
from trainboard.plugins.scalars import columnar
from trainboard.plugins.scalars.groups import GroupBand, GroupStat, group_line
from trainboard.plugins.scalars.metadata import PLUGIN_NAME
from trainboard.plugins.scalars.series import (
    DEFAULT_POINTS,
    MAX_POINTS,
    XAxis,
    full_series_many,
    scalars_data,
    scalars_many,
    series_answer,
)
from trainboard.plugins.tb_data import TBJSONResponse, tags_route, tb_rows, tb_scalars_route
from trainboard.store import Experiment

__all__ = [
    "CSV_HEADER",
    "ExportRequest",
    "LastRequest",
    "SeriesRequest",
    "download_csv",
    "export_tag",
    "last_values",
    "router",
    "runs_data",
    "scalars_data",
]

MAX_RUNS = 10_000
MAX_TAGS = 100
CSV_HEADER = "Wall time,Step,Value"
EXPORT_CSV_HEADER = "Run,Wall time,Step,Value"
# Set to "false" on an export made while the first load is under way: the file misses points.
COMPLETE_HEADER = "X-Trainboard-Complete"

router = APIRouter(tags=["scalars"])
# [[wall_time, step, value], ...] as JSON, or the same rows as CSV (`format=`).
_DOWNLOAD = api_responses({"type": "array", "items": {"type": "array", "maxItems": 3, "minItems": 3}})
_DOWNLOAD[200]["content"]["text/csv"] = {"schema": {"type": "string"}}
# One card's series at a time. The work holds the GIL, so five cards computed side by side all finish
# as late as the last one would; in turn, the first card on screen answers (and paints) first.
_ONE_CARD_AT_A_TIME = threading.Lock()


class Group(BaseModel):
    """Runs drawn as one line: `name` is the line's label, `runs` its members."""

    model_config = ConfigDict(strict=True)  # what the spec says: no false for a number, no 0 for a bool

    name: str = Field(min_length=1, max_length=MAX_NAME)
    runs: list[str] = Field(min_length=1, max_length=MAX_RUNS)


class SeriesRequest(BaseModel):
    """The body of `POST /api/scalars/runs`: tags and runs to draw together, and `/api/scalars`' options."""

    model_config = ConfigDict(strict=True)  # what the spec says: no false for a number, no 0 for a bool

    tags: list[str] = Field(min_length=1, max_length=MAX_TAGS, description="tag names, as in /api/tags")
    runs: list[str] = Field([], max_length=MAX_RUNS, description="run names, as in /api/runs")
    groups: list[Group] | None = Field(
        None,
        max_length=MAX_RUNS,
        description="instead of runs: one line per group (plugins/scalars/groups.py)",
    )
    stat: GroupStat = Field("mean", description="a group's centre line")
    group_band: GroupBand = Field("std", description="a group's band: minmax, std, sem or none")
    points: int = Field(DEFAULT_POINTS, ge=1, le=MAX_POINTS, description="buckets per series")
    smoothing: float = Field(0.0, ge=0.0, lt=1.0, description="TensorBoard's EMA weight")
    x: XAxis = "step"
    start: float | None = Field(None, description="first x of the zoom window")
    end: float | None = Field(None, description="last x of the zoom window")
    band: bool = Field(True, description="false leaves out the min/max rows of downsampled series")
    format: Literal["columnar", "json"] = "columnar"


def runs_data(exp: Experiment, req: SeriesRequest, *, cap: int | None = None) -> dict[str, Any]:
    """Every (run, tag) of `req.runs` x `req.tags` that exists, tag by tag, each as `scalars_data`
    answers it; pairs that do not exist (or runs gone since the page listed them) are named in
    `missing` instead of failing the card."""
    points = req.points if cap is None else min(req.points, cap)
    series: list[dict[str, Any]] = []
    missing: list[tuple[str, str]] = []
    if req.groups is not None:
        if sum(len(g.runs) for g in req.groups) > MAX_RUNS:
            raise InvalidArgumentError(f"the groups hold more than {MAX_RUNS} runs; filter the runs first")
        for tag in dict.fromkeys(req.tags):
            for group in req.groups:
                found = full_series_many(
                    exp, list(dict.fromkeys(group.runs)), tag, smoothing=req.smoothing, x=req.x
                )
                members = [m for m in found if m is not None]
                if not members:
                    missing.append((group.name, tag))
                    continue
                line = group_line(
                    group.name,
                    tag,
                    members,
                    stat=req.stat,
                    band=req.group_band,
                    points=points,
                    start=req.start,
                    end=req.end,
                    x_is_step=req.x == "step",
                )
                series.append(line)
        return {"series": series, "missing": missing}
    runs = list(dict.fromkeys(req.runs))
    for tag in dict.fromkeys(req.tags):
        answers = scalars_many(
            exp, runs, tag, points=points, smoothing=req.smoothing, x=req.x, start=req.start, end=req.end
        )
        for run, one in zip(runs, answers, strict=True):
            if one is None:
                missing.append((run, tag))
            else:
                # The cached answer is shared: a copy leaves the band out.
                series.append(one if req.band else {**one, "band": None})
    return {"series": series, "missing": missing}


def runs_key(exp: Experiment, req: SeriesRequest, cap: int | None) -> tuple[Any, ...]:
    """What a `POST /api/scalars/runs` answer depends on: the request and the version of every
    series it draws (its ETag, `cached_answer`)."""
    runs = [run for g in req.groups for run in g.runs] if req.groups is not None else req.runs
    versions = exp.scalar_versions([(run, tag) for tag in req.tags for run in runs])
    return ("scalars/runs", req.model_dump_json(), cap, tuple(versions))


class LastRequest(BaseModel):
    """The body of `POST /api/scalars/last`: the tags whose last value the runs table shows."""

    model_config = ConfigDict(strict=True)  # what the spec says: no false for a number, no 0 for a bool

    tags: list[str] = Field(min_length=1, max_length=MAX_TAGS)
    runs: list[str] = Field(max_length=MAX_RUNS)


def last_values(exp: Experiment, req: LastRequest) -> dict[str, dict[str, float]]:
    """{tag: {run: the value at the run's last step}} for the runs that have the tag."""
    out: dict[str, dict[str, float]] = {}
    for tag in dict.fromkeys(req.tags):
        col = out[tag] = {}
        for run in dict.fromkeys(req.runs):
            try:
                arrays = exp.scalar_arrays(run, tag)
            except NotFoundError:
                continue
            if arrays.value.size:
                # The last write at the highest step, as every dashboard shows it.
                col[run] = float(arrays.value[np.flatnonzero(arrays.step == arrays.step.max())[-1]])
    return out


def download_csv(exp: Experiment, run: str, tag: str, cap: int | None = None) -> str:
    """Every point as TensorBoard's CSV (`Wall time,Step,Value`), shortest round-trip float text."""
    rows = scalar_rows(exp, run, tag, cap)
    return "\n".join([CSV_HEADER, *(f"{w!r},{s},{v!r}" for w, s, v in rows)]) + "\n"


def _attachment(run: str, tag: str, ext: str) -> dict[str, str]:
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{run}_{tag}").strip("_") or "scalars"
    return {"Content-Disposition": f'attachment; filename="{name}.{ext}"'}


class ExportRequest(BaseModel):
    """Every point of one tag in the listed runs, as one file."""

    model_config = ConfigDict(strict=True)

    tag: str = Field(min_length=1, max_length=MAX_NAME)
    runs: list[str] = Field(min_length=1, max_length=MAX_RUNS)
    format: Literal["csv", "json"] = "csv"


def _csv_field(text: str) -> str:
    """A CSV field, quoted when it holds a comma, quote or line break (RFC 4180)."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def export_tag(exp: Experiment, req: ExportRequest, *, loading: bool) -> tuple[str, dict[str, Any]]:
    """The tag's points in every listed run that has it: CSV text (`Run,Wall time,Step,Value`, a row per
    point, runs in the order asked) and the same as JSON (`{tag, complete, runs: {run: rows}}`).
    `complete`: the first load is over (`loading` false). Until then the file may lack runs the load
    has not found or read yet, whatever runs were asked for (a single run's download is complete
    once that run is read: `download_route`)."""
    by_run: dict[str, list[tuple[float, int, float]]] = {}
    for run in dict.fromkeys(req.runs):
        try:
            by_run[run] = scalar_rows(exp, run, req.tag)
        except NotFoundError:
            continue
    lines = [EXPORT_CSV_HEADER]
    for run, rows in by_run.items():
        name = _csv_field(run)
        lines.extend(f"{name},{w!r},{s},{v!r}" for w, s, v in rows)
    complete = not loading
    return "\n".join(lines) + "\n", {"tag": req.tag, "complete": complete, "runs": by_run}


@router.post(
    "/api/scalars/export",
    summary="Every point of one tag in many runs, as one CSV (with a Run column) or JSON file",
    response_class=Response,
    responses={
        200: {
            "description": f"the file; `{COMPLETE_HEADER}: false` while the first load is under way",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/json": {"schema": json_object("tag", "complete", "runs")},
            },
        },
        **{k: v for k, v in api_responses({"type": "object"}).items() if k != 200},
    },
)
def export_route(request: Request, exp: ExperimentDep, body: ExportRequest) -> Response:
    csv_text, data = export_tag(exp, body, loading=still_loading(request))
    complete = bool(data["complete"])
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", body.tag).strip("_") or "scalars"
    headers = {
        COMPLETE_HEADER: "true" if complete else "false",
        "Content-Disposition": f'attachment; filename="{name}.{body.format}"',
    }
    if body.format == "csv":
        return Response(csv_text, media_type="text/csv", headers=headers)
    return JSONResponse(data, headers=headers)


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
) -> Response:
    answer = series_answer(
        exp,
        run,
        tag,
        cap=samples_cap(request, PLUGIN_NAME),
        points=points,
        smoothing=smoothing,
        x=x,
        start=start,
        end=end,
        conditions=conditions_of(request),
    )
    return response_of(answer)


@router.post(
    "/api/scalars/runs",
    summary="Many runs' series of one tag in one answer (columnar binary, or JSON)",
    response_class=Response,
)
def runs_route(request: Request, exp: ExperimentDep, body: SeriesRequest) -> Response:
    cap = samples_cap(request, PLUGIN_NAME)

    def build() -> tuple[bytes, str]:
        with _ONE_CARD_AT_A_TIME:
            data = runs_data(exp, body, cap=cap)
        if body.format == "json":
            return json_bytes(data), JSONResponse.media_type
        series = data.pop("series")
        return columnar.encode(series, data), columnar.MEDIA_TYPE

    return cached_answer(request, exp, runs_key(exp, body, cap), build)


@router.post("/api/scalars/last", summary="Each run's value at its last step, for the runs table")
def last_route(exp: ExperimentDep, body: LastRequest) -> JSONResponse:
    return JSONResponse(last_values(exp, body))


@router.get(
    "/api/scalars/download",
    summary="Every point of one series as CSV or JSON",
    response_class=Response,
    responses=_DOWNLOAD,
)
def download_route(
    request: Request, exp: ExperimentDep, run: Run, tag: Tag, format: Literal["csv", "json"] = "csv"
) -> Response:
    loading = still_loading(request)
    # Read first: a run the first load has not read yet is read now, and then complete.
    body = download_csv(exp, run, tag) if format == "csv" else scalar_rows(exp, run, tag)
    complete = not loading or exp.is_read(run)
    headers = {**_attachment(run, tag, format), COMPLETE_HEADER: "true" if complete else "false"}
    if format == "csv":
        return Response(body, media_type="text/csv", headers=headers)
    return JSONResponse(body, headers=headers)


# -- TensorBoard's routes, same shapes (docs/tensorboard-api.md) --------------------------------------
router.add_api_route(
    "/data/plugin/scalars/tags",
    tags_route(PLUGIN_NAME),
    summary="TensorBoard's scalar tags answer",
    responses=api_responses({"type": "object"}, errors=()),
)


router.add_api_route(
    "/data/plugin/scalars/scalars",
    tb_scalars_route,
    summary="TensorBoard's [[wall_time, step, value], ...]",
    response_class=Response,
    responses=_DOWNLOAD,
)


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
