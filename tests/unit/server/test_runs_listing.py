"""/api/runs says which runs hold only their file header, by the server's clock."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings
from trainboard.store import read


def test_a_header_only_run_is_marked_with_the_server_time(tmp_path: Path, static_dir: Path) -> None:
    from torch.utils.tensorboard import SummaryWriter

    waiting = SummaryWriter(str(tmp_path / "waiting"))  # torch's writer, nothing written yet
    with SummaryWriter(str(tmp_path / "logged")) as writer:
        writer.add_scalar("loss", 1.0, 1)
    app = create_app(
        read(str(tmp_path), load=False), ServerSettings(logdir=str(tmp_path)), static_dir=static_dir
    )
    try:
        with TestClient(app, base_url="http://localhost") as client:
            app.fastapi.state.live.wait_loaded(10)
            body = client.get("/api/runs").json()
    finally:
        waiting.close()
    assert {r["name"]: r["header_only"] for r in body["runs"]} == {"logged": False, "waiting": True}
    assert abs(body["server_time"] - time.time()) < 60
