"""Blob ids: where an image, clip or graph sits in its event file, so its bytes stay on disk.

An id is opaque to callers. `f<file>.<offset>.<length>` points into an event file the experiment
registered; blobs of up to `INLINE_BLOB_BYTES` (the width and height entries of an image) are
carried in the id itself as `v<base64url>`, which saves a file read per image for two digits.
"""

from __future__ import annotations

import base64

from trainboard.store.series import BlobRef

INLINE_BLOB_BYTES = 64


def blob_ref(data: bytes, payload: bytes, offset: int, file_no: int) -> BlobRef:
    """A reference to `data`, a slice of the record at `offset`; small blobs are kept inline."""
    if len(data) <= INLINE_BLOB_BYTES:
        return inline_ref(data)
    # Any occurrence of the same bytes reads back the same content.
    at = payload.find(data)
    return BlobRef(f"f{file_no}.{offset + at}.{len(data)}", len(data))


def located_ref(data: bytes | memoryview, offset: int, file_no: int) -> BlobRef:
    """A reference to `data`, known to sit at file `offset`; small blobs are kept inline."""
    length = len(data)
    if length <= INLINE_BLOB_BYTES:
        return inline_ref(bytes(data))
    return BlobRef(f"f{file_no}.{offset}.{length}", length)


def inline_ref(data: bytes) -> BlobRef:
    """A reference that carries `data` in its id."""
    return BlobRef("v" + base64.urlsafe_b64encode(data).decode("ascii"), len(data))


def decode_blob_id(blob_id: str) -> tuple[bytes | None, int, int, int]:
    """(inline bytes, file_no, offset, length) for an id `blob_ref` made; raises ValueError on others."""
    if blob_id.startswith("v"):
        return base64.urlsafe_b64decode(blob_id[1:].encode("ascii")), -1, 0, 0
    if blob_id.startswith("f"):
        file_no, offset, length = (int(x) for x in blob_id[1:].split("."))
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
