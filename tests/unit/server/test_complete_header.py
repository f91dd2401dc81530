"""While the first load runs, a request for a run it has not read yet gets that run's full data, and
`X-Trainboard-Complete` says whether an answer holds everything (a run not found yet may still come)."""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi.testclient import TestClient

from trainboard.events import messages as m
from trainboard.events.records import frame
from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings
from trainboard.store import read
from trainboard.store.loader import RunLoader


def _value(step: int) -> m.SummaryValue:
    return m.SummaryValue(tag="loss", simple_value=float(step))


def _write_run(root: Path, run: str, steps: int) -> None:
    (root / run).mkdir(parents=True)
    events = [
        m.Event(wall_time=100.0 + s, step=s, summary=m.Summary(value=[_value(s)])) for s in range(steps)
    ]
    (root / run / "events.out.tfevents.1.host").write_bytes(b"".join(frame(e.encode()) for e in events))


def test_an_unread_run_is_served_in_full_during_the_first_load(tmp_path, static_dir, monkeypatch) -> None:
    logs = tmp_path / "logs"
    _write_run(logs, "a", 3)
    _write_run(logs, "z", 5)
    entered, release = threading.Event(), threading.Event()
    load = RunLoader.load

    def held(self, *args, **kwargs):  # the first load stops inside run "a"
        if self.name == "a" and threading.current_thread().name.startswith("trainboard-"):
            entered.set()
            assert release.wait(10)
        return load(self, *args, **kwargs)

    monkeypatch.setattr(RunLoader, "load", held)
    app = create_app(read(str(logs), load=False), ServerSettings(logdir=str(logs)), static_dir=static_dir)
    try:
        with TestClient(app, base_url="http://localhost") as client:
            assert entered.wait(10)
            assert client.get("/api/environment").json()["loading"]
            assert sorted(client.get("/data/runs").json()) == ["a", "z"]  # listed, not read yet
            got = client.get("/api/scalars/download", params={"run": "z", "tag": "loss", "format": "json"})
            assert got.status_code == 200 and got.headers["X-Trainboard-Complete"] == "true"
            assert [row[1] for row in got.json()] == [0, 1, 2, 3, 4]
            tb = client.get("/data/plugin/scalars/scalars", params={"run": "z", "tag": "loss"}).json()
            assert [row[1] for row in tb] == [0, 1, 2, 3, 4]
            # A run not found yet may still appear: an export naming one is not complete.
            body = {"tag": "loss", "runs": ["z", "later"], "format": "json"}
            export = client.post("/api/scalars/export", json=body)
            assert export.headers["X-Trainboard-Complete"] == "false" and export.json()["complete"] is False
            release.set()
            assert app.fastapi.state.live.wait_loaded(10)
            export = client.post("/api/scalars/export", json=body)
            assert export.headers["X-Trainboard-Complete"] == "true"
            assert list(export.json()["runs"]) == ["z"]
    finally:
        release.set()
