"""The three shapes every series takes in the store: scalar columns, tensors, blob sequences.

All three share one small surface: `count`, `first_step`, `last_step`, `last_wall_time` (all four
at once: `extent()`), and `purge_from(step)`, which drops every point at or after `step` (restarts,
see `loader.py`). Points are kept in the order they were logged: a step that goes back is kept
(only the loader purges, where a restart says so), so steps are not always increasing.
What they hand out cannot be changed by the reader: frozen dataclasses and read-only numpy views.
"""

from __future__ import annotations

import itertools
import struct
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

# Capacity grows by a quarter each time: amortised O(1) appends, and at most 25% slack, so a
# series never holds more than 30 bytes a point (three 8-byte columns; 20 when compact). A bulk
# load allocates its exact size, and `trim` takes a series that grew chunk by chunk back to ~6% slack.
_GROWTH = 1.25
_MIN_CAPACITY = 16
_TRIM_SLACK = 1 / 16
# Every change of any scalar series takes the next number, so a `version` names one state of one
# series for the life of the process (a run removed and logged again gets new numbers).
_VERSIONS = itertools.count(1)


class ScalarArrays(NamedTuple):
    """Read-only numpy columns of one scalar series, one entry per point, in the order logged."""

    step: np.ndarray  # int64
    wall_time: np.ndarray  # float64
    value: np.ndarray  # float64


@dataclass(frozen=True)
class TensorDatum:
    """One point of a tensor series: a histogram as [k, 3], a PR curve as [6, n], text as strings."""

    step: int
    wall_time: float
    value: np.ndarray = field(compare=False)


@dataclass(frozen=True)
class BlobRef:
    """An opaque handle on one blob; `Experiment.read_blob(blob_id)` returns its bytes."""

    blob_id: str
    length: int


@dataclass(frozen=True)
class BlobSequenceDatum:
    """One point of a blob sequence (images, audio, video): for images the blobs are [w, h, png...].

    `labels` holds one Markdown label per blob when the writer gave them (TF2 audio's [k, 2]
    tensors), and is empty otherwise (legacy audio, images).
    """

    step: int
    wall_time: float
    blobs: tuple[BlobRef, ...]
    labels: tuple[str, ...] = ()


