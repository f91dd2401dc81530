"""The real `tensorboard --logdir` serves a trainboard-written logdir: runs, tags and values over HTTP."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from trainboard import SummaryWriter

pytest.importorskip("tensorboard")

pytestmark = [pytest.mark.compat, pytest.mark.slow]

STARTUP_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, route: str, **params: str) -> Any:
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{route}{query}", timeout=30) as response:
        return json.loads(response.read())


def _write_logdir(logdir: Path) -> None:
    with SummaryWriter(str(logdir)) as writer:
        for step in range(20):
            writer.add_scalar("loss/train", 1.0 / (step + 1), step, walltime=1_700_000_000 + step)
        writer.add_scalar("reward", 21.0, 3, new_style=True)
        writer.add_histogram("weights", np.linspace(-1, 1, 100), 1)
        writer.add_image("sample", np.zeros((3, 8, 8)), 1)
        writer.add_text("notes", "hello", 1)
        writer.add_scalars("lr", {"a": 0.1, "b": 0.2}, 1)
        writer.add_hparams({"lr": 0.1}, {"hparam/acc": 0.5}, run_name="trial")


@pytest.mark.parametrize("load_fast", ["auto", "false"])
def test_tensorboard_lists_trainboard_runs_and_tags(tmp_path, load_fast):
    _write_logdir(tmp_path)
    binary = shutil.which("tensorboard")
    command = [binary] if binary else [sys.executable, "-m", "tensorboard.main"]
    port = _free_port()
    command += [
        "--logdir",
        str(tmp_path),
        "--port",
        str(port),
        "--host",
        "127.0.0.1",
        f"--load_fast={load_fast}",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    expected_runs = {".", "lr_a", "lr_b", "trial"}
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        runs: list[str] = []
        while True:
            try:
                runs = _get(port, "/data/runs")
                tags = _get(port, "/data/plugin/scalars/tags")
            except OSError:
                runs, tags = [], {}
            if expected_runs <= set(runs) and "reward" in tags.get(".", {}) and "trial" in tags:
                break
            assert time.monotonic() < deadline, f"TensorBoard listed runs {runs} and scalar tags {tags}"
            time.sleep(0.5)
        assert set(tags["."]) == {"loss/train", "reward"}
        assert set(tags["lr_a"]) == set(tags["lr_b"]) == {"lr"}
        assert set(tags["trial"]) == {"hparam/acc"}
        points = _get(port, "/data/plugin/scalars/scalars", run=".", tag="loss/train")
        assert [p[1] for p in points] == list(range(20))
        assert [p[2] for p in points] == pytest.approx([1.0 / (s + 1) for s in range(20)])
        assert set(_get(port, "/data/plugin/histograms/tags")["."]) == {"weights"}
        assert set(_get(port, "/data/plugin/images/tags")["."]) == {"sample"}
        assert set(_get(port, "/data/plugin/text/tags")["."]) == {"notes/text_summary"}
    finally:
        process.terminate()
        process.wait(timeout=30)
