"""`trainboard.read` returns what TensorBoard's own EventAccumulator returns, point for point.

Logdirs are written by the real torch, tensorboardX and TensorBoard writers. The oracles keep every
point (size guidance 0): the classic `EventAccumulator` for legacy scalars, and the
`plugin_event_accumulator`, which applies TensorBoard's data-compat conversions, for everything.
"""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pytest

import trainboard
from trainboard.plugins.audio import metadata as audio_metadata
from trainboard.plugins.histograms import metadata as histograms_metadata
from trainboard.plugins.images import metadata as images_metadata
from trainboard.plugins.text import metadata as text_metadata

pytestmark = [pytest.mark.compat]

torch_tb = pytest.importorskip("torch.utils.tensorboard")
tbx = pytest.importorskip("tensorboardX")
pytest.importorskip("tensorboard")
from tensorboard.backend.event_processing import event_accumulator as ea  # noqa: E402
from tensorboard.backend.event_processing import plugin_event_accumulator as pea  # noqa: E402
from tensorboard.compat.proto import event_pb2, summary_pb2  # noqa: E402
from tensorboard.summary.writer.event_file_writer import EventFileWriter  # noqa: E402
from tensorboard.util import tensor_util  # noqa: E402

_KEEP_ALL = {
    ea.COMPRESSED_HISTOGRAMS: 0,
    ea.IMAGES: 0,
    ea.AUDIO: 0,
    ea.SCALARS: 0,
    ea.HISTOGRAMS: 0,
    ea.TENSORS: 0,
}


def _png(rng: np.random.Generator, h: int = 4, w: int = 5) -> np.ndarray:
    return rng.random((3, h, w))


def write_torch(run: Path) -> None:
    rng = np.random.default_rng(0)
    writer = torch_tb.SummaryWriter(str(run))
    specials = [float("nan"), float("inf"), -float("inf")]
    for step in range(40):
        value = specials[step % 3] if step % 13 == 0 else float(rng.normal())
        writer.add_scalar("train/loss", value, step)
        writer.add_scalar("train/new_style", step * 0.5, step, new_style=True)
        writer.add_scalar("train/double", step * 0.25, step, new_style=True, double_precision=True)
        if step % 10 == 0:
            writer.add_histogram("weights", rng.normal(size=200), step)
            writer.add_image("sample", _png(rng), step)
            writer.add_audio("clip", rng.uniform(-1, 1, 300), step, sample_rate=8000)
            writer.add_text("notes", f"**step** {step} ünïcode", step)
    writer.add_scalars("pair", {"a": 1.0, "b": 2.0}, 3)
    writer.close()


def write_tbx(run: Path) -> None:
    rng = np.random.default_rng(1)
    writer = tbx.SummaryWriter(str(run))
    for step in range(30):
        writer.add_scalar("reward", float(rng.normal()), step)
        if step % 10 == 0:
            writer.add_histogram("actions", rng.integers(0, 5, 100), step)
            writer.add_image("frame", _png(rng), step)
            writer.add_text("log", f"line {step}", step)  # tbx audio needs soundfile, not installed
    writer.close()


def _tf2_value(
    tag: str, tensor: np.ndarray, plugin: str, first: bool, content: bytes = b""
) -> summary_pb2.Summary.Value:
    value = summary_pb2.Summary.Value(tag=tag, tensor=tensor_util.make_tensor_proto(tensor))
    if first:  # TF writes metadata with the first value of a tag only
        value.metadata.plugin_data.plugin_name = plugin
        value.metadata.plugin_data.content = content
    return value


def _wav(samples: np.ndarray) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes((samples * 32767).astype("<i2").tobytes())
    return out.getvalue()


