"""HTTP routes for the Text dashboard: string tensors as Markdown, newest step first.

A rank-0 or one-element tensor is one Markdown document (what `add_text` writes); rank 1 and 2 are
tables whose cells are Markdown; higher ranks show their first 2-D slice with a warning, as TensorBoard
does. The server only decodes and shapes the strings: rendering and sanitising happen in the browser
(marked + DOMPurify), so the raw text is always available for the "raw" toggle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
from fastapi import APIRouter, Request

from trainboard.plugins.context import (
    ExperimentDep,
    JSONResponse,
    Run,
    Tag,
    api_responses,
    count_query,
    json_object,
    samples_cap,
)
from trainboard.plugins.text.metadata import PLUGIN_NAME

if TYPE_CHECKING:
    from trainboard.store import Experiment

DEFAULT_LIMIT = 100  # entries per answer; TensorBoard shows at most 100 (and keeps only 10)
MAX_LIMIT = 10_000

router = APIRouter()


def decode_cell(value: object) -> str:
    """One tensor element as text: UTF-8 bytes are decoded, undecodable bytes become U+FFFD."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def text_entry(value: np.ndarray) -> dict[str, Any]:
    """A string tensor shaped for display: `{"text", "table", "shape", "warning"}`.

    `text` is the document when the tensor holds one string, else None; `table` is a list of rows of
    cells for rank 1 (one column) and rank 2; higher ranks keep their first 2-D slice.

        >>> text_entry(np.array([b"**hi**"], dtype=object))["text"]
        '**hi**'
    """
    arr = np.asarray(value, dtype=object)
    shape = list(arr.shape)
    warning = None
    if arr.size == 1 and arr.ndim <= 1:
        return {"text": decode_cell(arr.reshape(-1)[0]), "table": None, "shape": shape, "warning": None}
    if arr.ndim == 0:
        return {"text": decode_cell(arr.item()), "table": None, "shape": shape, "warning": None}
    if arr.ndim > 2:
        warning = (
            f"This text tensor has shape {shape}; only the first 2-D slice, "
            f"[{', '.join(['0'] * (arr.ndim - 2))}, :, :], is shown."
        )
        arr = arr[(0,) * (arr.ndim - 2)]
    if arr.ndim == 1:
        arr = arr[:, None]
    table = [[decode_cell(c) for c in row] for row in arr]
    return {"text": None, "table": table, "shape": shape, "warning": warning}


def text_impl(exp: Experiment, run: str, tag: str, *, limit: int) -> dict[str, Any]:
    """The newest `limit` text entries of one series, newest first."""
    series = exp.tensor_series(run, tag)
    entries = []
    for d in reversed(series[-limit:]):
        entry = text_entry(d.value)
        entries.append({"step": int(d.step), "wall_time": float(d.wall_time), **entry})
    return {"run": run, "tag": tag, "total": len(series), "entries": entries}


@router.get(
    "/api/text",
    summary="The newest entries of a text series, as Markdown",
    responses=api_responses(json_object("run", "tag", "total", "entries")),
)
def text_route(
    request: Request,
    exp: ExperimentDep,
    run: Run,
    tag: Tag,
    limit: Annotated[int, count_query(1, MAX_LIMIT, "entries to answer, newest first")] = DEFAULT_LIMIT,
) -> JSONResponse:
    cap = samples_cap(request, PLUGIN_NAME)
    return JSONResponse(text_impl(exp, run, tag, limit=limit if cap is None else min(limit, cap)))
