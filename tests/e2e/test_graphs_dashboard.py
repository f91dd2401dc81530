"""The Graphs dashboard in a real browser: the REINFORCE policy and a ResNet-18 logged with `add_graph`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "compat"))
from tests.compat._graph_models import Policy, ResNet18

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
FC1 = 'g[data-name="Policy/Linear[fc1]/input.1"]'
DEEP_CONV = "ResNet18/Sequential[layer4]/BasicBlock[1]/Conv2d[conv2]"


@pytest.fixture(scope="module")
def graph_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch

    from trainboard import SummaryWriter

    logdir = tmp_path_factory.mktemp("graphs-logdir")
    with SummaryWriter(str(logdir / "REINFORCE")) as w:
        w.add_graph(Policy(), torch.rand(4))
    with SummaryWriter(str(logdir / "resnet18")) as w:
        w.add_graph(ResNet18(), torch.rand(1, 3, 64, 64))
    return logdir


def open_graphs(page: Page, url: str, run: str = "REINFORCE") -> None:
    page.goto(f"{url}/?tab=graphs")
    expect(page.get_by_test_id("graph-canvas")).to_be_visible(timeout=20_000)
    if run != "REINFORCE":
        page.get_by_label("Run", exact=True).select_option(run)
    expect(page.locator("[data-testid=graph-canvas] g[data-id]").first).to_be_visible(timeout=20_000)


def test_policy_scope_collapses_and_expands_and_a_node_shows_its_shapes(
    page: Page, serve, graph_logdir: Path
) -> None:
    open_graphs(page, serve(graph_logdir))
    canvas = page.get_by_test_id("graph-canvas")
    # The root module opens by itself; its layers are named after their modules, with shapes on edges.
    expect(canvas.locator(FC1)).to_contain_text("Linear[fc1]")
    expect(canvas.locator("text", has_text="128").first).to_be_visible()

    canvas.locator('g[data-kind="open"][data-id="g:Policy"] text').first.click()
    expect(canvas.locator(FC1)).to_have_count(0)
    closed = canvas.locator('g[data-kind="closed"][data-id="g:Policy"]')
    expect(closed).to_contain_text("4 ops")

    closed.click()
    expect(canvas.locator(FC1)).to_be_visible()
    canvas.locator(FC1).click()
    panel = page.get_by_test_id("graph-panel")
    expect(panel).to_contain_text("aten::linear")
    expect(panel.get_by_test_id("graph-output-shapes")).to_have_text("128")
    expect(panel.locator("tr", has_text="input/x")).to_contain_text("4")
    # Parameters are listed by what they hold, apart from the data inputs.
    expect(panel).to_contain_text("Parameters and constants (2)")
    expect(panel.get_by_role("row", name="bias GetAttr")).to_be_visible()


def test_search_opens_the_scopes_around_a_deep_node_and_highlights_it(
    page: Page, serve, graph_logdir: Path
) -> None:
    open_graphs(page, serve(graph_logdir), "resnet18")
    canvas = page.get_by_test_id("graph-canvas")
    match = canvas.locator(f'g[data-name^="{DEEP_CONV}/"]')
    expect(match).to_have_count(0)

    page.get_by_label("Search nodes").fill("layer4]/BasicBlock[1]/Conv2d[conv2]")
    page.get_by_label("Search nodes").press("Enter")
    expect(match).to_be_visible()
    expect(match).to_have_class("tb-graph-node tb-graph-cat-conv tb-graph-selected tb-graph-highlighted")
    expect(page.get_by_test_id("graph-panel")).to_contain_text("Conv2d[conv2]")
    expect(page.get_by_test_id("graph-output-shapes")).to_have_text("1×512×2×2")


def test_svg_and_png_export_hold_the_whole_graph(page: Page, serve, graph_logdir: Path) -> None:
    open_graphs(page, serve(graph_logdir))
    with page.expect_download() as svg_download:
        page.get_by_role("button", name="SVG").click()
    svg = Path(svg_download.value.path()).read_text()
    assert svg_download.value.suggested_filename == "REINFORCE_graph.svg"
    assert svg.startswith("<svg") and "Linear[fc1]" in svg and "softmax" in svg
    with page.expect_download() as png_download:
        page.get_by_role("button", name="PNG").click()
    assert Path(png_download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def tf_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A TensorFlow-style GraphDef: `name:k` and `^control` inputs, and a function library."""
    from trainboard.events import messages as m
    from trainboard.events import wire
    from trainboard.events.records import frame

    def node(
        name: str, op: str, inputs: tuple[str, ...] = (), shapes: tuple[list[int], ...] = ()
    ) -> m.NodeDef:
        attr = {}
        if shapes:
            attr["_output_shapes"] = m.AttrValue(
                list=m.AttrListValue(shape=[m.TensorShapeProto.of(s) for s in shapes])
            )
        return m.NodeDef(name=name, op=op, input=list(inputs), attr=attr)

    graph = m.GraphDef(
        node=[
            node("x", "Placeholder", shapes=([-1, 6],)),
            node("init", "NoOp"),
            node("split", "Split", ("x",), ([-1, 3], [-1, 3])),
            node("dense/kernel", "Const", shapes=([3, 3],)),
            node("dense/MatMul", "MatMul", ("split:1", "dense/kernel"), ([-1, 3],)),
            node("add", "AddV2", ("split", "dense/MatMul", "^init"), ([-1, 3],)),
        ],
        versions=m.VersionDef(producer=1205),
    ).encode()
    body = node("inner_matmul", "MatMul", ("a", "b:0")).encode()
    function = wire.len_field(1, wire.len_field(1, b"forward_fn")) + wire.len_field(3, body)
    graph += wire.len_field(2, wire.len_field(1, function))
    logdir = tmp_path_factory.mktemp("tf-graph-logdir")
    (logdir / "keras").mkdir()
    with open(logdir / "keras" / "events.out.tfevents.1700000000.host", "wb") as f:
        f.write(frame(m.Event(wall_time=1.0, file_version="brain.Event:2").encode()))
        f.write(frame(m.Event(wall_time=1.0, graph_def=graph).encode()))
    return logdir


