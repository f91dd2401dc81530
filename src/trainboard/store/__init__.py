"""The reader: logdir -> runs -> tags -> series (scalar columns, tensors, blob sequences)."""

from trainboard.store.experiment import Experiment, LoadProgress, ReloadResult, TagInfo, read
from trainboard.store.series import BlobRef, BlobSequenceDatum, ScalarArrays, TensorDatum

__all__ = [
    "BlobRef",
    "BlobSequenceDatum",
    "Experiment",
    "LoadProgress",
    "ReloadResult",
    "ScalarArrays",
    "TagInfo",
    "TensorDatum",
    "read",
]
