"""pandas DataFrames over an `Experiment` (the `trainboard[pandas]` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from trainboard.errors import MissingExtraError

if TYPE_CHECKING:
    from trainboard.store.experiment import Experiment


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise MissingExtraError(
            "DataFrames need pandas: pip install 'trainboard[pandas]' "
            "(or use exp.scalar_arrays(run, tag), which needs only numpy)"
        ) from exc
    return pandas


def scalars(exp: Experiment, run: str | None, tag: str | None) -> Any:
    """Columns run, tag, step, wall_time, value; one row per point, runs and tags in name order."""
    pd = _pandas()
    pairs = exp.select("scalars", run, tag)
    parts = []
    for r, t in pairs:
        arrays = exp.scalar_arrays(r, t)
        n = len(arrays.step)
        parts.append((r, t, n, arrays))
    total = sum(p[2] for p in parts)
    runs = np.empty(total, object)
    tags = np.empty(total, object)
    at = 0
    for r, t, n, _ in parts:
        runs[at : at + n] = r
        tags[at : at + n] = t
        at += n

    def column(name: str, dtype: Any) -> np.ndarray:
        if not parts:
            return np.empty(0, dtype)
        return np.concatenate([getattr(p[3], name) for p in parts])

    return pd.DataFrame(
        {
            "run": pd.Categorical(runs) if total else pd.Series([], dtype=object),
            "tag": pd.Categorical(tags) if total else pd.Series([], dtype=object),
            "step": column("step", np.int64),
            "wall_time": column("wall_time", np.float64),
            "value": column("value", np.float64),
        }
    )


def histograms(exp: Experiment, run: str | None, tag: str | None) -> Any:
    """One row per bucket: run, tag, step, wall_time, left, right, count."""
    pd = _pandas()
    rows = []
    for r, t in exp.select("histograms", run, tag):
        for datum in exp.tensor_series(r, t):
            value = np.asarray(datum.value, np.float64).reshape(-1, 3)
            for left, right, count in value.tolist():
                rows.append((r, t, datum.step, datum.wall_time, left, right, count))
    return pd.DataFrame(rows, columns=["run", "tag", "step", "wall_time", "left", "right", "count"])


def blobs(exp: Experiment, plugin: str, run: str | None, tag: str | None) -> Any:
    """One row per blob: run, tag, step, wall_time, index, blob_id, length (bytes via `exp.read_blob`).

    Images list their pictures only (the width and height entries of the sequence are columns);
    audio adds each clip's Markdown `label` ("" when the writer gave none).
    """
    pd = _pandas()
    rows: list[tuple[Any, ...]] = []
    for r, t in exp.select(plugin, run, tag):
        for datum in exp.blob_series(r, t):
            blobs_ = datum.blobs
            if plugin == "images" and len(blobs_) >= 2:
                width = int(exp.read_blob(blobs_[0].blob_id) or 0)
                height = int(exp.read_blob(blobs_[1].blob_id) or 0)
                for i, ref in enumerate(blobs_[2:]):
                    rows.append(
                        (r, t, datum.step, datum.wall_time, i, ref.blob_id, ref.length, width, height)
                    )
            else:
                labels = datum.labels
                for i, ref in enumerate(blobs_):
                    row: tuple[Any, ...] = (r, t, datum.step, datum.wall_time, i, ref.blob_id, ref.length)
                    if plugin == "audio":
                        row += (labels[i] if i < len(labels) else "",)
                    rows.append(row)
    columns = ["run", "tag", "step", "wall_time", "index", "blob_id", "length"]
    if plugin == "images":
        columns += ["width", "height"]
    elif plugin == "audio":
        columns.append("label")
    return pd.DataFrame(rows, columns=columns)


def text(exp: Experiment, run: str | None, tag: str | None) -> Any:
    """One row per step: run, tag, step, wall_time, text (the first element, decoded as UTF-8)."""
    pd = _pandas()
    rows = []
    for r, t in exp.select("text", run, tag):
        for datum in exp.tensor_series(r, t):
            flat = datum.value.reshape(-1)
            first = flat[0] if flat.size else b""
            value = first.decode("utf-8", "replace") if isinstance(first, bytes) else str(first)
            rows.append((r, t, datum.step, datum.wall_time, value))
    return pd.DataFrame(rows, columns=["run", "tag", "step", "wall_time", "text"])


def tensors(exp: Experiment, run: str | None, tag: str | None, plugin: str | None) -> Any:
    """One row per step: run, tag, plugin, step, wall_time, value (the ndarray)."""
    pd = _pandas()
    plugins = [plugin] if plugin else sorted({p for tags in exp.tags().values() for p in tags})
    rows: list[tuple[Any, ...]] = []
    for p in plugins:
        try:
            pairs = exp.select(p, run, tag)
        except KeyError:
            if plugin:
                raise
            continue
        for r, t in pairs:
            try:
                series = exp.tensor_series(r, t)
            except KeyError:
                continue  # scalars and blobs have their own frames
            rows.extend((r, t, p, d.step, d.wall_time, d.value) for d in series)
    if tag is not None and not rows and not plugin:
        exp.select("tensor", run, tag)  # raises TagNotFoundError naming the known tags
    return pd.DataFrame(rows, columns=["run", "tag", "plugin", "step", "wall_time", "value"])
