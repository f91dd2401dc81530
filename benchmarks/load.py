"""Load a 10-million-point logdir: trainboard vs TensorBoard's Rust data server vs EventAccumulator.

    python benchmarks/load.py [--cache /tmp/trainboard-bench/load] [--skip-rust]

The logdir (20 runs x 25 tags x 20,000 steps of torch-style `simple_value` scalars, ~0.5 GB) is
generated once into the cache directory and reused. Measured in this run, each in a fresh process:
  1. trainboard: `trainboard.read(logdir)` keeping every point; resident memory per point.
  2. TensorBoard's Rust data server (`tensorboard --load_fast=true`): time until its HTTP API
     reports the last step of every (run, tag). It keeps only 1,000 points per tag.
  3. TensorBoard's `EventAccumulator` (every point kept) on one run, compared per point.
  4. A reload after appending 1,000 points, against a reload with nothing new and the full load.
  5. `trainboard --logdir` from launch until every point is servable, without the column cache,
     and again on a restart with the cache the launch before filled.
Each figure is printed next to its budget (issue #15).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path
from typing import Any

RUNS, TAGS, STEPS = 20, 25, 20_000
# Issue #15's budgets: seconds, and bytes a point at peak.
BUDGET_READ, BUDGET_PEAK, BUDGET_SERVED, BUDGET_RESTART = 1.0, 24.0, 1.5, 0.5
LAUNCHES = 3
ROOT = Path(__file__).resolve().parent.parent


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


def _scalar_payload(tag: bytes, step: int, wall: float, value: float) -> bytes:
    """The bytes torch's `add_scalar` writes (spec/event-format.md §1.3 shows one)."""
    val = b"\x0a" + _varint(len(tag)) + tag + b"\x15" + struct.pack("<f", value)
    summary = b"\x0a" + _varint(len(val)) + val
    return (
        b"\x09"
        + struct.pack("<d", wall)
        + b"\x10"
        + _varint(step)
        + b"\x2a"
        + _varint(len(summary))
        + summary
    )


def generate(logdir: Path) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from trainboard.events.messages import Event, SourceMetadata
    from trainboard.events.records import frame

    marker = logdir / ".complete"
    if marker.exists():
        return
    shutil.rmtree(logdir, ignore_errors=True)
    print(f"generating {RUNS * TAGS * STEPS:,} points into {logdir} (once) ...", flush=True)
    t0 = time.perf_counter()
    tags = [f"train/metric_{i:02d}".encode() for i in range(TAGS)]
    start = 1_700_000_000.0
    for r in range(RUNS):
        run_dir = logdir / f"run_{r:02d}"
        run_dir.mkdir(parents=True)
        name = f"events.out.tfevents.{int(start)}.benchhost.{1000 + r}.0"
        header = Event(
            wall_time=start,
            file_version="brain.Event:2",
            source_metadata=SourceMetadata(writer="tensorboard.summary.writer.event_file_writer"),
        ).encode()
        parts = [frame(header)]
        for step in range(STEPS):
            wall = start + step * 0.01
            for i, tag in enumerate(tags):
                parts.append(frame(_scalar_payload(tag, step, wall, ((step * 7 + i * 13) % 1000) / 1000.0)))
        (run_dir / name).write_bytes(b"".join(parts))
        print(f"  run {r + 1}/{RUNS}", flush=True)
    marker.write_text("ok")
    print(f"generated in {time.perf_counter() - t0:.0f} s", flush=True)


def warm_page_cache(logdir: Path) -> int:
    """Read every event file once, so that each side is timed with the files in the page cache (the
    budgets say "warm page cache"; this VM's kernel reclaims pages not touched for a while, and the
    first side timed would otherwise read from disk). Returns the bytes read."""
    total = 0
    for path in sorted(logdir.rglob("*tfevents*")):
        with open(path, "rb") as f:
            while chunk := f.read(16 << 20):
                total += len(chunk)
    return total


def _child(code: str) -> dict:
    """Run `code` in a fresh interpreter; it prints one JSON line last."""
    # The child reports times from this launch too, to compare with a server started from cold.
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), BENCH_LAUNCHED=repr(time.time()))
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


