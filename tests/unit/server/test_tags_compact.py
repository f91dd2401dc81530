"""GET /api/tags?compact=true: every run's tag names, each distinct set once; cached per generation."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from trainboard import SummaryWriter
from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings
from trainboard.store import read


def _run(logdir: Path, name: str, tags: list[str]) -> None:
    with SummaryWriter(str(logdir / name)) as w:
        for tag in tags:
            w.add_scalar(tag, 1.0, 0, summary_description=f"about {tag}" if tag == "acc" else "")


def test_the_compact_answer_names_the_same_tags_as_the_full_one(tmp_path: Path) -> None:
    for i in range(5):
        _run(tmp_path, f"seed{i}", ["loss", "acc"])
    _run(tmp_path, "odd", ["loss"])
    exp = read(str(tmp_path), load=False)
    app = create_app(exp, ServerSettings(logdir=str(tmp_path), api_only=True))
    with TestClient(app, base_url="http://localhost") as client:
        app.fastapi.state.live.wait_loaded(10)
        full = client.get("/api/tags", params={"plugin": "scalars"}).json()
        compact = client.get("/api/tags", params={"plugin": "scalars", "compact": "true"})
        body = compact.json()
        assert len(body["tag_sets"]) == 2  # five runs share one set
        expanded = {run: set(body["tag_sets"][i]) for run, i in body["runs"].items()}
        assert expanded == {run: set(tags) for run, tags in full["runs"].items()}
        assert body["descriptions"] == {"acc": full["runs"]["seed0"]["acc"]["description"]}
        assert "about acc" in body["descriptions"]["acc"]

        tag = compact.headers["etag"]
        same = client.get(
            "/api/tags", params={"plugin": "scalars", "compact": "true"}, headers={"If-None-Match": tag}
        )
        assert same.status_code == 304
        _run(tmp_path, "late", ["loss", "lr"])
        exp.reload()
        after = client.get(
            "/api/tags", params={"plugin": "scalars", "compact": "true"}, headers={"If-None-Match": tag}
        )
        assert after.status_code == 200 and "late" in after.json()["runs"]
