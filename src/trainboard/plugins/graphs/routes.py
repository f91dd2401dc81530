"""HTTP routes for the Graphs dashboard: which runs hold a graph, and one run's graph as JSON.

    GET /api/graph/runs
        {"runs": [{"run": "REINFORCE", "version": "1:1700000000.5", "run_metadata_tags": ["step1"]}]}
    GET /api/graph?run=REINFORCE
        {"run": "REINFORCE", "producer": 22, "functions": [],
         "nodes": [{"name": "Policy/Linear[fc1]/input.1", "op": "aten::linear", "device": "",
                    "inputs": [{"name": "input/x", "output": 0, "control": false, "dangling": false}],
                    "attrs": {}, "shapes": [[128]]}, ...],
         "run_metadata": {"step1": {"devices": [{"device": "/device:CPU:0", "node_stats": 1}],
                                    "nodes": {"Policy/Linear[fc1]/input.1": {
                                        "device": "/device:CPU:0", "compute_micros": 250,
                                        "memory_bytes": 4096, "peak_bytes": 8192, "outputs": [[128]]}}}}}

Node JSON is described in `view.py`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from trainboard.errors import GraphNotFoundError, InvalidArgumentError, RunNotFoundError
from trainboard.events import messages as m
from trainboard.plugins.context import (
    ExperimentDep,
    JSONResponse,
    Run,
    TBRun,
    TBTag,
    Word,
    api_responses,
    json_object,
)
from trainboard.plugins.graphs.metadata import (
    KERAS_MODEL_PLUGIN_NAME,
    PLUGIN_NAME,
    RUN_GRAPH_TAG,
    RUN_METADATA_PLUGIN_NAME,
)
from trainboard.plugins.graphs.pbtxt import UnknownFieldsError, pbtxt
from trainboard.plugins.graphs.view import graph_json, run_metadata_json
from trainboard.plugins.tb_data import TBJSONResponse, tb_param
from trainboard.store import Experiment

router = APIRouter()

# A graph is decoded and converted once per logged graph, not per request: the browser asks again
# whenever its run changes, and a ResNet-50 GraphDef takes a noticeable fraction of a second to convert.
_CACHE_SIZE = 8
_cache: dict[tuple[int, str, str], dict[str, Any]] = {}


@router.get(
    "/api/graph/runs",
    summary="Runs with a graph, and the run metadata tags of each",
    responses=api_responses(json_object("runs"), errors=()),
)
def graph_runs_route(exp: ExperimentDep) -> JSONResponse:
    return JSONResponse(graph_runs_impl(exp))


@router.get(
    "/api/graph",
    summary="A run's graph, laid out for the Graphs dashboard",
    responses=api_responses({"type": "object"}),
)
def graph_route(exp: ExperimentDep, run: Run) -> JSONResponse:
    key = (id(exp), run, _graph_version(exp, run))
    body = _cache.get(key)
    if body is None:
        body = graph_impl(exp, run)
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = body
    return JSONResponse(body)


def graph_runs_impl(exp: Experiment) -> dict[str, Any]:
    """The runs that hold a graph, each with a `version` that changes when a new graph is logged."""
    tags = exp.tags()
    runs = []
    for run in sorted(exp.tag_infos(PLUGIN_NAME)):
        runs.append(
            {
                "run": run,
                "version": _graph_version(exp, run),
                "run_metadata_tags": sorted(tags.get(run, {}).get(RUN_METADATA_PLUGIN_NAME, [])),
            }
        )
    return {"runs": runs}


def _graph_version(exp: Experiment, run: str) -> str:
    info = exp.tag_infos(PLUGIN_NAME).get(run, {}).get(RUN_GRAPH_TAG)
    return "" if info is None else f"{info.count}:{info.last_wall_time!r}"


def graph_impl(exp: Experiment, run: str) -> dict[str, Any]:
    """The JSON of `run`'s graph; raises RunNotFoundError or GraphNotFoundError (both 404)."""
    if run not in exp.runs:
        raise RunNotFoundError(f"No run {run!r}; runs with a graph are listed at /api/graph/runs")
    graph = exp.graph(run)
    if graph is None:
        raise GraphNotFoundError(
            f"Run {run!r} has no graph; log one with writer.add_graph(model, example_input)"
        )
    body = {"run": run, **graph_json(graph)}
    tags = exp.tags().get(run, {}).get(RUN_METADATA_PLUGIN_NAME, [])
    body["run_metadata"] = {}
    for tag in sorted(tags):
        data = exp.run_metadata(run, tag)
        if data is not None:
            body["run_metadata"][tag] = run_metadata_json(data)
    return body


