"""The sessions trainboard reads are the ones TensorBoard's hparams plugin lists over its HTTP API."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from trainboard.plugins.hparams.sessions import read_hparams
from trainboard.store import read

pytestmark = [pytest.mark.compat, pytest.mark.slow]

torch_tb = pytest.importorskip("torch.utils.tensorboard")
pytest.importorskip("tensorboard")
from tensorboard.plugins.hparams import summary_v2 as tf_hp  # noqa: E402
from torch.utils.tensorboard.summary import hparams as torch_hparams_summary  # noqa: E402

_STATUS = {"STATUS_UNKNOWN": "unknown", "STATUS_SUCCESS": "success", "STATUS_FAILURE": "failure"}
_ALL_STATUSES = ["STATUS_UNKNOWN", "STATUS_SUCCESS", "STATUS_FAILURE", "STATUS_RUNNING"]
_STARTUP_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(port: int, route: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/data/plugin/hparams/{route}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@contextmanager
def _tensorboard(logdir: Path) -> Iterator[int]:
    port = _free_port()
    command = [sys.executable, "-m", "tensorboard.main", "--logdir", str(logdir)]
    command += ["--port", str(port), "--host", "127.0.0.1", "--load_fast=false", "--reload_interval=1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _tensorboard_sessions(logdir: Path, expected: int) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """TensorBoard's experiment and its sessions by name, once it has loaded `expected` of them."""
    request = {"allowedStatuses": _ALL_STATUSES, "startIndex": 0, "sliceSize": 10000, "includeMetrics": True}
    with _tensorboard(logdir) as port:
        deadline = time.monotonic() + _STARTUP_SECONDS
        previous = None
        while True:
            try:
                groups = _post(port, "session_groups", request)
                experiment = _post(port, "experiment", {"includeMetrics": True})
            except OSError:
                groups, experiment = {}, {}
            sessions = {
                s["name"]: {**s, "hparams": g.get("hparams", {})}
                for g in groups.get("sessionGroups", [])
                for s in g["sessions"]
            }
            # Loaded when the expected sessions are there and two reads in a row agree.
            if len(sessions) >= expected and sessions == previous:
                return experiment, sessions
            if time.monotonic() > deadline:
                raise AssertionError(f"TensorBoard listed {len(sessions)} of {expected} sessions")
            previous = sessions
            time.sleep(1.0)


def _read(logdir: Path) -> Any:
    return read_hparams(read(str(logdir)))


def _assert_same_sessions(logdir: Path, expected: int) -> None:
    experiment, theirs = _tensorboard_sessions(logdir, expected)
    ours = {s.run: s for s in _read(logdir).sessions}
    assert set(ours) == set(theirs)
    metric_keys = set()
    for name, session in theirs.items():
        mine = ours[name]
        assert mine.hparams == pytest.approx(session["hparams"]), name
        assert mine.status == _STATUS[session.get("status", "STATUS_UNKNOWN")], name
        if session.get("startTimeSecs"):
            assert mine.start_time == session["startTimeSecs"]
        for value in session.get("metricValues", []):
            group, tag = value["name"].get("group", ""), value["name"]["tag"]
            key = f"{group}/{tag}" if group else tag
            metric_keys.add(key)
            assert mine.metrics[key].last == pytest.approx(value["value"]), (name, key)
            assert mine.metrics[key].step == value.get("trainingStep", 0), (name, key)
    assert metric_keys, "the comparison must cover at least one metric"
    ours_hparams = {h.name: h for h in _read(logdir).hparams}
    for info in experiment.get("hparamInfos", []):
        assert info["name"] in ours_hparams
        if "domainDiscrete" in info:
            assert set(ours_hparams[info["name"]].values or ()) == set(info["domainDiscrete"])


def test_torch_add_hparams_trials_match_tensorboard(tmp_path: Path) -> None:
    domains = {"optimizer": ["sgd", "adam"], "layers": [2, 4, 8]}
    with torch_tb.SummaryWriter(str(tmp_path)) as writer:
        for i in range(6):
            hparams = {"lr": 10.0**-i, "optimizer": ["sgd", "adam"][i % 2], "layers": [2, 4, 8][i % 3]}
            hparams["use_bn"] = i % 2 == 0
            writer.add_hparams(hparams, {"accuracy": 0.5 + i / 20, "loss": 1.0 / (i + 1)}, domains)
            time.sleep(0.002)  # torch names each trial's run by time.time()
    _assert_same_sessions(tmp_path, 6)


