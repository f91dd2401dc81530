"""The page says what reading skipped: a damaged record is a count beside the live status and a list."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

import trainboard

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _logdir(root: Path, flips: tuple[int, ...]) -> Path:
    for run in ("damaged", "whole"):
        with trainboard.SummaryWriter(str(root / run)) as writer:
            for step in range(200):
                writer.add_scalar("loss", 1.0 / (step + 1), step)
    path = next((root / "damaged").iterdir())
    data = bytearray(path.read_bytes())
    for offset in flips:
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    return root


def test_damaged_records_are_counted_and_listed_with_file_and_offset(
    page: Page, serve, tmp_path: Path
) -> None:
    page.goto(serve(_logdir(tmp_path / "logs", (600, 1800, 3000))))
    expect(page.locator("article.tb-card[data-tag='loss']")).to_have_attribute(
        "data-series", "2", timeout=30_000
    )
    button = page.get_by_role("button", name="3 skipped while reading")
    expect(button).to_be_visible()
    button.click()
    panel = page.get_by_role("dialog", name="Skipped while reading")
    expect(panel.locator("li")).to_have_count(3)
    # Paths from inside the logdir, the reason and the offset of each.
    expect(panel.locator("li").first).to_have_text(
        re.compile(
            r"^damaged/events\.out\.tfevents\.\S+: "
            r"skipped \d+ bytes at offset \d+ \(bad (data|length) checksum\)$"
        )
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "read-warnings-light.png"))
    page.emulate_media(color_scheme="dark")
    page.screenshot(path=str(SCREENSHOTS / "read-warnings-dark.png"))
    page.keyboard.press("Escape")
    expect(panel).to_have_count(0)


def test_a_logdir_read_whole_shows_no_warning(page: Page, serve, tmp_path: Path) -> None:
    page.goto(serve(_logdir(tmp_path / "logs", ())))
    expect(page.locator("article.tb-card[data-tag='loss']")).to_have_attribute(
        "data-series", "2", timeout=30_000
    )
    expect(page.get_by_role("button", name="skipped while reading")).to_have_count(0)
