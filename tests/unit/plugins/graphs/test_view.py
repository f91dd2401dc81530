"""The GraphDef -> JSON conversion the Graphs dashboard draws from."""

from __future__ import annotations

from typing import Any

from trainboard.events import messages as m
from trainboard.events import wire
from trainboard.plugins.graphs.view import graph_json, render_attr, run_metadata_json, split_input


def node(name: str, op: str, inputs: list[str] | None = None, **attrs: Any) -> m.NodeDef:
    return m.NodeDef(name=name, op=op, input=inputs or [], attr=attrs)


def tf_graph() -> m.GraphDef:
    """A TensorFlow-style graph: typed attributes, `name:k` inputs and a `^control` input."""
    shape = m.TensorShapeProto.of([-1, 3])
    return m.GraphDef(
        node=[
            node("x", "Placeholder", dtype=m.AttrValue(type=m.DT_FLOAT), shape=m.AttrValue(shape=shape)),
            node("init", "NoOp"),
            node("split", "Split", ["x"], num_split=m.AttrValue(i=2)),
            node(
                "dense/MatMul",
                "MatMul",
                ["split:1", "^init"],
                transpose_a=m.AttrValue(b=False),
                _output_shapes=m.AttrValue(list=m.AttrListValue(shape=[m.TensorShapeProto.of([-1, 4])])),
            ),
        ],
        versions=m.VersionDef(producer=1205),
    )


def by_name(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["name"]: n for n in body["nodes"]}


def test_tensorflow_output_index_and_control_inputs_are_split_out() -> None:
    nodes = by_name(graph_json(tf_graph()))
    assert nodes["dense/MatMul"]["inputs"] == [
        {"name": "split", "output": 1, "control": False, "dangling": False},
        {"name": "init", "output": -1, "control": True, "dangling": False},
    ]


def test_output_shapes_become_lists_of_sizes_and_leave_the_attributes() -> None:
    nodes = by_name(graph_json(tf_graph()))
    assert nodes["dense/MatMul"]["shapes"] == [[-1, 4]]
    assert "_output_shapes" not in nodes["dense/MatMul"]["attrs"]
    assert nodes["x"]["shapes"] is None


def test_typed_attributes_read_as_short_text() -> None:
    attrs = by_name(graph_json(tf_graph()))["x"]["attrs"]
    assert attrs == {"dtype": "float32", "shape": "[?, 3]"}
    assert render_attr(m.AttrValue(f=0.1)) == "0.1"
    assert render_attr(m.AttrValue(list=m.AttrListValue(i=[1, 2, 2, 1]))) == "[1, 2, 2, 1]"
    assert render_attr(m.AttrValue(s=b"SAME")) == "SAME"
    tensor = m.TensorProto(dtype=m.DT_INT32, tensor_shape=m.TensorShapeProto.of([2]), int_val=[7, 8])
    assert render_attr(m.AttrValue(tensor=tensor)) == "int32[2] [7, 8]"


def test_large_tensor_constant_shows_type_and_shape_not_bytes() -> None:
    tensor = m.TensorProto(
        dtype=m.DT_FLOAT, tensor_shape=m.TensorShapeProto.of([256, 256]), tensor_content=b"\0" * 262144
    )
    assert render_attr(m.AttrValue(tensor=tensor)) == "float32[256, 256]"


def test_torch_attribute_text_becomes_named_attributes() -> None:
    graph = m.GraphDef(
        node=[
            node("in/x", "IO Node", attr=m.AttrValue(s=b"")),
            node("M/w", "prim::GetAttr", attr=m.AttrValue(s=b"{ name :  weight }")),
            node("M/c", "prim::Constant", attr=m.AttrValue(s=b"{ value : tensor(1.)}")),
            node("M/y", "aten::relu", ["in/x"], attr=m.AttrValue(s=b"{}")),
        ]
    )
    nodes = by_name(graph_json(graph))
    assert nodes["M/w"]["attrs"] == {"name": "weight"}
    assert nodes["M/c"]["attrs"] == {"value": "tensor(1.)"}
    assert nodes["M/y"]["attrs"] == {}
    assert nodes["in/x"]["attrs"] == {}


def test_inputs_naming_no_node_are_flagged_dangling_as_torch_writes_them() -> None:
    graph = m.GraphDef(node=[node("M/Linear[l]/weight/w", "prim::GetAttr", ["M/Linear[l]/weight/l"])])
    (inp,) = graph_json(graph)["nodes"][0]["inputs"]
    assert inp["dangling"] is True


