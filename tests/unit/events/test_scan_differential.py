"""The compiled scanner and the pure-Python decoder must load any bytes into the same store."""

from __future__ import annotations

import random
import struct

import numpy as np
import pytest

from trainboard.events import messages as m
from trainboard.events.records import frame, masked_crc32c
from trainboard.store.experiment import Experiment
from trainboard.store.scanner import scanner_available

pytestmark = pytest.mark.skipif(not scanner_available(), reason="compiled scanner not built")

_TAGS = ["loss", "acc", "lr", "h", "img", "note", "ünï/cödé", "", "t" * 40]
_PLAIN = m.SummaryMetadata(plugin_data=m.PluginData(plugin_name="scalars"))


def _value(rng: random.Random, tag: str) -> m.SummaryValue:
    kind = rng.randrange(10)
    if kind <= 2:
        return m.SummaryValue(
            tag=tag, simple_value=rng.choice([rng.uniform(-5, 5), float("nan"), float("inf")])
        )
    if kind == 3:
        dtype = rng.choice([m.DT_FLOAT, m.DT_DOUBLE])
        if rng.random() < 0.5:
            tensor = (
                m.TensorProto(dtype=dtype, float_val=[1.5])
                if dtype == m.DT_FLOAT
                else m.TensorProto(dtype=dtype, double_val=[2.25])
            )
        else:
            fmt = "<f" if dtype == m.DT_FLOAT else "<d"
            tensor = m.TensorProto(dtype=dtype, tensor_content=struct.pack(fmt, rng.uniform(0, 1)))
        md = rng.choice([None, _PLAIN, m.SummaryMetadata(plugin_data=m.PluginData(plugin_name="tensor"))])
        return m.SummaryValue(tag=tag, tensor=tensor, metadata=md)
    if kind == 4:
        limits = sorted(rng.uniform(-3, 3) for _ in range(5))
        counts = [float(rng.randrange(3)) for _ in range(5)]
        histo = m.HistogramProto(min=-4.0, max=4.0, num=sum(counts), bucket_limit=limits, bucket=counts)
        return m.SummaryValue(tag=tag, histo=histo)
    if kind == 5:
        image = m.SummaryImage(
            height=2,
            width=rng.choice([3, -1, 2**31 - 1]),  # int32 on the wire: negatives take ten bytes
            colorspace=3,
            encoded_image_string=rng.randbytes(rng.randrange(200)),
        )
        return m.SummaryValue(tag=tag, image=image)
    if kind == 6:
        text = m.TensorProto(dtype=m.DT_STRING, tensor_shape=m.TensorShapeProto.of([1]), string_val=[b"hi"])
        md = m.SummaryMetadata(plugin_data=m.PluginData(plugin_name="text"))
        return m.SummaryValue(tag=tag, tensor=text, metadata=md)
    if kind == 7:
        md = m.SummaryMetadata(plugin_data=m.PluginData(plugin_name="hparams", content=b"\x08\x01"))
        return m.SummaryValue(tag=tag, metadata=md)
    if kind == 8:
        if rng.random() < 0.5:
            audio = m.SummaryAudio(
                sample_rate=8000.0, num_channels=1, length_frames=3, encoded_audio_string=rng.randbytes(90)
            )
            return m.SummaryValue(tag=tag, audio=audio)
        return m.SummaryValue(tag=tag, simple_value=1.0, metadata=m.SummaryMetadata(display_name="Shown"))
    return m.SummaryValue(tag=tag, simple_value=float(rng.randrange(100)), metadata=_PLAIN)


