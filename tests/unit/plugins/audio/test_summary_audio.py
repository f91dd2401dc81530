"""Audio summaries: mono 16-bit WAV with the canonical 44-byte header (spec §6.5)."""

import struct

import numpy as np
import pytest

from trainboard.plugins.audio.summary import audio


def test_wav_header_and_samples():
    (value,) = audio("a", np.array([0.0, 0.5, -1.0]), sample_rate=8000).value
    wav = value.audio.encoded_audio_string
    assert wav[:4] == b"RIFF" and wav[8:16] == b"WAVEfmt "
    assert struct.unpack("<HHIIHH", wav[20:36]) == (1, 1, 8000, 16000, 2, 16)
    assert np.frombuffer(wav[44:], "<i2").tolist() == [0, 16383, -32767]
    assert (value.audio.sample_rate, value.audio.num_channels, value.audio.length_frames) == (8000.0, 1, 3)
    assert value.audio.content_type == "audio/wav"


def test_loud_audio_is_clipped_with_a_warning():
    with pytest.warns(UserWarning, match="clipped"):
        (value,) = audio("a", np.array([2.0, -3.0])).value
    assert np.frombuffer(value.audio.encoded_audio_string[44:], "<i2").tolist() == [32767, -32767]


def test_stereo_is_refused_with_the_expected_shape():
    with pytest.raises(ValueError, match=r"expected mono samples of shape \(L,\)"):
        audio("a", np.zeros((2, 10)))
