"""Time from `trainboard --logdir ...` to its first useful answer: a 200 from /api/runs listing the runs.

    python benchmarks/startup.py                        # this checkout, median of 5 launches
    python benchmarks/startup.py --src /tmp/before/src  # another source tree (e.g. an older commit)
    python benchmarks/startup.py --compare /tmp/before/src   # both, and the ratio

Two logdirs, generated once into --cache: one run of 10,000 64x64 images (benchmarks/images_memory.py)
and a small scalar logdir (3 runs x 5 tags x 300 steps). Each launch is a fresh process; /api/runs is
polled every 5 ms from the moment the process is started, and the clock stops at the first answer
that lists every run; the time until /api/environment reports the first load done is shown too.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _browser import ROOT, free_port, stop

POLL_S = 0.005
TIMEOUT_S = 120.0


def image_logdir(cache: Path) -> Path:
    logdir = cache / "images-10000"
    if not (logdir / ".complete").exists():
        from images_memory import write_logdir

        write_logdir(logdir, 10_000)
        (logdir / ".complete").touch()
    return logdir


def scalar_logdir(cache: Path) -> Path:
    logdir = cache / "scalars-small"
    if not (logdir / ".complete").exists():
        sys.path.insert(0, str(ROOT / "src"))
        from trainboard import SummaryWriter

        for run in ("a", "b", "c"):
            with SummaryWriter(str(logdir / run)) as writer:
                for step in range(300):
                    for k in range(5):
                        writer.add_scalar(f"tag{k}", step * 0.1 + k, step)
        (logdir / ".complete").touch()
    return logdir


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def launch(src: Path, logdir: Path, runs: int) -> tuple[float, float]:
    """Seconds from process start to a 200 from /api/runs listing `runs` runs, and to the first load
    finished (/api/environment says `loading: false`)."""
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "trainboard", "--logdir", str(logdir), "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(src)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    listed = None
    try:
        while time.perf_counter() - started < TIMEOUT_S:
            if proc.poll() is not None:
                raise SystemExit(f"trainboard from {src} exited with {proc.returncode}; run it by hand")
            try:
                if listed is None:
                    status, body = _get(port, "/api/runs")
                    if status == 200 and len(json.loads(body)["runs"]) == runs:
                        listed = time.perf_counter() - started
                        continue
                else:
                    status, body = _get(port, "/api/environment")
                    if status == 200 and not json.loads(body)["loading"]:
                        return listed, time.perf_counter() - started
            except OSError:
                pass
            time.sleep(POLL_S)
        raise SystemExit(f"not loaded after {TIMEOUT_S:.0f} s")
    finally:
        stop(proc)


def measure(
    trees: list[Path], logdirs: dict[str, tuple[Path, int]], repeat: int
) -> dict[tuple[Path, str], float]:
    """Median seconds to the runs listed per (tree, logdir); launches alternate between the trees so
    that a busy moment on the machine hits both."""
    medians = {}
    for name, (logdir, runs) in logdirs.items():
        times: dict[Path, list[tuple[float, float]]] = {src: [] for src in trees}
        for _ in range(repeat):
            for src in trees:
                times[src].append(launch(src, logdir, runs))
        for src in trees:
            listed = [t[0] for t in times[src]]
            loaded = [t[1] for t in times[src]]
            medians[src, name] = statistics.median(listed)
            print(
                f"{name:<14} {src!s:<20} runs listed {statistics.median(listed):.3f} s, "
                f"first load done {statistics.median(loaded):.3f} s "
                f"(median of {repeat}; listed: {', '.join(f'{t:.3f}' for t in listed)})"
            )
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="source tree to launch")
    parser.add_argument("--compare", type=Path, help="a second source tree, timed after --src")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/trainboard-bench/startup"))
    args = parser.parse_args()
    logdirs = {
        "10,000 images": (image_logdir(args.cache), 1),
        "small scalars": (scalar_logdir(args.cache), 3),
    }
    trees = [args.src] + ([args.compare] if args.compare else [])
    medians = measure(trees, logdirs, args.repeat)
    if args.compare:
        for name in logdirs:
            ratio = medians[args.compare, name] / medians[args.src, name]
            print(f"ratio {name:<14} runs listed, --compare / --src = {ratio:.2f}x")


if __name__ == "__main__":
    main()
