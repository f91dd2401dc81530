"""The compact answer of `POST /api/scalars/runs`: one JSON header, then every column as float64.

Layout (little-endian)::

    b"TBC1"                 4 bytes, magic and version
    header length H          uint32
    header                   H bytes of UTF-8 JSON, padded with spaces so the columns start 8-aligned
    columns                  float64, per series in header order: each of header["columns"] (n values),
                             then, when the series has a band, each of header["band_columns"] (nb values)

The header holds everything that is not a column: per series its name, counts and flags. Float64 keeps
steps (exact below 2**53), wall times and values as `/api/scalars` sends them; NaN and infinities stay
as they are (JSON would turn them into null). benchmarks/sweep.py measured this against JSON for
1,000 runs x 1,000 points; the figures are in docs/benchmarks.md.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import Any

import numpy as np
import orjson

__all__ = ["BAND_COLUMNS", "COLUMNS", "MAGIC", "MEDIA_TYPE", "decode", "encode"]

MAGIC = b"TBC1"
MEDIA_TYPE = "application/x-trainboard-columns"
COLUMNS = ("x", "step", "wall_time", "value", "smoothed")
BAND_COLUMNS = ("x_lo", "x_hi", "min", "max")
_META = ("run", "tag", "total", "in_range", "downsampled")


def encode(series: Sequence[dict[str, Any]], header: dict[str, Any]) -> bytes:
    """`series` as `scalars_data` returns them; `header` holds the answer's other keys."""
    entries = []
    chunks: list[np.ndarray] = []
    for s in series:
        band = s["band"]
        entry = {k: s[k] for k in _META} | {"n": int(s["x"].size)}
        entry["nb"] = int(band["min"].size) if band is not None else 0
        if "members" in s:
            entry["members"] = s["members"]
        entries.append(entry)
        chunks.extend(np.asarray(s[c], dtype="<f8") for c in COLUMNS)
        if band is not None:
            chunks.extend(np.asarray(band[c], dtype="<f8") for c in BAND_COLUMNS)
    head = orjson.dumps(
        {**header, "columns": COLUMNS, "band_columns": BAND_COLUMNS, "series": entries},
        option=orjson.OPT_SERIALIZE_NUMPY,
    )
    head += b" " * (-(len(MAGIC) + 4 + len(head)) % 8)
    body = np.concatenate(chunks).tobytes() if chunks else b""
    return MAGIC + struct.pack("<I", len(head)) + head + body


def decode(data: bytes) -> dict[str, Any]:
    """The inverse of `encode`, for tests and scripts: the header with each series' columns filled in."""
    if data[:4] != MAGIC:
        raise ValueError("not a trainboard columnar answer (it should start with TBC1)")
    (size,) = struct.unpack_from("<I", data, 4)
    start = 8 + size
    header: dict[str, Any] = orjson.loads(data[8:start])
    floats = np.frombuffer(data, dtype="<f8", offset=start)
    at = 0
    for entry in header["series"]:
        for c in header["columns"]:
            entry[c] = floats[at : at + entry["n"]]
            at += entry["n"]
        entry["band"] = None
        if entry["nb"]:
            entry["band"] = {}
            for c in header["band_columns"]:
                entry["band"][c] = floats[at : at + entry["nb"]]
                at += entry["nb"]
    if at != floats.size:
        raise ValueError(f"columnar answer holds {floats.size} values, its header describes {at}")
    return header
