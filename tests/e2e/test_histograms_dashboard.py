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
    readout = card.locator(".tb-hist-readout")
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
