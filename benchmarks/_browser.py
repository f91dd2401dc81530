"""Debian's chromium under Playwright, and a trainboard server to point it at: one way for every
benchmark and script (benchmarks/ui.py, benchmarks/ui_graphs.py, scripts/screenshot.py).

Playwright cannot download its own browsers here, so it drives the system chromium; the flags keep
chromium from reaching the network or the GPU on a headless machine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
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


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched Playwright `Browser`, closed on exit.

    with chromium() as browser:
        page = browser.new_page(viewport=VIEWPORT)
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no chromium at {CHROMIUM}: apt-get install chromium (or set TRAINBOARD_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def shown_at(page: Any, condition: str, timeout_ms: float) -> float:
    """Waits until the JavaScript expression `condition` holds, checked at every animation frame, and
    returns performance.now() read in the frame that saw it: the frame that shows it on screen.
    Reading the clock with a second evaluate afterwards would count the page's next long tasks too,
    since that call waits behind them on the main thread."""
    handle = page.wait_for_function(
        f"(() => ({condition}) ? performance.now() : false)()", polling="raf", timeout=timeout_ms
    )
    return float(handle.json_value())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_trainboard(logdir: Path | str, *args: str, env: dict[str, str] | None = None) -> tuple[Any, str]:
    """`python -m trainboard --logdir <logdir> --port <free> *args` from this checkout's sources, output
    discarded; returns the process and its base URL (the caller waits for what it needs)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "trainboard", "--logdir", str(logdir), "--port", str(port), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return proc, f"http://127.0.0.1:{port}"


def launch_tensorboard(logdir: Path | str, *args: str) -> tuple[Any, str]:
    """`python -m tensorboard.main --logdir <logdir> --port <free> --host 127.0.0.1 *args`, output
    discarded; returns the process and its base URL (the caller waits for what it needs)."""
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tensorboard.main",
            f"--logdir={logdir}",
            f"--port={port}",
            "--host=127.0.0.1",
            *args,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return proc, f"http://127.0.0.1:{port}"


def stop(proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