def _event(rng: random.Random, step: int) -> m.Event:
    wall = 1.7e9 + step
    roll = rng.random()
    if roll < 0.03:
        return m.Event(wall_time=wall, step=step, session_log=m.SessionLog(status=m.SESSION_START))
    if roll < 0.05:
        return m.Event(
            wall_time=wall, step=step, graph_def=m.GraphDef(node=[m.NodeDef(name="x", op="Op")]).encode()
        )
    if roll < 0.06:
        # Old versions turn on purge rule 2 (store/loader.py) for the points after them.
        return m.Event(wall_time=wall, file_version=rng.choice(["brain.Event:2", "brain.Event:1"]))
    values = [_value(rng, rng.choice(_TAGS)) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
    return m.Event(wall_time=wall, step=step, summary=m.Summary(value=values))


def random_file(rng: random.Random, n: int) -> bytes:
    records = []
    step = 0
    for _ in range(n):
        step = max(-3, step + rng.choice([1, 1, 1, 2, 0, -5]))
        records.append(frame(_event(rng, step).encode()))
    return b"".join(records)


def corrupt(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randrange(1, 6)):
        how = rng.randrange(4)
        at = rng.randrange(len(buf)) if buf else 0
        if how == 0 and buf:
            buf[at] ^= 1 << rng.randrange(8)
        elif how == 1:
            buf[at:at] = rng.randbytes(rng.randrange(1, 30))
        elif how == 2:
            del buf[at : at + rng.randrange(1, 30)]
        else:
            buf = buf[: max(0, len(buf) - rng.randrange(1, 40))]
    return bytes(buf)


def reframed_garbage(rng: random.Random, data: bytes) -> bytes:
    """Valid framing around mutated payloads, so both Event parsers meet bad protobuf."""
    out = []
    for _ in range(40):
        payload = bytearray(_event(rng, rng.randrange(50)).encode())
        for _ in range(rng.randrange(1, 4)):
            if payload:
                payload[rng.randrange(len(payload))] = rng.randrange(256)
        out.append(frame(bytes(payload)))
    return data + b"".join(out)


def snapshot(exp: Experiment) -> dict:
    out: dict = {"runs": exp.runs, "tags": exp.tags(), "warnings": sorted(exp.warnings)}
    for run, plugins in exp.tags().items():
        out[("start", run)] = exp.run_start_time(run)
        for plugin in plugins:
            out[("infos", run, plugin)] = exp.tag_infos(plugin).get(run)
        for plugin, tags in plugins.items():
            for tag in tags:
                info = exp.tag_infos(plugin)[run][tag]
                if info.data_class == m.DATA_CLASS_SCALAR:
                    a = exp.scalar_arrays(run, tag)
                    out[(run, tag)] = (
                        a.step.tolist(),
                        a.wall_time.tolist(),
                        np.nan_to_num(a.value, nan=7e7).tolist(),
                    )
                elif info.data_class == m.DATA_CLASS_BLOB_SEQUENCE:
                    out[(run, tag)] = [
                        (d.step, d.wall_time, [exp.read_blob(b.blob_id) for b in d.blobs])
                        for d in exp.blob_series(run, tag)
                    ]
                else:
                    out[(run, tag)] = [
                        (d.step, d.wall_time, d.value.dtype.str, d.value.shape, d.value.tolist())
                        for d in exp.tensor_series(run, tag)
                    ]
    return out


def _load_both(logdir) -> tuple[dict, dict]:
    fast = Experiment(str(logdir))
    fast.reload()
    slow = Experiment(str(logdir), use_scanner=False)
    slow.reload()
    return snapshot(fast), snapshot(slow)


@pytest.mark.parametrize("seed", range(12))
def test_random_files_load_the_same_with_and_without_the_scanner(tmp_path, seed):
    rng = random.Random(seed)
    for run in ("a", "b/c"):
        (tmp_path / run).mkdir(parents=True)
        (tmp_path / run / "events.out.tfevents.1.host").write_bytes(random_file(rng, 300))
    fast, slow = _load_both(tmp_path)
    assert fast == slow
    assert fast["tags"]["a"]  # the generator did produce data


@pytest.mark.parametrize("seed", range(40))
def test_randomly_corrupted_files_load_the_same_with_and_without_the_scanner(tmp_path, seed):
    rng = random.Random(1000 + seed)
    data = random_file(rng, 150)
    data = reframed_garbage(rng, data) if seed % 2 else corrupt(rng, data)
    (tmp_path / "events.out.tfevents.1.host").write_bytes(data)
    fast, slow = _load_both(tmp_path)
    assert fast == slow


@pytest.mark.parametrize("seed", range(8))
def test_files_read_in_pieces_load_the_same_as_files_read_at_once(tmp_path, seed):
    rng = random.Random(2000 + seed)
    data = random_file(rng, 200)
    whole = tmp_path / "whole"
    grown = tmp_path / "grown"
    whole.mkdir()
    grown.mkdir()
    (whole / "events.out.tfevents.1.h").write_bytes(data)
    exp = Experiment(str(grown))
    path = grown / "events.out.tfevents.1.h"
    cuts = [*sorted(rng.sample(range(1, len(data)), 6)), len(data)]
    start = 0
    for cut in cuts:
        with open(path, "ab") as f:
            f.write(data[start:cut])
        start = cut
        exp.reload()
    reference = Experiment(str(whole))
    reference.reload()
    assert snapshot(exp)["tags"] == snapshot(reference)["tags"]
    assert {k: v for k, v in snapshot(exp).items() if k != "warnings"} == {
        k: v for k, v in snapshot(reference).items() if k != "warnings"
    }


def test_image_audio_and_histogram_runs_load_the_same_and_skip_the_python_decoder(tmp_path, monkeypatch):
    from trainboard import SummaryWriter
    from trainboard.store import loader

    rng = np.random.default_rng(3)
    with SummaryWriter(str(tmp_path / "run")) as writer:
        for step in range(30):
            writer.add_image("frames", rng.integers(0, 256, (3, 8, 8), dtype=np.uint8), step)
            writer.add_histogram("weights", rng.normal(size=500) * (step + 1), step)
            writer.add_audio("clip", rng.uniform(-1, 1, 400), step, sample_rate=8000)
            writer.add_scalar("loss", 1.0 / (step + 1), step)
        # counts that are all zero: no bucket is kept
        writer.add_histogram_raw("weights", 0, 0, 0, 0, 0, [1.0, 2.0], [0.0, 0.0], global_step=30)
    decoded = []
    real_decode = loader._decode
    monkeypatch.setattr(loader, "_decode", lambda payload: decoded.append(payload) or real_decode(payload))
    fast = Experiment(str(tmp_path))
    fast.reload()
    fast_decodes = len(decoded)
    slow = Experiment(str(tmp_path), use_scanner=False)
    slow.reload()
    assert snapshot(fast) == snapshot(slow)
    assert len(fast.blob_series("run", "frames")) == 30 and len(fast.tensor_series("run", "weights")) == 31
    # Only the file header and the first value of each of the three tags (which decides what the
    # tag is) reach the Python decoder; the pure-Python pass decodes all 122 records.
    assert fast_decodes == 4 and len(decoded) - fast_decodes == 122


def test_compiled_crc_matches_the_reference():
    from trainboard.events import _scan  # type: ignore[attr-defined]

    rng = random.Random(5)
    for n in (0, 1, 7, 8, 9, 63, 64, 1000):
        data = rng.randbytes(n)
        assert _scan.masked_crc32c(data) == masked_crc32c(data)
