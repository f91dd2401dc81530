"""trainboard's `graph_events` against torch's own `SummaryWriter.add_graph`, node for node."""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Any

import pytest
import torch
from torch import nn
from torch.utils.tensorboard import SummaryWriter

from tests.compat._graph_models import BasicBlock, Policy, ResNet18, SmallCNN
from trainboard.events.messages import Event, GraphDef, RunMetadata
from trainboard.events.records import iter_file_records
from trainboard.plugins.graphs import GraphTraceError, graph_events

pytestmark = pytest.mark.compat


def torch_add_graph(tmp_path: Path, model: Any, inputs: Any, **kwargs: Any) -> tuple[bytes, Event]:
    """What torch writes: the graph_def bytes and the tagged_run_metadata event."""
    with SummaryWriter(str(tmp_path)) as writer:
        writer.add_graph(model, inputs, **kwargs)
    (path,) = glob.glob(str(tmp_path / "events.out.tfevents.*"))
    events = [Event.decode(r) for r in iter_file_records(path)]
    graph_event = next(e for e in events if e.graph_def is not None)
    meta_event = next(e for e in events if e.tagged_run_metadata is not None)
    return graph_event.graph_def, meta_event


def assert_same_graph(ours: bytes, theirs: bytes) -> None:
    mine, ref = GraphDef.decode(ours), GraphDef.decode(theirs)
    assert [n.name for n in mine.node] == [n.name for n in ref.node]
    for a, b in zip(mine.node, ref.node, strict=True):
        assert (a.op, a.input, a.device) == (b.op, b.input, b.device), a.name
        assert a.attr == b.attr, a.name
    assert mine.versions == ref.versions
    # Bytes may still differ: protobuf leaves the order of map entries (attr) unspecified.


def seeded(model: nn.Module) -> nn.Module:
    torch.manual_seed(0)
    return model


@pytest.mark.parametrize(
    ("model", "inputs"),
    [
        (Policy(), torch.rand(4)),
        (Policy(), torch.rand(8, 4)),
        (SmallCNN(), torch.rand(2, 3, 16, 16)),
        (BasicBlock(8, 16, 2), torch.rand(1, 8, 8, 8)),
        (ResNet18(), torch.rand(1, 3, 64, 64)),
    ],
    ids=["policy-1d", "policy-batch", "cnn-batchnorm", "block-downsample", "resnet18"],
)
def test_graph_def_matches_torch_node_for_node(
    tmp_path: Path, model: nn.Module, inputs: torch.Tensor
) -> None:
    theirs, _ = torch_add_graph(tmp_path, model, inputs)
    ours, _ = graph_events(model, inputs)
    assert_same_graph(ours, theirs)


def test_run_metadata_is_torchs_cpu_step_stats_tagged_step1(tmp_path: Path) -> None:
    _, meta_event = torch_add_graph(tmp_path, Policy(), torch.rand(4))
    _, ours = graph_events(Policy(), torch.rand(4))
    assert meta_event.tagged_run_metadata.tag == "step1"
    assert ours == meta_event.tagged_run_metadata.run_metadata
    assert RunMetadata.decode(ours).step_stats.dev_stats[0].device == "/device:CPU:0"


class TwoInputs(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.a = nn.Linear(3, 4)
        self.b = nn.Linear(5, 4)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return self.a(x) * self.b(y)


class TwoOutputs(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Linear(3, 6)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        left, right = self.body(x).chunk(2, dim=-1)
        return left.tanh(), right


class DictOutput(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Linear(3, 2)

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        return {"logits": self.body(x)}


def test_tuple_of_inputs_gives_one_input_node_each(tmp_path: Path) -> None:
    inputs = (torch.rand(2, 3), torch.rand(2, 5))
    theirs, _ = torch_add_graph(tmp_path, TwoInputs(), inputs)
    ours, _ = graph_events(TwoInputs(), inputs)
    assert_same_graph(ours, theirs)
    assert [n.name for n in GraphDef.decode(ours).node][:2] == ["input/x", "input/y"]


def test_multi_output_ops_and_tuple_outputs_match_torch(tmp_path: Path) -> None:
    theirs, _ = torch_add_graph(tmp_path, TwoOutputs(), torch.rand(2, 3))
    ours, _ = graph_events(TwoOutputs(), torch.rand(2, 3))
    assert_same_graph(ours, theirs)


def test_dict_output_needs_non_strict_trace_as_in_torch(tmp_path: Path) -> None:
    theirs, _ = torch_add_graph(tmp_path, DictOutput(), torch.rand(2, 3), use_strict_trace=False)
    ours, _ = graph_events(DictOutput(), torch.rand(2, 3), use_strict_trace=False)
    assert_same_graph(ours, theirs)
    with pytest.raises(GraphTraceError, match="use_strict_trace=False"):
        graph_events(DictOutput(), torch.rand(2, 3))


def test_already_traced_module_with_empty_input_as_ultralytics_calls_it(tmp_path: Path) -> None:
    traced = torch.jit.trace(SmallCNN().eval(), torch.rand(1, 3, 16, 16), strict=False)
    theirs, _ = torch_add_graph(tmp_path, traced, [])
    ours, _ = graph_events(traced, [])
    assert_same_graph(ours, theirs)
    assert any(n.op == "aten::_convolution" or n.op == "aten::conv2d" for n in GraphDef.decode(ours).node)


def test_a_plain_function_is_refused_with_a_hint_to_wrap_it_in_a_module() -> None:
    with pytest.raises(TypeError, match=r"needs a torch\.nn\.Module; got function"):
        graph_events(lambda x: x * 2, torch.rand(3))


def test_untraceable_model_gets_one_line_error_naming_the_cause() -> None:
    with pytest.raises(GraphTraceError) as info:
        graph_events(Policy(), torch.rand(3))
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("add_graph could not trace Policy:")
    assert "shapes cannot be multiplied" in message


def test_tracing_restores_training_mode() -> None:
    model = SmallCNN().train()
    graph_events(model, torch.rand(1, 3, 16, 16))
    assert model.training


def test_failed_add_graph_leaves_a_valid_log_tensorboard_reads(tmp_path: Path) -> None:
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    from trainboard import SummaryWriter as OurWriter

    with OurWriter(str(tmp_path)) as writer:
        writer.add_scalar("loss", 1.0, 0)
        with pytest.raises(GraphTraceError):
            writer.add_graph(Policy(), torch.rand(3))
        writer.add_scalar("loss", 0.5, 1)
        writer.add_graph(Policy(), torch.rand(4))
    acc = EventAccumulator(str(tmp_path))
    acc.Reload()
    assert [s.value for s in acc.Scalars("loss")] == [1.0, 0.5]
    assert [n.name for n in acc.Graph().node][:2] == ["input/x", "output/output.1"]
    assert acc.Tags()["run_metadata"] == ["step1"]


class DictInput(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.body = nn.Linear(3, 2)

    def forward(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        return self.body(batch["x"]) + batch["y"]


def test_dict_input_is_one_input_node_as_in_torch(tmp_path: Path) -> None:
    inputs = ({"x": torch.rand(2, 3), "y": torch.rand(2, 2)},)
    theirs, _ = torch_add_graph(tmp_path, DictInput(), inputs, use_strict_trace=False)
    ours, _ = graph_events(DictInput(), inputs, use_strict_trace=False)
    assert_same_graph(ours, theirs)
    assert GraphDef.decode(ours).node[0].name == "input/batch"
