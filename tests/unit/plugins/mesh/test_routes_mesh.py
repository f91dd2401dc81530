"""Meshes over our /api/mesh routes: names, steps with parsed scene config, one component as binary."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient

import trainboard
from trainboard import SummaryWriter
from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings

VERTS = np.arange(2 * 4 * 3, dtype=np.float32).reshape(2, 4, 3)
FACES = np.array([[[0, 1, 2], [1, 2, 3]]] * 2, dtype=np.int32)
COLORS = np.full((2, 4, 3), 200, dtype=np.uint8)
CONFIG = {"camera": {"cls": "PerspectiveCamera", "fov": 60}}


def make_client(tmp_path: Path) -> TestClient:
    with SummaryWriter(str(tmp_path / "a")) as w:
        for step in (0, 5):
            w.add_mesh("obj", VERTS + step, colors=COLORS, faces=FACES, config_dict=CONFIG, global_step=step)
        w.add_mesh("cloud", VERTS[:1], global_step=1)
    exp = trainboard.read(tmp_path)
    return TestClient(
        create_app(exp, ServerSettings(logdir=str(tmp_path), api_only=True)), base_url="http://localhost"
    )


def test_meshes_steps_and_data(tmp_path: Path) -> None:
    c = make_client(tmp_path)
    assert c.get("/api/mesh/meshes").json() == {
        "runs": {"a": {"cloud": {"samples": 1}, "obj": {"samples": 2}}}
    }
    steps = c.get("/api/mesh/steps", params={"run": "a", "name": "obj"}).json()["steps"]
    assert [s["step"] for s in steps] == [0, 5]
    assert steps[1]["components"] == {"VERTEX": [2, 4, 3], "FACE": [2, 2, 3], "COLOR": [2, 4, 3]}
    assert steps[1]["config"] == CONFIG
    cloud = c.get("/api/mesh/steps", params={"run": "a", "name": "cloud"}).json()["steps"]
    assert cloud[0]["components"] == {"VERTEX": [1, 4, 3]}
    params = {"run": "a", "name": "obj", "step": 5, "sample": 1}
    answer = c.get("/api/mesh/data", params={**params, "content_type": "VERTEX"})
    assert answer.headers["x-shape"] == "4,3"
    np.testing.assert_array_equal(np.frombuffer(answer.content, "<f4").reshape(4, 3), VERTS[1] + 5)
    faces = c.get("/api/mesh/data", params={**params, "content_type": "FACE"}).content
    np.testing.assert_array_equal(np.frombuffer(faces, "<i4").reshape(2, 3), FACES[1])
    colors = c.get("/api/mesh/data", params={**params, "content_type": "COLOR"}).content
    assert colors == COLORS[1].tobytes()


def test_bad_requests_are_clear(tmp_path: Path) -> None:
    c = make_client(tmp_path)
    base = {"run": "a", "name": "obj", "step": 5}
    assert c.get("/api/mesh/data", params={**base, "content_type": "SHAPE"}).status_code == 400
    assert c.get("/api/mesh/data", params={**base, "content_type": "VERTEX", "sample": 7}).status_code == 404
    missing = c.get("/api/mesh/data", params={**base, "step": 3, "content_type": "VERTEX"})
    assert missing.status_code == 404 and "step 3" in missing.json()["error"]
    assert c.get("/api/mesh/steps", params={"run": "a", "name": "nope"}).status_code == 404
    assert c.get("/api/mesh/steps", params={"run": "zz", "name": "obj"}).status_code == 404
    plugins = {p["name"]: p["has_data"] for p in c.get("/api/plugins").json()}
    assert plugins["mesh"] is True and plugins["projector"] is False
