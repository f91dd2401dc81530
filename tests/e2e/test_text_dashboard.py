"""The Text dashboard in a real browser: Markdown renders, scripts never run, raw text on demand."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

HOSTILE = (
    "## Config\n\n| param | value |\n|---|---|\n| lr | 3e-4 |\n| batch | 64 |\n\n"
    "<script>window.__pwned = 'script'</script>\n\n"
    "<img src=x onerror=\"window.__pwned = 'onerror'\">\n\n"
    "[click](javascript:window.__pwned='link')\n\n"
    "```python\nprint('hi')\n```\n"
)


@pytest.fixture(scope="module")
def text_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from torch.utils.tensorboard import SummaryWriter

    logdir = tmp_path_factory.mktemp("text-logdir")
    with SummaryWriter(str(logdir / "run")) as w:
        w.add_text("notes", "first note", 0)
        w.add_text("notes", HOSTILE, 1)
    return logdir


def open_text(page: Page, url: str):
    page.goto(f"{url}/?tab=text")
    card = page.locator('article[aria-label="notes/text_summary · run"]')
    expect(card).to_be_visible(timeout=15_000)
    return card


def test_markdown_table_and_code_render_newest_step_first(page: Page, serve, text_logdir: Path) -> None:
    card = open_text(page, serve(text_logdir))
    entries = card.locator("section")
    expect(entries.first).to_contain_text("step 1")
    expect(entries.nth(1)).to_contain_text("first note")
    expect(card.locator("table th")).to_have_text(["param", "value"])
    expect(card.locator("table td")).to_have_text(["lr", "3e-4", "batch", "64"])
    expect(card.locator("pre code")).to_contain_text("print('hi')")


def test_script_in_logged_text_does_not_run(page: Page, serve, text_logdir: Path) -> None:
    card = open_text(page, serve(text_logdir))
    expect(card.locator("table")).to_be_visible()
    # The javascript: link loses its href, so clicking its text goes nowhere.
    card.get_by_text("click", exact=True).click()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    assert card.locator("script, [onerror], a[href^='javascript']").count() == 0


def test_raw_toggle_shows_the_text_exactly_as_logged(page: Page, serve, text_logdir: Path) -> None:
    card = open_text(page, serve(text_logdir))
    page.get_by_label("Render Markdown").uncheck()
    expect(card.locator("pre").first).to_contain_text("<script>window.__pwned = 'script'</script>")
    expect(card.locator("table")).to_have_count(0)
