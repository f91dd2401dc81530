"""HTTP routes for the Mesh dashboard, and TensorBoard's `/data/plugin/mesh/*` with its answers.

A mesh `name` is stored as up to three tensor tags, ``<name>_VERTEX``, ``<name>_FACE`` and
``<name>_COLOR`` (plugin content `MeshPluginData`), each a [B, N, 3] tensor per step. Our route hands
the dashboard one step of one sample as little-endian binary: float32 vertices, int32 faces, uint8
colours, with the scene config (camera, material, lights) TensorBoard's writers put in `json_config`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import numpy as np
from fastapi import APIRouter, Request, Response

from trainboard.errors import InvalidArgumentError, NotFoundError
from trainboard.events import messages as m
from trainboard.plugins.context import (
    ExperimentDep,
    JSONResponse,
    Name,
    RequiredWord,
    Run,
    Sample,
    Step,
    Tag,
    cap_evenly,
    samples_cap,
)
from trainboard.plugins.mesh.metadata import (
    COLOR,
    CONTENT_TYPE_NAMES,
    FACE,
    PLUGIN_NAME,
    VERTEX,
    parse_plugin_data,
)

if TYPE_CHECKING:
    from trainboard.store import Experiment
    from trainboard.store.series import TensorDatum

router = APIRouter()

# TensorBoard's default number of steps served per component series.
DEFAULT_SAMPLES = 100
_DTYPES = {VERTEX: np.float32, FACE: np.int32, COLOR: np.uint8}
_CONTENT_TYPES = {name: value for value, name in CONTENT_TYPE_NAMES.items()}


def instance_tags(exp: Experiment, run: str) -> dict[str, m.MeshPluginData]:
    """The component tags of a run and their plugin content, in the order they were first written."""
    out = {}
    for tag, info in exp.tag_infos(PLUGIN_NAME).get(run, {}).items():
        try:
            out[tag] = parse_plugin_data(info.plugin_content)
        except ValueError:
            continue  # unreadable plugin content: not a mesh this server can show
    return out


def mesh_tags(exp: Experiment) -> dict[str, dict[str, dict[str, Any]]]:
    """{run: {mesh name: {"samples": batch size}}}, TensorBoard's /tags answer."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for run in exp.tag_infos(PLUGIN_NAME):
        tags: dict[str, dict[str, Any]] = {}
        for content in instance_tags(exp, run).values():
            if content.version != 0:
                continue
            tags[content.name] = {"samples": int(content.shape[0]) if content.shape else 0}
        out[run] = tags
    return out


def _events(
    exp: Experiment, run: str, name: str, cap: int | None
) -> list[tuple[m.MeshPluginData, TensorDatum]]:
    """(content, datum) of every component of mesh `name`, sorted by step, then vertices, faces, colours."""
    events = []
    for tag, content in instance_tags(exp, run).items():
        if content.name == name:
            events += [(content, d) for d in cap_evenly(exp.tensor_series(run, tag), cap)]
    # TensorBoard keeps the order tags were first written in; every writer writes vertices, faces,
    # colours, which is content-type order.
    return sorted(events, key=lambda e: (e[1].step, e[0].content_type))


def _cap(request: Request) -> int:
    return samples_cap(request, PLUGIN_NAME) or DEFAULT_SAMPLES


def mesh_steps(exp: Experiment, run: str, name: str, cap: int | None) -> list[dict[str, Any]]:
    """TensorBoard's /meshes answer: one entry per component per step."""
    return [
        {
            "wall_time": float(d.wall_time),
            "step": int(d.step),
            "content_type": int(content.content_type),
            "components": int(content.components),
            "config": content.json_config,
            "data_shape": [int(s) for s in content.shape],
        }
        for content, d in _events(exp, run, name, cap)
    ]


def component(datum: TensorDatum, content_type: int, sample: int) -> np.ndarray:
    """One sample of one component as the dtype TensorBoard serves it, shape (N, 3)."""
    value = np.asarray(datum.value)
    if value.ndim != 3 or value.shape[-1] != 3:
        raise InvalidArgumentError(
            f"a mesh component must be a [B, N, 3] tensor; this one is {list(value.shape)}"
        )
    if not 0 <= sample < value.shape[0]:
        raise NotFoundError(f"No sample {sample}; this mesh has {value.shape[0]} (0 to {value.shape[0] - 1})")
    return np.ascontiguousarray(value[sample], dtype=_DTYPES[content_type])


