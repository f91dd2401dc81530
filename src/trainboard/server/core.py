"""Core API routes: environment, runs, the dashboard list, tags per plugin and blob bytes.

What the listing routes answer is built in `listings.py`, without the web stack, so that the startup
server (`early.py`) answers them alike before this module is imported."""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from trainboard.errors import InvalidArgumentError
from trainboard.plugins.context import (
    BlobId,
    ExperimentDep,
    JSONResponse,
    Run,
    Tag,
    api_responses,
    cap_evenly,
    conditions_of,
    json_object,
    response_of,
    samples_cap,
)
from trainboard.plugins.tb_data import BLOB_CACHE
from trainboard.server.listings import (
    MAX_PLUGIN_NAME,
    environment,
    plugins_listing,
    runs_listing,
    tags_answer,
    warnings_listing,
)
from trainboard.store.blobs import CONTENT_TYPES, sniff_content_type

__all__ = ["blob_content_type", "router"]

router = APIRouter(tags=["core"])

# Most tensor values one /api/tensors answer carries (about 100 MB of JSON at worst).
MAX_TENSOR_VALUES = 5_000_000
_BLOB_RESPONSES = api_responses({"type": "string", "format": "binary"}, media_type=CONTENT_TYPES[-1])
_BLOB_RESPONSES[200]["content"] = {
    t: {"schema": {"type": "string", "format": "binary"}} for t in CONTENT_TYPES
}


@router.get(
    "/api/environment",
    summary="Version, logdirs, window title and load progress",
    responses=api_responses(
        json_object("version", "logdirs", "window_title", "live", "reload_interval", "loading", "progress"),
        errors=(),
    ),
)
def environment_route(request: Request, exp: ExperimentDep) -> JSONResponse:
    return JSONResponse(environment(exp, request.app.state.settings, request.app.state.live))


@router.get(
    "/api/runs",
    summary="Every run with its start time, and the data generation",
    responses=api_responses(json_object("runs", "generation", "server_time"), errors=()),
)
def runs_route(exp: ExperimentDep) -> JSONResponse:
    return JSONResponse(runs_listing(exp))


@router.get(
    "/api/warnings",
    summary="What reading skipped (damaged records, restarts), each with its file and offset",
    responses=api_responses(json_object("count", "warnings"), errors=()),
)
def warnings_route(exp: ExperimentDep) -> JSONResponse:
    return JSONResponse(warnings_listing(exp))


@router.get(
    "/api/plugins",
    summary="Every dashboard in display order, and whether it has data",
    responses=api_responses({"type": "array", "items": json_object("name", "has_data")}, errors=()),
)
def plugins_route(exp: ExperimentDep) -> JSONResponse:
    return JSONResponse(plugins_listing(exp))


@router.get(
    "/api/tags",
    summary="Tags of one plugin, per run",
    responses=api_responses(json_object("plugin", "runs"), errors=(400,)),
)
def tags_route(
    request: Request,
    exp: ExperimentDep,
    plugin: Annotated[
        str, Query(min_length=1, max_length=MAX_PLUGIN_NAME, description="plugin name on disk")
    ],
    compact: Annotated[
        bool, Query(description="tag names only: each distinct set of tags once, runs by set index")
    ] = False,
) -> Response:
    return response_of(tags_answer(exp, plugin, compact, conditions_of(request)))


@router.get(
    "/api/tensors",
    summary="Every point of any tensor series (histograms, PR curves, text, ...)",
    responses=api_responses(json_object("run", "tag", "total", "data")),
)
def tensors_route(request: Request, exp: ExperimentDep, run: Run, tag: Tag) -> JSONResponse:
    series = exp.tensor_series(run, tag)
    size = sum(int(d.value.size) for d in series)
    if size > MAX_TENSOR_VALUES:
        raise InvalidArgumentError(
            f"tensor series {tag!r} holds {size:,} values, more than one response carries; "
            "use its plugin's route or trainboard.read() in Python"
        )
    kept = cap_evenly(series, samples_cap(request, exp.tag_meta(run, tag).plugin_name))
    data = [
        {
            "step": d.step,
            "wall_time": d.wall_time,
            "dtype": str(d.value.dtype),
            "shape": list(d.value.shape),
            "value": _jsonable(d.value),
        }
        for d in kept
    ]
    return JSONResponse({"run": run, "tag": tag, "total": len(series), "data": data})


def _jsonable(value: np.ndarray) -> Any:
    if value.dtype.kind in "SO":  # text summaries hold bytes
        return np.vectorize(_text, otypes=[object])(value).tolist() if value.size else value.tolist()
    return value.tolist()


def _text(item: Any) -> str:
    return item.decode("utf-8", "replace") if isinstance(item, bytes) else str(item)


@router.get(
    "/api/blob/{blob_id}",
    summary="Bytes of one image, audio clip or other blob, by the id a plugin route handed out",
    response_class=Response,
    responses=_BLOB_RESPONSES,
)
def blob_route(exp: ExperimentDep, blob_id: BlobId) -> Response:
    data = exp.read_blob(blob_id)
    return Response(data, media_type=blob_content_type(data), headers={"Cache-Control": BLOB_CACHE})


# Formats a browser shows or plays, by their first bytes; anything else is served as opaque bytes
# (with nosniff, so the browser never guesses a type such as text/html).
def blob_content_type(data: bytes) -> str:
    """The content type the blob route answers with, told from the bytes."""
    return sniff_content_type(data)
