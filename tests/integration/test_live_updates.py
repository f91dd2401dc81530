"""Live updates: what a training script writes reaches a listening client within a second."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

Server = Any  # conftest.Server

# The promise made to users: a change on disk reaches an open page within this many seconds.
LIVE_DEADLINE = 1.0


class EventListener:
    """Reads `/api/events` in a thread and queues (event, data) pairs as they arrive."""

    def __init__(self, url: str) -> None:
        self.events: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self._client = httpx.Client(timeout=httpx.Timeout(5.0, read=None))
        threading.Thread(target=self._read, args=(url,), daemon=True).start()

    def _read(self, url: str) -> None:
        event = ""
        try:
            with self._client.stream("GET", url) as response:
                for line in response.iter_lines():
                    if line.startswith("event: "):
                        event = line[len("event: ") :]
                    elif line.startswith("data: "):
                        self.events.put((event, json.loads(line[len("data: ") :])))
        except httpx.HTTPError:
            pass

    def next(self, name: str, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no {name!r} event within {timeout} s"
            try:
                event, data = self.events.get(timeout=remaining)
            except queue.Empty:
                continue
            if event == name:
                return data

    def close(self) -> None:
        self._client.close()


def test_appended_points_reach_a_listening_client_within_a_second(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(tmp_path / "run"), flush_secs=3600)
    for step in range(10):
        writer.add_scalar("loss", float(step), step)
    writer.flush()
    server = server_factory(tmp_path)
    server.wait_loaded()
    listener = EventListener(server.url + "api/events")
    try:
        hello = listener.next("hello", timeout=5)
        writer.add_scalar("loss", 123.0, 10)
        writer.flush()
        change = listener.next("change", timeout=LIVE_DEADLINE)
        assert change["runs"] == ["run"] and change["generation"] > hello["generation"]
        body = server.get("/api/scalars", params={"run": "run", "tag": "loss"}).json()
        assert body["step"][-1] == 10 and body["value"][-1] == 123.0
    finally:
        listener.close()
        writer.close()


def test_a_new_run_directory_is_announced_and_listed(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    from torch.utils.tensorboard import SummaryWriter

    with SummaryWriter(str(tmp_path / "first")) as writer:
        writer.add_scalar("loss", 1.0, 0)
    server = server_factory(tmp_path)
    server.wait_loaded()
    listener = EventListener(server.url + "api/events")
    try:
        listener.next("hello", timeout=5)
        with SummaryWriter(str(tmp_path / "deep" / "second")) as writer:
            writer.add_scalar("loss", 2.0, 0)
        change = listener.next("change", timeout=LIVE_DEADLINE + 1)
        assert "deep/second" in change["runs"]
        assert [r["name"] for r in server.get("/api/runs").json()["runs"]] == ["deep/second", "first"]
    finally:
        listener.close()


def test_server_started_before_the_logdir_exists_shows_it_once_written(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    from torch.utils.tensorboard import SummaryWriter

    logdir = tmp_path / "not" / "yet"
    server = server_factory(logdir)
    server.wait_loaded()
    assert server.get("/api/runs").json()["runs"] == []
    assert any("does not exist yet" in line for line in server.stderr_lines)
    listener = EventListener(server.url + "api/events")
    try:
        listener.next("hello", timeout=5)
        with SummaryWriter(str(logdir / "run")) as writer:
            writer.add_scalar("reward", 7.0, 3)
        change = listener.next("change", timeout=3)
        assert change["runs"] == ["run"]
        # The run's header and its point may be read by two reloads: wait for the one with the point.
        body = server.get("/api/scalars", params={"run": "run", "tag": "reward"}).json()
        while "step" not in body:
            assert listener.next("change", timeout=3)["runs"] == ["run"]
            body = server.get("/api/scalars", params={"run": "run", "tag": "reward"}).json()
        assert body["step"] == [3] and body["value"] == [7.0]
    finally:
        listener.close()


def test_reload_interval_zero_loads_once_and_reports_not_live(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    from torch.utils.tensorboard import SummaryWriter

    with SummaryWriter(str(tmp_path / "run")) as writer:
        writer.add_scalar("loss", 1.0, 0)
    server = server_factory(tmp_path, "--reload_interval", "0")
    server.wait_loaded()
    assert server.get("/api/environment").json()["live"] is False
    assert len(server.get("/api/runs").json()["runs"]) == 1


def test_ctrl_c_with_an_open_event_stream_exits_cleanly(
    server_factory: Callable[..., Server], torch_logdir: Path
) -> None:
    server = server_factory(torch_logdir)
    listener = EventListener(server.url + "api/events")
    try:
        listener.next("hello", timeout=5)
        assert server.interrupt() == 0
    finally:
        listener.close()
    assert "Traceback" not in server.output()
