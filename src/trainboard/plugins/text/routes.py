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
    TBRun,
    TBTag,
    Word,
    api_responses,
    cap_evenly,
    count_query,
    json_object,
    samples_cap,
)
from trainboard.plugins.tb_data import (
    TBJSONResponse,
    markdown_to_safe_html,
    markdowns_to_safe_html,
    safe_html,
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


# -- TensorBoard's routes, same shapes (docs/tensorboard-api.md) -------------------------------------

# Verbatim, three spaces included (TensorBoard's template is a dedented, continued line).
_WARNING_TEMPLATE = (
    "**Warning:** This text summary contained data of dimensionality %d, but only   "
    "2d tables are supported. Showing a 2d slice of the data instead."
)


def text_array_to_html(value: np.ndarray, enable_markdown: bool = True) -> str:
    """A string tensor as TensorBoard's text plugin renders it: one document, or a table of cells
    (tensorboard/plugins/text/text_plugin.py), sanitised the same way.

    >>> text_array_to_html(np.array(b"**hi**", dtype=object))
    '<p><strong>hi</strong></p>'
    """
    arr = np.asarray(value, dtype=object)
    if arr.ndim == 0:
        item = arr.item()
        return markdown_to_safe_html(item) if enable_markdown else safe_html(item)
    warning = ""
    if arr.ndim > 2:
        warning = markdown_to_safe_html(_WARNING_TEMPLATE % arr.ndim)
        arr = arr[(0,) * (arr.ndim - 2)]
    shape = arr.shape
    if enable_markdown:
        table = markdowns_to_safe_html(list(arr.reshape(-1)), lambda cells: _table(cells, shape))
    else:
        table = safe_html(_table([decode_cell(c) for c in arr.reshape(-1)], shape))
    return warning + table


def _table(cells: list[str], shape: tuple[int, ...]) -> str:
    columns = shape[1] if len(shape) == 2 else 1
    rows = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    body = "".join("<tr>\n" + "".join(f"<td>{cell}</td>\n" for cell in row) + "</tr>\n" for row in rows)
    return f"<table>\n<tbody>\n{body}</tbody>\n</table>"


@router.get("/data/plugin/text/tags", summary="TensorBoard's {run: [tag, ...]}")
def tb_tags(exp: ExperimentDep) -> TBJSONResponse:
    return TBJSONResponse({run: list(tags) for run, tags in exp.tag_infos(PLUGIN_NAME).items()})


@router.get("/data/plugin/text/text", summary="TensorBoard's [{wall_time, step, text}], text as safe HTML")
def tb_text(
    request: Request,
    exp: ExperimentDep,
    run: TBRun = None,
    tag: TBTag = None,
    markdown: Word = None,
) -> TBJSONResponse:
    # TensorBoard answers [] for a run or tag it does not hold, not 404.
    if run is None or tag is None or tag not in exp.tag_infos(PLUGIN_NAME).get(run, {}):
        return TBJSONResponse([])
    series = cap_evenly(exp.tensor_series(run, tag), samples_cap(request, PLUGIN_NAME))
    enable = markdown != "false"
    return TBJSONResponse(
        [
            {"wall_time": d.wall_time, "step": d.step, "text": text_array_to_html(d.value, enable)}
            for d in series
        ]
    )
