"""Incremental reading of one run's event files into series; the one place legacy formats are handled.

Each file is read from the offset where the last read stopped. Scalar records (`simple_value` and
rank-0 float tensors) go through the compiled scanner (`events/_scan.pyx`) straight into columns,
and legacy image, audio and histogram values of known tags come back from it as rows of offsets
(`store/items.py`); every other record is decoded here with `trainboard.events.messages` and converted as
`spec/event-format.md` §7 describes (legacy `simple_value`/`histo`/`image`/`audio` become scalars,
[k, 3] tensors and blob sequences). Without the compiled scanner every record takes the Python path.

Restarts (the purge rules; every purge is counted in the run's warnings, nothing is dropped silently):
  1. A `SessionLog.START` event at step S drops every point of the run with step >= S, across all
     tags (what torch's `purge_step` writes; TensorBoard's `EventAccumulator` does the same).
  2. Only in a run whose files declare an event-file version below 2 (`brain.Event:1`, TF1-era
     writers): a point whose step is lower than the last step of its own series drops that series'
     points with step >= its step, then is appended. Every writer of today declares version 2, and
     there a step going back (an `add_scalar` without `global_step` after step 100) is kept, as
     TensorBoard keeps it. A file whose version record is missing or damaged is not treated as old.

Damage: every record is read on its own. A record that cannot be decoded, or whose contents make
any step of its conversion fail, is skipped and counted in the run's warnings with its file and
offset; the rest of the file is read (framing and resynchronisation: `events/records.py`).
"""

from __future__ import annotations

import errno
import os
import struct
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from trainboard.events import messages as m
from trainboard.events import names
from trainboard.events.records import HEADER_SIZE, read_records
from trainboard.events.wire import DecodeError
from trainboard.store import items as it
from trainboard.store.blobs import blob_ref
from trainboard.store.info import TagMeta
from trainboard.store.logdir import Logdir
from trainboard.store.remote import batches
from trainboard.store.scanner import ITEM_HISTO, ITEM_IMAGE, group_by_tag, new_scanner, tag_state
from trainboard.store.series import BlobRef, BlobSeries, ScalarSeries, Series, TensorSeries, compact
from trainboard.store.tensors import tensor_to_ndarray

# Bytes read from a file per pass: bounds the scanner's temporary columns (~28 bytes a point).
# 16 MB keeps a chunk in cache between the read and the scan; smaller chunks grow each series in
# more steps, which leaves more freed fragments in the heap (8 MB: +7% resident after a big load).
CHUNK_BYTES = 16 << 20
# A run keeps at most this many warning lines; the count of skipped records keeps growing.
MAX_WARNINGS = 200

GRAPH_TAG = names.RUN_GRAPH_TAG
RUN_METADATA_PLUGIN = names.GRAPH_RUN_METADATA

_SCALAR_PLUGINS = names.SCALAR_PLUGINS
_BLOB_PLUGINS = names.BLOB_PLUGINS

_NO_METADATA = m.SummaryMetadata()  # read, never changed
_IMAGE_CONTENT = m.ImagePluginData(converted_to_tensor=True).encode()
_AUDIO_CONTENT = m.AudioPluginData(encoding=m.AUDIO_ENCODING_WAV, converted_to_tensor=True).encode()


@dataclass
class FileState:
    """How far one event file has been read; `file_no` is its index in the experiment's blob table."""

    path: str
    file_no: int
    offset: int = 0
    shrank: bool = False


@dataclass
class RunData:
    """Everything loaded for one run. Mutated only under the experiment's lock."""

    series: dict[str, Series] = field(default_factory=dict)
    meta: dict[str, TagMeta] = field(default_factory=dict)
    start_time: float | None = None
    graph: BlobRef | None = None
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0
    # The event-file version the run's files declare (`brain.Event:2` -> 2.0), None until one does.
    file_version: float | None = None


