"""pandas for DataFrames (the `trainboard[pandas]` extra), and the one frame that knows no plugin.

Each plugin builds its own DataFrame in `plugins/<name>/frames.py` (most with `series_frame`);
`trainboard.read` gathers them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from trainboard.errors import MissingExtraError

if TYPE_CHECKING:
    from trainboard.store.experiment import Experiment


class _Datum(Protocol):
    @property
    def step(self) -> int: ...
    @property
    def wall_time(self) -> float: ...


D = TypeVar("D", bound=_Datum)


def pandas() -> Any:
    """The pandas module, or `MissingExtraError` naming the extra to install."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise MissingExtraError(
            "DataFrames need pandas: pip install 'trainboard[pandas]' "
            "(or use exp.scalar_arrays(run, tag), which needs only numpy)"
        ) from exc
    return pd


def series_frame(
    exp: Experiment,
    plugin: str,
    run: str | None,
    tag: str | None,
    read: Callable[[str, str], Sequence[D]],
    cells: Callable[[D], Iterable[Sequence[Any]]],
    columns: Sequence[str],
) -> Any:
    """The DataFrame of every series of `plugin` that `run` and `tag` select (unknown names raise):
    each point `read(run, tag)` gives makes one row per item of `cells(point)`, after its run, tag,
    step and wall time; `columns` names the cells."""
    pd = pandas()
    rows = [
        (r, t, d.step, d.wall_time, *row)
        for r, t in exp.select(plugin, run, tag)
        for d in read(r, t)
        for row in cells(d)
    ]
    return pd.DataFrame(rows, columns=["run", "tag", "step", "wall_time", *columns])


def tensors(
    exp: Experiment, run: str | None = None, tag: str | None = None, plugin: str | None = None
) -> Any:
    """One row per step: run, tag, plugin, step, wall_time, value (the ndarray)."""
    pd = pandas()
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
