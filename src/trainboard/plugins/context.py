"""What every plugin's routes get from the server: the Experiment, the serving caps, JSON responses.

Routes sit below the server (events -> store -> plugins -> server), so they never import
`trainboard.server`; the app puts what they need on `app.state` and these helpers read it back.

    from trainboard.plugins.context import ExperimentDep, JSONResponse

    @router.get("/api/histograms")
    def histograms(exp: ExperimentDep, run: str, tag: str) -> JSONResponse:
        return JSONResponse({"run": run, "data": [...]})
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

import numpy as np
import orjson
from fastapi import Depends, Request, Response

from trainboard.errors import NotFoundError
from trainboard.store import Experiment
from trainboard.store.series import BlobSequenceDatum

__all__ = [
    "ExperimentDep",
    "JSONResponse",
    "blob_listing",
    "cap_evenly",
    "experiment",
    "find_step",
    "max_blobs",
    "samples_cap",
    "scalar_rows",
    "tb_blob_series",
]

T = TypeVar("T")


class JSONResponse(Response):
    """orjson-encoded JSON; numpy arrays and scalars serialize directly, NaN and infinities become null."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS)


def experiment(request: Request) -> Experiment:
    """The Experiment the server is showing (a FastAPI dependency)."""
    return request.app.state.experiment  # type: ignore[no-any-return]


ExperimentDep = Annotated[Experiment, Depends(experiment)]


def samples_cap(request: Request, plugin: str) -> int | None:
    """The `--samples_per_plugin` cap for `plugin`: at most this many samples per series, None for all."""
    caps: dict[str, int] = getattr(request.app.state, "samples_per_plugin", {})
    cap = caps.get(plugin, 0)
    return cap if cap > 0 else None


def cap_evenly(items: Sequence[T], cap: int | None) -> list[T]:
    """At most `cap` items spread evenly over `items`, always keeping the first and the last (the latest
    step is what a user looks for first). `cap=None` keeps everything."""
    n = len(items)
    if cap is None or n <= cap:
        return list(items)
    if cap == 1:
        return [items[-1]]
    picks = np.unique(np.linspace(0, n - 1, cap).round().astype(np.int64))
    return [items[int(i)] for i in picks]


def blob_listing(
    exp: Experiment, run: str, tag: str, *, cap: int | None, ids: Callable[[BlobSequenceDatum], list[str]]
) -> dict[str, Any]:
    """Every step (or `cap` evenly spread steps) of a blob series: wall time and the blob ids `ids`
    picks from each step. No blob is read; the page fetches the few it shows by id."""
    full = exp.blob_series(run, tag)
    series = cap_evenly(full, cap)
    blobs = [ids(d) for d in series]
    return {
        "run": run,
        "tag": tag,
        "total": len(full),
        "samples": max((len(b) for b in blobs), default=0),
        "step": [int(d.step) for d in series],
        "wall_time": [float(d.wall_time) for d in series],
        "blobs": blobs,
    }


def find_step(series: Sequence[BlobSequenceDatum], step: int, what: str) -> BlobSequenceDatum:
    """The last datum logged at `step` (the latest write wins, as in every dashboard)."""
    for d in reversed(series):
        if d.step == step:
            return d
    raise NotFoundError(f"No {what} at step {step}; the logged steps are listed by /api/{what}")


def tb_blob_series(
    request: Request, exp: Experiment, plugin: str, run: str | None, tag: str | None
) -> list[BlobSequenceDatum]:
    """The (capped) blob series a TensorBoard `/data/plugin/{images,audio}/*` route reads; 400 without
    run or tag, 404 when the run holds no such tag of `plugin`."""
    from trainboard.plugins.tb_data import tb_param

    run, tag = tb_param(run, "run"), tb_param(tag, "tag")
    if tag not in exp.tag_infos(plugin).get(run, {}):
        raise NotFoundError(f"No {plugin} data for run={run!r}, tag={tag!r}")
    return cap_evenly(exp.blob_series(run, tag), samples_cap(request, plugin))


def max_blobs(exp: Experiment, run: str, tag: str) -> int:
    """The most blobs any one step of a blob series holds."""
    return max((len(d.blobs) for d in exp.blob_series(run, tag)), default=0)


def scalar_rows(
    exp: Experiment, run: str, tag: str, cap: int | None = None
) -> list[tuple[float, int, float]]:
    """Every point (or `cap` evenly spread points) of one scalar series as (wall_time, step, value)."""
    arrays = exp.scalar_arrays(run, tag)
    rows = list(zip(arrays.wall_time.tolist(), arrays.step.tolist(), arrays.value.tolist(), strict=True))
    return cap_evenly(rows, cap)
