"""Scalar cards people pin, read and take away (issue #19), in a real browser against the real server."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
from pathlib import Path

import pytest
from e2e_logs import write_scalars
from playwright.sync_api import Page, expect

CARD = "article.tb-card"


def open_dashboard(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(CARD).first).to_have_attribute("data-painted", "true", timeout=15_000)


def card(page: Page, tag: str, where: str = ".tb-group:not(.tb-group-pinned)"):
    return page.locator(f'{where} {CARD}[data-tag="{tag}"]')


def js_value(v: float) -> str:
    """formatValue of lib/format.ts for values between 1e-4 and 1e6: four significant digits."""
    return f"{v:.4g}"


def rows_of(url: str, run: str, tag: str) -> list[tuple[float, int, float]]:
    import urllib.parse
    import urllib.request

    query = urllib.parse.urlencode({"run": run, "tag": tag, "format": "json"})
    with urllib.request.urlopen(f"{url}/api/scalars/download?{query}") as response:
        return [tuple(r) for r in json.load(response)]


@pytest.fixture(scope="module")
def sweep_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Runs whose names share long prefixes, as a learning-rate sweep's do."""
    logdir = tmp_path_factory.mktemp("sweep-names")
    write_scalars(
        logdir, {"sgd_lr1e-2": 1, "sgd_lr1e-3": 2, "adam_lr1e-3_with_a_long_name": 3}, ["loss"], 120
    )
    return logdir


def test_pinned_card_stays_pinned_after_a_reload(page: Page, serve, scalar_logdir: Path) -> None:
    open_dashboard(page, serve(scalar_logdir))
    card(page, "metrics/reward").get_by_role("button", name="Pin card").click()
    pinned = page.get_by_role("region", name="Tag group Pinned")
    expect(pinned.locator(f'{CARD}[data-tag="metrics/reward"]')).to_have_count(1)
    # The pinned section comes before every tag group.
    first = page.locator(".tb-groups > section").first
    expect(first).to_have_attribute("aria-label", "Tag group Pinned")
    expect(page).to_have_url(re.compile(r"pin=metrics%2Freward"))
    page.reload()
    expect(pinned.locator(f'{CARD}[data-tag="metrics/reward"]')).to_have_attribute(
        "data-painted", "true", timeout=15_000
    )
    # A filter that hides the tag's group leaves the pinned card in view.
    page.get_by_label("Filter tags (regex)").fill("^loss")
    expect(pinned.locator(f'{CARD}[data-tag="metrics/reward"]')).to_have_count(1)
    pinned.locator(CARD).get_by_role("button", name="Unpin card").click()
    expect(pinned).to_have_count(0)
    expect(page).not_to_have_url(re.compile(r"pin="))


def test_data_table_shows_each_runs_value_at_the_cursor(page: Page, serve, scalar_logdir: Path) -> None:
    url = serve(scalar_logdir)
    open_dashboard(page, url)
    target = card(page, "loss/train")
    target.get_by_role("button", name="Show data table").click()
    table = target.get_by_role("region", name="Data table")
    expect(table.locator("tbody tr")).to_have_count(3)
    # Away from the chart, each run's last point.
    expect(table.get_by_test_id("table-at")).to_have_text("Last point of each run")
    last = rows_of(url, "reinforce", "loss/train")[-1]
    row = table.locator('tr[data-run="reinforce"]')
    expect(row.locator("td").nth(1)).to_have_text(js_value(last[2]))
    box = target.locator(".u-over").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] / 2)
    expect(table.get_by_test_id("table-at")).to_have_text(re.compile(r"At step \d+"))
    step = int(row.locator("td").nth(3).inner_text().replace(",", ""))
    assert 60 < step < 120
    value = next(v for _, s, v in rows_of(url, "reinforce", "loss/train") if s == step)
    expect(row.locator("td").nth(1)).to_have_text(js_value(value))
    # Full run names, each with its colour swatch.
    expect(table.locator('tr[data-run="ppo/seed0"] td').nth(0)).to_have_text("ppo/seed0")
    expect(table.locator("tbody .tb-swatch")).to_have_count(3)
    # The table stays open across a reload (it is in the URL).
    expect(page).to_have_url(re.compile(r"table%3D1"))
    page.reload()
    expect(card(page, "loss/train").get_by_role("region", name="Data table")).to_be_visible(timeout=15_000)


