"""A run with 10,000 images: the server lists every step, serves any of them, and its memory stays flat.

The store keeps only (file, offset, length) per image and the images route reads no bytes to list a
series, so adding ~120 MB of PNGs to a watched logdir must not add anywhere near that to the server.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

IMAGES = 10_000
SIZE = 64  # 64x64 RGB noise compresses badly: ~12 KB of PNG each, ~120 MB in all
MAX_GROWTH_MB = 100
LOAD_TIMEOUT = 180.0

pytestmark = pytest.mark.slow


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for pid {pid}")


def write_many_images(logdir: Path, count: int) -> int:
    from trainboard import SummaryWriter

    rng = np.random.default_rng(0)
    frames = rng.integers(0, 256, size=(16, 3, SIZE, SIZE), dtype=np.uint8)
    with SummaryWriter(str(logdir)) as writer:
        for step in range(count):
            writer.add_image("noise", frames[step % 16], step)
    return sum(f.stat().st_size for f in logdir.iterdir())


def test_ten_thousand_images_do_not_grow_server_memory(server_factory: Callable, tmp_path: Path) -> None:
    pytest.importorskip("trainboard.writer")
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to read the server's resident memory")
    from trainboard import SummaryWriter

    with SummaryWriter(str(tmp_path / "small")) as writer:
        writer.add_image("noise", np.zeros((3, SIZE, SIZE), np.uint8), 0)
    server = server_factory(tmp_path)
    server.wait_loaded()
    # Warm the routes up so their one-off imports and caches are in the baseline.
    assert server.get("/api/images", params={"run": "small", "tag": "noise"}).status_code == 200
    before = rss_mb(server.proc.pid)

    written = write_many_images(tmp_path / "many", IMAGES)
    assert written > 100 * 2**20, "the images should outweigh the memory budget"
    deadline = time.monotonic() + LOAD_TIMEOUT
    while True:
        tags = server.get("/api/tags", params={"plugin": "images"}).json()["runs"]
        if tags.get("many", {}).get("noise", {}).get("count") == IMAGES:
            break
        assert time.monotonic() < deadline, f"server did not pick up the images: {tags.get('many')}"
        time.sleep(0.5)

    listing = server.get("/api/images", params={"run": "many", "tag": "noise"}).json()
    assert listing["total"] == IMAGES and len(listing["step"]) == IMAGES
    for index in (0, IMAGES // 2, IMAGES - 1):
        blob = server.get(f"/api/blob/{listing['blobs'][index][0]}")
        assert blob.status_code == 200 and blob.content.startswith(b"\x89PNG")
    after = rss_mb(server.proc.pid)
    assert after - before < MAX_GROWTH_MB, f"server grew from {before:.0f} MiB to {after:.0f} MiB"
