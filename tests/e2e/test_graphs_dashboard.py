"""The Graphs dashboard in a real browser: the REINFORCE policy and a ResNet-18 logged with `add_graph`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "compat"))
from tests.compat._graph_models import Policy, ResNet18

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
