"""The Projector and Mesh tabs in a real browser (WebGL): on `trainboard demo` data, on a 100,000-point
embedding, and on meshes logged at several steps by two runs."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect

import trainboard
from trainboard.demo import write_demo
from trainboard.events import messages as m
from trainboard.plugins.projector.summary import write_config

BIG_POINTS = 100_000
BIG_DIMS = 128
BIG_CLOUD = 250_000  # vertices: more than the mesh view draws while its camera moves


@pytest.fixture(scope="module")
def demo_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    logdir = tmp_path_factory.mktemp("demo")
    write_demo(logdir)
    return logdir


def write_big_embedding(run: Path, n: int = BIG_POINTS, d: int = BIG_DIMS) -> None:
    """n points in 10 clusters, laid out as torch writes them; float32 text keeps the file small."""
    rng = np.random.default_rng(0)
    classes = rng.integers(0, 10, n)
    centres = rng.normal(size=(10, d)) * 4
    mat = (centres[classes] + rng.normal(size=(n, d))).astype(np.float32)
    with trainboard.SummaryWriter(str(run)) as w:
        w.add_scalar("loss", 1.0, 0)
    folder = run / "00000" / "big"
    folder.mkdir(parents=True)
    np.savetxt(folder / "tensors.tsv", mat, fmt="%.5g", delimiter="\t")
    rows = [f"item{i}\tclass{c}\t{i / n:.4f}" for i, c in enumerate(classes)]
    (folder / "metadata.tsv").write_text("name\tclass\tposition\n" + "\n".join(rows) + "\n")
    info = m.EmbeddingInfo(
        tensor_name="big:00000", tensor_path="00000/big/tensors.tsv", metadata_path="00000/big/metadata.tsv"
    )
    write_config(str(run), m.ProjectorConfig(embeddings=[info]))


@pytest.fixture(scope="module")
def big_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    logdir = tmp_path_factory.mktemp("big")
    write_big_embedding(logdir / "big")
    return logdir


@pytest.fixture(scope="module")
def mesh_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    logdir = tmp_path_factory.mktemp("meshes")
    rng = np.random.default_rng(0)
    for run in ("a", "b"):
        with trainboard.SummaryWriter(str(logdir / run)) as w:
            for step in (0, 10, 20):
                cloud = rng.normal(size=(1, 2000, 3)).astype(np.float32) * (1 + step / 10)
                colors = rng.integers(0, 255, size=(1, 2000, 3)).astype(np.uint8)
                w.add_mesh("cloud", cloud, colors=colors, global_step=step)
    return logdir


@pytest.fixture(scope="module")
def big_cloud_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    logdir = tmp_path_factory.mktemp("cloud")
    rng = np.random.default_rng(0)
    with trainboard.SummaryWriter(str(logdir / "c")) as w:
        cloud = rng.normal(size=(1, BIG_CLOUD, 3)).astype(np.float32)
        w.add_mesh(
            "cloud", cloud, colors=rng.integers(0, 255, (1, BIG_CLOUD, 3)).astype(np.uint8), global_step=0
        )
    return logdir


# Every value the view's data-drawn attribute takes from now on, in window.__drawnSeen.
WATCH_DRAWN = """(selector) => {
  const el = document.querySelector(selector);
  window.__drawnSeen = [el.dataset.drawn];
  new MutationObserver(() => window.__drawnSeen.push(el.dataset.drawn)).observe(el, {
    attributes: true,
    attributeFilter: ["data-drawn"],
  });
}"""


def drag_and_rest(page: Page, view: str, total: int, steps: int = 10) -> list[str]:
    """Drag across the view's canvas (`steps` mouse moves), let go, wait until it draws all `total`
    points; the values its data-drawn attribute took meanwhile."""
    box = page.locator(f"{view} canvas").bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.evaluate(WATCH_DRAWN, view)
    page.mouse.move(cx, cy)
    page.mouse.down()
    for i in range(0, steps, 10):
        page.mouse.move(cx + (150 if i % 20 == 0 else -150), cy + 30, steps=10)
    page.mouse.up()
    expect(page.locator(view)).to_have_attribute("data-drawn", str(total), timeout=30_000)
    return list(page.evaluate("window.__drawnSeen"))


def open_projector(page: Page, url: str) -> None:
    page.goto(f"{url}/?tab=projector")
    expect(page.locator(".tb-projector-canvas")).to_have_attribute(
        "data-painted", re.compile(r"[1-9]"), timeout=60_000
    )


def click_point(page: Page, drawn: int) -> None:
    where = page.evaluate(f"window.__tbProjector.screenOf({drawn})")
    assert where is not None
    page.mouse.click(where["x"], where["y"])


def test_projector_on_demo_data_searches_colours_and_finds_neighbours(
    page: Page, serve, demo_logdir: Path
) -> None:
    open_projector(page, serve(demo_logdir))
    expect(page.get_by_text("180 points")).to_be_visible()
    page.get_by_label("Search labels").fill("cat")
    expect(page.get_by_test_id("projector-matches")).to_have_text(re.compile(r"^[1-9]\d* match"))
    page.get_by_label("Colour by").select_option("label")
    expect(page.get_by_test_id("projector-legend").locator("li")).to_have_count(3)
    click_point(page, 0)
    neighbours = page.get_by_test_id("projector-neighbors").locator("ol li")
    expect(neighbours).to_have_count(20)
    first = neighbours.first.inner_text()
    distance = float(first.split()[-1])
    assert 0 <= distance <= 2
    # Euclidean distances are recomputed on the server and are not the cosine ones.
    page.get_by_role("button", name="euclidean").click()
    expect(neighbours.first).not_to_have_text(first)
    neighbours.nth(1).locator("button").click()
    expect(page.get_by_test_id("projector-neighbors").locator("h3")).to_contain_text("#")
    page.get_by_role("button", name="2D").click()
    expect(page.locator(".tb-projector-canvas")).to_have_attribute("data-painted", "180")


OUTSIDE_VIEW = """(n) => {
  const rect = document.querySelector(".tb-projector-canvas canvas").getBoundingClientRect();
  const out = [];
  for (let i = 0; i < n; i++) {
    const p = window.__tbProjector.screenOf(i);
    if (!p || p.x < rect.left || p.x > rect.right || p.y < rect.top || p.y > rect.bottom) out.push(i);
  }
  return out;
}"""


@pytest.mark.parametrize("size", [(900, 900), (1900, 640)], ids=["tall view", "wide view"])
def test_every_point_is_in_view_when_an_embedding_opens(
    page: Page, serve, demo_logdir: Path, size: tuple[int, int]
) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_projector(page, serve(demo_logdir))
    assert page.evaluate(OUTSIDE_VIEW, 180) == []
    page.get_by_role("button", name="2D").click()
    expect(page.locator(".tb-projector-canvas")).to_have_attribute("data-painted", "180")
    assert page.evaluate(OUTSIDE_VIEW, 180) == []


def test_projector_umap_runs_in_a_worker_with_progress(page: Page, serve, demo_logdir: Path) -> None:
    open_projector(page, serve(demo_logdir))
    page.get_by_role("button", name="UMAP").click()
    expect(page.get_by_test_id("projector-progress")).to_contain_text(
        re.compile(r"done \d+ of \d+"), timeout=60_000
    )
    page.get_by_role("button", name="t-SNE").click()
    expect(page.get_by_test_id("projector-progress")).to_contain_text("iteration", timeout=60_000)
    page.get_by_role("button", name="Stop").click()
    expect(page.get_by_test_id("projector-progress")).to_contain_text("stopped at iteration")


def test_projector_on_100k_points(page: Page, serve, big_logdir: Path) -> None:
    open_projector(page, serve(big_logdir))
    expect(page.locator(".tb-projector-canvas")).to_have_attribute("data-painted", str(BIG_POINTS))
    page.get_by_label("Search labels").fill("item4242")
    expect(page.get_by_test_id("projector-matches")).to_have_text("11 matches")  # item4242, item42420..9
    page.get_by_label("Colour by").select_option("class")
    expect(page.get_by_test_id("projector-legend").locator("li")).to_have_count(10)
    page.get_by_label("Colour by").select_option("position")
    expect(page.locator(".tb-projector-ramp")).to_be_visible()
    click_point(page, 4242)
    neighbours = page.get_by_test_id("projector-neighbors").locator("ol li")
    expect(neighbours).to_have_count(20, timeout=30_000)
    label = page.get_by_test_id("projector-neighbors").locator("h3").inner_text()
    assert label.startswith("item")
    neighbours.first.locator("button").click()
    expect(page.get_by_test_id("projector-neighbors").locator("h3")).not_to_have_text(label)


# The views' level of detail (Scatter.tsx, MeshView.tsx): the first moving frame's sample, the floor.
POINTS_START, POINTS_FLOOR = 30_000, 5_000
VERTICES_START, VERTICES_FLOOR = 100_000, 10_000


def test_projector_draws_a_sample_while_rotating_and_every_point_at_rest(
    page: Page, serve, big_logdir: Path
) -> None:
    open_projector(page, serve(big_logdir))
    view = ".tb-projector-canvas"
    expect(page.locator(view)).to_have_attribute("data-drawn", str(BIG_POINTS))
    seen = drag_and_rest(page, view, BIG_POINTS)
    assert str(POINTS_START) in seen, seen
    assert seen[-1] == str(BIG_POINTS)


def test_the_moving_sample_follows_the_frame_time_within_its_floor(
    page: Page, serve, big_logdir: Path
) -> None:
    """However long the frames take (the sample follows them: webglFrames.test.ts), a long drag never
    draws fewer points than the floor, and at rest every point is drawn."""
    open_projector(page, serve(big_logdir))
    view = ".tb-projector-canvas"
    expect(page.locator(view)).to_have_attribute("data-drawn", str(BIG_POINTS))
    seen = [int(x) for x in drag_and_rest(page, view, BIG_POINTS, steps=120)]
    moving = seen[1:-1]
    assert moving and min(moving) >= POINTS_FLOOR, seen
    assert seen[-1] == BIG_POINTS


def test_a_big_point_cloud_draws_a_sample_while_rotating_and_all_at_rest(
    page: Page, serve, big_cloud_logdir: Path
) -> None:
    page.goto(f"{serve(big_cloud_logdir)}/?tab=mesh")
    view = ".tb-mesh-view"
    expect(page.locator(view)).to_have_attribute("data-drawn", str(BIG_CLOUD), timeout=60_000)
    seen = [int(x) for x in drag_and_rest(page, view, BIG_CLOUD, steps=60)]
    assert VERTICES_START in seen, seen
    assert min(seen[1:-1]) >= VERTICES_FLOOR, seen
    assert seen[-1] == BIG_CLOUD


def test_mesh_tab_on_demo_data(page: Page, serve, demo_logdir: Path) -> None:
    page.goto(f"{serve(demo_logdir)}/?tab=mesh")
    expect(page.locator(".tb-mesh-view")).to_have_attribute("data-painted", "true", timeout=30_000)
    expect(page.get_by_test_id("mesh-card")).to_contain_text("point cloud")


def test_mesh_runs_side_by_side_and_the_step_slider_loads_each_step(
    page: Page, serve, mesh_logdir: Path
) -> None:
    page.goto(f"{serve(mesh_logdir)}/?tab=mesh")
    cards = page.get_by_test_id("mesh-card")
    expect(cards).to_have_count(2, timeout=30_000)
    expect(page.locator(".tb-mesh-view[data-painted=true]")).to_have_count(2, timeout=30_000)
    first = cards.first
    expect(first).to_contain_text("step 20")
    with page.expect_response(lambda r: "api/mesh/data" in r.url and "step=0" in r.url):
        first.get_by_role("slider").fill("0")
    expect(first).to_contain_text("step 0")
    expect(cards.nth(1)).to_contain_text("step 20")
