"""trainboard's `SummaryWriter` against torch's, same inputs, same run: time per call and the ratio.

    python benchmarks/writer.py            # about a minute on two cores
    python benchmarks/writer.py --quick    # fewer calls

Each timing covers the calls and the final `flush()`, so work left to the flush thread is
counted. The two writers alternate, five runs each, and the best run of each is reported, so
both are measured under the same machine load. Targets (issue #2): add_scalar >= 20x,
add_histogram (1,000 floats) and add_image (64x64x3) >= 3x faster than torch.
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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
