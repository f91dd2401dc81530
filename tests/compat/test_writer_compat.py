"""Every `SummaryWriter` method against torch's: the same inputs, read back by TensorBoard's own
`EventAccumulator`, give the same tags, steps, values, plugin names and contents; and the records
are byte-identical where torch's output is deterministic (scalars, text, histograms).
"""

from __future__ import annotations

import glob
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("tensorboard")

from PIL import Image  # noqa: E402
from tensorboard.backend.event_processing import event_accumulator as ea_module  # noqa: E402
from tensorboard.util import tensor_util  # noqa: E402
from torch.utils.tensorboard import SummaryWriter as TorchWriter  # noqa: E402

from trainboard import SummaryWriter  # noqa: E402
from trainboard.events.records import read_records  # noqa: E402

pytestmark = pytest.mark.compat

WALL = 1_700_000_000.25
KEEP_ALL = {key: 0 for key in ea_module.DEFAULT_SIZE_GUIDANCE}


def write_both(tmp_path: Path, log: Callable[[Any], None]) -> tuple[Path, Path]:
    """Run ``log(writer)`` with torch's writer and with ours; return both log dirs."""
    theirs, ours = tmp_path / "torch", tmp_path / "trainboard"
    with TorchWriter(str(theirs)) as writer:
        log(writer)
    with SummaryWriter(str(ours)) as writer:
        log(writer)
    return theirs, ours


def load(run_dir: Path) -> ea_module.EventAccumulator:
    acc = ea_module.EventAccumulator(str(run_dir), size_guidance=KEEP_ALL)
    acc.Reload()
    return acc


def payloads_after_first_event(run_dir: Path) -> list[bytes]:
    (path,) = glob.glob(str(run_dir / "events.out.tfevents.*"))
    with open(path, "rb") as f:
        result = read_records(f.read())
    return [payload for _, payload in result.records[1:]]


def assert_same_tags_and_metadata(
    theirs: ea_module.EventAccumulator, ours: ea_module.EventAccumulator
) -> None:
    their_tags, our_tags = theirs.Tags(), ours.Tags()
    for kind in ("scalars", "histograms", "images", "audio", "tensors"):
        assert sorted(our_tags[kind]) == sorted(their_tags[kind]), kind
    for tag in their_tags["tensors"]:
        assert (
            ours.SummaryMetadata(tag).plugin_data.plugin_name
            == theirs.SummaryMetadata(tag).plugin_data.plugin_name
        )


