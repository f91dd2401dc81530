"""HTTP over the hparams sessions: `GET /api/hparams` (shape in docs/dev/contracts.md, "HParams")."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from trainboard.plugins.context import ExperimentDep, JSONResponse
from trainboard.store.hparams import (
    HParamInfo,
    HParamsData,
    MetricValue,
    Session,
    read_hparams,
    run_hparams,
)

router = APIRouter()

# The sessions are rebuilt only when the store's generation moves, so an open dashboard that polls or
# reacts to every live change costs a dictionary lookup between reloads.
_cache: dict[int, tuple[int, dict[str, Any]]] = {}
_runs_cache: dict[int, tuple[int, dict[str, Any]]] = {}


@router.get("/api/hparams")
def hparams_route(exp: ExperimentDep) -> JSONResponse:
    generation = exp.generation
    cached = _cache.get(id(exp))
    if cached is None or cached[0] != generation:
        cached = (generation, hparams_impl(read_hparams(exp)))
        _cache.clear()  # one Experiment per server; a stale one must not pin its memory
        _cache[id(exp)] = cached
    return JSONResponse(cached[1])


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
    return {
        "last": value.last,
        "min": value.min,
        "max": value.max,
        "step": value.step,
        "wall_time": value.wall_time,
        "count": value.count,
    }


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
