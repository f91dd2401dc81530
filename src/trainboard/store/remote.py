"""Listing and reading fsspec logdirs (s3://, gs://, ...) at a cost that does not grow with their history.

A writer to an object store leaves one new object per few seconds of training (`SegmentSink`), so a
week-long sweep holds hundreds of thousands of objects. Two costs are kept bounded per reload:

- **Listing.** A full walk (one list request per folder and per 1,000 objects, sizes included, so no
  object needs a HEAD) runs on the first reload and then at most every `FULL_WALK_SECS`. In between,
  on S3, each known folder is listed only past its last event file (`StartAfter`, one request per
  folder however many objects it holds; the folders in parallel): new segments, the last file again
  (a file that an S3 writer rewrites grows in place), and new subfolders that sort after it. A new
  subfolder is walked at once; one that sorts before its parent's last event file (and a removed
  run) shows at the next full walk. Other stores walk fully on every reload.
- **Fetching.** The new bytes of a run's files are fetched together (`prefetch`), up to
  `PREFETCH_FILES` ranges at once and `PREFETCH_BYTES` per batch, one ranged GET each, instead of one
  file after the other.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

__all__ = ["FULL_WALK_SECS", "PREFETCH_BYTES", "PREFETCH_FILES", "RemoteListing", "Window", "batches"]

# New runs in folders that sort before an existing event file, and removed runs, show within this.
FULL_WALK_SECS = 60.0
# Ranges fetched at once, and bytes held per batch, while a run's new data is read.
PREFETCH_FILES = 16
PREFETCH_BYTES = 64 << 20
# Folders listed at once in an incremental listing.
LIST_THREADS = 8


class RemoteListing:
    """{folder: {event file path: size}} of an fsspec logdir, kept current cheaply (module docstring)."""

    def __init__(self, fs: Any, root: str, is_event_file: Callable[[str], bool]) -> None:
        self._fs = fs
        self._root = root.rstrip("/")
        self._is_event_file = is_event_file
        self.folders: dict[str, dict[str, int | None]] = {}
        # The other files of each folder (hparams.yaml beside the event files), so that reading them
        # needs no HEAD request, and a file that is not there needs no request at all.
        self.others: dict[str, dict[str, int | None]] = {}
        self._walked_at: float | None = None
        # StartAfter listings need S3's own call; other stores walk.
        self._s3 = callable(getattr(fs, "call_s3", None)) and callable(getattr(fs, "split_path", None))

    def refresh(self) -> dict[str, dict[str, int | None]]:
        now = time.monotonic()
        if not self._s3 or self._walked_at is None or now - self._walked_at >= FULL_WALK_SECS:
            # Replaced whole, so that a reader (`size`, from a request thread) sees one listing or the other.
            self.folders, self.others = self._walk(self._root)
            self._walked_at = now
        else:
            self._update()
        return self.folders

    def size(self, path: str) -> int | None:
        """The listed size of `path`; -1 when its folder was listed without it; None when its folder
        is not one the listing knows or the listing gave no size."""
        folder = path.rsplit("/", 1)[0]
        if folder not in self.folders:
            return None
        for kind in (self.folders[folder], self.others.get(folder, {})):
            if path in kind:
                return kind[path]  # None: listed, but the store gave no size (http://)
        return -1

    def _walk(self, root: str) -> tuple[dict[str, dict[str, int | None]], dict[str, dict[str, int | None]]]:
        """({folder: {event file: size}}, {folder: {other file: size}}) of everything under `root`."""
        fs = self._fs
        # fsspec keeps listings (s3fs, gcsfs): without this a reload never sees a new object.
        fs.invalidate_cache()
        folders: dict[str, dict[str, int | None]] = {}
        others: dict[str, dict[str, int | None]] = {}
        if not fs.exists(root):
            return folders, others
        for dirpath, _dirs, files in fs.walk(root, detail=True):
            folder = dirpath.rstrip("/")
            folders[folder], others[folder] = {}, {}
            for name, info in sorted(files.items()):
                kind = folders if self._is_event_file(name) else others
                size = info.get("size")
                kind[folder][f"{folder}/{name}"] = None if size is None else int(size)
        return folders, others

    def _update(self) -> None:
        folders = list(self.folders)
        with ThreadPoolExecutor(min(LIST_THREADS, max(1, len(folders)))) as pool:
            found = list(pool.map(self._list_after, folders))
        for folder, (files, others, subfolders) in zip(folders, found, strict=True):
            self.folders[folder].update(files)
            self.others.setdefault(folder, {}).update(others)
            for sub in subfolders:
                if sub not in self.folders:
                    new_folders, new_others = self._walk(sub)
                    for path, listed in new_others.items():
                        self.others.setdefault(path, {}).update(listed)
                    for path, listed in new_folders.items():
                        self.folders.setdefault(path, {}).update(listed)

    def _list_after(self, folder: str) -> tuple[dict[str, int | None], dict[str, int | None], list[str]]:
        """Event files of `folder` from its last known one on, the other files and the subfolders
        listed past it."""
        bucket, key, _version = self._fs.split_path(folder)
        prefix = f"{key}/" if key else ""
        known = self.folders.get(folder, {})
        args: dict[str, Any] = {"Bucket": bucket, "Prefix": prefix, "Delimiter": "/"}
        if known:
            args["StartAfter"] = prefix + _just_before(max(known)[len(folder) + 1 :])
        files: dict[str, int | None] = {}
        others: dict[str, int | None] = {}
        subfolders: list[str] = []
        while True:
            page = self._fs.call_s3("list_objects_v2", **args)
            for item in page.get("Contents", []):
                name = item["Key"][len(prefix) :]
                if name:
                    kind = files if self._is_event_file(name) else others
                    kind[f"{folder}/{name}"] = int(item.get("Size", 0))
            subfolders += [f"{bucket}/{p['Prefix'].rstrip('/')}" for p in page.get("CommonPrefixes", [])]
            if not page.get("IsTruncated"):
                return files, others, subfolders
            args["ContinuationToken"] = page["NextContinuationToken"]


def _just_before(name: str) -> str:
    """A key that sorts after every name before `name` and before `name` itself.

    StartAfter is exclusive, and the last file must be listed again (it may have grown): its last
    character lowered by one, then the highest code point, sorts just before it in S3's UTF-8 order.
    """
    if not name or name[-1] == "\0":
        return name[:-1]
    return name[:-1] + chr(ord(name[-1]) - 1) + "\U0010ffff"


class Window(io.RawIOBase):
    """A read-only file over bytes [start, start + len(data)) of an object, fetched beforehand."""

    def __init__(self, data: bytes, start: int) -> None:
        self._data = memoryview(data)
        self._start = start
        self._pos = start

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            self._pos = offset
        elif whence == io.SEEK_CUR:
            self._pos += offset
        else:
            self._pos = self._start + len(self._data) + offset
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer: Any) -> int:
        begin = self._pos - self._start
        if begin < 0:
            raise OSError(f"offset {self._pos} lies before the fetched range, which starts at {self._start}")
        out = memoryview(buffer).cast("B")
        n = max(0, min(len(out), len(self._data) - begin))
        out[:n] = self._data[begin : begin + n]
        self._pos += n
        return n


def batches(ranges: Iterable[tuple[str, int, int]]) -> Iterator[list[tuple[str, int, int]]]:
    """(path, start, end) ranges in batches of at most PREFETCH_FILES and about PREFETCH_BYTES."""
    batch: list[tuple[str, int, int]] = []
    held = 0
    for item in ranges:
        if batch and (len(batch) >= PREFETCH_FILES or held + item[2] - item[1] > PREFETCH_BYTES):
            yield batch
            batch, held = [], 0
        batch.append(item)
        held += item[2] - item[1]
    if batch:
        yield batch
