"""TensorBoard's core `/data/*` routes with TensorBoard's shapes, for scripts that scrape them."""

from __future__ import annotations

from fastapi import APIRouter, Request

from trainboard._version import __version__
from trainboard.plugins import PLUGINS
from trainboard.plugins.context import ExperimentDep
from trainboard.plugins.tb_data import TBJSONResponse
from trainboard.server.listings import present_plugins

__all__ = ["router"]

router = APIRouter(tags=["tensorboard compatibility"])


@router.get("/data/runs", summary="Run names, by start time then name (TensorBoard's order)")
def runs(exp: ExperimentDep) -> TBJSONResponse:
    listed = exp.run_list()  # one pass, and no run is read early for it
    names = [run for run, _start, _has_tags in listed]
    starts = {run: start for run, start, _has_tags in listed}
    # Runs with no start time yet go last, as in TensorBoard.
    ordered = sorted(names, key=lambda r: (starts[r] is None, starts[r] or 0.0, r))
    return TBJSONResponse(ordered)


@router.get("/data/environment", summary="TensorBoard's environment shape")
def environment(request: Request, exp: ExperimentDep) -> TBJSONResponse:
    settings = request.app.state.settings
    return TBJSONResponse(
        {
            "version": __version__,
            "data_location": ",".join(exp.logdirs),
            "window_title": settings.window_title,
            "experiment_name": "",
            "experiment_description": "",
            "creation_time": 0.0,
        }
    )


# TensorBoard's tab names where they are not the plugin's name.
_TAB_NAMES = {"custom_scalars": "Custom Scalars", "pr_curves": "PR Curves"}


@router.get("/data/plugins_listing", summary="TensorBoard's plugin listing shape")
def plugins_listing(exp: ExperimentDep) -> TBJSONResponse:
    present = present_plugins(exp)
    return TBJSONResponse(
        {
            p.name: {
                "enabled": any(d in present for d in p.data),
                "tab_name": _TAB_NAMES.get(p.name, p.name),
                "disable_reload": False,
                "remove_dom": False,
                "loading_mechanism": {"type": "NONE"},
            }
            for p in PLUGINS
        }
    )


@router.get("/data/experiments", summary="TensorBoard's experiment list (empty for a logdir)")
def experiments() -> TBJSONResponse:
    return TBJSONResponse([])


@router.get("/data/logdir", summary="TensorBoard's legacy logdir route")
def logdir(exp: ExperimentDep) -> TBJSONResponse:
    return TBJSONResponse({"logdir": ",".join(exp.logdirs)})


@router.get("/data/window_properties", summary="TensorBoard's legacy window title route")
def window_properties(request: Request) -> TBJSONResponse:
    return TBJSONResponse({"window_title": request.app.state.settings.window_title})
