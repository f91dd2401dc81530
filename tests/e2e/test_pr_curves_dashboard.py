"""The PR Curves dashboard in a real browser, on curves written by torch's and trainboard's writers."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect


@pytest.fixture(scope="module")
def pr_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A torch run and a trainboard run; the classifier separates the classes better at every step."""
    from torch.utils.tensorboard import SummaryWriter as TorchWriter

    import trainboard

    logdir = tmp_path_factory.mktemp("pr-logdir")
    for run, writer_class in (("torch", TorchWriter), ("trainboard", trainboard.SummaryWriter)):
        rng = np.random.default_rng(0)
        with writer_class(str(logdir / run)) as w:
            for step in range(5):
                labels = rng.integers(0, 2, 500)
                scores = np.clip(rng.normal(0.35 + labels * (0.05 + 0.06 * step), 0.15), 0, 1)
                w.add_pr_curve("val/pr", labels, scores, step)
    return logdir


def card(page: Page, tag: str, run: str):
    return page.locator(f'article[aria-label="{tag} · {run}"]')


def test_each_run_gets_a_curve_and_hover_reads_out_threshold_and_counts(
    page: Page, serve, pr_logdir: Path
) -> None:
    page.goto(f"{serve(pr_logdir)}/?tab=pr_curves")
    for run in ("torch", "trainboard"):
        expect(card(page, "val/pr", run).locator("svg path")).to_have_count(1, timeout=15_000)
    torch_card = card(page, "val/pr", "torch")
    expect(torch_card).to_contain_text("step 4")
    expect(torch_card).to_contain_text("area under curve")
    svg = torch_card.locator("svg")
    box = svg.bounding_box()
    assert box is not None
    # Upper middle of the plot: the curve of a decent classifier passes near it.
    page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.25)
    readout = torch_card.locator(".tb-pr-readout")
    expect(readout).to_contain_text(re.compile(r"threshold [01]\.\d{3}"))
    expect(readout).to_contain_text(re.compile(r"TP [\d,]+ · FP [\d,]+ · TN [\d,]+ · FN [\d,]+"))
    expect(torch_card.locator("svg circle")).to_have_count(1)


def test_step_slider_redraws_the_curve_of_an_earlier_step(page: Page, serve, pr_logdir: Path) -> None:
    page.goto(f"{serve(pr_logdir)}/?tab=pr_curves")
    trainboard_card = card(page, "val/pr", "trainboard")
    path = trainboard_card.locator("svg path")
    expect(path).to_have_count(1, timeout=15_000)
    newest = path.get_attribute("d")
    slider = trainboard_card.get_by_role("slider", name="Step of val/pr in trainboard")
    slider.focus()
    page.keyboard.press("Home")
    expect(trainboard_card).to_contain_text("step 0")
    expect(path).not_to_have_attribute("d", newest or "")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_curves_are_legible_in_light_and_dark(page: Page, serve, pr_logdir: Path, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(f"{serve(pr_logdir)}/?tab=pr_curves")
    expect(card(page, "val/pr", "torch").locator("svg path")).to_have_count(1, timeout=15_000)
    axis_fill = (
        card(page, "val/pr", "torch")
        .locator(".tb-chart-axis text")
        .first.evaluate("el => getComputedStyle(el).fill")
    )
    surface = page.locator(".tb-chart-card").first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert axis_fill != surface
