"""``%load_ext trainboard`` / ``%trainboard`` in a real notebook, run headless by nbclient on ipykernel.

The notebook logs with trainboard's writer, shows the dashboard with the magic (twice: the second reuses
the server) and with `trainboard.notebook.show`; the test follows the iframe to the live server and
asks it for the run, then stops the server from the notebook and checks it is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
from pathlib import Path

import httpx
import pytest

from tests.integration.conftest import SRC, server_env

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

KERNEL_STARTUP_SECS = 60
CELL_SECS = 90  # a cell that starts a server waits for it (notebook.STARTUP_SECS is 60)
IFRAME = re.compile(r'<iframe\s[^>]*src="(http://localhost:\d+/)"')


def outputs(cell, kind: str) -> str:  # type: ignore[no-untyped-def]
    """Everything a cell showed on stdout/stderr ("stdout", "stderr") or as HTML ("html")."""
    if kind == "html":
        return "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
    return "".join(o.get("text", "") for o in cell.outputs if o.get("name") == kind)


def test_magic_shows_a_live_dashboard_reuses_it_and_stops_it(tmp_path: Path) -> None:
    logdir = tmp_path / "logs"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        busy_port = busy.getsockname()[1]
        cells = [
            "from trainboard import SummaryWriter\n"
            f"with SummaryWriter({str(logdir / 'ppo')!r}) as writer:\n"
            "    for step in range(5):\n"
            "        writer.add_scalar('reward', step * 2.0, step)",
            "%load_ext trainboard",
            f"%trainboard --logdir {logdir}",
            f"%trainboard --logdir {logdir} --height 400",
            f"import trainboard.notebook\nprint(trainboard.notebook.show({str(logdir)!r}, height=500).port)",
            "%trainboard list",
            f"%trainboard --logdir {tmp_path} --port {busy_port}",
            "%trainboard stop",
            "%trainboard list",
        ]
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
        client = nbclient.NotebookClient(
            nb,
            timeout=CELL_SECS,
            startup_timeout=KERNEL_STARTUP_SECS,
            kernel_name="python3",
            resources={"metadata": {"path": str(tmp_path)}},
        )
        frontend_built = (SRC / "trainboard" / "static" / "index.html").exists()
        env = server_env(api_only=not frontend_built)
        with client.setup_kernel(env=env), httpx.Client(timeout=10) as http:
            for index in range(4):
                client.execute_cell(nb.cells[index], index)
            shown = IFRAME.search(outputs(nb.cells[2], "html"))
            assert shown, nb.cells[2].outputs
            url = shown.group(1)
            assert 'height="800"' in outputs(nb.cells[2], "html")
            # The same logdir again: the same server, at the asked height.
            assert IFRAME.search(outputs(nb.cells[3], "html")).group(1) == url
            assert 'height="400"' in outputs(nb.cells[3], "html")

            runs = http.get(url + "api/runs").json()["runs"]
            assert [run["name"] for run in runs] == ["ppo"]
            reward = http.get(url + "api/scalars", params={"run": "ppo", "tag": "reward"})
            assert reward.status_code == 200, reward.text
            if frontend_built:
                assert http.get(url).headers["content-type"].startswith("text/html")

            client.execute_cell(nb.cells[4], 4)
            assert outputs(nb.cells[4], "stdout").strip() == url.rsplit(":", 1)[1].strip("/")
            assert 'height="500"' in outputs(nb.cells[4], "html")
            client.execute_cell(nb.cells[5], 5)
            listed = outputs(nb.cells[5], "stdout")
            assert url in listed and str(logdir) in listed
            pid = int(re.search(r"\(pid (\d+)\)", listed).group(1))

            # A port in use: one line saying so, no traceback, no iframe.
            client.execute_cell(nb.cells[6], 6)
            error = outputs(nb.cells[6], "stderr").strip()
            assert error.startswith("trainboard: error: the trainboard server for --logdir"), error
            assert f"port {busy_port} is in use" in error.splitlines()[0]
            assert "Traceback" not in error and not outputs(nb.cells[6], "html")

            client.execute_cell(nb.cells[7], 7)
            assert outputs(nb.cells[7], "stdout").strip() == f"stopped {url} (--logdir {logdir})"
            with pytest.raises(httpx.ConnectError):
                http.get(url + "api/runs")
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)
            client.execute_cell(nb.cells[8], 8)
            assert outputs(nb.cells[8], "stdout").strip() == "no trainboard servers running in this kernel"


def test_servers_stop_when_the_kernel_shuts_down(tmp_path: Path) -> None:
    cells = [
        "%load_ext trainboard",
        f"import trainboard.notebook\nprint(trainboard.notebook.start({str(tmp_path)!r}).process.pid)",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    client = nbclient.NotebookClient(
        nb, timeout=CELL_SECS, startup_timeout=KERNEL_STARTUP_SECS, kernel_name="python3"
    )
    frontend_built = (SRC / "trainboard" / "static" / "index.html").exists()
    client.execute(env=server_env(api_only=not frontend_built))  # runs every cell, then shuts down
    pid = int(outputs(nb.cells[1], "stdout"))
    try:
        # The kernel waited for its server before exiting: the process is gone, not orphaned.
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