def test_function_library_bodies_are_listed_with_their_nodes() -> None:
    body = m.NodeDef(name="MatMul", op="MatMul", input=["x", "w:0", "^c"]).encode()
    signature = wire.len_field(1, b"forward_123")
    function = wire.len_field(1, signature) + wire.len_field(3, body)
    library = wire.len_field(1, function)
    graph = m.GraphDef.decode(
        m.GraphDef(node=[node("call", "StatefulPartitionedCall")]).encode() + wire.len_field(2, library)
    )
    (fn,) = graph_json(graph)["functions"]
    assert fn["name"] == "forward_123"
    assert [i["name"] for i in fn["nodes"][0]["inputs"]] == ["x", "w", "c"]
    assert fn["nodes"][0]["inputs"][2]["control"] is True


def test_split_input_handles_names_with_colons_only_before_an_index() -> None:
    assert split_input("scope/a:b") == ("scope/a:b", 0, False)
    assert split_input("a:10") == ("a", 10, False)
    assert split_input("^a") == ("a", -1, True)


def test_run_metadata_lists_its_devices() -> None:
    data = m.RunMetadata(
        step_stats=m.StepStats(dev_stats=[m.DeviceStepStats(device="/device:CPU:0")])
    ).encode()
    assert run_metadata_json(data) == {"devices": [{"device": "/device:CPU:0", "node_stats": 0}], "nodes": {}}


def _profiled_run_metadata() -> bytes:
    """What a TF session profile holds, built with TensorBoard's own protobufs: two devices, times,
    memory per allocator and output shapes; `MatMul` ran on both devices."""
    from tensorboard.compat.proto import config_pb2, step_stats_pb2, tensor_description_pb2, tensor_shape_pb2

    def shape(*dims: int) -> Any:
        return tensor_shape_pb2.TensorShapeProto(
            dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=d) for d in dims]
        )

    def output(slot: int, *dims: int) -> Any:
        desc = tensor_description_pb2.TensorDescription(dtype=1, shape=shape(*dims))
        return step_stats_pb2.NodeOutput(slot=slot, tensor_description=desc)

    def memory(total: int, peak: int) -> Any:
        return step_stats_pb2.AllocatorMemoryUsed(allocator_name="cpu", total_bytes=total, peak_bytes=peak)

    cpu = step_stats_pb2.DeviceStepStats(
        device="/job:localhost/replica:0/task:0/device:CPU:0",
        node_stats=[
            step_stats_pb2.NodeExecStats(
                node_name="dense/MatMul",
                all_start_micros=10,
                all_end_rel_micros=250,
                memory=[memory(4096, 8192), memory(1024, 1024)],
                output=[output(0, 32, 10)],
            ),
            # Nanoseconds only, and an output at slot 1 with slot 0 missing.
            step_stats_pb2.NodeExecStats(
                node_name="dense/Relu", all_end_rel_nanos=1500, output=[output(1, 32)]
            ),
        ],
    )
    gpu = step_stats_pb2.DeviceStepStats(
        device="/job:localhost/replica:0/task:0/device:GPU:0",
        node_stats=[
            step_stats_pb2.NodeExecStats(
                node_name="dense/MatMul", all_end_rel_micros=50, memory=[memory(512, 512)]
            )
        ],
    )
    meta = config_pb2.RunMetadata(step_stats=step_stats_pb2.StepStats(dev_stats=[cpu, gpu]))
    return meta.SerializeToString()


def test_run_metadata_gives_each_nodes_compute_time_memory_device_and_output_shapes() -> None:
    body = run_metadata_json(_profiled_run_metadata())
    assert [d["node_stats"] for d in body["devices"]] == [2, 1]
    assert body["nodes"]["dense/MatMul"] == {
        "device": "/job:localhost/replica:0/task:0/device:CPU:0",
        "compute_micros": 300,
        "memory_bytes": 4096 + 1024 + 512,
        "peak_bytes": 8192 + 1024 + 512,
        "outputs": [[32, 10]],
    }
    relu = body["nodes"]["dense/Relu"]
    assert relu["compute_micros"] == 1.5
    assert relu["outputs"] == [None, [32]]


def test_damaged_run_metadata_is_empty_not_an_error() -> None:
    data = _profiled_run_metadata()
    assert run_metadata_json(data[: len(data) // 2]) == {"devices": [], "nodes": {}}
