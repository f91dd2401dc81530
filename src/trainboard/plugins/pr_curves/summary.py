"""PR curves as summaries, with torch's threshold bucketing (spec event-format.md §6.7)."""

from __future__ import annotations

from typing import Any

import numpy as np

from trainboard.events import messages as m
from trainboard.plugins.pr_curves.metadata import create_metadata

__all__ = ["MAX_THRESHOLDS", "compute_curve", "pr_curve", "pr_curve_raw"]

# torch and tensorboardX cap the threshold count silently; so do we, to write the same curves.
MAX_THRESHOLDS = 127
_MINIMUM_COUNT = 1e-7
_RAW_NAMES = (
    "true_positive_counts",
    "false_positive_counts",
    "true_negative_counts",
    "false_negative_counts",
    "precision",
    "recall",
)  # keeps precision and recall finite when a threshold has no positives


def compute_curve(
    labels: np.ndarray, predictions: np.ndarray, num_thresholds: int, weights: Any = None
) -> np.ndarray:
    """The [6, num_thresholds] float64 curve: TP, FP, TN, FN, precision, recall per threshold j/(N-1)."""
    labels = np.asarray(labels)
    predictions = np.asarray(predictions)
    if labels.shape != predictions.shape:
        raise ValueError(
            f"labels has shape {labels.shape} but predictions has shape {predictions.shape}; they must match"
        )
    if num_thresholds < 2:
        raise ValueError(f"num_thresholds={num_thresholds} must be at least 2")
    weights = 1.0 if weights is None else np.asarray(weights)
    buckets = np.int32(np.floor(predictions * (num_thresholds - 1)))
    float_labels = labels.astype(np.float64)
    bucket_range = (0, num_thresholds - 1)
    tp_buckets, _ = np.histogram(
        buckets, bins=num_thresholds, range=bucket_range, weights=float_labels * weights
    )
    fp_buckets, _ = np.histogram(
        buckets, bins=num_thresholds, range=bucket_range, weights=(1.0 - float_labels) * weights
    )
    tp = np.cumsum(tp_buckets[::-1])[::-1]
    fp = np.cumsum(fp_buckets[::-1])[::-1]
    tn = fp[0] - fp
    fn = tp[0] - tp
    precision = tp / np.maximum(_MINIMUM_COUNT, tp + fp)
    recall = tp / np.maximum(_MINIMUM_COUNT, tp + fn)
    return np.stack((tp, fp, tn, fn, precision, recall))


def _summary(tag: str, data: np.ndarray, num_thresholds: int) -> m.Summary:
    tensor = m.TensorProto(
        dtype=m.DT_FLOAT,
        tensor_shape=m.TensorShapeProto.of(data.shape),
        float_val=data.reshape(-1).tolist(),
    )
    value = m.SummaryValue(tag=tag, tensor=tensor, metadata=create_metadata(num_thresholds))
    return m.Summary(value=[value])


def pr_curve(
    tag: str, labels: np.ndarray, predictions: np.ndarray, num_thresholds: int = 127, weights: Any = None
) -> m.Summary:
    """A `Summary` with the PR curve of boolean ``labels`` against ``predictions`` in [0, 1].

    pr_curve("cls", np.array([1, 0, 1]), np.array([0.9, 0.2, 0.4]))
    """
    num_thresholds = min(int(num_thresholds), MAX_THRESHOLDS)
    data = compute_curve(labels, predictions, num_thresholds, weights)
    return _summary(tag, data, num_thresholds)


def pr_curve_raw(
    tag: str,
    tp: Any,
    fp: Any,
    tn: Any,
    fn: Any,
    precision: Any,
    recall: Any,
    num_thresholds: int = 127,
) -> m.Summary:
    """A `Summary` with a PR curve from precomputed counts (six 1-d arrays of equal length)."""
    rows = [np.asarray(r).reshape(-1) for r in (tp, fp, tn, fn, precision, recall)]
    lengths = {r.size for r in rows}
    if len(lengths) != 1:
        given = ", ".join(f"{n}={r.size}" for n, r in zip(_RAW_NAMES, rows, strict=True))
        raise ValueError(f"the six PR-curve arrays must have one length; got {given}")
    num_thresholds = min(int(num_thresholds), MAX_THRESHOLDS)
    return _summary(tag, np.stack(rows), num_thresholds)
