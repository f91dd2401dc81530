"""The images DataFrame of `trainboard.read(...).images()` (the `trainboard[pandas]` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trainboard.plugins.images.metadata import PLUGIN_NAME, SIZE_BLOBS
from trainboard.store.frames import series_frame

if TYPE_CHECKING:
    from trainboard.store import Experiment
    from trainboard.store.series import BlobSequenceDatum


def images(exp: Experiment, run: str | None = None, tag: str | None = None) -> Any:
    """One row per picture: run, tag, step, wall_time, index, blob_id, length, width, height (the
    first two entries of each blob sequence; the bytes via `exp.read_blob(blob_id)`)."""

    def pictures(datum: BlobSequenceDatum) -> list[tuple[Any, ...]]:
        if len(datum.blobs) < SIZE_BLOBS:
            return []
        width = int(exp.read_blob(datum.blobs[0].blob_id) or 0)
        height = int(exp.read_blob(datum.blobs[1].blob_id) or 0)
        return [(i, ref.blob_id, ref.length, width, height) for i, ref in enumerate(datum.blobs[SIZE_BLOBS:])]

    columns = ["index", "blob_id", "length", "width", "height"]
    return series_frame(exp, PLUGIN_NAME, run, tag, exp.blob_series, pictures, columns)
