"""Models -> graph events: what `add_graph` and `add_onnx_graph` write (`spec/event-format.md` §5.2)."""

from __future__ import annotations

from typing import Any

from trainboard.events.messages import DeviceStepStats, RunMetadata, StepStats
from trainboard.plugins.graphs._torch_trace import GraphTraceError, trace_graph_def
from trainboard.plugins.graphs.metadata import RUN_METADATA_DEVICE

__all__ = ["GraphTraceError", "graph_events", "onnx_graph"]


def graph_events(
    model: Any, input_to_model: Any = None, verbose: bool = False, use_strict_trace: bool = True
) -> tuple[bytes, bytes]:
    """Trace ``model`` with `torch.jit.trace` and return (serialized GraphDef, serialized RunMetadata).

    The writer puts the GraphDef in a `graph_def` event, then the RunMetadata in a
    `tagged_run_metadata` event tagged "step1", as torch does.

        graph_def, run_metadata = graph_events(policy, torch.rand(4))
        graph_def, run_metadata = graph_events(torch.jit.trace(model, x, strict=False), [])

    ``input_to_model`` is a tensor, a tuple of positional inputs or whatever `torch.jit.trace`
    takes; an already traced `ScriptModule` takes ``[]``. The model is traced in eval mode and
    its training flag restored afterwards. ``verbose`` prints the traced graph.

    Raises:
        GraphTraceError: the model cannot be traced; the message names the cause. Nothing is written.
    """
    graph_def = trace_graph_def(model, input_to_model, verbose=verbose, strict=use_strict_trace)
    run_metadata = RunMetadata(step_stats=StepStats(dev_stats=[DeviceStepStats(device=RUN_METADATA_DEVICE)]))
    return graph_def.encode(), run_metadata.encode()


def onnx_graph(path: str) -> bytes:
    """The serialized GraphDef that torch's `add_onnx_graph` writes for the ONNX model file at ``path``.

        writer.add_onnx_graph("model.onnx")   # the writer wraps these bytes in a graph_def event

    Raises:
        OSError: the file cannot be read.
        trainboard.errors.InvalidArgumentError: the file is not an ONNX model.
    """
    from trainboard.plugins.graphs._onnx import onnx_graph_def

    with open(path, "rb") as f:
        data = f.read()
    return onnx_graph_def(data, source=path).encode()
