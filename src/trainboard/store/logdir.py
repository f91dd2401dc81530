"""Find runs under logdirs (local paths or fsspec URLs) and open their event files.

A run is a directory that directly holds event files (a basename containing `tfevents`), at any
depth; the logdir itself is run ".". Under a named logdir (`name:path`) runs are `name` and
`name/sub`. OS and fsspec errors become `trainboard.errors.LogdirError` here and nowhere else.

Symlinks in a local logdir (each resolved once; a folder reached twice is listed once, so cycles end):

- a link whose target lies inside the logdir is followed, file or folder;
- a link to a folder outside the logdir is followed as TensorBoard does (linking runs or a sibling
  experiment in is common), and that folder becomes a root of its own: links inside it are held to
  it and to the logdir, so one link cannot chain on to the rest of the machine;
- not followed, with one warning line each: a link to a folder that holds the logdir (`ln -s / x`,
  `ln -s .. x`), a link from a linked folder to yet another place, and a link to an event file
  outside the logdir and the linked folders.

A listing stops after `MAX_WALK_DIRS` folders, with a warning. Every read (`open`) checks that the
file opened is one found inside the logdir or a linked folder it follows, and refuses it otherwise:
a file whose identity (device, inode) was seen there before is accepted as it is; any other is
resolved again (`os.path.realpath`) and must still fall under those roots.

Reloads stay cheap on logdirs of many runs: a folder whose change time (ctime) has not moved since
it was listed (and that holds no symlinks) keeps its listing, since adding, removing or renaming an
entry, or a chmod, moves it; a folder changed less than `RACY_NS` before it was listed is listed
again, as a change in the same clock tick would not show.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

import numpy as np

from trainboard.errors import InvalidArgumentError, LogdirError
from trainboard.store.remote import PREFETCH_FILES, RemoteListing, Window
from trainboard.store.scanner import path_batch

log = logging.getLogger("trainboard.store")

# TensorBoard's rule: a file is an event file when its basename contains this.
EVENT_FILE_MARKER = "tfevents"
# One listing visits at most this many folders, so a link to a huge tree cannot stall every reload.
MAX_WALK_DIRS = 100_000
# Profiler placeholders hold no summaries (TensorBoard skips them too).
_SKIPPED_SUFFIXES = (".profile-empty",)
# A folder listed less than this after its last change is listed again next time (see above).
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Source:
    """One logdir: `name` is "" for an unnamed logdir, else the run-name prefix."""

    name: str
    path: str

    @property
    def is_url(self) -> bool:
        return "://" in self.path


def parse_sources(logdir: str | os.PathLike[str] | list[str] | dict[str, str]) -> list[Source]:
    """`"logs"`, `"a,b"`, `["a", "b"]`, `{"name": "path"}` or `"name:path,name2:path2"`."""
    if isinstance(logdir, dict):
        return [Source(str(name), os.fspath(path)) for name, path in logdir.items()]
    if isinstance(logdir, (list, tuple)):
        return [Source("", os.fspath(p)) for p in logdir]
    if not isinstance(logdir, (str, os.PathLike)):
        raise InvalidArgumentError(
            f"logdir must be a path, a list of paths or a dict, not {type(logdir).__name__}"
        )
    text = os.fspath(logdir)
    if not text:
        raise InvalidArgumentError("logdir is empty; pass the directory your SummaryWriter writes to")
    if os.path.exists(text):
        return [Source("", text)]
    sources = []
    for part in text.split(","):
        if not part.strip():
            raise InvalidArgumentError(
                f"logdir {text!r} has an empty entry; separate paths with single commas, e.g. a,b"
            )
        name, sep, path = part.partition(":")
        if sep and not name:
            raise InvalidArgumentError(f"logdir entry {part!r} has no name before ':'; write name:path")
        # "C:\logs", "s3://bucket" and plain paths have no name; "name:path" does.
        if sep and path and not path.startswith("//") and not (len(name) == 1 and name.isalpha()):
            sources.append(Source(name, path))
        else:
            sources.append(Source("", part))
    return sources


def _filesystem(source: Source) -> tuple[Any, str]:
    if not source.is_url:
        return None, source.path
    try:
        import fsspec
    except ImportError as exc:  # pragma: no cover - fsspec is a dependency
        raise LogdirError(f"reading {source.path} needs fsspec: pip install fsspec") from exc
    try:
        fs, root = fsspec.core.url_to_fs(source.path)
    except (ImportError, ValueError) as exc:
        raise LogdirError(f"cannot open {source.path}: {exc} (for s3:// install trainboard[s3])") from exc
    return fs, root


def _run_name(source: Source, rel: str) -> str:
    rel = rel.replace(os.sep, "/").strip("/")
    if source.name:
        return f"{source.name}/{rel}" if rel and rel != "." else source.name
    return rel if rel else "."


def _within(path: str, folder: str) -> bool:
    """Whether real path `path` is `folder` or lies under it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _is_event_file(name: str) -> bool:
    return EVENT_FILE_MARKER in name and not name.endswith(_SKIPPED_SUFFIXES)


