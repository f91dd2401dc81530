"""trainboard's `SummaryWriter` against torch's, same inputs, same run: time per call and the ratio.

    python benchmarks/writer.py            # about a minute on two cores
    python benchmarks/writer.py --quick    # fewer calls

Each timing covers the calls and the final `flush()`, so work left to the flush thread is
counted. The two writers alternate, five runs each, and the best run of each is reported, so
both are measured under the same machine load. Targets (issue #2): add_scalar >= 20x,
add_histogram (1,000 floats) and add_image (64x64x3) >= 3x faster than torch.

Then the cost of being live (issue #12): write system calls per second (the process's `syscw` in
/proc/self/io) under a loop asking for 100,000 add_scalar calls a second and under one call a second,
and how long the last value of the slow loop waited before it was on disk, for both writers with their
defaults.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as np


def _per_call_us(make_writer: Callable[[str], Any], call: Callable[[Any, int], None], calls: int) -> float:
    """One run in a fresh writer and directory, in microseconds per call."""
    with tempfile.TemporaryDirectory() as logdir:
        writer = make_writer(logdir)
        call(writer, 0)  # first call pays one-time imports and caches
        start = time.perf_counter()
        for step in range(1, calls + 1):
            call(writer, step)
        writer.flush()
        elapsed = (time.perf_counter() - start) / calls * 1e6
        writer.close()
    return elapsed


def _best_interleaved(
    writers: dict[str, Callable[[str], Any]], call: Callable[[Any, int], None], calls: int, repeats: int
) -> dict[str, float]:
    """Best of ``repeats`` runs per writer, alternating writers so both see the same machine load."""
    best = dict.fromkeys(writers, float("inf"))
    for _ in range(repeats):
        for label, make in writers.items():
            best[label] = min(best[label], _per_call_us(make, call, calls))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer calls per case")
    args = parser.parse_args()
    scale = 0.2 if args.quick else 1.0

    from torch.utils.tensorboard import SummaryWriter as TorchWriter

    from trainboard import SummaryWriter

    rng = np.random.default_rng(0)
    values = rng.normal(size=1000)
    image = rng.random((3, 64, 64), dtype=np.float32)
    cases: list[tuple[str, Callable[[Any, int], None], int, float]] = [
        ("add_scalar", lambda w, i: w.add_scalar("loss", 0.5, i), int(20000 * scale), 20.0),
        ("add_histogram (1,000 floats)", lambda w, i: w.add_histogram("h", values, i), int(400 * scale), 3.0),
        ("add_image (64x64x3)", lambda w, i: w.add_image("img", image, i), int(300 * scale), 3.0),
    ]
    writers = {"torch": lambda d: TorchWriter(d), "trainboard": lambda d: SummaryWriter(d)}
    print(f"{'case':<30}{'torch us/call':>15}{'trainboard us/call':>20}{'speed-up':>10}{'target':>8}")
    failed = False
    for name, call, calls, target in cases:
        times = _best_interleaved(writers, call, calls, repeats=5)
        ratio = times["torch"] / times["trainboard"]
        failed |= ratio < target
        mark = "ok" if ratio >= target else "MISS"
        torch_us, ours_us = times["torch"], times["trainboard"]
        print(f"{name:<30}{torch_us:>15.1f}{ours_us:>20.2f}{ratio:>9.1f}x{target:>6.0f}x {mark}")
    print()
    print(f"{'loop (defaults)':<30}{'writer':>12}{'calls/s':>12}{'writes/s':>10}{'on disk after':>15}")
    for rate, seconds in ((100_000, 2.0), (1, 5.0 if not args.quick else 3.0)):
        for label, make in writers.items():
            calls, writes, wait = _paced(make, rate, seconds)
            if rate >= 1000:
                waited = "-"
            else:
                waited = f"{wait:.2f} s" if wait is not None else f"> {1 / rate:.0f} s"
            print(f"{f'{rate:,} calls/s asked':<30}{label:>12}{calls:>12,.0f}{writes:>10,.0f}{waited:>15}")
    return 1 if failed else 0


def _syscw() -> int:
    with open("/proc/self/io") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("syscw:"))


def _paced(
    make_writer: Callable[[str], Any], rate: float, seconds: float
) -> tuple[float, float, float | None]:
    """add_scalar at ``rate`` calls/s for ``seconds``: calls/s reached, write syscalls/s, and (slow loops
    only) the longest a value waited before the file grew (None: not before the next call was due)."""
    import glob
    import os

    with tempfile.TemporaryDirectory() as logdir:
        writer = make_writer(logdir)
        writer.add_scalar("warmup", 0.0, 0)
        writer.flush()
        (path,) = glob.glob(os.path.join(logdir, "**", "*tfevents*"), recursive=True)
        interval = 1.0 / rate
        slow = interval >= 0.1
        start_writes = _syscw()
        start = time.perf_counter()
        calls = 0
        worst: float | None = 0.0
        while True:
            now = time.perf_counter()
            if now - start >= seconds:
                break
            due = start + calls * interval
            if now < due:
                if due - now > 0.001:
                    time.sleep(min(due - now, 0.05))
                continue
            size = os.path.getsize(path)
            called = time.perf_counter()
            writer.add_scalar("loss", 0.5, calls)
            calls += 1
            if slow:
                # Poll the file until the value is there or the next call is due.
                while os.path.getsize(path) == size and time.perf_counter() < called + interval * 0.95:
                    time.sleep(0.002)
                waited = time.perf_counter() - called
                grew = os.path.getsize(path) > size
                worst = None if worst is None or not grew else max(worst, waited)
        elapsed = time.perf_counter() - start
        writes = _syscw() - start_writes
        writer.close()
    return calls / elapsed, writes / elapsed, worst if slow else None


if __name__ == "__main__":
    sys.exit(main())