def test_tensorflow_graph_renders_with_control_edges_and_functions(
    page: Page, serve, tf_logdir: Path
) -> None:
    open_graphs(page, serve(tf_logdir), "keras")
    canvas = page.get_by_test_id("graph-canvas")
    expect(canvas.locator('g[data-name="add"]')).to_contain_text("AddV2")
    expect(canvas.locator("g.tb-graph-edge-control")).to_have_count(1)
    # split:1 feeds the MatMul: the edge carries that output's shape.
    expect(canvas.locator("text", has_text="?×3").first).to_be_visible()
    page.get_by_label("Graph", exact=True).select_option("forward_fn")
    expect(canvas.locator('g[data-name="inner_matmul"]')).to_be_visible()


def _root_box(page: Page) -> dict[str, float]:
    box = page.locator("[data-testid=graph-canvas] g[data-role=graph-root]").bounding_box()
    assert box is not None
    return box


def test_collapse_all_and_expand_all_fit_the_graph_to_the_view(page: Page, serve, graph_logdir: Path) -> None:
    open_graphs(page, serve(graph_logdir), "resnet18")
    canvas = page.get_by_test_id("graph-canvas").bounding_box()
    assert canvas is not None
    page.get_by_role("button", name="Expand all").click()
    expect(page.locator('[data-testid=graph-canvas] g[data-kind="closed"]')).to_have_count(0)
    page.wait_for_timeout(300)
    # Zoom into a corner, as someone reading one layer would.
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Zoom in").click()

    page.get_by_role("button", name="Collapse all").click()
    expect(
        page.locator('[data-testid=graph-canvas] g[data-kind="closed"][data-id="g:ResNet18"]')
    ).to_be_visible()
    page.wait_for_timeout(300)
    box = _root_box(page)
    # Fitted: the whole graph inside the view, centred across, and not a speck in a corner.
    assert canvas["x"] <= box["x"] and box["x"] + box["width"] <= canvas["x"] + canvas["width"]
    assert canvas["y"] <= box["y"] and box["y"] + box["height"] <= canvas["y"] + canvas["height"]
    centre = box["x"] + box["width"] / 2
    assert abs(centre - (canvas["x"] + canvas["width"] / 2)) < 0.05 * canvas["width"], (box, canvas)
    scale = (
        page.locator("[data-testid=graph-canvas] g[data-role=graph-root]").get_attribute("transform") or ""
    )
    assert "scale(1.25)" in scale, scale  # a small graph is shown at the largest fitted zoom

    page.get_by_role("button", name="Expand all").click()
    expect(page.locator('[data-testid=graph-canvas] g[data-kind="closed"]')).to_have_count(0)
    page.wait_for_timeout(300)
    box = _root_box(page)
    assert abs(box["x"] + box["width"] / 2 - (canvas["x"] + canvas["width"] / 2)) < 0.05 * canvas["width"]


