"""`trainboard export` end to end: write a logdir, export it with the real command, open the file from
file:// in chromium with every network request blocked, and use it: charts paint, the smoothing slider
moves the line, a run toggle hides its run, zooming picks a finer embedded level that still holds the
spike, the hparams table lists the runs, both themes render.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import ROOT, SCREENSHOTS, VIEWPORT

RUNS = {"adam/lr0.001": 0.001, "adam/lr0.01": 0.01, "sgd/lr0.1": 0.1}
STEPS = 400
# One long series stored as levels, with one spike that must survive every zoom.
LONG_STEPS = 60_000
SPIKE_STEP = 41_234
SPIKE = 50.0


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _export(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trainboard", "export", *args],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, built_frontend: Path) -> Path:
    from trainboard import SummaryWriter

    logdir = tmp_path_factory.mktemp("report-logdir")
    for run, lr in RUNS.items():
        with SummaryWriter(str(logdir / run)) as w:
            for step in range(STEPS):
                noise = math.sin(step * 1.7 + lr * 100) * 0.15
                w.add_scalar("loss/train", math.exp(-step * lr * 2) + noise, step)
                w.add_scalar("loss/eval", math.exp(-step * lr * 2) + 0.1 + noise / 2, step)
            hparams = {"lr": lr, "optimizer": run.split("/")[0]}
            w.add_hparams(hparams, {"hparam/final_loss": lr * 3}, run_name=".")
    with SummaryWriter(str(logdir / "long")) as w:
        for step in range(LONG_STEPS):
            w.add_scalar("throughput", SPIKE if step == SPIKE_STEP else 1.0 + (step % 7) * 0.01, step)
    out = tmp_path_factory.mktemp("report-out") / "report.html"
    done = _export("--logdir", str(logdir), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert f"wrote {out}" in done.stderr
    return out


@pytest.fixture
def open_report(browser: Any, report: Path) -> Iterator[Any]:
    """Opens the report with every non-file request aborted; checks afterwards that none was tried."""
    contexts: list[Any] = []
    attempted: list[str] = []
    errors: list[str] = []

    def open_(scheme: str = "light") -> Any:
        context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
        contexts.append(context)
        context.route("**/*", _file_only)
        page = context.new_page()
        page.on("request", lambda r: attempted.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(report.resolve().as_uri())
        page.wait_for_selector(".tb-card[data-painted='true']", timeout=30_000)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not errors, f"the page raised: {errors}"
    assert [url for url in attempted if not url.startswith("file:")] == [], "the report tried the network"
    assert set(attempted) == {report.resolve().as_uri()}, "the report loaded a file besides itself"


# Waits until a card's level is (or, with false, is not) the given one.
LEVEL_IS = (
    "([tag, level, is]) => "
    "(document.querySelector(`.tb-card[data-tag='${tag}']`).dataset.level === level) === is"
)


def _file_only(route: Any) -> None:
    """The page itself may load; anything else (http, https, data fetched as a request) is refused."""
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        route.abort()


def _card(page: Any, tag: str) -> Any:
    return page.locator(f".tb-card[data-tag='{tag}']")


def _pixels_of(page: Any, tag: str, color: str) -> int:
    """Canvas pixels of `tag`'s chart within a small distance of `color` (#rrggbb)."""
    return int(
        page.evaluate(
            """([tag, color]) => {
              const canvas = document.querySelector(`.tb-card[data-tag="${tag}"] canvas`);
              const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
              const n = parseInt(color.slice(1), 16), r = n >> 16, g = (n >> 8) & 255, b = n & 255;
              let count = 0;
              for (let i = 0; i < data.length; i += 4) {
                const d = Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b);
                if (data[i + 3] > 200 && d < 40) count++;
              }
              return count;
            }""",
            [tag, color],
        )
    )


def _canvas_digest(page: Any, tag: str) -> str:
    return str(page.evaluate(f"document.querySelector('.tb-card[data-tag=\"{tag}\"] canvas').toDataURL()"))


