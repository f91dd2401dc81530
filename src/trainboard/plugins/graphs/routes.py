"""HTTP routes for the Graphs dashboard: which runs hold a graph, and one run's graph as JSON.

    GET /api/graph/runs
        {"runs": [{"run": "REINFORCE", "version": "1:1700000000.5", "run_metadata_tags": ["step1"]}]}
    GET /api/graph?run=REINFORCE
        {"run": "REINFORCE", "producer": 22, "functions": [],
         "nodes": [{"name": "Policy/Linear[fc1]/input.1", "op": "aten::linear", "device": "",
                    "inputs": [{"name": "input/x", "output": 0, "control": false, "dangling": false}],
                    "attrs": {}, "shapes": [[128]]}, ...],
         "run_metadata": {"step1": {"devices": [{"device": "/device:CPU:0", "node_stats": 0}]}}}

Node JSON is described in `view.py`.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from trainboard.errors import NotFoundError, RunNotFoundError
from trainboard.plugins.context import ExperimentDep, JSONResponse, Run, api_responses, json_object
from trainboard.plugins.graphs.metadata import PLUGIN_NAME, RUN_GRAPH_TAG, RUN_METADATA_PLUGIN_NAME
from trainboard.plugins.graphs.view import graph_json, run_metadata_json
from trainboard.store import Experiment

router = APIRouter()

# A graph is decoded and converted once per logged graph, not per request: the browser asks again
# whenever its run changes, and a ResNet-50 GraphDef takes a noticeable fraction of a second to convert.
_CACHE_SIZE = 8
_cache: dict[tuple[int, str, str], dict[str, Any]] = {}


class GraphNotFoundError(NotFoundError):
    """The run exists but no graph was logged in it."""


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
