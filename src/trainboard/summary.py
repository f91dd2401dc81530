"""Summary builders by name, mirroring ``torch.utils.tensorboard.summary``.

Each function returns trainboard messages (`trainboard.events.messages.Summary`) rather than
protobuf objects; ``.encode()`` gives the same bytes protobuf would. Frameworks that build
summaries themselves and hand them to ``writer.file_writer.add_summary`` can use these:

    from trainboard.summary import hparams
    exp, ssi, sei = hparams({"lr": 0.1}, {"hparam/accuracy": 0.0})
    for s in (exp, ssi, sei):
        writer.file_writer.add_summary(s)
"""

from __future__ import annotations

import struct
from typing import Any

import numpy as np

from trainboard._convert import to_numpy
from trainboard.events import messages as m
from trainboard.plugins.audio.summary import audio
from trainboard.plugins.custom_scalars.summary import custom_scalars
from trainboard.plugins.histograms.summary import histogram, histogram_proto, histogram_raw
from trainboard.plugins.hparams.summary import hparams
from trainboard.plugins.images.summary import image, image_boxes, video
from trainboard.plugins.mesh.summary import mesh
from trainboard.plugins.pr_curves.summary import compute_curve, pr_curve, pr_curve_raw
from trainboard.plugins.scalars.summary import scalar
from trainboard.plugins.text.summary import text

__all__ = [
    "audio",
    "compute_curve",
    "custom_scalars",
    "histogram",
    "histogram_raw",
    "hparams",
    "image",
    "image_boxes",
    "make_histogram",
    "mesh",
    "pr_curve",
    "pr_curve_raw",
    "scalar",
    "tensor_proto",
    "text",
    "video",
]

make_histogram = histogram_proto

TENSOR_PLUGIN_NAME = "tensor"
_MAX_TENSOR_BYTES = 1 << 31  # protobuf's hard limit on a message

# numpy dtype kind+size -> (DataType, TensorProto field), the table torch uses (spec §6.11).
_NUMPY_FIELDS: dict[str, tuple[int, str]] = {
    "f4": (m.DT_FLOAT, "float_val"),
    "f8": (m.DT_DOUBLE, "double_val"),
    "i1": (m.DT_INT8, "int_val"),
    "i2": (m.DT_INT16, "int_val"),
    "i4": (m.DT_INT32, "int_val"),
    "i8": (m.DT_INT64, "int64_val"),
    "u1": (m.DT_UINT8, "int_val"),
    "b1": (m.DT_BOOL, "bool_val"),
    "c8": (m.DT_COMPLEX64, "scomplex_val"),
    "c16": (m.DT_COMPLEX128, "dcomplex_val"),
}


def _half_bits(array: np.ndarray) -> list[int]:
    return array.astype(np.float16).reshape(-1).view(np.uint16).astype(np.int64).tolist()


def tensor_proto(tag: str, tensor: Any) -> m.Summary:
    """A `Summary` with the whole tensor under plugin "tensor", as torch's ``add_tensor`` writes.

    Half and bfloat16 use TensorFlow's 16-bit ``half_val`` convention, and uint8 goes to
    ``int_val``, so TensorBoard reads them back correctly (torch writes float32 bit patterns
    and ``uint32_val`` there, which TensorBoard misreads).
    """
    proto = m.TensorProto()
    dtype_name = str(getattr(tensor, "dtype", ""))
    if dtype_name == "torch.bfloat16":
        # The top 16 bits of each float32 are the bfloat16 pattern.
        bits = tensor.detach().cpu().float().numpy().view(np.uint32) >> 16
        proto.dtype, proto.half_val = m.DT_BFLOAT16, bits.reshape(-1).astype(np.int64).tolist()
        shape = tuple(tensor.shape)
    else:
        array = to_numpy(tensor, "tensor")
        shape = array.shape
        if array.nbytes >= _MAX_TENSOR_BYTES:
            raise ValueError(f"tensor {tag!r} has {array.nbytes} bytes; protobuf allows less than 2 GiB")
        if array.dtype == np.float16:
            proto.dtype, proto.half_val = m.DT_HALF, _half_bits(array)
        else:
            key = f"{array.dtype.kind}{array.dtype.itemsize}"
            if key not in _NUMPY_FIELDS:
                raise ValueError(
                    f"tensor {tag!r} has unsupported dtype {array.dtype}; use a numeric or bool tensor"
                )
            proto.dtype, field = _NUMPY_FIELDS[key]
            flat = array.reshape(-1)
            if array.dtype.kind == "c":
                flat = flat.view(np.float32 if array.dtype.itemsize == 8 else np.float64)
            setattr(proto, field, flat.tolist())
    proto.tensor_shape = m.TensorShapeProto.of(shape)
    metadata = m.SummaryMetadata.of(TENSOR_PLUGIN_NAME)
    return m.Summary(value=[m.SummaryValue(tag=tag, tensor=proto, metadata=metadata)])


def half_to_int(f: float) -> int:
    """The float32 bit pattern of ``f`` as a signed int (torch's helper of the same name)."""
    return struct.unpack("<i", struct.pack("<f", f))[0]


def int_to_half(i: int) -> float:
    """Undo `half_to_int`."""
    return struct.unpack("<f", struct.pack("<i", i))[0]
