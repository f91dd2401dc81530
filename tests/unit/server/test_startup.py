"""`serve` reports a user's mistake before paying for the web stack (FastAPI, pydantic, uvicorn)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3] / "src"

# Runs `serve` on a taken port or without a frontend, then says which failure it got and whether the
# web stack had been imported by then.
_SCRIPT = """
import socket, sys
from pathlib import Path
from trainboard.server import frontend
from trainboard.server.serve import ServeError, serve
from trainboard.server.settings import ServerSettings

case, logdir = sys.argv[1], sys.argv[2]
blocker = socket.socket()
blocker.bind(("127.0.0.1", 0))
blocker.listen(1)
port = blocker.getsockname()[1]
# Both cases run as in a checkout whose frontend was never built, so neither depends on the build;
# the port case serves only the API, so the port is the one problem left to report.
frontend.STATIC_DIR = Path(logdir) / "no-static"
frontend.check_frontend.__defaults__ = (frontend.STATIC_DIR,)
try:
    serve(ServerSettings(logdir=logdir, api_only=case == "port"), port=port)
except ServeError as exc:
    print(" ".join(str(exc).split(" ")[:4]), "fastapi" in sys.modules, "uvicorn" in sys.modules)
"""


def _run(case: str, logdir: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, case, str(logdir)],
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_port_in_use_is_reported_before_the_web_stack_is_imported(tmp_path: Path) -> None:
    assert re.fullmatch(r"port \d+ is in False False", _run("port", tmp_path))


def test_unbuilt_frontend_is_reported_before_the_web_stack_is_imported(tmp_path: Path) -> None:
    assert _run("no-frontend", tmp_path) == "the dashboard is not False False"


def test_importing_the_serve_module_leaves_the_web_stack_for_later() -> None:
    code = "import sys, trainboard.server.serve; print('fastapi' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], env={"PYTHONPATH": str(SRC)}, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False", result.stderr


_LOADS_FIRST = """
import sys
from trainboard.server import serve as serve_module
from trainboard.server.settings import ServerSettings

def instead_of_the_web_stack(exp, settings, live, sock):
    # Where the web stack would be imported: the first load has begun already, and it ends
    # without that import.
    live._preloaded.join(timeout=30)
    print(exp.runs, exp.scalar_arrays("run", "loss").step.tolist(), "fastapi" in sys.modules)

serve_module._run = instead_of_the_web_stack
serve_module.serve(ServerSettings(logdir=sys.argv[1], api_only=True), port=0)
"""


def test_the_first_load_begins_before_the_web_stack_is_imported(tmp_path: Path) -> None:
    # A scan runs mostly without the GIL, so beginning it first overlaps it with the imports.
    from trainboard import SummaryWriter

    with SummaryWriter(str(tmp_path / "run")) as writer:
        for step in range(3):
            writer.add_scalar("loss", 1.0 / (step + 1), step)
    result = subprocess.run(
        [sys.executable, "-c", _LOADS_FIRST, str(tmp_path)],
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['run'] [0, 1, 2] False"
