"""A file's first event (wall time and version only) is read without the message decoder, and reads
exactly as the decoder reads it; anything else goes through the decoder."""

from __future__ import annotations

import pytest

from trainboard.events import messages as m
from trainboard.store.loader import _decode, _FileVersion


@pytest.mark.parametrize(
    "event",
    [
        m.Event(wall_time=1_700_000_000.25, file_version="brain.Event:2"),
        m.Event(wall_time=1.0, file_version="brain.Event:1"),
        m.Event(wall_time=1.0, file_version=""),
        m.Event(wall_time=1.0, file_version="v" * 127),
    ],
)
def test_a_file_version_event_reads_as_the_decoder_reads_it(event) -> None:
    payload = event.encode()
    fast, full = _decode(payload), m.Event.decode(payload)
    assert isinstance(fast, _FileVersion)
    assert (fast.wall_time, fast.step, fast.file_version, fast.which("what")) == (
        full.wall_time,
        full.step,
        full.file_version,
        full.which("what"),
    )


@pytest.mark.parametrize(
    "event",
    [
        m.Event(wall_time=1.0, step=3, file_version="brain.Event:2"),  # a step: not only a header
        m.Event(wall_time=1.0, file_version="v" * 128),  # a two-byte length
        m.Event(file_version="brain.Event:2"),  # no wall time
    ],
)
def test_other_events_go_through_the_decoder(event) -> None:
    assert isinstance(_decode(event.encode()), m.Event)


def test_a_version_that_is_not_utf8_is_left_to_the_decoder() -> None:
    payload = bytearray(m.Event(wall_time=1.0, file_version="brain.Event:2").encode())
    payload[-1] = 0xFF
    assert not isinstance(_decode(bytes(payload)), _FileVersion)
