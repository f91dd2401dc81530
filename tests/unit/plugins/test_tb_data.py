"""TensorBoard's JSON encoding and Markdown rendering, checked against TensorBoard's own functions."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from trainboard.plugins.tb_data import display_name, markdown_to_safe_html, markdowns_to_safe_html, tb_json

plugin_util = pytest.importorskip("tensorboard.plugin_util")
json_util = pytest.importorskip("tensorboard.backend.json_util")

MARKDOWN = [
    "",
    "plain",
    "**fraction** right <script>alert(1)</script>",
    "[x](javascript:alert(1)) [y](https://example.org 'title') ![img](http://x/y.png \"t\")",
    '<a href="https://x" onclick="steal()">link</a> <img src=x onerror=alert(1)>',
    "| a | b |\n|---|---|\n| <b>1</b> | `2` |",
    "```python\nprint('<b>')\n```",
    "# Title\n\n> quote\n\n- one\n- two\n\n1. x\n\n---",
    "<div><span style='x'>inline html</span></div> &amp; &lt; é ☃ <!-- comment -->",
    "<iframe src=//evil></iframe><svg onload=x>",
    b"bytes with a null\x00 byte",
    "line one  \nline two",
]


@pytest.mark.parametrize("source", MARKDOWN)
def test_markdown_renders_byte_for_byte_as_tensorboard(source: str | bytes) -> None:
    assert markdown_to_safe_html(source) == plugin_util.markdown_to_safe_html(source)


def test_several_documents_are_combined_then_sanitised_once() -> None:
    combine = "<hr>".join
    sources = [s for s in MARKDOWN if isinstance(s, str)]
    assert markdowns_to_safe_html(sources, combine) == plugin_util.markdowns_to_safe_html(sources, combine)


VALUES = [
    [[1700000000.0, 0, 1.0], [1700000001.5, 1, math.nan], [2.0, 2, math.inf], [3.0, 3, -math.inf]],
    {"run": {"tag": {"displayName": "NaN", "description": 'say "Infinity" \\ NaN'}}},
    {"nested": [[0.1, 1e-300, 1e300, -0.0, 123456789012345678]], "ok": True, "none": None},
    ["-Infinity", "Infinity", "NaN", 'a"NaN"b', "\u2603"],
    {math.nan: 1, 1.5: [math.inf]},
]


@pytest.mark.parametrize("value", VALUES)
def test_json_is_tensorboards_byte_for_byte(value: object) -> None:
    assert tb_json(value) == json.dumps(json_util.Cleanse(value))


def test_numpy_values_and_bytes_are_written_as_python_values() -> None:
    value = {"a": np.array([[1.0, np.nan]]), "b": np.float32(0.5), "c": np.int64(3), "d": b"\xc3\xa9"}
    assert json.loads(tb_json(value)) == {"a": [[1.0, "NaN"]], "b": 0.5, "c": 3, "d": "é"}


def test_display_name_is_empty_when_only_the_tag_is_known() -> None:
    assert display_name("loss", "loss") == ""
    assert display_name("loss", "Training loss") == "Training loss"
