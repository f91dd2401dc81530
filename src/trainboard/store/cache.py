"""The column cache: what a run's event files held, kept on disk so a restart serves it at once.

One file per run in the cache folder (`default_cache_dir()`; the server's `--cache_dir`), named by a
hash of the logdir and the run. It holds the run's scalar columns and, for each of its event files,
the identity (device, inode) the file had, the offset reading stopped at, and a CRC32C of the file's
first bytes and of the bytes just before that offset. A run is restored from it only when every
check holds:

- the header names this format and this cache's logdir and run, and the body's CRC32C matches;
- the run's event files are those cached (a file may follow them, never come before or between);
- each file is the same file (device and inode), at least as long as its offset, and its first
  bytes and the bytes before the offset are the ones cached.

Then the run's series start from the cached columns and reading goes on from each offset: a file
that grew is read from where the cache stopped. A file replaced, truncated or deleted, or any
damage to the cache file, drops the entry and the run is read from its files as without a cache;
the cache folder is never trusted. A folder that cannot be written is warned about once and
the cache is off for the rest of the process.

Only runs whose series are all scalars and whose files hold at least `MIN_BYTES` are cached (other
runs read fast enough, and blob references point into event files by a per-process number).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import struct
import tempfile
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from trainboard.store.info import TagMeta
from trainboard.store.scanner import checksum
from trainboard.store.series import ScalarSeries

log = logging.getLogger("trainboard.store")

MAGIC = b"trainboard-columns\n"
FORMAT = 2
# Runs with fewer bytes read than this are not cached: reading them is about as fast.
MIN_BYTES = 1 << 20
# A cached run that grows is written again once it grew by this factor, or after this many seconds.
REWRITE_GROWTH = 1.25
REWRITE_SECS = 300.0
# Bytes checked at the start of each file and just before its offset.
PROBE = 64
_LENGTHS = struct.Struct("<QQ")  # header length, body length
# The column types a cache file may name (`ScalarSeries` keeps steps and values compact when it can).
_DTYPES = {t.str: t for t in map(np.dtype, ("<i4", "<i8", "<f4", "<f8"))}


def default_cache_dir() -> str:
    """`$TRAINBOARD_CACHE_DIR`, else the user's cache folder (XDG on Linux) + `trainboard/columns`."""
    env = os.environ.get("TRAINBOARD_CACHE_DIR")
    if env:
        return env
    try:
        import platformdirs

        base = platformdirs.user_cache_dir("trainboard", appauthor=False)
    except ImportError:
        base = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "trainboard")
    return os.path.join(base, "columns")


@dataclass(frozen=True)
class FileMark:
    """One event file as far as it was read: identity, offset and probes of its bytes."""

    path: str
    dev: int
    ino: int
    offset: int
    head: int  # CRC32C of its first min(PROBE, offset) bytes
    tail: int  # CRC32C of the PROBE bytes before offset (fewer when offset is smaller)


def _probes(f: Any, offset: int) -> tuple[int, int]:
    f.seek(0)
    head = f.read(min(PROBE, offset))
    start = max(0, offset - PROBE)
    f.seek(start)
    tail = f.read(offset - start)
    if len(head) != min(PROBE, offset) or len(tail) != offset - start:
        raise OSError("file shorter than its cached offset")
    return checksum(np.frombuffer(head, np.uint8)), checksum(np.frombuffer(tail, np.uint8))


