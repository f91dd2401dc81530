"""Browser tests: Debian's chromium (Playwright) against the real server started as a subprocess.

Fixtures:
- `serve(logdir, *args)` starts `python -m trainboard --logdir <logdir> --port <free>` and returns
  its base URL; the process is stopped when the test ends.
- `page` is a fresh 1440x900 page; after the test its screenshot is saved to
  artifacts/screenshots/<test name>.png, pass or fail.
The built frontend is required: it is (re)built once per session when stale, and the tests are
skipped with the reason when Node.js is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from e2e_logs import write_scalars

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("TRAINBOARD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 900}
SERVER_START_TIMEOUT_S = 30.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def built_frontend() -> Path:
    """Builds the dashboard when the build is missing or stale."""
    if shutil.which("npm") is None and not (ROOT / "src/trainboard/static/index.html").exists():
        pytest.skip("the dashboard is not built and Node.js 18+ is not installed to build it")
    subprocess.run([sys.executable, str(ROOT / "frontend" / "build_frontend.py")], check=True)
    return ROOT / "src" / "trainboard" / "static"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM}: apt-get install chromium (or set TRAINBOARD_CHROMIUM)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, serve, request: pytest.FixtureRequest) -> Iterator[object]:
    # Depending on `serve` keeps the servers up until the final screenshot has been taken.
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"))
    finally:
        context.close()
    assert not errors, f"the page raised: {errors}"


@pytest.fixture
def serve(built_frontend: Path) -> Iterator[Callable[..., str]]:
    processes: list[subprocess.Popen[bytes]] = []

    def start(logdir: Path | str, *args: str) -> str:
        port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
        proc = subprocess.Popen(
            [sys.executable, "-m", "trainboard", "--logdir", str(logdir), "--port", str(port), *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        processes.append(proc)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                raise RuntimeError(f"trainboard exited with {proc.returncode}:\n{out}")
            try:
                with urllib.request.urlopen(f"{url}/api/environment", timeout=1) as response:
                    if response.status == 200:
                        return url
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"trainboard did not answer on {url} within {SERVER_START_TIMEOUT_S}s")

    yield start
    for proc in processes:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()


@pytest.fixture(scope="session")
def scalar_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3 runs x 5 tags in 3 groups (loss/*, metrics/*, lr) x 300 steps."""
    logdir = tmp_path_factory.mktemp("scalars-logdir")
    write_scalars(
        logdir,
        {"ppo/seed0": 0, "ppo/seed1": 1, "reinforce": 2},
        ["loss/train", "loss/eval", "metrics/accuracy", "metrics/reward", "lr"],
        300,
    )
    return logdir
