"""Histograms as summaries: torch's binning rules, vectorised (spec event-format.md §6.2).

With the default bins ("tensorflow") the 1549 edges are fixed, so counting is one sort and one
``searchsorted``: the same counts ``numpy.histogram`` gives for explicit edges, without its
per-call conversion and checks of a 1549-element list. Any other ``bins`` goes to ``numpy.histogram``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from trainboard.events import messages as m

__all__ = ["DEFAULT_BINS", "histogram", "histogram_proto", "histogram_raw"]


def _default_bins() -> list[float]:
    # Repeated multiplication in double precision, as torch does, so the edges are bit-identical.
    edge = 1e-12
    positive = []
    while edge < 1e20:
        positive.append(edge)
        edge *= 1.1
    return [-e for e in reversed(positive)] + [0.0] + positive


DEFAULT_BINS: list[float] = _default_bins()
_DEFAULT_EDGES = np.array(DEFAULT_BINS, dtype=np.float64)
_DEFAULT_EDGES.flags.writeable = False


def histogram_proto(
    values: np.ndarray, bins: Any = "tensorflow", max_bins: int | None = None
) -> m.HistogramProto:
    """A `HistogramProto` of ``values`` (any shape), equal to what torch's ``make_histogram`` builds.

    histogram_proto(np.array([0.5, 1.5, 1.5, 3.0]))   # 21 buckets over torch's default edges
    """
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    if values.size == 0:
        raise ValueError("values is empty; add_histogram needs at least one value")
    if isinstance(bins, str) and bins == "tensorflow":
        edges = _DEFAULT_EDGES
        ordered = np.sort(values)
        cumulative = np.empty(edges.size, dtype=np.int64)
        cumulative[:-1] = ordered.searchsorted(edges[:-1], "left")
        cumulative[-1] = ordered.searchsorted(edges[-1], "right")
        counts = np.diff(cumulative)
    else:
        counts, edges = np.histogram(values, bins=bins)
    if max_bins is not None and counts.size > max_bins:
        counts, edges = _merge_bins(counts, edges, int(max_bins))
    nonzero = np.flatnonzero(counts)
    if nonzero.size == 0:
        raise ValueError(
            f"every one of the {values.size} values lies outside the bins "
            f"[{edges[0]:g}, {edges[-1]:g}]; pass bins that cover them (e.g. bins='auto')"
        )
    start = int(nonzero[0])
    end = int(nonzero[-1]) + 1
    # TensorBoard stores right edges only; a leading empty bucket carries the leftmost edge.
    if start > 0:
        kept = counts[start - 1 : end]
    else:
        kept = np.concatenate([[0], counts[:end]])
    limits = edges[start : end + 1]
    return m.HistogramProto(
        min=values.min(),
        max=values.max(),
        num=len(values),
        sum=values.sum(),
        sum_squares=values.dot(values),
        bucket_limit=limits.tolist(),
        bucket=kept.tolist(),
    )


def _merge_bins(counts: np.ndarray, edges: np.ndarray, max_bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Sum groups of consecutive bins so that at most about ``max_bins`` remain (torch's rule)."""
    group = counts.size // max_bins
    remainder = counts.size % group
    if remainder:
        counts = np.pad(counts, (0, group - remainder))
    counts = counts.reshape(-1, group).sum(axis=-1)
    merged = np.empty(counts.size + 1, dtype=edges.dtype)
    merged[:-1] = edges[:-1:group]
    merged[-1] = edges[-1]
    return counts, merged


def histogram(
    tag: str, values: np.ndarray, bins: Any = "tensorflow", max_bins: int | None = None
) -> m.Summary:
    """A `Summary` with one legacy histogram value (no metadata), as torch writes."""
    return m.Summary(value=[m.SummaryValue(tag=tag, histo=histogram_proto(values, bins, max_bins))])


def histogram_raw(
    tag: str,
    min: float,  # torch's argument names
    max: float,
    num: float,
    sum: float,
    sum_squares: float,
    bucket_limits: Any,
    bucket_counts: Any,
) -> m.Summary:
    """A `Summary` with a histogram from precomputed buckets (``bucket_limits`` are right edges)."""
    limits = [float(x) for x in np.asarray(bucket_limits, dtype=np.float64).reshape(-1)]
    counts = [float(x) for x in np.asarray(bucket_counts, dtype=np.float64).reshape(-1)]
    if len(limits) != len(counts):
        raise ValueError(
            f"bucket_limits has {len(limits)} entries but bucket_counts has {len(counts)}; they must match"
        )
    proto = m.HistogramProto(
        min=float(min),
        max=float(max),
        num=float(num),
        sum=float(sum),
        sum_squares=float(sum_squares),
        bucket_limit=limits,
        bucket=counts,
    )
    return m.Summary(value=[m.SummaryValue(tag=tag, histo=proto)])
