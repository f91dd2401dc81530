"""The reader: logdir -> runs -> tags -> series (scalar columns, tensors, blob sequences).

    exp = trainboard.store.read("logs")
    exp.scalar_arrays("ppo/seed0", "reward").value

Restarts (the purge rule, applied at load in `loader.py`): a `SessionLog.START` at step S drops
every point of the run with step >= S; a point whose step is lower than the last step of its own
series drops that series' points with step >= its step. Equal steps are kept. See docs/reading.md.
"""

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
