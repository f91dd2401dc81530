"""A 1,000-run sweep in the browser: one request per card, groups with bands, one colour per run across
dashboards, the runs table's sort and hyperparameter filter, a short URL, the tooltip inside its card,
and torch trial sub-runs folded into their parent."""

from __future__ import annotations

import re
import time
import urllib.parse
import urllib.request
from pathlib import Path

import orjson
import pytest
from playwright.sync_api import Page, expect

from trainboard.plugins.scalars import columnar

LRS = (0.0001, 0.001, 0.01, 0.1, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0)
SEEDS = 100
STEPS = 12


@pytest.fixture(scope="module")
def sweep_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 runs `lr<lr>/seed<n>` x 2 tags x 12 steps, an hparams record each, one custom layout."""
    from trainboard import SummaryWriter

    logdir = tmp_path_factory.mktemp("sweep")
    for lr in LRS:
        for seed in range(SEEDS):
            with SummaryWriter(str(logdir / f"lr{lr:g}/seed{seed}")) as w:
                for step in range(STEPS):
                    w.add_scalar("loss", (1 + seed % 7) / (1 + step * lr), step)
                    w.add_scalar("acc", step * lr / (1 + step * lr), step)
                w.add_hparams({"lr": lr, "seed": seed}, {"hparam/final": 1.0 / (1 + lr)}, run_name=".")
                if lr == LRS[0] and seed == 0:
                    w.add_custom_scalars({"Sweep": {"losses": ["Multiline", ["loss"]]}})
    return logdir


def loaded(url: str) -> str:
    """`url` once its server has read the whole logdir (it serves runs as they load)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{url}/api/environment", timeout=5) as r:
            if not orjson.loads(r.read())["loading"]:
                return url
        time.sleep(0.2)
    raise TimeoutError(f"{url} still loading after 120 s")


def open_sweep(page: Page, url: str, query: str = "") -> None:
    page.goto(f"{loaded(url)}/{query}")
    expect(page.get_by_test_id("run-count")).to_have_text(re.compile(r"of 1000$"), timeout=60_000)


def scalar_card(page: Page, tag: str):
    return page.locator(f"article.tb-card[data-tag='{tag}']")


