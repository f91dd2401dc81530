"""Record framing (TFRecord) with masked CRC32C: `spec/event-format.md` §1.

A record on disk is:

    uint64 length            little-endian
    uint32 masked_crc(length bytes)
    byte   data[length]
    uint32 masked_crc(data)

The mask rotates the CRC right by 15 bits and adds 0xA282EAD8 (mod 2**32).

`frame_records` is the one writer of this layout: the event file writer hands it each batch of
payloads, and `frame` (one record) is what tests and tools use. `read_records` is the readable
reference reader; the compiled scanner (`_scan`) must agree with it.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import google_crc32c
from google_crc32c import value as _crc32c

HEADER_SIZE = 12
FOOTER_SIZE = 4
MASK_DELTA = 0xA282EAD8
# Protobuf messages are < 2 GiB; a larger length means the header is garbage.
MAX_RECORD_LENGTH = 1 << 31

_pack_length = struct.Struct("<Q").pack
_pack_crc = struct.Struct("<I").pack
_unpack_length = struct.Struct("<Q").unpack_from
_unpack_crc = struct.Struct("<I").unpack_from


def crc32c(data: bytes | bytearray | memoryview) -> int:
    """Raw CRC-32C (Castagnoli) of ``data``."""
    return google_crc32c.value(bytes(data) if isinstance(data, memoryview) else data)


def masked_crc32c(data: bytes | bytearray | memoryview) -> int:
    """The masked CRC-32C that event files store."""
    crc = crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + MASK_DELTA) & 0xFFFFFFFF


# Record headers (length and its masked CRC) by payload size: a run logs few distinct sizes.
_HEADERS: dict[int, bytes] = {}
_MAX_HEADERS = 4096


def _header(size: int) -> bytes:
    length = _pack_length(size)
    header = length + _pack_crc(masked_crc32c(length))
    if len(_HEADERS) < _MAX_HEADERS:
        _HEADERS[size] = header
    return header


def frame_records(payloads: Sequence[bytes]) -> bytes:
    """Every payload framed as one record, joined: what the writer hands to the file in one write."""
    chunks: list[bytes] = []
    append = chunks.append
    headers = _HEADERS
    for payload in payloads:
        append(headers.get(len(payload)) or _header(len(payload)))
        append(payload)
        # masked_crc32c inlined: this loop runs once per logged value.
        crc = _crc32c(payload)
        append(_pack_crc(((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + MASK_DELTA) & 0xFFFFFFFF))
    return b"".join(chunks)


def frame(payload: bytes) -> bytes:
    """One complete record around ``payload``."""
    return frame_records((payload,))


@dataclass
class Corruption:
    """A stretch of a file that could not be read as records."""

    offset: int
    length: int
    reason: str


@dataclass
class ReadResult:
    """Records read from one pass over a buffer.

    ``records`` holds (offset of the payload, payload); ``end`` is where the next pass starts:
    the start of a truncated trailing record, or the end of the data.
    """

    records: list[tuple[int, bytes]] = field(default_factory=list)
    end: int = 0
    corruptions: list[Corruption] = field(default_factory=list)


def read_records(buf: bytes | memoryview, base_offset: int = 0) -> ReadResult:
    """Split ``buf`` (file bytes starting at ``base_offset``) into records.

    A record is read only when both of its checksums match. Where one does not, nothing of that
    record is trusted, not even its length: the reader searches byte by byte for the next place
    where a complete record with both checksums starts, and reports the stretch it skipped.

    The end of ``buf`` may be the end of a file still being written, so a record that runs past it
    is not damage: `end` stays at its start and the next pass (with more bytes) resumes there. That
    holds only while no complete record follows it; if one does, its length was damaged and it is
    skipped like any other. A search that finds nothing stops before the first place where a record
    could still begin once more bytes arrive, so a later pass reads exactly what a single pass over
    the whole file reads. (The one exception: a record whose own payload holds a complete framed
    record, seen while it is still being written, is taken for damage and the inner record read.)
    """
    view = memoryview(buf)
    n = len(view)
    pos = 0
    result = ReadResult()
    budget = [search_budget(n)]
    while n - pos >= HEADER_SIZE:
        length = _header_length(view, pos)
        reason = "bad length checksum"
        if length is not None:
            end = pos + HEADER_SIZE + length + FOOTER_SIZE
            if end <= n:
                if _intact(view, pos, length, budget):
                    result.records.append(
                        (base_offset + pos + HEADER_SIZE, bytes(view[pos + HEADER_SIZE : end - FOOTER_SIZE]))
                    )
                    pos = end
                    continue
                reason = "bad data checksum"
            else:
                reason = ""  # runs past the end: still being written, unless a record follows
        found, wait = next_record(view, pos + 1, budget)
        if found is not None:
            result.corruptions.append(Corruption(base_offset + pos, found - pos, reason or LENGTH_PAST_END))
            pos = found
            continue
        if reason and _NONZERO.search(view, pos) is None:
            break  # only zeros from here: not damage yet (see `next_record`), wait here
        if reason:
            result.corruptions.append(Corruption(base_offset + pos, wait - pos, reason))
            pos = wait
        break
    result.end = base_offset + pos
    return result


# The reason given for a record skipped because its length ran past a complete record after it.
LENGTH_PAST_END = "length runs past the next record"

_NONZERO = re.compile(rb"[^\x00]")
# Where a header's 8 length bytes can say less than 2 GiB: bytes 3..7 of the length are < 0x80, 0, 0, 0, 0.
_SMALL_LENGTH = re.compile(rb"(?=[\x00-\x7f]\x00\x00\x00\x00)")


def _header_length(view: memoryview, pos: int) -> int | None:
    """The length of the record at ``pos`` if its header is valid (checksum, < 2 GiB), else None."""
    (length,) = _unpack_length(view, pos)
    if length >= MAX_RECORD_LENGTH:
        return None
    (length_crc,) = _unpack_crc(view, pos + 8)
    return length if masked_crc32c(view[pos : pos + 8]) == length_crc else None


def _intact(view: memoryview, pos: int, length: int, budget: list[int]) -> bool:
    """Whether the complete record at `pos` has a matching data checksum, within `budget`."""
    if length > budget[0]:
        return False  # past the budget (see `next_record`): taken for damage unchecked
    end = pos + HEADER_SIZE + length
    (data_crc,) = _unpack_crc(view, end)
    if masked_crc32c(view[pos + HEADER_SIZE : end]) == data_crc:
        return True
    budget[0] -= length
    return False


def next_record(view: memoryview, start: int, budget: list[int]) -> tuple[int | None, int]:
    """Search from ``start`` for the next complete record whose checksums both match.

    Returns (its offset, 0), or (None, wait): no such record, and ``wait`` is the first offset
    where one could still begin once more bytes are appended: a valid header whose record runs
    past the end, a run of zeros that reaches the end, or the last HEADER_SIZE - 1 bytes, whose
    header is not all there yet.
    Runs of zero bytes (a sparse or preallocated file) are skipped at once: a header of 12 zero
    bytes is never valid. A crafted file could hold a valid header every few bytes, each claiming
    a long payload whose checksum fails; checking them all would cost the product of the two, so
    one pass may spend at most `search_budget(len(buf))` bytes on payloads whose checksum fails
    (``budget`` holds what is left), and past that takes a longer payload for damage unchecked.
    """
    n = len(view)
    last = n - HEADER_SIZE  # the last offset with a whole header
    wait = max(start, last + 1)
    r = start
    while r <= last:
        match = _SMALL_LENGTH.search(view, r + 3)
        if match is None or match.start() - 3 > last:
            break
        r = match.start() - 3
        if not any(view[r : r + 4]) and not any(view[r + 8 : r + HEADER_SIZE]):
            # 12 zero bytes: no header starts here, nor before the next nonzero byte's header.
            nonzero = _NONZERO.search(view, r + 12)
            if nonzero is None:
                # Zeros up to the end are not damage yet: a network file system can show a file
                # longer, with zeros, before the writer's bytes arrive. Wait at them.
                wait = min(wait, r)
                break
            r = max(r + 1, nonzero.start() - HEADER_SIZE + 1)
            continue
        length = _header_length(view, r)
        if length is not None:
            end = r + HEADER_SIZE + length + FOOTER_SIZE
            if end > n:
                wait = min(wait, r)
            elif _intact(view, r, length, budget):
                return r, 0
        r += 1
    return None, wait


def search_budget(size: int) -> int:
    """How many bytes of failing payloads one pass over `size` bytes may checksum (`next_record`)."""
    return 16 * size + (16 << 20)


def iter_file_records(path: str) -> Iterator[bytes]:
    """Every intact record payload of a local file, in order (a convenience for tests and tools)."""
    with open(path, "rb") as f:
        data = f.read()
    for _, payload in read_records(data).records:
        yield payload
