"""`onnx_graph` against torch's own `add_onnx_graph` (which needs the onnx package; trainboard does not)."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainboard.errors import InvalidArgumentError
from trainboard.events.messages import GraphDef
from trainboard.plugins.graphs import onnx_graph

onnx = pytest.importorskip("onnx")
helper = onnx.helper
TP = onnx.TensorProto

pytestmark = pytest.mark.compat


def write_model(path: Path) -> str:
    x = helper.make_tensor_value_info("X", TP.FLOAT, [1, 3, 8, 8])
    y = helper.make_tensor_value_info("Y", TP.FLOAT, [1, 4, "batch"])
    weight = helper.make_tensor("W", TP.FLOAT, [4, 3, 3, 3], [0.5] * 108)
    nodes = [
        helper.make_node("Conv", ["X", "W"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="conv0"),
        helper.make_node("LeakyRelu", ["c"], ["r"], alpha=0.1),
        helper.make_node("Cast", ["r"], ["Y"], to=1),
        helper.make_node("Constant", [], ["k"], value=helper.make_tensor("v", TP.INT64, [2], [3, 0])),
        helper.make_node("Mode", ["k"], ["z"], mode="NOT'SET", eps=1e-5, axis=0, scales=[0.5, 2.0]),
    ]
    graph = helper.make_graph(nodes, "g", [x], [y], [weight])
    target = str(path / "model.onnx")
    onnx.save(helper.make_model(graph), target)
    return target


def test_onnx_graph_matches_torch_add_onnx_graph(tmp_path: Path) -> None:
    from torch.utils.tensorboard._onnx_graph import load_onnx_graph

    path = write_model(tmp_path)
    theirs = GraphDef.decode(load_onnx_graph(path).SerializeToString())
    ours = GraphDef.decode(onnx_graph(path))
    assert [n.name for n in ours.node] == [n.name for n in theirs.node]
    for a, b in zip(ours.node, theirs.node, strict=True):
        assert (a.op, a.input, a.attr) == (b.op, b.input, b.attr), a.name
    assert ours.versions.producer == 22


def test_a_file_that_is_not_onnx_says_so(tmp_path: Path) -> None:
    bad = tmp_path / "notes.onnx"
    bad.write_bytes(b"\xff\xff\xff not a model")
    with pytest.raises(InvalidArgumentError, match="not an ONNX model"):
        onnx_graph(str(bad))
