"""POST /api/scalars/export: every run's points of one tag in one CSV or JSON file, over the real server."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

Server = Any  # conftest.Server


def _export(server: Server, **body: object) -> Any:
    return server.client.post(server.url + "api/scalars/export", json=body)


def test_csv_export_holds_every_run_under_its_full_name(torch_server: Server) -> None:
    response = _export(torch_server, tag="loss", runs=["sgd", "adam", "missing"], format="csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["x-trainboard-complete"] == "true"
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["Run", "Wall time", "Step", "Value"]
    runs = [r[0] for r in rows[1:]]
    assert runs.count("adam") == 5000 and runs.count("sgd") == 10 and runs[0] == "sgd"
    assert [int(r[2]) for r in rows[1:11]] == list(range(10))


def test_json_export_says_complete_and_matches_the_per_run_download(torch_server: Server) -> None:
    body = _export(torch_server, tag="loss", runs=["adam", "sgd"], format="json").json()
    assert body["tag"] == "loss" and body["complete"] is True and list(body["runs"]) == ["adam", "sgd"]
    single = torch_server.get("/api/scalars/download", params={"run": "sgd", "tag": "loss", "format": "json"})
    assert body["runs"]["sgd"] == single.json()


def test_export_rejects_an_empty_run_list(torch_server: Server) -> None:
    assert _export(torch_server, tag="loss", runs=[]).status_code in (400, 422)


def test_a_file_made_before_the_first_load_ends_is_marked_incomplete(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    import trainboard
    from trainboard.server.app import create_app
    from trainboard.server.settings import ServerSettings

    writer = trainboard.SummaryWriter(str(tmp_path / "run"))
    for step in range(5):
        writer.add_scalar("loss", 1.0 / (step + 1), step)
    writer.close()
    # Without entering the client, the app's startup never runs, so its first load has not ended:
    # what the store holds is served, flagged as incomplete.
    app = create_app(trainboard.read(str(tmp_path)), ServerSettings(logdir=str(tmp_path), api_only=True))
    client = TestClient(app, base_url="http://localhost")
    assert client.get("/api/environment").json()["loading"] is True
    export = client.post("/api/scalars/export", json={"tag": "loss", "runs": ["run"], "format": "json"})
    assert export.headers["x-trainboard-complete"] == "false" and export.json()["complete"] is False
    single = client.get("/api/scalars/download", params={"run": "run", "tag": "loss"})
    # One run's download is whole once that run is read (trainboard.read read it): it needs no other run.
    assert single.headers["x-trainboard-complete"] == "true" and len(single.text.splitlines()) == 6
    with TestClient(app, base_url="http://localhost") as started:
        deadline = time.monotonic() + 10
        while started.get("/api/environment").json()["loading"]:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        done = started.post("/api/scalars/export", json={"tag": "loss", "runs": ["run"]})
        assert done.headers["x-trainboard-complete"] == "true"


def test_a_run_name_with_a_comma_and_a_quote_stays_one_csv_field(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    import trainboard
    from trainboard.server.app import create_app
    from trainboard.server.settings import ServerSettings

    name = 'lr=0.1,wd="1e-4"'
    with trainboard.SummaryWriter(str(tmp_path / name)) as writer:
        writer.add_scalar("loss", 0.5, 0)
    app = create_app(trainboard.read(str(tmp_path)), ServerSettings(logdir=str(tmp_path), api_only=True))
    with TestClient(app, base_url="http://localhost") as client:
        text = client.post("/api/scalars/export", json={"tag": "loss", "runs": [name]}).text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == name and rows[1][2:] == ["0", "0.5"]
