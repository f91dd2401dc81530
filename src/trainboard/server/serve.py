"""Running the server: pick and bind the port, print the banner, serve until Ctrl+C.

Everything a user can get wrong (the logdir spec, the frontend build, the port) is checked before the
web stack is imported, so a mistake is reported at once. The first load then begins (a scan, or a
restore from the column cache, runs mostly without the GIL), uvicorn is imported (a few tenths of a
second) and serves the startup app (early.py), which answers the dashboard's first requests while a
thread imports FastAPI and builds the full app (most of a second more); then the full app answers
everything.
"""

from __future__ import annotations

import dataclasses
import errno
import logging
import os
import signal
import socket
import sys
from typing import TYPE_CHECKING, Any

from trainboard._version import __version__
from trainboard.errors import PublicError, ServeError
from trainboard.server.frontend import check_frontend
from trainboard.server.live import Live
from trainboard.server.progress import TerminalProgress
from trainboard.server.settings import DEFAULT_PORT, ServerSettings

if TYPE_CHECKING:
    from trainboard.store import Experiment

__all__ = ["PORT_SCAN", "ServeError", "bind", "serve", "served_names"]

# Without --port, try 6006 and the next ports, as TensorBoard does, so a second dashboard just works.
PORT_SCAN = 100
# Open event streams never end on their own; give them this long to close on Ctrl+C.
SHUTDOWN_GRACE_SECONDS = 1
# An idle connection between requests closes after this long (the event stream is a response in
# progress, not idle). Reconnecting on localhost costs well under a millisecond.
KEEP_ALIVE_SECONDS = 5


def serve(
    settings: ServerSettings, *, host: str | None = None, port: int | None = None, bind_all: bool = False
) -> int:
    """Serve `settings.logdir` until interrupted; returns the exit code."""
    from trainboard.store import read

    _configure_logging()
    try:
        exp = read(settings.logdir, load=False, cache_dir=settings.cache_dir)
        exp.check_logdirs()
        if not settings.api_only:
            check_frontend()
    except ServeError:
        raise  # FrontendNotBuiltError: already the line to print
    except PublicError as exc:  # a logdir that can never hold runs
        raise ServeError(str(exc)) from exc
    sock = bind(host, port, bind_all)
    settings = dataclasses.replace(
        settings, allowed_hosts=settings.allowed_hosts + served_names(host, bind_all)
    )
    progress = TerminalProgress()
    live = Live(
        exp, reload_interval=settings.reload_interval, on_progress=progress.update, on_loaded=progress.done
    )
    # The first load begins before the web stack is imported: a scan (or a restore from the column
    # cache) runs mostly without the GIL, so it overlaps the imports, a few tenths of a second.
    live.preload()
    # The socket already listens: a browser opened from the banner waits in the backlog, not refused.
    _print_banner(settings, exp.logdirs, sock, host, bind_all)
    try:
        _run(exp, settings, live, sock)
    except KeyboardInterrupt:  # Ctrl+C while importing, or a second one during shutdown
        pass
    finally:
        sock.close()
    if live.busy:
        # Ctrl+C during a long first load: the store's loader threads would hold the exit until the
        # whole logdir is read. Nothing is written by the server, so leaving now loses nothing.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    return 0


def _print_banner(
    settings: ServerSettings, logdirs: list[str], sock: socket.socket, host: str | None, bind_all: bool
) -> None:
    url = f"http://{_shown_host(host, bind_all)}:{sock.getsockname()[1]}{settings.path_prefix}/"
    print(f"trainboard {__version__} at {url} (Ctrl+C to quit)", flush=True)
    for path in logdirs:
        if "://" not in path and not os.path.exists(os.path.expanduser(path)):
            print(
                f"{path} does not exist yet; its runs will appear as soon as they are written",
                file=sys.stderr,
            )
    if bind_all or (host is not None and not _is_loopback(host)):
        print(
            "warning: serving to the network; anyone who can reach this machine can see your data",
            file=sys.stderr,
        )


