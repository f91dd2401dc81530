"""`trainboard export`: one self-contained HTML report of a logdir's scalars and hparams (docs/report.md).

The page is the report app the frontend build leaves in `static/report.html` (one file: its script and
styles inlined), with the data put in place of two placeholders:

- `REPORT_META`: JSON naming the runs, tags, series, hparams table and where each series' columns sit
  in the binary part;
- `REPORT_BINARY`: base64 of one little-endian buffer holding every series' columns, each aligned to
  its element size.

A series is stored in one of two ways, chosen so the whole file stays within `--max_size`:

- **raw**: every point, steps as (first, stride) when evenly spaced or float64 otherwise, values as
  float32;
- **levels**: a pyramid of fixed-grid envelopes over [first step, last step], coarsest first
  (`LEVEL_TOP` buckets, then 4x finer per level while the budget lasts), each bucket's min, max and
  mean of the finite values quantised to uint16 over the series' own range (`EMPTY` marks an empty
  bucket). The page draws the coarsest level that still has enough buckets in the zoomed window, so a
  spike shows at every zoom as the band's edge.

The budget is shared greedily: series in order of their raw size each take raw if it fits their fair
share of what is left, else levels filling that share.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from trainboard._version import __version__
from trainboard.cli import OneLineParser, expand_home
from trainboard.errors import ExportError, LogdirError, PublicError
from trainboard.plugins.hparams.sessions import run_hparams
from trainboard.server.frontend import BUILD_COMMAND, STATIC_DIR
from trainboard.server.progress import TerminalProgress
from trainboard.store import Experiment
from trainboard.store.sampling import grid_envelope

__all__ = ["DEFAULT_MAX_BYTES", "ExportError", "ExportResult", "export_report", "main"]

TEMPLATE = STATIC_DIR / "report.html"
REPORT_META = "__TRAINBOARD_REPORT_META__"
REPORT_BINARY = "__TRAINBOARD_REPORT_BINARY__"
FORMAT_VERSION = 1

# The budget: 100 runs x 10 tags x 10,000 steps in one 10 MB file (benchmarks/report.py).
DEFAULT_MAX_BYTES = 10_000_000
# The coarsest level: about one bucket per two pixels of a card, as the dashboard asks its server for.
LEVEL_TOP = 256
# Never coarser than this, even when thousands of series share the budget.
LEVEL_MIN = 32
LEVEL_FACTOR = 4
# A finer level is worth storing only while each bucket still averages at least this many points.
MIN_POINTS_PER_BUCKET = 2
# Above this many points a series is stored as levels even when raw would fit: the page smooths and
# draws every raw point on each slider move.
RAW_MAX_POINTS = 20_000
# uint16 codes: 0..QUANT_MAX spans the series' [min, max]; EMPTY marks a bucket without finite values.
QUANT_MAX = 65534
EMPTY = 65535
# Bytes per bucket (min, max, mean as uint16).
BUCKET_BYTES = 6
# JSON per series (names, offsets, levels), reserved before the budget is split.
META_BYTES_PER_SERIES = 200
# Progress lines are redrawn at most this often.
PROGRESS_SECS = 0.2


@dataclass(frozen=True)
class ExportResult:
    """What `export_report` wrote."""

    path: Path
    bytes: int
    runs: int
    series: int
    points: int
    raw_series: int
    seconds: float


def export_report(
    logdir: Any,
    output: str | Path,
    *,
    title: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stream: TextIO | None = None,
) -> ExportResult:
    """Write the scalars and hparams of `logdir` into one HTML file that opens without a server.

        export_report("logs", "report.html")

    Raises `ExportError` for a logdir that is missing or holds no scalars, or a missing frontend build.
    """
    started = time.monotonic()
    stream = stream if stream is not None else sys.stderr
    if not TEMPLATE.is_file():
        raise ExportError(f"the report page is not built ({TEMPLATE} is missing): run {BUILD_COMMAND}")
    exp = _load(logdir, stream)
    series = [(run, tag) for run, tags in sorted(exp.tag_infos("scalars").items()) for tag in sorted(tags)]
    names = ", ".join(exp.logdirs)
    if not series:
        raise ExportError(f"logdir {names} holds no scalars; pass the folder your SummaryWriter writes to")
    template = TEMPLATE.read_text(encoding="utf-8")
    runs = sorted({run for run, _tag in series})
    tags = sorted({tag for _run, tag in series})
    meta: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "title": title or names,
        "logdir": names,
        "created": time.time(),
        "trainboard": __version__,
        "runs": runs,
        "tags": tags,
        "hparams": _hparams_table(exp, runs),
        "series": [],
    }
    fixed = len(template) + len(_json(meta)) + META_BYTES_PER_SERIES * len(series)
    # base64 turns 3 bytes into 4.
    budget = max(0, (max_bytes - fixed) * 3 // 4)
    columns = _read_columns(exp, series, stream)
    # The JSON part was estimated: when the page comes out larger, shrink the binary part by the excess.
    for _attempt in range(4):
        buffer, meta["series"], raw_count = _encode_all(columns, budget)
        page = template.replace(REPORT_META, _json(meta), 1).replace(REPORT_BINARY, buffer.base64(), 1)
        excess = len(page.encode("utf-8")) - max_bytes
        if excess <= 0 or budget == 0:
            break
        budget = max(0, budget - excess * 3 // 4 - budget // 200)
    if excess > 0:
        need = (len(page.encode("utf-8")) + 999_999) // 1_000_000
        print(
            f"trainboard export: warning: {len(series)} series need at least {need} MB at "
            f"{LEVEL_MIN} buckets each, over --max_size {max_bytes / 1e6:g} MB",
            file=stream,
        )
    out = Path(output)
    out.write_text(page, encoding="utf-8")
    return ExportResult(
        path=out,
        bytes=len(page.encode("utf-8")),
        runs=len(runs),
        series=len(series),
        points=sum(c.count for c in columns),
        raw_series=raw_count,
        seconds=time.monotonic() - started,
    )


# -- loading -------------------------------------------------------------------------------------


def _load(logdir: Any, stream: TextIO) -> Experiment:
    exp = Experiment(logdir)
    try:
        exp.check_logdirs()
    except LogdirError as exc:
        raise ExportError(str(exc)) from exc
    missing = [p for p in exp.logdirs if "://" not in p and not Path(p).exists()]
    if missing and len(missing) == len(exp.logdirs):
        raise ExportError(f"logdir {missing[0]} does not exist; pass the folder your SummaryWriter writes to")
    progress = TerminalProgress(stream)
    started = time.monotonic()
    failure: list[BaseException] = []

    def reload() -> None:
        try:
            exp.reload()
        except BaseException as exc:  # re-raised in the caller's thread below
            failure.append(exc)

    worker = threading.Thread(target=reload, name="trainboard-export-load", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(PROGRESS_SECS)
        progress.update(exp.progress)
    if failure:
        if isinstance(failure[0], LogdirError):
            raise ExportError(str(failure[0])) from failure[0]
        raise failure[0]
    progress.done(exp.progress, time.monotonic() - started)
    return exp


@dataclass
class _Columns:
    run: int
    tag: int
    step: np.ndarray  # float64, ascending
    value: np.ndarray  # float64
    count: int = 0
    stride: float | None = None  # steps are step[0] + i * stride
    raw_bytes: int = field(init=False)

    def __post_init__(self) -> None:
        self.count = int(self.step.size)
        if self.count >= 2:
            stride = (self.step[-1] - self.step[0]) / (self.count - 1)
            if stride > 0 and np.array_equal(self.step, self.step[0] + stride * np.arange(self.count)):
                self.stride = float(stride)
        elif self.count == 1:
            self.stride = 1.0
        self.raw_bytes = self.count * (4 if self.stride is not None else 12)


def _read_columns(exp: Experiment, series: list[tuple[str, str]], stream: TextIO) -> list[_Columns]:
    runs = {run: i for i, run in enumerate(sorted({r for r, _t in series}))}
    tags = {tag: i for i, tag in enumerate(sorted({t for _r, t in series}))}
    line = _ProgressLine(stream, "encoding", len(series))
    out = []
    for done, (run, tag) in enumerate(series):
        arrays = exp.scalar_arrays(run, tag)
        step = np.asarray(arrays.step, dtype=np.float64)
        value = np.asarray(arrays.value, dtype=np.float64)
        if step.size > 1 and np.any(np.diff(step) < 0):
            order = np.argsort(step, kind="stable")
            step, value = step[order], value[order]
        out.append(_Columns(runs[run], tags[tag], step, value))
        line.update(done + 1)
    line.done()
    return out


class _ProgressLine:
    """`encoding [####....] 40%  400/1000 series`, redrawn in place on a terminal only."""

    def __init__(self, stream: TextIO, what: str, total: int) -> None:
        self.stream, self.what, self.total = stream, what, total
        self.interactive = stream.isatty()
        self._last = 0.0

    def update(self, done: int) -> None:
        now = time.monotonic()
        if not self.interactive or (now - self._last < PROGRESS_SECS and done < self.total):
            return
        self._last = now
        fraction = done / max(1, self.total)
        bar = "#" * int(fraction * 30)
        self.stream.write(f"\r{self.what} [{bar:.<30}] {fraction:4.0%}  {done}/{self.total} series\x1b[K")
        self.stream.flush()

    def done(self) -> None:
        if self.interactive:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


# -- encoding ------------------------------------------------------------------------------------


def _encode_all(columns: list[_Columns], budget: int) -> tuple[_Buffer, list[dict[str, Any]], int]:
    """Every series into one buffer within `budget` bytes: smallest first, each taking a fair share."""
    buffer = _Buffer()
    raw_count = 0
    order = sorted(range(len(columns)), key=lambda i: columns[i].raw_bytes)
    left = budget
    encoded: list[dict[str, Any]] = [{}] * len(columns)
    for done, i in enumerate(order):
        share = left // (len(order) - done)
        before = buffer.size
        encoded[i] = _encode(columns[i], share, buffer)
        raw_count += "raw" in encoded[i]
        left -= buffer.size - before
    return buffer, encoded, raw_count


class _Buffer:
    """The binary part: arrays appended at offsets aligned to their element size."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self.size = 0

    def add(self, array: np.ndarray) -> int:
        align = array.dtype.itemsize
        pad = -self.size % align
        if pad:
            self._parts.append(b"\0" * pad)
            self.size += pad
        offset = self.size
        data = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
        self._parts.append(data)
        self.size += len(data)
        return offset

    def base64(self) -> str:
        return base64.b64encode(b"".join(self._parts)).decode("ascii")


