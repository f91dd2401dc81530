"""What every plugin's TensorBoard-shaped `/data/plugin/<name>/*` routes share: TensorBoard's JSON
encoding, its Markdown rendering and its tags answers (docs/tensorboard-api.md).

TensorBoard encodes JSON with Python's `json` after replacing NaN and the infinities by the strings
"NaN", "Infinity" and "-Infinity" (`tensorboard/backend/json_util.py`), and renders every description
and text summary as Markdown sanitised by bleach (`plugin_util.markdown_to_safe_html`). Both are done
here the same way, with the same libraries and allow-lists, so the bodies match TensorBoard's.

    router.add_api_route("/data/plugin/histograms/tags", tags_route(names.HISTOGRAMS))
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from fastapi import Request, Response

from trainboard.errors import BlobNotFoundError, InvalidArgumentError, NotFoundError
from trainboard.events import names
from trainboard.plugins.context import (
    ExperimentDep,
    TBRun,
    TBTag,
    Word,
    cap_evenly,
    samples_cap,
    scalar_rows,
)
from trainboard.store import Experiment
from trainboard.store.series import BlobSequenceDatum

__all__ = [
    "BLOB_CACHE",
    "TBJSONResponse",
    "display_name",
    "markdown_to_safe_html",
    "markdowns_to_safe_html",
    "read_blob_by_key",
    "safe_html",
    "tags_index",
    "tags_route",
    "tb_blob_series",
    "tb_json",
    "tb_param",
    "tb_rows",
    "tb_scalars_route",
]

SCALARS = names.SCALARS  # the plugin name of scalar series
# A blob id names fixed bytes (file, offset, length, tagged with a key drawn per server process), so
# the browser may keep them forever: a later server hands out other ids.
BLOB_CACHE = "public, max-age=31536000, immutable"

# tensorboard/plugin_util.py's allow-lists, verbatim: anything else is escaped, not dropped.
_ALLOWED_TAGS = [
    *("ul", "ol", "li", "p", "pre", "code", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr"),
    *("br", "strong", "em", "a", "img", "table", "thead", "tbody", "td", "tr", "th"),
]
_ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "img": ["src", "title", "alt"]}


class _Converters:
    # Markdown and Cleaner objects are costly to build and not thread-safe: one of each per thread.
    def __init__(self) -> None:
        # Imported on first use (0.1 s): the server's first answers need neither.
        import bleach
        import markdown

        self.markdown = markdown.Markdown(
            extensions=["markdown.extensions.tables", "markdown.extensions.fenced_code"]
        )
        self.cleaner = bleach.sanitizer.Cleaner(tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES)


_PER_THREAD = threading.local()


def _converters() -> _Converters:
    converters: _Converters | None = getattr(_PER_THREAD, "converters", None)
    if converters is None:
        converters = _PER_THREAD.converters = _Converters()
    return converters


def safe_html(unsafe: str | bytes) -> str:
    """`unsafe` HTML with every tag and attribute outside TensorBoard's allow-list escaped."""
    if isinstance(unsafe, bytes):
        unsafe = unsafe.decode("utf-8", "replace")
    return str(_converters().cleaner.clean(unsafe))


def markdown_to_safe_html(source: str | bytes) -> str:
    """Markdown as the sanitised HTML TensorBoard sends for it.

    >>> markdown_to_safe_html("**fraction** right <script>")
    '<p><strong>fraction</strong> right &lt;script&gt;</p>'
    """
    return markdowns_to_safe_html([source], lambda htmls: htmls[0])


def markdowns_to_safe_html(sources: Iterable[str | bytes], combine: Callable[[list[str]], str]) -> str:
    """Several Markdown documents rendered, put together by `combine` and sanitised once."""
    unsafe = []
    dropped = 0
    for source in sources:
        if isinstance(source, bytes):
            decoded = source.decode("utf-8", "replace")
            source = decoded.replace("\x00", "")
            dropped += len(decoded) - len(source)
        unsafe.append(_converters().markdown.reset().convert(source))
    html = safe_html(combine(unsafe))
    if dropped:
        warning = f"<!-- WARNING: discarded {dropped} null bytes in markdown string after UTF-8 decoding -->"
        return f"{warning}\n{html}"
    return html


# A JSON string literal, or a non-finite number as Python's json writes it (never inside a string).
_STRING_OR_NON_FINITE = re.compile(r'"(?:[^"\\]|\\.)*"|-?Infinity|NaN')


def _quoted(match: re.Match[str]) -> str:
    token = match.group(0)
    return token if token.startswith('"') else f'"{token}"'


def _plain(obj: Any) -> Any:
    # What json cannot write by itself: numpy values, and bytes (TensorBoard decodes them as UTF-8).
    if isinstance(obj, np.ndarray | np.generic):
        return obj.tolist()
    if isinstance(obj, bytes):
        return obj.decode("utf-8", "replace")
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


