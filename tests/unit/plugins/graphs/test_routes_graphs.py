"""`/api/graph` and `/api/graph/runs` over real event files read by the real store."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from trainboard.errors import RunNotFoundError
from trainboard.events import messages as m
from trainboard.events.records import frame
from trainboard.plugins.graphs.routes import GraphNotFoundError, graph_impl, router
from trainboard.store import Experiment


def write_events(run_dir: Path, *events: m.Event) -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    first = m.Event(wall_time=time.time(), file_version="brain.Event:2")
    with open(run_dir / "events.out.tfevents.1700000000.host.1.0", "wb") as f:
        for event in (first, *events):
            f.write(frame(event.encode()))


def policy_graph() -> m.GraphDef:
    shapes = m.AttrValue(list=m.AttrListValue(shape=[m.TensorShapeProto.of([128])]))
    return m.GraphDef(
        node=[
            m.NodeDef(name="input/x", op="IO Node", attr={"attr": m.AttrValue(s=b"")}),
            m.NodeDef(
                name="Policy/Linear[fc1]/input.1",
                op="aten::linear",
                input=["input/x"],
                attr={"attr": m.AttrValue(s=b"{}"), "_output_shapes": shapes},
            ),
        ],
        versions=m.VersionDef(producer=22),
    )


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    run_metadata = m.RunMetadata(
        step_stats=m.StepStats(dev_stats=[m.DeviceStepStats(device="/device:CPU:0")])
    )
    write_events(
        tmp_path / "REINFORCE",
        m.Event(wall_time=1.0, graph_def=policy_graph().encode()),
        m.Event(
            wall_time=1.0,
            tagged_run_metadata=m.TaggedRunMetadata(tag="step1", run_metadata=run_metadata.encode()),
        ),
    )
    scalar = m.Summary(value=[m.SummaryValue(tag="loss", simple_value=1.0)])
    write_events(tmp_path / "no_graph", m.Event(wall_time=1.0, step=1, summary=scalar))
    app = FastAPI()
    app.include_router(router)
    # The pure-Python reader: these tests are about the routes, not the compiled scanner.
    exp = Experiment(str(tmp_path), use_scanner=False)
    exp.reload()
    app.state.experiment = exp
    return TestClient(app, base_url="http://localhost")


def test_runs_with_a_graph_are_listed_with_their_run_metadata_tags(client: TestClient) -> None:
    (entry,) = client.get("/api/graph/runs").json()["runs"]
    assert entry["run"] == "REINFORCE"
    assert entry["run_metadata_tags"] == ["step1"]
    assert entry["version"].startswith("1:")


def test_graph_route_serves_nodes_with_shapes_and_run_metadata(client: TestClient) -> None:
    body = client.get("/api/graph", params={"run": "REINFORCE"}).json()
    assert [n["name"] for n in body["nodes"]] == ["input/x", "Policy/Linear[fc1]/input.1"]
    assert body["nodes"][1]["shapes"] == [[128]]
    assert body["nodes"][1]["inputs"][0]["name"] == "input/x"
    assert body["producer"] == 22
    assert body["run_metadata"] == {
        "step1": {"devices": [{"device": "/device:CPU:0", "node_stats": 0}], "nodes": {}}
    }


def test_run_without_a_graph_says_how_to_log_one(client: TestClient) -> None:
    exp = client.app.state.experiment  # type: ignore[attr-defined]
    with pytest.raises(GraphNotFoundError, match="add_graph"):
        graph_impl(exp, "no_graph")
    with pytest.raises(RunNotFoundError, match="/api/graph/runs"):
        graph_impl(exp, "missing")
    assert GraphNotFoundError.http_code == 404
