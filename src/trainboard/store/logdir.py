"""Find runs under logdirs (local paths or fsspec URLs) and open their event files.

A run is a directory that directly holds event files (a basename containing `tfevents`), at any
depth; the logdir itself is run ".". Under a named logdir (`name:path`) runs are `name` and
`name/sub`. OS and fsspec errors become `trainboard.errors.LogdirError` here and nowhere else.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import IO, Any

from trainboard.errors import InvalidArgumentError, LogdirError

log = logging.getLogger("trainboard.store")

# TensorBoard's rule: a file is an event file when its basename contains this.
EVENT_FILE_MARKER = "tfevents"
# Profiler placeholders hold no summaries (TensorBoard skips them too).
_SKIPPED_SUFFIXES = (".profile-empty",)


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


def _is_event_file(name: str) -> bool:
    return EVENT_FILE_MARKER in name and not name.endswith(_SKIPPED_SUFFIXES)


class Logdir:
    """One source: lists runs and their event files, and opens files for reading."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self._fs, self._root = _filesystem(source)
        self._unlistable_dirs: set[str] = set()

    def discover(self) -> dict[str, list[str]]:
        """{run name: event file paths in name order}; a missing local logdir has no runs yet."""
        runs: dict[str, list[str]] = {}
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
            runs[_run_name(self.source, "")] = [root]  # one event file, as EventAccumulator accepts
            return
        if not os.path.isdir(root):
            return
        # os.walk skips directories it cannot list; without this an unreadable logdir looks empty.
        try:
            os.scandir(root).close()
        except FileNotFoundError:
            return  # removed since the check above: no runs, as if it never existed
        seen: set[str] = set()
        # Symlinked runs are followed (people link runs into a logdir); a link cycle is cut here.
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=self._unlistable):
            real = os.path.realpath(dirpath)
            if real in seen:
                dirnames.clear()
                continue
            seen.add(real)
            dirnames.sort()
            files = sorted(f for f in filenames if _is_event_file(f))
            if files:
                rel = os.path.relpath(dirpath, root)
                runs[_run_name(self.source, "" if rel == "." else rel)] = [
                    os.path.join(dirpath, f) for f in files
                ]

    def _unlistable(self, exc: OSError) -> None:
        # A run folder we may not read should not hide the others; say so once per folder.
        if isinstance(exc, FileNotFoundError):
            return  # removed while we walked: it simply has no runs any more
        if exc.filename not in self._unlistable_dirs:
            self._unlistable_dirs.add(exc.filename)
            log.warning("skipping %s: %s", exc.filename, exc.strerror)

    def _walk_fs(self, runs: dict[str, list[str]]) -> None:
        fs, root = self._fs, self._root.rstrip("/")
        # fsspec keeps listings (s3fs, gcsfs): without this a reload never sees a new object.
        fs.invalidate_cache()
        if not fs.exists(root):
            return
        for dirpath, _dirs, filenames in fs.walk(root):
            files = sorted(f for f in filenames if _is_event_file(f))
            if files:
                rel = dirpath.rstrip("/")[len(root) :].strip("/")
                runs[_run_name(self.source, rel)] = [f"{dirpath.rstrip('/')}/{f}" for f in files]

    def open(self, path: str) -> IO[bytes]:
        try:
            if self._fs is None:
                return open(path, "rb")
            return self._fs.open(path, "rb")
        except OSError as exc:
            raise LogdirError(f"cannot read event file {path}: {exc}") from exc

    def size(self, path: str) -> int:
        try:
            if self._fs is None:
                return os.stat(path).st_size
            return int(self._fs.size(path))
        except OSError as exc:
            raise LogdirError(f"cannot read event file {path}: {exc}") from exc