def _swatch(page: Any, run: str) -> str:
    rgb = (
        page.locator(".tb-runs-list label", has_text=run)
        .locator(".tb-swatch")
        .evaluate("el => getComputedStyle(el).backgroundColor")
    )
    r, g, b = (int(v) for v in rgb[rgb.index("(") + 1 : -1].split(",")[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def test_export_opens_from_disk_without_network_and_charts_paint(open_report: Any) -> None:
    page = open_report()
    assert _card(page, "loss/train").get_attribute("data-series") == "3"
    assert _card(page, "throughput").get_attribute("data-series") == "1"
    for run in RUNS:
        assert _pixels_of(page, "loss/train", _swatch(page, run)) > 100, f"{run} is not drawn"
    # The dashboard's palette (frontend/src/lib/colors.ts): three runs, three distinct colours.
    assert len({_swatch(page, run) for run in RUNS}) == 3
    # The dashboard's tooltip, without a time column (the report keeps no wall times).
    box = _card(page, "loss/train").locator(".u-over").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.locator(".tb-tooltip:visible")
    tooltip.wait_for(state="visible")
    assert tooltip.locator("th").all_inner_texts() == ["", "Run", "Smoothed", "Value", "Step"]
    assert tooltip.locator(".tb-tooltip-run").count() == 3


def test_smoothing_slider_moves_the_line(open_report: Any) -> None:
    page = open_report()
    before = _canvas_digest(page, "loss/train")
    page.get_by_label("Smoothing value").fill("0.95")
    page.wait_for_function(
        "before => document.querySelector('.tb-card[data-tag=\"loss/train\"] canvas').toDataURL() !== before",
        arg=before,
    )
    page.get_by_label("Smoothing value").fill("0.6")
    page.wait_for_function(
        "before => document.querySelector('.tb-card[data-tag=\"loss/train\"] canvas').toDataURL() === before",
        arg=before,
    )


def test_run_toggle_hides_the_run(open_report: Any) -> None:
    page = open_report()
    run = "sgd/lr0.1"
    color = _swatch(page, run)
    assert _pixels_of(page, "loss/train", color) > 100
    page.locator(".tb-runs-list label", has_text=run).locator("input").uncheck()
    page.wait_for_selector(".tb-card[data-tag='loss/train'][data-series='2']")
    page.wait_for_timeout(100)
    assert _pixels_of(page, "loss/train", color) == 0
    assert page.locator(".tb-report-table tbody tr").count() == len(RUNS) - 1


def test_zoom_keeps_the_spike_in_finer_levels(open_report: Any) -> None:
    page = open_report()
    card = _card(page, "throughput")
    assert card.get_attribute("data-level") == "0"
    assert float(card.get_attribute("data-ymax")) >= SPIKE

    card.scroll_into_view_if_needed()

    def drag(x0: float, x1: float) -> None:
        box = card.locator(".u-over").bounding_box()
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] * x0, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * x1, y, steps=5)
        page.mouse.up()

    # Zoom in twice around the spike (at 69% of the steps): finer levels, the spike still on the chart.
    drag(0.6, 0.78)
    page.wait_for_function(LEVEL_IS, arg=["throughput", "0", False])
    drag(0.3, 0.7)
    level = int(card.get_attribute("data-level"))
    assert level >= 2, f"zoomed in twice, the chart still draws level {level}"
    assert float(card.get_attribute("data-ymax")) >= SPIKE
    assert "points in view" in card.locator(".tb-card-foot").inner_text()
    # Away from the spike, the y range fits the flat line.
    card.locator(".u-over").dblclick()
    page.wait_for_function(LEVEL_IS, arg=["throughput", "0", True])
    drag(0.05, 0.3)
    page.wait_for_function(LEVEL_IS, arg=["throughput", "0", False])
    assert float(card.get_attribute("data-ymax")) < 2


def test_hparams_table_lists_each_run(open_report: Any) -> None:
    page = open_report()
    table = page.locator(".tb-report-table")
    headers = table.locator("thead th").all_inner_texts()
    assert headers[0].startswith("Run") and "lr" in headers and "optimizer" in headers
    assert any(h.startswith("hparam/final_loss") for h in headers)
    rows = table.locator("tbody tr")
    assert rows.count() == len(RUNS)
    assert set(rows.locator(".tb-run-name").all_inner_texts()) == set(RUNS)
    assert "sgd" in rows.filter(has_text="sgd/lr0.1").inner_text()
    # Sorting by a metric, descending: the largest final loss (lr 0.1 x 3) first.
    table.get_by_role("button", name="hparam/final_loss").click()
    table.get_by_role("button", name="hparam/final_loss").click()
    assert rows.first.locator(".tb-run-name").inner_text() == "sgd/lr0.1"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_report_screenshots_in_both_themes(open_report: Any, scheme: str) -> None:
    page = open_report(scheme)
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    page.wait_for_timeout(200)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"report-{scheme}.png"), full_page=True)
    # The toggle overrides the system's choice.
    other = "dark" if scheme == "light" else "light"
    page.get_by_label("Theme").select_option(other)
    assert page.evaluate("document.documentElement.dataset.theme") == other


def test_missing_or_empty_logdir_is_one_clear_line(tmp_path: Path, built_frontend: Path) -> None:
    missing = _export("--logdir", str(tmp_path / "nope"), "-o", str(tmp_path / "r.html"))
    assert missing.returncode == 1
    assert missing.stderr.count("\n") == 1 and "does not exist" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = _export("--logdir", str(tmp_path / "empty"), "-o", str(tmp_path / "r.html"))
    assert empty.returncode == 1
    lines = [line for line in empty.stderr.splitlines() if line.startswith("trainboard export: error")]
    assert len(lines) == 1 and "holds no scalars" in lines[0]
    assert not (tmp_path / "r.html").exists()
