"""store/remote.py: the StartAfter key, fetched windows and prefetch batches."""

from __future__ import annotations

import numpy as np
import pytest

from trainboard.store import remote
from trainboard.store.remote import Window, _just_before, batches


@pytest.mark.parametrize("name", ["events.out.tfevents.1.host.1.000039", "a", "run/x9", "z~"])
def test_just_before_sorts_between_the_name_and_every_earlier_one_in_utf8(name: str) -> None:
    key = _just_before(name).encode()
    assert key < name.encode()
    for earlier in (name[:-1], name[:-1] + chr(ord(name[-1]) - 1), name[:-1] + chr(ord(name[-1]) - 1) + "zz"):
        assert earlier.encode() <= key


def test_a_window_reads_at_file_offsets_and_ends_where_its_bytes_end() -> None:
    window = Window(b"abcdef", 100)
    window.seek(102)
    out = bytearray(3)
    assert window.readinto(out) == 3 and bytes(out) == b"cde"
    buf = np.empty(10, np.uint8)
    assert window.readinto(memoryview(buf)) == 1 and buf[0] == ord("f")
    assert window.read(5) == b""
    window.seek(99)
    with pytest.raises(OSError, match="before the fetched range"):
        window.read(1)


def test_batches_hold_at_most_the_file_and_byte_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remote, "PREFETCH_FILES", 3)
    monkeypatch.setattr(remote, "PREFETCH_BYTES", 100)
    ranges = [(f"f{i}", 0, 40) for i in range(7)]
    assert [len(b) for b in batches(ranges)] == [2, 2, 2, 1]
    assert [len(b) for b in batches([(f"f{i}", 0, 1) for i in range(7)])] == [3, 3, 1]
    assert [len(b) for b in batches([("big", 0, 1000), ("small", 0, 1)])] == [1, 1]
