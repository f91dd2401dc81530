"""The HParams dashboard in a real browser over 50 trials: sort, brush, filter, open a trial's scalars."""

from __future__ import annotations

import json
import math
import random
import re
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
TRIALS = 50
LOAD_TIMEOUT_S = 60
OPTIMIZERS = ["adam", "sgd", "rmsprop"]


def _write_trials(logdir: Path) -> dict[str, dict[str, Any]]:
    """50 Lightning-style trials (a loss curve, then the hparams summaries); returns each trial's values."""
    from torch.utils.tensorboard import SummaryWriter
    from torch.utils.tensorboard.summary import hparams

    rng = random.Random(8)
    trials = {}
    for i in range(TRIALS):
        lr = 10 ** rng.uniform(-4.5, -1)
        opt = rng.choice(OPTIMIZERS)
        dropout = round(rng.uniform(0, 0.5), 2)
        quality = -abs(math.log10(lr) + 2.5) - 0.4 * (opt == "sgd") - 0.6 * dropout + rng.gauss(0, 0.15)
        accuracy = round(1 / (1 + math.exp(-2 * (quality + 1.5))), 4)
        run = f"trial_{i:02d}"
        with SummaryWriter(str(logdir / run)) as writer:
            for step in range(20):
                writer.add_scalar("loss", math.exp(-step / 8) * (1.5 - 0.3 * quality), step)
            writer.add_scalar("accuracy", accuracy, 20)
            domains = {"optimizer": OPTIMIZERS}
            for summary in hparams(
                {"lr": lr, "optimizer": opt, "dropout": dropout}, {"accuracy": 0}, domains
            ):
                writer.file_writer.add_summary(summary)
        trials[run] = {"lr": lr, "optimizer": opt, "dropout": dropout, "accuracy": accuracy}
    return trials


@pytest.fixture(scope="module")
def trials_logdir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    logdir = tmp_path_factory.mktemp("hparams-50")
    return logdir, _write_trials(logdir)


def _wait_until_loaded(url: str) -> None:
    # The page is opened once the first load is done, as a user opening the dashboard after startup.
    deadline = time.monotonic() + LOAD_TIMEOUT_S
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{url}/api/environment", timeout=5) as response:
            if not json.loads(response.read())["loading"]:
                return
        time.sleep(0.2)
    raise AssertionError(f"the server was still loading after {LOAD_TIMEOUT_S}s")


def _open(page: Any, url: str) -> None:
    _wait_until_loaded(url)
    page.goto(f"{url}/?tab=hparams")
    page.get_by_role("table", name="Sessions").wait_for()
    page.get_by_role("status").filter(has_text=f"{TRIALS} sessions").wait_for()


def _table_runs(page: Any) -> list[str]:
    return page.locator("table[aria-label='Sessions'] tbody th").all_inner_texts()


def _column_values(page: Any, column: str) -> list[float]:
    headers = page.locator("table[aria-label='Sessions'] thead tr").first.locator("th").all_inner_texts()
    index = [h.strip(" ▲▼") for h in headers].index(column) + 1
    cells = page.locator(f"table[aria-label='Sessions'] tbody tr > :nth-child({index})").all()
    return [float(c.get_attribute("title") or c.inner_text()) for c in cells]


def test_sorting_the_table_by_a_metric_orders_the_trials(
    serve: Callable[..., str], page: Any, trials_logdir: tuple[Path, dict[str, dict[str, Any]]]
) -> None:
    logdir, trials = trials_logdir
    _open(page, serve(logdir))
    assert _table_runs(page) == sorted(trials)

    header = page.get_by_role("button", name=re.compile(r"^accuracy"))
    header.click()
    ascending = sorted(trials, key=lambda run: (trials[run]["accuracy"], run))
    assert _table_runs(page) == ascending
    header.click()
    assert _table_runs(page)[0] == max(trials, key=lambda run: trials[run]["accuracy"])
    assert page.locator("th[aria-sort='descending']").inner_text().startswith("accuracy")


def test_a_click_anywhere_in_a_header_cell_sorts_and_the_link_keeps_sort_and_filter(
    serve: Callable[..., str], page: Any, browser: Any, trials_logdir: tuple[Path, dict[str, dict[str, Any]]]
) -> None:
    logdir, trials = trials_logdir
    _open(page, serve(logdir))
    cell = page.locator("table[aria-label='Sessions'] thead tr").first.locator("th", has_text="accuracy")
    box = cell.bounding_box()
    label = cell.get_by_role("button").bounding_box()
    # Far from the label text: the cell's lower right corner.
    x, y = box["x"] + box["width"] - 3, box["y"] + box["height"] - 3
    on_label_x = label["x"] <= x <= label["x"] + label["width"]
    assert not (on_label_x and label["y"] <= y <= label["y"] + label["height"])
    page.mouse.click(x, y)
    page.mouse.click(x, y)
    descending = sorted(trials, key=lambda run: (-trials[run]["accuracy"], run))
    assert _table_runs(page) == descending
    page.locator("summary[aria-label='Filter optimizer']").click()
    page.locator("label", has_text="sgd").get_by_role("checkbox").uncheck()
    expected = [run for run in descending if trials[run]["optimizer"] != "sgd"]
    assert _table_runs(page) == expected
    expect(page).to_have_url(re.compile(r"hpsort=-m%3Aaccuracy&hpfilter="))

    page.reload()
    page.get_by_role("table", name="Sessions").wait_for()
    page.get_by_role("status").filter(has_text=f"{len(expected)} of {TRIALS} sessions").wait_for()
    assert _table_runs(page) == expected
    assert page.locator("th[aria-sort='descending']").inner_text().startswith("accuracy")

    # The link alone carries it: a fresh browser profile (no session storage) shows the same table.
    other = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        fresh = other.new_page()
        fresh.goto(page.url)
        fresh.get_by_role("status").filter(has_text=f"{len(expected)} of {TRIALS} sessions").wait_for()
        assert _table_runs(fresh) == expected
    finally:
        other.close()


