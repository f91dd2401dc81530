"""Histograms, distributions, images, video, audio and text served from real logdirs.

Each logdir is written by torch's `SummaryWriter` and by trainboard's, read by the real store and
queried through the real app, so the legacy (`histo`, `image`, `audio`) and new-style encodings both
reach the dashboards' routes.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

import trainboard
from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings

torch = pytest.importorskip("torch")
matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

STEPS = 6
WRITERS = ["torch", "trainboard"]


def write_logdir(root: Path, writer_kind: str) -> None:
    if writer_kind == "torch":
        from torch.utils.tensorboard import SummaryWriter
    else:
        from trainboard import SummaryWriter
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(0)
    w = SummaryWriter(str(root / "run"))
    for step in range(STEPS):
        w.add_histogram("weights", rng.normal(loc=step, scale=1.0, size=2000), step)
        img = np.zeros((3, 16, 24), np.float32)
        img[0] = step / (STEPS - 1)  # the red channel brightens with the step
        w.add_image("sample", img, step)
        w.add_images("batch", np.stack([img, img[::-1]]), step)
        w.add_audio("tone", np.sin(np.linspace(0, 200, 8000)) * 0.5, step, sample_rate=8000)
        w.add_text("notes", f"| step | loss |\n|---|---|\n| {step} | {1 / (step + 1):.3f} |", step)
    fig = plt.figure(figsize=(2, 2))
    plt.plot([0, 1], [1, 0])
    w.add_figure("figure", fig, 0)
    w.add_image_with_boxes("boxes", np.ones((3, 32, 32), np.float32) * 0.5, np.array([[2, 2, 20, 20]]), 0)
    if writer_kind == "trainboard" or importlib.util.find_spec("moviepy") is not None:
        w.add_video("clip", rng.random((1, 4, 3, 8, 8)).astype(np.float32), 0, fps=4)
    w.close()


@pytest.fixture(scope="module", params=WRITERS)
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp(f"logs-{request.param}")
    write_logdir(root, request.param)
    exp = trainboard.read(str(root))
    app = create_app(exp, ServerSettings(logdir=str(root), api_only=True))
    with TestClient(app, base_url="http://localhost") as c:
        c.writer_kind = request.param  # type: ignore[attr-defined]
        yield c


def get(client: TestClient, path: str, **params: object) -> dict:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_every_dashboard_is_listed_with_data(client: TestClient) -> None:
    listing = {p["name"]: p["has_data"] for p in client.get("/api/plugins").json()}
    for name in ("images", "audio", "distributions", "histograms", "text"):
        assert listing[name] is True, name


def test_histogram_counts_every_value_and_moves_with_the_step(client: TestClient) -> None:
    out = get(client, "/api/histograms", run="run", tag="weights", bins=40)
    assert [h["step"] for h in out["histograms"]] == list(range(STEPS))
    centers = np.convolve(out["edges"], [0.5, 0.5], "valid")
    means = [np.average(centers, weights=h["counts"]) for h in out["histograms"]]
    assert all(b > a + 0.5 for a, b in itertools.pairwise(means))
    assert sum(out["histograms"][0]["counts"]) == pytest.approx(2000)


def test_distribution_median_tracks_the_logged_mean(client: TestClient) -> None:
    out = get(client, "/api/distributions", run="run", tag="weights")
    assert out["basis_points"] == [0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000]
    np.testing.assert_allclose(out["percentiles"][4], np.arange(STEPS), atol=0.15)
    lines = np.array(out["percentiles"])
    assert np.all(np.diff(lines, axis=0) >= 0), "percentile lines must be ordered"


def test_image_steps_are_all_listed_and_each_blob_is_a_png_of_the_logged_pixels(client: TestClient) -> None:
    out = get(client, "/api/images", run="run", tag="sample")
    assert out["step"] == list(range(STEPS))
    reds = []
    for blobs in out["blobs"]:
        response = client.get(f"/api/blob/{blobs[0]}")
        assert response.headers["content-type"] == "image/png"
        assert "immutable" in response.headers["cache-control"]
        reds.append(np.asarray(Image.open(io.BytesIO(response.content)))[..., 0].mean())
    assert reds == sorted(reds) and reds[0] < 5 and reds[-1] > 250


def test_image_step_details_report_the_size(client: TestClient) -> None:
    out = get(client, "/api/images/step", run="run", tag="sample", step=3)
    assert [(i["width"], i["height"], i["content_type"]) for i in out["images"]] == [(24, 16, "image/png")]


def test_add_images_grid_figure_and_boxes_appear_as_images(client: TestClient) -> None:
    tags = get(client, "/api/tags", plugin="images")["runs"]["run"]
    assert {"sample", "batch", "figure", "boxes"} <= set(tags)
    batch = get(client, "/api/images/step", run="run", tag="batch", step=0)["images"][0]
    assert (batch["width"], batch["height"]) == (48, 16)  # two 24x16 images side by side
    figure = get(client, "/api/images/step", run="run", tag="figure", step=0)["images"][0]
    assert (figure["width"], figure["height"]) == (200, 200)


def test_video_is_an_animated_gif(client: TestClient) -> None:
    if client.writer_kind == "torch":  # type: ignore[attr-defined]
        pytest.importorskip("moviepy.editor", reason="torch's add_video needs moviepy (in the dev extra)")
    out = get(client, "/api/images/step", run="run", tag="clip", step=0)
    assert out["images"][0]["content_type"] == "image/gif"
    assert out["images"][0]["frames"] == 4


def test_audio_clip_is_served_as_wav_with_its_sample_rate(client: TestClient) -> None:
    listing = get(client, "/api/audio", run="run", tag="tone")
    assert listing["step"] == list(range(STEPS))
    step = get(client, "/api/audio/step", run="run", tag="tone", step=2)
    clip = step["clips"][0]
    assert (clip["content_type"], clip["sample_rate"], clip["channels"], clip["frames"]) == (
        "audio/wav",
        8000,
        1,
        8000,
    )
    response = client.get(f"/api/blob/{clip['blob_id']}")
    assert response.content[:4] == b"RIFF" and response.headers["content-type"].startswith("audio/")


def test_text_entries_are_newest_first_with_the_logged_markdown(client: TestClient) -> None:
    tag = next(iter(get(client, "/api/tags", plugin="text")["runs"]["run"]))
    out = get(client, "/api/text", run="run", tag=tag)
    assert [e["step"] for e in out["entries"]] == list(reversed(range(STEPS)))
    assert out["entries"][0]["text"].startswith("| step | loss |")


def test_unknown_tag_and_bad_arguments_answer_with_one_line_errors(client: TestClient) -> None:
    missing = client.get("/api/histograms", params={"run": "run", "tag": "nope"})
    assert missing.status_code == 404 and "nope" in missing.json()["error"]
    bad = client.get("/api/histograms", params={"run": "run", "tag": "weights", "bins": 0})
    assert bad.status_code == 400 and "bins" in bad.json()["error"]
    no_step = client.get("/api/images/step", params={"run": "run", "tag": "sample", "step": 999})
    assert no_step.status_code == 404 and "999" in no_step.json()["error"]