class RunLoader:
    """Reads new bytes of one run's files and applies them to its `RunData`."""

    def __init__(self, name: str, logdir: Logdir, lock: threading.RLock, *, use_scanner: bool = True) -> None:
        self.name = name
        self.logdir = logdir
        self.data = RunData()
        self.files: dict[str, FileState] = {}
        self._lock = lock
        self._scanner = new_scanner(use_scanner)
        # Held while `load` runs: the reload and a request that reads this run early (see
        # `Experiment._read_early`) never read it at once. `fresh`: never read yet; `early`: read
        # by a request during the load that made it, which then has nothing to do for it.
        self.load_lock = threading.Lock()
        self.fresh = True
        self.early = False
        self._scalar_names: list[str] = []  # scanner tag id -> tag name
        self._bulk: set[str] = set()
        # A damaged stretch not yet reported, [path, offset, length, reason]: the scanner reports
        # damage chunk by chunk, and one stretch should be one warning.
        self._damage: list[Any] | None = None

    # -- the column cache (store/cache.py) -----------------------------------------------
    def snapshot(self) -> tuple[list[tuple[str, int]], dict, list] | None:
        """What the column cache keeps of this run (call with the lock held), or None when it
        cannot be cached: a series that is not scalars, or damage not yet reported."""
        data = self.data
        if self._damage is not None or not self.files or not data.series:
            return None
        if not all(type(series) is ScalarSeries for series in data.series.values()):
            return None
        files = [(state.path, state.offset) for state in self.files.values()]
        run = {
            "name": self.name,
            "start_time": data.start_time,
            "file_version": data.file_version,
            "warnings": list(data.warnings),
            "skipped": data.skipped,
        }
        tags = [(tag, data.meta[tag], series.columns()) for tag, series in data.series.items()]  # type: ignore[union-attr]
        return files, run, tags

    def restore(
        self, marks: list[Any], series: dict[str, tuple[ScalarSeries, TagMeta]], run: dict, register: Any
    ) -> None:
        """Start from the cached state: files read up to their marks, these series (a new run only)."""
        with self._lock:
            for mark in marks:
                self.files[mark.path] = FileState(mark.path, register(mark.path), mark.offset)
            data = self.data
            for tag, (s, meta) in series.items():
                data.series[tag] = s
                data.meta[tag] = meta
                if self._scanner is not None:
                    self._scanner.set_state(self._scanner.intern(tag.encode("utf-8")), tag_state(s))
            if self._scanner is not None:
                self._sync_scalar_names()
            start = run.get("start_time")
            data.start_time = float(start) if start is not None else None
            version = run.get("file_version")
            data.file_version = float(version) if version is not None else None
            data.warnings = [str(w) for w in run.get("warnings", [])][:MAX_WARNINGS]
            data.skipped = int(run.get("skipped", len(data.warnings)))

    # -- reading -------------------------------------------------------------------------
    def load(
        self, paths: list[str], stats: dict[str, tuple[int, ...]], register_file: Any, progress: Any
    ) -> bool:
        """Read what is new in `paths` (name order; `stats` from `Logdir.stat` just before); returns
        whether anything changed. `progress(files, nbytes)` is called as files and chunks are read."""
        changed = False
        for path in paths:
            if path not in self.files:
                self.files[path] = FileState(path, register_file(path))
        # An object store answers each request slowly but many at once: its files' new bytes are
        # fetched together, a batch at a time (store/remote.py).
        sizes = {p: stats[p][0] for p in paths}
        ranges = [(p, self.files[p].offset, sizes[p]) for p in paths]
        pending = [r for r in ranges if r[2] > r[1]] if self.logdir.is_remote else []
        done: set[str] = set()
        for batch in batches(pending):
            with self.logdir.prefetched(batch):
                for path, _start, _end in batch:
                    changed |= self._load_file(self.files[path], sizes[path], progress)
                    done.add(path)
        for path in paths:
            if path not in done:
                size, _mtime, allocated = stats[path][:3]
                changed |= self._load_file(self.files[path], size, progress, sparse=allocated < size)
            progress(1, 0)
        with self._lock:
            self._report_damage()
        if self._bulk:
            with self._lock:
                for tag in self._bulk:
                    series = self.data.series.get(tag)
                    if series is not None:
                        series.trim()
            self._bulk.clear()
        return changed

    def _load_file(self, state: FileState, size: int, progress: Any, *, sparse: bool = True) -> bool:
        if size < state.offset and not state.shrank:
            # Event files only grow; a shorter one was truncated or replaced under the same name.
            state.shrank = True
            with self._lock:
                self.warn(f"{state.path}: shrank from {state.offset} to {size} bytes; not read further")
        if size <= state.offset:
            return False
        changed = False
        chunk = CHUNK_BYTES
        # One buffer serves every chunk of the file: a fresh `bytes` per read costs more in page
        # faults than the scan itself (np.empty, unlike bytearray, does not zero-fill it first).
        # Nothing keeps a view of it past `_consume`, which copies what it keeps (handed-back
        # payloads, inline blobs, histogram rows).
        buffer = np.empty(0, np.uint8)
        with self.logdir.open(state.path) as f:
            while state.offset < size:
                want = min(chunk, size - state.offset)
                if len(buffer) < want:
                    buffer = np.empty(want, np.uint8)
                # A file with every byte allocated has no hole: no need to ask where they are.
                hole_end, hole = _holes(f, state.offset, size) if sparse else (state.offset, size)
                if hole < 0:
                    break  # a hole up to the end: zeros not yet written over, nothing to read yet
                if hole_end > state.offset:
                    # A hole of a sparse file holds no record: skip it without reading its zeros.
                    with self._lock:
                        self._damaged(state.path, state.offset, hole_end - state.offset, "zero bytes")
                    state.offset = hole_end
                    changed = True
                    continue
                if chunk == CHUNK_BYTES and hole < state.offset + want:
                    # Stop at the next hole, which the next pass skips (a record that spans
                    # it still gets read: the chunk grows past the hole when nothing fits).
                    want = max(hole - state.offset, HEADER_SIZE)
                f.seek(state.offset)
                view = buffer.data
                got = _read_into(f, view[:want])
                if not got:
                    break
                end = self._consume(state, view[:got])
                progress(0, got)
                changed |= end != state.offset
                at_eof = state.offset + got >= size
                if end == state.offset and not at_eof:
                    if not buffer[:got].any():
                        if _holes(f, state.offset + got, size)[1] < 0:
                            break  # the zeros go on in a hole up to the end: still waited on
                        # Zeros waited on as if they ended the file, but it goes on: they are a
                        # run inside it, where no record starts before their last 11 bytes.
                        skip = got - (HEADER_SIZE - 1)
                        with self._lock:
                            self._damaged(state.path, state.offset, skip, "zero bytes")
                        state.offset += skip
                        changed = True
                        continue
                    chunk *= 2  # one record larger than the chunk
                    continue
                state.offset = end
                if at_eof:
                    break
        return changed

    def _consume(self, state: FileState, buf: memoryview) -> int:
        """Apply every complete record in `buf` (file bytes from `state.offset`); returns the new offset."""
        base = state.offset
        if self._scanner is None:
            result = read_records(buf, base)
            # Decode before taking the lock, so readers wait only while the store changes.
            records = [(offset, payload, _decode(payload)) for offset, payload in result.records]
            with self._lock:
                for c in result.corruptions:
                    self._damaged(state.path, c.offset, c.length, c.reason)
                for offset, payload, event in records:
                    self._record(event, payload, offset, state.file_no, state.path)
            return result.end
        view = memoryview(buf)
        pos = 0
        while True:
            # The scanner stops early where Python must first decide what a new tag is.
            scan = self._scanner.scan(buf, base, pos)
            end, tags, steps, walls, values = scan.end, scan.tags, scan.steps, scan.walls, scan.values
            handed_back = []
            for offset, length, point_index, item_index in scan.others.tolist():
                payload = bytes(view[offset - base : offset - base + length])
                handed_back.append((offset, payload, _decode(payload), point_index, item_index))
            rows, item_floats = scan.items.tolist(), scan.item_floats.tolist()
            with self._lock:
                for offset, length, reason in scan.corruptions:
                    self._damaged(state.path, offset, length, reason)
                self._sync_scalar_names()
                prev = prev_item = 0
                for offset, payload, event, point_index, item_index in handed_back:
                    self._start_time(walls, prev, point_index, rows, item_floats, prev_item, item_index)
                    self._points(tags, steps, walls, values, prev, point_index, state.path)
                    self._items(
                        rows[prev_item:item_index], item_floats[prev_item:item_index], view, base, state
                    )
                    prev, prev_item = point_index, item_index
                    self._record(event, payload, offset, state.file_no, state.path)
                self._start_time(walls, prev, len(tags), rows, item_floats, prev_item, len(rows))
                self._points(tags, steps, walls, values, prev, len(tags), state.path)
                self._items(rows[prev_item:], item_floats[prev_item:], view, base, state)
            if end - base == pos or end - base >= len(buf):
                return int(end)
            pos = end - base

    # -- scalar columns from the scanner ------------------------------------------------
    def _sync_scalar_names(self) -> None:
        for tag_id in range(len(self._scalar_names), self._scanner.tag_count()):
            self._scalar_names.append(self._scanner.tag_name(tag_id).decode("utf-8", "replace"))

    def _start_time(
        self, walls: np.ndarray, lo: int, hi: int, rows: list, floats: list, ilo: int, ihi: int
    ) -> None:
        """Set the run's start from the first of these points and items in file order."""
        if self.data.start_time is not None:
            return
        # An item row holds the index of the next point: if no point of this stretch came before it,
        # the item's record is the first.
        if ihi > ilo and (hi <= lo or rows[ilo][2] <= lo):
            self.data.start_time = floats[ilo][0]
        elif hi > lo:
            self.data.start_time = float(walls[lo])

    def _points(
        self,
        tags: np.ndarray,
        steps: np.ndarray,
        walls: np.ndarray,
        values: np.ndarray,
        lo: int,
        hi: int,
        path: str,
    ) -> None:
        if hi <= lo:
            return
        self._sync_scalar_names()
        t = tags[lo:hi]
        first = int(t[0])
        if not (t != first).any():
            s, v = compact(steps[lo:hi], values[lo:hi])
            self._extend(first, s, walls[lo:hi], v, path)
            return
        present, starts, s, w, v = group_by_tag(
            t, steps[lo:hi], walls[lo:hi], values[lo:hi], len(self._scalar_names)
        )
        s, v = compact(s, v)  # once for every tag's columns (each series keeps its slice)
        for tag_id, a, b in zip(present, starts[:-1], starts[1:], strict=True):
            self._extend(tag_id, s[a:b], w[a:b], v[a:b], path)

    def _extend(
        self, tag_id: int, steps: np.ndarray, walls: np.ndarray, values: np.ndarray, path: str
    ) -> None:
        tag = self._scalar_names[tag_id]
        series = self.data.series.get(tag)
        if series is None:
            # A tag first seen by the scanner: plain scalars (its state there is already scalar).
            # The columns are fresh from this scan, so the series takes them as they are.
            if self._purges_step_backs() and ScalarSeries().steps_back(steps):
                series = self._new_series(tag, _NO_METADATA, names.SCALARS, m.DATA_CLASS_SCALAR)
            else:
                self.data.series[tag] = ScalarSeries.of(steps, walls, values)
                self.data.meta[tag] = TagMeta(names.SCALARS, b"", tag, "", m.DATA_CLASS_SCALAR)
                return
        if isinstance(series, ScalarSeries):
            if len(steps) > 1024 and len(steps) > series.count:
                self._bulk.add(tag)
            if self._purges_step_backs() and series.steps_back(steps):
                for s, w, v in zip(steps.tolist(), walls.tolist(), values.tolist(), strict=True):
                    self._step_back(tag, series, s, path)
                    series.append(s, w, v)
                return
            series.extend(steps, walls, values)

    # -- image, audio and histogram values parsed by the scanner -----------------------
    def _items(self, rows: list, floats: list, buf: memoryview, base: int, state: FileState) -> None:
        names, series_of, file_no = self._scalar_names, self.data.series, state.file_no
        for row, (wall, low, high) in zip(rows, floats, strict=True):
            # The scanner gives items only for tags whose series was made by `_new_series`.
            tag = names[row[it.TAG]]
            series: Any = series_of[tag]
            self._step_back(tag, series, row[it.STEP], state.path)
            kind = row[it.KIND]
            if kind == ITEM_HISTO:
                value = it.packed_histogram(
                    buf, base, low, high, (row[it.OFFSET], row[it.LENGTH]), (row[it.OFFSET2], row[it.LENGTH2])
                )
                series.add(row[it.STEP], wall, value)
                continue
            blob = it.blob_in(buf, base, row[it.OFFSET], row[it.LENGTH], file_no)
            if kind == ITEM_IMAGE:
                series.add(
                    row[it.STEP], wall, (it.size_ref(row[it.WIDTH]), it.size_ref(row[it.HEIGHT]), blob)
                )
            else:
                series.add(row[it.STEP], wall, (blob,))

    # -- one record through the Python decoder ------------------------------------------
    def _record(self, event: Any, payload: bytes, offset: int, file_no: int, path: str) -> None:
        if isinstance(event, DecodeError):
            self.warn(f"{path}: skipped an unreadable record at offset {offset - HEADER_SIZE} ({event})")
            return
        try:
            self._event(event, payload, offset, file_no, path)
        except Exception as exc:  # one hostile record must never stop the rest of the file
            self.warn(f"{path}: skipped a damaged record at offset {offset - HEADER_SIZE} ({_describe(exc)})")

    def _event(self, event: Any, payload: bytes, offset: int, file_no: int, path: str) -> None:
        data = self.data
        if data.start_time is None:
            data.start_time = event.wall_time
        step, wall = event.step, event.wall_time
        kind = event.which("what")
        if kind == "summary":
            for value in event.summary.value:
                try:
                    self._value(value, step, wall, payload, offset, file_no, path)
                except Exception as exc:  # the event's other values still count
                    where = f"offset {offset - HEADER_SIZE}"
                    self.warn(f"{path}: skipped value {value.tag!r} at {where} ({_describe(exc)})")
        elif kind == "file_version":
            version = _parse_file_version(event.file_version)
            if version is not None:
                data.file_version = version
        elif kind == "session_log":
            if event.session_log.status == m.SESSION_START:
                dropped = sum(series.purge_from(step) for series in data.series.values())
                if dropped:
                    self.warn(
                        f"{path}: a SessionLog.START at step {step} (offset {offset - HEADER_SIZE}; a "
                        f"restart, as torch's purge_step writes) dropped {dropped} points logged at "
                        f"step >= {step}"
                    )
        elif kind == "graph_def":
            ref = blob_ref(event.graph_def, payload, offset, file_no)
            data.graph = ref
            series = data.series.get(GRAPH_TAG) or self._new_series(
                GRAPH_TAG, m.SummaryMetadata(), names.GRAPHS, m.DATA_CLASS_BLOB_SEQUENCE
            )
            if isinstance(series, BlobSeries):
                series.add(step, wall, (ref,))
        elif kind == "tagged_run_metadata":
            trm = event.tagged_run_metadata
            series = data.series.get(trm.tag) or self._new_series(
                trm.tag, m.SummaryMetadata(), RUN_METADATA_PLUGIN, m.DATA_CLASS_BLOB_SEQUENCE
            )
            if isinstance(series, BlobSeries):
                series.add(step, wall, (blob_ref(trm.run_metadata, payload, offset, file_no),))

    def _value(
        self, value: Any, step: int, wall: float, payload: bytes, offset: int, file_no: int, path: str
    ) -> None:
        tag = value.tag
        which = value.which("value")
        md = value.metadata
        existing = self.data.series.get(tag)
        if existing is not None:
            self._step_back(tag, existing, step, path)
        # Legacy members convert to one modern shape each; their metadata is replaced (§7.1).
        if which == "simple_value":
            series = self._series(tag, md, names.SCALARS, b"", m.DATA_CLASS_SCALAR)
            if isinstance(series, ScalarSeries):
                series.append(step, wall, value.simple_value)
            return
        if which == "histo":
            series = self._series(tag, md, names.HISTOGRAMS, b"", m.DATA_CLASS_TENSOR)
            if isinstance(series, TensorSeries):
                series.add(step, wall, _histogram_to_tensor(value.histo))
            return
        if which == "image":
            image = value.image
            series = self._series(tag, md, names.IMAGES, _IMAGE_CONTENT, m.DATA_CLASS_BLOB_SEQUENCE)
            if isinstance(series, BlobSeries):
                blobs = (str(image.width).encode(), str(image.height).encode(), image.encoded_image_string)
                series.add(step, wall, tuple(blob_ref(b, payload, offset, file_no) for b in blobs))
            return
        if which == "audio":
            series = self._series(tag, md, names.AUDIO, _AUDIO_CONTENT, m.DATA_CLASS_BLOB_SEQUENCE)
            if isinstance(series, BlobSeries):
                series.add(
                    step, wall, (blob_ref(value.audio.encoded_audio_string, payload, offset, file_no),)
                )
            return
        if which == "tensor":
            self._tensor_value(tag, md, value.tensor, step, wall, payload, offset, file_no)
            return
        if which is None:
            # hparams values carry only metadata: TensorBoard reads them as the null tensor.
            series = self._series(tag, md, None, b"", m.DATA_CLASS_TENSOR)
            if isinstance(series, TensorSeries):
                series.add(step, wall, np.zeros(0, np.float32))

    def _tensor_value(
        self,
        tag: str,
        md: Any,
        tensor: Any,
        step: int,
        wall: float,
        payload: bytes,
        offset: int,
        file_no: int,
    ) -> None:
        array = tensor_to_ndarray(tensor, len(payload))  # first: a damaged tensor makes no series
        series = self._series(tag, md, None, b"", None)
        if isinstance(series, ScalarSeries):
            if array.size != 1 or array.dtype == object or np.iscomplexobj(array):
                raise DecodeError(f"scalar tag holds a tensor of shape {list(array.shape)}")
            series.append(step, wall, float(array.reshape(-1)[0]))
        elif isinstance(series, BlobSeries):
            if array.dtype != object:
                raise DecodeError("blob tag holds a non-string tensor")
            labels: tuple[str, ...] = ()
            if array.ndim == 2 and array.shape[1] == 2:  # audio [k, 2]: clips and their labels
                # A label is Markdown for people to read: a bad byte should not cost the clip.
                labels = tuple(b.decode("utf-8", "replace") for b in array[:, 1].tolist())
                array = array[:, 0]
            blobs = array.reshape(-1).tolist()
            refs = tuple(blob_ref(b, payload, offset, file_no) for b in blobs)
            series.add(step, wall, refs, labels)
        elif isinstance(series, TensorSeries):
            if self.data.meta[tag].plugin_name == names.HISTOGRAMS and array.dtype != object:
                array = array.astype(np.float64)
            series.add(step, wall, array)

    # -- series bookkeeping --------------------------------------------------------------
    def _series(
        self,
        tag: str,
        md: Any,
        plugin: str | None,
        content: bytes,
        data_class: int | None,
    ) -> Series:
        """The series for `tag`, created from the first metadata seen (`plugin` overrides legacy values)."""
        series = self.data.series.get(tag)
        if series is not None:
            return series
        md = md or _NO_METADATA
        if plugin is None:
            pd = md.plugin_data
            plugin = pd.plugin_name if pd is not None else ""
            content = pd.content if pd is not None else b""
        if data_class is None:
            data_class = md.data_class or _infer_data_class(plugin)
        return self._new_series(tag, md, plugin, data_class, content)

    def _new_series(self, tag: str, md: Any, plugin: str, data_class: int, content: bytes = b"") -> Series:
        series: Series
        if data_class == m.DATA_CLASS_SCALAR:
            series = ScalarSeries()
        elif data_class == m.DATA_CLASS_BLOB_SEQUENCE:
            series = BlobSeries()
        else:
            series = TensorSeries()
        self.data.series[tag] = series
        # TensorBoard shows the tag where no display name was logged; do it once, here.
        display = md.display_name or tag
        self.data.meta[tag] = TagMeta(
            plugin or "tensor", content, display, md.summary_description, data_class
        )
        if self._scanner is not None:
            tag_id = self._scanner.intern(tag.encode("utf-8"))
            self._scanner.set_state(tag_id, tag_state(series))
            self._sync_scalar_names()
        return series

    def _purges_step_backs(self) -> bool:
        """Purge rule 2 (module docstring): only runs that declare an old event-file version."""
        version = self.data.file_version
        return version is not None and version < 2

    def _step_back(self, tag: str, series: Series, step: int, path: str) -> None:
        """Before a point at `step` joins `series`: apply purge rule 2 where it holds."""
        last = series.last_step
        if last is None or step >= last or not self._purges_step_backs():
            return
        dropped = series.purge_from(step)
        if dropped:
            self.warn(
                f"{path}: tag {tag!r} stepped back from {last} to {step} in an event file of version "
                f"{self.data.file_version:g}; dropped {dropped} points logged at step >= {step}"
            )

    def _damaged(self, path: str, offset: int, length: int, reason: str) -> None:
        """A stretch of `path` that holds no readable record (call with the lock held)."""
        damage = self._damage
        if damage is not None and damage[0] == path and damage[1] + damage[2] == offset:
            damage[2] += length  # the same stretch, continued in the next chunk
            return
        self._report_damage()
        self._damage = [path, offset, length, reason]

    def _report_damage(self) -> None:
        damage, self._damage = self._damage, None
        if damage is not None:
            path, offset, length, reason = damage
            self.warn(f"{path}: skipped {length} bytes at offset {offset} ({reason})")

    def warn(self, message: str) -> None:
        """Record what was skipped (call with the lock held)."""
        self._report_damage()  # first, so warnings stay in file order
        data = self.data
        data.skipped += 1
        if len(data.warnings) < MAX_WARNINGS:
            data.warnings.append(message)


