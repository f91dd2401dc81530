"""Live updates: the background reload loop, and the fan-out of its notices to event-stream subscribers.

A thread owns every `exp.reload()`: the first load (with progress), then one reload per batch of file
changes reported by `watchfiles` for local logdirs, or one per `--reload_interval` for remote ones.
Requests never wait for it; they read whatever the store holds. Each change is queued for every
`/api/events` subscriber (`server/events.py`), and the browser then fetches only what changed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson

from trainboard.errors import PublicError
from trainboard.store import Experiment
from trainboard.store.experiment import LoadProgress

if TYPE_CHECKING:
    import asyncio

    import watchfiles

__all__ = ["END", "Live", "progress_json", "sse_message"]

log = logging.getLogger("trainboard.server")

# watchfiles groups changes for up to this long: one reload per burst of writes, still well within the
# one-second promise for a change to reach the browser.
DEBOUNCE_MS = 150
# How often the watcher wakes up without changes, to notice a logdir that appeared or vanished.
WAKE_MS = 500
# Skipped-record warnings printed while serving, at most; the rest stay in `Experiment.warnings`.
MAX_REPORTED_WARNINGS = 20
# How often progress is published during a load.
PROGRESS_SECONDS = 0.2
# Events queued for a slow subscriber before the oldest are dropped (it refetches on the next one).
QUEUE_SIZE = 64


class Live:
    """Runs the reload loop in a daemon thread and fans its notices out to SSE subscribers.

    live = Live(exp, reload_interval=5.0)
    live.start(asyncio.get_running_loop())
    ...
    live.stop()
    """

    def __init__(
        self,
        exp: Experiment,
        *,
        reload_interval: float,
        on_progress: Callable[[LoadProgress], None] | None = None,
        on_loaded: Callable[[LoadProgress, float], None] | None = None,
    ) -> None:
        self.exp = exp
        self.reload_interval = reload_interval
        self._on_progress = on_progress
        self._on_loaded = on_loaded
        self._stop = threading.Event()
        self._loaded = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._subscribers: set[asyncio.Queue[bytes]] = set()
        self._last_error = ""
        self._reported: set[str] = set()
        self._closing = False
        self._preloaded: threading.Thread | None = None
        self._preload_runs: set[str] | None = None

    @property
    def remote(self) -> bool:
        return any("://" in path for path in self.exp.logdirs)

    @property
    def live(self) -> bool:
        """Whether changes on disk are picked up at all (`--reload_interval 0` loads once)."""
        return self.reload_interval > 0

    @property
    def closing(self) -> bool:
        return self._closing

    @property
    def loading(self) -> bool:
        return not self._loaded.is_set()

    def preload(self) -> None:
        """Begin the first load now, before the app starts (`start` then waits for it): a scan or a
        restore from the column cache runs mostly without the GIL, beside the web stack's import."""
        self._preloaded = threading.Thread(target=self._preload, name="trainboard-preload", daemon=True)
        self._preloaded.start()

    def _preload(self) -> None:
        self._preload_runs = self._reload(announce=False)

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._thread = threading.Thread(target=self._run, name="trainboard-reload", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2.0)

    @property
    def busy(self) -> bool:
        """Whether the reload thread is still running (mid-load after `stop()`)."""
        return self._thread is not None and self._thread.is_alive()

    def wait_loaded(self, timeout: float | None = None) -> bool:
        return self._loaded.wait(timeout)

    # -- subscribers (event-loop side) ----------------------------------------------------
    def subscribe(self) -> asyncio.Queue[bytes]:
        import asyncio  # imported by the server by now; `serve` gets to its first load without it

        queue: asyncio.Queue[bytes] = asyncio.Queue(QUEUE_SIZE)
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[bytes]) -> None:
        self._subscribers.discard(queue)

    def publish(self, event: str, data: dict[str, Any]) -> None:
        """Send an event to every subscriber; callable from any thread."""
        message = sse_message(event, data)
        if self._loop is not None and not self._loop.is_closed():
            # The loop may close between the check and the call (shutdown).
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._fan_out, message)

    def close_streams(self) -> None:
        """End every event stream (on Ctrl+C): an open stream would otherwise hold shutdown until the
        server's grace period ends and its task is cancelled with a traceback."""
        self._closing = True
        if self._loop is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._fan_out, END)

    def _fan_out(self, message: bytes) -> None:
        for queue in list(self._subscribers):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(message)

    # -- the reload thread --------------------------------------------------------------
    def _run(self) -> None:
        self._first_load()
        if not self.live:
            return
        if not self.remote:
            try:
                self._watch_local()
            except Exception as exc:  # e.g. the inotify watch limit: live updates must not just stop
                log.warning(
                    "cannot watch the logdir (%s); polling every %g s instead", exc, self.reload_interval
                )
        self._poll()

    def _poll(self) -> None:
        while not self._stop.wait(self.reload_interval):
            self._reload()

    def _first_load(self) -> None:
        started = time.monotonic()
        ticker = threading.Thread(target=self._report_progress, name="trainboard-progress", daemon=True)
        ticker.start()
        if self._preloaded is not None:
            self._preloaded.join()
            runs = self._preload_runs
        else:
            runs = self._reload(announce=False)
        self._loaded.set()
        ticker.join()
        progress = self.exp.progress
        # The last progress notice, then the runs it loaded (even none: the page stops waiting).
        self.publish("progress", progress_json(progress))
        self._announce(runs or set())
        if self._on_loaded is not None:
            self._on_loaded(progress, time.monotonic() - started)

    def _report_progress(self) -> None:
        while not self._loaded.wait(PROGRESS_SECONDS):
            progress = self.exp.progress
            self.publish("progress", progress_json(progress))
            if self._on_progress is not None and progress.loading:
                self._on_progress(progress)

    def _reload(self, *, announce: bool = True, changed_files: list[str] | None = None) -> set[str] | None:
        """Reload and (unless told not to) announce the changed runs; returns them, None on failure.
        `changed_files`: the event files the watcher saw grow (`Experiment.reload`)."""
        try:
            result = self.exp.reload() if changed_files is None else self.exp.reload(changed_files)
            self._report_skipped()
        except PublicError as exc:
            message = str(exc)
            if message != self._last_error:  # one line per distinct problem, not one per reload
                log.warning("%s", message)
                self._last_error = message
            return None
        except Exception:
            log.exception("reload failed; will retry on the next change")
            return None
        self._last_error = ""
        runs = result.changed_runs | result.new_runs | result.removed_runs
        if runs and announce:
            self._announce(runs)
        return runs

    def _report_skipped(self) -> None:
        # Damaged records are skipped, never fatal; say so once each on the terminal, so a user whose
        # chart has a gap learns why. Capped: a badly damaged logdir must not flood the terminal.
        for warning in self.exp.warnings:
            if warning in self._reported or len(self._reported) >= MAX_REPORTED_WARNINGS:
                continue
            self._reported.add(warning)
            log.warning("%s", warning)
            if len(self._reported) == MAX_REPORTED_WARNINGS:
                log.warning(
                    "more damaged records are not listed; trainboard.read(logdir).warnings has them all"
                )

    def _announce(self, runs: set[str]) -> None:
        self.publish("change", {"generation": self.exp.generation, "runs": sorted(runs), "time": time.time()})

    def _watch_local(self) -> None:
        paths = [os.path.abspath(os.path.expanduser(p)) for p in self.exp.logdirs]
        watched: list[str] | None = None  # what was watched last (None: nothing yet)
        while not self._stop.is_set():
            existing = [p for p in paths if os.path.isdir(p)]
            if set(existing) < set(paths if watched is None else watched):
                # A logdir vanished (perhaps before the watcher started, so it never saw it go):
                # reload once, so its runs go too.
                self._reload()
            watched = existing
            if not existing:
                # Users start the dashboard before training: wait for the logdir to appear.
                if self._stop.wait(WAKE_MS / 1000):
                    return
                if any(os.path.isdir(p) for p in paths):
                    self._reload()
                continue
            try:
                self._watch(existing, paths)
            except (OSError, RuntimeError):
                if all(os.path.isdir(p) for p in existing):
                    raise  # not a vanished directory: the watcher itself cannot work here
                self._reload()  # a watched logdir vanished under the watcher: watch what is left

    def _watch(self, existing: list[str], paths: list[str]) -> None:
        last_reload = time.monotonic()
        # The first yield comes once the watcher is running: reload then too, so a file written
        # between the last reload and the watcher's start (a logdir just recreated) is not missed.
        started = False
        import watchfiles  # here, in the reload thread: not on the way to the first answer

        for changes in watchfiles.watch(
            *existing,
            watch_filter=_is_relevant,
            debounce=DEBOUNCE_MS,
            step=50,
            rust_timeout=WAKE_MS,
            yield_on_timeout=True,
            stop_event=self._stop,
            raise_interrupt=False,
            ignore_permission_denied=True,
        ):
            # Some filesystems (NFS, some container mounts) report nothing: poll as a safety net.
            if changes and started:
                # Files that grew: reload only their runs; anything else lists the logdir again.
                grown = [path for change, path in changes if change == watchfiles.Change.modified]
                self._reload(changed_files=grown if len(grown) == len(changes) else None)
                last_reload = time.monotonic()
            elif changes or not started or time.monotonic() - last_reload >= self.reload_interval:
                self._reload()
                last_reload = time.monotonic()
                started = True
            if [p for p in paths if os.path.isdir(p)] != existing:
                return  # a logdir appeared or vanished: watch the new set


def _is_relevant(change: watchfiles.Change, path: str) -> bool:
    # Event files, and directories coming and going (new runs); not checkpoints rewritten every epoch.
    import watchfiles

    return "tfevents" in os.path.basename(path) or change != watchfiles.Change.modified


# Queued to tell a stream to end.
END = b""


def progress_json(progress: LoadProgress) -> dict[str, Any]:
    """The load's progress as JSON: its fields, in order."""
    return dataclasses.asdict(progress)


def sse_message(event: str, data: dict[str, Any]) -> bytes:
    return b"event: " + event.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"
