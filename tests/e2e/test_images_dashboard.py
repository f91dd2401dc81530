"""The Images dashboard in a real browser: cards, the step slider, video, and lazy blob fetching."""

from __future__ import annotations

import io
import json
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Page, Request, expect

MANY = 10_000


def card(page: Page, tag: str, run: str):
    return page.locator(f'article[aria-label="{tag} · {run}"]')


def open_images(page: Page, url: str) -> None:
    page.goto(f"{url}/?tab=images")
    expect(page.locator("article.tb-img-card img").first).to_be_visible(timeout=15_000)


@pytest.fixture(scope="module")
def images_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two torch runs: a gradient that brightens with the step, a figure and boxes; a trainboard run
    with a video."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from torch.utils.tensorboard import SummaryWriter

    import trainboard

    logdir = tmp_path_factory.mktemp("images-logdir")
    for run in ("ppo", "reinforce"):
        with SummaryWriter(str(logdir / run)) as w:
            for step in range(8):
                yy, xx = np.mgrid[0:48, 0:48] / 47.0
                w.add_image("samples/gradient", np.stack([xx, yy, np.full_like(xx, step / 7)]), step * 10)
            fig = plt.figure(figsize=(2, 2))
            plt.plot([0, 1, 2], [2, 0, 1])
            w.add_figure("figures/curve", fig, 70)
            w.add_image_with_boxes("boxes", np.full((3, 40, 40), 0.6), np.array([[4, 4, 30, 30]]), 70)
    with trainboard.SummaryWriter(str(logdir / "video")) as w:
        w.add_video("rollout", np.random.default_rng(0).random((1, 6, 3, 24, 24)), 0, fps=4)
    return logdir


def test_every_run_and_tag_gets_an_image_card(page: Page, serve, images_logdir: Path) -> None:
    open_images(page, serve(images_logdir))
    for tag in ("samples/gradient", "figures/curve", "boxes"):
        for run in ("ppo", "reinforce"):
            expect(card(page, tag, run)).to_have_count(1)
    gradient = card(page, "samples/gradient", "ppo")
    gradient.scroll_into_view_if_needed()  # cards below the fold load only when scrolled to
    expect(gradient).to_contain_text("step 70")
    expect(gradient).to_contain_text("48×48 PNG")


def test_moving_the_step_slider_shows_that_steps_image(page: Page, serve, images_logdir: Path) -> None:
    open_images(page, serve(images_logdir))
    target = card(page, "samples/gradient", "ppo")
    target.scroll_into_view_if_needed()
    image = target.locator("img")
    expect(image).to_have_js_property("complete", True)
    page.wait_for_timeout(200)
    newest = image.screenshot()
    slider = target.get_by_role("slider")
    slider.focus()
    page.keyboard.press("Home")
    expect(target).to_contain_text("step 0")
    expect(image).to_have_js_property("complete", True)
    page.wait_for_timeout(200)
    oldest = image.screenshot()
    blue = [np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))[..., 2].mean() for png in (oldest, newest)]
    assert blue[0] + 100 < blue[1], f"step 0 should be much less blue than step 70, got {blue}"


def test_video_plays_in_place_as_an_animated_gif(page: Page, serve, images_logdir: Path) -> None:
    open_images(page, serve(images_logdir))
    video = card(page, "rollout", "video")
    video.scroll_into_view_if_needed()
    expect(video).to_contain_text("video · 6 frames")
    expect(video.locator("img")).to_have_js_property("complete", True)
    assert video.locator("img").evaluate("img => img.naturalWidth") == 24


def test_brightness_applies_to_the_images(page: Page, serve, images_logdir: Path) -> None:
    open_images(page, serve(images_logdir))
    page.get_by_label("Brightness").fill("0.5")
    expect(card(page, "boxes", "ppo").locator("img")).to_have_css("filter", "brightness(0.5) contrast(1)")


@pytest.fixture(scope="module")
def many_images_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One tag with 10,000 images, and twelve more tags that fall below the fold."""
    import trainboard

    logdir = tmp_path_factory.mktemp("many-images")
    frames = np.random.default_rng(1).integers(0, 256, size=(8, 3, 32, 32), dtype=np.uint8)
    with trainboard.SummaryWriter(str(logdir / "run")) as w:
        for step in range(MANY):
            w.add_image("a/many", frames[step % 8], step)
        for k in range(12):
            w.add_image(f"z/later{k:02d}", frames[k % 8], 0)
    return logdir


def test_ten_thousand_images_open_with_one_fetch_per_visible_card(
    page: Page, serve, many_images_logdir: Path
) -> None:
    blob_requests: list[str] = []

    def on_request(request: Request) -> None:
        if "/api/blob/" in request.url:
            blob_requests.append(request.url)

    url = serve(many_images_logdir)
    # Counted once the server has read all 10,000: a card that first shows a step of a load still
    # under way moves to the last step when it ends, a second (legitimate) fetch for the same card.
    deadline = time.monotonic() + 60
    while json.loads(urllib.request.urlopen(f"{url}/api/environment", timeout=5).read())["loading"]:
        assert time.monotonic() < deadline, "the server never finished loading"
        time.sleep(0.1)
    page.on("request", on_request)
    open_images(page, url)
    many = card(page, "a/many", "run")
    expect(many).to_contain_text(f"step {MANY - 1:,}")
    expect(many).to_contain_text(f"{MANY:,} of {MANY:,}")
    page.wait_for_timeout(1000)
    loaded = page.locator("article.tb-img-card img").count()
    total_cards = page.locator("article.tb-img-card").count()
    assert total_cards == 13
    # Only cards at or near the screen fetch (one just below it may fetch and then leave the preload
    # margin as the cards above settle their height), and no image is fetched twice.
    assert 1 <= loaded <= len(blob_requests) < total_cards, (len(blob_requests), loaded, total_cards)
    assert len(set(blob_requests)) == len(blob_requests), blob_requests

    before = len(blob_requests)
    many.get_by_role("slider").focus()
    page.keyboard.press("Home")
    expect(many).to_contain_text("step 0")
    page.wait_for_timeout(500)
    chosen = (many.locator("img").first.get_attribute("src") or "").rsplit("/", 1)[-1]
    new = blob_requests[before:]
    # The chosen step's image, once; not the other 9,999 (a card at the fold may come back into view).
    assert sum(u.endswith("/" + chosen) for u in new) == 1, (chosen, new)
    assert len(new) <= 2, f"moving the slider fetched {len(new)} images: {new}"
