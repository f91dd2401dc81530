"""Event files on disk: naming, the first event, writing that is live by default, and close.

`EventFileWriter` takes serialized `Event` payloads and keeps at most ``max_queue`` of them in memory:

- the caller's thread appends a payload to a queue; once ``max_queue`` wait, it frames them (length,
  payload, masked CRC32C: `records.py`) and hands them to the OS in one ``write``, so a tight loop costs one
  system call per ``max_queue`` values and a process killed at any moment loses at most ``max_queue``
  values, as torch's writer;
- a timer thread writes whatever waits ``delay`` seconds after the first value arrived, so a slow loop is
  on disk within that delay too. The delay is ``flush_secs`` when the caller passes it (torch's meaning:
  the longest a value may wait) and `LIVE_SECS` otherwise, or ``TRAINBOARD_FLUSH_SECS`` from the
  environment (for writers that frameworks create, e.g. on a slow network filesystem);
- `flush()` and `close()` write everything queued before they return, and writers still open at
  interpreter exit are closed by an `atexit` hook.

Where the bytes go is a sink. A local file (`FileSink`) is unbuffered: a value that reached ``write`` is
the operating system's, safe from a crash of the process. An object store (``s3://``, ``gs://``, any
fsspec URL: `SegmentSink`) cannot append, so the bytes of each delay (`REMOTE_SECS` by default) become
one new object, a complete event file named so that the segments sort in writing order; TensorBoard
reads them as the event files of one run.

A write that fails (a full disk, a removed file, an unreachable bucket) leaves what was written
readable (a local file is cut back to its last complete record) and raises `WriteError` then and at
every later call; the exit hook prints it, so a script that never calls `close()` still says so.

`FileWriter` is the torch-shaped face over it (`add_event`, `add_summary`, `add_graph`, ...).
"""

from __future__ import annotations

import atexit
import collections
import itertools
import os
import socket
import sys
import threading
import time
import weakref
from typing import Any

from trainboard.errors import InvalidArgumentError, WriteError
from trainboard.events import messages as m
from trainboard.events import names
from trainboard.events.records import frame, frame_records

__all__ = ["LIVE_SECS", "MAX_QUEUE", "REMOTE_SECS", "EventFileWriter", "FileWriter", "writer_delay"]

LIVE_SECS = 0.2  # seconds a value may wait in memory when the caller sets no flush_secs
REMOTE_SECS = 5.0  # the same for object stores, where each write is a new object (a request)
SEGMENT_MAX_BYTES = 64 << 20  # an object-store segment is closed early past this size
FLUSH_SECS_ENV = "TRAINBOARD_FLUSH_SECS"  # overrides LIVE_SECS for writers created without flush_secs
MAX_QUEUE = 10  # values kept in memory before the caller's thread writes them, as torch's queue
MAX_PENDING = 10_000  # the most values kept in memory, whatever max_queue says (bounds memory)
_RECORDS_PER_WRITE = 512  # a bigger joined buffer falls out of cache and is measurably slower
FILE_VERSION = "brain.Event:2"
SOURCE_WRITER = "trainboard"

# One counter for the whole process, as TensorBoard's writer keeps: the last part of each file name.
_file_counter = itertools.count()
_counter_lock = threading.Lock()
_open_writers: weakref.WeakSet[EventFileWriter] = weakref.WeakSet()


def _next_file_number() -> int:
    with _counter_lock:
        return next(_file_counter)


def event_file_name(logdir: str, filename_suffix: str = "") -> str:
    """``<logdir>/events.out.tfevents.<10-digit seconds>.<host>.<pid>.<n><suffix>`` (spec §2.1)."""
    name = "events.out.tfevents.%010d.%s.%s.%s" % (  # noqa: UP031
        time.time(),
        socket.gethostname(),
        os.getpid(),
        _next_file_number(),
    )
    return os.path.join(logdir, name) + filename_suffix


def is_url(path: str) -> bool:
    """Whether a log_dir names an object store or another fsspec filesystem (``s3://...``)."""
    return "://" in path


def writer_delay(flush_secs: float | None, remote: bool = False) -> float:
    """How long a value may wait in memory: ``flush_secs`` if given, else the environment's, else
    `LIVE_SECS` (`REMOTE_SECS` for an object store)."""
    if flush_secs is None:
        configured = os.environ.get(FLUSH_SECS_ENV, "").strip()
        if not configured:
            return REMOTE_SECS if remote else LIVE_SECS
        try:
            flush_secs = float(configured)
        except ValueError:
            raise InvalidArgumentError(
                f"{FLUSH_SECS_ENV}={configured!r} is not a number of seconds; set it to e.g. 5 or unset it"
            ) from None
    delay = float(flush_secs)
    if not delay >= 0:  # also NaN
        raise InvalidArgumentError(f"flush_secs must be a number of seconds >= 0; got {flush_secs!r}")
    return delay


