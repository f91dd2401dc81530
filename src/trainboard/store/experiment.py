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
import logging
import os
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from trainboard.errors import (
    BlobNotFoundError,
    InvalidArgumentError,
    LogdirError,
    NotFoundError,
    RunNotFoundError,
    TagNotFoundError,
)
from trainboard.events import messages as m
from trainboard.events.wire import DecodeError
from trainboard.store.blobs import decode_blob_id
from trainboard.store.info import LoadProgress, ReloadResult, TagInfo, TagMeta, tag_info
from trainboard.store.loader import RunLoader
from trainboard.store.logdir import Logdir, parse_sources
from trainboard.store.series import (
    BlobSequenceDatum,
    BlobSeries,
    ScalarArrays,
    ScalarSeries,
    Series,
    TensorDatum,
    TensorSeries,
)

if TYPE_CHECKING:
    from trainboard.store.embeddings import Embedding
    from trainboard.store.hparams import MetricStatistic

log = logging.getLogger("trainboard.store")

# Runs load in parallel: the scanner releases the GIL while it turns bytes into columns.
LOAD_THREADS = min(4, os.cpu_count() or 1)
# After reading this much, hand freed read buffers back to the operating system (see below).
_TRIM_AFTER_BYTES = 64 << 20


class Experiment:
    """The runs of one or more logdirs, loaded incrementally. Safe to read while another thread reloads."""

    def __init__(self, logdir: Any, *, use_scanner: bool = True) -> None:
        self._sources = [Logdir(s) for s in parse_sources(logdir)]
        self._use_scanner = use_scanner
        self._lock = threading.RLock()  # guards every series and the run table
        self._reload_lock = threading.Lock()  # one reload at a time
        self._loaders: dict[str, RunLoader] = {}
        self._files: list[tuple[Logdir, str]] = []
        self._generation = 0
        self._progress = LoadProgress()

    # -- loading -------------------------------------------------------------------------
    @property
    def logdirs(self) -> list[str]:
        return [src.source.path for src in self._sources]

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
        return self._progress

    def reload(self) -> ReloadResult:
        """Read what was written since the last reload; only new bytes are read."""
        with self._reload_lock:
            found: dict[str, tuple[Logdir, list[str]]] = {}
            for src in self._sources:
                for run, paths in src.discover().items():
                    found[run] = (src, paths)
            with self._lock:
                removed = set(self._loaders) - set(found)
                for run in removed:
                    del self._loaders[run]
                new = {run for run in found if run not in self._loaders}
                for run in new:
                    src = found[run][0]
                    self._loaders[run] = RunLoader(run, src, self._lock, use_scanner=self._use_scanner)
            jobs = [(self._loaders[run], paths) for run, (_src, paths) in sorted(found.items())]
            changed = self._load(jobs)
            if self._progress.bytes_done > _TRIM_AFTER_BYTES:
                _release_freed_memory()
            if changed or removed or new:
                with self._lock:
                    self._generation += 1
            return ReloadResult(changed_runs=changed, new_runs=new, removed_runs=removed)

    def _load(self, jobs: list[tuple[RunLoader, list[str]]]) -> set[str]:
        sizes: dict[str, int] = {}
        pending = 0
        for loader, paths in jobs:
            for path in paths:
                try:
                    sizes[path] = size = loader.logdir.size(path)
                except LogdirError:
                    continue  # deleted since the directory was listed: gone from the next listing too
                state = loader.files.get(path)
                pending += max(0, size - (state.offset if state else 0))
        jobs = [(loader, [p for p in paths if p in sizes]) for loader, paths in jobs]
        # Only runs with a file whose size moved have anything to read: a quiet reload stays cheap.
        jobs = [(loader, paths) for loader, paths in jobs if any(_moved(loader, p, sizes[p]) for p in paths)]
        # Files of the runs skipped above are already done.
        done = {"files": len(sizes) - sum(len(paths) for _loader, paths in jobs), "bytes": 0}
        self._progress = LoadProgress(done["files"], len(sizes), 0, pending, True)
        progress_lock = threading.Lock()

        def progress(files: int, nbytes: int) -> None:
            with progress_lock:
                done["files"] += files
                done["bytes"] += nbytes
                self._progress = LoadProgress(done["files"], len(sizes), done["bytes"], pending, True)

        def load_one(job: tuple[RunLoader, list[str]]) -> str | None:
            loader, paths = job
            try:
                did_change = loader.load(paths, sizes, self._register_file(loader.logdir), progress)
            except LogdirError as exc:
                # One unreadable run (removed mid-reload, permissions) must not stop the others.
                with self._lock:
                    loader.warn(str(exc))
                did_change = True
            return loader.name if did_change else None

        if len(jobs) > 1 and LOAD_THREADS > 1:
            with ThreadPoolExecutor(LOAD_THREADS, thread_name_prefix="trainboard-load") as pool:
                names = list(pool.map(load_one, jobs))
        else:
            names = [load_one(job) for job in jobs]
        self._progress = LoadProgress(done["files"], len(sizes), done["bytes"], pending, False)
        return {n for n in names if n is not None}

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

    def tag_infos(self, plugin: str) -> dict[str, dict[str, TagInfo]]:
        """{run: {tag: TagInfo}} for the tags of one plugin; runs without such tags are left out."""
        out: dict[str, dict[str, TagInfo]] = {}
        with self._lock:
            for run, loader in sorted(self._loaders.items()):
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
            with loader.logdir.open(path) as f:
                return f.read(max_bytes + 1)[:max_bytes]
        except (OSError, ValueError):
            return None

    def run_start_time(self, run: str) -> float | None:
        with self._lock:
            return self._loader(run).data.start_time

    # -- reading series --------------------------------------------------------------------
    def scalar_arrays(self, run: str, tag: str) -> ScalarArrays:
        """Every point of a scalar series as read-only numpy columns `.step`, `.wall_time`, `.value`."""
        with self._lock:
            series = self._series(run, tag, ScalarSeries, "scalar")
            return series.arrays()

    def scalar_versions(self, pairs: Iterable[tuple[str, str]]) -> list[int | None]:
        """Per (run, tag), a number that changes whenever that scalar series does, or None where the
        run has no such scalar series: what the chart caches key on (`ScalarSeries.version`)."""
        out: list[int | None] = []
        with self._lock:
            for run, tag in pairs:
                loader = self._loaders.get(run)
                series = loader.data.series.get(tag) if loader is not None else None
                out.append(series.version if isinstance(series, ScalarSeries) else None)
        return out

    def tensor_series(self, run: str, tag: str) -> list[TensorDatum]:
        with self._lock:
            return self._series(run, tag, TensorSeries, "tensor").data()

    def blob_series(self, run: str, tag: str) -> list[BlobSequenceDatum]:
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
            with logdir.open(path) as f:
                f.seek(offset)
                data = f.read(length)
        except OSError as exc:
            raise BlobNotFoundError(f"Blob {blob_id!r} is no longer readable: {exc}") from exc
        if len(data) != length:
            raise BlobNotFoundError(f"Blob {blob_id!r} is no longer readable: its event file shrank")
        return data

    def graph(self, run: str) -> m.GraphDef | None:
        """The run's last logged GraphDef (`add_graph`), decoded; None when it has none."""
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
        with self._lock:
            series = self._loader(run).data.series.get(tag)
            if not isinstance(series, BlobSeries) or not series.count:
                return None
            ref = series.data()[-1].blobs[0]
        return self.read_blob(ref.blob_id)

    def tag_meta(self, run: str, tag: str) -> TagMeta:
        """The first metadata logged for (run, tag): plugin name and content, display name, data class."""
        with self._lock:
            loader = self._loader(run)
            if tag not in loader.data.meta:
                raise self._tag_error(run, tag, loader.data.meta)
            return loader.data.meta[tag]

    # -- DataFrames (pandas extra) -----------------------------------------------------------
    def scalars(self, run: str | None = None, tag: str | None = None) -> Any:
        """Every scalar point: DataFrame with columns run, tag, step, wall_time, value."""
        from trainboard.store import frames

        return frames.scalars(self, run, tag)

    def histograms(self, run: str | None = None, tag: str | None = None) -> Any:
        from trainboard.store import frames

        return frames.histograms(self, run, tag)

    def images(self, run: str | None = None, tag: str | None = None) -> Any:
        from trainboard.store import frames

        return frames.blobs(self, "images", run, tag)

    def audio(self, run: str | None = None, tag: str | None = None) -> Any:
        from trainboard.store import frames

        return frames.blobs(self, "audio", run, tag)

    def text(self, run: str | None = None, tag: str | None = None) -> Any:
        from trainboard.store import frames

        return frames.text(self, run, tag)

    def tensors(self, run: str | None = None, tag: str | None = None, plugin: str | None = None) -> Any:
        from trainboard.store import frames

        return frames.tensors(self, run, tag, plugin)

    def hparams(self, *, metric_value: MetricStatistic = "last") -> Any:
        """One row per session: its hparams and metrics (built by `trainboard.store.hparams`).

        `metric_value` picks what each metric column holds: the "last" value, or the "min" or
        "max" over the run.

            exp.hparams(metric_value="min").sort_values("loss").head()
        """
        from trainboard.store.hparams import hparams_frame

        return hparams_frame(self, metric_value=metric_value)

    def embeddings(self, run: str | None = None, name: str | None = None) -> list[Embedding]:
        """The projector's embeddings (`add_embedding`): one `Embedding` per entry of each run's
        projector_config.pbtxt, with `.tensor` (numpy, N x D), `.metadata` (a DataFrame) and
        `.sprite_bytes()` read on first use (`trainboard.store.embeddings`). A run whose config is
        broken raises when asked for by name; over all runs it is skipped with a logged warning, so
        one bad file does not hide the others.

            emb = exp.embeddings("run", "features:00000")[0]
            emb.tensor.shape, emb.metadata["label"].value_counts()
        """
        from trainboard.store.embeddings import canonical_name, run_embeddings

        runs = [run] if run is not None else [*self.runs, *self._root_runs()]
        out: list[Embedding] = []
        for r in runs:
            directory = self.run_directory(r)
            if directory is None:
                continue
            try:
                found = run_embeddings(r, directory)
            except (InvalidArgumentError, NotFoundError) as exc:
                if run is not None:
                    raise
                log.warning("skipping the embeddings of run %r: %s", r, exc)
                continue
            out.extend(e for e in found if name is None or canonical_name(e.name) == canonical_name(name))
        return out

    def run_directory(self, run: str) -> str | None:
        """The local folder of a run (where its event files are); None for fsspec URLs."""
        with self._lock:
            if run == "." and run not in self._loaders:
                roots = self._root_runs()
                return self.logdirs[0] if roots else None
            loader = self._loader(run)
            if loader.logdir.source.is_url or not loader.files:
                return None
            first = next(iter(loader.files))
        return os.path.dirname(first)

    def _root_runs(self) -> list[str]:
        # TensorBoard's fallback: a projector config at the root of the (one, local) logdir is run "."
        # even when the root holds no event files.
        from trainboard.store.embeddings import find_configs

        if "." in self._loaders or len(self._sources) != 1 or self._sources[0].source.is_url:
            return []
        if self._sources[0].source.name or not os.path.isdir(self.logdirs[0]):
            return []
        return ["."] if find_configs(self.logdirs[0]) else []

    def select(self, plugin: str, run: str | None, tag: str | None) -> list[tuple[str, str]]:
        """(run, tag) pairs of `plugin` matching the optional filters; unknown names raise."""
        if run is not None and not isinstance(run, str):
            raise InvalidArgumentError(f"run must be a string, not {type(run).__name__}")
        infos = self.tag_infos(plugin)
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


def _moved(loader: RunLoader, path: str, size: int) -> bool:
    state = loader.files.get(path)
    return state is None or state.offset != size


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


def read(logdir: Any, *, load: bool = True) -> Experiment:
    """Open a logdir (a path, an fsspec URL, "a,b", ["a", "b"], {"name": path} or "name:path,...").

        exp = trainboard.read("logs")
        exp.scalars(run="ppo/seed0", tag="reward")

    With `load=False` nothing is read until `reload()` (the server loads in the background, and waits
    for a logdir that does not exist yet). With `load=True` a local logdir that does not exist is an
    error, since reading it can only give nothing.
    """
    exp = Experiment(logdir)
    if load:
        missing = [path for path in exp.logdirs if "://" not in path and not os.path.exists(path)]
        if missing and len(missing) == len(exp.logdirs):
            raise LogdirError(
                f"logdir {missing[0]} does not exist; pass the folder your SummaryWriter writes to"
            )
        exp.reload()
    return exp
