"""TensorProto -> numpy, as TensorBoard's `make_ndarray` does (`spec/event-format.md` §4.5)."""

from __future__ import annotations

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


def tensor_to_ndarray(tensor: Any) -> np.ndarray:
    """A decoded `TensorProto` as an ndarray; strings become an object array of bytes.

    Raises `DecodeError` when the dtype is unknown or the values do not fill the shape.
    """
    shape = tuple(tensor.tensor_shape.sizes) if tensor.tensor_shape is not None else ()
    size = int(np.prod(shape, dtype=np.int64)) if shape else 1
    dtype = tensor.dtype
    if dtype == m.DT_STRING:
        values = list(tensor.string_val)
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return _fill(out, shape, size)
    if dtype == m.DT_BFLOAT16:
        if tensor.tensor_content:
            bits = np.frombuffer(tensor.tensor_content, "<u2")
        else:
            bits = np.asarray(tensor.half_val, np.int64).astype(np.uint16)
        as_f32 = (bits.astype(np.uint32) << 16).view(np.float32)
        return _fill(as_f32, shape, size)
    spec = _NUMERIC.get(dtype)
    if spec is None:
        raise DecodeError(f"tensor dtype {dtype} is not supported")
    np_dtype, list_name = spec
    if tensor.tensor_content:
        flat = np.frombuffer(tensor.tensor_content, np.dtype(np_dtype).newbyteorder("<")).astype(np_dtype)
        return _fill(flat, shape, size)
    values = getattr(tensor, list_name)
    if dtype == m.DT_HALF:
        flat = np.asarray(values, np.int64).astype(np.uint16).view(np.float16)
    elif dtype in (m.DT_COMPLEX64, m.DT_COMPLEX128):
        pairs = np.asarray(values, np.float64).reshape(-1, 2)
        flat = (pairs[:, 0] + 1j * pairs[:, 1]).astype(np_dtype)
    else:
        flat = np.asarray(values, np_dtype)
    return _fill(flat, shape, size)


def _fill(flat: np.ndarray, shape: tuple[int, ...], size: int) -> np.ndarray:
    if flat.size == size:
        return flat.reshape(shape)
    if flat.size == 1:  # proto version 0: one typed value is broadcast over the shape
        return np.full(shape, flat[0], dtype=flat.dtype)
    if size == 0:
        return flat[:0].reshape(shape)
    raise DecodeError(f"tensor holds {flat.size} values but its shape {list(shape)} needs {size}")
