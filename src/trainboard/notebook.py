"""The dashboard inside Jupyter: ``%load_ext trainboard``, ``%trainboard --logdir logs``, and `show()`.

    %load_ext trainboard
    %trainboard --logdir logs              # starts a server (or reuses this logdir's) and shows it
    %trainboard list                       # the servers this kernel started
    %trainboard stop                       # stop them all (or `%trainboard stop 6007`)

    import trainboard.notebook
    trainboard.notebook.show("logs", height=600)

Each server is ``python -m trainboard --logdir ... --port ...`` in its own process session (so that
interrupting the kernel does not stop it), with its output in a temporary file; `start` waits until it
answers over HTTP, or raises `ServerStartError` with the server's own last words. Servers are kept per
kernel: asking again for the same logdir reuses the running one, and they stop when the kernel exits.
The iframe points at ``http://localhost:<port>/``, so the browser must run on the kernel's machine
(or forward that port, e.g. ``ssh -L 6006:localhost:6006``).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from trainboard.errors import InvalidArgumentError, PublicError, ServerStartError

__all__ = [
    "DEFAULT_HEIGHT",
    "STARTUP_SECS",
    "Server",
    "iframe",
    "load_ipython_extension",
    "servers",
    "show",
    "start",
    "stop",
]

DEFAULT_HEIGHT = 800  # pixels of the inline dashboard, as TensorBoard's magic
STARTUP_SECS = 60.0  # longest wait for a new server to answer (imports are slow on a busy machine)
STOP_SECS = 10.0  # a server not gone this long after SIGINT is killed
_POLL_SECS = 0.05
# The line `trainboard.server.serve` prints once its socket listens.
_BANNER = re.compile(r"^trainboard \S+ at (http://\S+/) \(Ctrl\+C to quit\)$", re.MULTILINE)
_OUTPUT_LINES = 20  # of a server's output quoted when it fails to start


@dataclass
class Server:
    """A dashboard this kernel started: its logdir, URL and process."""

    logdir: str
    url: str
    port: int
    process: subprocess.Popen[bytes] = field(repr=False)
    output_path: str = field(repr=False)
    args: tuple[str, ...] = ()

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def output(self) -> str:
        """What the server printed so far."""
        try:
            with open(self.output_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""


_servers: dict[int, Server] = {}  # port -> server
_lock = threading.Lock()


def start(
    logdir: str | os.PathLike[str],
    *,
    port: int | None = None,
    args: tuple[str, ...] = (),
    timeout: float = STARTUP_SECS,
) -> Server:
    """Start a dashboard for ``logdir`` (or return the running one), once it answers HTTP.

        server = trainboard.notebook.start("logs")
        server.url      # 'http://localhost:6006/'

    ``port=None`` takes a free port; ``args`` are more `trainboard` flags (``("--reload_interval", "2")``).
    Raises `ServerStartError` if the server exits or does not answer within ``timeout`` seconds.
    """
    logdir = os.fspath(logdir)
    args = tuple(args)
    with _lock:
        for server in list(_servers.values()):
            if not server.running:
                _forget(server)
            elif server.logdir == logdir and server.args == args and port in (None, server.port):
                return server
        server = _launch(logdir, port, args, timeout)
        _servers[server.port] = server
        return server


def show(
    logdir: str | os.PathLike[str] | None = None,
    *,
    port: int | None = None,
    height: int = DEFAULT_HEIGHT,
    args: tuple[str, ...] = (),
) -> Server:
    """Show the dashboard of ``logdir`` inline, starting its server if needed (`start`).

    trainboard.notebook.show("logs", height=600)
    trainboard.notebook.show(port=6006)   # a server this kernel already runs, shown again
    """
    if logdir is None:
        if port is None or port not in _servers:
            where = "" if port is None else f" (no server of this kernel is on port {port})"
            raise InvalidArgumentError(f"pass the logdir to show, e.g. show('logs'){where}")
        server = _servers[port]
    else:
        server = start(logdir, port=port, args=args)
    _display(server, height)
    return server


def servers() -> list[Server]:
    """The servers this kernel started that are still running."""
    with _lock:
        for server in list(_servers.values()):
            if not server.running:
                _forget(server)
        return sorted(_servers.values(), key=lambda s: s.port)


def stop(port: int | None = None) -> list[Server]:
    """Stop the server on ``port``, or every server this kernel started; returns those stopped."""
    with _lock:
        if port is not None and port not in _servers:
            known = ", ".join(str(p) for p in sorted(_servers)) or "none"
            raise InvalidArgumentError(
                f"no trainboard server of this kernel on port {port} (running: {known})"
            )
        chosen = [_servers[port]] if port is not None else list(_servers.values())
        for server in chosen:
            _terminate(server)
            _forget(server)
        return chosen


# -- the process -------------------------------------------------------------------------------------
def _launch(logdir: str, port: int | None, args: tuple[str, ...], timeout: float) -> Server:
    output = tempfile.NamedTemporaryFile(  # noqa: SIM115 - removed by _forget
        "wb", prefix="trainboard-", suffix=".log", delete=False
    )
    command = [sys.executable, "-m", "trainboard", "--logdir", logdir, "--port", str(port or 0), *args]
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=_child_env(),
            # Its own session: Jupyter interrupts a kernel by signalling its process group.
            start_new_session=True,
        )
    finally:
        output.close()
    server = Server(logdir=logdir, url="", port=0, process=process, output_path=output.name, args=args)
    try:
        _wait_until_answering(server, timeout)
    except BaseException:
        _terminate(server)
        _remove(server.output_path)
        raise
    return server


def _child_env() -> dict[str, str]:
    """The kernel's environment, with this trainboard first on the path, so the server runs the same code."""
    env = dict(os.environ)
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH", "")]))
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _wait_until_answering(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise _start_error(server, f"exited with code {server.process.returncode} before answering")
        if not server.url:
            match = _BANNER.search(server.output())
            if match:
                server.url = match.group(1)
                server.port = urllib.parse.urlsplit(server.url).port or 0
        elif _answers(server.url + "api/environment"):
            return
        time.sleep(_POLL_SECS)
    raise _start_error(server, f"did not answer within {timeout:g} s")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _start_error(server: Server, what: str) -> ServerStartError:
    lines = [line for line in server.output().splitlines() if line.strip()]
    said = [line for line in lines if "error" in line.lower()] or lines
    reason = f": {said[-1].strip()}" if said else " (it printed nothing)"
    return ServerStartError(
        f"the trainboard server for --logdir {server.logdir} {what}{reason}",
        "\n".join(lines[-_OUTPUT_LINES:]),
    )


def _terminate(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)
        try:
            server.process.wait(STOP_SECS)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def _forget(server: Server) -> None:
    if _servers.get(server.port) is server:
        del _servers[server.port]
    _remove(server.output_path)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


@atexit.register
def _stop_all() -> None:
    # A kernel that shuts down (or restarts) takes its dashboards with it.
    for server in list(_servers.values()):
        _terminate(server)
        _forget(server)


# -- IPython -----------------------------------------------------------------------------------------
def _display(server: Server, height: int) -> None:
    try:
        from IPython.display import display
    except ImportError:  # plain Python: the address is all there is to show
        print(f"trainboard at {server.url}")
        return
    display(iframe(server, height))


def iframe(server: Server, height: int = DEFAULT_HEIGHT) -> Any:
    """The ``IPython.display.IFrame`` that `show` displays for ``server`` (its HTML: ``_repr_html_()``)."""
    from IPython.display import IFrame

    return IFrame(src=server.url, width="100%", height=int(height))


def load_ipython_extension(ipython: Any) -> None:
    """Register the ``%trainboard`` line magic (``%load_ext trainboard`` calls this)."""
    ipython.register_magic_function(_magic, magic_kind="line", magic_name="trainboard")


class _MagicParser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise InvalidArgumentError(f"%trainboard: {message}; e.g. %trainboard --logdir logs")


_USAGE = "%trainboard --logdir DIR [--port N] [--height PX] [trainboard flags] | list | stop [PORT]"


def _magic(line: str) -> None:
    """The ``%trainboard`` magic: see `_USAGE`."""
    try:
        _run_magic(shlex.split(line))
    except PublicError as exc:
        # One line, not a traceback; then what the server said, if it said more.
        print(f"trainboard: error: {exc}", file=sys.stderr)
        output = exc.output if isinstance(exc, ServerStartError) else ""
        if output and output.strip() not in str(exc):
            print(output, file=sys.stderr)


def _run_magic(words: list[str]) -> None:
    if not words or words[0] in ("-h", "--help", "help"):
        print(f"usage: {_USAGE}\n(more flags: python -m trainboard --help)")
        return
    if words[:1] == ["list"]:
        running = servers()
        if not running:
            print("no trainboard servers running in this kernel")
        for server in running:
            print(f"{server.url}  --logdir {server.logdir}  (pid {server.process.pid})")
        return
    if words[:1] == ["stop"]:
        if len(words) > 2 or (len(words) == 2 and not words[1].isdigit()):
            raise InvalidArgumentError(
                f"%trainboard stop takes a port or nothing, e.g. %trainboard stop 6006 ({_USAGE})"
            )
        for server in stop(int(words[1]) if len(words) == 2 else None):
            print(f"stopped {server.url} (--logdir {server.logdir})")
        return
    parser = _MagicParser(prog="%trainboard", add_help=False)
    parser.add_argument("--logdir")
    parser.add_argument("--port", type=int)
    parser.add_argument("--height", type=int, default=DEFAULT_HEIGHT)
    known, rest = parser.parse_known_args(words)
    if not known.logdir:
        raise InvalidArgumentError(f"%trainboard needs --logdir DIR ({_USAGE})")
    show(known.logdir, port=known.port, height=known.height, args=tuple(rest))
