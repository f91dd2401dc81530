"""Audio labels: the Markdown text TF2 writers log beside each clip survives loading.

Files are written with TensorBoard's bundled protos, as `tf.summary.audio` writes them ([k, 2]
string tensors: clip, label), and TensorBoard's own EventAccumulator is the oracle for the labels.
"""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pytest

from trainboard._reader import Experiment
from trainboard.events import messages as m
from trainboard.events.records import frame
from trainboard.store.scanner import scanner_available

pytest.importorskip("tensorboard")
from tensorboard.backend.event_processing import event_accumulator as ea
from tensorboard.compat.proto import event_pb2, summary_pb2
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboard.util import tensor_util

PATHS = [pytest.param(True, id="scanner"), pytest.param(False, id="python")]
if not scanner_available():
    PATHS = PATHS[1:]

LABELS = [
    ["**dog** barking", "cat _purring_"],
    ["", "naïve – ünïcode ✓"],
    ["<script>alert(1)</script> raw", "line one\n\nline two"],
]


def wav(seed: int, rate: int = 8000) -> bytes:
    samples = np.random.default_rng(seed).uniform(-0.5, 0.5, 400)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((samples * 32767).astype("<i2").tobytes())
    return out.getvalue()


def write_tf2_audio(run: Path) -> None:
    """Two clips per step with labels; metadata on the first value only, as TF writes it."""
    writer = EventFileWriter(str(run), filename_suffix=".v2")
    for step, labels in enumerate(LABELS):
        clips = [[wav(10 * step + i), label.encode()] for i, label in enumerate(labels)]
        value = summary_pb2.Summary.Value(
            tag="speech", tensor=tensor_util.make_tensor_proto(np.array(clips, dtype=object))
        )
        if step == 0:
            value.metadata.plugin_data.plugin_name = "audio"
            value.metadata.plugin_data.content = m.AudioPluginData(encoding=m.AUDIO_ENCODING_WAV).encode()
        writer.add_event(
            event_pb2.Event(wall_time=1.7e9 + step, step=step, summary=summary_pb2.Summary(value=[value]))
        )
    writer.close()


def oracle_labels(run: Path) -> list[list[str]]:
    # The classic accumulator keeps the [k, 2] tensor; the plugin one drops labels as blob sequences do.
    acc = ea.EventAccumulator(str(run), size_guidance={ea.TENSORS: 0})
    acc.Reload()
    return [
        [b.decode("utf-8") for b in tensor_util.make_ndarray(e.tensor_proto)[:, 1]]
        for e in acc.Tensors("speech")
    ]


def load(path: Path, use_scanner: bool) -> Experiment:
    exp = Experiment(str(path), use_scanner=use_scanner)
    exp.reload()
    return exp


@pytest.mark.parametrize("use_scanner", PATHS)
def test_each_clip_keeps_the_label_tensorboard_reads(tmp_path: Path, use_scanner: bool) -> None:
    write_tf2_audio(tmp_path)
    series = load(tmp_path, use_scanner).blob_series(".", "speech")
    assert [list(d.labels) for d in series] == oracle_labels(tmp_path) == LABELS
    assert [len(d.blobs) for d in series] == [2, 2, 2]


@pytest.mark.parametrize("use_scanner", PATHS)
def test_labels_sit_beside_their_own_clips(tmp_path: Path, use_scanner: bool) -> None:
    write_tf2_audio(tmp_path)
    exp = load(tmp_path, use_scanner)
    datum = exp.blob_series(".", "speech")[1]
    assert [exp.read_blob(b.blob_id) for b in datum.blobs] == [wav(10), wav(11)]
    assert datum.labels[1] == "naïve – ünïcode ✓"


def test_a_label_with_bad_utf8_still_loads_its_clip(tmp_path: Path) -> None:
    tensor = m.TensorProto(
        dtype=m.DT_STRING, tensor_shape=m.TensorShapeProto.of([1, 2]), string_val=[wav(1), b"ok \xff"]
    )
    value = m.SummaryValue(
        tag="speech", tensor=tensor, metadata=m.SummaryMetadata(plugin_data=m.PluginData(plugin_name="audio"))
    )
    event = m.Event(wall_time=5.0, step=0, summary=m.Summary(value=[value]))
    (tmp_path / "events.out.tfevents.1.host").write_bytes(frame(event.encode()))
    exp = load(tmp_path, False)
    [datum] = exp.blob_series(".", "speech")
    assert datum.labels == ("ok \ufffd",)
    assert exp.read_blob(datum.blobs[0].blob_id) == wav(1)
    assert exp.warnings == []


@pytest.mark.parametrize("use_scanner", PATHS)
def test_legacy_audio_has_no_labels(tmp_path: Path, use_scanner: bool) -> None:
    audio = m.SummaryAudio(
        sample_rate=8000.0,
        num_channels=1,
        length_frames=400,
        encoded_audio_string=wav(3),
        content_type="audio/wav",
    )
    event = m.Event(wall_time=5.0, step=0, summary=m.Summary(value=[m.SummaryValue(tag="tone", audio=audio)]))
    (tmp_path / "events.out.tfevents.1.host").write_bytes(frame(event.encode()))
    [datum] = load(tmp_path, use_scanner).blob_series(".", "tone")
    assert datum.labels == ()
    assert len(datum.blobs) == 1


def test_audio_frame_has_a_label_per_clip(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    write_tf2_audio(tmp_path)
    frame_ = load(tmp_path, False).audio()
    assert list(frame_.columns)[-1] == "label"
    assert frame_["label"].tolist() == [label for labels in LABELS for label in labels]
    assert frame_["index"].tolist() == [0, 1] * 3
