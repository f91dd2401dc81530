"""Real event files to mutate: written by torch's `SummaryWriter` and by trainboard's, plus the
records a hostile file may hold inside valid framing (for the fuzz test and the atheris corpus).

`write_samples(dir)` logs the same small mix of data with both writers (scalars old and new style,
a histogram, an image, a text, a PR curve, audio) and returns the two event files. Every
value is deterministic, so a fixed seed gives the same mutants on every run.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import numpy as np

from trainboard.events import messages as m
from trainboard.events.records import frame

WALL = 1_700_000_000.0
STEPS = 12


def _log(w: Any) -> None:
    rng = np.random.default_rng(7)
    for step in range(STEPS):
        wall = WALL + step
        w.add_scalar("loss", 1.0 / (step + 1), step, walltime=wall)
        w.add_scalar("acc", step / STEPS, step, walltime=wall, new_style=True)
        if step % 4 == 0:
            w.add_histogram("weights", rng.normal(size=64), step, walltime=wall)
            w.add_image("frame", rng.integers(0, 255, (3, 4, 4), dtype=np.uint8), step, walltime=wall)
            w.add_text("note", f"step **{step}**", step, walltime=wall)
    w.add_pr_curve("pr", rng.integers(0, 2, 16), rng.random(16), 3, walltime=WALL + 3, num_thresholds=5)
    w.add_audio("clip", np.sin(np.arange(64) / 4.0) * 0.5, 5, sample_rate=8000, walltime=WALL + 5)


def write_samples(directory: Path) -> list[Path]:
    """Write one torch and one trainboard event file under `directory`; return their paths."""
    from torch.utils.tensorboard import SummaryWriter as TorchWriter

    from trainboard import SummaryWriter

    paths = []
    for name, cls in (("torch", TorchWriter), ("trainboard", SummaryWriter)):
        logdir = directory / name
        with cls(str(logdir)) as writer:
            _log(writer)
        paths.extend(sorted(logdir.glob("*tfevents*")))
    return paths


def event(step: int, **what: object) -> bytes:
    """One framed Event at `step` (a `summary=`, `session_log=`, ... keyword)."""
    return frame(m.Event(wall_time=WALL + step, step=step, **what).encode())


def value_record(step: int, value: m.SummaryValue) -> bytes:
    return event(step, summary=m.Summary(value=[value]))


def _shape(*dims: int) -> m.TensorShapeProto:
    return m.TensorShapeProto(dim=[m.TensorShapeDim(size=d) for d in dims])


def _nested_attr(depth: int) -> bytes:
    """An AttrValue nested `depth` deep through NameAttrList, encoded without recursion."""
    inner = m.AttrValue(i=1).encode()
    for _ in range(depth):
        entry = b"\x0a\x01a" + b"\x12" + _varint(len(inner)) + inner  # map entry {key "a", value}
        func = b"\x0a\x01f" + b"\x12" + _varint(len(entry)) + entry  # NameAttrList{name, attr}
        inner = b"\x52" + _varint(len(func)) + func  # AttrValue.func (field 10)
    return inner


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def deep_graph(depth: int) -> bytes:
    """A GraphDef with one node whose attribute nests `depth` deep."""
    attr = _nested_attr(depth)
    entry = b"\x0a\x01x" + b"\x12" + _varint(len(attr)) + attr
    node = b"\x0a\x01n" + b"\x12\x05Const" + b"\x2a" + _varint(len(entry)) + entry
    return b"\x0a" + _varint(len(node)) + node


def hostile_records() -> list[bytes]:
    """Well-framed records (both checksums valid) whose contents are hostile: every one of them
    made `trainboard.read` raise, hang or take gigabytes before the reader was hardened."""
    tensor_md = m.SummaryMetadata(plugin_data=m.PluginData(plugin_name="tensorlike"))

    def tensor(tag: str, dtype: int, dims: tuple[int, ...], **values: Any) -> bytes:
        proto = m.TensorProto(dtype=dtype, tensor_shape=_shape(*dims), **values)
        return value_record(1, m.SummaryValue(tag=tag, tensor=proto, metadata=tensor_md))

    f32 = m.DT_FLOAT
    records = [
        tensor("negative", f32, (-3, 2), float_val=[1.0]),
        tensor("overflow", f32, (1 << 40, 1 << 40), float_val=[1.0]),
        tensor("broadcast", f32, (1 << 24, 16), float_val=[1.0]),  # 81 bytes -> 1 GiB
        tensor("square", f32, (65536, 65536), float_val=[2.0]),
        tensor("rank", f32, (1,) * 40, float_val=[1.0]),
        tensor("odd_complex", m.DT_COMPLEX64, (3,), scomplex_val=[1.0, 2.0, 3.0]),
        tensor("content", m.DT_DOUBLE, (2,), tensor_content=b"\x00" * 13),
        tensor("int8", m.DT_INT8, (2,), int_val=[300, -300]),
        # step as a 10-byte varint holding 65 bits
        frame(b"\x09" + struct.pack("<d", WALL) + b"\x10" + b"\xff" * 9 + b"\x03"),
        event(1, graph_def=deep_graph(2000)),
    ]
    return records