def write_tf2(run: Path) -> None:
    """What `tf.summary` (Keras, Flax, CLU) writes: tensors only, metadata on the first value."""
    rng = np.random.default_rng(2)
    writer = EventFileWriter(str(run), filename_suffix=".v2")
    png = [b"\x89PNG\r\n\x1a\n" + rng.bytes(100 + i) for i in range(2)]
    for step in range(25):
        first = step == 0
        values = [
            _tf2_value("epoch_loss", np.array(1.0 / (step + 1), np.float32), "scalars", first),
            _tf2_value("epoch_lr", np.array(0.1 * step, np.float64), "scalars", first),
            _tf2_value("half", np.array(step, np.float16), "scalars", first),
            _tf2_value(
                "hist",
                np.column_stack([np.arange(3.0), np.arange(1.0, 4.0), rng.random(3)]),
                "histograms",
                first,
            ),
            _tf2_value("images", np.array([b"5", b"4", *png], dtype=object), "images", first),
            _tf2_value(
                "audio", np.array([[_wav(rng.uniform(-1, 1, 50)), b"label"]], dtype=object), "audio", first
            ),
            _tf2_value("text", np.array(f"hello {step}".encode(), dtype=object), "text", first),
        ]
        event = event_pb2.Event(wall_time=1.7e9 + step, step=step, summary=summary_pb2.Summary(value=values))
        writer.add_event(event)
    writer.close()


@pytest.fixture(scope="module")
def logdir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("compat")
    write_torch(root / "torch")
    write_tbx(root / "tbx" / "ünï run")
    write_tf2(root / "tf2" / "train")
    return root


def _runs(root: Path) -> list[str]:
    return sorted(str(p.parent.relative_to(root)) for p in root.rglob("*tfevents*"))


def _oracle(root: Path, run: str) -> pea.EventAccumulator:
    acc = pea.EventAccumulator(str(root / run), size_guidance=_KEEP_ALL, tensor_size_guidance={})
    acc.Reload()
    return acc


def test_runs_match_the_directories_tensorboard_finds(logdir):
    assert trainboard.read(logdir).runs == _runs(logdir)


def test_legacy_scalars_match_event_accumulator_point_for_point(logdir):
    exp = trainboard.read(logdir)
    for run in _runs(logdir):
        acc = ea.EventAccumulator(str(logdir / run), size_guidance=_KEEP_ALL)
        acc.Reload()
        for tag in acc.Tags()["scalars"]:
            expected = acc.Scalars(tag)
            arrays = exp.scalar_arrays(run, tag)
            assert arrays.step.tolist() == [e.step for e in expected]
            assert arrays.wall_time.tolist() == [e.wall_time for e in expected]
            np.testing.assert_array_equal(arrays.value, np.array([e.value for e in expected]))


def test_every_tag_and_plugin_matches_the_plugin_event_accumulator(logdir):
    exp = trainboard.read(logdir)
    ours = exp.tags()
    for run in _runs(logdir):
        acc = _oracle(logdir, run)
        theirs: dict[str, list[str]] = {}
        for tag in acc.Tags()["tensors"]:
            plugin = acc.SummaryMetadata(tag).plugin_data.plugin_name
            theirs.setdefault(plugin, []).append(tag)
        mine = {p: t for p, t in ours[run].items() if p not in ("graphs", "graph_tagged_run_metadata")}
        assert mine == {p: sorted(t) for p, t in theirs.items()}, run


def test_every_point_of_every_kind_matches_the_plugin_event_accumulator(logdir):
    exp = trainboard.read(logdir)
    checked = set()
    for run in _runs(logdir):
        acc = _oracle(logdir, run)
        for tag in acc.Tags()["tensors"]:
            plugin = acc.SummaryMetadata(tag).plugin_data.plugin_name
            events = acc.Tensors(tag)
            expected = [tensor_util.make_ndarray(e.tensor_proto) for e in events]
            steps = [e.step for e in events]
            walls = [e.wall_time for e in events]
            if plugin == "scalars":
                arrays = exp.scalar_arrays(run, tag)
                assert arrays.step.tolist() == steps and arrays.wall_time.tolist() == walls
                np.testing.assert_array_equal(arrays.value, np.array([float(x) for x in expected]))
            elif plugin in ("images", "audio"):
                series = exp.blob_series(run, tag)
                assert [d.step for d in series] == steps and [d.wall_time for d in series] == walls
                for datum, array in zip(series, expected, strict=True):
                    if array.ndim == 2:  # audio [k, 2]: clips and labels; the store keeps the clips
                        array = array[:, 0]
                    assert [exp.read_blob(b.blob_id) for b in datum.blobs] == list(array.reshape(-1))
            else:
                series = exp.tensor_series(run, tag)
                assert [d.step for d in series] == steps and [d.wall_time for d in series] == walls
                for datum, array in zip(series, expected, strict=True):
                    assert datum.value.shape == array.shape
                    if array.dtype == object:
                        assert datum.value.tolist() == array.tolist()
                    else:
                        # TensorBoard converts legacy histograms to float32; the store keeps float64.
                        np.testing.assert_allclose(datum.value, array, rtol=1e-6)
            checked.add(plugin)
    assert checked >= {"scalars", "histograms", "images", "audio", "text"}


