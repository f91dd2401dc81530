"""What every plugin's routes get from the server: the Experiment, the serving caps, JSON responses.

Routes sit below the server (events -> store -> plugins -> server), so they never import
`trainboard.server`; the app puts what they need on `app.state` and these helpers read it back.

    from trainboard.plugins.context import ExperimentDep, JSONResponse

    @router.get("/api/histograms")
    def histograms(exp: ExperimentDep, run: str, tag: str) -> JSONResponse:
        return JSONResponse({"run": run, "data": [...]})
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

import numpy as np
import orjson
from fastapi import Depends, Request, Response

from trainboard.store import Experiment

__all__ = ["ExperimentDep", "JSONResponse", "cap_evenly", "experiment", "samples_cap"]

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
