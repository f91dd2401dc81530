"""`GET /api/hparams` over real files: torch trials -> store -> app -> JSON."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import trainboard
from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings

torch_tb = pytest.importorskip("torch.utils.tensorboard")


def _client(logdir: Path) -> TestClient:
    exp = trainboard.read(str(logdir))
    return TestClient(
        create_app(exp, ServerSettings(logdir=str(logdir), api_only=True)), base_url="http://localhost"
    )


def _trials(logdir: Path) -> None:
    with torch_tb.SummaryWriter(str(logdir)) as writer:
        writer.add_hparams({"lr": 0.1, "opt": "sgd"}, {"loss": 0.5}, {"opt": ["sgd", "adam"]}, run_name="a")
        writer.add_hparams(
            {"lr": 0.01, "opt": "adam"}, {"loss": math.nan}, {"opt": ["sgd", "adam"]}, run_name="b"
        )


def test_hparams_route_lists_columns_and_one_row_per_session(tmp_path: Path) -> None:
    _trials(tmp_path)
    body = _client(tmp_path).get("/api/hparams").json()
    assert [(h["name"], h["type"]) for h in body["hparams"]] == [("lr", "number"), ("opt", "string")]
    assert body["hparams"][1]["domain"] == {"kind": "discrete", "values": ["sgd", "adam"]}
    assert body["hparams"][0]["domain"]["kind"] == "interval"
    assert [m["key"] for m in body["metrics"]] == ["loss"]
    first, second = body["sessions"]
    assert first["run"] == "a"
    assert first["hparams"] == {"lr": 0.1, "opt": "sgd"}
    assert first["metrics"]["loss"]["last"] == pytest.approx(0.5)
    assert first["status"] == "success"
    # NaN is not JSON: the dashboard gets null and shows a dash.
    assert second["metrics"]["loss"]["last"] is None


def test_hparams_route_sees_a_trial_added_after_a_reload(tmp_path: Path) -> None:
    _trials(tmp_path)
    exp = trainboard.read(str(tmp_path))
    client = TestClient(
        create_app(exp, ServerSettings(logdir=str(tmp_path), api_only=True)), base_url="http://localhost"
    )
    assert len(client.get("/api/hparams").json()["sessions"]) == 2
    with torch_tb.SummaryWriter(str(tmp_path)) as writer:
        writer.add_hparams({"lr": 0.5, "opt": "sgd"}, {"loss": 0.1}, run_name="c")
    exp.reload()
    sessions = client.get("/api/hparams").json()["sessions"]
    assert [s["run"] for s in sessions] == ["a", "b", "c"]


def test_hparams_route_with_no_hparams_data_is_empty_not_an_error(tmp_path: Path) -> None:
    with torch_tb.SummaryWriter(str(tmp_path)) as writer:
        writer.add_scalar("loss", 1.0, 0)
    response = _client(tmp_path).get("/api/hparams")
    assert response.status_code == 200
    assert response.json() == {"hparams": [], "metrics": [], "sessions": []}


def test_tensorboard_session_groups_sorting_by_a_mixed_type_column_is_a_400() -> None:
    from trainboard.errors import InvalidArgumentError
    from trainboard.plugins.hparams.sessions import HParamsData, Session
    from trainboard.plugins.hparams.tb_api import list_session_groups

    sessions = tuple(
        Session(run=f"r{i}", hparams={"x": v}, metrics={}, status="success", start_time=None)
        for i, v in enumerate([0.1, "auto"])
    )
    request = {
        "allowedStatuses": ["STATUS_SUCCESS"],
        "sliceSize": 5,
        "colParams": [{"hparam": "x", "order": 1}],
    }
    with pytest.raises(InvalidArgumentError, match="different types"):
        list_session_groups(HParamsData(hparams=(), metrics=(), sessions=sessions), request)
    request["colParams"] = [{"hparam": "x", "filterDiscrete": ["auto"]}]
    groups = list_session_groups(HParamsData(hparams=(), metrics=(), sessions=sessions), request)
    assert [g["name"] for g in groups["sessionGroups"]] == ["r1"] and groups["totalSize"] == 1
