"""Event files on disk: naming, the first event, a queue drained by a flush thread, and close.

`EventFileWriter` takes serialized `Event` payloads. The caller's thread only appends them to a
queue; a background thread frames them (length, payload, masked CRC32C: `records.py`) and writes
them to a buffered file. The thread is woken once ``max_queue`` payloads wait, drains every
``DRAIN_INTERVAL`` while events keep arriving, and pushes the file buffer to the OS every
``flush_secs``. `flush()` and `close()` write everything queued before they return, and writers
still open at interpreter exit are closed by an `atexit` hook, so data handed over is never lost.
The thread keeps any exception it meets and the next call re-raises it.

`FileWriter` is the torch-shaped face over it (`add_event`, `add_summary`, `add_graph`, ...).
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import itertools
import os
import socket
import struct
import threading
import time
import weakref
from typing import Any

from google_crc32c import value as _crc32c

from trainboard.errors import InvalidArgumentError
from trainboard.events import messages as m
from trainboard.events.records import MASK_DELTA, masked_crc32c
from trainboard.events.wire import encode_varint

__all__ = ["FLUSH_SECS", "MAX_QUEUE", "EventFileWriter", "FileWriter"]

FLUSH_SECS = 120  # seconds between pushes of the file buffer to the OS, as torch
MAX_QUEUE = 10  # payloads waiting before the flush thread is woken, as torch
MAX_PENDING = 10_000  # payloads waiting before the caller writes them itself (bounds memory)
DRAIN_INTERVAL = 0.05  # seconds between drains while events keep arriving
_RECORDS_PER_WRITE = 512
_MIN_WAIT = 0.005  # seconds; keeps flush_secs=0 from spinning the thread
FILE_VERSION = "brain.Event:2"
SOURCE_WRITER = "trainboard"

# One counter for the whole process, as TensorBoard's writer keeps: the last part of each file name.
_file_counter = itertools.count()
_counter_lock = threading.Lock()
_open_writers: weakref.WeakSet[EventFileWriter] = weakref.WeakSet()

_pack_u32 = struct.Struct("<I").pack
_pack_u64 = struct.Struct("<Q").pack
_pack_f64 = struct.Struct("<d").pack
_ZERO_F64 = bytes(8)  # +0.0, which protobuf leaves out; -0.0 is written


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
        flush_secs: float = FLUSH_SECS,
        filename_suffix: str = "",
    ) -> None:
        logdir = os.fspath(logdir)
        self._logdir = logdir
        try:
            os.makedirs(logdir, exist_ok=True)
            self._path = event_file_name(logdir, filename_suffix)
            self._file = open(self._path, "wb")  # noqa: SIM115 - closed by close()
        except OSError as exc:
            raise InvalidArgumentError(
                f"log_dir {logdir!r} is not writable ({exc.strerror or exc}); "
                "pass a directory you can write to"
            ) from exc
        self._max_queue = min(max(1, int(max_queue)), MAX_PENDING)
        self._flush_secs = float(flush_secs)
        # deque.append and popleft are atomic, so the caller's thread never takes a lock.
        self._pending: collections.deque[bytes] = collections.deque()
        self._io_lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = True  # the flush thread sleeps until woken or the next flush is due
        self._stopping = False
        self._closed = False
        self.error: BaseException | None = None
        # Closed, or the flush thread failed: one attribute test on the hot path instead of two.
        self._refusing = False
        self._header_cache: dict[int, bytes] = {}
        self._thread = threading.Thread(target=self._run, name=f"trainboard-writer:{logdir}", daemon=True)
        self._thread.start()
        _open_writers.add(self)
        first = m.Event(
            wall_time=time.time(),
            file_version=FILE_VERSION,
            source_metadata=m.SourceMetadata(writer=SOURCE_WRITER),
        )
        self.add_payload(first.encode())
        self.flush()

    @property
    def path(self) -> str:
        """The event file this writer appends to."""
        return self._path

    def get_logdir(self) -> str:
        return self._logdir

    @property
    def closed(self) -> bool:
        return self._closed

    def add_payload(self, payload: bytes) -> None:
        """Queue one serialized `Event`; it is framed and written by the flush thread."""
        if self._refusing:
            self._refuse()
        pending = self._pending
        pending.append(payload)
        waiting = len(pending)
        if waiting >= self._max_queue:
            if self._idle:
                # A busy thread polls every DRAIN_INTERVAL; only a sleeping one needs waking.
                self._idle = False
                self._wake.set()
            elif waiting >= MAX_PENDING:
                # The flush thread is not keeping up (a slow disk, huge payloads): write here, as
                # torch's writer blocks on a full queue, so memory stays bounded.
                with self._io_lock:
                    self._drain()

    def flush(self) -> None:
        """Write and flush everything queued so far; re-raise an error the flush thread met."""
        if self.error is not None:
            self._raise_error()
        if self._closed:
            return
        with self._io_lock:
            self._drain()
            self._file.flush()

    def close(self) -> None:
        """Write everything queued, stop the thread and close the file. Calling it again does nothing."""
        if self._closed:
            return
        self._stopping = True
        self._wake.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join()
        with self._io_lock:
            try:
                if self.error is None:
                    self._drain()
                self._file.flush()
            finally:
                self._closed = self._refusing = True
                self._file.close()
                _open_writers.discard(self)
        if self.error is not None:
            self._raise_error()

    def _refuse(self) -> None:
        if self.error is not None:
            self._raise_error()
        raise InvalidArgumentError(
            f"the event file {self._path} is closed; create a new writer to write more"
        )

    def _raise_error(self) -> None:
        error = self.error
        assert error is not None
        raise OSError(f"writing {self._path} failed in the background: {error}") from error

    # -- the flush thread ---------------------------------------------------------------------------
    def _run(self) -> None:
        next_flush = time.monotonic() + self._flush_secs
        try:
            timeout = self._flush_secs
            while not self._stopping:
                self._wake.wait(timeout)
                self._wake.clear()
                with self._io_lock:
                    if self._closed:
                        return
                    busy = bool(self._pending)
                    self._drain()
                    if time.monotonic() >= next_flush:
                        self._file.flush()
                        next_flush = time.monotonic() + self._flush_secs
                # While events keep coming, poll instead of being woken every max_queue events:
                # each wake-up hands the GIL over, which stalls the training loop on a busy CPU.
                self._idle = not busy
                timeout = DRAIN_INTERVAL if busy else max(_MIN_WAIT, next_flush - time.monotonic())
        except BaseException as exc:  # kept for the caller's next call, never swallowed
            self.error = exc
            self._refusing = True

    def _drain(self) -> None:
        """Frame and write every queued payload, 512 records per write. Caller holds ``_io_lock``."""
        pending = self._pending
        popleft = pending.popleft
        headers = self._header_cache
        while pending:
            # Small batches keep the joined buffer in cache; one huge join is measurably slower.
            chunks: list[bytes] = []
            append = chunks.append
            for _ in range(min(len(pending), _RECORDS_PER_WRITE)):
                payload = popleft()
                size = len(payload)
                header = headers.get(size)
                if header is None:
                    length = _pack_u64(size)
                    header = length + _pack_u32(masked_crc32c(length))
                    if len(headers) < 4096:
                        headers[size] = header
                # masked_crc32c inlined: this loop runs once per logged value.
                crc = _crc32c(payload)
                append(header)
                append(payload)
                append(_pack_u32(((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + MASK_DELTA) & 0xFFFFFFFF))
            self._file.write(b"".join(chunks))


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
        flush_secs: float = FLUSH_SECS,
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
        self.event_writer.add_payload(summary_event(_serialized(summary, "summary"), step, wall_time))

    def add_graph(self, graph_profile: tuple[Any, Any], walltime: float | None = None) -> None:
        """Add a graph and its run metadata as torch does: a graph_def event, then tagged "step1"."""
        graph, run_metadata = graph_profile
        self.add_event(m.Event(graph_def=_serialized(graph, "graph")), None, walltime)
        trm = m.TaggedRunMetadata(tag="step1", run_metadata=_serialized(run_metadata, "run_metadata"))
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


def summary_event(summary: bytes, step: int | None, wall_time: float) -> bytes:
    """The serialized `Event` holding the serialized `Summary` ``summary``, without re-encoding it.

    Field order and omitted defaults are protobuf's: wall_time (1), step (2), summary (5).
    """
    wall = _pack_f64(wall_time)
    head = b"\x09" + wall if wall != _ZERO_F64 else b""
    if step:
        head += b"\x10" + encode_varint(step)
    return head + b"\x2a" + encode_varint(len(summary)) + summary


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
    # Training scripts often end without close(): what they logged must still reach the disk.
    for writer in list(_open_writers):
        # Nothing is left to report an error to at exit.
        with contextlib.suppress(Exception):
            writer.close()
