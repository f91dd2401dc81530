"""The scalars DataFrame of `trainboard.read(...).scalars()` (the `trainboard[pandas]` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from trainboard.plugins.scalars.metadata import PLUGIN_NAME
from trainboard.store.frames import pandas

if TYPE_CHECKING:
    from trainboard.store import Experiment


def scalars(exp: Experiment, run: str | None = None, tag: str | None = None) -> Any:
    """Columns run, tag, step, wall_time, value; one row per point, runs and tags in name order."""
    pd = pandas()
    parts = []
    for r, t in exp.select(PLUGIN_NAME, run, tag):
        arrays = exp.scalar_arrays(r, t)
        parts.append((r, t, len(arrays.step), arrays))
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
