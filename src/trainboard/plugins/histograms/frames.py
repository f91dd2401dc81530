"""The histograms DataFrame of `trainboard.read(...).histograms()` (the `trainboard[pandas]` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from trainboard.plugins.histograms.metadata import PLUGIN_NAME
from trainboard.store.frames import series_frame

if TYPE_CHECKING:
    from trainboard.store import Experiment
    from trainboard.store.series import TensorDatum


def histograms(exp: Experiment, run: str | None = None, tag: str | None = None) -> Any:
    """One row per bucket: run, tag, step, wall_time, left, right, count."""

    def buckets(datum: TensorDatum) -> list[list[float]]:
        return np.asarray(datum.value, np.float64).reshape(-1, 3).tolist()

    return series_frame(exp, PLUGIN_NAME, run, tag, exp.tensor_series, buckets, ["left", "right", "count"])
