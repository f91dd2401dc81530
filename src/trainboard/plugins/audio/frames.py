"""The audio DataFrame of `trainboard.read(...).audio()` (the `trainboard[pandas]` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trainboard.plugins.audio.metadata import PLUGIN_NAME
from trainboard.store.frames import pandas

if TYPE_CHECKING:
    from trainboard.store import Experiment


def audio(exp: Experiment, run: str | None = None, tag: str | None = None) -> Any:
    """One row per clip: run, tag, step, wall_time, index, blob_id, length (the bytes via
    `exp.read_blob(blob_id)`) and its Markdown label ("" when the writer gave none)."""
    pd = pandas()
    rows: list[tuple[Any, ...]] = []
    for r, t in exp.select(PLUGIN_NAME, run, tag):
        for datum in exp.blob_series(r, t):
            labels = datum.labels
            for i, ref in enumerate(datum.blobs):
                label = labels[i] if i < len(labels) else ""
                rows.append((r, t, datum.step, datum.wall_time, i, ref.blob_id, ref.length, label))
    columns = ["run", "tag", "step", "wall_time", "index", "blob_id", "length", "label"]
    return pd.DataFrame(rows, columns=columns)