def visible_tags(page: Page) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll('article.tb-card')]
          .filter(c => { const r = c.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; })
          .map(c => c.dataset.tag)"""
    )


def test_each_card_sends_one_request_for_all_1000_runs(page: Page, serve, sweep_logdir: Path) -> None:
    requests: list[dict] = []
    per_run: list[str] = []
    page.on(
        "request",
        lambda r: (
            requests.append(orjson.loads(r.post_data or b"{}"))
            if "/api/scalars/runs" in r.url
            else per_run.append(r.url)
            if "/api/scalars?" in r.url
            else None
        ),
    )
    open_sweep(page, serve(sweep_logdir))
    for tag in ("acc", "loss", "hparam/final"):
        expect(scalar_card(page, tag)).to_have_attribute("data-series", "1000", timeout=60_000)
    page.wait_for_timeout(500)
    tags = visible_tags(page)
    assert {"acc", "loss", "hparam/final"} <= set(tags)
    counts = {t: sum(t in r["tags"] for r in requests) for t in tags}
    assert counts == dict.fromkeys(tags, 1), counts
    assert all(len(r["runs"]) == 1000 for r in requests)
    assert per_run == []


def test_grouped_cards_draw_one_line_per_group_with_a_band(page: Page, serve, sweep_logdir: Path) -> None:
    url = serve(sweep_logdir)
    grouped = lambda r: "/api/scalars/runs" in r.url and "groups" in (r.request.post_data or "")  # noqa: E731
    with page.expect_response(grouped) as info:
        open_sweep(page, url, "?group=prefix&band=minmax&stat=median")
    answer = columnar.decode(info.value.body())
    assert len(answer["series"]) == 10
    assert {s["members"] for s in answer["series"]} == {SEEDS}
    for s in answer["series"]:
        assert s["nb"] > 0 and (s["band"]["min"] <= s["smoothed"] + 1e-9).all()
    loss = scalar_card(page, "loss")
    expect(loss).to_have_attribute("data-series", "10", timeout=30_000)
    expect(loss.locator("footer")).to_contain_text("10 groups of 1000 runs")
    expect(loss.locator("footer")).to_contain_text("median, band = min–max")
    # The tooltip names each group's size and first members.
    loss.scroll_into_view_if_needed()
    box = loss.locator(".u-over").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("100 runs: lr")
    # The runs table shows each run in its group's colour, the colour of the group's line.
    pairs = tooltip.evaluate(
        """t => [...t.querySelectorAll('tr')].filter(r => r.querySelector('.tb-tooltip-run'))
          .map(r => [r.querySelector('.tb-tooltip-run').textContent,
                     getComputedStyle(r.querySelector('.tb-swatch')).backgroundColor])"""
    )
    # A row reads "<group><n> runs: <first members>".
    lines = {name.split(f"{SEEDS} runs:")[0]: _hex(rgb) for name, rgb in pairs}
    assert len(set(lines.values())) == len(lines) > 1
    # The table lists lr0.0001's runs first (the others are scrolled out of its virtual rows).
    for seed in range(5):  # ungrouped, these five would have five colours
        swatch = page.get_by_label(f"Colour of lr0.0001/seed{seed}", exact=True)
        assert swatch.input_value() == lines["lr0.0001"]
    # Regroup by a hyperparameter from the toolbar: still one request for the card.
    page.get_by_label("Group runs by").select_option("hp:lr")
    expect(loss.locator("footer")).to_contain_text("10 groups of 1000 runs")
    expect(page).to_have_url(re.compile(r"group=hp%3Alr"))


def _hex(rgb: str) -> str:
    r, g, b = (int(v) for v in re.findall(r"\d+", rgb)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def test_one_colour_per_run_in_scalars_custom_scalars_table(page: Page, serve, sweep_logdir: Path) -> None:
    url = serve(sweep_logdir)
    open_sweep(page, url, "?runFilter=%5Elr0%5C.0001%2Fseed%5B0-2%5D%24")
    expect(page.get_by_test_id("run-count")).to_have_text("3 of 1000")
    runs = ["lr0.0001/seed0", "lr0.0001/seed1", "lr0.0001/seed2"]
    table = {run: page.get_by_label(f"Colour of {run}").input_value() for run in runs}
    assert len(set(table.values())) == 3
    loss = scalar_card(page, "loss")
    expect(loss).to_have_attribute("data-series", "3", timeout=30_000)
    loss.scroll_into_view_if_needed()
    box = loss.locator(".u-over").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_be_visible()
    # Read the rows in one go: the tooltip re-renders on every mouse move.
    pairs = tooltip.evaluate(
        """t => [...t.querySelectorAll('tr')].filter(r => r.querySelector('.tb-tooltip-run'))
          .map(r => [r.querySelector('.tb-tooltip-run').textContent,
                     getComputedStyle(r.querySelector('.tb-swatch')).backgroundColor])"""
    )
    scalars = {name: _hex(rgb) for name, rgb in pairs}
    assert scalars == table
    page.goto(f"{loaded(url)}/?tab=custom_scalars&runFilter=%5Elr0%5C.0001%2Fseed%5B0-2%5D%24")
    legend = page.locator("article[data-title='losses']").get_by_label("Legend").locator("li")
    expect(legend).to_have_count(3, timeout=30_000)
    custom = {
        legend.nth(i).inner_text().removeprefix("loss (").removesuffix(")"): legend.nth(i)
        .locator("span")
        .get_attribute("data-color")
        for i in range(3)
    }
    assert custom == table


def test_table_sorts_by_a_hyperparameter_and_filters_by_value(page: Page, serve, sweep_logdir: Path) -> None:
    open_sweep(page, serve(sweep_logdir))
    rows = page.get_by_role("table", name="Runs table").get_by_role("row")
    # Natural order of names: seed2 before seed10.
    first = [rows.nth(i).get_attribute("data-run") for i in range(1, 12)]
    assert first[:3] == ["lr0.0001/seed0", "lr0.0001/seed1", "lr0.0001/seed2"]
    assert first.index("lr0.0001/seed2") < first.index("lr0.0001/seed10")
    page.get_by_role("columnheader", name="lr").get_by_role("button").click()
    page.get_by_role("columnheader", name="lr").get_by_role("button").click()  # descending
    expect(rows.nth(1)).to_have_attribute("data-run", re.compile(r"^lr300/"))
    expect(page.get_by_role("columnheader", name="lr")).to_have_attribute("aria-sort", "descending")
    hundred = lambda r: "/api/scalars/runs" in r.url and len(orjson.loads(r.post_data)["runs"]) == 100  # noqa: E731
    with page.expect_request(hundred):
        page.get_by_label("Filter by hyperparameter").select_option("lr")
        page.get_by_label("Value of lr").select_option("0.01")
    expect(page.get_by_test_id("run-count")).to_have_text("100 of 1000")
    expect(page).to_have_url(re.compile(r"hp=lr%3D0\.01"))
    expect(rows.nth(1)).to_have_attribute("data-run", re.compile(r"^lr0\.01/"))


def test_a_metric_column_is_found_by_typing_and_shows_each_runs_last_value(
    page: Page, serve, sweep_logdir: Path
) -> None:
    open_sweep(page, serve(sweep_logdir))
    picker = page.get_by_role("button", name="Add a metric column")
    picker.click()
    popup = page.get_by_role("dialog", name="Add a metric column")
    page.get_by_role("searchbox", name="Find a metric").fill("acc")
    expect(popup.get_by_role("button")).to_have_text(["acc"])  # only the matches are listed
    page.keyboard.press("Enter")
    expect(popup).to_have_count(0)
    expect(page.get_by_role("columnheader", name="acc")).to_be_visible()
    # The column holds the run's last logged value: acc at step 11 for lr 0.0001.
    row = page.get_by_role("table", name="Runs table").locator('[data-run="lr0.0001/seed0"]')
    last = 11 * 0.0001 / (1 + 11 * 0.0001)
    shown = re.escape(f"{float(f'{last:.4g}')}")  # 4 significant digits, as the table shows values
    expect(row.get_by_role("cell").filter(has_text=re.compile(f"^{shown}$"))).to_have_count(1)


def test_a_selection_of_two_runs_keeps_the_url_short(page: Page, serve, sweep_logdir: Path) -> None:
    open_sweep(page, serve(sweep_logdir))
    page.get_by_role("button", name="None", exact=True).click()
    expect(page.get_by_test_id("run-count")).to_have_text("0 of 1000")
    page.get_by_role("checkbox", name="lr0.0001/seed3", exact=True).check()
    page.get_by_role("checkbox", name="lr0.0001/seed1", exact=True).check()
    expect(page.get_by_test_id("run-count")).to_have_text("2 of 1000")
    expect(page).to_have_url(re.compile(r"run=lr0\.0001%2Fseed3"))
    query = urllib.parse.urlparse(page.url).query
    assert urllib.parse.parse_qs(query) == {"only": ["1"], "run": ["lr0.0001/seed1", "lr0.0001/seed3"]}
    assert len(page.url) < 120
    page.get_by_label("Only selected").check()
    expect(page.get_by_role("table", name="Runs table").get_by_role("row")).to_have_count(3)
    expect(page).to_have_url(re.compile(r"onlySelected=1"))
    page.reload()
    expect(page.get_by_test_id("run-count")).to_have_text("2 of 1000", timeout=30_000)
    expect(scalar_card(page, "loss")).to_have_attribute("data-series", "2", timeout=30_000)


def test_the_tooltip_stays_inside_its_card(page: Page, serve, sweep_logdir: Path) -> None:
    open_sweep(page, serve(sweep_logdir))
    card = scalar_card(page, "acc")
    expect(card).to_have_attribute("data-painted", "true", timeout=60_000)
    card_box = card.bounding_box()
    canvas = card.locator(".u-over").bounding_box()
    assert card_box and canvas
    tooltip = page.get_by_role("tooltip")
    # Near each corner of the plot, where the old tooltip spilled onto the next card or below.
    for fx, fy in ((0.98, 0.95), (0.02, 0.05), (0.98, 0.05), (0.5, 0.98)):
        page.mouse.move(canvas["x"] + canvas["width"] * fx, canvas["y"] + canvas["height"] * fy)
        expect(tooltip).to_be_visible()
        tip = tooltip.bounding_box()
        assert tip is not None
        assert tip["x"] >= card_box["x"] and tip["y"] >= card_box["y"], (fx, fy, tip, card_box)
        assert tip["x"] + tip["width"] <= card_box["x"] + card_box["width"] + 0.5, (fx, fy, tip, card_box)
        assert tip["y"] + tip["height"] <= card_box["y"] + card_box["height"] + 0.5, (fx, fy, tip, card_box)
    expect(tooltip).to_contain_text("more")  # 1,000 runs: the rows that fit, and a count of the rest


def test_a_grouped_tooltip_in_a_narrow_card_drops_its_time_column_rather_than_cut_values(
    page: Page, serve, sweep_logdir: Path
) -> None:
    page.set_viewport_size({"width": 800, "height": 800})
    open_sweep(page, serve(sweep_logdir), "?group=prefix&band=minmax")
    card = scalar_card(page, "acc")
    expect(card).to_have_attribute("data-painted", "true", timeout=60_000)
    canvas = card.locator(".u-over").bounding_box()
    assert canvas
    tooltip = page.get_by_role("tooltip")
    page.mouse.move(canvas["x"] + canvas["width"] * 0.5, canvas["y"] + canvas["height"] * 0.5)
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("100 runs:")  # a group's row names its members
    # Every column that is shown is whole: the table is no wider than the tooltip that clips it.
    assert tooltip.evaluate("t => t.scrollWidth <= t.clientWidth + 1")
    expect(tooltip.locator("th")).to_have_text(["", "Run", "Smoothed", "Value", "Step"])


def test_torch_trial_sub_runs_are_their_parents_hyperparameters(page: Page, serve, tmp_path: Path) -> None:
    from torch.utils.tensorboard import SummaryWriter

    for i in range(6):
        with SummaryWriter(str(tmp_path / f"trial_{i}")) as w:
            for step in range(5):
                w.add_scalar("loss", 1.0 / (step + i + 1), step)
            w.add_hparams({"lr": 0.1 * (i + 1)}, {"hparam/acc": 0.5})
    url = serve(tmp_path)
    page.goto(loaded(url))
    expect(page.get_by_test_id("run-count")).to_have_text("6 of 6", timeout=30_000)
    expect(page.get_by_role("columnheader", name="lr")).to_be_visible()
    expect(scalar_card(page, "loss")).to_have_attribute("data-series", "6", timeout=30_000)
    expect(page.locator("article.tb-card[data-tag='hparam/acc']")).to_have_count(0)
    # TensorBoard's routes still list the 6 sub-runs.
    runs = orjson.loads(page.request.get(f"{url}/data/runs").body())
    assert len(runs) == 12
