"""One line per group of runs: a statistic across the members with a band, on the union of their x.

Each member is smoothed at full resolution first (as a single run is), then every member is
interpolated linearly onto the union of the members' x values, within its own first and last x only
(a run that stopped early does not drag the line toward its last value). At each x, the members
present give the centre line (mean or median of the values, and of the smoothed values) and the
band around the smoothed centre:

    minmax   min and max of the smoothed members
    std      mean +- standard deviation (numpy's, ddof=0) of the smoothed members
    sem      mean +- standard error, std(ddof=1) / sqrt(n), 0 where only one member is present

The group is then cut to the zoom window and reduced like a run (`m4` on the smoothed centre), the
band sampled at the same points.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from trainboard.plugins.scalars.series import FullSeries, window
from trainboard.store.sampling import m4

__all__ = ["GroupBand", "GroupLine", "GroupStat", "group_line"]

GroupStat = Literal["mean", "median"]
GroupBand = Literal["minmax", "std", "sem", "none"]


class GroupLine:
    """The group at full resolution on the union grid: centre lines, band, and members per x."""

    def __init__(self, members: Sequence[FullSeries], stat: GroupStat, band: GroupBand) -> None:
        members = [m for m in members if m.x.size]
        self.x = np.unique(np.concatenate([m.x for m in members])) if members else np.zeros(0)
        n = self.x.size
        values = np.full((len(members), n), np.nan)
        smoothed = np.full((len(members), n), np.nan)
        walls = np.full((len(members), n), np.nan)
        for i, m in enumerate(members):
            values[i] = np.interp(self.x, m.x, m.value, left=np.nan, right=np.nan)
            smoothed[i] = np.interp(self.x, m.x, m.smoothed, left=np.nan, right=np.nan)
            walls[i] = np.interp(self.x, m.x, m.wall_time, left=np.nan, right=np.nan)
        with warnings.catch_warnings():
            # A column where every member is NaN (a non-finite logged value) stays NaN, quietly.
            warnings.simplefilter("ignore", RuntimeWarning)
            centre = np.nanmedian if stat == "median" else np.nanmean
            self.value = centre(values, axis=0) if members else np.zeros(0)
            self.smoothed = centre(smoothed, axis=0) if members else np.zeros(0)
            self.wall_time = np.nanmean(walls, axis=0) if members else np.zeros(0)
            self.count = np.sum(np.isfinite(smoothed), axis=0)
            self.lower: np.ndarray | None = None
            self.upper: np.ndarray | None = None
            if members and band == "minmax":
                self.lower, self.upper = np.nanmin(smoothed, axis=0), np.nanmax(smoothed, axis=0)
            elif members and band in ("std", "sem"):
                mean = np.nanmean(smoothed, axis=0)
                if band == "std":
                    spread = np.nanstd(smoothed, axis=0)
                else:
                    spread = np.nanstd(smoothed, axis=0, ddof=1) / np.sqrt(self.count)
                    spread = np.where(self.count > 1, spread, 0.0)
                self.lower, self.upper = mean - spread, mean + spread
        self.total = int(sum(m.x.size for m in members))


def group_line(
    name: str,
    tag: str,
    members: Sequence[FullSeries],
    *,
    stat: GroupStat,
    band: GroupBand,
    points: int,
    start: float | None = None,
    end: float | None = None,
    x_is_step: bool = True,
) -> dict[str, Any]:
    """The group as one series in the shape of `scalars_data`, plus `members` (how many runs). On a
    time axis the group has no step of its own: `step` is NaN there."""
    g = GroupLine(members, stat, band)
    lo, hi = window(g.x, start, end)
    in_range = hi - lo
    if in_range <= points:
        picks = np.arange(lo, hi)
    else:
        picks = m4(g.x[lo:hi], g.smoothed[lo:hi], points).indices + lo
    rows = None
    if g.lower is not None and g.upper is not None:
        xs = g.x[picks]
        rows = {"x_lo": xs, "x_hi": xs, "min": g.lower[picks], "max": g.upper[picks]}
    return {
        "run": name,
        "tag": tag,
        "total": g.total,
        "in_range": in_range,
        "downsampled": in_range > points,
        "x": g.x[picks],
        "step": g.x[picks] if x_is_step else np.full(picks.size, np.nan),
        "wall_time": g.wall_time[picks],
        "value": g.value[picks],
        "smoothed": g.smoothed[picks],
        "band": rows,
        "members": len([m for m in members if m.x.size]),
    }
