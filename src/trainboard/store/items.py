"""Image, audio and histogram values that the compiled scanner parsed, turned into store objects.

The scanner (`events/_scan.pyx`) hands these back as rows of numbers: the header fields of the
value and where its payload sits in the file. Nothing here decodes protobuf or copies an image:
an image becomes a `BlobRef` built from its offset and length, and a histogram's packed buckets
reach numpy through `frombuffer`. The pure-Python decoder path (`loader._value`) produces the same
objects from decoded messages, and the differential test in `tests/unit/events` holds them equal.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from trainboard.store.blobs import inline_ref, located_ref
from trainboard.store.series import BlobRef

# Columns of the scanner's item rows (int64) and item floats (float64).
TAG, STEP, KIND, WIDTH, HEIGHT, OFFSET, LENGTH, OFFSET2, LENGTH2 = 0, 1, 3, 4, 5, 6, 7, 8, 9


@lru_cache(maxsize=1024)
def size_ref(size: int) -> BlobRef:
    """The blob of an image's ASCII width or height; one shared object per size."""
    return inline_ref(str(size).encode())


def blob_in(buf: memoryview, base: int, offset: int, length: int, file_no: int) -> BlobRef:
    """A reference to `length` bytes at file `offset`; `buf` holds the file from `base`."""
    return located_ref(buf[offset - base : offset - base + length], offset, file_no)


def histogram_rows(low: float, high: float, limits: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Legacy buckets -> rows of (left, right, count), trimmed to the non-empty range (§7.1).

    `low` and `high` are the histogram's min and max: they bound the first and last kept bucket.
    """
    nonzero = np.flatnonzero(counts)
    if not len(nonzero):
        return np.zeros((0, 3), np.float64)
    first, last = int(nonzero[0]), int(nonzero[-1])
    left = np.concatenate([[low], limits[first:last]])
    right = np.concatenate([limits[first:last], [high]])
    return np.stack([left, right, counts[first : last + 1]], axis=1)


def packed_histogram(
    buf: memoryview,
    base: int,
    low: float,
    high: float,
    limits_at: tuple[int, int],
    counts_at: tuple[int, int],
) -> np.ndarray:
    """`histogram_rows` over the packed little-endian doubles at (offset, length) in `buf`."""
    (lo, nlo), (co, nco) = limits_at, counts_at
    limits = np.frombuffer(buf[lo - base : lo - base + nlo], "<f8")
    counts = np.frombuffer(buf[co - base : co - base + nco], "<f8")
    return histogram_rows(low, high, limits, counts)
