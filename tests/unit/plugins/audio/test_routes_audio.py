"""Audio: clips listed by blob id, and their sample rate and length read from the WAV header."""

from __future__ import annotations

import io
import wave

import numpy as np

from trainboard.events.messages import AUDIO_ENCODING_WAV, AudioPluginData
from trainboard.plugins.audio.routes import audio_content_type, audio_impl, audio_step_impl, wav_info
from trainboard.store.series import BlobRef, BlobSequenceDatum


def wav(seconds: float, rate: int = 16000, channels: int = 1) -> bytes:
    samples = (np.sin(np.linspace(0, 440 * seconds, int(rate * seconds))) * 3000).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.repeat(samples, channels).tobytes())
    return buf.getvalue()


class FakeTagInfo:
    def __init__(self, description: str, plugin_content: bytes) -> None:
        self.description = description
        self.plugin_content = plugin_content


class FakeExperiment:
    def __init__(
        self,
        clips_per_step: list[list[bytes]],
        description: str = "",
        labels_per_step: list[tuple[str, ...]] | None = None,
    ) -> None:
        self.blobs: dict[str, bytes] = {}
        self.series = []
        for step, clips in enumerate(clips_per_step):
            refs = []
            for clip in clips:
                blob_id = f"a{len(self.blobs)}"
                self.blobs[blob_id] = clip
                refs.append(BlobRef(blob_id, len(clip)))
            labels = labels_per_step[step] if labels_per_step else ()
            self.series.append(BlobSequenceDatum(step, 50.0 + step, tuple(refs), labels))
        self.info = FakeTagInfo(description, b"")
        self.reads = 0

    def blob_series(self, run: str, tag: str) -> list[BlobSequenceDatum]:
        return self.series

    def read_blob(self, blob_id: str) -> bytes:
        self.reads += 1
        return self.blobs[blob_id]

    def tag_infos(self, plugin: str) -> dict:
        return {"r": {"t": self.info}}


def test_wav_header_gives_rate_channels_and_duration() -> None:
    info = wav_info(wav(0.5, rate=22050, channels=2))
    assert info == {
        "sample_rate": 22050,
        "channels": 2,
        "bits_per_sample": 16,
        "frames": 11025,
        "duration": 0.5,
    }


def test_non_wav_bytes_give_unknown_metadata_not_an_error() -> None:
    assert wav_info(b"OggS" + b"\0" * 40)["sample_rate"] is None


def test_content_type_comes_from_bytes_then_from_the_plugin_encoding() -> None:
    assert audio_content_type(wav(0.01)) == "audio/wav"
    assert audio_content_type(b"OggS....") == "audio/ogg"
    wav_content = AudioPluginData(encoding=AUDIO_ENCODING_WAV).encode()
    assert audio_content_type(b"????", wav_content) == "audio/wav"
    assert audio_content_type(b"????") == "application/octet-stream"


def test_listing_reads_no_audio_bytes() -> None:
    exp = FakeExperiment([[wav(0.01)] for _ in range(30)])
    out = audio_impl(exp, "r", "t")  # type: ignore[arg-type]
    assert exp.reads == 0
    assert out["total"] == 30 and out["samples"] == 1
    assert out["blobs"][29] == ["a29"]


def test_step_details_describe_each_clip_and_carry_its_label() -> None:
    exp = FakeExperiment(
        [[wav(0.25, rate=8000)], [wav(1.0, rate=44100), wav(0.5, rate=44100)]],
        "agent voices",
        [("first",), ("**left** ear", "right _ear_")],
    )
    out = audio_step_impl(exp, "r", "t", step=1)  # type: ignore[arg-type]
    assert [c["duration"] for c in out["clips"]] == [1.0, 0.5]
    assert {c["sample_rate"] for c in out["clips"]} == {44100}
    assert [c["label"] for c in out["clips"]] == ["**left** ear", "right _ear_"]
    assert out["description"] == "agent voices"


def test_clips_logged_without_labels_get_empty_labels() -> None:
    exp = FakeExperiment([[wav(0.1), wav(0.1)]])
    out = audio_step_impl(exp, "r", "t", step=0)  # type: ignore[arg-type]
    assert [c["label"] for c in out["clips"]] == ["", ""]
