"""The Scalars dashboard in a real browser against the real server."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

from playwright.sync_api import Page, expect

CARD = "article.tb-card"


def open_dashboard(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(CARD).first).to_have_attribute("data-painted", "true", timeout=15_000)


def card(page: Page, tag: str):
    return page.locator(f'{CARD}[data-tag="{tag}"]')


def canvas_png(page: Page, tag: str) -> bytes:
    return card(page, tag).locator("canvas").screenshot()


def test_every_tag_gets_a_card_with_a_line_per_run(page: Page, serve, scalar_logdir: Path) -> None:
    open_dashboard(page, serve(scalar_logdir))
    expect(page.locator(CARD)).to_have_count(5)
    groups = page.locator("section.tb-group h2")
    expect(groups).to_have_count(3)
    expect(groups.nth(0)).to_contain_text("loss")
    expect(card(page, "loss/train")).to_have_attribute("data-series", "3")
    expect(card(page, "loss/train").locator("footer")).to_contain_text("3 runs · 900 points")
    expect(page.get_by_test_id("run-count")).to_have_text("3 of 3")


def test_moving_the_smoothing_slider_redraws_the_line_and_updates_the_url(
    page: Page, serve, scalar_logdir: Path
) -> None:
    open_dashboard(page, serve(scalar_logdir))
    page.wait_for_timeout(300)
    before = canvas_png(page, "loss/train")
    page.get_by_label("Smoothing value").fill("0.95")
    page.wait_for_timeout(800)
    after = canvas_png(page, "loss/train")
    assert before != after, "the chart looks the same after moving smoothing from 0.6 to 0.95"
    expect(page).to_have_url(re.compile(r"smoothing=0\.95"))


def test_filtering_runs_removes_their_lines(page: Page, serve, scalar_logdir: Path) -> None:
    open_dashboard(page, serve(scalar_logdir))
    page.get_by_label("Filter runs (regex)").fill("^ppo/")
    expect(page.get_by_test_id("run-count")).to_have_text("2 of 3")
    expect(card(page, "loss/train")).to_have_attribute("data-series", "2")
    page.get_by_role("checkbox", name="ppo/seed1").uncheck()
    expect(card(page, "loss/train")).to_have_attribute("data-series", "1")
    expect(page).to_have_url(re.compile(r"hide=ppo%2Fseed1"))


def test_filtering_tags_keeps_only_matching_cards(page: Page, serve, scalar_logdir: Path) -> None:
    open_dashboard(page, serve(scalar_logdir))
    page.get_by_label("Filter tags (regex)").fill("^metrics/")
    expect(page.locator(CARD)).to_have_count(2)
    expect(page.get_by_test_id("tag-count")).to_have_text("2 of 5 tags")
    page.get_by_label("Filter tags (regex)").fill("nothing-like-this")
    expect(page.get_by_text("No tag matches the filter")).to_be_visible()


def test_csv_download_holds_every_point(page: Page, serve, scalar_logdir: Path) -> None:
    open_dashboard(page, serve(scalar_logdir))
    target = card(page, "loss/train")
    target.get_by_role("button", name="Download").click()
    with page.expect_download() as info:
        target.locator(".tb-menu-run", has_text="reinforce").get_by_role("menuitem", name="CSV").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text())))
    assert rows[0] == ["Wall time", "Step", "Value"]
    assert [int(float(r[1])) for r in rows[1:]] == list(range(300))


def test_drag_zooms_and_double_click_resets(page: Page, serve, scalar_logdir: Path) -> None:
    open_dashboard(page, serve(scalar_logdir))
    over = card(page, "loss/train").locator(".u-over")
    box = over.bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.4, y, steps=5)
    page.mouse.up()
    reset = card(page, "loss/train").get_by_role("button", name="Reset zoom")
    expect(reset).to_be_visible()
    over.dblclick()
    expect(reset).to_have_count(0)


def test_hover_lists_every_run_in_the_tooltip(page: Page, serve, scalar_logdir: Path) -> None:
    open_dashboard(page, serve(scalar_logdir))
    box = card(page, "loss/train").locator(".u-over").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip.locator("tr")).to_have_count(4)  # header + 3 runs
    expect(tooltip).to_contain_text("Smoothed")


def test_point_appended_during_the_test_appears_without_a_reload(page: Page, serve, tmp_path: Path) -> None:
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(tmp_path / "live"), flush_secs=1)
    try:
        for step in range(50):
            writer.add_scalar("loss", 1.0 / (step + 1), step)
        writer.flush()
        open_dashboard(page, serve(tmp_path))
        footer = card(page, "loss").locator("footer")
        expect(footer).to_contain_text("50 points")
        page.evaluate("window.__marker = 1")
        writer.add_scalar("loss", 5.0, 50)
        writer.flush()
        flushed = time.monotonic()
        expect(footer).to_contain_text("51 points", timeout=10_000)
        assert page.evaluate("window.__marker") == 1, "the page reloaded"
        expect(page.get_by_test_id("live-indicator")).to_contain_text("Live")
        expect(page.get_by_test_id("live-indicator")).to_have_attribute("title", re.compile("updated"))
        # Not a speed test: a generous bound that still catches "only on reload".
        assert time.monotonic() - flushed < 10
    finally:
        writer.close()


def test_dark_theme_renders(page: Page, serve, scalar_logdir: Path) -> None:
    open_dashboard(page, serve(scalar_logdir))
    page.get_by_role("button", name="Settings").click()
    page.get_by_role("dialog", name="Settings").get_by_role("button", name="Dark").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    page.get_by_role("button", name="Close settings").click()
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    r, g, b = (int(v) for v in re.findall(r"\d+", background)[:3])
    assert r + g + b < 150, f"the dark background is {background}"
    expect(card(page, "loss/train")).to_have_attribute("data-painted", "true")
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")


def test_chart_exports_as_svg_with_a_line_per_run_and_as_png(page: Page, serve, scalar_logdir: Path) -> None:
    open_dashboard(page, serve(scalar_logdir))
    target = card(page, "metrics/accuracy")
    # Full width: every one of the 300 points fits, so no run is downsampled into a band.
    target.get_by_role("button", name="Expand card").click()
    expect(target.locator("footer")).not_to_contain_text("downsampled")
    # Export what the chart shows once every run's series has arrived, not the first one alone.
    expect(target).to_have_attribute("data-series", "3")
    target.get_by_role("button", name="Download").click()
    with page.expect_download() as info:
        target.get_by_role("menuitem", name="Chart as SVG").click()
    svg = Path(info.value.path()).read_text()
    assert info.value.suggested_filename == "metrics_accuracy.svg"
    assert svg.startswith("<svg") and "metrics/accuracy" in svg
    # Each run draws a faint raw line and a solid smoothed one.
    assert svg.count("<polyline") == 6
    target.get_by_role("button", name="Download").click()
    with page.expect_download() as info:
        target.get_by_role("menuitem", name="Chart as PNG").click()
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_zoom_survives_a_live_update(page: Page, serve, tmp_path: Path) -> None:
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(str(tmp_path / "live"), flush_secs=1)
    try:
        for step in range(100):
            writer.add_scalar("loss", 1.0 / (step + 1), step)
        writer.flush()
        open_dashboard(page, serve(tmp_path))
        over = card(page, "loss").locator(".u-over")
        box = over.bounding_box()
        assert box is not None
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] * 0.1, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.3, y, steps=5)
        page.mouse.up()
        footer = card(page, "loss").locator("footer")
        expect(card(page, "loss").get_by_role("button", name="Reset zoom")).to_be_visible()
        # The zoomed window holds only its slice of the 100 points.
        expect(footer).to_contain_text(re.compile(r"\d+ of 100 points in view"))
        writer.add_scalar("loss", 0.5, 100)
        writer.flush()
        # The new point is counted while the window stays where the user put it.
        expect(footer).to_contain_text(re.compile(r"\d+ of 101 points in view"), timeout=10_000)
        expect(card(page, "loss").get_by_role("button", name="Reset zoom")).to_be_visible()
        card(page, "loss").get_by_role("button", name="Reset zoom").click()
        expect(footer).to_contain_text("101 points", timeout=10_000)
    finally:
        writer.close()


def test_a_run_of_many_tags_renders_cards_in_batches_as_the_page_scrolls(
    page: Page, serve, tmp_path: Path
) -> None:
    from trainboard import SummaryWriter

    with SummaryWriter(str(tmp_path / "run")) as writer:
        for i in range(300):
            writer.add_scalar(f"layer_{i:03d}/norm", float(i), 0)
            writer.add_scalar(f"layer_{i:03d}/norm", float(i) + 1, 1)
    open_dashboard(page, serve(tmp_path))
    expect(page.locator(CARD)).to_have_count(120)  # the first batch, not 300 cards at once
    expect(page.get_by_role("button", name="Show 180 more")).to_be_visible()
    expect(card(page, "layer_000/norm")).to_have_attribute("data-painted", "true")
    # Near the end of the page the next batches render by themselves.
    page.mouse.move(900, 500)
    for _ in range(40):
        page.mouse.wheel(0, 20_000)
        if page.locator(CARD).count() == 300:
            break
        page.wait_for_timeout(100)
    expect(page.locator(CARD)).to_have_count(300)
    expect(page.locator(".tb-reveal-more")).to_have_count(0)
