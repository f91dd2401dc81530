"""Core API routes: environment, runs, the dashboard list, tags per plugin and blob bytes."""

from __future__ import annotations

import time
from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from trainboard._version import __version__
from trainboard.errors import InvalidArgumentError
from trainboard.events import names
from trainboard.plugins import PLUGINS
from trainboard.plugins.context import (
    BlobId,
    ExperimentDep,
    JSONResponse,
    Run,
    Tag,
    api_responses,
    cached_answer,
    cap_evenly,
    json_bytes,
    json_object,
    samples_cap,
)
from trainboard.plugins.tb_data import BLOB_CACHE
from trainboard.server.live import Live, progress_json
from trainboard.server.settings import ServerSettings
from trainboard.store import Experiment
from trainboard.store.blobs import CONTENT_TYPES, sniff_content_type
from trainboard.store.info import TagInfo

__all__ = ["blob_content_type", "environment", "plugins_listing", "router"]

router = APIRouter(tags=["core"])

# Most tensor values one /api/tensors answer carries (about 100 MB of JSON at worst).
MAX_TENSOR_VALUES = 5_000_000
_BLOB_RESPONSES = api_responses({"type": "string", "format": "binary"}, media_type=CONTENT_TYPES[-1])
_BLOB_RESPONSES[200]["content"] = {
    t: {"schema": {"type": "string", "format": "binary"}} for t in CONTENT_TYPES
}


def environment(exp: Experiment, settings: ServerSettings, live: Live) -> dict[str, Any]:
    return {
        "version": __version__,
        "logdirs": exp.logdirs,
        "window_title": settings.window_title,
        "live": live.live,
        "reload_interval": settings.reload_interval,
        "loading": live.loading,
        "progress": progress_json(exp.progress),
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
    generation = exp.generation  # read first: a client that sees it has at least these runs
    # header_only: the run's files hold nothing but their first event (a writer that has not
    # written yet: torch's keeps values in memory for up to flush_secs); the page says so.
    runs = [
        {"name": run, "start_time": start, "header_only": not has_tags}
        for run, start, has_tags in exp.run_list()
    ]
    # The server's clock, so the page can tell how long a header-only run has waited.
    return JSONResponse({"runs": runs, "generation": generation, "server_time": time.time()})


# Most warnings one /api/warnings answer lists; the count covers them all.
MAX_LISTED_WARNINGS = 200


@router.get(
    "/api/warnings",
    summary="What reading skipped (damaged records, restarts), each with its file and offset",
    responses=api_responses(json_object("count", "warnings"), errors=()),
)
def warnings_route(exp: ExperimentDep) -> JSONResponse:
    # `count` is every record skipped; past the store's cap a run's list ends in a "N more" line.
    return JSONResponse({"count": exp.skipped, "warnings": exp.warnings[:MAX_LISTED_WARNINGS]})


def present_plugins(exp: Experiment) -> set[str]:
    """The on-disk plugin names with data: those of the tags, and "projector" when a run has an
    embedding (embeddings are files named by projector_config.pbtxt, not tags)."""
    present = {plugin for by_plugin in exp.tags().values() for plugin, tags in by_plugin.items() if tags}
    from trainboard.plugins.projector.embeddings import embeddings

    if embeddings(exp):
        present.add(names.PROJECTOR)
    return present


def plugins_listing(exp: Experiment) -> list[dict[str, Any]]:
    present = present_plugins(exp)
    return [{"name": p.name, "has_data": any(d in present for d in p.data)} for p in PLUGINS]


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
    plugin: Annotated[str, Query(min_length=1, max_length=100, description="plugin name on disk")],
    compact: Annotated[
        bool, Query(description="tag names only: each distinct set of tags once, runs by set index")
    ] = False,
) -> Response:
    # The answer changes with the data: the generation after each reload, the progress during one.
    key = ("tags", plugin, compact, exp.generation, exp.progress)

    def build() -> tuple[bytes, str]:
        infos = exp.tag_infos(plugin)
        return json_bytes(
            compact_tags(plugin, infos) if compact else full_tags(plugin, infos)
        ), "application/json"

    return cached_answer(request, exp, key, build)


def full_tags(plugin: str, infos: dict[str, dict[str, TagInfo]]) -> dict[str, Any]:
    """`/api/tags`: per run, per tag, its display name, description, count, last step and wall time."""
    runs = {
        run: {
            tag: {
                "display_name": info.display_name,
                "description": info.description,
                "count": info.count,
                "last_step": info.last_step,
                "last_wall_time": info.last_wall_time,
            }
            for tag, info in by_tag.items()
        }
        for run, by_tag in infos.items()
    }
    return {"plugin": plugin, "runs": runs}


def compact_tags(plugin: str, infos: dict[str, dict[str, TagInfo]]) -> dict[str, Any]:
    """`/api/tags?compact=true`: what the dashboard needs, small for a sweep (1,000 runs x 10 tags:
    about 30 KB against 1.4 MB). `tag_sets` lists each distinct set of tag names once, `runs` maps
    each run to the index of its set, and `descriptions` holds each tag's first non-empty one."""
    sets: dict[tuple[str, ...], int] = {}
    runs: dict[str, int] = {}
    descriptions: dict[str, str] = {}
    for run, by_tag in infos.items():
        names = tuple(by_tag)
        runs[run] = sets.setdefault(names, len(sets))
        for tag, info in by_tag.items():
            if info.description and tag not in descriptions:
                descriptions[tag] = info.description
    return {"plugin": plugin, "tag_sets": list(sets), "runs": runs, "descriptions": descriptions}


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
