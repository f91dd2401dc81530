"""Record framing (TFRecord) with masked CRC32C: `spec/event-format.md` §1.

A record on disk is:

    uint64 length            little-endian
    uint32 masked_crc(length bytes)
    byte   data[length]
    uint32 masked_crc(data)

The mask rotates the CRC right by 15 bits and adds 0xA282EAD8 (mod 2**32).
`RecordReader` is the readable reference reader; the compiled scanner (`_scan`) must agree with it.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import google_crc32c

HEADER_SIZE = 12
FOOTER_SIZE = 4
MASK_DELTA = 0xA282EAD8
# Protobuf messages are < 2 GiB; a larger length means the header is garbage.
MAX_RECORD_LENGTH = 1 << 31

_pack_header = struct.Struct("<QI").pack
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


def frame(payload: bytes) -> bytes:
    """One complete record around ``payload``."""
    length = struct.pack("<Q", len(payload))
    return length + _pack_crc(masked_crc32c(length)) + payload + _pack_crc(masked_crc32c(payload))


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

    A short read at the end is not an error: `end` points at the start of that record so the
    next pass resumes there. A record whose data CRC does not match is skipped and reported.
    A header whose length CRC does not match means the framing is lost: the reader scans
    forward byte by byte for the next valid header and reports the skipped stretch.
    """
    view = memoryview(buf)
    n = len(view)
    pos = 0
    result = ReadResult()
    while True:
        if n - pos < HEADER_SIZE:
            break
        (length,) = _unpack_length(view, pos)
        (length_crc,) = _unpack_crc(view, pos + 8)
        if masked_crc32c(view[pos : pos + 8]) != length_crc or length >= MAX_RECORD_LENGTH:
            resync = _resync(view, pos + 1)
            if resync is None:
                # No valid header after this point yet: wait, it may be mid-write... unless the
                # damage is followed by more data than a header needs, which means it is garbage.
                result.corruptions.append(Corruption(base_offset + pos, n - pos, "bad length checksum"))
                pos = n
                break
            result.corruptions.append(Corruption(base_offset + pos, resync - pos, "bad length checksum"))
            pos = resync
            continue
        end = pos + HEADER_SIZE + length + FOOTER_SIZE
        if end > n:
            break
        data = view[pos + HEADER_SIZE : pos + HEADER_SIZE + length]
        (data_crc,) = _unpack_crc(view, pos + HEADER_SIZE + length)
        if masked_crc32c(data) != data_crc:
            result.corruptions.append(Corruption(base_offset + pos, end - pos, "bad data checksum"))
        else:
            result.records.append((base_offset + pos + HEADER_SIZE, bytes(data)))
        pos = end
    result.end = base_offset + pos
    return result


def _resync(view: memoryview, start: int) -> int | None:
    """The offset of the next plausible record header at or after ``start``, or None."""
    n = len(view)
    for pos in range(start, n - HEADER_SIZE + 1):
        (length,) = _unpack_length(view, pos)
        if length >= MAX_RECORD_LENGTH:
            continue
        (length_crc,) = _unpack_crc(view, pos + 8)
        if masked_crc32c(view[pos : pos + 8]) == length_crc:
            return pos
    return None


class RecordWriter:
    """Appends framed records to a binary file object."""

    def __init__(self, fileobj: BinaryIO) -> None:
        self._file = fileobj

    def write(self, payload: bytes) -> None:
        self._file.write(frame(payload))

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        self._file.close()


def iter_file_records(path: str) -> Iterator[bytes]:
    """Every intact record payload of a local file, in order (a convenience for tests and tools)."""
    with open(path, "rb") as f:
        data = f.read()
    for _, payload in read_records(data).records:
        yield payload
