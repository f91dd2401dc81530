"""`Experiment`: the read API over a logdir, for the dashboard and for users' own analysis.

What a logdir holds, as the store sees it:

- **runs**: directories that directly hold event files ("." is the logdir itself).
- **tags**: per run, named series, each belonging to one plugin (`scalars`, `histograms`, `images`,
  ...) and one of three data classes, fixed by the first metadata logged for it:
  - *scalars*: every point kept, as numpy columns `step:int64`, `wall_time:float64`,
    `value:float64` (`scalar_arrays`). Scalars stand apart because they are most of the data and
    are what charts downsample per request.
  - *tensors*: per step one ndarray: histograms as [k, 3] (left, right, count), PR curves as
    [6, n], text as arrays of bytes (`tensor_series`).
  - *blob sequences*: per step a tuple of `BlobRef`s (images: [width, height, png...]); the bytes
    stay in the event file until `read_blob` asks for them (`blob_series`).

Everything handed out is a snapshot: frozen dataclasses and read-only numpy views that a later
`reload()` (possibly running in another thread) does not change.

    exp = trainboard.read("logs")
    exp.runs                                # ['ppo/seed0', 'ppo/seed1']
    arrays = exp.scalar_arrays("ppo/seed0", "reward")
    arrays.value.max()
    exp.reload()                            # reads only bytes written since
"""

from __future__ import annotations

import ctypes
import gc
import json
import logging
import os
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import numpy as np

from trainboard.errors import (
    BlobNotFoundError,
    InvalidArgumentError,
    LogdirError,
    RunNotFoundError,
    TagNotFoundError,
)
from trainboard.events import messages as m
from trainboard.events.wire import DecodeError
from trainboard.store.blobs import decode_blob_id
from trainboard.store.cache import ColumnCache
from trainboard.store.info import LoadProgress, ReloadResult, TagInfo, TagMeta, tag_info
from trainboard.store.loader import RunLoader
from trainboard.store.logdir import Logdir, parse_sources
from trainboard.store.scanner import path_batch
from trainboard.store.series import (
    BlobSequenceDatum,
    BlobSeries,
    ScalarArrays,
    ScalarSeries,
    Series,
    TensorDatum,
    TensorSeries,
)

log = logging.getLogger("trainboard.store")

# Runs load in parallel: the scanner releases the GIL while it turns bytes into columns.
LOAD_THREADS = min(4, os.cpu_count() or 1)
# A run with at least this many new bytes is read in a pool task of its own (see `_batches`).
BIG_RUN_BYTES = 2 << 20
# After reading this much, hand freed read buffers back to the operating system (see below).
_TRIM_AFTER_BYTES = 64 << 20
# A reload of more runs than this pauses the cyclic garbage collector while it reads (see `reload`).
_GC_OFF_RUNS = 100


_Job = tuple[RunLoader, list[str]]  # a run and its event files in name order


