"""DataFrames for each kind of data, from a run written by torch's SummaryWriter."""

from __future__ import annotations

import numpy as np
import pytest

import trainboard

torch_tb = pytest.importorskip("torch.utils.tensorboard")
pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def exp(tmp_path_factory):
    root = tmp_path_factory.mktemp("frames")
    writer = torch_tb.SummaryWriter(str(root / "run"))
    for step in (0, 10):
        writer.add_histogram("weights", np.array([0.5, 1.5, 1.5, 3.0]), step)
        writer.add_image("sample", np.ones((3, 4, 6)), step)
        writer.add_audio("clip", np.zeros(100), step, sample_rate=8000)
        writer.add_text("notes", f"at {step}", step)
        writer.add_pr_curve("pr", np.array([0, 1, 1, 0]), np.array([0.1, 0.9, 0.8, 0.3]), step)
    writer.close()
    return trainboard.read(root)


def test_histograms_have_one_row_per_bucket_and_counts_add_up(exp):
    frame = exp.histograms()
    assert list(frame.columns) == ["run", "tag", "step", "wall_time", "left", "right", "count"]
    assert frame.groupby("step")["count"].sum().tolist() == [4.0, 4.0]


def test_images_list_each_picture_with_its_size_and_blob_id(exp):
    frame = exp.images()
    assert frame[["step", "width", "height"]].values.tolist() == [[0, 6, 4], [10, 6, 4]]
    assert exp.read_blob(frame.blob_id.iloc[0])[:4] == b"\x89PNG"


def test_audio_lists_each_clip_readable_as_wav(exp):
    frame = exp.audio(run="run", tag="clip")
    assert len(frame) == 2
    assert exp.read_blob(frame.blob_id.iloc[1])[:4] == b"RIFF"


def test_text_and_tensors_give_one_row_per_step(exp):
    assert exp.text().text.tolist() == ["at 0", "at 10"]
    pr = exp.tensors(plugin="pr_curves")
    assert pr.step.tolist() == [0, 10] and pr.value.iloc[0].shape[0] == 6