def test_tag_metadata_matches_what_tensorboard_keeps(logdir):
    exp = trainboard.read(logdir)
    for run in _runs(logdir):
        acc = _oracle(logdir, run)
        for tag in acc.Tags()["tensors"]:
            md = acc.SummaryMetadata(tag)
            ours = exp.tag_meta(run, tag)
            assert ours.plugin_name == md.plugin_data.plugin_name
            if md.plugin_data.plugin_name in ("images", "audio", "text", "histograms"):
                parse = {  # each plugin's one decoder, over TensorBoard's content and ours
                    "images": images_metadata.parse_plugin_data,
                    "audio": audio_metadata.parse_plugin_data,
                    "text": text_metadata.parse_plugin_data,
                    "histograms": histograms_metadata.parse_plugin_data,
                }[md.plugin_data.plugin_name]
                assert parse(ours.plugin_content) == parse(md.plugin_data.content)


def test_a_graph_logged_by_torch_is_decoded(tmp_path):
    torch = pytest.importorskip("torch")
    writer = torch_tb.SummaryWriter(str(tmp_path))
    writer.add_graph(torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU()), torch.zeros(1, 3))
    writer.close()
    acc = ea.EventAccumulator(str(tmp_path))
    acc.Reload()
    graph = trainboard.read(tmp_path).graph(".")
    assert graph is not None
    assert [n.name for n in graph.node] == [n.name for n in acc.Graph().node]


def _scalars_both(path: Path, tag: str) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    acc = ea.EventAccumulator(str(path), size_guidance=_KEEP_ALL)
    acc.Reload()
    theirs = [(e.step, e.value) for e in acc.Scalars(tag)] if tag in acc.Tags()["scalars"] else []
    exp = trainboard.read(path)
    ours: list[tuple[int, float]] = []
    if tag in exp.tags().get(".", {}).get("scalars", []):
        arrays = exp.scalar_arrays(".", tag)
        ours = list(zip(arrays.step.tolist(), arrays.value.tolist(), strict=True))
    return ours, theirs


def _torch_run(path: Path, steps: range, value: float, **kwargs) -> None:
    writer = torch_tb.SummaryWriter(str(path), **kwargs)
    for step in steps:
        writer.add_scalar("loss", value + step, step)
    writer.close()


def test_a_truncated_file_reads_like_event_accumulator(tmp_path):
    _torch_run(tmp_path, range(30), 0.0)
    [path] = tmp_path.glob("*tfevents*")
    path.write_bytes(path.read_bytes()[:-7])
    ours, theirs = _scalars_both(tmp_path, "loss")
    assert ours == theirs and len(ours) == 29


def test_an_empty_file_reads_like_event_accumulator(tmp_path):
    (tmp_path / "events.out.tfevents.1.host").write_bytes(b"")
    ours, theirs = _scalars_both(tmp_path, "loss")
    assert ours == theirs == []
    assert trainboard.read(tmp_path).tags() == {".": {}}


def test_a_run_resumed_with_purge_step_reads_like_event_accumulator(tmp_path):
    _torch_run(tmp_path, range(20), 0.0)
    _torch_run(tmp_path, range(10, 15), 100.0, purge_step=10)
    ours, theirs = _scalars_both(tmp_path, "loss")
    assert ours == theirs
    assert [s for s, _ in ours] == list(range(15)) and ours[-1][1] == 114.0


def test_a_corrupted_record_costs_only_itself_where_event_accumulator_stops(tmp_path):
    _torch_run(tmp_path, range(30), 0.0)
    [path] = tmp_path.glob("*tfevents*")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    ours, theirs = _scalars_both(tmp_path, "loss")
    assert ours[: len(theirs)] == theirs  # the same points up to the damage...
    assert len(ours) == 29 and ours[-1][0] == 29  # ...and the rest of the file, minus one record
    assert len(trainboard.read(tmp_path).warnings) == 1