class Experiment:
    """The runs of one or more logdirs, loaded incrementally. Safe to read while another thread reloads."""

    def __init__(self, logdir: Any, *, use_scanner: bool = True, cache_dir: str | None = None) -> None:
        self._sources = [Logdir(s) for s in parse_sources(logdir)]
        self._use_scanner = use_scanner
        # The column cache (store/cache.py): local logdirs only (it checks files by inode).
        self._cache: ColumnCache | None = None
        if cache_dir and use_scanner and not any(src.source.is_url for src in self._sources):
            key = json.dumps([[src.source.name, os.path.realpath(src.source.path)] for src in self._sources])
            self._cache = ColumnCache(cache_dir, key)
        self._lock = threading.RLock()  # guards every series and the run table
        self._reload_lock = threading.Lock()  # one reload at a time
        self._loaders: dict[str, RunLoader] = {}
        self._files: list[tuple[Logdir, str]] = []
        self._generation = 0
        self._progress = LoadProgress()
        # While a load runs: (its counters, files in all, bytes to read); see `progress`.
        self._counting: tuple[dict[str, int], int, int] | None = None
        # The last full listing {run: (source, files)}, and {absolute file path: run} built from it.
        self._found: dict[str, tuple[Logdir, list[str]]] = {}
        self._owners: dict[str, str] | None = None
        # When the last full reload found nothing to read: (every file path, the same paths batched
        # for `stat`, each one's size then); see `_skip_quiet` and the quick check in `reload`.
        self._quiet: tuple[list[str], Any, np.ndarray] | None = None
        # While a load runs: ([its progress callback], {run never read: its files}); see `_read_early`.
        self._early: tuple[list[Any], dict[str, list[str]]] | None = None

    # -- loading -------------------------------------------------------------------------
    @property
    def logdirs(self) -> list[str]:
        return [src.source.path for src in self._sources]

    @property
    def cache_filled(self) -> bool:
        """Whether a column cache is in use and already holds columns (`ColumnCache.filled`)."""
        return self._cache is not None and self._cache.filled()

    def check_logdirs(self) -> None:
        """Raise `LogdirError` for a logdir that can never hold runs (a plain file), before loading."""
        for src in self._sources:
            src.check()

    @property
    def generation(self) -> int:
        """Increments whenever any data changed; a cheap way to know whether to re-query."""
        return self._generation

    @property
    def progress(self) -> LoadProgress:
        counting = self._counting
        if counting is not None:  # a load in progress: its counters, read now
            done, files, pending = counting
            return LoadProgress(done["files"], files, done["bytes"], pending, True)
        return self._progress

    def reload(self, changed_files: Iterable[str] | None = None) -> ReloadResult:
        """Read what was written since the last reload; only new bytes are read.

        `changed_files` (what a file watcher reported) narrows the reload to those event files
        when all of them are known ones that grew: nothing else is listed or looked at. Any other
        path (a new file or folder, a removal) makes it a full reload."""
        with self._reload_lock:
            if changed_files is not None:
                jobs = self._jobs_for(changed_files)
                if jobs is not None:
                    changed = self._load(jobs, full=False)
                    if changed:
                        with self._lock:
                            self._generation += 1
                    return ReloadResult(changed_runs=changed)
            listed = [src.discover() for src in self._sources]
            # The same folders as the last reload, which found nothing to read: if every file is
            # still the size read up to, there is nothing new (two batched stats in all, and no
            # objects made that the cyclic collector would then walk).
            quiet = self._quiet
            if (
                quiet is not None
                and all(src.unchanged for src in self._sources)
                and np.array_equal(quiet[1].stat(), quiet[2])
            ):
                return ReloadResult()
            found: dict[str, tuple[Logdir, list[str]]] = {}
            for src, runs in zip(self._sources, listed, strict=True):
                for run, paths in runs.items():
                    found[run] = (src, paths)
            self._found, self._owners = found, None
            with self._lock:
                removed = set(self._loaders) - set(found)
                for run in removed:
                    del self._loaders[run]
                new = {run for run in found if run not in self._loaders}
                for run in new:
                    src = found[run][0]
                    self._loaders[run] = RunLoader(run, src, self._lock, use_scanner=self._use_scanner)
            jobs = [(self._loaders[run], paths) for run, (_src, paths) in sorted(found.items())]
            # A load of many runs makes a few objects per series and frees almost none: the cyclic
            # collector would walk all of them again and again (a quarter of a 10,000-run load).
            # Reference counting still frees everything; the collector runs again afterwards.
            collecting = gc.isenabled() and len(jobs) > _GC_OFF_RUNS
            if collecting:
                gc.disable()
            try:
                changed = self._load(jobs, full=True)
            finally:
                if collecting:
                    gc.enable()
            if self.progress.bytes_done > _TRIM_AFTER_BYTES:
                _release_freed_memory()
            if changed or removed or new:
                with self._lock:
                    self._generation += 1
            return ReloadResult(changed_runs=changed, new_runs=new, removed_runs=removed)

    def _jobs_for(self, changed_files: Iterable[str]) -> list[tuple[RunLoader, list[str]]] | None:
        """The runs and files to look at for these changed paths, or None when a full reload is due."""
        if self._owners is None:
            self._owners = {
                os.path.abspath(path): run for run, (_src, paths) in self._found.items() for path in paths
            }
        by_run: dict[str, list[str]] = {}
        for path in changed_files:
            run = self._owners.get(os.path.abspath(path))
            if run is None or run not in self._loaders:
                return None
            by_run.setdefault(run, [])
        # A run's files are read in name order, all of them (only the grown ones are read).
        return [(self._loaders[run], self._found[run][1]) for run in sorted(by_run)]

    def _skip_quiet(self, jobs: list[_Job], full: bool) -> tuple[list[_Job], int]:
        """The jobs with something to look at, and how many files the others hold: a loaded local
        run whose every file is still the size read up to has nothing new (one batched stat).
        `full`: the jobs are every run, so a quiet answer may be kept for the next full reload."""
        flat = [path for _loader, paths in jobs for path in paths]
        last = self._quiet
        if last is not None and last[0] == flat and np.array_equal(last[1].stat(), last[2]):
            return [], len(flat)  # the same files as the last quiet reload, at the same sizes
        batched = [(loader, paths) for loader, paths in jobs if loader.files and not loader.logdir.is_remote]
        batch = path_batch([path for _loader, paths in batched for path in paths])
        stat = batch.stat()
        sizes = stat.tolist()
        quiet: set[int] = set()
        files = at = 0
        for loader, paths in batched:
            states = loader.files
            for path, size in zip(paths, sizes[at : at + len(paths)], strict=True):
                state = states.get(path)
                if state is None or state.offset != size:
                    break
            else:
                quiet.add(id(loader))
                files += len(paths)
            at += len(paths)
        busy = [job for job in jobs if id(job[0]) not in quiet]
        if busy:
            self._quiet = None
        elif full:
            # Nothing to read anywhere: these sizes are the marks read up to (until a load moves one).
            # Every job was quiet, so every job was in the batch: it holds `flat`, in order.
            self._quiet = (flat, batch, stat)
        return busy, files

    def _load(self, jobs: list[tuple[RunLoader, list[str]]], *, full: bool) -> set[str]:
        # Runs never read are listed already: from here a request may read one early (`_read_early`).
        counter: list[Any] = [_no_progress]
        self._early = (counter, {loader.name: paths for loader, paths in jobs if loader.fresh})
        try:
            return self._load_jobs(jobs, counter, full)
        finally:
            self._early = None
            for loader, _paths in jobs:
                loader.fresh = loader.early = False

    def _load_jobs(self, jobs: list[_Job], counter: list[Any], full: bool) -> set[str]:
        jobs, quiet = self._skip_quiet(jobs, full)
        stats: dict[str, tuple[int, ...]] = {}
        pending = 0
        work: list[tuple[RunLoader, list[str], int]] = []
        restored: set[str] = set()
        cache = self._cache

        def prepare(chunk: list[_Job]) -> list[tuple[RunLoader, list[str], int, bool]]:
            """Stat each run's files and restore the new ones the column cache holds."""
            out = []
            for loader, paths in chunk:
                listed = []
                for path in paths:
                    try:
                        stats[path] = loader.logdir.stat(path)
                    except LogdirError:
                        continue  # deleted since the directory was listed: gone from the next listing
                    listed.append(path)
                was_restored = False
                if cache is not None and not loader.files and listed:
                    with loader.load_lock:  # a request may be reading it early
                        was_restored = self._restore(loader, listed, stats)
                todo = 0
                for path in listed:
                    stat = stats[path]
                    state = loader.files.get(path)
                    if state is None or state.offset != stat[0]:
                        # Only a file whose size moved has anything to read: a quiet reload stays cheap.
                        todo += max(1, stat[0] - (state.offset if state else 0))
                out.append((loader, listed, todo, was_restored))
            return out

        # Restoring is reading the cache files and checking their CRCs, both without the GIL: a
        # filled cache restores on every core, in one contiguous share of the runs each.
        fresh = sum(1 for loader, _paths in jobs if not loader.files)
        if cache is not None and fresh > 1 and LOAD_THREADS > 1 and cache.filled():
            share = -(-len(jobs) // LOAD_THREADS)
            chunks = [jobs[i : i + share] for i in range(0, len(jobs), share)]
            with ThreadPoolExecutor(len(chunks), thread_name_prefix="trainboard-restore") as pool:
                prepared = [item for part in pool.map(prepare, chunks) for item in part]
        else:
            prepared = prepare(jobs)
        for loader, listed, todo, was_restored in prepared:
            if was_restored:
                restored.add(loader.name)
            if todo:
                work.append((loader, listed, todo))
                pending += todo
        if work or restored:
            self._quiet = None  # read marks are about to move
        # Files of the runs skipped above are already done.
        total = quiet + len(stats)
        done = {"files": total - sum(len(paths) for _loader, paths, _todo in work), "bytes": 0}
        self._counting = (done, total, pending)
        progress_lock = threading.Lock()

        def progress(files: int, nbytes: int) -> None:
            # Called per file and chunk: only counts (the `progress` property builds the record).
            with progress_lock:
                done["files"] += files
                done["bytes"] += nbytes

        def load_batch(batch: list[tuple[RunLoader, list[str], int]]) -> list[str]:
            names = []
            for loader, paths, _todo in batch:
                with loader.load_lock:
                    if loader.early:  # a request read it already, during this load
                        loader.early = False
                        names.append(loader.name)
                        continue
                    did_change = self._read_run(loader, paths, stats, progress)
                if did_change:
                    names.append(loader.name)
            return names

        counter[0] = progress
        batches = _batches(work, LOAD_THREADS)
        try:
            if len(batches) > 1:
                threads = min(LOAD_THREADS, len(batches))
                with ThreadPoolExecutor(threads, thread_name_prefix="trainboard-load") as pool:
                    names = [n for batch in pool.map(load_batch, batches) for n in batch]
            else:
                names = [n for batch in batches for n in load_batch(batch)]
        finally:
            self._progress = LoadProgress(done["files"], total, done["bytes"], pending, False)
            self._counting = None
        if self._cache is not None:
            for loader, _paths, _todo in work:
                self._cache.save(loader, self._lock)
        return set(names) | restored

    def _read_run(
        self, loader: RunLoader, paths: list[str], stats: dict[str, tuple[int, ...]], progress: Any
    ) -> bool:
        """Read what is new in one run's files (hold its `load_lock`); whether anything changed."""
        try:
            changed = loader.load(paths, stats, self._register_file(loader.logdir), progress)
        except LogdirError as exc:
            # One unreadable run (removed mid-reload, permissions) must not stop the others.
            with self._lock:
                loader.warn(str(exc))
            changed = True
        loader.fresh = False
        return changed

    def _read_early(self, runs: Iterable[str]) -> None:
        """During a load, read these runs now if the load has not read them yet, so that a request
        for a run is answered with all its data at once instead of after the whole load (10,000
        runs: seconds). Call without holding `_lock` (the load holds a run's `load_lock` while it
        takes `_lock`). Outside a load, or for runs already read, it does nothing."""
        early = self._early
        if early is None:
            return
        counter, todo = early
        for run in runs:
            paths = todo.get(run)
            loader = self._loaders.get(run)
            if paths is None or loader is None or not loader.fresh:
                continue
            with loader.load_lock:
                if not loader.fresh:
                    continue  # the load read it meanwhile
                stats: dict[str, tuple[int, ...]] = {}
                for path in paths:
                    try:
                        stats[path] = loader.logdir.stat(path)
                    except LogdirError:
                        continue
                # From the column cache if it holds the run (a restart): then only the rest is read.
                self._restore(loader, list(stats), stats)
                self._read_run(loader, list(stats), stats, counter[0])
                loader.early = True
            with self._lock:
                self._generation += 1

    def _restore(self, loader: RunLoader, paths: list[str], stats: dict[str, tuple[int, ...]]) -> bool:
        """Restore a run never read from the column cache, if it holds the run; call holding the
        run's `load_lock`. Whether it did."""
        cache = self._cache
        if cache is None or loader.files or not paths:
            return False
        return cache.restore(loader, paths, stats, self._register_file(loader.logdir))

    def is_read(self, run: str) -> bool:
        """Whether `run` is known and its files were read (by a finished load, or early by a request
        during the load: `_read_early`). With the server's first load over, what the
        `X-Trainboard-Complete` header of an export says for a run."""
        loader = self._loaders.get(run)
        return loader is not None and not loader.fresh  # an unknown run may be found yet

    def _register_file(self, logdir: Logdir) -> Any:
        def register(path: str) -> int:
            with self._lock:
                self._files.append((logdir, path))
                return len(self._files) - 1

        return register

    # -- what is there ---------------------------------------------------------------------
    @property
    def runs(self) -> list[str]:
        """Run names, sorted."""
        with self._lock:
            return sorted(self._loaders)

    def run_list(self) -> list[tuple[str, float | None, bool]]:
        """(run, start time, whether it has any tag) for every run, sorted: one cheap pass for
        listings (`tags()` sorts every tag of every run)."""
        with self._lock:
            return [
                (run, loader.data.start_time, bool(loader.data.meta))
                for run, loader in sorted(self._loaders.items())
            ]

    def tags(self) -> dict[str, dict[str, list[str]]]:
        """{run: {plugin_name: [tags, sorted]}} for every run."""
        out: dict[str, dict[str, list[str]]] = {}
        with self._lock:
            for run, loader in sorted(self._loaders.items()):
                by_plugin: dict[str, list[str]] = {}
                for tag, meta in loader.data.meta.items():
                    by_plugin.setdefault(meta.plugin_name, []).append(tag)
                out[run] = {p: sorted(t) for p, t in sorted(by_plugin.items())}
        return out

    def tag_infos(self, plugin: str, runs: Iterable[str] | None = None) -> dict[str, dict[str, TagInfo]]:
        """{run: {tag: TagInfo}} for the tags of one plugin; runs without such tags are left out.
        `runs` narrows it to those runs (read at once if a load has not read them yet)."""
        out: dict[str, dict[str, TagInfo]] = {}
        wanted = None if runs is None else set(runs)
        if wanted is not None:
            self._read_early(sorted(wanted))
        with self._lock:
            for run, loader in sorted(self._loaders.items()):
                if wanted is not None and run not in wanted:
                    continue
                infos = {
                    tag: tag_info(meta, loader.data.series[tag])
                    for tag, meta in sorted(loader.data.meta.items())
                    if meta.plugin_name == plugin
                }
                if infos:
                    out[run] = infos
        return out

    @property
    def warnings(self) -> list[str]:
        """What was skipped (bad checksum, unparsable) or purged (restarts), with file and offset."""
        out = []
        with self._lock:
            for run, loader in sorted(self._loaders.items()):
                out.extend(loader.data.warnings)
                unlisted = loader.data.skipped - len(loader.data.warnings)
                if unlisted > 0:
                    out.append(f"run {run!r}: {unlisted} more warnings not listed")
        return out

    @property
    def skipped(self) -> int:
        """How many records or files reading skipped or purged: every one, listed in `warnings` or not."""
        with self._lock:
            return sum(loader.data.skipped for loader in self._loaders.values())

    def read_beside(self, run: str, name: str, *, max_bytes: int = 1 << 20) -> bytes | None:
        """The file `name` in the folder of `run`'s first event file (e.g. Lightning's hparams.yaml),
        or None when there is none, it cannot be read, or it is larger than `max_bytes`."""
        with self._lock:
            loader = self._loaders.get(run)
            paths = sorted(loader.files) if loader else []
        if not paths or "/" in name or "\\" in name or name in ("", ".", ".."):
            return None
        path = paths[0].replace("\\", "/").rsplit("/", 1)[0] + "/" + name
        try:
            if loader is None or loader.logdir.size(path) > max_bytes:
                return None
            return loader.logdir.read_range(path, 0, max_bytes + 1)[:max_bytes]
        except (OSError, ValueError):
            return None

    def run_start_time(self, run: str) -> float | None:
        with self._lock:
            return self._loader(run).data.start_time

    # -- reading series --------------------------------------------------------------------
    def scalar_arrays(self, run: str, tag: str) -> ScalarArrays:
        """Every point of a scalar series as read-only numpy columns `.step`, `.wall_time`, `.value`."""
        self._read_early((run,))
        with self._lock:
            series = self._series(run, tag, ScalarSeries, "scalar")
            return series.arrays()

    def scalar_versions(self, pairs: Iterable[tuple[str, str]]) -> list[int | None]:
        """Per (run, tag), a number that changes whenever that scalar series does, or None where the
        run has no such scalar series: what the chart caches key on (`ScalarSeries.version`)."""
        pairs = list(pairs)
        self._read_early(dict.fromkeys(run for run, _tag in pairs))
        out: list[int | None] = []
        with self._lock:
            for run, tag in pairs:
                loader = self._loaders.get(run)
                series = loader.data.series.get(tag) if loader is not None else None
                out.append(series.version if isinstance(series, ScalarSeries) else None)
        return out

    def tensor_series(self, run: str, tag: str) -> list[TensorDatum]:
        self._read_early((run,))
        with self._lock:
            return self._series(run, tag, TensorSeries, "tensor").data()

    def blob_series(self, run: str, tag: str) -> list[BlobSequenceDatum]:
        self._read_early((run,))
        with self._lock:
            return self._series(run, tag, BlobSeries, "blob sequence").data()

    def read_blob(self, blob_id: str) -> bytes:
        """The bytes behind a `BlobRef.blob_id`, read from the event file now."""
        try:
            inline, file_no, offset, length = decode_blob_id(blob_id)
        except ValueError as exc:
            raise BlobNotFoundError(f"No blob with id {blob_id!r}; take ids from blob_series()") from exc
        if inline is not None:
            return inline
        with self._lock:
            if not 0 <= file_no < len(self._files):
                raise BlobNotFoundError(f"No blob with id {blob_id!r}; take ids from blob_series()")
            logdir, path = self._files[file_no]
        try:
            data = logdir.read_range(path, offset, length)
        except OSError as exc:
            raise BlobNotFoundError(f"Blob {blob_id!r} is no longer readable: {exc}") from exc
        if len(data) != length:
            raise BlobNotFoundError(f"Blob {blob_id!r} is no longer readable: its event file shrank")
        return data

    def graph(self, run: str) -> m.GraphDef | None:
        """The run's last logged GraphDef (`add_graph`), decoded; None when it has none."""
        self._read_early((run,))
        with self._lock:
            loader = self._loader(run)
            ref = loader.data.graph
        if ref is None:
            return None
        try:
            return m.GraphDef.decode(self.read_blob(ref.blob_id))
        except DecodeError as exc:
            # A damaged graph counts as a skipped record once, and the run then has no graph.
            with self._lock:
                if loader.data.graph == ref:
                    loader.data.graph = None
                    loader.warn(f"run {run!r}: skipped its graph, which cannot be decoded ({exc})")
            return None

    def run_metadata(self, run: str, tag: str) -> bytes | None:
        """Serialized RunMetadata last logged under `tag` (graph_tagged_run_metadata), or None."""
        self._read_early((run,))
        with self._lock:
            series = self._loader(run).data.series.get(tag)
            if not isinstance(series, BlobSeries) or not series.count:
                return None
            ref = series.data()[-1].blobs[0]
        return self.read_blob(ref.blob_id)

    def tag_meta(self, run: str, tag: str) -> TagMeta:
        """The first metadata logged for (run, tag): plugin name and content, display name, data class."""
        self._read_early((run,))
        with self._lock:
            loader = self._loader(run)
            if tag not in loader.data.meta:
                raise self._tag_error(run, tag, loader.data.meta)
            return loader.data.meta[tag]

    def remote_run(self, run: str) -> tuple[str, Logdir] | None:
        """The folder of an object-store run's event files and the `Logdir` that reads it; None for a
        local run or a run without files (`run_directory` answers for local runs)."""
        with self._lock:
            loader = self._loaders.get(run)
            if loader is None or not loader.logdir.source.is_url or not loader.files:
                return None
            first = next(iter(loader.files))
        return first.rsplit("/", 1)[0], loader.logdir

    def run_directory(self, run: str) -> str | None:
        """The local folder of a run (where its event files are); None for fsspec URLs."""
        with self._lock:
            if run == "." and run not in self._loaders:
                return self._root_directory()
            loader = self._loader(run)
            if loader.logdir.source.is_url or not loader.files:
                return None
            first = next(iter(loader.files))
        return os.path.dirname(first)

    def select(self, plugin: str, run: str | None, tag: str | None) -> list[tuple[str, str]]:
        """(run, tag) pairs of `plugin` matching the optional filters; unknown names raise."""
        if run is not None and not isinstance(run, str):
            raise InvalidArgumentError(f"run must be a string, not {type(run).__name__}")
        infos = self.tag_infos(plugin, None if run is None else [run])
        if run is not None:
            self.run_start_time(run)  # raises RunNotFoundError
            infos = {run: infos.get(run, {})}
        pairs = [(r, t) for r, tags in infos.items() for t in tags if tag is None or t == tag]
        if tag is not None and not pairs:
            known = sorted({t for tags in infos.values() for t in tags})
            where = f"run {run!r}" if run is not None else "any run"
            raise TagNotFoundError(f"No {plugin} tag {tag!r} in {where}; known tags: {_listing(known)}")
        return pairs

    # -- helpers -----------------------------------------------------------------------------
    def _root_directory(self) -> str | None:
        # The root of the one local, unnamed logdir, where files of run "." live even when it holds no
        # event files (the projector's fallback looks there).
        if len(self._sources) != 1 or self._sources[0].source.is_url or self._sources[0].source.name:
            return None
        return self.logdirs[0] if os.path.isdir(self.logdirs[0]) else None

    def _loader(self, run: str) -> RunLoader:
        loader = self._loaders.get(run)
        if loader is None:
            raise RunNotFoundError(
                f"No run {run!r} in {', '.join(self.logdirs)}; runs: {_listing(self.runs)}"
            )
        return loader

    def _series(self, run: str, tag: str, cls: type, what: str) -> Any:
        loader = self._loader(run)
        series: Series | None = loader.data.series.get(tag)
        if not isinstance(series, cls):
            known = [t for t, s in loader.data.series.items() if isinstance(s, cls)]
            raise self._tag_error(run, tag, known, what)
        return series

    @staticmethod
    def _tag_error(run: str, tag: str, known: Iterable[str], what: str = "") -> TagNotFoundError:
        kind = f"{what} " if what else ""
        return TagNotFoundError(
            f"No {kind}tag {tag!r} in run {run!r}; known {kind}tags: {_listing(sorted(known))}"
        )

    def __repr__(self) -> str:
        return f"Experiment(logdirs={self.logdirs!r}, runs={len(self._loaders)})"


def _no_progress(files: int, nbytes: int) -> None:
    """The progress callback of a run read early before the load counts anything."""


def _batches(work: list[tuple[RunLoader, list[str], int]], threads: int) -> list[list[Any]]:
    """Runs grouped into pool tasks. A big run is a task of its own: its scan releases the GIL, so
    big runs load side by side. Small runs are mostly Python (series bookkeeping, which holds the
    GIL), where threads only contend: they go together in one task, read one after another."""
    if threads <= 1 or len(work) <= 1:
        return [work] if work else []
    small = [job for job in work if job[2] < BIG_RUN_BYTES]
    batches = [[job] for job in work if job[2] >= BIG_RUN_BYTES]
    return ([small] if small else []) + batches


def _listing(names: list[str], limit: int = 10) -> str:
    if not names:
        return "none"
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _release_freed_memory() -> None:
    """Return freed heap pages to the OS (glibc only; elsewhere a no-op).

    A big load frees many read buffers and scan columns of a few MB each. glibc raises its mmap
    threshold after the first such free, so later ones come from the heap and stay resident
    (about 7 bytes per point on a 10M-point logdir) unless trimmed.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


def read(logdir: Any, *, load: bool = True, cache_dir: str | None = None) -> Experiment:
    """Open a logdir (a path, an fsspec URL, "a,b", ["a", "b"], {"name": path} or "name:path,...").

        exp = trainboard.store.read("logs")
        exp.scalar_arrays("ppo/seed0", "reward")

    With `load=False` nothing is read until `reload()` (the server loads in the background, and waits
    for a logdir that does not exist yet). With `load=True` a local logdir that does not exist is an
    error, since reading it can only give nothing. `cache_dir` turns on the column cache in that
    folder (`docs/reading.md`; the server's default is `trainboard.store.cache.default_cache_dir()`).
    `trainboard.read` is this with DataFrames on top.
    """
    return opened(Experiment(logdir, cache_dir=cache_dir), load=load)


E = TypeVar("E", bound=Experiment)


def opened(exp: E, *, load: bool = True) -> E:
    """`exp`, loaded when `load` is true (see `read`)."""
    if load:
        missing = [path for path in exp.logdirs if "://" not in path and not os.path.exists(path)]
        if missing and len(missing) == len(exp.logdirs):
            raise LogdirError(
                f"logdir {missing[0]} does not exist; pass the folder your SummaryWriter writes to"
            )
        exp.reload()
    return exp
