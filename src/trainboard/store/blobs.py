"""Blob ids: where an image, clip or graph sits in its event file, so its bytes stay on disk.

An id is opaque to callers. `f<file>.<offset>.<length>.<tag>` points into an event file the
experiment registered; `<tag>` is a keyed BLAKE2b of the rest under a key drawn when the process
starts, so only ids the store handed out decode: a client cannot forge an offset or a length, and
an id from an earlier server process is refused rather than read from whatever file now has its
number. Blobs of up to `INLINE_BLOB_BYTES` (the width and height entries of an image) are carried
in the id itself as `v<base64url>`, which saves a file read per image for two digits; they hold
only the bytes of the id, so they need no tag.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re

from trainboard.store.series import BlobRef

INLINE_BLOB_BYTES = 64
_KEY = os.urandom(32)
_TAG_BYTES = 8
_FILE_ID = re.compile(r"f(\d{1,9})\.(\d{1,19})\.(\d{1,19})\.([0-9a-f]{16})")
_INLINE_ID = re.compile(r"v([A-Za-z0-9_-]{0,88}={0,2})")


def _tag(file_no: int, offset: int, length: int) -> str:
    msg = f"{file_no}.{offset}.{length}".encode("ascii")
    return hashlib.blake2b(msg, key=_KEY, digest_size=_TAG_BYTES).hexdigest()


def _file_id(file_no: int, offset: int, length: int) -> str:
    return f"f{file_no}.{offset}.{length}.{_tag(file_no, offset, length)}"


def blob_ref(data: bytes, payload: bytes, offset: int, file_no: int) -> BlobRef:
    """A reference to `data`, a slice of the record at `offset`; small blobs are kept inline."""
    if len(data) <= INLINE_BLOB_BYTES:
        return inline_ref(data)
    # Any occurrence of the same bytes reads back the same content.
    at = payload.find(data)
    return BlobRef(_file_id(file_no, offset + at, len(data)), len(data))


def located_ref(data: bytes | memoryview, offset: int, file_no: int) -> BlobRef:
    """A reference to `data`, known to sit at file `offset`; small blobs are kept inline."""
    length = len(data)
    if length <= INLINE_BLOB_BYTES:
        return inline_ref(bytes(data))
    return BlobRef(_file_id(file_no, offset, length), length)


def inline_ref(data: bytes) -> BlobRef:
    """A reference that carries `data` in its id."""
    return BlobRef("v" + base64.urlsafe_b64encode(data).decode("ascii"), len(data))


def decode_blob_id(blob_id: str) -> tuple[bytes | None, int, int, int]:
    """(inline bytes, file_no, offset, length) for an id this process handed out; raises ValueError on
    any other string, before anything is read (a forged offset or length fails the tag)."""
    if inline := _INLINE_ID.fullmatch(blob_id):
        try:
            data = base64.urlsafe_b64decode(inline.group(1).encode("ascii"))
        except ValueError as exc:  # binascii.Error: bad padding
            raise ValueError(blob_id) from exc
        if len(data) > INLINE_BLOB_BYTES:
            raise ValueError(blob_id)
        return data, -1, 0, 0
    if located := _FILE_ID.fullmatch(blob_id):
        file_no, offset, length = (int(x) for x in located.groups()[:3])
        if hmac.compare_digest(located.group(4), _tag(file_no, offset, length)):
            return None, file_no, offset, length
    raise ValueError(blob_id)


# Signatures of the image and audio formats browsers show or play, by their first bytes. This is the
# one place a blob's type is told from its bytes: the blob route, images and audio all ask here.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"OggS", "audio/ogg"),
    (b"fLaC", "audio/flac"),
    (b"ID3", "audio/mpeg"),
    (b"\xff\xfb", "audio/mpeg"),
)
UNKNOWN_CONTENT_TYPE = "application/octet-stream"
# Every type `sniff_content_type` answers (the blob route declares them in the OpenAPI spec).
CONTENT_TYPES = (*dict.fromkeys(m for _, m in _SIGNATURES), "audio/wav", "image/webp", UNKNOWN_CONTENT_TYPE)


def sniff_content_type(data: bytes) -> str:
    """The MIME type of encoded image or audio bytes, or `application/octet-stream`."""
    for magic, mime in _SIGNATURES:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF":
        if data[8:12] == b"WAVE":
            return "audio/wav"
        if data[8:12] == b"WEBP":
            return "image/webp"
    return UNKNOWN_CONTENT_TYPE
