"""The Audio dashboard in a real browser: a player per step with the right clip and its sample rate."""

from __future__ import annotations

import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page, expect


@pytest.fixture(scope="module")
def audio_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from torch.utils.tensorboard import SummaryWriter

    logdir = tmp_path_factory.mktemp("audio-logdir")
    with SummaryWriter(str(logdir / "speech")) as w:
        for step in range(5):
            tone = np.sin(np.linspace(0, 2 * np.pi * 220 * (step + 1), 8000)) * 0.5
            w.add_audio("tone", tone, step, sample_rate=8000)
    return logdir


def blob_ids(url: str) -> list[str]:
    import json

    query = urllib.parse.urlencode({"run": "speech", "tag": "tone"})
    with urllib.request.urlopen(f"{url}/api/audio?{query}") as response:
        return [blobs[0] for blobs in json.loads(response.read())["blobs"]]


def test_player_plays_the_chosen_steps_clip_and_shows_its_format(
    page: Page, serve, audio_logdir: Path
) -> None:
    url = serve(audio_logdir)
    ids = blob_ids(url)
    page.goto(f"{url}/?tab=audio")
    player = page.locator('article[aria-label="tone · speech"] audio')
    expect(player).to_have_count(1, timeout=15_000)
    expect(player).to_have_attribute("src", f"api/blob/{ids[-1]}")
    card = page.locator('article[aria-label="tone · speech"]')
    expect(card).to_contain_text("8 kHz · mono · 16-bit · 1s · audio/wav")

    card.get_by_role("slider").focus()
    page.keyboard.press("Home")
    expect(card).to_contain_text("step 0")
    expect(player).to_have_attribute("src", f"api/blob/{ids[0]}")
    # The browser can decode what it is given: a real WAV, 1 second long.
    duration = player.evaluate(
        "a => new Promise(ok => { a.preload = 'auto'; a.onloadedmetadata = () => ok(a.duration); a.load(); })"
    )
    assert abs(duration - 1.0) < 0.01
