"""Turning what users pass to ``add_*`` (numbers, numpy arrays, torch tensors) into numpy and floats.

torch is never imported here: a tensor is recognised by its ``detach``/``cpu`` methods, so logging
numpy data keeps working, and stays fast, where torch is not installed.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

__all__ = ["as_float", "as_tag", "numeric", "to_numpy"]


def as_tag(tag: Any) -> str:
    """``tag`` as a plain str; a str subclass such as ``numpy.str_`` is accepted."""
    if isinstance(tag, str):
        return str(tag)
    raise TypeError(f"tag must be a str; got {type(tag).__name__} {tag!r}")


def to_numpy(value: Any, name: str) -> np.ndarray:
    """``value`` as a numpy array; torch tensors are detached and moved to the CPU without importing torch."""
    if isinstance(value, np.ndarray):
        return value
    if hasattr(value, "detach") and hasattr(value, "cpu"):
        tensor = value.detach().cpu()
        if str(tensor.dtype) == "torch.bfloat16":
            tensor = tensor.float()  # numpy has no bfloat16
        return tensor.numpy()
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numeric; got {type(value).__name__} {value!r:.40}")
    try:
        return np.asarray(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a number, array or tensor; got {type(value).__name__}") from exc


def numeric(value: Any, name: str) -> np.ndarray:
    """`to_numpy`, refusing arrays that do not hold numbers (bool counts as a number, as in numpy)."""
    array = to_numpy(value, name)
    if array.dtype.kind not in "biufc":
        raise TypeError(f"{name} must hold numbers; got an array of dtype {array.dtype}")
    return array


def as_float(value: Any, name: str) -> float:
    """One number as a Python float: a number, or any array or tensor holding exactly one."""
    if isinstance(value, numbers.Real) and not isinstance(value, np.ndarray):
        return float(value)
    array = numeric(value, name).squeeze()
    if array.ndim != 0:
        raise ValueError(f"{name} has shape {tuple(np.shape(value))}; expected a single number")
    if array.dtype.kind == "c":
        raise TypeError(f"{name} is complex ({array.item()!r}); expected a real number")
    return float(array)
