"""Hostile event files: time and memory of `trainboard.read`, against TensorBoard's `EventAccumulator`.

    python benchmarks/damaged.py

Three files, each read in a fresh process (time of `trainboard.read`, peak resident memory):
  1. sparse: 1 GiB "event file" that is one record, a hole, and one record (8 KB on disk).
     Budget: 1 s. Reference: EventAccumulator on the same file (it stops at the hole).
  2. broadcast: an 81-byte record whose tensor claims 16,777,216 x 16 floats as one value.
     Budget: 100 MB more resident memory than an empty read. Reference: EventAccumulator
     (its make_ndarray builds the array when asked).
  3. headers: 1 MB of valid headers, each claiming a 400 kB payload whose checksum fails, then one
     good record. Budget: 2 s (checking every claim would checksum 25 GB).
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from trainboard.events import messages as m  # noqa: E402
from trainboard.events.records import frame, masked_crc32c  # noqa: E402

NAME = "events.out.tfevents.1700000000.bench"


def _scalar(step: int) -> bytes:
    value = m.SummaryValue(tag="loss", simple_value=1.0)
    return frame(m.Event(wall_time=1.7e9 + step, step=step, summary=m.Summary(value=[value])).encode())


def _write(root: Path) -> dict[str, Path]:
    head = frame(m.Event(wall_time=1.7e9, file_version="brain.Event:2").encode())
    dirs = {name: root / name for name in ("empty", "sparse", "broadcast", "headers")}
    for d in dirs.values():
        d.mkdir()
    (dirs["empty"] / NAME).write_bytes(head)
    with open(dirs["sparse"] / NAME, "wb") as f:
        f.write(head + _scalar(1))
        f.truncate(1 << 30)
        f.seek(1 << 30)
        f.write(_scalar(2))
    shape = m.TensorShapeProto.of([1 << 24, 16])
    tensor = m.TensorProto(dtype=m.DT_FLOAT, tensor_shape=shape, float_val=[1.0])
    md = m.SummaryMetadata(plugin_data=m.PluginData(plugin_name="tensorlike"))
    value = m.SummaryValue(tag="big", tensor=tensor, metadata=md)
    (dirs["broadcast"] / NAME).write_bytes(
        head + frame(m.Event(step=1, summary=m.Summary(value=[value])).encode())
    )
    claim = struct.pack("<Q", 400_000)
    claim += struct.pack("<I", masked_crc32c(claim))
    (dirs["headers"] / NAME).write_bytes(head + claim * (1_000_000 // 12) + b"\x01" * 400_100 + _scalar(9))
    return dirs


_CHILD = """
import json, sys, time
def peak():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
kind, logdir, warm = sys.argv[1], sys.argv[2], sys.argv[3]
if kind == "trainboard":
    import trainboard
    trainboard.read(warm)  # first use: lazy imports, the loader's thread pool
    base = peak()
    t0 = time.perf_counter()
    exp = trainboard.read(logdir)
    for run, plugins in exp.tags().items():
        for tag in plugins.get("tensorlike", []):
            exp.tensor_series(run, tag)
    seconds = time.perf_counter() - t0
    infos = exp.tag_infos("scalars")
    points = sum(len(exp.scalar_arrays(r, t).step) for r, tags in infos.items() for t in tags)
else:
    from tensorboard.backend.event_processing import event_accumulator as ea
    from tensorboard.util import tensor_util
    ea.EventAccumulator(warm).Reload()
    base = peak()
    t0 = time.perf_counter()
    acc = ea.EventAccumulator(logdir, size_guidance={k: 0 for k in ea.DEFAULT_SIZE_GUIDANCE})
    acc.Reload()
    for tag in acc.Tags()["tensors"]:
        for event in acc.Tensors(tag):
            tensor_util.make_ndarray(event.tensor_proto)
    seconds = time.perf_counter() - t0
    points = sum(len(acc.Scalars(t)) for t in acc.Tags()["scalars"])
print(json.dumps({"seconds": seconds, "peak": peak() - base, "points": points}))
"""


def _run(kind: str, logdir: Path, timeout: float = 120) -> dict:
    """`kind` ("trainboard" or "accumulator") reading `logdir` in a fresh process, after a warm-up
    read of the "empty" logdir next to it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    try:
        out = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(_CHILD), kind, str(logdir), str(logdir.parent / "empty")],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"still running after {timeout:.0f} s"}
    if out.returncode:
        return {"error": (out.stderr.strip().splitlines() or ["failed"])[-1][:100]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _show(name: str, ours: dict, theirs: dict, budget: str, ok: bool) -> None:
    def fmt(r: dict) -> str:
        if "error" in r:
            return r["error"]
        return f"{r['seconds']:7.3f} s  {r['peak'] / 1e6:8.1f} MB peak  {r['points']} points"

    print(f"{name:<10} trainboard   {fmt(ours)}   budget {budget}: {'ok' if ok else 'OVER'}")
    print(f"{'':<10} accumulator  {fmt(theirs)}")


def main() -> None:
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        dirs = _write(Path(tmp))
        empty = _run("trainboard", dirs["empty"])  # the baseline of the memory budget
        sparse = _run("trainboard", dirs["sparse"])
        _show("sparse", sparse, _run("accumulator", dirs["sparse"]), "1 s", sparse.get("seconds", 1e9) < 1)
        broadcast = _run("trainboard", dirs["broadcast"])
        extra = broadcast.get("peak", 1e12) - empty.get("peak", 0)
        _show("broadcast", broadcast, _run("accumulator", dirs["broadcast"]), "+100 MB", extra < 100e6)
        headers = _run("trainboard", dirs["headers"])
        _show(
            "headers", headers, _run("accumulator", dirs["headers"]), "2 s", headers.get("seconds", 1e9) < 2
        )


if __name__ == "__main__":
    main()
