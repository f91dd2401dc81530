"""Text as summaries: a one-element DT_STRING tensor under ``<tag>/text_summary`` (spec §6.6)."""

from __future__ import annotations

from trainboard.events import messages as m
from trainboard.plugins.text.metadata import create_metadata

__all__ = ["text"]

TAG_SUFFIX = "/text_summary"


def text(tag: str, text_string: str) -> m.Summary:
    """A `Summary` with one Markdown string, as torch writes it.

    text("notes", "**lr** dropped to 1e-4")   # tag "notes/text_summary"
    """
    if not isinstance(text_string, str):
        raise TypeError(f"text_string must be a str; got {type(text_string).__name__}")
    tensor = m.TensorProto(
        dtype=m.DT_STRING,
        tensor_shape=m.TensorShapeProto.of([1]),
        string_val=[text_string.encode("utf-8")],
    )
    value = m.SummaryValue(tag=tag + TAG_SUFFIX, tensor=tensor, metadata=create_metadata())
    return m.Summary(value=[value])