def decode_image(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


# -- byte identity -----------------------------------------------------------------------------
def log_deterministic(w: Any) -> None:
    rng = np.random.default_rng(0)
    values = rng.normal(size=1000)
    for step in (0, 1, 127, 128, 5000, 10**9):
        w.add_scalar("loss", 0.1 * step + 0.3, step, walltime=WALL)
        w.add_scalar("train/λ", np.float32(1 / 3), step, walltime=WALL + step)
    w.add_scalar("nostep", 2.5, walltime=WALL)
    w.add_scalar("new", 0.25, 3, walltime=WALL, new_style=True)
    w.add_scalar("new64", 0.25, 3, walltime=WALL, new_style=True, double_precision=True)
    w.add_scalar("weird", float("nan"), 4, walltime=WALL)
    w.add_scalar("weird", float("-inf"), 5, walltime=WALL)
    w.add_text("notes", "# hello **world** ✓", 3, walltime=WALL)
    w.add_text("empty", "", walltime=WALL)
    w.add_histogram("h", values, 1, walltime=WALL)
    w.add_histogram("h_int", np.arange(100), 2, walltime=WALL)
    w.add_histogram("h_auto", values, 3, bins="auto", walltime=WALL)
    w.add_histogram("h_ten", values, 4, bins=10, walltime=WALL)
    w.add_histogram("h_max", values * 1e3, 5, walltime=WALL, max_bins=7)
    w.add_histogram("h_const", np.full(10, 2.0), 6, walltime=WALL)
    w.add_histogram("h_zero", np.zeros(5), 7, walltime=WALL)
    w.add_histogram_raw("raw", -1.0, 2.0, 3, 1.0, 5.0, [0.0, 1.0, 2.0], [1, 1, 1], 8, walltime=WALL)


def test_scalar_text_and_histogram_records_are_byte_identical_to_torch(tmp_path):
    theirs, ours = write_both(tmp_path, log_deterministic)
    their_payloads, our_payloads = payloads_after_first_event(theirs), payloads_after_first_event(ours)
    assert len(our_payloads) == len(their_payloads)
    for i, (mine, ref) in enumerate(zip(our_payloads, their_payloads, strict=True)):
        assert mine == ref, f"record {i + 1} differs"


def test_scalars_read_back_equal(tmp_path):
    theirs, ours = write_both(tmp_path, log_deterministic)
    a, b = load(theirs), load(ours)
    assert_same_tags_and_metadata(a, b)
    for tag in a.Tags()["scalars"]:
        mine = [(e.wall_time, e.step, e.value) for e in b.Scalars(tag)]
        ref = [(e.wall_time, e.step, e.value) for e in a.Scalars(tag)]
        np.testing.assert_array_equal(np.array(mine), np.array(ref))
    for tag in a.Tags()["histograms"]:
        assert b.Histograms(tag) == a.Histograms(tag)


def test_add_scalars_writes_the_same_runs_and_values(tmp_path):
    def log(w):
        for step in range(3):
            w.add_scalars("loss/sum", {"train": step * 0.5, "val": step * 0.25 + 1}, step, walltime=WALL)

    theirs, ours = write_both(tmp_path, log)
    their_runs = sorted(p.name for p in theirs.iterdir() if p.is_dir())
    assert (
        sorted(p.name for p in ours.iterdir() if p.is_dir())
        == their_runs
        == ["loss_sum_train", "loss_sum_val"]
    )
    for run in their_runs:
        assert payloads_after_first_event(ours / run) == payloads_after_first_event(theirs / run)


def test_add_tensor_reads_back_the_same_arrays(tmp_path):
    arrays = {
        "f32": torch.arange(6, dtype=torch.float32).reshape(2, 3) / 7,
        "f64": torch.linspace(-1, 1, 5, dtype=torch.float64),
        "i32": torch.tensor([[1, -2], [3, 4]], dtype=torch.int32),
        "i64": torch.tensor([2**40, -5]),
        "b": torch.tensor([True, False, True]),
    }

    def log(w):
        for tag, t in arrays.items():
            w.add_tensor(tag, t, 1, walltime=WALL)

    theirs, ours = write_both(tmp_path, log)
    a, b = load(theirs), load(ours)
    assert_same_tags_and_metadata(a, b)
    for tag in arrays:
        (mine,), (ref,) = b.Tensors(tag), a.Tensors(tag)
        assert mine.step == ref.step
        np.testing.assert_array_equal(
            tensor_util.make_ndarray(mine.tensor_proto), tensor_util.make_ndarray(ref.tensor_proto)
        )


# -- images --------------------------------------------------------------------------------------
def test_images_decode_to_equal_pixels(tmp_path):
    rng = np.random.default_rng(1)
    chw = rng.random((3, 20, 30), dtype=np.float32)
    batch = rng.random((10, 1, 8, 6), dtype=np.float32)
    hwc_u8 = rng.integers(0, 256, (12, 16, 3), dtype=np.uint8)
    rgba = rng.random((16, 12, 4))
    gray = rng.random((9, 7)) * 2 - 0.5  # out of range: clipped

    def log(w):
        w.add_image("chw", chw, 1, walltime=WALL)
        w.add_image("chw", torch.from_numpy(chw).flip(0), 2, walltime=WALL)
        w.add_image("hwc_u8", hwc_u8, 1, walltime=WALL, dataformats="HWC")
        w.add_image("rgba", rgba, 1, walltime=WALL, dataformats="HWC")
        w.add_image("gray", gray, 1, walltime=WALL, dataformats="HW")
        w.add_images("batch", batch, 1, walltime=WALL)
        w.add_images("nhwc", batch.transpose(0, 2, 3, 1), 1, walltime=WALL, dataformats="NHWC")
        boxes = np.array([[1, 2, 15, 12], [5, 5, 25, 18]])
        w.add_image_with_boxes("boxes", chw, boxes, 1, walltime=WALL)
        w.add_image_with_boxes("labelled", chw, boxes, 1, walltime=WALL, labels=["cat", "dog"])
        w.add_image_with_boxes("scaled", chw, boxes[:1], 1, walltime=WALL, rescale=2)

    theirs, ours = write_both(tmp_path, log)
    a, b = load(theirs), load(ours)
    assert_same_tags_and_metadata(a, b)
    for tag in a.Tags()["images"]:
        mine, ref = b.Images(tag), a.Images(tag)
        assert [(e.step, e.width, e.height) for e in mine] == [(e.step, e.width, e.height) for e in ref]
        for x, y in zip(mine, ref, strict=True):
            np.testing.assert_array_equal(
                decode_image(x.encoded_image_string), decode_image(y.encoded_image_string)
            )


def test_figures_decode_to_equal_pixels(tmp_path):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def figure(scale):
        fig = plt.figure(figsize=(2, 1.5), dpi=50)
        plt.plot([0, 1, 2], [0, scale, 0])
        return fig

    def log(w):
        w.add_figure("fig", figure(1), 1, walltime=WALL)
        w.add_figure("figs", [figure(1), figure(2)], 1, walltime=WALL)

    theirs, ours = write_both(tmp_path, log)
    a, b = load(theirs), load(ours)
    for tag in ("fig", "figs"):
        ((mine,), (ref,)) = b.Images(tag), a.Images(tag)
        np.testing.assert_array_equal(
            decode_image(mine.encoded_image_string), decode_image(ref.encoded_image_string)
        )
    assert plt.get_fignums() == []


@pytest.mark.parametrize(("clips_n", "rows", "cols", "dtype"), [(3, 1, 4, np.float32), (5, 2, 4, np.uint8)])
def test_video_is_an_animated_gif_of_the_tiled_frames(tmp_path, clips_n, rows, cols, dtype):
    # Beyond the moviepy comparison above: check the frames against the layout rules torch's
    # writer follows (spec event-format.md §6.4), decoded from our GIF. N clips are padded to a
    # power of two and tiled 2 ** ((bit_length(N) - 1) // 2) rows high. Few colours keep the GIF
    # palette exact.
    rng = np.random.default_rng(2)
    palette = np.array([0, 64, 128, 255], dtype=np.uint8)
    clips = palette[rng.integers(0, 4, (clips_n, 5, 3, 6, 4))]
    given = clips if dtype == np.uint8 else clips.astype(np.float32) / 255
    with SummaryWriter(str(tmp_path)) as w:
        w.add_video("vid", given, 1, fps=10, walltime=WALL)
    ((event,),) = [load(tmp_path).Images("vid")]
    assert (event.width, event.height) == (cols * 4, rows * 6)
    gif = Image.open(io.BytesIO(event.encoded_image_string))
    assert gif.format == "GIF" and gif.n_frames == 5
    assert gif.info["duration"] == 100
    # torch scales uint8 to [0, 1] in float32 and back: x / 255 * 255, clipped, truncated.
    expected_values = (clips.astype(np.float32) / 255 * 255).clip(0, 255).astype(np.uint8)
    for t in range(5):
        gif.seek(t)
        frame = np.asarray(gif.convert("RGB"))
        expected = np.zeros((rows * 6, cols * 4, 3), dtype=np.uint8)
        for i in range(clips_n):
            row, col = divmod(i, cols)
            expected[row * 6 : (row + 1) * 6, col * 4 : (col + 1) * 4] = expected_values[i, t].transpose(
                1, 2, 0
            )
        np.testing.assert_array_equal(frame, expected)


def test_video_matches_torchs_moviepy_gif_frame_for_frame(tmp_path):
    # torch encodes with moviepy (a dev dependency, pinned to the 1.x line torch imports); we encode
    # with Pillow. Few colours keep both palettes exact, so the decoded frames must be equal.
    pytest.importorskip("moviepy.editor", reason="dev extra pins moviepy==1.0.3 for this oracle")
    rng = np.random.default_rng(5)
    palette = np.array([0, 64, 128, 255], dtype=np.uint8)
    clips = palette[rng.integers(0, 4, (3, 6, 3, 8, 10))].astype(np.float32) / 255

    theirs, ours = write_both(tmp_path, lambda w: w.add_video("vid", clips, 2, fps=5, walltime=WALL))
    ((ref,), (mine,)) = load(theirs).Images("vid"), load(ours).Images("vid")
    assert (mine.width, mine.height, mine.step) == (ref.width, ref.height, ref.step) == (40, 8, 2)
    a, b = Image.open(io.BytesIO(ref.encoded_image_string)), Image.open(io.BytesIO(mine.encoded_image_string))
    assert a.n_frames == b.n_frames == 6
    # Only the frames are compared: moviepy 1.0.3 hands imageio 1/fps seconds where current imageio
    # expects milliseconds, so torch's GIF says 0 ms per frame. Ours says 1000/fps.
    assert b.info["duration"] == 200
    for t in range(6):
        a.seek(t)
        b.seek(t)
        np.testing.assert_array_equal(np.asarray(b.convert("RGB")), np.asarray(a.convert("RGB")))


# -- audio, text, PR curves, custom scalars, mesh ------------------------------------------------
def test_audio_has_equal_samples(tmp_path):
    rng = np.random.default_rng(3)
    clip = np.sin(np.linspace(0, 60, 4410)) * 0.8
    loud = rng.normal(size=(1, 1000)) * 2  # clipped to [-1, 1]

    def log(w):
        w.add_audio("sine", clip, 1, sample_rate=22050, walltime=WALL)
        w.add_audio("loud", torch.from_numpy(loud), 2, walltime=WALL)

    theirs, ours = write_both(tmp_path, log)
    a, b = load(theirs), load(ours)
    assert_same_tags_and_metadata(a, b)
    for tag in ("sine", "loud"):
        ((mine,), (ref,)) = b.Audio(tag), a.Audio(tag)
        assert (mine.step, mine.sample_rate, mine.length_frames, mine.content_type) == (
            ref.step,
            ref.sample_rate,
            ref.length_frames,
            ref.content_type,
        )
        samples = [np.frombuffer(x.encoded_audio_string[44:], "<i2") for x in (mine, ref)]
        np.testing.assert_array_equal(*samples)


def test_text_pr_curves_custom_scalars_and_meshes_have_equal_tensors(tmp_path):
    rng = np.random.default_rng(4)
    labels = rng.integers(0, 2, 200)
    predictions = rng.random(200)
    weights = rng.random(200)
    vertices = rng.random((1, 8, 3))
    faces = rng.integers(0, 8, (1, 4, 3))
    colors = rng.integers(0, 256, (1, 8, 3))

    def log(w):
        w.add_text("notes", "a | b\n--|--\n1 | 2", 1, walltime=WALL)
        w.add_pr_curve("pr", labels, predictions, 1, walltime=WALL)
        w.add_pr_curve("pr_w", torch.from_numpy(labels), torch.from_numpy(predictions), 2, 500, weights, WALL)
        w.add_pr_curve_raw(
            "pr_raw", [5, 3], [4, 1], [0, 3], [0, 2], [0.55, 0.75], [1.0, 0.6], 1, 2, walltime=WALL
        )
        w.add_custom_scalars(
            {"losses": {"all": ["Multiline", ["loss/.*"]], "band": ["Margin", ["m", "lo", "hi"]]}}
        )
        w.add_custom_scalars_multilinechart(["acc"], category="extra", title="accuracy")
        w.add_custom_scalars_marginchart(["v", "l", "u"])
        w.add_mesh("cloud", vertices, global_step=1, walltime=WALL)
        w.add_mesh(
            "m", vertices, colors=colors, faces=faces, config_dict={"camera": {"fov": 75}}, global_step=2
        )

    theirs, ours = write_both(tmp_path, log)
    a, b = load(theirs), load(ours)
    assert_same_tags_and_metadata(a, b)
    for tag in a.Tags()["tensors"]:
        mine, ref = b.Tensors(tag), a.Tensors(tag)
        assert [e.step for e in mine] == [e.step for e in ref], tag
        assert b.SummaryMetadata(tag).plugin_data.content == a.SummaryMetadata(tag).plugin_data.content, tag
        for x, y in zip(mine, ref, strict=True):
            np.testing.assert_array_equal(
                tensor_util.make_ndarray(x.tensor_proto), tensor_util.make_ndarray(y.tensor_proto)
            )


# -- hparams, embeddings, graphs -----------------------------------------------------------------
def test_hparams_sessions_are_equal(tmp_path):
    from tensorboard.plugins.hparams import plugin_data_pb2

    hparams = {
        "lr": 0.1,
        "layers": 3,
        "opt": "adam",
        "nesterov": True,
        "skip": None,
        "t": torch.tensor([0.5]),
    }
    domains = {"opt": ["adam", "sgd"], "layers": [2, 3, 4]}

    def log(w):
        w.add_hparams(
            hparams, {"hparam/acc": 0.9, "hparam/loss": 0.25}, domains, run_name="trial", global_step=5
        )

    theirs, ours = write_both(tmp_path, log)
    a, b = load(theirs / "trial"), load(ours / "trial")
    assert_same_tags_and_metadata(a, b)
    for tag in ("_hparams_/experiment", "_hparams_/session_start_info", "_hparams_/session_end_info"):
        mine = plugin_data_pb2.HParamsPluginData.FromString(b.SummaryMetadata(tag).plugin_data.content)
        ref = plugin_data_pb2.HParamsPluginData.FromString(a.SummaryMetadata(tag).plugin_data.content)
        assert mine == ref, tag
    for tag in ("hparam/acc", "hparam/loss"):
        assert [(e.step, e.value) for e in b.Scalars(tag)] == [(e.step, e.value) for e in a.Scalars(tag)]


def test_embedding_files_are_equal(tmp_path):
    rng = np.random.default_rng(5)
    mat = rng.normal(size=(10, 4)).astype(np.float32)
    label_img = torch.from_numpy(rng.random((10, 3, 6, 6), dtype=np.float32))

    def log(w):
        w.add_embedding(mat, metadata=[f"p{i}" for i in range(10)], label_img=label_img, tag="emb/a")
        w.add_embedding(
            torch.from_numpy(mat),
            metadata=[[i, i % 2] for i in range(10)],
            metadata_header=["i", "odd"],
            global_step=3,
        )

    theirs, ours = write_both(tmp_path, log)
    their_files = sorted(
        os.path.relpath(p, theirs)
        for p in glob.glob(str(theirs / "**/*"), recursive=True)
        if "tfevents" not in p
    )
    our_files = sorted(
        os.path.relpath(p, ours) for p in glob.glob(str(ours / "**/*"), recursive=True) if "tfevents" not in p
    )
    assert our_files == their_files
    for rel in their_files:
        if rel.endswith(".png"):
            np.testing.assert_array_equal(
                decode_image((ours / rel).read_bytes()), decode_image((theirs / rel).read_bytes())
            )
        elif (theirs / rel).is_file():
            assert (ours / rel).read_bytes() == (theirs / rel).read_bytes(), rel


def test_graph_events_read_back_equal(tmp_path):
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU())

    def log(w):
        w.add_graph(model, torch.zeros(2, 4))

    theirs, ours = write_both(tmp_path, log)
    a, b = load(theirs), load(ours)
    assert [n.name for n in b.Graph().node] == [n.name for n in a.Graph().node]
    assert b.RunMetadata("step1") == a.RunMetadata("step1")