def test_range_selection_gives_min_max_mean_and_change(page: Page, serve, scalar_logdir: Path) -> None:
    url = serve(scalar_logdir)
    open_dashboard(page, url)
    target = card(page, "loss/eval")
    target.get_by_role("button", name="Expand card").click()  # every one of the 300 points is drawn
    target.get_by_role("button", name="Show data table").click()
    box = target.locator(".u-over").bounding_box()
    assert box is not None
    y = box["y"] + box["height"] / 2
    page.keyboard.down("Shift")
    page.mouse.move(box["x"] + box["width"] * 0.25, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=6)
    page.mouse.up()
    page.keyboard.up("Shift")
    table = target.get_by_role("region", name="Data table")
    label = table.get_by_test_id("table-range")
    expect(label).to_contain_text("range step")
    lo, hi = (int(n.replace(",", "")) for n in re.findall(r"step ([\d,]+)", label.inner_text()))
    # A shift-drag selects; it does not zoom.
    expect(target.get_by_role("button", name="Reset zoom")).to_have_count(0)
    values = [v for _, s, v in rows_of(url, "ppo/seed1", "loss/eval") if lo <= s <= hi]
    cells = table.locator('tr[data-run="ppo/seed1"] td')
    expect(cells.nth(5)).to_have_text(js_value(min(values)))
    expect(cells.nth(6)).to_have_text(js_value(max(values)))
    expect(cells.nth(7)).to_have_text(js_value(sum(values) / len(values)))
    change = values[-1] - values[0]
    expect(cells.nth(8)).to_have_text(("+" if change > 0 else "") + js_value(change))
    table.get_by_role("button", name="clear").click()
    expect(label).to_have_count(0)


def test_card_axes_zoom_and_expansion_survive_a_reload(page: Page, serve, scalar_logdir: Path) -> None:
    open_dashboard(page, serve(scalar_logdir))
    target = card(page, "lr")
    target.get_by_role("button", name="Axes and y range").click()
    target.get_by_label("Y max").fill("2.5")
    target.get_by_label("Log y").select_option("on")
    target.get_by_label("Card x axis").select_option("relative")
    page.keyboard.press("Escape")
    expect(target.locator("footer")).to_contain_text("fixed y")
    box = target.locator(".u-over").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + 40)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + 40, steps=5)
    page.mouse.up()
    expect(target.get_by_role("button", name="Reset zoom")).to_be_visible()
    target.get_by_role("button", name="Expand card").click()
    expect(page).to_have_url(re.compile(r"[?&]expand="))
    page.reload()
    target = card(page, "lr")
    expect(target).to_have_attribute("data-painted", "true", timeout=15_000)
    expect(target).to_have_class(re.compile("tb-card-expanded"))
    expect(target.get_by_role("button", name="Reset zoom")).to_be_visible()
    expect(target.locator("footer")).to_contain_text("points in view")
    target.get_by_role("button", name="Axes and y range (changed)").click()
    expect(target.get_by_label("Y max")).to_have_value("2.5")
    expect(target.get_by_label("Log y")).to_have_value("on")
    expect(target.get_by_label("Card x axis")).to_have_value("relative")
    # Only this card changed: its neighbours still follow the toolbar.
    expect(
        card(page, "loss/train").get_by_role("button", name="Axes and y range", exact=True)
    ).to_be_visible()
    # The relative axis reads as durations, from 0, not "0ms".
    box = target.locator(".u-over").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
    expect(page.get_by_role("tooltip")).to_contain_text("Relative")
    target.get_by_role("menuitem", name="Reset to the toolbar").click()
    expect(target.locator("footer")).not_to_contain_text("fixed y")


