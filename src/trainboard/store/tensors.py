"""TensorProto -> numpy, as TensorBoard's `make_ndarray` does (`spec/event-format.md` §4.5)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from trainboard.events import messages as m
from trainboard.events.wire import DecodeError

# dtype enum -> (numpy dtype, name of the typed list that holds it when tensor_content is empty)
_NUMERIC: dict[int, tuple[type | str, str]] = {
    m.DT_FLOAT: (np.float32, "float_val"),
    m.DT_DOUBLE: (np.float64, "double_val"),
    m.DT_INT32: (np.int32, "int_val"),
    m.DT_UINT8: (np.uint8, "int_val"),
    m.DT_INT16: (np.int16, "int_val"),
    m.DT_INT8: (np.int8, "int_val"),
    m.DT_INT64: (np.int64, "int64_val"),
    m.DT_BOOL: (np.bool_, "bool_val"),
    m.DT_QINT8: (np.int8, "int_val"),
    m.DT_QUINT8: (np.uint8, "int_val"),
    m.DT_QINT16: (np.int16, "int_val"),
    m.DT_QUINT16: (np.uint16, "int_val"),
    m.DT_QINT32: (np.int32, "int_val"),
    m.DT_UINT16: (np.uint16, "int_val"),
    m.DT_UINT32: (np.uint32, "uint32_val"),
    m.DT_UINT64: (np.uint64, "uint64_val"),
    m.DT_HALF: (np.float16, "half_val"),
    m.DT_COMPLEX64: (np.complex64, "scomplex_val"),
    m.DT_COMPLEX128: (np.complex128, "dcomplex_val"),
}


# A rank above this is not a tensor anyone logged (numpy's own limit is 64).
MAX_RANK = 32
# A TensorProto may give one value for a whole shape (proto version 0): it is broadcast only while
# the result stays within this many bytes, or `BROADCAST_RATIO` times the record's bytes if that is
# more. Beyond it the value is refused as damaged, so 81 bytes on disk can never cost gigabytes.
BROADCAST_BYTES = 1 << 16
BROADCAST_RATIO = 64


def tensor_to_ndarray(tensor: Any, record_bytes: int = 0) -> np.ndarray:
    """A decoded `TensorProto` as an ndarray; strings become an object array of bytes.

    Raises `DecodeError` when the dtype is unknown, the shape is not a real shape (a negative size,
    a rank above `MAX_RANK`, more elements than a 64-bit index), the values do not fill it, or one
    broadcast value would take more than `max(BROADCAST_BYTES, BROADCAST_RATIO * record_bytes)`.
    """
    shape = tuple(tensor.tensor_shape.sizes) if tensor.tensor_shape is not None else ()
    if len(shape) > MAX_RANK:
        raise DecodeError(f"tensor of rank {len(shape)} (more than {MAX_RANK})")
    if any(d < 0 for d in shape):
        raise DecodeError(f"tensor shape {list(shape)} has a negative size")
    size = math.prod(shape)
    if size >= 1 << 63:
        raise DecodeError(f"tensor shape {list(shape)} has more elements than fit a 64-bit index")
    limit = max(BROADCAST_BYTES, BROADCAST_RATIO * record_bytes)
    dtype = tensor.dtype
    if dtype == m.DT_STRING:
        values = list(tensor.string_val)
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return _fill(out, shape, size, limit)
    if dtype == m.DT_BFLOAT16:
        if tensor.tensor_content:
            bits = np.frombuffer(_whole(tensor.tensor_content, 2), "<u2")
        else:
            bits = np.asarray(tensor.half_val, np.int64).astype(np.uint16)
        as_f32 = (bits.astype(np.uint32) << 16).view(np.float32)
        return _fill(as_f32, shape, size, limit)
    spec = _NUMERIC.get(dtype)
    if spec is None:
        raise DecodeError(f"tensor dtype {dtype} is not supported")
    np_dtype, list_name = spec
    if tensor.tensor_content:
        wire_dtype = np.dtype(np_dtype).newbyteorder("<")
        flat = np.frombuffer(_whole(tensor.tensor_content, wire_dtype.itemsize), wire_dtype).astype(np_dtype)
        return _fill(flat, shape, size, limit)
    values = getattr(tensor, list_name)
    if dtype == m.DT_HALF:
        flat = np.asarray(values, np.int64).astype(np.uint16).view(np.float16)
    elif dtype in (m.DT_COMPLEX64, m.DT_COMPLEX128):
        if len(values) % 2:
            raise DecodeError(f"complex tensor holds an odd number ({len(values)}) of parts")
        pairs = np.asarray(values, np.float64).reshape(-1, 2)
        flat = (pairs[:, 0] + 1j * pairs[:, 1]).astype(np_dtype)
    elif list_name in ("float_val", "double_val", "bool_val"):
        flat = np.asarray(values, np_dtype)
    else:
        # The lists hold int32/int64/uint32/uint64 values; a narrower dtype (an int8 tensor given
        # 300) wraps as numpy's astype does instead of raising.
        wide = np.uint64 if list_name == "uint64_val" else np.int64
        flat = np.asarray(values, wide).astype(np_dtype)
    return _fill(flat, shape, size, limit)


def _whole(content: bytes, itemsize: int) -> bytes:
    if len(content) % itemsize:
        raise DecodeError(
            f"tensor_content of {len(content)} bytes is not a whole number of {itemsize}-byte values"
        )
    return content


def _fill(flat: np.ndarray, shape: tuple[int, ...], size: int, limit: int) -> np.ndarray:
    if flat.size == size:
        return flat.reshape(shape)
    if size == 0:
        return flat[:0].reshape(shape)
    if flat.size == 1:  # proto version 0: one typed value is broadcast over the shape
        nbytes = size * flat.itemsize
        if nbytes > limit:
            raise DecodeError(
                f"tensor of shape {list(shape)} given as one value would take {nbytes} bytes "
                f"(more than {limit}); skipped as oversized"
            )
        return np.full(shape, flat[0], dtype=flat.dtype)
    raise DecodeError(f"tensor holds {flat.size} values but its shape {list(shape)} needs {size}")
