"""Images: listing names blobs without reading them; one step's details come from its own bytes."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from trainboard.errors import NotFoundError
from trainboard.plugins.images.routes import image_content_type, image_info, image_step_impl, images_impl
from trainboard.store.series import BlobRef, BlobSequenceDatum


def png(width: int, height: int, color: tuple[int, int, int] = (200, 10, 10)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, format="PNG")
    return buf.getvalue()


def gif(frames: int) -> bytes:
    buf = io.BytesIO()
    imgs = [Image.new("RGB", (8, 6), (i * 40, 0, 0)) for i in range(frames)]
    imgs[0].save(buf, format="GIF", save_all=True, append_images=imgs[1:], duration=250, loop=0)
    return buf.getvalue()


class FakeExperiment:
    """Blob sequences in memory, counting how many blobs were read."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self.series: list[BlobSequenceDatum] = []
        self.reads = 0

    def add_step(self, step: int, images: list[bytes]) -> None:
        first = Image.open(io.BytesIO(images[0]))
        parts = [str(first.width).encode(), str(first.height).encode(), *images]
        refs = []
        for part in parts:
            blob_id = f"b{len(self.blobs)}"
            self.blobs[blob_id] = part
            refs.append(BlobRef(blob_id, len(part)))
        self.series.append(BlobSequenceDatum(step, 1000.0 + step, tuple(refs)))

    def blob_series(self, run: str, tag: str) -> list[BlobSequenceDatum]:
        return self.series

    def read_blob(self, blob_id: str) -> bytes:
        self.reads += 1
        return self.blobs[blob_id]


def test_listing_every_step_reads_no_image_bytes() -> None:
    exp = FakeExperiment()
    for step in range(200):
        exp.add_step(step, [png(4, 4)])
    out = images_impl(exp, "r", "t")  # type: ignore[arg-type]
    assert exp.reads == 0
    assert out["step"] == list(range(200))
    assert out["total"] == 200


def test_listing_leaves_out_the_width_and_height_blobs() -> None:
    exp = FakeExperiment()
    exp.add_step(0, [png(4, 4), png(4, 4), png(4, 4)])
    out = images_impl(exp, "r", "t")  # type: ignore[arg-type]
    assert out["samples"] == 3
    assert all(exp.blobs[b].startswith(b"\x89PNG") for b in out["blobs"][0])


def test_samples_cap_spreads_steps_but_keeps_the_latest() -> None:
    exp = FakeExperiment()
    for step in range(50):
        exp.add_step(step, [png(2, 2)])
    out = images_impl(exp, "r", "t", cap=5)  # type: ignore[arg-type]
    assert len(out["step"]) == 5 and out["step"][-1] == 49
    assert out["total"] == 50


def test_step_details_give_size_and_type_of_each_image() -> None:
    exp = FakeExperiment()
    exp.add_step(3, [png(64, 32), png(64, 32)])
    out = image_step_impl(exp, "r", "t", step=3)  # type: ignore[arg-type]
    assert [(i["width"], i["height"], i["content_type"]) for i in out["images"]] == [
        (64, 32, "image/png")
    ] * 2


def test_video_gif_reports_its_frame_count() -> None:
    info = image_info(gif(5))
    assert info["content_type"] == "image/gif"
    assert info["frames"] == 5


def test_unknown_step_is_a_not_found_error_naming_the_listing() -> None:
    exp = FakeExperiment()
    exp.add_step(1, [png(2, 2)])
    with pytest.raises(NotFoundError, match="/api/images"):
        image_step_impl(exp, "r", "t", step=2)  # type: ignore[arg-type]


def test_content_type_is_detected_from_the_bytes() -> None:
    buf = io.BytesIO()
    Image.fromarray(np.zeros((2, 2, 3), np.uint8)).save(buf, format="JPEG")
    assert image_content_type(buf.getvalue()) == "image/jpeg"
    assert image_content_type(b"not an image") == "application/octet-stream"
    assert image_info(b"not an image")["width"] is None
