"""Audio as summaries: mono samples in [-1, 1] -> 16-bit PCM WAV (spec event-format.md §6.5)."""

from __future__ import annotations

import io
import warnings
import wave

import numpy as np

from trainboard.events import messages as m

__all__ = ["audio", "encode_wav"]


def encode_wav(samples: np.ndarray, sample_rate: float) -> bytes:
    """A mono 16-bit WAV of ``samples`` in [-1, 1] (values are truncated toward zero, as torch does)."""
    pcm = (samples * np.iinfo(np.int16).max).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm.tobytes())
    return buf.getvalue()


def audio(tag: str, samples: np.ndarray, sample_rate: float = 44100) -> m.Summary:
    """A `Summary` with one mono WAV clip; amplitudes beyond [-1, 1] are clipped with a warning.

    audio("voice", np.sin(np.linspace(0, 440 * 2 * np.pi, 44100)), sample_rate=44100)
    """
    array = np.asarray(samples).squeeze()
    if array.ndim != 1:
        raise ValueError(
            f"snd_tensor has shape {tuple(np.shape(samples))}; expected mono samples of shape (L,) or (1, L)"
        )
    if array.size == 0:
        raise ValueError("snd_tensor is empty; a clip needs at least one sample")
    if not np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"snd_tensor has dtype {array.dtype}; expected real numbers in [-1, 1]")
    if sample_rate <= 0:
        raise ValueError(f"sample_rate={sample_rate!r} must be a positive number of samples per second")
    if np.abs(array).max() > 1:
        warnings.warn("audio amplitude out of range [-1, 1]; clipped", UserWarning, stacklevel=3)
        array = array.clip(-1, 1)
    proto = m.SummaryAudio(
        sample_rate=float(sample_rate),
        num_channels=1,
        length_frames=array.shape[-1],
        encoded_audio_string=encode_wav(array, sample_rate),
        content_type="audio/wav",
    )
    return m.Summary(value=[m.SummaryValue(tag=tag, audio=proto)])
