"""TensorBoard's core `/data/*` routes with TensorBoard's shapes, for scripts that scrape them."""

from __future__ import annotations

from fastapi import APIRouter, Request

from trainboard._version import __version__
from trainboard.plugins import PLUGINS
from trainboard.plugins.context import ExperimentDep, JSONResponse
from trainboard.server.core import present_plugins

__all__ = ["router"]

router = APIRouter(tags=["tensorboard compatibility"])


@router.get("/data/runs", summary="Run names, by start time then name (TensorBoard's order)")
def runs(exp: ExperimentDep) -> JSONResponse:
    names = exp.runs
    starts = {run: exp.run_start_time(run) for run in names}
    # Runs with no start time yet go last, as in TensorBoard.
    ordered = sorted(names, key=lambda r: (starts[r] is None, starts[r] or 0.0, r))
    return JSONResponse(ordered)


@router.get("/data/environment", summary="TensorBoard's environment shape")
def environment(request: Request, exp: ExperimentDep) -> JSONResponse:
    settings = request.app.state.settings
    return JSONResponse(
        {
            "version": __version__,
            "data_location": ",".join(exp.logdirs),
            "window_title": settings.window_title,
            "experiment_name": "",
            "experiment_description": "",
            "creation_time": 0.0,
        }
    )


@router.get("/data/plugins_listing", summary="TensorBoard's plugin listing shape")
def plugins_listing(exp: ExperimentDep) -> JSONResponse:
    present = present_plugins(exp)
    return JSONResponse(
        {
            p.name: {
                "enabled": any(d in present for d in p.data),
                "tab_name": p.name,
                "disable_reload": False,
                "remove_dom": False,
                "loading_mechanism": {"type": "NONE"},
            }
            for p in PLUGINS
        }
    )


@router.get("/data/logdir", summary="TensorBoard's legacy logdir route")
def logdir(exp: ExperimentDep) -> JSONResponse:
    return JSONResponse({"logdir": ",".join(exp.logdirs)})


@router.get("/data/window_properties", summary="TensorBoard's legacy window title route")
def window_properties(request: Request) -> JSONResponse:
    return JSONResponse({"window_title": request.app.state.settings.window_title})
