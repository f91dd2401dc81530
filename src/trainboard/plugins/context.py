"""What every plugin's routes get from the server: the Experiment, the serving caps, JSON responses.

Routes sit below the server (events -> store -> plugins -> server), so they never import
`trainboard.server`; the app puts what they need on `app.state` and these helpers read it back.

    from trainboard.plugins.context import ExperimentDep, JSONResponse

    @router.get("/api/histograms")
    def histograms(exp: ExperimentDep, run: str, tag: str) -> JSONResponse:
        return JSONResponse({"run": run, "data": [...]})
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Annotated, Any, TypeVar

import numpy as np
from fastapi import Depends, Path, Query, Request, Response
from pydantic import StringConstraints

from trainboard.errors import NotFoundError
from trainboard.plugins import answers
from trainboard.plugins.answers import MAX_NAME, Answer, Conditions, cached, etag, json_bytes
from trainboard.store import Experiment
from trainboard.store.series import BlobSequenceDatum

__all__ = [
    "BLOB_ID_PATTERN",
    "ERROR_SCHEMA",
    "MAX_NAME",
    "MAX_RUNS",
    "BlobId",
    "ExperimentDep",
    "Index",
    "JSONResponse",
    "Name",
    "RequiredWord",
    "Run",
    "Sample",
    "Step",
    "TBBlobKey",
    "TBRun",
    "TBRuns",
    "TBTag",
    "Tag",
    "Word",
    "api_responses",
    "blob_listing",
    "cached_answer",
    "cap_evenly",
    "conditions_of",
    "count_query",
    "etag",
    "experiment",
    "find_step",
    "json_bytes",
    "json_object",
    "max_blobs",
    "response_of",
    "samples_cap",
    "scalar_rows",
    "step_answer",
]

T = TypeVar("T")

# -- the parameters routes take, with their bounds (one vocabulary; the OpenAPI spec shows them) -------
# Most runs one request may name (TensorBoard's frontend asks for the runs it shows).
MAX_RUNS = 10_000
_INT64 = 2**63 - 1
Run = Annotated[str, Query(min_length=1, max_length=MAX_NAME, description="run name, as in /api/runs")]
Tag = Annotated[str, Query(min_length=1, max_length=MAX_NAME, description="tag name, as in /api/tags")]
Name = Annotated[
    str,
    Query(min_length=1, max_length=MAX_NAME, description="a mesh or embedding name, as listed"),
]
Index = Annotated[int, Query(ge=0, le=_INT64, description="a row or item, from 0")]
Step = Annotated[
    int, Query(ge=-_INT64 - 1, le=_INT64, description="a logged step, as the series route lists them")
]
BLOB_ID_PATTERN = r"^[A-Za-z0-9._=-]+$"
BlobId = Annotated[
    str,
    Path(
        min_length=1,
        max_length=MAX_NAME,
        pattern=BLOB_ID_PATTERN,
        description="an id a plugin route handed out; ids do not outlive the server process",
    ),
]

# TensorBoard's `/data/plugin/*` routes take the same names with the same bounds, but optional: a
# missing one is answered by `tb_data.tb_param` with TensorBoard's 400, not FastAPI's.
TBRun = Annotated[str | None, Query(max_length=MAX_NAME, description="run name (required)")]
TBTag = Annotated[str | None, Query(max_length=MAX_NAME, description="tag name (required)")]
TBRuns = Annotated[
    list[Annotated[str, StringConstraints(max_length=MAX_NAME)]] | None,
    Query(max_length=MAX_RUNS, description=f"run names, the parameter repeated (at most {MAX_RUNS})"),
]
TBBlobKey = Annotated[
    str | None,
    Query(max_length=MAX_NAME, pattern=BLOB_ID_PATTERN, description="the blob_key of a listing's query"),
]
Sample = Annotated[int, Query(ge=-_INT64 - 1, le=_INT64, description="which sample of each step, from 0")]
# Other short words a route compares against a fixed list (formats, content types, flags).
MAX_WORD = 100
Word = Annotated[str | None, Query(max_length=MAX_WORD, description="one of the values the route lists")]
RequiredWord = Annotated[str, Query(max_length=MAX_WORD, description="one of the values the route lists")]


def count_query(lo: int, hi: int, description: str) -> Any:
    """A whole-number query parameter bounded to [lo, hi]: `Annotated[int, count_query(1, 500, "bins")]`."""
    return Query(ge=lo, le=hi, description=f"{description} ({lo} to {hi})")


# -- what routes answer, for the OpenAPI spec ------------------------------------------------------------
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"error": {"type": "string", "description": "one line saying what to change"}},
    "required": ["error"],
}


def json_object(*keys: str) -> dict[str, Any]:
    """The schema of a JSON object that always has `keys`."""
    return {"type": "object", "properties": {k: {} for k in keys}, "required": list(keys)}


def api_responses(
    ok: dict[str, Any], *, media_type: str = "application/json", errors: Sequence[int] = (400, 404)
) -> dict[int | str, dict[str, Any]]:
    """A route's `responses=`: its 200 body schema and the `{"error"}` body of each error status.

    @router.get("/api/text", responses=api_responses(json_object("run", "tag", "entries")))
    """
    error = {"content": {"application/json": {"schema": ERROR_SCHEMA}}}
    out: dict[int | str, dict[str, Any]] = {
        200: {"description": "OK", "content": {media_type: {"schema": ok}}}
    }
    descriptions = {400: "a parameter is missing or out of range", 404: "no such run, tag, step or id"}
    for status in errors:
        out[status] = {"description": descriptions.get(status, "error"), **error}
    return out


class JSONResponse(Response):
    """orjson-encoded JSON; numpy arrays and scalars serialize directly, NaN and infinities become null."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json_bytes(content)


