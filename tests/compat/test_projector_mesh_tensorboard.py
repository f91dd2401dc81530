"""/data/plugin/projector/* and /data/plugin/mesh/* answer as a real `tensorboard` server does.

The logdir holds what torch's and tensorboardX's `add_embedding` and `add_mesh` write (sprites, metadata
with and without a header, tags with slashes, several steps), trainboard's own writer, and TensorFlow's
plugin-assets layout with a raw float32 tensor. Both servers read the same files; bodies are compared
byte for byte (JSON parsed).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

import trainboard
from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings

pytestmark = [pytest.mark.compat, pytest.mark.slow]

torch = pytest.importorskip("torch")
pytest.importorskip("tensorboard")
tbx = pytest.importorskip("tensorboardX")
from torch.utils.tensorboard import SummaryWriter as TorchWriter  # noqa: E402

STARTUP_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _mesh_arrays(step: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    vertices = np.array([[[1, 1, 1], [-1, -1, 1], [1, -1, -1], [-1, 1, -1]]], dtype=np.float32) * (step + 1)
    colors = np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 0, 255]]], dtype=np.uint8)
    faces = np.array([[[0, 2, 3], [0, 3, 1], [0, 1, 2], [1, 3, 2]]], dtype=np.int32)
    return vertices, colors, faces


def write_logdir(root: Path) -> None:
    rng = np.random.default_rng(0)
    mat = rng.normal(size=(40, 6)).astype(np.float32)
    camera = {
        "camera": {"cls": "PerspectiveCamera", "fov": 75},
        "material": {"cls": "PointsMaterial", "size": 4},
    }
    with TorchWriter(str(root / "torch")) as w:
        w.add_embedding(
            torch.tensor(mat),
            metadata=[str(i % 4) for i in range(40)],
            label_img=torch.rand(40, 3, 5, 5),
            global_step=3,
            tag="feat/a",
        )
        w.add_embedding(
            torch.tensor(mat[:12]),
            metadata=[[f"p{i}", str(i % 2)] for i in range(12)],
            metadata_header=["name", "class"],
            tag="other",
        )
        for step in range(3):
            v, c, f = _mesh_arrays(step)
            w.add_mesh(
                "tetra", torch.tensor(v), colors=torch.tensor(c), faces=torch.tensor(f), global_step=step
            )
        w.add_mesh("cloud", torch.tensor(rng.normal(size=(2, 30, 3))), config_dict=camera, global_step=5)
    with tbx.SummaryWriter(str(root / "tbx")) as w:
        w.add_embedding(mat, metadata=[f"x{i}" for i in range(40)], global_step=1, tag="feat")
        v, c, f = _mesh_arrays(0)
        w.add_mesh("tetra", v, colors=c, faces=f, global_step=7)
    with trainboard.SummaryWriter(str(root / "ours")) as w:
        w.add_embedding(mat, metadata=[str(i) for i in range(40)], global_step=2, tag="ours")
        v, c, f = _mesh_arrays(1)
        w.add_mesh("tetra", v, colors=c, faces=f, config_dict=camera, global_step=2)
    # TensorFlow's visualize_embeddings: the config at the run, a raw float32 tensor of tensor_shape.
    tf_run = root / "tf"
    with trainboard.SummaryWriter(str(tf_run)) as w:
        w.add_scalar("loss", 1.0, 0)
    (tf_run / "vec").mkdir()
    mat[:10].tofile(tf_run / "vec" / "vectors.bytes")
    (tf_run / "vec" / "meta.tsv").write_text("".join(f"w{i}\n" for i in range(10)))
    (tf_run / "projector_config.pbtxt").write_text(
        'embeddings {\n  tensor_name: "word_vectors:0"\n  metadata_path: "vec/meta.tsv"\n'
        '  tensor_shape: 10\n  tensor_shape: 6\n  tensor_path: "vec/vectors.bytes"\n}\n'
    )


@pytest.fixture(scope="module")
def logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("projector_logs")
    write_logdir(root)
    return root


@pytest.fixture(scope="module")
def tensorboard_port(logdir: Path) -> Iterator[int]:
    port = _free_port()
    command = [sys.executable, "-m", "tensorboard.main", "--logdir", str(logdir), "--port", str(port)]
    command += ["--host", "127.0.0.1", "--load_fast=false", "--reload_interval=1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        runs: list[str] = []
        meshes: dict[str, Any] = {}
        while True:
            try:
                runs = json.loads(_tb(port, "/data/plugin/projector/runs")[1])
                meshes = json.loads(_tb(port, "/data/plugin/mesh/tags")[1])
                if {"torch", "tbx", "ours", "tf"} <= set(runs) and {"torch", "tbx", "ours"} <= set(meshes):
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"TensorBoard listed projector runs {runs}, meshes {meshes}"
            time.sleep(0.5)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def ours(logdir: Path) -> TestClient:
    exp = trainboard.read(str(logdir))
    return TestClient(
        create_app(exp, ServerSettings(logdir=str(logdir), api_only=True)), base_url="http://localhost"
    )


def _tb(port: int, route: str, **params: Any) -> tuple[int, bytes, str]:
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{route}{query}", timeout=60) as r:
            return r.status, r.read(), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers.get("Content-Type", "")


def _both(port: int, ours: TestClient, route: str, **params: Any) -> tuple[tuple[int, bytes, str], ...]:
    theirs = _tb(port, route, **params)
    mine = ours.get(route, params=params)
    return theirs, (mine.status_code, mine.content, mine.headers.get("content-type", ""))


EMBEDDINGS = [
    ("torch", "feat/a:00003"),
    ("torch", "other:00000"),
    ("tbx", "feat:00001"),
    ("ours", "ours:00002"),
    ("tf", "word_vectors"),
]


def test_runs_and_info_match(tensorboard_port: int, ours: TestClient) -> None:
    theirs, mine = _both(tensorboard_port, ours, "/data/plugin/projector/runs")
    assert sorted(json.loads(mine[1])) == sorted(json.loads(theirs[1])) == ["ours", "tbx", "tf", "torch"]
    for run in ("torch", "tbx", "ours", "tf"):
        theirs, mine = _both(tensorboard_port, ours, "/data/plugin/projector/info", run=run)
        assert json.loads(mine[1]) == json.loads(theirs[1]), run
    theirs, mine = _both(tensorboard_port, ours, "/data/plugin/projector/info", run="nope")
    assert mine[0] == theirs[0] == 400
    assert mine[1] == theirs[1]


@pytest.mark.parametrize(("run", "name"), EMBEDDINGS)
@pytest.mark.parametrize("num_rows", [None, 5])
def test_tensor_and_metadata_match(
    tensorboard_port: int, ours: TestClient, run: str, name: str, num_rows: int | None
) -> None:
    params: dict[str, Any] = {"run": run, "name": name}
    if num_rows:
        params["num_rows"] = num_rows
    theirs, mine = _both(tensorboard_port, ours, "/data/plugin/projector/tensor", **params)
    assert theirs[0] == 200
    assert mine[:2] == theirs[:2]
    assert mine[2].split(";")[0] == theirs[2].split(";")[0] == "application/octet-stream"
    theirs, mine = _both(tensorboard_port, ours, "/data/plugin/projector/metadata", **params)
    assert theirs[0] == 200
    assert mine[:2] == theirs[:2]
    assert mine[2].split(";")[0] == theirs[2].split(";")[0] == "text/plain"


def test_sprite_and_errors_match(tensorboard_port: int, ours: TestClient) -> None:
    params = {"run": "torch", "name": "feat/a:00003"}
    theirs, mine = _both(tensorboard_port, ours, "/data/plugin/projector/sprite_image", **params)
    assert theirs[0] == 200 and mine[:3] == theirs[:3]
    for route, bad in [
        ("/data/plugin/projector/tensor", {"run": "torch"}),
        ("/data/plugin/projector/tensor", {"run": "torch", "name": "x", "num_rows": "0"}),
        ("/data/plugin/projector/sprite_image", {"run": "tbx", "name": "feat:00001"}),
    ]:
        theirs, mine = _both(tensorboard_port, ours, route, **bad)
        assert mine[0] == theirs[0] == 400, (route, bad, theirs)


def test_mesh_tags_meshes_and_data_match(tensorboard_port: int, ours: TestClient) -> None:
    theirs, mine = _both(tensorboard_port, ours, "/data/plugin/mesh/tags")
    tags = json.loads(theirs[1])
    assert json.loads(mine[1]) == tags
    assert tags["torch"] == {"tetra": {"samples": 1}, "cloud": {"samples": 2}}
    checked = 0
    for run, by_tag in tags.items():
        for tag in by_tag:
            theirs, mine = _both(tensorboard_port, ours, "/data/plugin/mesh/meshes", run=run, tag=tag)
            steps = json.loads(theirs[1])
            assert json.loads(mine[1]) == steps, (run, tag)
            for entry in steps:
                for kind in ("VERTEX", "FACE", "COLOR"):
                    for sample in range(by_tag[tag]["samples"]):
                        params = {"run": run, "tag": tag, "step": entry["step"], "content_type": kind}
                        theirs, mine = _both(
                            tensorboard_port, ours, "/data/plugin/mesh/data", **params, sample=sample
                        )
                        assert mine[:2] == theirs[:2], (run, tag, kind, entry["step"], sample)
                        checked += 1
    assert checked > 20
    theirs, mine = _both(
        tensorboard_port, ours, "/data/plugin/mesh/data", run="torch", tag="tetra", content_type="NOPE"
    )
    assert mine[:2] == theirs[:2] == (400, b"Bad content_type")