class ScalarSeries:
    """Growing `step`, `wall_time`, `value` columns, handed out as int64, float64, float64.

    Kept compact where that loses nothing: steps as int32 while every step fits, values as float32
    while every value is exactly a float32 (torch's `simple_value` always is); the first point that
    does not fit widens its column for good. A point costs 16 bytes instead of 24.
    Appends copy into fresh arrays when capacity runs out (never resize in place): a reader may
    still hold a view of the old arrays, and those stay valid.
    """

    __slots__ = ("_n", "_step", "_value", "_version", "_wall")

    def __init__(self) -> None:
        self._n = 0
        self._version = next(_VERSIONS)
        self._step = np.empty(0, np.int32)
        self._wall = np.empty(0, np.float64)
        self._value = np.empty(0, np.float32)

    @classmethod
    def of(cls, steps: np.ndarray, walls: np.ndarray, values: np.ndarray) -> ScalarSeries:
        """A series of these columns. Columns that cannot be kept compact are taken as they are (no
        copy): the caller gives up writing to them; the first append copies them, as any append
        past capacity does."""
        series = cls.__new__(cls)
        series._version = next(_VERSIONS)
        series._n = len(steps)
        series._step = steps.astype(np.int32, copy=False) if _fits_int32(steps) else steps
        series._wall = walls
        series._value = values.astype(np.float32, copy=False) if _fits_float32(values) else values
        return series

    @property
    def count(self) -> int:
        return self._n

    @property
    def first_step(self) -> int | None:
        return int(self._step[0]) if self._n else None

    @property
    def last_step(self) -> int | None:
        return int(self._step[self._n - 1]) if self._n else None

    @property
    def last_wall_time(self) -> float | None:
        return float(self._wall[self._n - 1]) if self._n else None

    def extent(self) -> tuple[int, int | None, int | None, float | None]:
        """(count, first_step, last_step, last_wall_time) in one call, as Python numbers."""
        n = self._n
        if not n:
            return 0, None, None, None
        step = self._step
        return n, step.item(0), step.item(n - 1), self._wall.item(n - 1)

    @property
    def nbytes(self) -> int:
        return self._step.nbytes + self._wall.nbytes + self._value.nbytes

    @property
    def version(self) -> int:
        """Changes whenever the points do (append, extend, purge): what the chart caches key on."""
        return self._version

    def arrays(self) -> ScalarArrays:
        """The current points (int64, float64, float64); later appends do not change what they show."""
        n = self._n
        out = []
        for col, dtype in ((self._step, np.int64), (self._wall, np.float64), (self._value, np.float64)):
            view = col[:n] if col.dtype == dtype else col[:n].astype(dtype)
            view.flags.writeable = False
            out.append(view)
        return ScalarArrays(*out)

    def columns(self) -> ScalarArrays:
        """Read-only views of the columns as kept (int32 steps and float32 values when compact),
        for the column cache; `arrays()` is what readers get."""
        n = self._n
        out = []
        for col in (self._step, self._wall, self._value):
            view = col[:n]
            view.flags.writeable = False
            out.append(view)
        return ScalarArrays(*out)

    def append(self, step: int, wall_time: float, value: float) -> None:
        """Add one point after the others, whatever its step."""
        n = self._n
        if (
            n == len(self._step)
            or (self._step.dtype == np.int32 and not _INT32.min <= step <= _INT32.max)
            or (self._value.dtype == np.float32 and not _is_float32(value))
        ):
            self.extend(
                np.array([step], np.int64), np.array([wall_time], np.float64), np.array([value], np.float64)
            )
            return
        self._step[n] = step
        self._wall[n] = wall_time
        self._value[n] = value
        self._n = n + 1
        self._version = next(_VERSIONS)

    def steps_back(self, steps: np.ndarray) -> bool:
        """Whether appending `steps` (in order) would take a step lower than the one before it."""
        if not len(steps):
            return False
        n = self._n
        return bool((n and steps[0] < self._step[n - 1]) or np.any(steps[1:] < steps[:-1]))

    def extend(self, steps: np.ndarray, walls: np.ndarray, values: np.ndarray) -> None:
        """Add many points after the others, in order."""
        k = len(steps)
        if k == 0:
            return
        n = self._n
        widen_step = self._step.dtype == np.int32 and not _fits_int32(steps)
        widen_value = self._value.dtype == np.float32 and not _fits_float32(values)
        if n + k > len(self._step) or widen_step or widen_value:
            self._reserve(n + k, widen_step, widen_value)
        self._step[n : n + k] = steps
        self._wall[n : n + k] = walls
        self._value[n : n + k] = values
        self._n = n + k
        self._version = next(_VERSIONS)

    def purge_from(self, step: int) -> int:
        """Drop every point with a step >= `step`; returns how many were dropped."""
        n = self._n
        kept = self._step[:n] < step
        keep = int(np.count_nonzero(kept))
        if keep == n:
            return 0
        # Fresh arrays, so views already handed out keep showing what they showed.
        steps, walls, values = self._step[:n][kept], self._wall[:n][kept], self._value[:n][kept]
        self._copy_into(max(keep, _MIN_CAPACITY), 0)
        self._step[:keep], self._wall[:keep], self._value[:keep] = steps, walls, values
        self._n = keep
        self._version = next(_VERSIONS)
        return n - keep

    def trim(self) -> None:
        """Give back spare capacity after a bulk load, keeping a little room for live appends."""
        n = self._n
        target = max(_MIN_CAPACITY, n + int(n * _TRIM_SLACK))
        if len(self._step) > target:
            self._copy_into(target, n)

    def _reserve(self, needed: int, widen_step: bool = False, widen_value: bool = False) -> None:
        capacity = max(_MIN_CAPACITY, needed, int(len(self._step) * _GROWTH))
        self._copy_into(capacity, self._n, widen_step, widen_value)

    def _copy_into(
        self, capacity: int, keep: int, widen_step: bool = False, widen_value: bool = False
    ) -> None:
        step = np.empty(capacity, np.int64 if widen_step else self._step.dtype)
        wall = np.empty(capacity, np.float64)
        value = np.empty(capacity, np.float64 if widen_value else self._value.dtype)
        step[:keep] = self._step[:keep]
        wall[:keep] = self._wall[:keep]
        value[:keep] = self._value[:keep]
        self._step, self._wall, self._value = step, wall, value