def tb_json(content: Any) -> str:
    """`content` as TensorBoard's `http_util.Respond` writes it: `json.dumps` after `json_util.Cleanse`,
    which turns NaN and the infinities into the strings "NaN", "Infinity" and "-Infinity".

    >>> tb_json([1.0, float("nan"), float("-inf"), "NaN"])
    '[1.0, "NaN", "-Infinity", "NaN"]'
    """
    text = json.dumps(content, default=_plain)
    # The same strings, but written by json's C encoder and quoted afterwards: walking the value in
    # Python first, as Cleanse does, costs seconds on a million-point series.
    if "NaN" in text or "Infinity" in text:
        text = _STRING_OR_NON_FINITE.sub(_quoted, text)
    return text


class TBJSONResponse(Response):
    """JSON exactly as TensorBoard writes it (`tb_json`)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return tb_json(content).encode("ascii")


def display_name(tag: str, logged: str) -> str:
    """The display name TensorBoard's default (Rust) loader answers: the one logged, "" when none was.

    The store fills in the tag where none was logged, so a name equal to the tag reads as none.
    """
    return "" if logged == tag else logged


TagField = Callable[[Experiment, str, str], Any]


def tags_index(exp: Experiment, plugin: str, **extra: TagField) -> dict[str, Any]:
    """`{run: {tag: {"displayName", "description", **extra}}}`, TensorBoard's tags answer for `plugin`;
    each `extra` field is computed by a function of (exp, run, tag)."""
    return {
        run: {
            tag: {
                "displayName": display_name(tag, info.display_name),
                "description": markdown_to_safe_html(info.description),
                **{name: fn(exp, run, tag) for name, fn in extra.items()},
            }
            for tag, info in tags.items()
        }
        for run, tags in exp.tag_infos(plugin).items()
    }


def tags_route(plugin: str, **extra: TagField) -> Callable[[Experiment], TBJSONResponse]:
    """The handler of a plugin's `/data/plugin/<name>/tags`: `tags_index(exp, plugin, **extra)`."""

    def tb_tags(exp: ExperimentDep) -> TBJSONResponse:
        return TBJSONResponse(tags_index(exp, plugin, **extra))

    return tb_tags


def read_blob_by_key(exp: Experiment, blob_key: str | None) -> bytes:
    """The bytes behind the `blob_key` of an images or audio `query`; a missing or unknown key is a
    400, as TensorBoard answers."""
    try:
        return exp.read_blob(tb_param(blob_key, "blob_key"))
    except BlobNotFoundError as exc:
        raise InvalidArgumentError(f"{exc}; take blob keys from the images or audio route's query") from exc


def tb_param(value: str | None, name: str) -> str:
    """A required query parameter of a TensorBoard route (TensorBoard answers 400 when one is missing)."""
    if value is None or value == "":
        raise InvalidArgumentError(f"the {name!r} query parameter is required, as in TensorBoard's route")
    return value


def tb_rows(exp: Experiment, run: str, tag: str, cap: int | None) -> list[tuple[float, int, float]]:
    """TensorBoard's `[(wall_time, step, value), ...]` of one scalar series; 404 when there is none."""
    if tag not in exp.tag_infos(SCALARS, [run]).get(run, {}):
        raise NotFoundError(f"No scalar data for run={run!r}, tag={tag!r}")
    return scalar_rows(exp, run, tag, cap)


def tb_scalars_route(
    request: Request, exp: ExperimentDep, run: TBRun = None, tag: TBTag = None, format: Word = None
) -> Response:
    # The one handler of the scalars plugin's `/scalars` and the custom scalars' `/download_data` (as
    # TensorBoard's custom scalars plugin hands that route to the scalars plugin): each router adds it
    # with `router.add_api_route(path, tb_scalars_route)`. No docstring: it would become the routes'
    # OpenAPI description.
    rows = tb_rows(exp, tb_param(run, "run"), tb_param(tag, "tag"), samples_cap(request, SCALARS))
    if format == "csv":
        out = io.StringIO()
        writer = csv.writer(out)  # TensorBoard's CSV: the csv module's dialect, "nan" and "inf" as text
        writer.writerow(["Wall time", "Step", "Value"])
        writer.writerows(rows)
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8")
    return TBJSONResponse(rows)


def tb_blob_series(
    request: Request, exp: Experiment, plugin: str, run: str | None, tag: str | None
) -> list[BlobSequenceDatum]:
    """The (capped) blob series a TensorBoard `/data/plugin/{images,audio}/*` route reads; 400 without
    run or tag, 404 when the run holds no such tag of `plugin`."""
    run, tag = tb_param(run, "run"), tb_param(tag, "tag")
    if tag not in exp.tag_infos(plugin, [run]).get(run, {}):
        raise NotFoundError(f"No {plugin} data for run={run!r}, tag={tag!r}")
    return cap_evenly(exp.blob_series(run, tag), samples_cap(request, plugin))