def test_brushing_a_parallel_coordinates_axis_filters_the_table(
    serve: Callable[..., str], page: Any, trials_logdir: tuple[Path, dict[str, dict[str, Any]]]
) -> None:
    logdir, trials = trials_logdir
    _open(page, serve(logdir))
    page.get_by_role("tab", name="Parallel coordinates").click()
    target = page.locator("rect[aria-label='Brush accuracy']")
    box = target.bounding_box()
    x = box["x"] + box["width"] / 2
    # Brush the upper half of the axis: the better trials.
    page.mouse.move(x, box["y"] + 2)
    page.mouse.down()
    page.mouse.move(x, box["y"] + box["height"] * 0.5, steps=8)
    page.mouse.up()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "hparams-parallel-brushed.png"))

    page.get_by_role("tab", name="Table").click()
    low = float(page.get_by_label("accuracy at least").input_value())
    high = float(page.get_by_label("accuracy at most").input_value())
    expected = sorted(run for run, t in trials.items() if low <= t["accuracy"] <= high)
    assert 0 < len(expected) < TRIALS
    assert _table_runs(page) == expected
    assert all(low <= v <= high for v in _column_values(page, "accuracy"))
    page.get_by_role("status").filter(has_text=f"{len(expected)} of {TRIALS} sessions").wait_for()

    # The trials that pass the brush open together in Scalars, to compare their training curves.
    page.get_by_role("button", name=f"Open {len(expected)} in Scalars").click()
    page.wait_for_url(re.compile(r"tab=scalars"))
    assert page.get_by_test_id("run-count").inner_text() == f"{len(expected)} of {TRIALS}"

    # Coming back keeps the brush; clearing it brings every trial back.
    page.get_by_role("tab", name="HParams").click()
    assert _table_runs(page) == expected
    page.get_by_role("button", name="Clear filters").click()
    assert len(_table_runs(page)) == TRIALS


def test_a_discrete_filter_and_the_column_menu_change_the_table(
    serve: Callable[..., str], page: Any, trials_logdir: tuple[Path, dict[str, dict[str, Any]]]
) -> None:
    logdir, trials = trials_logdir
    _open(page, serve(logdir))
    page.locator("summary[aria-label='Filter optimizer']").click()
    page.locator("label", has_text="sgd").get_by_role("checkbox").uncheck()
    assert _table_runs(page) == sorted(run for run, t in trials.items() if t["optimizer"] != "sgd")

    page.get_by_text("Columns").click()
    page.locator("label", has_text="dropout").get_by_role("checkbox").uncheck()
    assert "dropout" not in page.locator("table[aria-label='Sessions'] thead").inner_text()


def test_clicking_a_session_opens_its_scalars(
    serve: Callable[..., str], page: Any, trials_logdir: tuple[Path, dict[str, dict[str, Any]]]
) -> None:
    logdir, _ = trials_logdir
    _open(page, serve(logdir))
    page.get_by_role("link", name="trial_07").click()
    page.wait_for_url(re.compile(r"tab=scalars"))
    assert page.get_by_role("tab", name="Scalars").get_attribute("aria-selected") == "true"
    assert page.get_by_test_id("run-count").inner_text() == f"1 of {TRIALS}"


def test_scatter_matrix_and_dark_mode_show_every_trial(
    serve: Callable[..., str], page: Any, trials_logdir: tuple[Path, dict[str, dict[str, Any]]]
) -> None:
    logdir, _ = trials_logdir
    page.emulate_media(color_scheme="dark")
    _open(page, serve(logdir))
    page.get_by_role("tab", name="Scatter matrix").click()
    matrix = page.get_by_role("group", name=re.compile("Scatter matrix"))
    # 3 hyperparameters x 1 metric, one dot per trial in each cell.
    assert matrix.locator("svg").count() == 3
    assert matrix.locator("circle").count() == 3 * TRIALS


def test_a_new_trial_appears_without_reloading_the_page(
    serve: Callable[..., str], page: Any, tmp_path: Path
) -> None:
    from torch.utils.tensorboard import SummaryWriter

    with SummaryWriter(str(tmp_path)) as writer:
        for i in range(3):
            writer.add_hparams({"lr": 0.1 / (i + 1)}, {"accuracy": 0.5 + i / 10}, run_name=f"t{i}")
    url = serve(tmp_path, "--reload_interval", "1")
    _wait_until_loaded(url)
    page.goto(f"{url}/?tab=hparams")
    page.get_by_role("status").filter(has_text="3 sessions").wait_for()
    with SummaryWriter(str(tmp_path)) as writer:
        writer.add_hparams({"lr": 0.9}, {"accuracy": 0.99}, run_name="late")
    page.get_by_role("status").filter(has_text="4 sessions").wait_for(timeout=15_000)
    assert "late" in _table_runs(page)
