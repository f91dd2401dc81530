"""Absurd and forged blob ids get a 4xx with a message and read nothing: the run's event file is
grown by a 1 GiB hole after loading, so any id that reached a read would cost the server 1 GiB."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from trainboard import SummaryWriter

Server = Any  # conftest.Server
HOLE = 1 << 30
# RSS may move by allocator noise and the answers themselves; reading the hole would add 1 GiB.
RSS_SLACK = 200 << 20


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads RSS from /proc (Linux)")
def test_absurd_blob_ids_are_refused_without_reading(server_factory, tmp_path: Path) -> None:
    with SummaryWriter(str(tmp_path / "run")) as w:
        w.add_image("img", np.random.default_rng(0).integers(0, 256, (3, 32, 32), dtype=np.uint8), 0)
    (event_file,) = (tmp_path / "run").glob("*tfevents*")
    server = server_factory(tmp_path, "--reload_interval", "0")
    server.wait_loaded()
    good = server.get("/api/images", params={"run": "run", "tag": "img"}).json()["blobs"][0][-1]
    assert server.get(f"/api/blob/{good}").status_code == 200
    size = event_file.stat().st_size
    with open(event_file, "r+b") as f:
        f.truncate(size + HOLE)  # sparse: costs no disk, but reading it costs 1 GiB of memory
    before = _rss(server.proc.pid)
    file_no, offset, length, *tag = good[1:].split(".")  # the tag after them, if ids carry one
    tag = "." + tag[0] if tag else ""
    absurd = [
        "f0.0.99999999999999",
        "f0.0." + "1" + "0" * 21,
        "f0.0.-1",
        f"f{file_no}.0.{size + HOLE}",
        f"f{file_no}.{offset}.{size + HOLE}{tag}",  # a real tag on another length
        f"f{file_no}.0.{HOLE}.{'0' * 16}",
        f"f{int(file_no) + 1}.{offset}.{length}{tag}",
        "f" + "9" * 30 + ".0.1",
        "v" + "A" * 200,
        "x",
        "f0.0.1;rm",
    ]
    for blob_id in absurd:
        response = server.get(f"/api/blob/{blob_id}")
        assert 400 <= response.status_code < 500, (blob_id, response.status_code)
        assert response.json()["error"], blob_id
    assert _rss(server.proc.pid) - before < RSS_SLACK
    os.truncate(event_file, size)
