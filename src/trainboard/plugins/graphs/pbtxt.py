"""Protobuf text format for the graph messages, as Python protobuf's `str(message)` writes it: what
TensorBoard's `/data/plugin/graphs/graph` answers (a GraphDef as "pbtxt").

Fields in field-number order, set fields only (proto3), strings and bytes C-escaped with octal escapes
for bytes outside printable ASCII, floats as upb prints them (`%g` with 6 or 15 digits, 9 or 17
when those do not round-trip), enums by name (`DT_FLOAT`). Map entries are in the file's order;
protobuf's C printer uses its hash table's order, which can differ from one process to the next.

    pbtxt(exp.graph("run"))   # 'node {\\n  name: "input/x"\\n  op: "IO Node"\\n ...'
"""

from __future__ import annotations

import math
import struct
from typing import Any

from trainboard.errors import UnknownFieldsError
from trainboard.events import messages as m
from trainboard.events._codec import Field, Message

__all__ = ["UnknownFieldsError", "pbtxt"]

_DATA_TYPES = {
    value: name for name, value in vars(m).items() if name.startswith("DT_") and isinstance(value, int)
}
_SCALAR_DEFAULTS: dict[str, Any] = {"string": "", "bytes": b"", "bool": False, "double": 0.0, "float": 0.0}


def pbtxt(message: Message) -> str:
    """`message` in protobuf text format, as `str(message)` of Python protobuf writes it."""
    lines: list[str] = []
    _message(message, 0, lines)
    return "".join(lines)


def _message(message: Message, indent: int, out: list[str]) -> None:
    if message._unknown:
        raise UnknownFieldsError(f"{type(message).__name__} holds fields trainboard does not model")
    for field in message.FIELDS:
        value = getattr(message, field.name)
        if field.label == "map":
            for key in value:  # in wire order, as protobuf (upb) prints a map
                out.append(" " * indent + f"{field.name} {{\n")
                out.append(" " * (indent + 2) + f"key: {_scalar(field.key_kind or 'string', key, field)}\n")
                _one(Field(2, "value", field.kind, type=field.type), value[key], indent + 2, out)
                out.append(" " * indent + "}\n")
        elif field.label == "repeated":
            for item in value:
                _one(field, item, indent, out)
        elif field.label == "oneof" or field.kind == "message":
            if value is not None:
                _one(field, value, indent, out)
        elif value != _SCALAR_DEFAULTS.get(field.kind, 0):
            _one(field, value, indent, out)


def _one(field: Field, value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if field.kind == "message":
        out.append(f"{pad}{field.name} {{\n")
        _message(value, indent + 2, out)
        out.append(f"{pad}}}\n")
    else:
        out.append(f"{pad}{field.name}: {_scalar(field.kind, value, field)}\n")


def _scalar(kind: str, value: Any, field: Field) -> str:
    if kind in ("string", "bytes"):
        data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
        return f'"{_escape(data)}"'
    if kind == "bool":
        return "true" if value else "false"
    if kind == "enum":
        if field.name in ("dtype", "type"):
            return _DATA_TYPES.get(int(value), str(int(value)))
        return str(int(value))
    if kind in ("float", "double"):
        value = _float32(float(value)) if kind == "float" else float(value)
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "-inf" if value < 0 else "inf"
        return _round_trip(value, kind)
    return str(int(value))


def _float32(value: float) -> float:
    try:
        return float(struct.unpack("<f", struct.pack("<f", value))[0])
    except OverflowError:
        return math.copysign(math.inf, value)


def _round_trip(value: float, kind: str) -> str:
    # upb's text encoder: "%.*g" with FLT_DIG (6) or DBL_DIG (15) digits, or 9 / 17 when that does
    # not give the value back.
    short, full, back = (6, 9, _float32) if kind == "float" else (15, 17, float)
    text = f"{value:.{short}g}"
    return text if back(float(text)) == value else f"{value:.{full}g}"


_ESCAPES = {ord("\n"): r"\n", ord("\r"): r"\r", ord("\t"): r"\t", ord('"'): r"\"", ord("'"): r"\'"}
_ESCAPES[ord("\\")] = r"\\"


def _escape(data: bytes) -> str:
    # text_format.CEscape(as_utf8=False): printable ASCII as is, the rest as three octal digits.
    return "".join(_ESCAPES.get(b) or (chr(b) if 32 <= b < 127 else f"\\{b:03o}") for b in data)
