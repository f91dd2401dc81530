"""The text DataFrame of `trainboard.read(...).text()` (the `trainboard[pandas]` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trainboard.plugins.text.metadata import PLUGIN_NAME
from trainboard.store.frames import pandas

if TYPE_CHECKING:
    from trainboard.store import Experiment


def text(exp: Experiment, run: str | None = None, tag: str | None = None) -> Any:
    """One row per step: run, tag, step, wall_time, text (the first element, decoded as UTF-8)."""
    pd = pandas()
    rows = []
    for r, t in exp.select(PLUGIN_NAME, run, tag):
        for datum in exp.tensor_series(r, t):
            flat = datum.value.reshape(-1)
            first = flat[0] if flat.size else b""
            value = first.decode("utf-8", "replace") if isinstance(first, bytes) else str(first)
            rows.append((r, t, datum.step, datum.wall_time, value))
    return pd.DataFrame(rows, columns=["run", "tag", "step", "wall_time", "text"])
