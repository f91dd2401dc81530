"""A GraphDef as the JSON the Graphs dashboard draws: nodes, edges with shapes, attributes as text.

Each node is `{"name", "op", "device", "inputs", "attrs", "shapes"}`. An input is
`{"name", "output", "control", "dangling"}`: TensorFlow writes `name:1` for a node's second output and
`^name` for a control dependency; torch writes plain names, some of which name no node (the GetAttr
nodes it drops), which are flagged `dangling` so the browser can leave them out. `shapes` holds one
list of sizes per output (-1 for an unknown size, null for an unknown rank), taken from
`_output_shapes`. Attributes are rendered as short strings; large tensors show their type and shape.
"""

from __future__ import annotations

import re
import struct
from typing import Any

from trainboard.events import messages as m
from trainboard.events import wire

MAX_ATTR_CHARS = 2000  # longer attribute text is cut: a page of text in a side panel is already too much
_OUTPUT_SHAPES = "_output_shapes"
# torch's "attr" holds str(dict) with quotes blanked: "{ name :  weight }", "{ value : tensor(1.)}".
_TORCH_ATTR_KEY = re.compile(r"(?:^|,)\s*(\w+)\s:\s")
_DTYPE_NAMES = {
    value: name[3:].lower()
    for name, value in vars(m).items()
    if name.startswith("DT_") and isinstance(value, int) and name != "DT_INVALID"
}
_DTYPE_NAMES.update({m.DT_FLOAT: "float32", m.DT_DOUBLE: "float64", m.DT_HALF: "float16"})


def graph_json(graph_def: m.GraphDef) -> dict[str, Any]:
    """The JSON body for one GraphDef (see the module docstring)."""
    # Message fields are set dynamically from FIELDS, so the checker cannot see them.
    graph: Any = graph_def
    names = {node.name for node in graph.node}
    nodes = [_node_json(node, names) for node in graph.node]
    try:
        functions = _functions(graph)
    except wire.DecodeError:
        functions = []  # a damaged function library costs only the functions, not the graph
    return {
        "nodes": nodes,
        "functions": functions,
        "producer": graph.versions.producer if graph.versions is not None else None,
    }


def run_metadata_json(data: bytes) -> dict[str, Any]:
    """A RunMetadata's devices and, per node name, what its step stats measured.

    `{"devices": [{"device", "node_stats"}], "nodes": {name: {"device", "compute_micros",
    "memory_bytes", "peak_bytes", "outputs"}}}`: the compute time is the node's whole span
    (`all_end_rel_micros`, or the nanosecond field when only that is set), memory is summed over its
    allocators, and `outputs` holds one shape per output slot (as `shapes` in a node). A node that
    ran on several devices adds up its times and bytes and keeps the first device.
    """
    try:
        meta: Any = m.RunMetadata.decode(data)
    except wire.DecodeError:
        return {"devices": [], "nodes": {}}  # damaged: nothing to show, and the graph itself still is
    devices: list[dict[str, Any]] = []
    nodes: dict[str, dict[str, Any]] = {}
    if meta.step_stats is not None:
        for dev in meta.step_stats.dev_stats:
            devices.append({"device": dev.device, "node_stats": len(dev.node_stats)})
            for stats in dev.node_stats:
                _add_node_stats(nodes, dev.device, stats)
    return {"devices": devices, "nodes": nodes}


def _add_node_stats(nodes: dict[str, dict[str, Any]], device: str, stats: Any) -> None:
    micros = stats.all_end_rel_micros or stats.all_end_rel_nanos / 1000
    memory = sum(max(0, used.total_bytes) for used in stats.memory)
    peak = sum(max(0, used.peak_bytes) for used in stats.memory)
    outputs: list[list[int] | None] = []
    for out in sorted(stats.output, key=lambda o: o.slot):
        if 0 <= out.slot < 1024:  # a hostile slot number must not allocate a huge list
            outputs.extend([None] * (out.slot - len(outputs)))
            desc = out.tensor_description
            outputs.append(_sizes(desc.shape) if desc is not None and desc.shape is not None else None)
    entry = nodes.get(stats.node_name)
    if entry is None:
        nodes[stats.node_name] = {
            "device": device,
            "compute_micros": max(0, micros),
            "memory_bytes": memory,
            "peak_bytes": peak,
            "outputs": outputs,
        }
        return
    entry["compute_micros"] += max(0, micros)
    entry["memory_bytes"] += memory
    entry["peak_bytes"] += peak
    entry["outputs"] = entry["outputs"] or outputs


def split_input(text: str) -> tuple[str, int, bool]:
    """A NodeDef input as (node, output index, is control): `^a` -> (a, -1, True), `a:2` -> (a, 2, False)."""
    if text.startswith("^"):
        return text[1:], -1, True
    name, sep, index = text.rpartition(":")
    if sep and index.isdigit():
        return name, int(index), False
    return text, 0, False


def _node_json(node: Any, names: set[str]) -> dict[str, Any]:
    inputs = []
    for text in node.input:
        name, output, control = split_input(text)
        inputs.append({"name": name, "output": output, "control": control, "dangling": name not in names})
    attrs = {}
    shapes = None
    for key, value in sorted(node.attr.items()):
        if key == _OUTPUT_SHAPES and value.list is not None:
            shapes = [_sizes(s) for s in value.list.shape]
        elif key == "attr" and value.s is not None and (not value.s or value.s.startswith(b"{")):
            # torch's attribute text; empty on its IO nodes.
            attrs.update(_torch_attrs(value.s.decode("utf-8", errors="replace")))
        else:
            attrs[key] = _clip(render_attr(value))
    return {
        "name": node.name,
        "op": node.op,
        "device": node.device,
        "inputs": inputs,
        "attrs": attrs,
        "shapes": shapes,
    }


