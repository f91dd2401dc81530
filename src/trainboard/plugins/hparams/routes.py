"""HTTP over the hparams sessions: `GET /api/hparams` (shape in docs/dev/contracts.md, "HParams"), and
TensorBoard's `/data/plugin/hparams/*` API over the same sessions (`tb_api.py`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from trainboard.events import names
from trainboard.plugins.context import ExperimentDep, JSONResponse, api_responses, json_object, samples_cap
from trainboard.plugins.hparams import tb_api
from trainboard.plugins.hparams.sessions import (
    HParamInfo,
    HParamsData,
    MetricValue,
    Session,
    read_hparams,
    run_hparams,
)
from trainboard.plugins.tb_data import TBJSONResponse, tb_rows
from trainboard.store import Experiment

router = APIRouter()

# The sessions are rebuilt only when the store's generation moves, so an open dashboard that polls or
# reacts to every live change costs a dictionary lookup between reloads.
_cache: dict[int, tuple[int, HParamsData, dict[str, Any]]] = {}
_runs_cache: dict[int, tuple[int, dict[str, Any]]] = {}


def _sessions(exp: Experiment) -> tuple[HParamsData, dict[str, Any]]:
    generation = exp.generation
    cached = _cache.get(id(exp))
    if cached is None or cached[0] != generation:
        data = read_hparams(exp)
        cached = (generation, data, hparams_impl(data))
        _cache.clear()  # one Experiment per server; a stale one must not pin its memory
        _cache[id(exp)] = cached
    return cached[1], cached[2]


@router.get(
    "/api/hparams",
    summary="Every session's hyperparameters and metrics",
    responses=api_responses(json_object("hparams", "metrics", "sessions"), errors=()),
)
def hparams_route(exp: ExperimentDep) -> JSONResponse:
    return JSONResponse(_sessions(exp)[1])


# -- TensorBoard's routes, same shapes (docs/tensorboard-api.md) -------------------------------------
# Each takes its request as a JSON POST body, or as the same JSON in `?request=` on a GET.


async def _request(request: Request, kind: str) -> dict[str, Any]:
    raw = await request.body() if request.method == "POST" else request.query_params.get("request")
    return tb_api.parse_request(raw, kind)


@router.api_route(
    "/data/plugin/hparams/experiment", methods=["GET", "POST"], summary="TensorBoard's Experiment"
)
async def tb_experiment(request: Request, exp: ExperimentDep) -> TBJSONResponse:
    body = await _request(request, "GetExperimentRequest")
    include = bool(body.get("includeMetrics", body.get("include_metrics", True)))
    return TBJSONResponse(tb_api.experiment_json(_sessions(exp)[0], include_metrics=include))


@router.api_route(
    "/data/plugin/hparams/session_groups", methods=["GET", "POST"], summary="TensorBoard's session groups"
)
async def tb_session_groups(request: Request, exp: ExperimentDep) -> TBJSONResponse:
    body = await _request(request, "ListSessionGroupsRequest")
    return TBJSONResponse(tb_api.list_session_groups(_sessions(exp)[0], body))


@router.api_route(
    "/data/plugin/hparams/metric_evals",
    methods=["GET", "POST"],
    summary="One metric of one session, as scalars",
)
async def tb_metric_evals(request: Request, exp: ExperimentDep) -> TBJSONResponse:
    body = await _request(request, "ListMetricEvalsRequest")
    session = str(body.get("sessionName", body.get("session_name", "")))
    metric = body.get("metricName", body.get("metric_name")) or {}
    group, tag = str(metric.get("group", "")), str(metric.get("tag", ""))
    # TensorBoard joins them as paths: os.path.join(session, group), minus a trailing slash.
    run = f"{session}/{group}" if group else session
    return TBJSONResponse(tb_rows(exp, run, tag, samples_cap(request, names.SCALARS)))


@router.get("/api/hparams/runs", summary="Hyperparameters per dashboard run, for the runs table")
def hparams_runs_route(exp: ExperimentDep) -> JSONResponse:
    generation = exp.generation
    cached = _runs_cache.get(id(exp))
    if cached is None or cached[0] != generation:
        data = run_hparams(exp)
        body = {"hparams": data.hparams, "metrics": data.metrics, "parents": data.parents}
        cached = (generation, body)
        _runs_cache.clear()
        _runs_cache[id(exp)] = cached
    return JSONResponse(cached[1])


def hparams_impl(data: HParamsData) -> dict[str, Any]:
    """The JSON body of `GET /api/hparams`: hyperparameter and metric columns, then one row per session."""
    return {
        "hparams": [_hparam_json(h) for h in data.hparams],
        "metrics": [
            {
                "key": m.key,
                "tag": m.tag,
                "group": m.group,
                "display_name": m.display_name,
                "description": m.description,
            }
            for m in data.metrics
        ],
        "sessions": [_session_json(s) for s in data.sessions],
    }


def _hparam_json(info: HParamInfo) -> dict[str, Any]:
    domain: dict[str, Any] | None = None
    if info.interval is not None:
        domain = {"kind": "interval", "min": info.interval[0], "max": info.interval[1]}
    elif info.values is not None:
        domain = {"kind": "discrete", "values": list(info.values)}
    return {
        "name": info.name,
        "type": info.type,
        "display_name": info.display_name,
        "description": info.description,
        "domain": domain,
        "differs": info.differs,
    }


def _metric_json(value: MetricValue) -> dict[str, Any]:
    # Its fields, in order, are the answer's keys; `vars` is 10x cheaper than `dataclasses.asdict`
    # (a table of 1,000 sessions builds one per session and metric).
    return dict(vars(value))


def _session_json(session: Session) -> dict[str, Any]:
    return {
        "run": session.run,
        "hparams": dict(session.hparams),
        "metrics": {key: _metric_json(v) for key, v in session.metrics.items()},
        "status": session.status,
        "start_time": session.start_time,
        "end_time": session.end_time,
        "group": session.group,
    }