class ColumnCache:
    """The cache folder of one `Experiment`; every failure is a warning, never an error."""

    def __init__(self, folder: str, logdir_key: str) -> None:
        self.folder = os.path.abspath(os.path.expanduser(folder))
        self._logdir_key = logdir_key
        self._disabled = False
        self._written: dict[str, tuple[tuple[int, ...], float]] = {}  # run -> (offsets, when) last written

    def filled(self) -> bool:
        """Whether the folder holds any cached columns (of this logdir or another): a cheap guess
        that a load will mostly restore from here."""
        try:
            with os.scandir(self.folder) as it:
                return any(entry.name.endswith(".columns") for entry in it)
        except OSError:
            return False

    def _path(self, run: str) -> str:
        digest = hashlib.sha256(f"{self._logdir_key}\0{run}".encode()).hexdigest()[:32]
        return os.path.join(self.folder, f"{digest}.columns")

    # -- restoring -----------------------------------------------------------------------
    def restore(
        self, loader: Any, paths: list[str], stats: dict[str, tuple[int, ...]], register: Any
    ) -> bool:
        """Fill a new run's `loader` from the cache when every check holds; returns whether it did."""
        if self._disabled or sum(stats[p][0] for p in paths if p in stats) < MIN_BYTES:
            return False  # too small to have been cached: no file to look for
        path = self._path(loader.name)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            return False
        except OSError as exc:
            self._warn_once(f"cannot use the column cache in {self.folder} ({exc}); going on without it")
            return False
        try:
            header, body = self._parse(data, loader.name)
            marks = [FileMark(**m) for m in header["files"]]
            if [m.path for m in marks] != paths[: len(marks)] or not marks:
                raise _Stale("the run's event files changed")
            for mark in marks:
                stat = stats.get(mark.path)
                if stat is None or stat[0] < mark.offset or (stat[3], stat[4]) != (mark.dev, mark.ino):
                    raise _Stale(f"{mark.path} was replaced, truncated or deleted")
                with loader.logdir.open(mark.path) as f:
                    if _probes(f, mark.offset) != (mark.head, mark.tail):
                        raise _Stale(f"{mark.path} changed before its cached offset")
            (crc,) = struct.unpack_from("<I", data, len(data) - 4)
            series = self._columns(header, body, crc)
        except _Stale:
            self._drop(path)
            return False
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning(
                "column cache %s is damaged (%s); reading the event files and rebuilding it", path, exc
            )
            self._drop(path)
            return False
        loader.restore(marks, series, header["run"], register)
        self._written[loader.name] = (tuple(m.offset for m in marks), time.monotonic())
        return True

    def _parse(self, data: bytes, run: str) -> tuple[dict, memoryview]:
        if not data.startswith(MAGIC) or len(data) < len(MAGIC) + _LENGTHS.size + 4:
            raise ValueError("not a column cache file")
        at = len(MAGIC)
        header_len, body_len = _LENGTHS.unpack_from(data, at)
        at += _LENGTHS.size
        if at + header_len + body_len + 4 != len(data):
            raise ValueError("its length does not match its header")
        header = json.loads(data[at : at + header_len])
        body = memoryview(data)[at + header_len : at + header_len + body_len]
        if header.get("format") != FORMAT or header.get("logdir") != self._logdir_key:
            raise _Stale("another format or logdir")
        if header["run"]["name"] != run:
            raise _Stale("another run")
        return header, body

    @staticmethod
    def _columns(header: dict, body: memoryview, crc: int) -> dict[str, tuple[ScalarSeries, TagMeta]]:
        """The cached series, as views of `body`, once their checksum (of each column's) matches."""
        out: dict[str, tuple[ScalarSeries, TagMeta]] = {}
        crcs: list[int] = []
        at = 0
        for tag in header["tags"]:
            n = int(tag["n"])
            step_type, value_type = _DTYPES[tag["step_dtype"]], _DTYPES[tag["value_dtype"]]
            widths = (step_type.itemsize * n, 8 * n, value_type.itemsize * n)
            if n < 0 or at + sum(widths) > len(body):
                raise ValueError("a column runs past the end of the file")
            steps = np.frombuffer(body, step_type, n, at)
            walls = np.frombuffer(body, np.float64, n, at + widths[0])
            values = np.frombuffer(body, value_type, n, at + widths[0] + widths[1])
            crcs.extend(checksum(col) for col in (steps, walls, values))
            at += sum(widths)
            meta = TagMeta(
                str(tag["plugin"]),
                bytes.fromhex(tag["content"]),
                str(tag["display"]),
                str(tag["description"]),
                1,
            )
            out[str(tag["tag"])] = (ScalarSeries.of(steps, walls, values), meta)
        if at != len(body):
            raise ValueError("its columns do not fill the file")
        if checksum(np.array(crcs, np.uint32)) != crc:
            raise ValueError("its checksum does not match")
        return out

    # -- writing -------------------------------------------------------------------------
    def save(self, loader: Any, lock: Any) -> None:
        """Write the run's columns when it can be cached and grew since it was last written."""
        if self._disabled or sum(state.offset for state in loader.files.values()) < MIN_BYTES:
            return
        with lock:
            snapshot = loader.snapshot()
        if snapshot is None:
            return
        files, run, tags = snapshot
        offsets = tuple(offset for _path, offset in files)
        last = self._written.get(loader.name)
        now = time.monotonic()
        if sum(offsets) < MIN_BYTES or (last is not None and last[0] == offsets):
            return
        if last is not None and sum(offsets) < sum(last[0]) * REWRITE_GROWTH and now - last[1] < REWRITE_SECS:
            return  # a live run: rewritten only now and then, not on every reload
        try:
            marks = []
            for path, offset in files:
                with loader.logdir.open(path) as f:
                    st = os.fstat(f.fileno())
                    head, tail = _probes(f, offset)
                marks.append(FileMark(path, st.st_dev, st.st_ino, offset, head, tail).__dict__)
        except (OSError, ValueError, AttributeError):
            return  # a file went away meanwhile: the next reload sees it
        header = json.dumps(
            {
                "format": FORMAT,
                "logdir": self._logdir_key,
                "run": run,
                "files": marks,
                "tags": [
                    {
                        "tag": tag,
                        "n": len(a.step),
                        "step_dtype": a.step.dtype.str,
                        "value_dtype": a.value.dtype.str,
                        "plugin": meta.plugin_name,
                        "content": meta.plugin_content.hex(),
                        "display": meta.display_name,
                        "description": meta.description,
                    }
                    for tag, meta, a in tags
                ],
            }
        ).encode()
        # Spaces after the JSON so that the columns start 8-byte aligned in the file.
        header += b" " * (-(len(MAGIC) + _LENGTHS.size + len(header)) % 8)
        columns = [np.ascontiguousarray(col) for _tag, _meta, a in tags for col in a]
        crc = checksum(np.array([checksum(col) for col in columns], np.uint32))
        body_len = sum(col.nbytes for col in columns)
        path = self._path(loader.name)
        try:
            os.makedirs(self.folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(MAGIC + _LENGTHS.pack(len(header), body_len) + header)
                    for col in columns:
                        f.write(col.data)
                    f.write(struct.pack("<I", crc))
                os.replace(tmp, path)
            except BaseException:
                _unlink(tmp)
                raise
        except OSError as exc:
            self._warn_once(f"cannot use the column cache in {self.folder} ({exc}); going on without it")
            return
        self._written[loader.name] = (offsets, now)

    def _drop(self, path: str) -> None:
        _unlink(path)

    def _warn_once(self, message: str) -> None:
        if not self._disabled:
            self._disabled = True
            log.warning("%s", message)


class _Stale(Exception):
    """The cache entry no longer describes the files: dropped quietly, the run is read again."""


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