class FileSink:
    """One new local event file, unbuffered; a failed write is cut back to the last whole record."""

    def __init__(self, logdir: str, filename_suffix: str) -> None:
        os.makedirs(logdir, exist_ok=True)
        self.path = event_file_name(logdir, filename_suffix)
        self._file = open(self.path, "wb", buffering=0)  # noqa: SIM115 - closed by close()
        self._written = 0  # bytes of complete records in the file
        self.writes = 0  # write() calls made (benchmarks/writer.py reports them)
        self.buffered_records = 0  # never any: every write goes to the OS at once
        self.hint = "Free space or log to another directory, then start a new writer"

    def write(self, data: bytes, count: int) -> None:
        view = memoryview(data)
        try:
            while view:
                self.writes += 1
                done = self._file.write(view)
                view = view[done or 0 :]
        except OSError:
            # Cut a half-written record off, so the file ends with the last whole one.
            try:
                self._file.truncate(self._written)
                self._file.seek(self._written)
            except OSError:
                pass
            raise
        self._written += len(data)

    def commit(self) -> None:
        """Nothing to do: every write is already the operating system's."""

    def close(self) -> None:
        self._file.close()


class SegmentSink:
    """Event files in an object store: the bytes written between two commits become one new object.

    Each segment starts with the file's first event, so it is a complete event file by itself, and is
    named ``<event file name>.<6-digit segment number><suffix>``, so segments sort in writing order.
    """

    def __init__(self, logdir: str, filename_suffix: str, header: bytes) -> None:
        import fsspec

        self._fs, root = fsspec.core.url_to_fs(logdir)
        self._fs.makedirs(root, exist_ok=True)
        protocol = logdir.split("://", 1)[0]
        self._name = event_file_name(root.rstrip("/"), "")
        self._url_prefix = f"{protocol}://"
        self._suffix = filename_suffix
        self._header = header
        self._buffer = bytearray()
        self._segment = 0
        self.writes = 0  # objects written
        self.buffered_records = 0
        self.hint = (
            "Check that the bucket exists and the credentials may write to it, then start a new writer"
        )
        self.path = self._url(0)

    def _url(self, segment: int) -> str:
        return f"{self._url_prefix}{self._name}.{segment:06d}{self._suffix}"

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    def write(self, data: bytes, count: int) -> None:
        self._buffer += data
        self.buffered_records += count

    def commit(self) -> None:
        """Write what was buffered as the next segment (nothing when nothing was)."""
        if not self._buffer:
            return
        body = self._header + bytes(self._buffer)
        path = f"{self._name}.{self._segment:06d}{self._suffix}"
        self.writes += 1
        self._fs.pipe_file(path, body)
        self.path = self._url(self._segment)
        self._segment += 1
        self._buffer.clear()
        self.buffered_records = 0

    def close(self) -> None:
        """Nothing is held open: every segment was a whole object."""