def test_the_run_lists_checkboxes_choose_which_runs_graph_is_shown(
    page: Page, serve, graph_logdir: Path
) -> None:
    open_graphs(page, serve(graph_logdir))
    canvas = page.get_by_test_id("graph-canvas")
    expect(canvas.locator(FC1)).to_be_visible()
    page.get_by_role("checkbox", name="REINFORCE").uncheck()
    expect(page.get_by_label("Run", exact=True)).to_have_value("resnet18")
    expect(canvas.locator('g[data-id="g:ResNet18"]')).to_be_visible(timeout=20_000)
    # Ticking a run shows its graph.
    page.get_by_role("checkbox", name="REINFORCE").check()
    expect(page.get_by_label("Run", exact=True)).to_have_value("REINFORCE")
    expect(canvas.locator(FC1)).to_be_visible(timeout=20_000)
    # With no ticked run holding a graph, the page says so instead of doing nothing.
    page.get_by_role("button", name="None", exact=True).click()
    expect(page.get_by_role("toolbar", name="Graph tools")).to_contain_text("No ticked run has a graph")


@pytest.fixture(scope="module")
def profiled_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A TF graph with a profiled step: RunMetadata as TensorFlow writes it (TensorBoard's protobufs)."""
    from tensorboard.compat.proto import (
        config_pb2,
        event_pb2,
        graph_pb2,
        node_def_pb2,
        step_stats_pb2,
        tensor_description_pb2,
        tensor_shape_pb2,
    )
    from tensorboard.summary.writer.event_file_writer import EventFileWriter

    cpu = "/job:localhost/replica:0/task:0/device:CPU:0"
    gpu = "/job:localhost/replica:0/task:0/device:GPU:0"
    graph = graph_pb2.GraphDef(
        node=[
            node_def_pb2.NodeDef(name="images", op="Placeholder", device=cpu),
            node_def_pb2.NodeDef(name="conv/Conv2D", op="Conv2D", input=["images"], device=gpu),
            node_def_pb2.NodeDef(name="conv/Relu", op="Relu", input=["conv/Conv2D"], device=gpu),
            node_def_pb2.NodeDef(name="logits/MatMul", op="MatMul", input=["conv/Relu"], device=gpu),
            node_def_pb2.NodeDef(
                name="loss", op="SoftmaxCrossEntropyWithLogits", input=["logits/MatMul"], device=cpu
            ),
        ]
    )

    def stats(name: str, micros: int, kib: int, *shape: int) -> step_stats_pb2.NodeExecStats:
        dims = [tensor_shape_pb2.TensorShapeProto.Dim(size=d) for d in shape]
        desc = tensor_description_pb2.TensorDescription(
            dtype=1, shape=tensor_shape_pb2.TensorShapeProto(dim=dims)
        )
        return step_stats_pb2.NodeExecStats(
            node_name=name,
            all_start_micros=1_700_000_000_000_000,
            all_end_rel_micros=micros,
            memory=[step_stats_pb2.AllocatorMemoryUsed(allocator_name="GPU_0_bfc", total_bytes=kib * 1024)],
            output=[step_stats_pb2.NodeOutput(slot=0, tensor_description=desc)],
        )

    step_stats = step_stats_pb2.StepStats(
        dev_stats=[
            step_stats_pb2.DeviceStepStats(
                device=gpu,
                node_stats=[
                    stats("conv/Conv2D", 4200, 12288, 32, 28, 28, 64),
                    stats("conv/Relu", 300, 12288, 32, 28, 28, 64),
                    stats("logits/MatMul", 850, 40, 32, 10),
                ],
            ),
            step_stats_pb2.DeviceStepStats(device=cpu, node_stats=[stats("loss", 120, 1, 32)]),
        ]
    )
    meta = config_pb2.RunMetadata(step_stats=step_stats)
    logdir = tmp_path_factory.mktemp("profiled-graph")
    writer = EventFileWriter(str(logdir / "cnn"))
    writer.add_event(event_pb2.Event(wall_time=1.7e9, graph_def=graph.SerializeToString()))
    tagged = event_pb2.TaggedRunMetadata(tag="step1", run_metadata=meta.SerializeToString())
    writer.add_event(event_pb2.Event(wall_time=1.7e9, step=1, tagged_run_metadata=tagged))
    writer.close()
    return logdir


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_run_metadata_gives_nodes_compute_time_memory_and_shapes_and_colours_them(
    page: Page, serve, profiled_logdir: Path, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    open_graphs(page, serve(profiled_logdir), "cnn")
    canvas = page.get_by_test_id("graph-canvas")
    expect(page.get_by_label("Session run")).to_have_value("step1")
    page.get_by_role("button", name="Expand all").click()
    conv = canvas.locator('g[data-name="conv/Conv2D"]')
    expect(conv).to_be_visible()

    page.get_by_label("Colour by").select_option("compute")
    fill = {
        name: canvas.locator(f'g[data-name="{name}"] rect.tb-graph-box').get_attribute("data-fill")
        for name in ("conv/Conv2D", "conv/Relu", "logits/MatMul", "images")
    }
    assert fill["conv/Conv2D"] and "88%" in fill["conv/Conv2D"], fill  # the slowest op: the hot end
    assert fill["conv/Relu"] != fill["conv/Conv2D"] and fill["images"] is None, fill
    legend = page.get_by_label("Colour legend")
    expect(legend).to_contain_text("0 µs")
    expect(legend).to_contain_text("4.2 ms")
    # The painted pixels follow: the slow conv is far more orange than the quick ReLU.
    rgb = [
        canvas.locator(f'g[data-name="{n}"] rect.tb-graph-box').evaluate("r => getComputedStyle(r).fill")
        for n in ("conv/Conv2D", "conv/Relu")
    ]
    assert rgb[0] != rgb[1], rgb

    conv.click()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"graphs-compute-time-{scheme}.png"))
    panel = page.get_by_test_id("graph-panel")
    expect(panel.get_by_test_id("graph-compute-time")).to_have_text("4.2 ms")
    expect(panel.get_by_test_id("graph-memory")).to_have_text("12 MiB")
    expect(panel.get_by_test_id("graph-output-shapes")).to_have_text("32×28×28×64")
    expect(panel).to_contain_text("GPU:0")
    canvas.locator('g[data-id="g:conv"] text').first.click()  # the scope sums its ops
    expect(panel.get_by_test_id("graph-compute-time")).to_contain_text("4.5 ms")

    page.get_by_label("Colour by").select_option("device")
    expect(legend).to_contain_text("CPU:0")
    expect(legend).to_contain_text("GPU:0")
    device_fill = {
        n: canvas.locator(f'g[data-name="{n}"] rect.tb-graph-box').get_attribute("data-fill")
        for n in ("images", "loss", "logits/MatMul")
    }
    assert device_fill["images"] == device_fill["loss"] != device_fill["logits/MatMul"], device_fill
