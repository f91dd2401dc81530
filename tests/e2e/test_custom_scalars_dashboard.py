"""The Custom Scalars dashboard in a real browser: layouts from trainboard's and torch's writers."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

STEPS = 50


@pytest.fixture(scope="module")
def custom_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from torch.utils.tensorboard import SummaryWriter as TorchWriter

    from trainboard import SummaryWriter

    logdir = tmp_path_factory.mktemp("custom-scalars-logdir")
    with SummaryWriter(str(logdir / "trainboard")) as w:
        w.add_custom_scalars(
            {
                "Losses": {"train and eval": ["Multiline", ["loss/"]]},
                "Accuracy": {"with bounds": ["Margin", ["acc", "acc_lo", "acc_hi"]]},
                "Unmatched": {"nothing": ["Multiline", ["absent/"]]},
            }
        )
        for step in range(STEPS):
            w.add_scalar("loss/train", math.exp(-step / 20), step)
            w.add_scalar("loss/eval", math.exp(-step / 25) + 0.1, step)
            acc = 1 - math.exp(-step / 15)
            w.add_scalar("acc", acc, step)
            w.add_scalar("acc_lo", acc - 0.05, step)
            w.add_scalar("acc_hi", acc + 0.05, step)
    torch_writer = TorchWriter(str(logdir / "torch"))
    torch_writer.add_custom_scalars_multilinechart(
        ["loss/train"], category="Losses", title="torch train loss"
    )
    for step in range(STEPS):
        torch_writer.add_scalar("loss/train", 1.5 * math.exp(-step / 20), step)
    torch_writer.close()
    return logdir


def open_dashboard(page: Page, url: str) -> None:
    page.goto(f"{url}/?tab=custom_scalars")
    expect(page.locator(".tb-cs-category").first).to_be_visible(timeout=15_000)


def card(page: Page, title: str):
    return page.locator(f'article[data-title="{title}"]')


def test_multiline_chart_draws_every_matching_tag_of_every_run(
    page: Page, serve, custom_logdir: Path
) -> None:
    open_dashboard(page, serve(custom_logdir))
    losses = card(page, "train and eval")
    expect(losses).to_have_attribute("data-painted", "true", timeout=15_000)
    # loss/train and loss/eval of the trainboard run, loss/train of the torch run.
    expect(losses).to_have_attribute("data-series", "3")
    expect(losses.locator("footer")).to_contain_text("3 lines")
    expect(losses.get_by_label("Legend").locator("li")).to_have_text(
        ["loss/train (torch)", "loss/eval (trainboard)", "loss/train (trainboard)"]
    )
    # The torch run's layout is merged into the same category.
    expect(card(page, "torch train loss")).to_have_attribute("data-painted", "true", timeout=15_000)
    titles = page.locator(".tb-cs-category-title")
    expect(titles).to_contain_text(["Losses", "Accuracy", "Unmatched"])


def test_margin_chart_draws_value_with_its_band(page: Page, serve, custom_logdir: Path) -> None:
    open_dashboard(page, serve(custom_logdir))
    margin = card(page, "with bounds")
    expect(margin).to_have_attribute("data-painted", "true", timeout=15_000)
    expect(margin).to_have_attribute("data-series", "1")
    expect(margin.locator("canvas")).to_be_visible()


def test_chart_without_matches_says_which_regex_found_nothing(page: Page, serve, custom_logdir: Path) -> None:
    open_dashboard(page, serve(custom_logdir))
    expect(card(page, "nothing")).to_contain_text("No scalar of the selected runs matches “absent/”")


def test_category_collapses_and_reopens(page: Page, serve, custom_logdir: Path) -> None:
    open_dashboard(page, serve(custom_logdir))
    page.locator(".tb-cs-category-title", has_text="Losses").click()
    expect(card(page, "train and eval")).to_be_hidden()
    page.locator(".tb-cs-category-title", has_text="Losses").click()
    expect(card(page, "train and eval")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dashboard_renders_in_both_themes(page: Page, serve, custom_logdir: Path, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    open_dashboard(page, serve(custom_logdir))
    expect(page.locator("html")).to_have_attribute("data-theme", scheme)
    expect(card(page, "with bounds")).to_have_attribute("data-painted", "true", timeout=15_000)


def test_hover_lists_each_line_of_the_chart(page: Page, serve, custom_logdir: Path) -> None:
    open_dashboard(page, serve(custom_logdir))
    losses = card(page, "train and eval")
    expect(losses).to_have_attribute("data-painted", "true", timeout=15_000)
    box = losses.locator(".u-over").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("loss/eval (trainboard)")
    expect(tooltip).to_contain_text("loss/train (torch)")


def test_x_axis_switch_refetches_the_charts_in_relative_time(page: Page, serve, custom_logdir: Path) -> None:
    open_dashboard(page, serve(custom_logdir))
    losses = card(page, "train and eval")
    expect(losses).to_have_attribute("data-painted", "true", timeout=15_000)
    relative = page.get_by_role("group", name="Horizontal axis").get_by_role("button", name="Relative")
    with page.expect_request(lambda r: "scalars/runs" in r.url and '"x":"relative"' in (r.post_data or "")):
        relative.click()
    expect(page).to_have_url(re.compile(r"x=relative"))
    expect(losses).to_have_attribute("data-series", "3")


def test_data_table_lists_each_line_at_the_cursor(page: Page, serve, custom_logdir: Path) -> None:
    open_dashboard(page, serve(custom_logdir))
    losses = card(page, "train and eval")
    expect(losses).to_have_attribute("data-painted", "true", timeout=15_000)
    losses.get_by_role("button", name="Show data table").click()
    table = losses.get_by_role("region", name="Data table")
    # Each line's last point: loss/train of the trainboard run at step 49.
    row = table.locator('tr[data-run="loss/train (trainboard)"]')
    expect(row.locator("td").nth(1)).to_have_text(f"{math.exp(-49 / 20):.4g}")
    box = losses.locator(".u-over").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 2, box["y"] + box["height"] / 2)
    expect(table.get_by_test_id("table-at")).to_have_text("At step 0")
    expect(row.locator("td").nth(1)).to_have_text("1")
    expect(table.locator("tbody tr")).to_have_count(3)