def _holes(f: Any, offset: int, size: int) -> tuple[int, int]:
    """(where reading may resume, where the next hole starts) for a sparse local file at `offset`.

    The first is `offset` unless `offset` lies in a hole: a hole reads as zeros, and a header of 12
    zero bytes is never valid, so no record starts in it before its last 11 bytes
    (`records.next_record` skips zeros the same way, only slower, since it must read them). The
    second is `size` when no hole follows, and -1 when only a hole follows `offset`: zeros up to the
    end are waited on, not skipped (`records.next_record`). Files without a descriptor (fsspec)
    give (offset, size).
    """
    seek_data, seek_hole = getattr(os, "SEEK_DATA", None), getattr(os, "SEEK_HOLE", None)
    try:
        fd = f.fileno()
        was = os.lseek(fd, 0, os.SEEK_CUR)
    except (AttributeError, OSError, ValueError):
        return offset, size
    if seek_data is None or seek_hole is None:
        return offset, size
    try:
        data = os.lseek(fd, offset, seek_data)
        hole = os.lseek(fd, data, seek_hole)
    except OSError as exc:
        if exc.errno != errno.ENXIO:  # ENXIO: no data after `offset`, a hole up to the end
            return offset, size
        return offset, -1
    finally:
        os.lseek(fd, was, os.SEEK_SET)  # a buffered file trusts its descriptor's position
    return max(offset, min(data, size) - (HEADER_SIZE - 1)), min(hole, size)