_TRAINBOARD = """
import json, sys, time, os
def rss(field="VmRSS:"):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
import numpy, trainboard
from trainboard.store import scanner
assert scanner.scanner_available(), "build the scanner: python setup.py build_ext --inplace"
before = rss()
t0 = time.perf_counter()
exp = trainboard.read({logdir!r})
load = time.perf_counter() - t0
from_launch = time.time() - float(os.environ["BENCH_LAUNCHED"])
after = rss()
peak = rss("VmHWM:")
infos = exp.tag_infos("scalars")
points = sum(len(exp.scalar_arrays(r, t).step) for r, tags in infos.items() for t in tags)
# reload with nothing new: the fixed cost of looking (list directories, stat files)
t0 = time.perf_counter(); exp.reload(); idle = time.perf_counter() - t0
# append 1,000 then 99,000 points to one run, reload each time, then cut the file back
path = sorted(p for p in exp._loaders["run_00"].files)[0]
size = os.path.getsize(path)
sys.path.insert(0, {bench!r})
from load import _scalar_payload
from trainboard.events.records import frame
def records(first, n):
    tag = b"train/metric_00"
    return b"".join(frame(_scalar_payload(tag, first + i, 1.8e9 + i, 0.5)) for i in range(n))
small, large = records(20_000, 1_000), records(21_000, 99_000)
try:
    with open(path, "ab") as f:
        f.write(small)
    t0 = time.perf_counter(); result = exp.reload(); append = time.perf_counter() - t0
    with open(path, "ab") as f:
        f.write(large)
    t0 = time.perf_counter(); exp.reload(); append_large = time.perf_counter() - t0
    grew = len(exp.scalar_arrays("run_00", "train/metric_00").step)
finally:
    os.truncate(path, size)
print(json.dumps(dict(
    load=load, from_launch=from_launch, rss_before=before, rss_after=after, peak=peak, points=points,
    idle=idle,
    append=append,
    appended_bytes=len(small), append_large=append_large, large_bytes=len(large),
    changed=sorted(result.changed_runs), grew=grew,
)))
"""

_ACCUMULATOR = """
import json, time
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
acc = EventAccumulator({run!r}, size_guidance={{"scalars": 0}})
t0 = time.perf_counter()
acc.Reload()
secs = time.perf_counter() - t0
points = sum(len(acc.Scalars(t)) for t in acc.Tags()["scalars"])
print(json.dumps(dict(secs=secs, points=points)))
"""


def run_trainboard(logdir: Path) -> dict:
    code = _TRAINBOARD.format(logdir=str(logdir), bench=str(Path(__file__).resolve().parent))
    return _child(code)