def _torch_attrs(text: str) -> dict[str, str]:
    body = text.strip()[1:-1].strip() if text else ""
    if not body:
        return {}
    parts = _TORCH_ATTR_KEY.split(body)
    if len(parts) < 3 or parts[0].strip():
        return {"attr": _clip(text)}
    return {key: _clip(value.strip()) for key, value in zip(parts[1::2], parts[2::2], strict=True)}


def render_attr(value: Any) -> str:
    """One AttrValue as short readable text: `float32`, `[1, 3]`, `"SAME"`, `3`, `float32[64, 3]`."""
    which = value.which("value")
    if which == "s":
        return _text(value.s)
    if which in ("i", "b"):
        return str(getattr(value, which))
    if which == "f":
        return _float(value.f)
    if which == "type":
        return dtype_name(value.type)
    if which == "shape":
        return _shape_text(value.shape)
    if which == "tensor":
        return _tensor_text(value.tensor)
    if which == "placeholder":
        return f"${value.placeholder}"
    if which == "func":
        return value.func.name
    if which == "list":
        return _list_text(value.list)
    return ""


def dtype_name(dtype: int) -> str:
    base = dtype - 100 if dtype > 100 else dtype
    name = _DTYPE_NAMES.get(base, f"dtype({dtype})")
    return f"{name}_ref" if dtype > 100 else name


def _list_text(lst: Any) -> str:
    items: list[str] = []
    items += [_text(s) for s in lst.s]
    items += [str(i) for i in lst.i]
    items += [_float(f) for f in lst.f]
    items += [str(b) for b in lst.b]
    items += [dtype_name(t) for t in lst.type]
    items += [_shape_text(s) for s in lst.shape]
    items += [_tensor_text(t) for t in lst.tensor]
    items += [f.name for f in lst.func]
    return "[" + ", ".join(items) + "]"


def _sizes(shape: Any) -> list[int] | None:
    return None if shape.unknown_rank else shape.sizes


def _shape_text(shape: Any) -> str:
    if shape.unknown_rank:
        return "<unknown>"
    return "[" + ", ".join("?" if d < 0 else str(d) for d in shape.sizes) + "]"


def _tensor_text(tensor: Any) -> str:
    shape = _shape_text(tensor.tensor_shape) if tensor.tensor_shape is not None else "[]"
    head = f"{dtype_name(tensor.dtype)}{shape}"
    values = _small_values(tensor)
    return f"{head} {values}" if values else head


def _small_values(tensor: Any) -> str:
    # A scalar or a short vector says more as its values than as its type; big tensors stay opaque.
    for field in ("float_val", "double_val", "int_val", "int64_val", "bool_val"):
        vals = getattr(tensor, field)
        if vals and len(vals) <= 8:
            return "[" + ", ".join(_float(v) if isinstance(v, float) else str(v) for v in vals) + "]"
    if tensor.string_val and len(tensor.string_val) <= 4:
        return "[" + ", ".join(_text(s) for s in tensor.string_val) + "]"
    if tensor.tensor_content and len(tensor.tensor_content) <= 32 and tensor.dtype == m.DT_FLOAT:
        count = len(tensor.tensor_content) // 4
        vals = struct.unpack(f"<{count}f", tensor.tensor_content[: count * 4])
        return "[" + ", ".join(_float(v) for v in vals) + "]"
    return ""


def _float(value: float) -> str:
    # AttrValue floats are float32: print the shortest text that reads back as the same float32.
    for digits in range(6, 10):
        text = f"{value:.{digits}g}"
        if (
            struct.unpack("<f", struct.pack("<f", float(text)))[0]
            == struct.unpack("<f", struct.pack("<f", value))[0]
        ):
            return text
    return repr(value)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return f"<{len(data)} bytes>"


def _clip(text: str) -> str:
    return text if len(text) <= MAX_ATTR_CHARS else text[: MAX_ATTR_CHARS - 1] + "…"


def _functions(graph: Any) -> list[dict[str, Any]]:
    """The functions of GraphDef.library (field 2, kept as raw bytes by the codec), each with its nodes.

    FunctionDefLibrary{1: FunctionDef{1: OpDef{1: name}, 3: NodeDef...}}; inside a function an input
    reads `node:output_arg:index`, which is cut back to the node name.
    """
    functions = []
    for raw in graph._unknown:
        buf = memoryview(raw)
        tag, pos = wire.decode_varint(buf, 0)
        if tag >> 3 != 2 or tag & 7 != wire.LEN:
            continue
        length, pos = wire.decode_varint(buf, pos)
        for fn in _len_fields(buf[pos : pos + length], 1):
            signatures = _len_fields(fn, 1)
            names = _len_fields(signatures[0], 1) if signatures else []
            name = bytes(names[0]).decode("utf-8", errors="replace") if names else "?"
            body = [m.NodeDef.decode(n) for n in _len_fields(fn, 3)]
            for node in body:
                node.input = [_function_input(i) for i in node.input]
            known = {n.name for n in body}
            functions.append({"name": name, "nodes": [_node_json(n, known) for n in body]})
    return functions


def _function_input(text: str) -> str:
    control = text.startswith("^")
    name = text.lstrip("^").split(":", 1)[0]
    return f"^{name}" if control else name


def _len_fields(buf: memoryview, number: int) -> list[memoryview]:
    out = []
    pos = 0
    while pos < len(buf):
        tag, pos = wire.decode_varint(buf, pos)
        if tag & 7 == wire.LEN:
            length, pos = wire.decode_varint(buf, pos)
            if tag >> 3 == number:
                out.append(buf[pos : pos + length])
            pos += length
        else:
            pos = wire.skip_field(buf, pos, tag & 7)
    return out