def experiment(request: Request) -> Experiment:
    """The Experiment the server is showing (a FastAPI dependency)."""
    return request.app.state.experiment  # type: ignore[no-any-return]


ExperimentDep = Annotated[Experiment, Depends(experiment)]


def still_loading(request: Request) -> bool:
    """Whether the server's first load of the logdir is still under way, so answers may be incomplete."""
    live = getattr(request.app.state, "live", None)
    return bool(getattr(live, "loading", False))


def samples_cap(request: Request, plugin: str) -> int | None:
    """The `--samples_per_plugin` cap for `plugin`: at most this many samples per series, None for all."""
    return answers.samples_cap(getattr(request.app.state, "samples_per_plugin", {}), plugin)


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


def step_answer(run: str, tag: str, datum: BlobSequenceDatum, **fields: Any) -> dict[str, Any]:
    """The answer of a blob dashboard's `/step` route: the step `datum` was logged at, then `fields`."""
    return {"run": run, "tag": tag, "step": int(datum.step), "wall_time": float(datum.wall_time), **fields}


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


# -- answers cached by what they were computed from: ETag, 304 and gzip (answers.py) --------------------


def cached_answer(
    request: Request, exp: Experiment, key: Hashable, build: Callable[[], tuple[bytes, str]]
) -> Response:
    """`answers.cached` for this request, as a response: 304 when the client's If-None-Match holds the
    answer's ETag, else the bytes `build()` returns (body, media type), encoded once and kept, gzipped
    where the client accepts it and it pays."""
    return response_of(cached(exp, key, build, conditions_of(request)))


def conditions_of(request: Request) -> Conditions:
    """What of `request` decides how a cached answer is sent (`answers.Conditions`)."""
    client = request.client.host if request.client is not None else ""
    return Conditions.of(request.scope.get("headers", ()), client)


def response_of(answer: Answer) -> Response:
    """The Starlette response that sends `answer`."""
    return Response(
        answer.body, status_code=answer.status, media_type=answer.media_type, headers=answer.headers
    )
