"""Integration fixtures: the real `trainboard` server as a subprocess on a free loopback port, over
logdirs written by torch's SummaryWriter (and trainboard's, once importable).

    def test_something(server_factory, torch_logdir):
        server = server_factory(torch_logdir)
        assert server.get("/api/runs").status_code == 200
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
if importlib.util.find_spec("trainboard") is None:  # a checkout without `pip install -e .`
    sys.path.insert(0, str(SRC))
BANNER = re.compile(r"^trainboard (\S+) at (http://[^ ]+/) \(Ctrl\+C to quit\)$")
STARTUP_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """A running `python -m trainboard` process; `url` comes from its banner."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.args = args
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "trainboard", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.stdout_lines: list[str] = []
        self.stderr_lines: list[str] = []
        self._banner = threading.Event()
        self.url = ""
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.stdout_lines), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr_lines), daemon=True).start()
        self.client = httpx.Client(timeout=10.0)

    def _pump(self, stream, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
        for line in stream:
            lines.append(line.rstrip("\n"))
            match = BANNER.match(line.rstrip("\n"))
            if match:
                self.url = match.group(2)
                self._banner.set()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self._banner.wait(0.05):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"server did not start: {self.output()}")
        while time.monotonic() < deadline:
            try:
                if self.client.get(self.url + "api/environment").status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise AssertionError(f"server never answered: {self.output()}")

    def wait_loaded(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while self.get("/api/environment").json()["loading"]:
            assert time.monotonic() < deadline, "first load never finished"
            time.sleep(0.05)

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        return self.client.get(self.url + path.lstrip("/"), **kwargs)  # type: ignore[arg-type]

    def output(self) -> str:
        return "\n".join(self.stdout_lines + self.stderr_lines)

    def interrupt(self, timeout: float = 10.0) -> int:
        self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout)
        time.sleep(0.1)  # let the pump threads drain the pipes
        return code

    def close(self) -> None:
        self.client.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def server_env(api_only: bool = True) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH", "")]))
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("TRAINBOARD_API_ONLY", None)
    if api_only:
        env["TRAINBOARD_API_ONLY"] = "1"
    return env


@pytest.fixture
def server_factory() -> Iterator[Callable[..., Server]]:
    """Start servers with `server_factory(logdir, "--flag", ..., port=None, wait=True)`; all stop at exit."""
    servers: list[Server] = []

    def start(
        logdir: Path | str,
        *flags: str,
        port: int | None = 0,
        wait: bool = True,
        api_only: bool = True,
        command: tuple[str, ...] = (),
    ) -> Server:
        args = [*command, "--logdir", str(logdir), *flags]
        if port is not None:
            args += ["--port", str(port or free_port())]
        server = Server(args, server_env(api_only))
        servers.append(server)
        if wait:
            server.wait_ready()
        return server

    yield start
    for server in servers:
        server.close()


def write_torch_logdir(logdir: Path) -> None:
    """Two runs from torch's writer: scalars (one with a spike), a histogram, an image, text."""
    from torch.utils.tensorboard import SummaryWriter

    with SummaryWriter(str(logdir / "adam")) as writer:
        for step in range(5000):
            writer.add_scalar("loss", 1.0 / (step + 1) + (100.0 if step == 3333 else 0.0), step)
        writer.add_scalar("accuracy", 0.5, 0)
        writer.add_histogram("weights", np.random.default_rng(0).normal(size=1000), 0)
        writer.add_image("sample", np.zeros((3, 8, 8), dtype=np.float32), 0)
        writer.add_text("notes", "hello **world**", 0)
    with SummaryWriter(str(logdir / "sgd")) as writer:
        for step in range(10):
            writer.add_scalar("loss", 2.0 - step * 0.1, step)


@pytest.fixture(scope="session")
def torch_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    logdir = tmp_path_factory.mktemp("torch_logs")
    write_torch_logdir(logdir)
    return logdir


@pytest.fixture(scope="session")
def trainboard_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A logdir written by trainboard's own SummaryWriter (skipped until the writer lands)."""
    writer_module = pytest.importorskip("trainboard.writer")
    logdir = tmp_path_factory.mktemp("trainboard_logs")
    writer = writer_module.SummaryWriter(str(logdir / "run"))
    for step in range(100):
        writer.add_scalar("reward", float(step), step)
    writer.add_image("frame", np.full((3, 4, 4), 0.5, dtype=np.float32), 0)
    writer.add_histogram("weights", np.arange(100.0), 0)
    writer.close()
    return logdir


@pytest.fixture(scope="session")
def torch_server(torch_logdir: Path) -> Iterator[Server]:
    """One server over `torch_logdir` (titled "exp 7"), fully loaded, shared by the read-only tests."""
    server = Server(
        ["--logdir", str(torch_logdir), "--port", str(free_port()), "--window_title", "exp 7"], server_env()
    )
    try:
        server.wait_ready()
        server.wait_loaded()
        yield server
    finally:
        server.close()


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m trainboard *args` to completion: `cli("--version", api_only=True)`."""

    def run(*args: str, api_only: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "trainboard", *args],
            capture_output=True,
            text=True,
            env=server_env(api_only),
            timeout=60,
        )

    return run


@pytest.fixture
def frontend_built() -> bool:
    return (SRC / "trainboard" / "static" / "index.html").exists()
