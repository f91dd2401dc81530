"""Nothing outside the logdir comes back through any route: not through a symlink named like an event
file, a link to `/` or to a parent, a file swapped for a link after loading, or a forged blob id."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from trainboard import SummaryWriter
from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings
from trainboard.store import read

MARKER = "SECRET-7f3a-do-not-serve"


def _write_run(path: Path, text: str, seed: int) -> Path:
    noise = np.random.default_rng(seed).integers(0, 256, (3, 24, 24), dtype=np.uint8)
    with SummaryWriter(str(path)) as writer:
        writer.add_scalar("loss", 1.0, 0)
        writer.add_text("note", text, 0)
        writer.add_image("img", noise, 0)
    (event_file,) = path.glob("*tfevents*")
    return event_file


@pytest.fixture
def planted(tmp_path: Path) -> Iterator[tuple[Path, Path, list[bytes]]]:
    """(logdir, the secret event file outside it, byte strings that must never be served)."""
    secret = _write_run(tmp_path / "outside" / "secret", MARKER, seed=1)
    secret_exp = read(str(secret.parent))
    (datum,) = secret_exp.blob_series(".", "img")
    forbidden = [MARKER.encode(), secret_exp.read_blob(datum.blobs[2].blob_id)]
    logs = tmp_path / "logs"
    _write_run(logs / "mine", "public note", seed=2)
    (logs / "evil").mkdir()
    (logs / "evil" / secret.name).symlink_to(secret)  # a link named like an event file
    (logs / "root").symlink_to("/", target_is_directory=True)  # every event file on the machine
    (logs / "up").symlink_to("..", target_is_directory=True)  # the folder holding the secret
    yield logs, secret, forbidden


def _client(logs: Path) -> TestClient:
    app = create_app(read(str(logs), load=False), ServerSettings(logdir=str(logs), api_only=True))
    client = TestClient(app, base_url="http://localhost", raise_server_exceptions=False)
    client.__enter__()
    app.fastapi.state.live.wait_loaded(30)
    return client


def _every_get(client: TestClient) -> Iterator[bytes]:
    """The body of every GET route, called with every run and tag the server lists."""
    runs = [r["name"] for r in client.get("/api/runs").json()["runs"]]
    tags = {
        t
        for p in ("scalars", "text", "images")
        for by_run in client.get("/api/tags", params={"plugin": p}).json()["runs"].values()
        for t in by_run
    }
    for path, ops in client.get("/api/openapi.json").json()["paths"].items():
        if "get" not in ops or "{" in path or path == "/api/events":  # a stream that never ends
            continue
        for run in runs:
            for tag in tags:
                yield client.get(path, params={"run": run, "tag": tag, "step": 0, "plugin": "images"}).content


def test_no_route_serves_bytes_from_outside_the_logdir(planted, caplog) -> None:
    logs, _secret, forbidden = planted
    with caplog.at_level(logging.WARNING, logger="trainboard.store"):
        client = _client(logs)
    try:
        assert [r["name"] for r in client.get("/api/runs").json()["runs"]] == ["mine"]
        bodies = list(_every_get(client))
        assert len(bodies) > 20
        # Ids the store never handed out, pointed at every byte range of every file it knows.
        size = max(os.path.getsize(p) for p in logs.rglob("*tfevents*") if not p.is_symlink())
        for file_no in range(4):
            for blob_id in (f"f{file_no}.0.{size}", f"f{file_no}.0.{size}.{'0' * 16}", f"f{file_no}.0.-1"):
                response = client.get(f"/api/blob/{blob_id}")
                assert response.status_code == 404, blob_id
                bodies.append(response.content)
        for body in bodies:
            for secret in forbidden:
                assert secret not in body
    finally:
        client.__exit__(None, None, None)
    warned = [r.getMessage() for r in caplog.records]
    assert sum("not following symlink" in w for w in warned) == 3, warned
    assert any(re.search(r"root: it leads to a folder that holds the logdir", w) for w in warned)


def test_an_event_file_swapped_for_a_link_after_loading_is_not_read(planted) -> None:
    logs, secret, forbidden = planted
    client = _client(logs)
    try:
        listing = client.get("/api/images", params={"run": "mine", "tag": "img"}).json()
        blob_id = listing["blobs"][0][-1]
        assert client.get(f"/api/blob/{blob_id}").status_code == 200
        (own,) = (logs / "mine").glob("*tfevents*")
        own.unlink()
        own.symlink_to(secret)
        response = client.get(f"/api/blob/{blob_id}")
        assert response.status_code == 404
        assert all(s not in response.content for s in forbidden)
    finally:
        client.__exit__(None, None, None)


def test_a_linked_sibling_experiment_is_shown_and_links_out_of_it_are_not_followed(tmp_path) -> None:
    _write_run(tmp_path / "sibling" / "run", "sibling note", seed=3)
    secret = _write_run(tmp_path / "private", MARKER, seed=4)
    (tmp_path / "sibling" / "run" / "more").symlink_to(secret.parent, target_is_directory=True)
    logs = tmp_path / "logs"
    _write_run(logs / "mine", "mine", seed=5)
    (logs / "sib").symlink_to(tmp_path / "sibling", target_is_directory=True)
    exp = read(str(logs))
    assert exp.runs == ["mine", "sib/run"]
    assert exp.scalar_arrays("sib/run", "loss").value.tolist() == [1.0]