def _encode(cols: _Columns, share: int, buffer: _Buffer) -> dict[str, Any]:
    entry: dict[str, Any] = {"run": cols.run, "tag": cols.tag, "count": cols.count}
    if cols.count == 0:
        entry["raw"] = {"start": 0, "stride": 1, "values": buffer.add(np.zeros(0, np.float32))}
        return entry
    levels = _level_sizes(cols.count, share)
    # Too little share for even the coarsest level: the cheaper of every point and LEVEL_MIN buckets.
    smallest = cols.raw_bytes <= LEVEL_MIN * BUCKET_BYTES
    if cols.count <= RAW_MAX_POINTS and (cols.raw_bytes <= share or (not levels and smallest)):
        raw: dict[str, Any] = {"values": buffer.add(cols.value.astype(np.float32))}
        if cols.stride is not None:
            raw.update(start=float(cols.step[0]), stride=cols.stride)
        else:
            raw["steps"] = buffer.add(cols.step)
        entry["raw"] = raw
        return entry
    finite = cols.value[np.isfinite(cols.value)]
    lo = float(finite.min()) if finite.size else 0.0
    hi = float(finite.max()) if finite.size else 0.0
    start, end = float(cols.step[0]), float(cols.step[-1])
    stored = []
    for buckets in levels or [min(LEVEL_MIN, cols.count)]:
        env = grid_envelope(cols.step, cols.value, start, end, buckets)
        codes = np.concatenate([_quantise(column, lo, hi) for column in (env.min, env.max, env.mean)])
        stored.append({"buckets": buckets, "offset": buffer.add(codes)})
    entry["levels"] = {"start": start, "end": end, "lo": lo, "hi": hi, "levels": stored}
    return entry


