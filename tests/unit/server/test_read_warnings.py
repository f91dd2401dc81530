"""/api/warnings lists what reading skipped, so the page can say why a chart has a gap."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import trainboard
from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings
from trainboard.store import loader, read


def _damaged_run(logdir: Path, flips: tuple[int, ...]) -> Path:
    with trainboard.SummaryWriter(str(logdir / "run")) as writer:
        for step in range(100):
            writer.add_scalar("loss", 1.0 / (step + 1), step)
    path = next((logdir / "run").iterdir())
    data = bytearray(path.read_bytes())
    for offset in flips:
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def _warnings(logdir: Path, static_dir: Path) -> dict:
    app = create_app(read(str(logdir), load=False), ServerSettings(logdir=str(logdir)), static_dir=static_dir)
    with TestClient(app, base_url="http://localhost") as client:
        app.fastapi.state.live.wait_loaded(10)
        return client.get("/api/warnings").json()


def test_each_damaged_record_is_listed_with_its_file_and_offset(tmp_path: Path, static_dir: Path) -> None:
    path = _damaged_run(tmp_path / "logs", (500, 1500))
    body = _warnings(tmp_path / "logs", static_dir)
    assert body["count"] == 2
    assert all(path.name in w and "skipped" in w for w in body["warnings"])
    # Each names the record that holds its flipped byte.
    for flip, warning in zip((500, 1500), body["warnings"], strict=True):
        size, offset = (int(warning.split(word)[0].split()[-1]) for word in (" bytes at", " ("))
        assert offset <= flip < offset + size, warning


def test_an_undamaged_logdir_has_none(tmp_path: Path, static_dir: Path) -> None:
    _damaged_run(tmp_path / "logs", ())
    assert _warnings(tmp_path / "logs", static_dir) == {"count": 0, "warnings": []}


def test_the_count_is_every_skipped_record_when_the_list_is_capped(
    tmp_path: Path, static_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_WARNINGS", 1)
    _damaged_run(tmp_path / "logs", (500, 1500, 2500))
    body = _warnings(tmp_path / "logs", static_dir)
    assert body["count"] == 3
    assert len(body["warnings"]) == 2 and body["warnings"][1].endswith("2 more warnings not listed")
