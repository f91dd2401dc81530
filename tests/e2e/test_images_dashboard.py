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
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


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


@pytest.fixture(scope="module")
def viewer_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A photo-like gradient over 5 steps, an 8x8 two-colour checker and a half-transparent badge."""
    from torch.utils.tensorboard import SummaryWriter

    logdir = tmp_path_factory.mktemp("images-viewer")
    with SummaryWriter(str(logdir / "vae")) as w:
        yy, xx = np.mgrid[0:96, 0:128]
        for step in range(5):
            img = np.stack([xx / 127, yy / 95, np.full(xx.shape, step / 4)]) * 0.5 + 0.25
            w.add_image("reconstruction", img, step)
        checker = (np.indices((8, 8)).sum(axis=0) % 2).astype(np.float64)
        w.add_image("digit", np.stack([checker * 0.9, checker * 0.2, 1 - checker]), 0)
        badge = np.zeros((64, 64, 4))
        badge[:, 32:] = [0.9, 0.5, 0.1, 1.0]  # the right half is opaque orange, the left transparent
        w.add_image("badge", badge, 0, dataformats="HWC")
    return logdir


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(np.int32)


def test_clicking_an_image_opens_a_full_view_whose_slider_and_contrast_change_it(
    page: Page, serve, viewer_logdir: Path
) -> None:
    open_images(page, serve(viewer_logdir))
    target = card(page, "reconstruction", "vae")
    target.scroll_into_view_if_needed()
    expect(target.locator("img")).to_have_js_property("complete", True)
    card_width = target.locator("img").bounding_box()["width"]
    target.get_by_role("button", name="Open reconstruction at step 4 full size").click()

    viewer = page.get_by_role("dialog", name="reconstruction · vae, full size")
    expect(viewer).to_be_visible()
    image = viewer.get_by_role("img")
    expect(image).to_have_js_property("complete", True)
    expect(viewer).to_contain_text("128×96")
    # The whole-pixel enlargement that fits the dialog: far larger than the card's picture.
    assert image.bounding_box()["width"] > 2 * card_width

    viewer.get_by_role("slider", name="Step of reconstruction · vae").focus()
    page.keyboard.press("Home")
    expect(viewer).to_contain_text("step 0")
    expect(target).to_contain_text("step 0")  # the card follows the view's slider
    page.wait_for_timeout(200)
    plain = _pixels(image.screenshot())

    viewer.get_by_label("Contrast").fill("3")
    expect(image).to_have_css("filter", "brightness(1) contrast(3)")
    page.wait_for_timeout(200)
    contrasted = _pixels(image.screenshot())
    assert contrasted.std() > plain.std() * 1.8, (plain.std(), contrasted.std())
    assert np.abs(contrasted - plain).mean() > 20

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "images-full-view-light.png"))
    page.keyboard.press("Escape")
    # A closed <dialog> leaves the accessibility tree before React removes it from the DOM, so
    # wait for the element itself to go, then look at the card's own picture.
    expect(page.locator("dialog")).to_have_count(0)
    expect(
        target.get_by_role("button", name="Open reconstruction at step 0 full size").locator("img")
    ).to_have_css("filter", "brightness(1) contrast(3)")


def test_a_small_image_is_enlarged_with_sharp_pixels(page: Page, serve, viewer_logdir: Path) -> None:
    page.emulate_media(color_scheme="dark")
    open_images(page, serve(viewer_logdir))
    target = card(page, "digit", "vae")
    target.scroll_into_view_if_needed()
    target.get_by_role("button", name="Open digit at step 0 full size").click()
    image = page.get_by_role("dialog").get_by_role("img")
    expect(image).to_have_js_property("complete", True)
    expect(image).to_have_css("image-rendering", "pixelated")
    width = image.bounding_box()["width"]
    assert width >= 8 * 40 and width % 8 == 0, width
    page.wait_for_timeout(200)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "images-full-view-dark.png"))
    # Nearest neighbour: the 8x8 checker stays two colours (smoothing would blend them at each edge).
    pixels = _pixels(image.screenshot())[4:-4, 4:-4].reshape(-1, 3)
    colours, counts = np.unique(pixels, axis=0, return_counts=True)
    assert counts[np.argsort(counts)[-2:]].sum() > 0.99 * len(pixels), colours[:10]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_transparent_pixels_sit_on_a_checkerboard_of_the_theme(
    page: Page, serve, viewer_logdir: Path, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    open_images(page, serve(viewer_logdir))
    target = card(page, "badge", "vae")
    target.scroll_into_view_if_needed()
    image = target.locator("img")
    expect(image).to_have_js_property("complete", True)
    page.wait_for_timeout(200)
    pixels = _pixels(image.screenshot())
    half = pixels.shape[1] // 2
    clear, opaque = pixels[:, : half - 4].mean(axis=2), pixels[:, half + 4 :]
    assert clear.std() > 3  # a checkerboard, not a flat fill
    if scheme == "dark":
        assert clear.mean() < 70, clear.mean()
    else:
        assert clear.mean() > 200, clear.mean()
    assert abs(opaque[..., 0].mean() - 0.9 * 255) < 6  # the opaque half is the image's own colour


def test_the_empty_state_snippet_fits_without_scrolling(page: Page, serve, tmp_path: Path) -> None:
    from torch.utils.tensorboard import SummaryWriter

    with SummaryWriter(str(tmp_path / "run")) as w:
        w.add_scalar("loss", 1.0, 0)
    page.goto(f"{serve(tmp_path)}/?tab=images")
    snippet = page.get_by_role("status").locator("pre")
    expect(snippet).to_contain_text("add_image")
    assert snippet.evaluate("el => el.scrollWidth <= el.clientWidth")