def _read_into(f: Any, out: memoryview) -> int:
    """Fill `out` from `f` as far as the file goes; returns the byte count (fsspec files included)."""
    readinto = getattr(f, "readinto", None)
    got = 0
    while got < len(out):
        if readinto is not None:
            n = readinto(out[got:])
        else:
            data = f.read(len(out) - got)
            n = len(data)
            out[got : got + n] = data
        if not n:
            break
        got += n
    return got


class _FileVersion:
    """The first event of a file (wall time and `brain.Event:2`, nothing else), as `Event` shows it."""

    __slots__ = ("file_version", "wall_time")
    step = 0

    def __init__(self, wall_time: float, file_version: str) -> None:
        self.wall_time, self.file_version = wall_time, file_version

    def which(self, _oneof: str) -> str:
        return "file_version"


_WALL = struct.Struct("<d")


def _decode(payload: bytes) -> Any:
    """The decoded Event, or the DecodeError that says why it is unreadable."""
    # Every file starts with one: read here without the message decoder (10,000 small runs: 10%).
    n = len(payload)
    if 11 <= n < 11 + 128 and payload[0] == 0x09 and payload[9] == 0x1A and payload[10] == n - 11:
        try:
            return _FileVersion(_WALL.unpack_from(payload, 1)[0], payload[11:].decode("utf-8"))
        except UnicodeDecodeError:
            pass  # the decoder says what is wrong with it
    try:
        return m.Event.decode(payload)
    except DecodeError as exc:
        return exc
    except Exception as exc:  # the codec raises only DecodeError; this is a safety net
        return DecodeError(_describe(exc))


