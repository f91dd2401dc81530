"""The `trainboard` command as users run it: banner, ports, hosts, path prefix, flags and exit codes."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from trainboard import __version__

Server = Any  # conftest.Server
Cli = Callable[..., subprocess.CompletedProcess[str]]


def test_banner_is_one_line_with_version_url_and_how_to_quit(
    server_factory: Callable[..., Server], torch_logdir: Path
) -> None:
    server = server_factory(torch_logdir)
    port = server.url.rsplit(":", 1)[1].rstrip("/")
    assert server.stdout_lines[0] == f"trainboard {__version__} at http://localhost:{port}/ (Ctrl+C to quit)"


def test_serve_subcommand_is_the_same_as_no_subcommand(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    server = server_factory(tmp_path, command=("serve",))
    assert server.stdout_lines[0].startswith(f"trainboard {__version__} at http://localhost:")
    assert server.get("/api/runs").json()["runs"] == []


def test_default_port_taken_moves_to_the_next_free_port(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    blocker = socket.socket()
    try:
        blocker.bind(("127.0.0.1", 6006))
        blocker.listen(1)
    except OSError:
        pass  # someone else holds 6006 already: the server must move on all the same
    try:
        server = server_factory(tmp_path, port=None)
        assert ":6006/" not in server.url
        assert server.get("/api/runs").status_code == 200
    finally:
        blocker.close()


def test_explicit_port_taken_fails_with_one_line_naming_the_port(cli: Cli, tmp_path: Path) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen(1)
        port = blocker.getsockname()[1]
        result = cli("--logdir", str(tmp_path), "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"trainboard: error: port {port} is in use; pick another with --port, or --port 0 for any free port"
    ]


def test_path_prefix_serves_everything_under_the_prefix(
    server_factory: Callable[..., Server], torch_logdir: Path
) -> None:
    server = server_factory(torch_logdir, "--path_prefix", "/tb/")
    assert server.url.endswith("/tb/")
    assert server.get("/api/runs").status_code == 200  # relative to the prefixed url
    root = server.url[: -len("tb/")]
    assert server.client.get(root + "api/runs").status_code == 404
    docs = server.get("/api/docs")
    assert docs.status_code == 200 and "/tb/api/openapi.json" in docs.text
    assert '"/tb/api/docs/swagger-ui-bundle.js"' in docs.text
    assert "script-src 'self';" in docs.headers["content-security-policy"]
    assert server.get("/api/openapi.json").status_code == 200


def test_binding_beyond_localhost_warns_that_the_data_is_visible(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    server = server_factory(tmp_path, "--host", "0.0.0.0")
    assert any("visible" in line or "network" in line for line in server.stderr_lines)


def test_samples_per_plugin_caps_points_served_per_series(
    server_factory: Callable[..., Server], torch_logdir: Path
) -> None:
    server = server_factory(torch_logdir, "--samples_per_plugin", "scalars=50")
    server.wait_loaded()
    body = server.get("/api/scalars", params={"run": "adam", "tag": "loss", "points": 1000}).json()
    assert len(body["band"]["min"]) == 50
    assert len(server.get("/data/plugin/scalars/scalars", params={"run": "adam", "tag": "loss"}).json()) == 50


def test_missing_frontend_build_fails_once_naming_the_build_command(
    cli: Cli, frontend_built: bool, tmp_path: Path
) -> None:
    if frontend_built:
        pytest.skip("the frontend is built in this checkout (tests/unit/server covers this case too)")
    result = cli("--logdir", str(tmp_path), "--port", "0", api_only=False)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "python frontend/build_frontend.py" in lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--logdir"),
        (["--logdir", "a", "--logdir_spec", "b"], "only one"),
        (["--logdir", "a", "--host", "x", "--bind_all"], "only one"),
        (["--logdir", "a", "--reload_interval", "-1"], "--reload_interval"),
        (["--logdir", "a", "--samples_per_plugin", "scalars=lots"], "scalars"),
        (["--logdir", "a", "--path_prefix", "tb"], "/tb"),
    ],
)
def test_bad_flags_exit_2_with_a_message_naming_the_fix(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.returncode == 2
    assert message in result.stderr.splitlines()[-1]
    assert "Traceback" not in result.stderr


def test_version_and_help_answer_without_serving(cli: Cli) -> None:
    version = cli("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"trainboard {__version__}"
    help_ = cli("--help")
    assert help_.returncode == 0
    for flag in (
        "--logdir",
        "--logdir_spec",
        "--port",
        "--host",
        "--bind_all",
        "--reload_interval",
        "--samples_per_plugin",
        "--window_title",
        "--path_prefix",
    ):
        assert flag in help_.stdout


def test_built_dashboard_is_served_at_root_with_its_assets(
    server_factory: Callable[..., Server], frontend_built: bool, tmp_path: Path
) -> None:
    if not frontend_built:
        pytest.skip("the frontend is not built in this checkout (python frontend/build_frontend.py)")
    server = server_factory(tmp_path, api_only=False)
    page = server.get("/")
    assert page.status_code == 200 and '<div id="root">' in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    asset = page.text.split('src="./', 1)[1].split('"', 1)[0]
    script = server.get("/" + asset)
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "immutable" in script.headers["cache-control"]
    # The app's URLs are `/` with a query string; any other path is a 404, as in TensorBoard.
    assert server.get("/?tab=histograms&runs=a").text == page.text
    assert server.get("/scalars/deep/link").status_code == 404


@pytest.mark.parametrize("moment", ["during startup", "just after the banner"])
def test_ctrl_c_at_any_moment_quits_quietly(
    server_factory: Callable[..., Server], torch_logdir: Path, moment: str
) -> None:
    server = server_factory(torch_logdir, wait=moment != "during startup")
    if moment == "during startup":
        time.sleep(0.3)
    # -SIGINT: the signal came before the interpreter had installed any handler, and ended it silently.
    assert server.interrupt() in (0, 130, -signal.SIGINT)
    assert "Traceback" not in server.output()


def test_a_restart_on_a_filled_column_cache_serves_the_cached_and_the_appended_points(
    server_factory: Callable[..., Server], tmp_path: Path
) -> None:
    # The restart begins its load before importing the web stack (it restores from the cache).
    from trainboard.events import messages as m
    from trainboard.events.records import frame

    def points(steps: range) -> bytes:
        return b"".join(
            frame(
                m.Event(
                    wall_time=1.0 + s,
                    step=s,
                    summary=m.Summary(value=[m.SummaryValue(tag="loss", simple_value=float(s))]),
                ).encode()
            )
            for s in steps
        )

    logdir, cache = tmp_path / "logs", tmp_path / "cache"
    (logdir / "run").mkdir(parents=True)
    events = logdir / "run" / "events.out.tfevents.1.host"
    events.write_bytes(points(range(40_000)))  # above the cache's 1 MiB minimum
    first = server_factory(logdir, "--cache_dir", str(cache))
    first.wait_loaded()
    deadline = time.monotonic() + 30
    while not list(cache.glob("*.columns")) and time.monotonic() < deadline:
        time.sleep(0.05)
    first.close()
    assert list(cache.glob("*.columns"))
    with open(events, "ab") as f:
        f.write(points(range(40_000, 40_003)))
    second = server_factory(logdir, "--cache_dir", str(cache))
    second.wait_loaded()
    body = second.get("/api/scalars", params={"run": "run", "tag": "loss", "points": 100}).json()
    assert body["total"] == 40_003
