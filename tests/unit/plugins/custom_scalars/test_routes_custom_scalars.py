"""Custom scalars: every run's layout merged, multiline regexes resolved to concrete (run, tag) pairs."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from trainboard import SummaryWriter
from trainboard.plugins.custom_scalars.routes import layout_impl, match_tags, router
from trainboard.store import read

LAYOUT = {
    "Losses": {"all losses": ["Multiline", ["loss/"]], "accuracy": ["Margin", ["acc", "acc_lo", "acc_hi"]]},
    "Learning rate": {"lr": ["Multiline", ["lr$"]]},
}


def write_run(logdir: Path, run: str, layout: dict | None, tags: list[str]) -> None:
    with SummaryWriter(str(logdir / run)) as w:
        if layout is not None:
            w.add_custom_scalars(layout)
        for step in range(3):
            for tag in tags:
                w.add_scalar(tag, float(step), step)


def test_multiline_regex_matches_tags_of_every_run_from_their_start(tmp_path: Path) -> None:
    write_run(tmp_path, "a", LAYOUT, ["loss/train", "loss/val", "acc", "acc_lo", "acc_hi", "train/loss/x"])
    write_run(tmp_path, "b", None, ["loss/train", "lr"])
    body = layout_impl(read(str(tmp_path)))
    losses = body["categories"][0]
    assert losses["title"] == "Losses"
    multiline = losses["charts"][0]
    assert multiline["kind"] == "multiline" and multiline["tags"] == ["loss/"]
    # "train/loss/x" contains "loss/" but does not start with it, so it is not drawn.
    assert multiline["matches"] == [
        {"run": "a", "tag": "loss/train"},
        {"run": "a", "tag": "loss/val"},
        {"run": "b", "tag": "loss/train"},
    ]
    assert body["runs"] == ["a"]


def test_margin_chart_names_value_and_bounds_and_the_runs_that_have_them(tmp_path: Path) -> None:
    write_run(tmp_path, "a", LAYOUT, ["acc", "acc_lo", "acc_hi"])
    write_run(tmp_path, "b", None, ["loss/train"])
    margin = layout_impl(read(str(tmp_path)))["categories"][0]["charts"][1]
    assert margin["kind"] == "margin"
    assert margin["series"] == [{"value": "acc", "lower": "acc_lo", "upper": "acc_hi"}]
    assert margin["runs"] == ["a"]


def test_layouts_of_two_runs_merge_by_category_without_repeating_charts(tmp_path: Path) -> None:
    write_run(tmp_path, "a", LAYOUT, ["loss/train"])
    other = {"Losses": {"all losses": ["Multiline", ["loss/"]], "val": ["Multiline", ["val"]]}}
    write_run(tmp_path, "b", other, [])
    categories = layout_impl(read(str(tmp_path)))["categories"]
    assert [c["title"] for c in categories] == ["Losses", "Learning rate"]
    assert [c["title"] for c in categories[0]["charts"]] == ["all losses", "accuracy", "val"]


def test_torch_writers_layout_is_read(tmp_path: Path) -> None:
    torch_tb = pytest.importorskip("torch.utils.tensorboard")
    w = torch_tb.SummaryWriter(str(tmp_path / "torch"))
    w.add_custom_scalars_multilinechart(["loss/train", "loss/val"], category="Torch", title="losses")
    w.add_scalar("loss/train", 1.0, 0)
    w.close()
    chart = layout_impl(read(str(tmp_path)))["categories"][0]["charts"][0]
    assert chart["title"] == "losses"
    assert chart["matches"] == [{"run": "torch", "tag": "loss/train"}]


def test_invalid_regex_is_reported_on_its_chart_and_valid_ones_still_match() -> None:
    matches, error = match_tags(["loss(", "acc"], {"r": ["acc", "loss"]})
    assert matches == [{"run": "r", "tag": "acc"}]
    assert error is not None and "loss(" in error


def test_layout_route_serves_json_and_an_empty_logdir_has_no_categories(tmp_path: Path) -> None:
    write_run(tmp_path, "a", LAYOUT, ["loss/train"])
    app = FastAPI()
    app.include_router(router)
    app.state.experiment = read(str(tmp_path))
    client = TestClient(app, base_url="http://localhost")
    response = client.get("/api/custom_scalars/layout")
    assert response.status_code == 200
    assert response.json()["categories"][0]["charts"][0]["matches"] == [{"run": "a", "tag": "loss/train"}]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert layout_impl(read(str(empty)))["categories"] == []