def _describe(exc: BaseException) -> str:
    """An exception as one short line for a warning."""
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    if isinstance(exc, DecodeError):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _parse_file_version(text: str) -> float | None:
    """`brain.Event:2` -> 2.0. Unreadable text is None: unlike TensorBoard (which reads it as -1,
    an old file, and starts purging on step backs), a damaged version changes nothing."""
    try:
        version = float(text.rsplit("brain.Event:", 1)[-1])
    except ValueError:
        return None
    return None if version != version else version  # NaN is unreadable too


def _infer_data_class(plugin: str) -> int:
    if plugin in _SCALAR_PLUGINS:
        return m.DATA_CLASS_SCALAR
    if plugin in _BLOB_PLUGINS:
        return m.DATA_CLASS_BLOB_SEQUENCE
    return m.DATA_CLASS_TENSOR


def _histogram_to_tensor(histo: Any) -> np.ndarray:
    """Legacy buckets -> rows of (left, right, count), trimmed to the non-empty range (§7.1)."""
    counts = np.asarray(histo.bucket, np.float64)
    limits = np.asarray(histo.bucket_limit, np.float64)
    if len(counts) != len(limits):
        raise DecodeError("histogram has different numbers of bucket limits and counts")
    return it.histogram_rows(histo.min, histo.max, limits, counts)
