"""An ONNX model file as the GraphDef torch's `add_onnx_graph` writes, read without the onnx package.

torch lists the graph's inputs and outputs as `Variable` nodes (attrs `dtype` = the ONNX element
type number, `shape` = the dims, 0 for symbolic ones), then one node per ONNX node named after its
first output, with one attr `parameters`: each attribute's set fields printed and joined by " = ",
attributes joined by ", " (for example `kernel_shape = [3, 3] = 7`).

Only the fields that matter here are declared; the rest of the ONNX protos is skipped as unknown.
ONNX protos use proto2 presence, so single fields are declared as "oneof" to keep "set to zero"
apart from "not set".
"""

from __future__ import annotations

import struct
from typing import Any

from trainboard.errors import InvalidArgumentError
from trainboard.events import messages as m
from trainboard.events._codec import F, Message
from trainboard.events.wire import DecodeError
from trainboard.plugins.graphs.metadata import GRAPH_PRODUCER_VERSION


class OnnxDimension(Message):
    FIELDS = (F(1, "dim_value", "int64", "oneof"), F(2, "dim_param", "string", "oneof"))


class OnnxShape(Message):
    FIELDS = (F(1, "dim", "message", "repeated", "OnnxDimension"),)


class OnnxTensorType(Message):
    FIELDS = (F(1, "elem_type", "int32", "oneof"), F(2, "shape", "message", type="OnnxShape"))


class OnnxType(Message):
    FIELDS = (F(1, "tensor_type", "message", type="OnnxTensorType"),)


class OnnxValueInfo(Message):
    FIELDS = (F(1, "name", "string"), F(2, "type", "message", type="OnnxType"))


class OnnxTensor(Message):
    # Field order matters: protobuf text format prints fields by number.
    FIELDS = (
        F(1, "dims", "int64", "repeated"),
        F(2, "data_type", "int32", "oneof"),
        F(4, "float_data", "float", "repeated"),
        F(5, "int32_data", "int32", "repeated"),
        F(6, "string_data", "bytes", "repeated"),
        F(7, "int64_data", "int64", "repeated"),
        F(8, "name", "string", "oneof"),
        F(9, "raw_data", "bytes", "oneof"),
        F(10, "double_data", "double", "repeated"),
        F(11, "uint64_data", "uint64", "repeated"),
        F(12, "doc_string", "string", "oneof"),
    )


class OnnxAttribute(Message):
    FIELDS = (
        F(1, "name", "string", "oneof"),
        F(2, "f", "float", "oneof"),
        F(3, "i", "int64", "oneof"),
        F(4, "s", "bytes", "oneof"),
        F(5, "t", "message", "oneof", "OnnxTensor"),
        F(7, "floats", "float", "repeated"),
        F(8, "ints", "int64", "repeated"),
        F(9, "strings", "bytes", "repeated"),
        F(10, "tensors", "message", "repeated", "OnnxTensor"),
        F(13, "doc_string", "string", "oneof"),
        F(20, "type", "enum", "oneof"),
        F(21, "ref_attr_name", "string", "oneof"),
    )


class OnnxNode(Message):
    FIELDS = (
        F(1, "input", "string", "repeated"),
        F(2, "output", "string", "repeated"),
        F(3, "name", "string"),
        F(4, "op_type", "string"),
        F(5, "attribute", "message", "repeated", "OnnxAttribute"),
    )


class OnnxGraph(Message):
    FIELDS = (
        F(1, "node", "message", "repeated", "OnnxNode"),
        F(2, "name", "string"),
        F(11, "input", "message", "repeated", "OnnxValueInfo"),
        F(12, "output", "message", "repeated", "OnnxValueInfo"),
    )


class OnnxModel(Message):
    FIELDS = (F(7, "graph", "message", type="OnnxGraph"),)


def onnx_graph_def(data: bytes, *, source: str = "the file") -> m.GraphDef:
    """The GraphDef for serialized ONNX ModelProto bytes."""
    try:
        model: Any = OnnxModel.decode(data)
    except DecodeError as exc:
        raise InvalidArgumentError(f"{source} is not an ONNX model ({exc}); pass a .onnx file") from exc
    if model.graph is None:
        raise InvalidArgumentError(f"{source} holds no ONNX graph; pass the path of a .onnx file")
    graph = model.graph
    nodes = [_variable_node(info) for info in [*graph.input, *graph.output]]
    for node in graph.node:
        text = ", ".join(_attribute_text(a) for a in node.attribute)
        nodes.append(
            m.NodeDef(
                name=node.output[0] if node.output else node.name,
                op=node.op_type,
                input=list(node.input),
                attr={"parameters": m.AttrValue(s=text.encode("utf-8"))},
            )
        )
    return m.GraphDef(node=nodes, versions=m.VersionDef(producer=GRAPH_PRODUCER_VERSION))


def _variable_node(info: Any) -> m.NodeDef:
    tensor_type = info.type.tensor_type if info.type is not None else None
    elem_type = tensor_type.elem_type or 0 if tensor_type is not None else 0
    dims = tensor_type.shape.dim if tensor_type is not None and tensor_type.shape is not None else []
    shape = m.TensorShapeProto(dim=[m.TensorShapeDim(size=d.dim_value or 0) for d in dims])
    return m.NodeDef(
        name=info.name,
        op="Variable",
        attr={"dtype": m.AttrValue(type=elem_type), "shape": m.AttrValue(shape=shape)},
    )


def _attribute_text(attr: Any) -> str:
    """The attribute's set fields in field order, as Python prints them, joined by " = "."""
    parts: list[str] = []
    for field in OnnxAttribute.FIELDS:
        value = getattr(attr, field.name)
        if value is None or (field.label == "repeated" and not value):
            continue
        parts.append(_python_text(field.kind, value))
    return " = ".join(parts)


def _python_text(kind: str, value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_python_text(kind, v) for v in value) + "]"
    if kind == "float":
        return str(float(value))
    if kind == "message":
        return _tensor_text_format(value)
    return str(value)


def _tensor_text_format(tensor: Any) -> str:
    # protobuf's text format: one "name: value" line per set field (per element for repeated fields).
    lines = []
    for field in OnnxTensor.FIELDS:
        value = getattr(tensor, field.name)
        if value is None:
            continue
        for item in value if field.label == "repeated" else [value]:
            lines.append(f"{field.name}: {_text_format_scalar(field.kind, item)}")
    return "".join(line + "\n" for line in lines)


def _text_format_scalar(kind: str, value: Any) -> str:
    if kind == "bytes":
        return '"' + _c_escape(value) + '"'
    if kind == "string":
        return '"' + _c_escape(value.encode("utf-8")) + '"'
    if kind == "float":
        return _shortest_float32(value)
    return str(value)


def _c_escape(data: bytes) -> str:
    special = {9: "\\t", 10: "\\n", 13: "\\r", 34: '\\"', 39: "\\'", 92: "\\\\"}
    return "".join(special.get(b) or (chr(b) if 32 <= b < 127 else f"\\{b:03o}") for b in data)


def _shortest_float32(value: float) -> str:
    target = struct.unpack("<f", struct.pack("<f", value))[0]
    for digits in range(6, 18):
        text = f"{value:.{digits}g}"
        if struct.unpack("<f", struct.pack("<f", float(text)))[0] == target:
            return str(float(text)) if "e" not in text else text
    return repr(value)
