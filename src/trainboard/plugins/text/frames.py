"""The text DataFrame of `trainboard.read(...).text()` (the `trainboard[pandas]` extra)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trainboard.plugins.text.metadata import PLUGIN_NAME
from trainboard.store.frames import series_frame

if TYPE_CHECKING:
    from trainboard.store import Experiment
    from trainboard.store.series import TensorDatum


def text(exp: Experiment, run: str | None = None, tag: str | None = None) -> Any:
    """One row per step: run, tag, step, wall_time, text (the first element, decoded as UTF-8)."""

    def first_text(datum: TensorDatum) -> list[tuple[str]]:
        flat = datum.value.reshape(-1)
        first = flat[0] if flat.size else b""
        return [(first.decode("utf-8", "replace") if isinstance(first, bytes) else str(first),)]

    return series_frame(exp, PLUGIN_NAME, run, tag, exp.tensor_series, first_text, ["text"])