class EventFileWriter:
    """Appends serialized events to one new event file in ``logdir``.

    w = EventFileWriter("runs/a")
    w.add_payload(m.Event(wall_time=time.time(), step=1, summary=...).encode())
    w.close()
    """

    def __init__(
        self,
        logdir: str,
        max_queue: int = MAX_QUEUE,
        flush_secs: float | None = None,
        filename_suffix: str = "",
    ) -> None:
        logdir = os.fspath(logdir)
        self._logdir = logdir
        remote = is_url(logdir)
        self._delay = writer_delay(flush_secs, remote)
        first = m.Event(
            wall_time=time.time(),
            file_version=FILE_VERSION,
            source_metadata=m.SourceMetadata(writer=SOURCE_WRITER),
        ).encode()
        self._sink: FileSink | SegmentSink
        try:
            self._sink = (
                SegmentSink(logdir, filename_suffix, frame(first))
                if remote
                else FileSink(logdir, filename_suffix)
            )
        except ImportError as exc:
            raise InvalidArgumentError(
                f"log_dir {logdir!r} needs a filesystem package ({exc}); "
                "for s3:// pip install 'trainboard[s3]'"
            ) from exc
        except (OSError, ValueError) as exc:
            raise WriteError(
                f"log_dir {logdir!r} is not writable ({getattr(exc, 'strerror', None) or exc}); "
                "pass a directory you can write to, e.g. SummaryWriter('runs/exp1')"
            ) from exc
        self._max_queue = min(max(1, int(max_queue)), MAX_PENDING)
        # deque.append and popleft are atomic: the caller's thread takes the lock only to write.
        self._pending: collections.deque[bytes] = collections.deque()
        self._io_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._armed = False  # the timer thread will write what waits; no need to wake it
        self._closed = False
        self.error: WriteError | None = None
        self.lost = 0  # values that could not be written
        # Closed, or a write failed: one attribute test on the hot path instead of two.
        self._refusing = False
        if not remote:  # a segment starts with the first event by itself
            self._pending.append(first)
            with self._io_lock:
                self._drain()
        self._thread = threading.Thread(target=self._run, name=f"trainboard-writer:{logdir}", daemon=True)
        self._thread.start()
        _open_writers.add(self)

    @property
    def path(self) -> str:
        """The event file this writer appends to (for an object store, its latest segment)."""
        return self._sink.path

    @property
    def writes(self) -> int:
        """Write calls made so far (objects, for an object store)."""
        return self._sink.writes

    @property
    def delay(self) -> float:
        """The longest a value waits in memory before it is written, in seconds."""
        return self._delay

    def get_logdir(self) -> str:
        return self._logdir

    @property
    def closed(self) -> bool:
        return self._closed

    def add_payload(self, payload: bytes) -> None:
        """Queue one serialized `Event`; written once ``max_queue`` wait or ``delay`` has passed."""
        if self._refusing:
            self._refuse()
        pending = self._pending
        pending.append(payload)
        if len(pending) >= self._max_queue:
            with self._io_lock:
                self._drain()
                if self._sink.__class__ is SegmentSink and self._sink.buffered > SEGMENT_MAX_BYTES:
                    self._commit()
        elif not self._armed:
            # The first value since the last write: the timer thread writes it within the delay.
            self._armed = True
            self._wake.set()

    def flush(self) -> None:
        """Write everything queued so far; raise `WriteError` if a write failed."""
        if self.error is not None:
            raise self.error
        if self._closed:
            return
        with self._io_lock:
            self._drain()
            self._commit()

    def close(self) -> None:
        """Write everything queued, stop the thread and close the file. Calling it again does nothing."""
        if self._closed:
            return
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join()
        with self._io_lock:
            try:
                if self.error is None:
                    self._drain()
                    self._commit()
            finally:
                self._closed = self._refusing = True
                self._sink.close()
                _open_writers.discard(self)
        if self.error is not None:
            raise self.error

    def _refuse(self) -> None:
        if self.error is not None:
            raise self.error
        raise InvalidArgumentError(f"the event file {self.path} is closed; create a new writer to write more")

    # -- the timer thread ---------------------------------------------------------------------------
    def _run(self) -> None:
        wake, stop, delay = self._wake, self._stop, self._delay
        while True:
            wake.wait()
            if stop.wait(delay):
                return  # close() writes what is left
            wake.clear()
            if stop.is_set():
                # close() set stop and wake between the wait above and the clear: return now, or the
                # next wait would never end and close() would join this thread forever.
                return
            # Disarm before writing: a value appended from here on arms the timer again.
            self._armed = False
            with self._io_lock:
                if self._closed or self.error is not None:
                    return
                try:
                    self._drain()
                    self._commit()
                except WriteError:
                    return  # kept in self.error; the caller's next call raises it

    def _drain(self) -> None:
        """Frame and write every queued payload, 512 records per write. Caller holds ``_io_lock``."""
        if self.error is not None:
            raise self.error
        pending = self._pending
        popleft = pending.popleft
        while pending:
            count = min(len(pending), _RECORDS_PER_WRITE)
            self._write(frame_records([popleft() for _ in range(count)]), count)

    def _write(self, data: bytes, count: int) -> None:
        """Hand ``data`` (``count`` whole records) to the sink; on failure refuse what follows."""
        try:
            self._sink.write(data, count)
        except OSError as exc:
            self._fail(exc, count)

    def _commit(self) -> None:
        """Make written records durable where the sink needs it (a new object); caller holds the lock."""
        if self.error is not None:
            raise self.error
        try:
            self._sink.commit()
        except Exception as exc:  # fsspec backends raise their own errors, not only OSError
            self._fail(exc, self._sink.buffered_records)

    def _fail(self, exc: BaseException, count: int) -> None:
        # Values that follow could never reach the file in order: refuse them from now on.
        self.lost += count + len(self._pending)
        self._pending.clear()
        self._refusing = True
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        self.error = WriteError(
            f"writing {self.path} failed ({reason}); {self.lost} logged values were not written and "
            f"what came before is kept. {self._sink.hint}"
        )
        self.error.__cause__ = exc
        raise self.error