def test_lightning_style_summaries_match_tensorboard(tmp_path: Path) -> None:
    for version in range(3):
        with torch_tb.SummaryWriter(str(tmp_path / "lightning_logs" / f"version_{version}")) as writer:
            writer.add_scalar("hp_metric", -1, 0)
            params = {"lr": 0.01 * (version + 1), "model": "mlp", "epochs": 3 + version}
            for summary in torch_hparams_summary(params, {"hp_metric": -1}):
                writer.file_writer.add_summary(summary)
            for step in range(5):
                writer.add_scalar("val_loss", 1.0 / (step + 1 + version), step)
            writer.add_scalar("hp_metric", 0.1 * version, 5)
    _assert_same_sessions(tmp_path, 3)


def test_tensorboardx_trials_match_tensorboard(tmp_path: Path) -> None:
    tbx = pytest.importorskip("tensorboardX")
    with tbx.SummaryWriter(str(tmp_path)) as writer:
        for i in range(4):
            hparams = {"augment": i % 2 == 0, "lr": 0.1 / (i + 1), "arch": f"net{i % 2}"}
            writer.add_hparams(hparams, {"acc": 0.6 + i / 10}, name=f"trial{i}")
    _assert_same_sessions(tmp_path, 4)


def test_tf_hparams_api_with_grouped_metrics_matches_tensorboard(tmp_path: Path) -> None:
    lr = tf_hp.HParam("lr", tf_hp.RealInterval(0.0001, 1.0))
    opt = tf_hp.HParam("opt", tf_hp.Discrete(["adam", "sgd"]))
    metrics = [tf_hp.Metric("loss", group="validation"), tf_hp.Metric("loss", group="train")]
    with torch_tb.SummaryWriter(str(tmp_path)) as writer:
        writer.file_writer.add_summary(tf_hp.hparams_config_pb(hparams=[lr, opt], metrics=metrics))
    for i in range(3):
        run = tmp_path / f"run{i}"
        with torch_tb.SummaryWriter(str(run)) as writer:
            summary = tf_hp.hparams_pb({lr: 0.1**i, opt: ["adam", "sgd"][i % 2]}, start_time_secs=100.0 + i)
            writer.file_writer.add_summary(summary)
        for group in ("train", "validation"):
            with torch_tb.SummaryWriter(str(run / group)) as writer:
                for step in range(4):
                    writer.add_scalar("loss", (i + 1) / (step + 1) + (group == "train"), step)
    _assert_same_sessions(tmp_path, 3)


def test_trainboard_add_hparams_matches_tensorboard(tmp_path: Path) -> None:
    writer_module = pytest.importorskip("trainboard.writer")
    with writer_module.SummaryWriter(str(tmp_path)) as writer:
        for i in range(3):
            hparams = {"lr": 0.1 * (i + 1), "optimizer": "adam", "dropout": i / 10}
            writer.add_hparams(hparams, {"reward": 10.0 * i}, run_name=f"trial{i}")
    _assert_same_sessions(tmp_path, 3)


def test_trainboard_trials_recorded_in_their_own_runs_match_tensorboard(tmp_path: Path) -> None:
    writer_module = pytest.importorskip("trainboard.writer")
    for i in range(3):
        with writer_module.SummaryWriter(str(tmp_path / f"lr={0.1 * (i + 1):.1f}")) as writer:
            for step in range(5):
                writer.add_scalar("loss", 1.0 / (step + 1 + i), step)
            writer.add_hparams({"lr": 0.1 * (i + 1), "batch": 32}, {"accuracy": 0.5 + i / 10}, run_name=".")
    _assert_same_sessions(tmp_path, 3)
    # The trial is in the run that holds its training curve, not in a time-named sub-run.
    sessions = _read(tmp_path).sessions
    assert [s.run for s in sessions] == ["lr=0.1", "lr=0.2", "lr=0.3"]
