"""The audio DataFrame of `trainboard.read(...).audio()` (the `trainboard[pandas]` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trainboard.plugins.audio.metadata import PLUGIN_NAME
from trainboard.store.frames import series_frame

if TYPE_CHECKING:
    from trainboard.store import Experiment
    from trainboard.store.series import BlobSequenceDatum


def audio(exp: Experiment, run: str | None = None, tag: str | None = None) -> Any:
    """One row per clip: run, tag, step, wall_time, index, blob_id, length (the bytes via
    `exp.read_blob(blob_id)`) and its Markdown label ("" when the writer gave none)."""

    def clips(datum: BlobSequenceDatum) -> list[tuple[Any, ...]]:
        labels = datum.labels
        return [
            (i, ref.blob_id, ref.length, labels[i] if i < len(labels) else "")
            for i, ref in enumerate(datum.blobs)
        ]

    columns = ["index", "blob_id", "length", "label"]
    return series_frame(exp, PLUGIN_NAME, run, tag, exp.blob_series, clips, columns)
