"""The histograms DataFrame of `trainboard.read(...).histograms()` (the `trainboard[pandas]` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from trainboard.plugins.histograms.metadata import PLUGIN_NAME
from trainboard.store.frames import pandas

if TYPE_CHECKING:
    from trainboard.store import Experiment


def histograms(exp: Experiment, run: str | None = None, tag: str | None = None) -> Any:
    """One row per bucket: run, tag, step, wall_time, left, right, count."""
    pd = pandas()
    rows = []
    for r, t in exp.select(PLUGIN_NAME, run, tag):
        for datum in exp.tensor_series(r, t):
            value = np.asarray(datum.value, np.float64).reshape(-1, 3)
            for left, right, count in value.tolist():
                rows.append((r, t, datum.step, datum.wall_time, left, right, count))
    return pd.DataFrame(rows, columns=["run", "tag", "step", "wall_time", "left", "right", "count"])