def _level_sizes(count: int, share: int) -> list[int]:
    """Bucket counts, coarsest first, that fit `share` bytes: LEVEL_TOP, 4x finer each, then what is left."""
    most = count // MIN_POINTS_PER_BUCKET
    top = min(LEVEL_TOP, share // BUCKET_BYTES, most)
    if top < LEVEL_MIN:
        return []
    sizes = [top]
    left = share - top * BUCKET_BYTES
    while True:
        finer = min(sizes[-1] * LEVEL_FACTOR, left // BUCKET_BYTES, most)
        # A level less than twice as fine as the last adds little detail for its bytes.
        if finer < 2 * sizes[-1]:
            return sizes
        sizes.append(finer)
        left -= finer * BUCKET_BYTES


def _quantise(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    scale = QUANT_MAX / (hi - lo) if hi > lo else 0.0
    codes = np.full(values.shape, EMPTY, dtype=np.uint16)
    ok = ~np.isnan(values)
    codes[ok] = np.clip(np.rint((values[ok] - lo) * scale), 0, QUANT_MAX).astype(np.uint16)
    return codes


def _hparams_table(exp: Experiment, runs: list[str]) -> dict[str, Any]:
    """Hyperparameters and last metric values by run, for the report's table (runs without any left out)."""
    data = run_hparams(exp)
    hparams: dict[str, None] = {}
    metrics: dict[str, None] = {}
    rows = []
    for run in runs:
        values = data.hparams.get(run, {})
        last = data.metrics.get(run, {})
        if not values and not last:
            continue
        hparams.update(dict.fromkeys(values))
        metrics.update(dict.fromkeys(last))
        rows.append(
            {
                "run": run,
                "hparams": {k: _json_value(v) for k, v in values.items()},
                "metrics": {k: _json_value(v) for k, v in last.items()},
            }
        )
    return {"hparams": list(hparams), "metrics": list(metrics), "rows": rows}


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _json(obj: Any) -> str:
    # Inside <script>, "</script" would end the element and "<!--" would open a comment; "<" only
    # occurs inside JSON strings, where \u003c means the same character.
    return json.dumps(obj, separators=(",", ":"), allow_nan=False).replace("<", "\\u003c")


# -- the command ---------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="trainboard export",
        description="Write a logdir's scalar charts and hparams table into one HTML file that opens "
        "from disk, with no server and no network.",
    )
    parser.add_argument("--logdir", required=True, help="the logdir to export (a path or an fsspec URL)")
    parser.add_argument("-o", "--output", default="report.html", help="the HTML file to write (report.html)")
    parser.add_argument("--title", default=None, help="the report's title (default: the logdir)")
    parser.add_argument(
        "--max_size",
        type=float,
        default=DEFAULT_MAX_BYTES / 1e6,
        help="largest file to write, in MB; long series keep less zoom detail to fit (default 10)",
    )
    return parser


def main(argv: Sequence[str]) -> int:
    """`trainboard export --logdir logs -o report.html`; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if not args.max_size > 0:
        parser.error(f"--max_size must be above 0 MB, not {args.max_size}")
    try:
        result = export_report(
            expand_home(args.logdir), args.output, title=args.title, max_bytes=int(args.max_size * 1e6)
        )
    except (PublicError, OSError) as exc:
        print(f"trainboard export: error: {exc}", file=sys.stderr)
        return 1
    print(
        f"wrote {result.path}: {result.bytes / 1e6:.2f} MB, {result.runs} runs, "
        f"{result.series} series, {result.points:,} points ({result.raw_series} series with every point) "
        f"in {result.seconds:.1f} s",
        file=sys.stderr,
    )
    return 0
