"""The Histograms and Distributions dashboards in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect


@pytest.fixture(scope="module")
def histogram_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A torch run and a trainboard run, two tags each, weights drifting right over 20 steps."""
    from torch.utils.tensorboard import SummaryWriter as TorchWriter

    import trainboard

    logdir = tmp_path_factory.mktemp("histogram-logdir")
    for run, writer_class in (("torch", TorchWriter), ("trainboard", trainboard.SummaryWriter)):
        rng = np.random.default_rng(0)
        with writer_class(str(logdir / run)) as w:
            for step in range(20):
                w.add_histogram("fc1/weight", rng.normal(step * 0.2, 1.0, 2000), step)
                w.add_histogram("fc1/bias", rng.normal(0.0, 0.1 + step * 0.01, 64), step)
    return logdir


def plot(page: Page, tag: str, run: str):
    return page.locator(f'article[aria-label="{tag} · {run}"]')


def test_ridges_appear_per_run_and_tag_and_hover_reads_out_counts(
    page: Page, serve, histogram_logdir: Path
) -> None:
    page.goto(f"{serve(histogram_logdir)}/?tab=histograms")
    for tag in ("fc1/weight", "fc1/bias"):
        for run in ("torch", "trainboard"):
            expect(plot(page, tag, run).locator("svg path")).to_have_count(20, timeout=15_000)
    card = plot(page, "fc1/weight", "torch")
    expect(card).to_contain_text("20 steps")
    svg = card.locator("svg")
    box = svg.bounding_box()
    assert box is not None
    readout = card.locator(".tb-chart-readout")
    expect(readout).not_to_contain_text(re.compile(r"count \d"))
    page.mouse.move(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.75)
    expect(readout).to_contain_text(re.compile(r"step \d+ · \[-?[\d.]+, -?[\d.]+\) · count \d+"))


def test_overlay_mode_redraws_the_ridges_on_one_baseline(page: Page, serve, histogram_logdir: Path) -> None:
    page.goto(f"{serve(histogram_logdir)}/?tab=histograms")
    svg = plot(page, "fc1/weight", "trainboard").locator("svg")
    expect(svg.locator("path")).to_have_count(20, timeout=15_000)
    offset = svg.screenshot()
    page.get_by_role("button", name="Overlay").click()
    expect(page.get_by_role("button", name="Overlay")).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(300)
    assert svg.screenshot() != offset


def test_distribution_bands_and_hover_show_all_nine_percentiles(
    page: Page, serve, histogram_logdir: Path
) -> None:
    page.goto(f"{serve(histogram_logdir)}/?tab=distributions")
    card = plot(page, "fc1/weight", "torch")
    # Four bands and the median line.
    expect(card.locator("svg > path")).to_have_count(5, timeout=15_000)
    box = card.locator("svg").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] - 20, box["y"] + box["height"] / 2)
    for label in ("max", "93%", "84%", "69%", "50%", "31%", "16%", "7%", "min"):
        expect(card).to_contain_text(label)
    expect(card).to_contain_text("step 19")


@pytest.fixture(scope="module")
def sweep_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three learning rates whose weights settle at different means: -2, 0 and +2."""
    from torch.utils.tensorboard import SummaryWriter

    logdir = tmp_path_factory.mktemp("histogram-sweep")
    for k, run in enumerate(("lr_1e-2", "lr_1e-3", "lr_1e-4")):
        rng = np.random.default_rng(k)
        with SummaryWriter(str(logdir / run)) as w:
            for step in range(0, 50, 5):
                w.add_histogram("fc1/weight", rng.normal((k - 1) * 2 * step / 45, 0.6, 3000), step)
    return logdir


def _run_count(readout, run: str) -> float:
    text = readout.text_content() or ""
    match = re.search(re.escape(run) + r"\s+([\d.,k]+|–)", text)
    assert match, text
    value = match.group(1).replace(",", "")
    if value == "–":  # the run has no bin there: outside its range
        return 0.0
    return float(value[:-1]) * 1000 if value.endswith("k") else float(value)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_runs_mode_overlays_every_run_in_one_chart_with_a_count_axis(
    page: Page, serve, sweep_logdir: Path, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(f"{serve(sweep_logdir)}/?tab=histograms")
    expect(plot(page, "fc1/weight", "lr_1e-2").locator("svg")).to_be_visible(timeout=15_000)
    # Per-run cards measure their ridges on a count axis too.
    expect(plot(page, "fc1/weight", "lr_1e-2").locator("svg")).to_contain_text("count")
    page.get_by_role("button", name="Runs").click()

    card = page.locator('article[aria-label="fc1/weight · 3 runs"]')
    svg = card.get_by_role("img", name="Histograms of fc1/weight, 3 runs overlaid")
    expect(svg.locator("path[data-run]")).to_have_count(3, timeout=15_000)
    assert page.locator("article[aria-label^='fc1/weight · lr_']").count() == 0  # one card, not three
    paths = svg.locator("path[data-run]").all()
    strokes = {p.get_attribute("data-run"): p.get_attribute("stroke") for p in paths}
    assert len(set(strokes.values())) == 3, strokes  # each run in its own colour
    count_axis = svg.locator("g.tb-chart-axis").first.locator("text").all_text_contents()
    assert count_axis[0] == "0" and count_axis[-1] == "count" and len(count_axis) >= 4, count_axis
    expect(card).to_contain_text("step 45")

    # The newest step: the runs sit apart, each tallest near its own mean (-2, 0, +2).
    readout = card.locator(".tb-chart-readout")
    box = svg.bounding_box()
    assert box is not None
    value_ticks = svg.locator("g.tb-chart-axis").last.locator("text")
    tick_x = {}
    for tick in value_ticks.all():
        tick_box = tick.bounding_box()
        assert tick_box is not None
        value = float((tick.text_content() or "").replace("\u2212", "-"))
        tick_x[value] = tick_box["x"] + tick_box["width"] / 2
    for run, mean in (("lr_1e-2", -2.0), ("lr_1e-3", 0.0), ("lr_1e-4", 2.0)):
        page.mouse.move(tick_x[mean], box["y"] + box["height"] / 2)
        expect(readout).to_contain_text(re.compile(r"lr_1e-4\s*[\d.]"))
        counts = {r: _run_count(readout, r) for r in ("lr_1e-2", "lr_1e-3", "lr_1e-4")}
        assert max(counts, key=counts.get) == run, (mean, counts)

    # Step 0: every run starts at 0, so their outlines overlap.
    card.get_by_role("slider").focus()
    page.keyboard.press("Home")
    expect(card).to_contain_text("step 0")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    counts = [_run_count(readout, r) for r in ("lr_1e-2", "lr_1e-3", "lr_1e-4")]
    assert min(counts) > 0.5 * max(counts), counts
