"""Fixtures for in-process server tests: a small real logdir, a built-looking static dir, a client."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

if importlib.util.find_spec("trainboard") is None:  # a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "src"))

from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings
from trainboard.store import read


@pytest.fixture(scope="module")
def logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from torch.utils.tensorboard import SummaryWriter

    path = tmp_path_factory.mktemp("logs")
    with SummaryWriter(str(path / "run")) as writer:
        for step in range(20):
            writer.add_scalar("loss", float(step), step)
    return path


@pytest.fixture
def static_dir(tmp_path: Path) -> Path:
    static = tmp_path / "static"
    (static / "assets").mkdir(parents=True)
    (static / "index.html").write_text(
        "<!doctype html><html><head><title>trainboard</title>"
        '<script type="module" src="./assets/app-1a2b.js"></script></head><body></body></html>'
    )
    (static / "assets" / "app-1a2b.js").write_text("console.log('app')")
    (static / "robots.txt").write_text("User-agent: *")
    (tmp_path / "secret.txt").write_text("do not serve me")
    return static


@pytest.fixture
def make_client(logdir: Path, static_dir: Path) -> Iterator[Callable[..., TestClient]]:
    """`make_client(api_only=False, **settings)` -> a started TestClient over `logdir`."""
    clients: list[TestClient] = []

    def make(**overrides: object) -> TestClient:
        settings = ServerSettings(logdir=str(logdir), **overrides)  # type: ignore[arg-type]
        app = create_app(read(str(logdir), load=False), settings, static_dir=static_dir)
        client = TestClient(app, base_url="http://localhost", raise_server_exceptions=False)
        client.__enter__()
        app.fastapi.state.live.wait_loaded(10)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)