class FileWriter:
    """Writes `Event`s to one event file in ``log_dir``, as ``torch.utils.tensorboard.FileWriter`` does.

        fw = FileWriter("runs/a")
        fw.add_summary(m.Summary(value=[m.SummaryValue(tag="x", simple_value=1.0)]), global_step=3)
        fw.close()

    Events and summaries may be trainboard messages, serialized bytes, or any protobuf object
    with ``SerializeToString()`` (PyTorch Lightning and Stable-Baselines3 pass those).
    """

    def __init__(
        self,
        log_dir: str,
        max_queue: int = MAX_QUEUE,
        flush_secs: float | None = None,
        filename_suffix: str = "",
    ) -> None:
        log_dir = str(log_dir)
        self.event_writer = EventFileWriter(log_dir, max_queue, flush_secs, filename_suffix)
        self._settings = (log_dir, max_queue, flush_secs, filename_suffix)

    def get_logdir(self) -> str:
        """The directory this writer writes into."""
        return self.event_writer.get_logdir()

    def add_payload(self, payload: bytes) -> None:
        """Queue one already serialized `Event` (the writer's fast path)."""
        self.event_writer.add_payload(payload)

    def add_event(self, event: Any, step: int | None = None, walltime: float | None = None) -> None:
        """Add an `Event`, setting its wall time (now unless given) and step (when given)."""
        if not isinstance(event, m.Event):
            event = m.Event.decode(_serialized(event, "event"))
        event.wall_time = time.time() if walltime is None else float(walltime)
        if step is not None:
            event.step = int(step)
        self.event_writer.add_payload(event.encode())

    def add_summary(
        self, summary: Any, global_step: int | None = None, walltime: float | None = None
    ) -> None:
        """Add a `Summary` (a trainboard message, serialized bytes, or a foreign protobuf) as one event."""
        wall_time = time.time() if walltime is None else float(walltime)
        step = None if global_step is None else int(global_step)
        self.event_writer.add_payload(m.summary_event(_serialized(summary, "summary"), step, wall_time))

    def add_graph(self, graph_profile: tuple[Any, Any], walltime: float | None = None) -> None:
        """Add a graph and its run metadata as torch does: a graph_def event, then tagged "step1"."""
        graph, run_metadata = graph_profile
        self.add_event(m.Event(graph_def=_serialized(graph, "graph")), None, walltime)
        trm = m.TaggedRunMetadata(
            tag=names.TORCH_RUN_METADATA_TAG, run_metadata=_serialized(run_metadata, "run_metadata")
        )
        self.add_event(m.Event(tagged_run_metadata=trm), None, walltime)

    def add_onnx_graph(self, graph: Any, walltime: float | None = None) -> None:
        """Add a GraphDef (converted from ONNX) as a graph_def event."""
        self.add_event(m.Event(graph_def=_serialized(graph, "graph")), None, walltime)

    def flush(self) -> None:
        """Push every queued event to disk."""
        self.event_writer.flush()

    def close(self) -> None:
        """Flush and close the event file."""
        self.event_writer.close()

    def reopen(self) -> None:
        """Start a new event file in the same directory after `close()`."""
        if self.event_writer.closed:
            self.event_writer = EventFileWriter(*self._settings)


def _serialized(message: Any, what: str) -> bytes:
    if isinstance(message, (bytes, bytearray, memoryview)):
        return bytes(message)
    if isinstance(message, m.Message):
        return message.encode()
    serialize = getattr(message, "SerializeToString", None)
    if serialize is None:
        raise TypeError(
            f"{what} must be a trainboard message, bytes, or a protobuf with SerializeToString(); "
            f"got {type(message).__name__}"
        )
    return bytes(serialize())


@atexit.register
def _close_open_writers() -> None:
    # Training scripts often end without close(): what they logged must still reach the disk, and a
    # write that failed must be said, since no caller is left to raise it to.
    for writer in list(_open_writers):
        try:
            writer.close()
        except WriteError as exc:
            print(f"trainboard: {exc}", file=sys.stderr)
