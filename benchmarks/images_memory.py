"""A run with 10,000 images: trainboard's server against TensorBoard's, same logdir, same run.

    python benchmarks/images_memory.py                 # 10,000 64x64 images (~120 MB), ~1 minute
    python benchmarks/images_memory.py --images 2000   # quicker

Each server starts in a fresh process on the same logdir. Measured for each:
  1. time from launch until the images tag lists its steps over HTTP;
  2. resident memory (VmRSS) once it does, and again after fetching 20 images;
  3. how many steps the listing offers: trainboard lists every step, TensorBoard keeps a
     sample of 10 (`--samples_per_plugin images=10` by default).
The printed ratios are trainboard / TensorBoard (below 1 means trainboard is smaller or faster).
TensorBoard runs with `--load_fast=false` (its Python loader) unless its Rust data server is
installed; it keeps only 10 images, so matching its memory while serving all 10,000 is the goal.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SIZE = 64
TAG = "noise"
TIMEOUT = 600.0  # seconds for a server to list the images


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def get_json(url: str) -> object:
    import json

    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def get_bytes(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def write_logdir(logdir: Path, count: int) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from trainboard import SummaryWriter

    frames = np.random.default_rng(0).integers(0, 256, size=(16, 3, SIZE, SIZE), dtype=np.uint8)
    with SummaryWriter(str(logdir / "run")) as writer:
        for step in range(count):
            writer.add_image(TAG, frames[step % 16], step)
    return sum(f.stat().st_size for f in (logdir / "run").iterdir())


def wait_for_listing(poll: Callable[[], list], proc: subprocess.Popen, what: str) -> list:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{what} exited with code {proc.returncode}")
        try:
            steps = poll()
            if steps:
                return steps
        except (OSError, KeyError, ValueError):
            pass
        time.sleep(0.1)
    raise SystemExit(f"{what} did not list the images within {TIMEOUT:.0f}s")


def measure_trainboard(logdir: Path, expected: int) -> dict[str, float]:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), TRAINBOARD_API_ONLY="1")
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "trainboard", "--logdir", str(logdir), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    query = urllib.parse.urlencode({"run": "run", "tag": TAG})

    def poll() -> list:
        listing = get_json(f"{base}/api/images?{query}")
        return listing["blobs"] if listing["total"] == expected else []  # type: ignore[index]

    try:
        blobs = wait_for_listing(poll, proc, "trainboard")
        ready = time.monotonic() - start
        loaded = rss_mb(proc.pid)
        for k in range(20):
            get_bytes(f"{base}/api/blob/{blobs[k * (len(blobs) - 1) // 19][0]}")
        return {
            "ready_s": ready,
            "rss_mb": loaded,
            "rss_after_fetch_mb": rss_mb(proc.pid),
            "steps": len(blobs),
        }
    finally:
        proc.terminate()
        proc.wait(30)


def measure_tensorboard(logdir: Path, expected: int) -> dict[str, float]:
    port = free_port()
    try:
        import tensorboard_data_server  # noqa: F401

        load_fast = "true"
    except ImportError:
        load_fast = "false"
    start = time.monotonic()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tensorboard.main",
            "--logdir",
            str(logdir),
            "--port",
            str(port),
            "--load_fast",
            load_fast,
            "--reload_interval",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/data/plugin/images"
    query = urllib.parse.urlencode({"run": "run", "tag": TAG, "sample": 0})

    def poll() -> list:
        # TensorBoard's reservoir keeps the newest step, so the listing is complete once it is there.
        entries = get_json(f"{base}/images?{query}")
        return entries if entries and entries[-1]["step"] == expected - 1 else []  # type: ignore[index]

    try:
        entries = wait_for_listing(poll, proc, "TensorBoard")
        ready = time.monotonic() - start
        loaded = rss_mb(proc.pid)
        for k in range(20):
            get_bytes(f"{base}/individualImage?{entries[k % len(entries)]['query']}")
        return {
            "ready_s": ready,
            "rss_mb": loaded,
            "rss_after_fetch_mb": rss_mb(proc.pid),
            "steps": len(entries),
        }
    finally:
        proc.terminate()
        proc.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tb-images-") as tmp:
        logdir = Path(tmp)
        size = write_logdir(logdir, args.images)
        print(f"logdir: {args.images:,} images of {SIZE}x{SIZE}, {size / 2**20:.0f} MiB of events")
        ours = measure_trainboard(logdir, args.images)
        theirs = measure_tensorboard(logdir, args.images)
    print(f"{'':28}{'trainboard':>12}{'TensorBoard':>13}{'ratio':>8}")
    rows = [
        ("steps offered by the slider", "steps", "{:.0f}"),
        ("time to list the tag (s)", "ready_s", "{:.2f}"),
        ("resident memory (MiB)", "rss_mb", "{:.0f}"),
        ("... after 20 images (MiB)", "rss_after_fetch_mb", "{:.0f}"),
    ]
    for label, key, fmt in rows:
        ratio = ours[key] / theirs[key] if theirs[key] else float("nan")
        print(f"{label:28}{fmt.format(ours[key]):>12}{fmt.format(theirs[key]):>13}{ratio:>8.2f}")


if __name__ == "__main__":
    main()
