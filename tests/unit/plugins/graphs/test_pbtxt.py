"""The graph's protobuf text is what Python protobuf's `str(message)` writes for the same bytes."""

from __future__ import annotations

import math

import pytest

from trainboard.events import messages as m
from trainboard.plugins.graphs.pbtxt import UnknownFieldsError, pbtxt

graph_pb2 = pytest.importorskip("tensorboard.compat.proto.graph_pb2")


def _graph() -> m.GraphDef:
    attrs = {
        "dtype": m.AttrValue(type=m.DT_FLOAT),
        "value": m.AttrValue(
            tensor=m.TensorProto(
                dtype=m.DT_FLOAT,
                tensor_shape=m.TensorShapeProto.of([2]),
                float_val=[0.1, -1.5e-8, math.inf, math.nan, 3.0],
                double_val=[0.1, 1e300],
                string_val=[b'caf\xc3\xa9 "quoted" \\ \n\t\x00\x7f'],
                int64_val=[-(2**40)],
                bool_val=[True, False],
            )
        ),
        "list": m.AttrValue(
            list=m.AttrListValue(i=[1, -2], f=[0.25], s=[b"a", b"'b'"], b=[True], type=[m.DT_INT64])
        ),
        "flag": m.AttrValue(b=False),
    }
    nodes = [
        m.NodeDef(name="x", op="Const", input=["a", "^b:1"], device="/cpu:0", attr=attrs),
        m.NodeDef(name="y", op="Identity", input=["x"]),
    ]
    return m.GraphDef(node=nodes, versions=m.VersionDef(producer=22, bad_consumers=[1, 2]))


def test_text_is_protobufs_str_for_a_single_attr_node() -> None:
    graph = m.GraphDef(node=[m.NodeDef(name="n", op="Const", attr={"value": _graph().node[0].attr["value"]})])
    assert pbtxt(graph) == str(graph_pb2.GraphDef.FromString(graph.encode()))


def test_text_holds_protobufs_lines_in_the_files_map_order() -> None:
    graph = _graph()
    theirs = str(graph_pb2.GraphDef.FromString(graph.encode()))
    ours = pbtxt(graph)
    assert sorted(ours.splitlines()) == sorted(theirs.splitlines())
    from google.protobuf import text_format

    assert text_format.Parse(ours, graph_pb2.GraphDef()) == graph_pb2.GraphDef.FromString(graph.encode())


def test_fields_trainboard_does_not_model_are_refused_not_dropped() -> None:
    data = m.GraphDef(node=[m.NodeDef(name="n")]).encode() + b"\x12\x00"  # field 2 (library), empty
    with pytest.raises(UnknownFieldsError):
        pbtxt(m.GraphDef.decode(data))