def test_one_file_holds_every_runs_rows_under_full_names(page: Page, serve, sweep_logdir: Path) -> None:
    open_dashboard(page, serve(sweep_logdir))
    target = card(page, "loss")
    target.get_by_role("button", name="Download").click()
    menu = target.get_by_role("menu")
    for run in ["sgd_lr1e-2", "sgd_lr1e-3", "adam_lr1e-3_with_a_long_name"]:
        name = menu.locator(".tb-menu-run", has_text=run).locator(".tb-run-name")
        expect(name).to_have_text(run)
        # Not cut to "sgd_lr...": the whole name is laid out.
        assert name.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    with page.expect_download() as info:
        menu.get_by_role("menuitem", name="All runs as CSV").click()
    assert info.value.suggested_filename == "loss.csv"
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text())))
    assert rows[0] == ["Run", "Wall time", "Step", "Value"]
    by_run: dict[str, list[int]] = {}
    for run, _, step, _ in rows[1:]:
        by_run.setdefault(run, []).append(int(step))
    assert by_run == {
        r: list(range(120)) for r in ["adam_lr1e-3_with_a_long_name", "sgd_lr1e-2", "sgd_lr1e-3"]
    }
    target.get_by_role("button", name="Download").click()
    with page.expect_download() as info:
        target.get_by_role("menu").get_by_role("menuitem", name="All runs as JSON").click()
    body = json.loads(Path(info.value.path()).read_text())
    assert body["complete"] is True and sorted(body["runs"]) == sorted(by_run)
    assert [s for _, s, _ in body["runs"]["sgd_lr1e-3"]] == list(range(120))
    # No "incomplete" notice for a file made after the load.
    expect(target.get_by_role("status")).to_have_count(0)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_png_is_twice_the_chart_with_title_and_legend_and_svg_has_the_legend(
    page: Page, serve, sweep_logdir: Path
) -> None:
    open_dashboard(page, serve(sweep_logdir))
    target = card(page, "loss")
    expect(target).to_have_attribute("data-series", "3")
    canvas = target.locator("canvas").bounding_box()
    assert canvas is not None
    target.get_by_role("button", name="Download").click()
    with page.expect_download() as info:
        target.get_by_role("menuitem", name="Chart as PNG").click()
    width, height = png_size(Path(info.value.path()).read_bytes())
    assert width == round(canvas["width"]) * 2
    # Title above and a legend row below the chart.
    assert height > (canvas["height"] + 28 + 16) * 2
    target.get_by_role("button", name="Download").click()
    with page.expect_download() as info:
        target.get_by_role("menuitem", name="Chart as SVG").click()
    svg = Path(info.value.path()).read_text()
    legend = svg[svg.index('<g class="legend"') :]
    for run in ["sgd_lr1e-2", "sgd_lr1e-3", "adam_lr1e-3_with_a_long_name"]:
        assert f">{run}</text>" in legend


def test_one_tag_groups_share_a_row_and_the_card_width_setting_applies(
    page: Page, serve, tmp_path: Path
) -> None:
    write_scalars(tmp_path, {"a": 1, "b": 2}, ["alpha", "beta", "gamma", "delta", "loss/x", "loss/y"], 20)
    open_dashboard(page, serve(tmp_path))
    singles = page.locator(".tb-group-single")
    expect(singles).to_have_count(4)
    tops = {round(singles.nth(i).bounding_box()["y"]) for i in range(2)}
    assert len(tops) == 1, "the first two one-tag groups sit side by side"
    page.get_by_role("button", name="Settings", exact=True).click()
    slider = page.get_by_label(re.compile("Card width"))
    slider.fill("800")
    page.keyboard.press("Escape")
    box = card(page, "alpha").bounding_box()
    assert box is not None and box["width"] >= 790


class _GatedFiles:
    """A real HTTP file server over `root` whose answers for run `b`'s event files wait for `open`, so
    trainboard's first load of `http://.../` stays under way for as long as the test wants."""

    def __init__(self, root: Path) -> None:
        import functools
        import http.server
        import threading

        self.open = threading.Event()
        gate = self.open

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self) -> None:
                if "/b/" in self.path and "tfevents" in self.path:
                    gate.wait(60)
                super().do_GET()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(root))
        )
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.open.set()
        self.server.shutdown()
        self.server.server_close()


def test_a_download_made_while_loading_says_it_is_incomplete(page: Page, serve, tmp_path: Path) -> None:
    import urllib.request

    write_scalars(tmp_path, {"a": 1, "b": 2}, ["loss"], 50)
    files = _GatedFiles(tmp_path)
    try:
        url = serve(files.url)
        open_dashboard(page, url)
        target = card(page, "loss")
        target.get_by_role("button", name="Download").click()
        with page.expect_download() as info:
            target.get_by_role("menu").get_by_role("menuitem", name="All runs as CSV").click()
        assert info.value.suggested_filename == "loss.partial.csv"
        expect(target.get_by_role("status")).to_contain_text("incomplete")
        rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text())))
        assert {r[0] for r in rows[1:]} == {"a"}  # run b is still being read
        files.open.set()
        with urllib.request.urlopen(f"{url}/api/environment") as response:
            loading = json.load(response)["loading"]
        deadline = 30
        while loading and deadline > 0:
            page.wait_for_timeout(200)
            deadline -= 0.2
            with urllib.request.urlopen(f"{url}/api/environment") as response:
                loading = json.load(response)["loading"]
        assert not loading
        target.get_by_role("button", name="Download").click()
        with page.expect_download() as info:
            target.get_by_role("menu").get_by_role("menuitem", name="All runs as CSV").click()
        assert info.value.suggested_filename == "loss.csv"
        expect(target.get_by_role("status")).to_have_count(0)
        rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text())))
        assert sorted({r[0] for r in rows[1:]}) == ["a", "b"] and len(rows) == 101
    finally:
        files.close()
