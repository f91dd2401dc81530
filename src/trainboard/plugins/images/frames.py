"""The images DataFrame of `trainboard.read(...).images()` (the `trainboard[pandas]` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trainboard.plugins.images.metadata import PLUGIN_NAME, SIZE_BLOBS
from trainboard.store.frames import pandas

if TYPE_CHECKING:
    from trainboard.store import Experiment


def images(exp: Experiment, run: str | None = None, tag: str | None = None) -> Any:
    """One row per picture: run, tag, step, wall_time, index, blob_id, length, width, height (the
    first two entries of each blob sequence; the bytes via `exp.read_blob(blob_id)`)."""
    pd = pandas()
    rows: list[tuple[Any, ...]] = []
    for r, t in exp.select(PLUGIN_NAME, run, tag):
        for datum in exp.blob_series(r, t):
            if len(datum.blobs) < SIZE_BLOBS:
                continue
            width = int(exp.read_blob(datum.blobs[0].blob_id) or 0)
            height = int(exp.read_blob(datum.blobs[1].blob_id) or 0)
            for i, ref in enumerate(datum.blobs[SIZE_BLOBS:]):
                rows.append((r, t, datum.step, datum.wall_time, i, ref.blob_id, ref.length, width, height))
    columns = ["run", "tag", "step", "wall_time", "index", "blob_id", "length", "width", "height"]
    return pd.DataFrame(rows, columns=columns)