# -- TensorBoard's routes, same shapes (docs/tensorboard-api.md) -------------------------------------


@router.get("/data/plugin/graphs/info", summary="TensorBoard's runs with a graph, and their tagged metadata")
def tb_info(exp: ExperimentDep) -> TBJSONResponse:
    result: dict[str, dict[str, Any]] = {}

    def row(run: str, tag: str | None = None) -> dict[str, Any]:
        item = result.setdefault(run, {"run": run, "tags": {}, "run_graph": False})
        if tag is None:
            return item
        blank = {"tag": tag, "conceptual_graph": False, "op_graph": False, "profile": False}
        return item["tags"].setdefault(tag, blank)  # type: ignore[no-any-return]

    for run in exp.tag_infos(KERAS_MODEL_PLUGIN_NAME):
        for tag in exp.tag_infos(KERAS_MODEL_PLUGIN_NAME)[run]:
            row(run, tag)["conceptual_graph"] = True
    for run, tags in exp.tag_infos(PLUGIN_NAME).items():
        if RUN_GRAPH_TAG in tags:
            row(run)["run_graph"] = True
    for run, tags in exp.tag_infos(RUN_METADATA_PLUGIN_NAME).items():
        for tag in tags:
            row(run, tag)["profile"] = True
    return TBJSONResponse(result)


@router.get("/data/plugin/graphs/graph", summary="TensorBoard's GraphDef of a run, as protobuf text")
def tb_graph(
    exp: ExperimentDep,
    run: TBRun = None,
    tag: TBTag = None,
    conceptual: Word = None,
    limit_attr_size: Word = None,
    large_attrs_key: TBTag = None,
) -> Response:
    run = tb_param(run, "run")
    if tag is not None or conceptual == "true":
        raise InvalidArgumentError(
            "the graphs of run metadata and Keras models are not served as pbtxt; use /api/graph?run="
        )
    graph = exp.graph(run) if run in exp.runs else None
    if graph is None:
        raise GraphNotFoundError(
            f"No graph in run {run!r}; runs with a graph are listed at /data/plugin/graphs/info"
        )
    if limit_attr_size is not None:
        try:
            limit = int(limit_attr_size)
        except ValueError:
            raise InvalidArgumentError("query parameter `limit_attr_size` must be an integer") from None
        if limit <= 0 or not large_attrs_key:
            raise InvalidArgumentError("limit_attr_size must be > 0, with a large_attrs_key")
        _move_large_attrs(graph, limit, large_attrs_key)
    try:
        body = pbtxt(graph)
    except UnknownFieldsError as exc:
        raise InvalidArgumentError(f"{exc}; this graph is served as JSON at /api/graph?run=") from exc
    return Response(body, media_type="text/x-protobuf; charset=utf-8")


def _move_large_attrs(graph: Any, limit: int, key: str) -> None:
    # TensorBoard's process_graph.prepare_graph_for_ui: attrs over `limit` bytes are dropped and named.
    for node in graph.node:
        for name in list(node.attr):
            if len(node.attr[name].encode()) > limit:
                del node.attr[name]
                holder = node.attr.setdefault(key, m.AttrValue(list=m.AttrListValue()))
                holder.list.s.append(name.encode("utf-8"))
