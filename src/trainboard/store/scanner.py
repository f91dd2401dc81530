"""The compiled scanner (`events/_scan.pyx`) when it is built; a one-time warning when it is not."""

from __future__ import annotations

import os
import warnings
from typing import Any

import numpy as np

from trainboard.store.series import BlobSeries, ScalarSeries, Series, TensorSeries

# The `_scan.INTERFACE_VERSION` this loader speaks to.
SCANNER_INTERFACE = 6

try:
    from trainboard.events import _scan  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - tests patch `_scan` to None instead
    _scan = None

_FALLBACK_WARNED = False
_STALE = _scan is not None and getattr(_scan, "INTERFACE_VERSION", 0) != SCANNER_INTERFACE
if _STALE:
    # An editable install keeps the extension it built; after a pull the Python side may be newer.
    _scan = None

# The scanner's tag states and item kinds (`_scan.TAG_*`, `_scan.ITEM_*`), named here so the
# loader imports them whether or not the scanner is built.
TAG_OTHER, TAG_SCALAR, TAG_BLOB, TAG_TENSOR = 0, 1, 2, 3
ITEM_IMAGE, ITEM_AUDIO, ITEM_HISTO = 3, 4, 5


def scanner_available() -> bool:
    """Whether the compiled scanner is built (otherwise loading is pure Python and much slower)."""
    return _scan is not None


def new_scanner(wanted: bool) -> Any:
    """A `Scanner` for one run, or None for the pure-Python path (warning once if it was wanted)."""
    global _FALLBACK_WARNED
    if wanted and _scan is not None:
        return _scan.Scanner()
    if wanted and not _FALLBACK_WARNED:
        _FALLBACK_WARNED = True
        problem = "is out of date (built from an older trainboard)" if _STALE else "is not built"
        warnings.warn(
            f"trainboard's compiled scanner {problem}, so logs load slowly in pure Python; "
            "reinstall with `pip install -e .` to build it",
            RuntimeWarning,
            stacklevel=4,
        )
    return None


class _PathBatch:
    """`_scan.PathBatch` in Python, for when the scanner is not built: an `os.stat` loop."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        self.size = len(paths)

    def stat(self, ctime: bool = False) -> np.ndarray:
        out = np.empty(self.size, np.int64)
        for i, path in enumerate(self.paths):
            try:
                st = os.stat(path)
            except (OSError, ValueError):
                out[i] = -1
                continue
            out[i] = st.st_ctime_ns if ctime else st.st_size
        return out


def path_batch(paths: list[str]) -> Any:
    """Local paths to stat together, again and again: `.stat(ctime=False)` gives an int64 array of
    each one's size (or st_ctime_ns), -1 where stat fails. The batched check of a reload that finds
    nothing new: compiled, it runs without the GIL, on two threads for thousands of paths."""
    return (_scan.PathBatch if _scan is not None else _PathBatch)(paths)


def checksum(data: Any) -> int:
    """Masked CRC-32C of a contiguous buffer (numpy arrays included), with the CPU's instruction."""
    return int(_scan.masked_crc32c(np.asarray(data).reshape(-1).view(np.uint8)))  # type: ignore[union-attr]


def group_by_tag(
    tags: np.ndarray, steps: np.ndarray, walls: np.ndarray, values: np.ndarray, ntags: int
) -> tuple[list[int], list[int], np.ndarray, np.ndarray, np.ndarray]:
    """Points regrouped by tag id, each group in file order: (ids present, starts + end, columns...)."""
    return _scan.group_by_tag(tags, steps, walls, values, ntags)  # type: ignore[union-attr]


def tag_state(series: Series) -> int:
    """What the scanner may do with a tag's values: scalars into columns, blobs and tensors as items."""
    if isinstance(series, ScalarSeries):
        return TAG_SCALAR
    if isinstance(series, BlobSeries):
        return TAG_BLOB
    if isinstance(series, TensorSeries):
        return TAG_TENSOR
    return TAG_OTHER
