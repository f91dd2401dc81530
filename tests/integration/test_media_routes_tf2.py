"""TF2-style new-style tensors reach the same dashboards: `[k, 3]` histograms, rank-0 and rank-2 text,
multi-image `[w, h, png, png]` steps and `[k, 2]` audio with labels, written as TensorFlow writes them.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from PIL import Image

import trainboard
from trainboard.events import messages as m
from trainboard.events.records import frame
from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings


def metadata(plugin: str, content: bytes = b"", description: str = "") -> m.SummaryMetadata:
    return m.SummaryMetadata(
        plugin_data=m.PluginData(plugin_name=plugin, content=content), summary_description=description
    )


def strings(values: list[bytes], shape: list[int]) -> m.TensorProto:
    return m.TensorProto(dtype=m.DT_STRING, tensor_shape=m.TensorShapeProto.of(shape), string_val=values)


def png(shade: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (10, 8), (shade, shade, shade)).save(buf, format="PNG")
    return buf.getvalue()


def wav(rate: int) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\0\0\0\0" * rate)
    return buf.getvalue()


def write_tf2_logdir(run_dir: Path) -> None:
    run_dir.mkdir(parents=True)
    events = [m.Event(wall_time=1.0, file_version="brain.Event:2")]
    rng = np.random.default_rng(0)
    for step in range(4):
        counts, edges = np.histogram(rng.normal(step, 1.0, 500), bins=30)
        buckets = np.stack([edges[:-1], edges[1:], counts], axis=1).astype("<f8")
        values = [
            m.SummaryValue(
                tag="weights",
                tensor=m.TensorProto(
                    dtype=m.DT_DOUBLE,
                    tensor_shape=m.TensorShapeProto.of([30, 3]),
                    tensor_content=buckets.tobytes(),
                ),
                metadata=metadata("histograms"),
            ),
            m.SummaryValue(
                tag="note", tensor=strings([f"**step {step}**".encode()], []), metadata=metadata("text")
            ),
            m.SummaryValue(
                tag="grid", tensor=strings([b"a", b"b", b"c", b"d"], [2, 2]), metadata=metadata("text")
            ),
            m.SummaryValue(
                tag="pair",
                tensor=strings([b"10", b"8", png(40 * step), png(255 - 40 * step)], [4]),
                metadata=metadata("images"),
            ),
            m.SummaryValue(
                tag="speech",
                tensor=strings([wav(16000), b"*hello*", wav(16000), b"*world*"], [2, 2]),
                metadata=metadata(
                    "audio", m.AudioPluginData(encoding=m.AUDIO_ENCODING_WAV).encode(), "greeting"
                ),
            ),
        ]
        events.append(m.Event(wall_time=10.0 + step, step=step, summary=m.Summary(value=values)))
    data = b"".join(frame(e.encode()) for e in events)
    (run_dir / "events.out.tfevents.1700000000.host.1.v2").write_bytes(data)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    root = tmp_path_factory.mktemp("tf2-logs")
    write_tf2_logdir(root / "tf2")
    app = create_app(trainboard.read(str(root)), ServerSettings(logdir=str(root), api_only=True))
    with TestClient(app, base_url="http://localhost") as c:
        yield c


def get(client: TestClient, path: str, **params: object) -> dict:
    response = client.get(path, params={"run": "tf2", **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_k_by_3_histograms_feed_both_histograms_and_distributions(client: TestClient) -> None:
    hist = get(client, "/api/histograms", tag="weights")
    assert [sum(h["counts"]) for h in hist["histograms"]] == pytest.approx([500] * 4)
    dist = get(client, "/api/distributions", tag="weights")
    np.testing.assert_allclose(dist["percentiles"][4], [0, 1, 2, 3], atol=0.25)


def test_rank_zero_text_is_a_document_and_rank_two_a_table(client: TestClient) -> None:
    assert get(client, "/api/text", tag="note")["entries"][0]["text"] == "**step 3**"
    assert get(client, "/api/text", tag="grid")["entries"][0]["table"] == [["a", "b"], ["c", "d"]]


def test_several_images_per_step_are_listed_in_order(client: TestClient) -> None:
    listing = get(client, "/api/images", tag="pair")
    assert listing["samples"] == 2
    step = get(client, "/api/images/step", tag="pair", step=1)
    assert [(i["width"], i["height"]) for i in step["images"]] == [(10, 8), (10, 8)]
    shades = []
    for blob_id in listing["blobs"][1]:
        data = client.get(f"/api/blob/{blob_id}").content
        shades.append(Image.open(io.BytesIO(data)).getpixel((0, 0))[0])
    assert shades == [40, 215]


def test_labelled_audio_keeps_its_clips_and_reports_stereo(client: TestClient) -> None:
    step = get(client, "/api/audio/step", tag="speech", step=0)
    assert [c["channels"] for c in step["clips"]] == [2, 2]
    assert {c["sample_rate"] for c in step["clips"]} == {16000}
    assert step["description"] == "greeting"


def test_each_audio_clip_comes_with_the_label_logged_beside_it(client: TestClient) -> None:
    step = get(client, "/api/audio/step", tag="speech", step=3)
    assert [c["label"] for c in step["clips"]] == ["*hello*", "*world*"]
    listing = get(client, "/api/audio", tag="speech")
    assert [c["blob_id"] for c in step["clips"]] == listing["blobs"][3]
