"""Embeddings read back: exp.embeddings(), our /api/projector routes, and refusals of hostile configs."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

import trainboard
from trainboard import SummaryWriter
from trainboard.errors import InvalidArgumentError, NotFoundError
from trainboard.plugins.projector.embeddings import ConfigError, parse_config, parse_metadata
from trainboard.plugins.projector.routes import neighbors, pca
from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings

RNG = np.random.default_rng(0)
MAT = RNG.normal(size=(30, 5)).astype(np.float32)


def client(logdir: Path) -> TestClient:
    return TestClient(
        create_app(trainboard.read(logdir), ServerSettings(logdir=str(logdir), api_only=True)),
        base_url="http://localhost",
    )


def write(logdir: Path) -> None:
    with SummaryWriter(str(logdir / "run")) as w:
        w.add_embedding(MAT, metadata=[str(i % 3) for i in range(30)], global_step=4, tag="feat/x")
        w.add_embedding(
            MAT[:6],
            metadata=[[f"n{i}", str(i * 0.5)] for i in range(6)],
            metadata_header=["name", "score"],
            label_img=np.ones((6, 3, 2, 2)),
            tag="small",
        )


def test_embeddings_give_numpy_and_dataframes(tmp_path: Path) -> None:
    write(tmp_path)
    exp = trainboard.read(tmp_path)
    embs = exp.embeddings()
    assert [(e.run, e.name, e.tag, e.step) for e in embs] == [
        ("run", "feat/x:00004", "feat/x", 4),
        ("run", "small:00000", "small", 0),
    ]
    np.testing.assert_array_equal(embs[0].tensor, MAT)
    assert embs[0].tensor.dtype == np.float32 and not embs[0].tensor.flags.writeable
    assert list(embs[0].metadata.columns) == ["label"]
    assert embs[0].metadata["label"].tolist()[:4] == ["0", "1", "2", "0"]
    assert list(embs[1].metadata.columns) == ["name", "score"]
    assert embs[1].metadata["name"].tolist() == [f"n{i}" for i in range(6)]
    assert embs[1].sprite_dim == [2, 2] and embs[1].sprite_bytes()[:4] == b"\x89PNG"
    assert exp.embeddings("run", "small:00000")[0].shape == [6, 5]
    assert exp.embeddings(name="nope") == []


def test_a_config_at_the_logdir_root_is_run_dot(tmp_path: Path) -> None:
    (tmp_path / "t.tsv").write_text("1\t2\n3\t4\n")
    (tmp_path / "projector_config.pbtxt").write_text('embeddings { tensor_path: "t.tsv" }')
    [emb] = trainboard.read(tmp_path).embeddings()
    assert (emb.run, emb.name) == (".", "t.tsv")
    np.testing.assert_array_equal(emb.tensor, [[1, 2], [3, 4]])


@pytest.mark.parametrize(
    "path",
    ["../secret.tsv", "/etc/passwd", "link/secret.tsv", "sub/../../secret.tsv", "~/secret.tsv"],
)
@pytest.mark.parametrize("field", ["tensor_path", "metadata_path", "sprite"])
def test_paths_outside_the_run_are_refused(tmp_path: Path, path: str, field: str) -> None:
    outside = tmp_path / "secret.tsv"
    outside.write_text("9\t9\n")
    run = tmp_path / "logs" / "run"
    with SummaryWriter(str(run)) as w:
        w.add_scalar("x", 1.0, 0)
    (run / "t.tsv").write_text("1\t2\n")
    (run / "sub").mkdir()
    os.symlink(tmp_path, run / "link")
    entry = {
        "tensor_path": f'tensor_path: "{path}"',
        "metadata_path": f'tensor_path: "t.tsv" metadata_path: "{path}"',
        "sprite": f'tensor_path: "t.tsv" sprite {{ image_path: "{path}" single_image_dim: 1 }}',
    }[field]
    (run / "projector_config.pbtxt").write_text(f'embeddings {{ tensor_name: "e" {entry} }}')
    [emb] = trainboard.read(tmp_path / "logs").embeddings()
    with pytest.raises(ConfigError, match="outside the run directory"):
        if field == "tensor_path":
            _ = emb.tensor
        elif field == "metadata_path":
            emb.metadata_bytes()
        else:
            emb.sprite_bytes()
    c = client(tmp_path / "logs")
    route = {"tensor_path": "tensor", "metadata_path": "metadata", "sprite": "sprite_image"}[field]
    answer = c.get(f"/data/plugin/projector/{route}", params={"run": "run", "name": "e"})
    assert answer.status_code == 400 and b"outside the run directory" in answer.content
    assert b"9\t9" not in answer.content
    ours = {"tensor_path": "tensor", "metadata_path": "metadata", "sprite": "sprite"}[field]
    answer = c.get(f"/api/projector/{ours}", params={"run": "run", "name": "e"})
    assert answer.status_code == 400 and "outside the run directory" in answer.json()["error"]


def test_config_text_format() -> None:
    config = parse_config(
        '# a comment\nmodel_checkpoint_path: "ck"\nembeddings <\n tensor_name: "a\\tb\\303\\251" '
        "tensor_shape: [3, 2]\n sprite: { image_path: 's.png' single_image_dim: 4 single_image_dim: 4 } >\n"
        'embeddings { tensor_name: "x" "y"; }\n'
    )
    first, second = config.embeddings
    assert config.model_checkpoint_path == "ck"
    assert first.tensor_name == "a\tb\u00e9"
    assert first.sprite.single_image_dim == [4, 4] and first.sprite.image_path == "s.png"
    assert second.tensor_name == "xy"
    bad_configs = [
        'embeddings { tensor_name: "a"',
        "embeddings { tensor_shape: x }",
        "??",
        'tensor_name: "a"',  # a field of another message
        "embeddings: 3",
        "embeddings { tensor_shape: [1, 2 }",
    ]
    for bad in bad_configs:
        with pytest.raises(ConfigError):
            parse_config(bad)


def test_a_broken_config_is_a_clear_error_and_hides_no_other_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path)
    with SummaryWriter(str(tmp_path / "broken")) as w:
        w.add_scalar("x", 1.0, 0)
    (tmp_path / "broken" / "projector_config.pbtxt").write_text("embeddings { tensor_path: ")
    exp = trainboard.read(tmp_path)
    with pytest.raises(InvalidArgumentError, match=r"projector_config\.pbtxt.*fix or remove"):
        exp.embeddings("broken")
    assert {e.run for e in exp.embeddings()} == {"run"}
    assert "skipping the embeddings of run 'broken'" in caplog.text
    c = client(tmp_path)
    assert [e["run"] for e in c.get("/api/projector/embeddings").json()["embeddings"]] == ["run", "run"]
    assert c.get("/api/plugins").status_code == 200
    answer = c.get("/data/plugin/projector/info", params={"run": "broken"})
    assert answer.status_code == 400


def test_metadata_with_and_without_header() -> None:
    assert parse_metadata(b"a\nb\n\n").values == [["a", "b"]]
    table = parse_metadata(b"name\tkind\nx\t1\ny\n")
    assert table.columns == ["name", "kind"] and table.values == [["x", "y"], ["1", ""]]


def test_bad_tensors_are_clear_errors(tmp_path: Path) -> None:
    run = tmp_path / "run"
    with SummaryWriter(str(run)) as w:
        w.add_scalar("x", 1.0, 0)
    (run / "ragged.tsv").write_text("1\t2\n3\n")
    (run / "words.tsv").write_text("1\tx\n")
    (run / "bin").write_bytes(b"\xff" * 12)
    (run / "projector_config.pbtxt").write_text(
        'embeddings { tensor_name: "r" tensor_path: "ragged.tsv" }\n'
        'embeddings { tensor_name: "w" tensor_path: "words.tsv" }\n'
        'embeddings { tensor_name: "b" tensor_path: "bin" tensor_shape: 2 tensor_shape: 2 }\n'
        'embeddings { tensor_name: "m" tensor_path: "missing.tsv" }\n'
    )
    r, w, b, m = trainboard.read(tmp_path).embeddings()
    with pytest.raises(ConfigError, match="rows of different lengths"):
        _ = r.tensor
    with pytest.raises(ConfigError, match="not a number"):
        _ = w.tensor
    with pytest.raises(ConfigError, match="neither tab-separated text nor float32"):
        _ = b.tensor
    with pytest.raises(NotFoundError, match="does not exist"):
        _ = m.tensor
    answer = client(tmp_path).get("/api/projector/tensor", params={"run": "run", "name": "r"})
    assert answer.status_code == 400


def test_api_routes(tmp_path: Path) -> None:
    write(tmp_path)
    c = client(tmp_path)
    listing = c.get("/api/projector/embeddings").json()["embeddings"]
    assert [e["name"] for e in listing] == ["feat/x:00004", "small:00000"]
    assert listing[1]["sprite"] == {"single_image_dim": [2, 2]} and listing[0]["sprite"] is None
    answer = c.get("/api/projector/tensor", params={"run": "run", "name": "feat/x:00004"})
    assert answer.headers["x-shape"] == "30,5"
    np.testing.assert_array_equal(np.frombuffer(answer.content, "<f4").reshape(30, 5), MAT)
    answer = c.get("/api/projector/pca", params={"run": "run", "name": "feat/x:00004"})
    proj = np.frombuffer(answer.content, "<f4").reshape(30, 3)
    variance = [float(v) for v in answer.headers["x-variance"].split(",")]
    centered = MAT - MAT.mean(0)
    s = np.linalg.svd(centered, compute_uv=False)
    np.testing.assert_allclose(variance, (s[:3] ** 2) / (s**2).sum(), rtol=1e-4)
    np.testing.assert_allclose(
        np.abs(proj).std(0), np.abs(centered @ np.linalg.svd(centered)[2][:3].T).std(0), rtol=1e-3
    )
    meta = c.get("/api/projector/metadata", params={"run": "run", "name": "small:00000"}).json()
    assert meta["columns"] == ["name", "score"] and meta["values"][1] == [str(i * 0.5) for i in range(6)]
    near = c.get(
        "/api/projector/neighbors",
        params={"run": "run", "name": "feat/x:00004", "index": 3, "k": 4, "metric": "euclidean"},
    ).json()
    brute = np.linalg.norm(MAT - MAT[3], axis=1)
    brute[3] = np.inf
    assert near["neighbors"] == np.argsort(brute)[:4].tolist()
    np.testing.assert_allclose(near["distances"], np.sort(brute)[:4], rtol=1e-5)
    assert (
        c.get("/api/projector/sprite", params={"run": "run", "name": "small:00000"}).content[:4] == b"\x89PNG"
    )
    assert c.get("/api/projector/sprite", params={"run": "run", "name": "feat/x:00004"}).status_code == 404
    assert c.get("/api/projector/tensor", params={"run": "run", "name": "zzz"}).status_code == 404
    plugins = {p["name"]: p["has_data"] for p in c.get("/api/plugins").json()}
    assert plugins["projector"] is True and plugins["mesh"] is False


def test_cosine_neighbours_and_large_pca() -> None:
    x = np.array([[1, 0], [2, 0.1], [0, 1], [-1, 0], [0, 0]], dtype=np.float32)
    out = neighbors(x, 0, 4, "cosine")
    assert out["neighbors"][:3] == [1, 2, 4] or out["neighbors"][:2] == [1, 2]
    assert out["distances"][0] == pytest.approx(1 - 2 / np.hypot(2, 0.1), abs=1e-6)
    assert out["neighbors"][-1] == 3 and out["distances"][-1] == pytest.approx(2.0)
    with pytest.raises(NotFoundError):
        neighbors(x, 9, 2, "cosine")
    # Above 1024 dimensions the randomized path must find the same top components.
    basis = np.linalg.qr(RNG.normal(size=(1500, 3)))[0].T
    wide = (RNG.normal(size=(200, 3)) * [10, 5, 2]) @ basis + RNG.normal(size=(200, 1500)) * 0.01
    proj, info = pca(wide.astype(np.float32))
    exact = np.linalg.svd(wide - wide.mean(0), full_matrices=False)
    np.testing.assert_allclose(
        np.abs(proj), np.abs((wide - wide.mean(0)) @ exact[2][:3].T), rtol=1e-2, atol=1e-2
    )
    assert info["variance"][0] > info["variance"][1] > info["variance"][2]
