"""Text: string tensors shaped into Markdown documents or tables, newest step first."""

from __future__ import annotations

import numpy as np

from trainboard.plugins.text.routes import text_entry, text_impl
from trainboard.store.series import TensorDatum


def strings(values: list, shape: tuple[int, ...]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out.reshape(shape)


class FakeExperiment:
    def __init__(self, series: list[TensorDatum]) -> None:
        self.series = series

    def tensor_series(self, run: str, tag: str) -> list[TensorDatum]:
        return self.series


def test_add_text_string_is_one_markdown_document() -> None:
    entry = text_entry(strings([b"| a | b |\n|---|---|\n| 1 | 2 |"], (1,)))
    assert entry["text"].startswith("| a | b |")
    assert entry["table"] is None
    assert entry["warning"] is None


def test_tf2_scalar_string_tensor_is_one_document() -> None:
    assert text_entry(strings([b"# hello"], ())).get("text") == "# hello"


def test_rank_two_tensor_becomes_rows_of_cells() -> None:
    entry = text_entry(strings([b"a", b"b", b"c", b"d", b"e", b"f"], (2, 3)))
    assert entry["text"] is None
    assert entry["table"] == [["a", "b", "c"], ["d", "e", "f"]]


def test_rank_one_tensor_becomes_a_one_column_table() -> None:
    assert text_entry(strings([b"x", b"y"], (2,)))["table"] == [["x"], ["y"]]


def test_rank_three_tensor_shows_its_first_slice_and_says_so() -> None:
    entry = text_entry(strings([str(i).encode() for i in range(8)], (2, 2, 2)))
    assert entry["table"] == [["0", "1"], ["2", "3"]]
    assert "first 2-D slice" in entry["warning"]
    assert entry["shape"] == [2, 2, 2]


def test_invalid_utf8_is_replaced_rather_than_failing() -> None:
    assert text_entry(strings([b"ok \xff"], (1,)))["text"] == "ok \ufffd"


def test_entries_come_newest_first_and_the_limit_keeps_the_newest() -> None:
    series = [TensorDatum(s, 10.0 + s, strings([f"step {s}".encode()], (1,))) for s in range(5)]
    out = text_impl(FakeExperiment(series), "r", "t", limit=3)  # type: ignore[arg-type]
    assert [e["step"] for e in out["entries"]] == [4, 3, 2]
    assert out["entries"][0]["text"] == "step 4"
    assert out["total"] == 5