def test_protobuf_summaries_from_torch_are_written_as_lightning_passes_them(tmp_path):
    # PyTorch Lightning's TensorBoardLogger builds hparams with torch's (protobuf) builder and hands
    # the objects to `_get_file_writer().add_summary`.
    from torch.utils.tensorboard.summary import hparams as torch_hparams
    from torch.utils.tensorboard.summary import scalar as torch_scalar

    def log(w):
        for summary in torch_hparams({"lr": 0.01, "opt": "adam"}, {"hp_metric": -1}):
            w._get_file_writer().add_summary(summary, walltime=WALL)
        w.file_writer.add_summary(torch_scalar("hp_metric", -1.0), 0, WALL)

    theirs, ours = write_both(tmp_path, log)
    assert payloads_after_first_event(ours) == payloads_after_first_event(theirs)


def test_tensorboardx_spellings_write_what_tensorboardx_writes(tmp_path):
    tensorboardx = pytest.importorskip("tensorboardX")

    def log(w):
        w.add_scalar("acc", 0.75, 2, walltime=WALL, display_name="Accuracy", summary_description="on *val*")
        w.add_scalar("plain", 0.5, 3, walltime=WALL)

    with tensorboardx.SummaryWriter(logdir=str(tmp_path / "tbx")) as writer:
        log(writer)
    with SummaryWriter(logdir=str(tmp_path / "ours")) as writer:
        log(writer)
    assert payloads_after_first_event(tmp_path / "ours") == payloads_after_first_event(tmp_path / "tbx")