def _run(exp: Experiment, settings: ServerSettings, live: Live, sock: socket.socket) -> None:
    """Serves on `sock` until Ctrl+C: the startup server at once, the full app once a thread has
    imported and built it (early.py)."""
    import uvicorn

    from trainboard.server.early import StartupApp
    from trainboard.server.middleware import wrapped
    from trainboard.server.protocol import RequestTimeoutH11Protocol

    def full_app() -> Any:
        from trainboard.server.app import create_fastapi

        return create_fastapi(exp, settings, live_updates=live)

    app = wrapped(StartupApp(exp, settings, live, full_app), settings)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS,
        # h11 with a deadline for receiving each request (protocol.py), also where httptools is
        # installed; an idle kept-alive connection closes after KEEP_ALIVE_SECONDS.
        http=RequestTimeoutH11Protocol,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )
    server = uvicorn.Server(config)
    stop_server = server.handle_exit

    def handle_exit(sig: int, frame: Any) -> None:
        live.close_streams()
        stop_server(sig, frame)

    # uvicorn installs `server.handle_exit` as its signal handler; open event streams must end first.
    server.handle_exit = handle_exit  # type: ignore[method-assign]
    # Ctrl+C between here and uvicorn installing its own handlers would otherwise reach asyncio's
    # default handler, which can cancel startup half-way and leave the server running.
    signal.signal(signal.SIGINT, lambda sig, frame: handle_exit(sig, frame))
    server.run(sockets=[sock])


def bind(host: str | None, port: int | None, bind_all: bool) -> socket.socket:
    """A listening socket: the given port, or without one the first free port from 6006."""
    candidates = [port] if port is not None else range(DEFAULT_PORT, DEFAULT_PORT + PORT_SCAN)
    last: OSError | None = None
    for candidate in candidates:
        try:
            return _listen(host, candidate, bind_all)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise ServeError(
                    f"cannot listen on {host or 'localhost'}:{candidate}: {exc.strerror}"
                ) from exc
            last = exc
    if port is not None:
        raise ServeError(
            f"port {port} is in use; pick another with --port, or --port 0 for any free port"
        ) from last
    raise ServeError(
        f"ports {DEFAULT_PORT}-{DEFAULT_PORT + PORT_SCAN - 1} are all in use; pick one with --port"
    ) from last


def _listen(host: str | None, port: int, bind_all: bool) -> socket.socket:
    if bind_all:
        if socket.has_ipv6:
            try:
                sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP)
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)  # IPv4 too
                return _bound(sock, ("::", port))
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    raise
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        return _bound(sock, ("0.0.0.0", port))
    # "localhost" may resolve to ::1 first, which `curl 127.0.0.1` would then miss; browsers try both.
    address = "127.0.0.1" if host in (None, "localhost") else host
    family, _type, _proto, _name, sockaddr = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM)[0]
    return _bound(socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP), sockaddr)


def _bound(sock: socket.socket, address: tuple) -> socket.socket:  # type: ignore[type-arg]
    # Sockets are made with IPPROTO_TCP, not the default 0: asyncio sets TCP_NODELAY only on
    # connections whose proto says TCP, and without it Nagle's algorithm holds a small body back
    # behind its headers until the client's delayed ACK (40 ms a request on a kept-alive connection).
    try:
        # Lets a restarted server reuse the port while old connections linger in TIME_WAIT; on Linux it
        # does not let two servers listen on one port.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def served_names(host: str | None, bind_all: bool) -> tuple[str, ...]:
    """Host header names that reach this server besides localhost and IP literals: the `--host`
    name, and with `--bind_all` this machine's host name and fully qualified name."""
    names = [host] if host and host != "localhost" else []
    if bind_all:
        names += [socket.gethostname(), socket.getfqdn()]
    return tuple(dict.fromkeys(n for n in names if n))


def _shown_host(host: str | None, bind_all: bool) -> str:
    if bind_all:
        return socket.gethostname()
    if host is None:
        return "localhost"
    return f"[{host}]" if ":" in host else host


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    addresses = [str(info[4][0]) for info in infos]
    return all(a == "::1" or a.startswith("127.") for a in addresses)


def _configure_logging() -> None:
    logger = logging.getLogger("trainboard")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("trainboard: %(levelname)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