class Logdir:
    """One source: lists runs and their event files, and opens files for reading."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self._fs, self._root = _filesystem(source)
        self._unlistable_dirs: set[str] = set()
        self._warned: set[str] = set()
        # Real paths every local read must fall under: the logdir and the linked folders it follows.
        self._roots: tuple[str, ...] = ()
        # fsspec logdirs: the listing (with each object's size) and the byte ranges fetched ahead.
        self._listing = RemoteListing(self._fs, self._root, _is_event_file) if self._fs is not None else None
        self._windows: dict[str, Window] = {}
        # Folder path -> (its real path, rule base, mtime_ns, files, subfolders) when it may be reused.
        self._listings: dict[str, tuple[str, str, int, list[str], list[tuple[str, str, str]]]] = {}
        # Event file path -> (st_dev, st_ino) of the file found there inside the roots.
        self._known: dict[str, tuple[int, int]] = {}
        self._root_dev = -1
        # Folder path -> st_ctime_ns, batched at the start of a walk (`_walk_local`).
        self._ctimes: dict[str, int] = {}
        # (real root, runs, roots) of the last walk when all of it may be reused (`_walk_local`), and
        # its folders as one batch with their st_ctime_ns then: the next walk's whole check.
        self._last_walk: tuple[str, dict[str, list[str]], tuple[str, ...]] | None = None
        self._walk_check: tuple[Any, np.ndarray] | None = None
        # Whether the last `discover` found the folders of the walk before unchanged (same runs).
        self.unchanged = False

    @property
    def is_remote(self) -> bool:
        return self._listing is not None

    def discover(self) -> dict[str, list[str]]:
        """{run name: event file paths in name order}; a missing local logdir has no runs yet."""
        runs: dict[str, list[str]] = {}
        self.unchanged = False
        try:
            if self._fs is None:
                self._walk_local(runs)
            else:
                self._walk_fs(runs)
        except LogdirError:
            raise
        except OSError as exc:
            raise LogdirError(f"cannot list logdir {self.source.path}: {exc}") from exc
        return runs

    def check(self) -> None:
        """Raise `LogdirError` now for a local logdir that can never hold runs (a plain file)."""
        root = self._root
        if not self.source.is_url and os.path.isfile(root) and not _is_event_file(os.path.basename(root)):
            raise LogdirError(
                f"logdir {root} is a file, not a directory; pass the folder your SummaryWriter "
                f"writes to (e.g. {os.path.dirname(root) or '.'})"
            )

    def _walk_local(self, runs: dict[str, list[str]]) -> None:
        root = self._root
        if os.path.isfile(root):
            self.check()
            self._roots = (os.path.realpath(root),)
            runs[_run_name(self.source, "")] = [root]  # one event file, as EventAccumulator accepts
            return
        if not os.path.isdir(root):
            return
        # An unreadable logdir must say so, not look empty.
        try:
            os.scandir(root).close()
        except FileNotFoundError:
            return  # removed since the check above: no runs, as if it never existed
        real_root = os.path.realpath(root)
        self._root_dev = os.stat(real_root).st_dev
        roots = [real_root]
        seen: set[str] = set()
        # (path as listed, its real path, the real folder whose symlink rule applies): depth first in
        # name order, the order os.walk gives.
        stack = [(root, real_root, real_root)]
        budget = MAX_WALK_DIRS
        # The folders listed last time, stat'ed in one batch (a reload that finds nothing new costs
        # little more than these system calls); a folder new since then is stat'ed on its own.
        last, check = self._last_walk, self._walk_check
        if last is not None and check is not None and last[0] == real_root:
            known_batch, then = check
            ctimes = known_batch.stat(ctime=True)
            if np.array_equal(ctimes, then):
                # Every folder of the last walk is unchanged (and it had no links): the same runs.
                runs.update(last[1])
                self._roots = last[2]
                self.unchanged = True
                return
            known = list(self._listings)
        else:
            known = list(self._listings)
            ctimes = path_batch(known).stat(ctime=True)
        self._last_walk = self._walk_check = None
        self._ctimes = dict(zip(known, ctimes.tolist(), strict=True))
        visited: list[str] = []
        while stack:
            dirpath, real, base = stack.pop()
            if real in seen:
                continue  # a second way to the same folder, or a link cycle
            seen.add(real)
            budget -= 1
            if budget < 0:
                self._warn_once(
                    root,
                    f"stopped listing {root} after {MAX_WALK_DIRS:,} folders; "
                    "point --logdir at the folder that holds your runs",
                )
                break
            files, subdirs = self._list(dirpath, real, base, real_root, roots)
            visited.append(dirpath)
            if files:
                # `dirpath` is `root` joined with the names walked (relpath costs more than the listing).
                if dirpath.startswith(root):
                    rel = dirpath[len(root) :].lstrip(os.sep)
                else:
                    rel = os.path.relpath(dirpath, root)
                runs[_run_name(self.source, "" if rel == "." else rel)] = files
            stack.extend(reversed(subdirs))
        self._roots = tuple(roots)
        self._ctimes = {}
        # Forget folders no longer walked; when every walked folder may be reused (none unlistable,
        # none with a link, the budget not hit), the next walk can check their times alone.
        listings = self._listings
        self._listings = {d: listings[d] for d in visited if d in listings}
        if budget >= 0 and len(self._listings) == len(visited):
            self._last_walk = (real_root, dict(runs), self._roots)
            then = np.array([listing[2] for listing in self._listings.values()], np.int64)
            self._walk_check = (path_batch(list(self._listings)), then)

    def _list(
        self, dirpath: str, real: str, base: str, real_root: str, roots: list[str]
    ) -> tuple[list[str], list[tuple[str, str, str]]]:
        """The event files and subfolders of one folder, applying the symlink rule (module docstring)."""
        cached = self._listings.get(dirpath)
        try:
            mtime = self._ctimes.get(dirpath, -1)
            if mtime < 0:
                mtime = os.stat(dirpath).st_ctime_ns  # moves with the mtime, and on chmod too
            if cached is not None and cached[:3] == (real, base, mtime):
                return cached[3], cached[4]
            listed_at = time.time_ns()
            with os.scandir(dirpath) as it:
                entries = sorted(it, key=lambda e: e.name)
        except FileNotFoundError:
            return [], []  # removed while we walked: it simply has no runs any more
        except OSError as exc:
            self._unlistable(exc)
            return [], []
        files: list[str] = []
        subdirs: list[tuple[str, str, str]] = []
        reusable = listed_at - mtime >= RACY_NS
        for entry in entries:
            try:
                if not entry.is_symlink():
                    if entry.is_dir(follow_symlinks=False):
                        subdirs.append((entry.path, os.path.join(real, entry.name), base))
                    elif _is_event_file(entry.name) and entry.is_file(follow_symlinks=False):
                        files.append(entry.path)
                        # Found inside the roots: the identity `open` accepts without resolving.
                        self._known[entry.path] = (self._root_dev, entry.inode())
                    continue
                reusable = False  # a link's target can change without its folder changing
                target = os.path.realpath(entry.path)
                is_dir = os.path.isdir(target)
                if not is_dir and not (_is_event_file(entry.name) and os.path.isfile(target)):
                    continue  # a link to a file that is not an event file, or a dangling link
            except OSError:
                continue  # vanished or unreadable while listed
            if _within(target, real_root) or _within(target, base):
                if is_dir:
                    subdirs.append((entry.path, target, base))
                else:
                    files.append(entry.path)
            elif is_dir and base == real_root and not _within(real_root, target):
                roots.append(target)  # a linked run or experiment folder: its own root from here on
                subdirs.append((entry.path, target, target))
            else:
                why = (
                    "it leads to a folder that holds the logdir itself"
                    if is_dir and _within(real_root, target)
                    else "it leads outside the logdir"
                )
                self._warn_once(
                    entry.path,
                    f"not following symlink {entry.path}: {why}; to show it, pass its target as a "
                    f"logdir of its own (--logdir name:path,...)",
                )
        if reusable:
            self._listings[dirpath] = (real, base, mtime, files, subdirs)
        else:
            self._listings.pop(dirpath, None)
        return files, subdirs

    def _warn_once(self, key: str, message: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            log.warning("%s", message)

    def _unlistable(self, exc: OSError) -> None:
        # A run folder we may not read should not hide the others; say so once per folder.
        if isinstance(exc, FileNotFoundError):
            return  # removed while we walked: it simply has no runs any more
        if exc.filename not in self._unlistable_dirs:
            self._unlistable_dirs.add(exc.filename)
            log.warning("skipping %s: %s", exc.filename, exc.strerror)

    def _walk_fs(self, runs: dict[str, list[str]]) -> None:
        assert self._listing is not None
        root = self._root.rstrip("/")
        for folder, files in sorted(self._listing.refresh().items()):
            if files:
                runs[_run_name(self.source, folder[len(root) :].strip("/"))] = sorted(files)

    @contextmanager
    def prefetched(self, ranges: list[tuple[str, int, int]]) -> Iterator[None]:
        """Fetch the (path, start, end) ranges of an fsspec logdir at once; `open` then reads them.

        Local logdirs read their files directly: this does nothing for them.
        """
        if self._fs is None or not ranges:
            yield
            return
        try:
            paths, starts, ends = (list(column) for column in zip(*ranges, strict=True))
            datas = self._fs.cat_ranges(paths, starts, ends, on_error="return", batch_size=PREFETCH_FILES)
        except OSError as exc:
            raise LogdirError(f"cannot read the event files of {self.source.path}: {exc}") from exc
        for path, start, data in zip(paths, starts, datas, strict=True):
            if isinstance(data, bytes):
                self._windows[path] = Window(data, start)
            # A failed range is read again by `open`, which reports the error for its file.
        try:
            yield
        finally:
            for path in paths:
                self._windows.pop(path, None)

    def open(self, path: str) -> IO[bytes]:
        """Open a file `discover` listed; a local path must still lead to a file inside the roots."""
        try:
            if self._fs is None:
                return os.fdopen(self._open_local(path), "rb")
            window = self._windows.get(path)
            if window is not None:
                return window  # type: ignore[return-value]
            return self._fs.open(path, "rb")
        except LogdirError:
            raise
        except OSError as exc:
            raise LogdirError(f"cannot read event file {path}: {exc}") from exc

    def read_range(self, path: str, start: int, length: int) -> bytes:
        """Up to `length` bytes of a file `discover` listed (or one beside it) from `start`.

        From an object store this is one ranged GET: opening the object first would cost a HEAD.
        """
        if self._fs is None or path in self._windows:
            with self.open(path) as f:
                f.seek(start)
                return f.read(length)  # type: ignore[no-any-return]
        try:
            return bytes(self._fs.cat_file(path, start=start, end=start + length))
        except OSError as exc:
            raise LogdirError(f"cannot read {path}: {exc}") from exc

    def _open_local(self, path: str) -> int:
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        known = self._known.get(path)
        if known is not None:
            # The file found inside the roots, if it is still the same one: no path to resolve.
            try:
                fd = os.open(path, flags)
            except OSError:
                pass  # e.g. a link now (O_NOFOLLOW): resolve it below
            else:
                st = os.fstat(fd)
                if (st.st_dev, st.st_ino) == known:
                    return fd
                os.close(fd)
        real = os.path.realpath(path)
        if not any(_within(real, r) for r in self._roots):
            raise LogdirError(f"refusing to read {path}: it now leads outside the logdir")
        # O_NOFOLLOW: the real path must not have become a link since it was resolved.
        fd = os.open(real, flags)
        st = os.fstat(fd)
        self._known[path] = (st.st_dev, st.st_ino)
        return fd

    def stat(self, path: str) -> tuple[int, int, int, int, int]:
        """(size, mtime_ns, allocated bytes, st_dev, st_ino) of a listed file; remote files give
        (size, 0, size, -1, -1)."""
        try:
            if self._fs is None:
                st = os.stat(path)
                allocated = getattr(st, "st_blocks", 0) * 512 or st.st_size
                return st.st_size, st.st_mtime_ns, allocated, st.st_dev, st.st_ino
            size = self.size(path)  # from the listing: no request of its own
            return size, 0, size, -1, -1
        except OSError as exc:
            raise LogdirError(f"cannot read event file {path}: {exc}") from exc

    def size(self, path: str) -> int:
        try:
            if self._fs is None:
                return os.stat(path).st_size
            assert self._listing is not None
            # The listing holds every size, so no object needs a request of its own.
            listed = self._listing.size(path)
            if listed == -1:
                raise FileNotFoundError(path)
            return listed if listed is not None else int(self._fs.size(path))
        except OSError as exc:
            raise LogdirError(f"cannot read event file {path}: {exc}") from exc
