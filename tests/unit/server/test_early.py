"""The startup server (`server/early.py`) answers as the full app does, and leaves the rest to it."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from trainboard.server.app import create_app, create_fastapi
from trainboard.server.early import EARLY_ROUTES, StartupApp
from trainboard.server.live import Live
from trainboard.server.middleware import wrapped
from trainboard.server.settings import ServerSettings
from trainboard.store import read

SRC = Path(__file__).resolve().parents[3] / "src"
# Headers that differ between any two answers (the clock, the time taken).
VARYING = {"date", "server", "server-timing"}
# What a client asks first, valid and not: each is answered by the startup server alone.
QUERIES = [
    "/api/environment",
    "/api/runs",
    "/api/plugins",
    "/api/warnings",
    "/api/tags?plugin=scalars",
    "/api/tags?plugin=scalars&compact=true",
    "/api/tags?plugin=images&compact=false",
    "/api/scalars?run=run&tag=loss",
    "/api/scalars?run=run&tag=loss&points=5&smoothing=0.6",
    "/api/scalars?run=run&tag=loss&x=wall&points=3",
    "/api/scalars?run=run&tag=loss&x=relative&start=0.5&end=1e1",
    "/api/scalars?run=run&tag=loss&start=10&end=2",  # a PublicError: 400 with its one line
    "/api/scalars?run=nope&tag=loss",  # 404
    "/api/scalars?run=run&tag=nope",
    "/api/environment?unknown=1",  # parameters a route does not take are ignored, as FastAPI does
]
# Requests the startup server must leave to the full app: invalid, or not plainly valid.
DEFERRED = [
    "/api/scalars?run=run&tag=loss&points=abc",
    "/api/scalars?run=run&tag=loss&points=0",
    "/api/scalars?run=run&tag=loss&points=007",
    "/api/scalars?run=run&tag=loss&points=10001",
    "/api/scalars?run=run&tag=loss&smoothing=1",
    "/api/scalars?run=run&tag=loss&smoothing=-0",
    "/api/scalars?run=run&tag=loss&x=epoch",
    "/api/scalars?run=run&tag=loss&start=1e999",
    "/api/scalars?run=run&tag=loss&start=nan",
    "/api/scalars?run=&tag=loss",
    "/api/scalars?tag=loss",
    "/api/scalars?run=run&run=run&tag=loss",
    "/api/tags",
    "/api/tags?plugin=scalars&compact=yes",
    "/api/tags?plugin=" + "x" * 101,
    "/api/runs/",
    "/api/histograms?run=run&tag=loss",
    "/",
]


def _settings(logdir: Path) -> ServerSettings:
    return ServerSettings(logdir=str(logdir), api_only=True)


@pytest.fixture
def full_app(logdir: Path) -> Iterator[tuple[TestClient, Any]]:
    app = create_app(read(str(logdir), load=False), _settings(logdir))
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as client:
        app.fastapi.state.live.wait_loaded(10)
        yield client, app.fastapi


@pytest.fixture
def full(full_app: tuple[TestClient, Any]) -> TestClient:
    return full_app[0]


class _AlreadyRunning:
    """The full app's Live, whose reload loop that app's lifespan already runs."""

    def __init__(self, live: Live) -> None:
        self._live = live

    def __getattr__(self, name: str) -> Any:
        return getattr(self._live, name)

    def start(self, _loop: object) -> None:
        pass

    def stop(self) -> None:
        pass


def _no_full_app() -> Any:
    raise RuntimeError("this test has no full app: a request left to it is answered 500")


@pytest.fixture
def early(full_app: tuple[TestClient, Any]) -> Iterator[TestClient]:
    """A startup server in front of the same Experiment, Live and settings as `full`: the same
    question must get the same answer, ETag included (the key names the series version)."""
    state = full_app[1].state
    live: Any = _AlreadyRunning(state.live)
    startup = StartupApp(state.experiment, state.settings, live, _no_full_app)
    with TestClient(wrapped(startup, state.settings), base_url="http://localhost") as client:
        yield client


def _shown(response: Any) -> tuple[int, Any, dict[str, str]]:
    headers = {k: v for k, v in response.headers.items() if k not in VARYING}
    if not response.headers.get("content-type", "").startswith("application/json"):
        return response.status_code, response.content, headers
    body = response.json()
    if isinstance(body, dict):
        body.pop("server_time", None)  # the server's clock, read per answer
        headers.pop("content-length")  # follows the clock's digits
    return response.status_code, body, headers


@pytest.mark.parametrize("query", QUERIES)
def test_it_answers_as_the_full_app_does(full: TestClient, early: TestClient, query: str) -> None:
    assert _shown(early.get(query)) == _shown(full.get(query))


def test_its_cached_answers_honour_the_full_apps_etags(full: TestClient, early: TestClient) -> None:
    query = "/api/scalars?run=run&tag=loss&points=5"
    tag = full.get(query).headers["etag"]
    answer = early.get(query, headers={"If-None-Match": tag})
    assert (answer.status_code, answer.content) == (304, b"")
    assert _shown(answer) == _shown(full.get(query, headers={"If-None-Match": tag}))


def test_it_compresses_as_the_full_app_does(full: TestClient, early: TestClient) -> None:
    # TestClient's client is "testclient", not loopback: a large enough answer is gzipped.
    query = "/api/scalars?run=run&tag=loss&points=20"
    asked = {"Accept-Encoding": "gzip"}
    assert _shown(early.get(query, headers=asked)) == _shown(full.get(query, headers=asked))


@pytest.mark.parametrize("query", DEFERRED)
def test_what_it_cannot_take_plainly_is_left_to_the_full_app(early: TestClient, query: str) -> None:
    answer = early.get(query)
    assert answer.status_code == 500
    assert answer.json() == {"error": "internal error; the server log has the details"}


def test_a_request_left_to_the_full_app_waits_for_it(logdir: Path) -> None:
    exp = read(str(logdir), load=False)
    settings = _settings(logdir)
    live = Live(exp, reload_interval=settings.reload_interval)
    built = threading.Event()

    def build_full() -> Any:
        built.wait(30)
        return create_fastapi(exp, settings, live_updates=live)

    startup = StartupApp(exp, settings, live, build_full)
    try:
        with TestClient(wrapped(startup, settings), base_url="http://localhost") as client:
            live.wait_loaded(10)
            answers: list[Any] = []
            asking = threading.Thread(target=lambda: answers.append(client.get("/api/scalars?points=a")))
            asking.start()
            assert client.get("/api/runs").json()["runs"][0]["name"] == "run"  # answered meanwhile
            asking.join(0.5)
            assert asking.is_alive() and not startup.ready
            built.set()
            asking.join(30)
            assert answers[0].status_code == 400  # FastAPI's validation, as the full app answers it
            assert "parameter 'points'" in answers[0].json()["error"]
            assert startup.ready
            assert client.get("/api/histograms?run=run&tag=loss").status_code == 404
    finally:
        built.set()


class _Recorder(dict[str, str]):
    """Query parameters that note which of them a handler reads."""

    def __init__(self, values: dict[str, str]) -> None:
        super().__init__(values)
        self.read: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)


# A valid value of each query parameter an early route takes.
SAMPLES = {
    "run": "run",
    "tag": "loss",
    "plugin": "scalars",
    "compact": "true",
    "points": "10",
    "smoothing": "0.5",
    "x": "step",
    "start": "0",
    "end": "5",
}


@pytest.mark.parametrize("path", sorted(EARLY_ROUTES))
def test_each_early_route_reads_the_parameters_of_the_full_apps_route(logdir: Path, path: str) -> None:
    exp = read(str(logdir))
    settings = _settings(logdir)
    spec = create_fastapi(exp, settings).openapi()["paths"][path]["get"]
    taken = {p["name"] for p in spec.get("parameters", []) if p["in"] == "query"}
    missing = taken - set(SAMPLES)
    assert not missing, f"{path} takes {missing}: give early.py's handler them, and SAMPLES a value"
    params = _Recorder({name: SAMPLES[name] for name in taken})
    from trainboard.plugins.answers import Conditions

    EARLY_ROUTES[path](exp, settings, Live(exp, reload_interval=0), params, Conditions())
    assert params.read == taken


_WEB_CHECK = (
    "import sys, importlib; importlib.import_module(sys.argv[1]); "
    "print(sorted(m for m in ('fastapi', 'starlette', 'pydantic', 'uvicorn') if m in sys.modules))"
)


def _web_modules_after_importing(module: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", _WEB_CHECK, module],
        env={"PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_startup_server_loads_no_web_framework() -> None:
    assert _web_modules_after_importing("trainboard.server.early") == "[]"
    # The same check on a module that does load one (a planted violation) reports it.
    assert "fastapi" in _web_modules_after_importing("trainboard.server.core")
