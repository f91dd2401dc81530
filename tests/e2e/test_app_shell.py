"""The app shell: tabs, the "More" menu, empty states and the view in the URL."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect


def test_empty_logdir_says_how_to_log_scalars(page: Page, serve, tmp_path: Path) -> None:
    page.goto(serve(tmp_path))
    expect(page.get_by_role("heading", name="No runs yet")).to_be_visible()
    expect(page.get_by_text("add_scalar")).to_be_visible()


def test_dashboards_without_data_sit_in_the_more_menu_and_say_how_to_log(
    page: Page, serve, scalar_logdir: Path
) -> None:
    page.goto(serve(scalar_logdir))
    expect(page.get_by_role("tab", name="Scalars")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tab")).to_have_count(1)
    page.get_by_role("button", name="More ▾").click()
    page.get_by_role("menuitem", name="Images").click()
    expect(page.get_by_role("heading", name="No images data yet")).to_be_visible()
    expect(page.get_by_text("add_image")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]tab=images"))


def test_a_copied_link_reproduces_the_view(page: Page, serve, scalar_logdir: Path) -> None:
    url = serve(scalar_logdir)
    page.goto(f"{url}/?tagFilter=%5Elr%24&x=relative&smoothing=0.3&runFilter=seed0")
    expect(page.locator("article.tb-card")).to_have_count(1)
    expect(page.get_by_label("Filter tags (regex)")).to_have_value("^lr$")
    expect(page.get_by_role("button", name="Relative")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_label("Smoothing value")).to_have_value("0.3")
    expect(page.get_by_test_id("run-count")).to_have_text("1 of 3")
    expect(page.locator('article[data-tag="lr"]')).to_have_attribute("data-series", "1")


def test_settings_offer_live_updates_and_the_reload_period(page: Page, serve, scalar_logdir: Path) -> None:
    page.goto(serve(scalar_logdir))
    page.get_by_role("button", name="Settings").click()
    live = page.get_by_role("checkbox", name="Live updates")
    expect(live).to_be_checked()
    period = page.get_by_label("Reload every (seconds) when live is off")
    expect(period).to_be_disabled()
    live.uncheck()
    expect(period).to_be_enabled()
    expect(page.get_by_test_id("live-indicator")).to_contain_text("Polling")


def test_a_run_written_after_the_page_opened_appears_without_a_reload(
    page: Page, serve, tmp_path: Path
) -> None:
    from torch.utils.tensorboard import SummaryWriter

    page.goto(serve(tmp_path))
    expect(page.get_by_role("heading", name="No runs yet")).to_be_visible()
    page.evaluate("window.__marker = 1")
    writer = SummaryWriter(str(tmp_path / "late"))
    try:
        for step in range(10):
            writer.add_scalar("loss/train", 1.0 / (step + 1), step)
        writer.flush()
        chart = page.locator('article[data-tag="loss/train"]')
        expect(chart).to_have_attribute("data-painted", "true", timeout=15_000)
        expect(page.get_by_role("checkbox", name="late")).to_be_checked()
        assert page.evaluate("window.__marker") == 1, "the page reloaded"
    finally:
        writer.close()