_INT32 = np.iinfo(np.int32)
_F32 = struct.Struct("<f")


def _fits_int32(steps: np.ndarray) -> bool:
    if steps.dtype == np.int32:
        return True
    return not len(steps) or bool(_INT32.min <= steps.min() and steps.max() <= _INT32.max)


def _is_float32(value: float) -> bool:
    try:
        narrow = _F32.unpack(_F32.pack(value))[0]
    except OverflowError:
        return False
    return bool(narrow == value or (narrow != narrow and value != value))


def compact(steps: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Steps as int32 and values as float32 where every one fits (what `ScalarSeries` keeps): one
    check for a whole scan's columns instead of one per tag (10,000 small runs: 50,000 checks)."""
    if steps.dtype != np.int32 and _fits_int32(steps):
        steps = steps.astype(np.int32)
    if values.dtype != np.float32 and _fits_float32(values):
        values = values.astype(np.float32)
    return steps, values


def _fits_float32(values: np.ndarray) -> bool:
    """Whether every value is exactly a float32 (NaN and infinities included)."""
    if values.dtype == np.float32:
        return True
    with np.errstate(over="ignore", invalid="ignore"):
        narrow = values.astype(np.float32)
    return bool(np.array_equal(narrow, values, equal_nan=True))


class _ListSeries:
    """A series kept as a Python list of frozen points with `step` and `wall_time`."""

    __slots__ = ("_points",)

    def __init__(self) -> None:
        self._points: list = []

    @property
    def count(self) -> int:
        return len(self._points)

    @property
    def first_step(self) -> int | None:
        return self._points[0].step if self._points else None

    @property
    def last_step(self) -> int | None:
        return self._points[-1].step if self._points else None

    @property
    def last_wall_time(self) -> float | None:
        return self._points[-1].wall_time if self._points else None

    def extent(self) -> tuple[int, int | None, int | None, float | None]:
        """(count, first_step, last_step, last_wall_time) in one call."""
        points = self._points
        if not points:
            return 0, None, None, None
        return len(points), points[0].step, points[-1].step, points[-1].wall_time

    def _add(self, datum: TensorDatum | BlobSequenceDatum) -> None:
        self._points.append(datum)

    def purge_from(self, step: int) -> int:
        points = self._points
        kept = [p for p in points if p.step < step]
        dropped = len(points) - len(kept)
        if dropped:
            # A new list, so a snapshot already handed out is left as it was.
            self._points = kept
        return dropped

    def trim(self) -> None:
        pass


class TensorSeries(_ListSeries):
    """Per step, one read-only ndarray (histograms [k, 3], PR curves [6, n], text, meshes)."""

    __slots__ = ()

    def add(self, step: int, wall_time: float, value: np.ndarray) -> None:
        value.flags.writeable = False
        self._add(TensorDatum(step, wall_time, value))

    def data(self) -> list[TensorDatum]:
        return list(self._points)


class BlobSeries(_ListSeries):
    """Per step, references to blobs that stay in the event file until someone asks for them."""

    __slots__ = ()

    def add(
        self, step: int, wall_time: float, blobs: tuple[BlobRef, ...], labels: tuple[str, ...] = ()
    ) -> None:
        self._add(BlobSequenceDatum(step, wall_time, blobs, labels))

    def data(self) -> list[BlobSequenceDatum]:
        return list(self._points)


Series = ScalarSeries | TensorSeries | BlobSeries
