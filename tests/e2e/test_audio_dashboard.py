"""The Audio dashboard in a real browser: a player per step with the right clip, its label and sample rate."""

from __future__ import annotations

import io
import urllib.parse
import urllib.request
import wave
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


def _wav(seed: int, rate: int) -> bytes:
    samples = np.random.default_rng(seed).uniform(-0.3, 0.3, rate // 2)
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((samples * 32767).astype("<i2").tobytes())
    return out.getvalue()


@pytest.fixture(scope="module")
def labelled_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `tf.summary.audio` writes: [k, 2] string tensors of (clip, Markdown label)."""
    from tensorboard.compat.proto import event_pb2, summary_pb2
    from tensorboard.summary.writer.event_file_writer import EventFileWriter
    from tensorboard.util import tensor_util

    logdir = tmp_path_factory.mktemp("labelled-audio")
    writer = EventFileWriter(str(logdir / "tts"), filename_suffix=".v2")
    for step in range(3):
        clips = [
            [_wav(2 * step, 16000), f"**step {step}**: _the quick_ fox".encode()],
            [_wav(2 * step + 1, 16000), b"`greedy` decode <script>window.pwned = 1</script>"],
        ]
        value = summary_pb2.Summary.Value(
            tag="samples", tensor=tensor_util.make_tensor_proto(np.array(clips, dtype=object))
        )
        value.metadata.plugin_data.plugin_name = "audio"
        value.metadata.summary_description = "Two decodes per step"
        event = event_pb2.Event(wall_time=1.7e9 + step, step=step, summary=summary_pb2.Summary(value=[value]))
        writer.add_event(event)
    writer.close()
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


def test_player_knows_the_clips_length_before_it_is_played(page: Page, serve, audio_logdir: Path) -> None:
    """Not "0:00 / 0:00": the player has read the clip's header, so its controls show 0:01."""
    url = serve(audio_logdir)
    page.goto(f"{url}/?tab=audio")
    player = page.locator('article[aria-label="tone · speech"] audio')
    expect(player).to_have_attribute("preload", "metadata", timeout=15_000)
    page.wait_for_function(
        "() => { const a = document.querySelector('article[aria-label=\"tone · speech\"] audio');"
        " return a && a.readyState >= 1; }",
        timeout=15_000,
    )
    assert player.evaluate("a => a.paused") is True
    assert abs(player.evaluate("a => a.duration") - 1.0) < 0.01


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_clip_shows_its_logged_label_as_markdown_with_its_sample_rate(
    page: Page, serve, labelled_logdir: Path, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    url = serve(labelled_logdir)
    page.goto(f"{url}/?tab=audio")
    card = page.locator('article[aria-label="samples · tts"]')
    clips = card.locator("figure")
    expect(clips).to_have_count(2, timeout=15_000)
    expect(clips.nth(0).locator("figcaption strong")).to_have_text("step 2")
    expect(clips.nth(0).locator("figcaption em")).to_have_text("the quick")
    expect(clips.nth(1).locator("figcaption code")).to_have_text("greedy")
    expect(clips.nth(1)).to_contain_text("16 kHz · mono · 16-bit")
    expect(card).to_contain_text("Two decodes per step")
    # The label's markup is shown as text or dropped, never run.
    assert page.evaluate("() => window.pwned") is None
    assert card.locator("script").count() == 0

    card.get_by_role("slider").focus()
    page.keyboard.press("Home")
    expect(clips.nth(0).locator("figcaption strong")).to_have_text("step 0")