def _content_type(name: str) -> int:
    value = _CONTENT_TYPES.get(name)
    if value not in _DTYPES:
        raise InvalidArgumentError(f"content_type must be VERTEX, FACE or COLOR, not {name!r}")
    return value


# -- our routes ---------------------------------------------------------------------------------------
@router.get("/api/mesh/meshes")
def meshes_route(exp: ExperimentDep) -> JSONResponse:
    """{run: {mesh name: {"samples": B}}} over the runs that have meshes."""
    return JSONResponse({"runs": mesh_tags(exp)})


@router.get("/api/mesh/steps")
def steps_route(request: Request, exp: ExperimentDep, run: Run, name: Name) -> JSONResponse:
    """The logged steps of one mesh, with its components, shape and parsed scene config per step."""
    by_step: dict[int, dict[str, Any]] = {}
    for content, d in _events(exp, run, name, _cap(request)):
        entry = by_step.setdefault(
            int(d.step), {"step": int(d.step), "wall_time": float(d.wall_time), "components": {}}
        )
        entry["components"][CONTENT_TYPE_NAMES[content.content_type]] = [int(s) for s in content.shape]
        try:
            entry["config"] = json.loads(content.json_config or "{}")
        except ValueError:
            entry["config"] = {}
    if not by_step and name not in mesh_tags(exp).get(run, {}):
        raise NotFoundError(f"No mesh {name!r} in run {run!r}; /api/mesh/meshes lists them")
    return JSONResponse({"run": run, "name": name, "steps": list(by_step.values())})


@router.get("/api/mesh/data")
def data_route(
    request: Request,
    exp: ExperimentDep,
    run: Run,
    name: Name,
    step: Step,
    content_type: RequiredWord,
    sample: Sample = 0,
) -> Response:
    """One component of one step and sample: VERTEX float32, FACE int32, COLOR uint8, (N, 3) each."""
    kind = _content_type(content_type)
    for content, d in reversed(_events(exp, run, name, _cap(request))):
        if d.step == step and content.content_type == kind:
            array = component(d, kind, sample)
            return Response(
                array.astype(array.dtype.newbyteorder("<")).tobytes(),
                media_type="application/octet-stream",
                headers={"X-Shape": ",".join(str(s) for s in array.shape)},
            )
    raise NotFoundError(f"No {content_type} of mesh {name!r} at step {step} in run {run!r}")


# -- TensorBoard's routes -----------------------------------------------------------------------------
@router.get("/data/plugin/mesh/tags", tags=["tensorboard compatibility"])
def tb_tags_route(exp: ExperimentDep) -> JSONResponse:
    return JSONResponse(mesh_tags(exp))


@router.get("/data/plugin/mesh/meshes", tags=["tensorboard compatibility"])
def tb_meshes_route(request: Request, exp: ExperimentDep, run: Run, tag: Tag) -> JSONResponse:
    return JSONResponse(mesh_steps(exp, run, tag, _cap(request)))


@router.get("/data/plugin/mesh/data", tags=["tensorboard compatibility"])
def tb_data_route(
    request: Request,
    exp: ExperimentDep,
    run: Run,
    tag: Tag,
    content_type: RequiredWord = "",
    step: float = 0.0,
    sample: Sample = 0,
) -> Response:
    """Every matching component at `step`, concatenated, as TensorBoard's "arraybuffer" answer."""
    kind = _CONTENT_TYPES.get(content_type)
    if kind not in _DTYPES:
        return Response("Bad content_type", status_code=400, media_type="text/plain")
    parts = [
        component(d, kind, sample).reshape(-1)
        for content, d in _events(exp, run, tag, _cap(request))
        if d.step == step and content.content_type == kind
    ]
    data = np.concatenate(parts) if parts else np.zeros(0, dtype=_DTYPES[kind])
    return Response(data.astype(data.dtype.newbyteorder("<")).tobytes(), media_type="arraybuffer")