def run_accumulator(logdir: Path) -> dict:
    return _child(_ACCUMULATOR.format(run=str(logdir / "run_00")))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_rust(logdir: Path, timeout: float = 300.0) -> dict | None:
    """Seconds until the data server reports the last step of every (run, tag); None if unavailable."""
    import httpx

    try:
        import tensorboard_data_server

        if not tensorboard_data_server.server_binary():
            return None
    except ImportError:
        return None
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "tensorboard.main",
        "--load_fast=true",
        f"--logdir={logdir}",
        f"--port={port}",
    ]
    cmd += ["--host=127.0.0.1", "--reload_interval=1"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/data/plugin/scalars"
    runs = [f"run_{r:02d}" for r in range(RUNS)]
    pending = {f"train/metric_{i:02d}": set(runs) for i in range(TAGS)}
    try:
        with httpx.Client(timeout=30) as client:
            while pending and time.perf_counter() - t0 < timeout:
                for tag in list(pending):
                    try:
                        resp = client.post(
                            f"{base}/scalars_multirun", data={"tag": tag, "runs": sorted(pending[tag])}
                        )
                    except httpx.TransportError:
                        time.sleep(0.05)
                        break
                    if resp.status_code != 200:
                        continue
                    for run, points in resp.json().items():
                        if points and points[-1][1] == STEPS - 1:
                            pending[tag].discard(run)
                    if not pending[tag]:
                        del pending[tag]
                else:
                    time.sleep(0.02)
        secs = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return None if pending else {"secs": secs}


def run_server(logdir: Path, *args: str, then: Any = None) -> float | None:
    """Seconds from launching `trainboard --logdir` until every point is servable: the load has
    ended and the last tag of the last run is served in full; None after 300 s. The server is
    stopped once `then()` (if given) holds as well."""
    from _browser import start_trainboard, stop

    t0 = time.perf_counter()
    proc, url = start_trainboard(logdir, *args)
    query = f"run=run_{RUNS - 1:02d}&tag=train/metric_{TAGS - 1:02d}&points=10"
    try:
        while time.perf_counter() - t0 < 300:
            try:
                env = json.loads(urllib.request.urlopen(f"{url}/api/environment", timeout=30).read())
                if not env["loading"] and env["progress"]["files_total"] == RUNS:
                    series = json.loads(
                        urllib.request.urlopen(f"{url}/api/scalars?{query}", timeout=30).read()
                    )
                    if series["total"] == STEPS:
                        secs = time.perf_counter() - t0
                        while then is not None and not then() and time.perf_counter() - t0 < 300:
                            time.sleep(0.1)
                        return secs
            except (OSError, ValueError, KeyError):
                pass
            time.sleep(0.02)
        return None
    finally:
        stop(proc)


def _median(times: list[float | None]) -> tuple[float | None, str]:
    """The median of launch times and their range as text; None if any launch failed."""
    if any(t is None for t in times):
        return None, "a launch failed"
    ordered = sorted(t for t in times if t is not None)
    return ordered[len(ordered) // 2], f"{ordered[0]:.2f}-{ordered[-1]:.2f} s"


def _verdict(value: float | None, budget: float, unit: str = "s") -> str:
    if value is None:
        return "not measured"
    return f"budget {budget:g} {unit}: {'met' if value <= budget else '**missed**'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", default="/tmp/trainboard-bench/load", type=Path)
    parser.add_argument("--skip-rust", action="store_true", help="do not start TensorBoard's data server")
    args = parser.parse_args()
    logdir = args.cache
    generate(logdir)
    size = warm_page_cache(logdir)
    total = RUNS * TAGS * STEPS
    load_avg = os.getloadavg()[0]
    print(
        f"logdir: {total:,} points, {size / 1e6:.0f} MB, {os.cpu_count()} CPUs, load average {load_avg:.1f}"
    )

    tb = run_trainboard(logdir)
    assert tb["points"] == total, tb
    per_point = (tb["rss_after"] - tb["rss_before"]) / total
    mbps = size / tb["load"] / 1e6
    print(
        f"trainboard   full load  {tb['load']:7.2f} s  {mbps:6.0f} MB/s  every point kept; "
        f"{_verdict(tb['load'], BUDGET_READ)}"
    )
    print(f"             from launch{tb['from_launch']:7.2f} s  (interpreter start and imports included)")
    whole = tb["rss_after"] / total
    print(f"             memory     {per_point:7.1f} bytes/point added ({whole:.1f} with the interpreter)")
    peak = (tb["peak"] - tb["rss_before"]) / total
    print(
        f"             at peak    {peak:7.1f} bytes/point, scan columns included; "
        f"{_verdict(peak, BUDGET_PEAK, 'bytes')}"
    )
    # Launch times vary more than a load: each is the median of LAUNCHES launches, with the range.
    served, spread = _median([run_server(logdir, "--no_cache") for _ in range(LAUNCHES)])
    print(
        f"server       all served {served or 0:7.2f} s  from launch, no cache "
        f"(median of {LAUNCHES}: {spread}); {_verdict(served, BUDGET_SERVED)}"
    )
    with tempfile.TemporaryDirectory(prefix="trainboard-cache-") as cache:
        # The first launch fills the cache (once its load has ended), the next ones are timed.
        run_server(logdir, "--cache_dir", cache, then=lambda: len(os.listdir(cache)) >= RUNS)
        restart, spread = _median([run_server(logdir, "--cache_dir", cache) for _ in range(LAUNCHES)])
    print(
        f"             restart    {restart or 0:7.2f} s  from launch, cache filled by a launch before "
        f"(median of {LAUNCHES}: {spread}); {_verdict(restart, BUDGET_RESTART)}"
    )

    rust = None if args.skip_rust else run_rust(logdir)
    if rust is None:
        print("rust server  not measured (--skip-rust, or tensorboard-data-server missing)")
    else:
        secs = rust["secs"]
        print(
            f"rust server  last step  {secs:7.2f} s  (keeps 1,000 points a tag; includes startup and polling)"
        )
        print(f"             ratio      {secs / tb['load']:7.2f}x  trainboard faster to full availability")
        print(f"             ratio      {secs / tb['from_launch']:7.2f}x  both timed from process launch")

    acc = run_accumulator(logdir)
    tb_rate = tb["load"] / total
    acc_rate = acc["secs"] / acc["points"]
    print(f"accumulator  one run    {acc['secs']:7.2f} s for {acc['points']:,} points")
    print(f"             ratio      {acc_rate / tb_rate:7.1f}x  trainboard faster per point")

    print(f"reload       nothing new {tb['idle'] * 1e3:6.1f} ms")
    full_rate = size / tb["load"]
    for label, secs, nbytes in (
        ("+1,000 pts", tb["append"], tb["appended_bytes"]),
        ("+99,000 pts", tb["append_large"], tb["large_bytes"]),
    ):
        print(
            f"             {label:<11}{secs * 1e3:6.1f} ms  ({nbytes:,} new bytes; "
            f"{secs / tb['load'] * 100:.2f}% of the full load for {nbytes / size * 100:.3f}% of its bytes; "
            f"{nbytes / secs / full_rate:.2f}x the full load's bytes/s)"
        )
    print(f"             run_00/train/metric_00 grew to {tb['grew']:,} points")


if __name__ == "__main__":
    main()
