"""Answers as bytes, without the web stack: JSON encoding, and answers cached by what they were
computed from (ETag, 304 and gzip).

The routes turn an `Answer` into a Starlette response (`context.cached_answer`); the startup server
(`server/early.py`), which answers the dashboard's first requests before FastAPI is imported, sends the
same `Answer` itself. Neither encodes or caches on its own, so the two answer alike byte for byte.

    answer = cached(exp, ("tags", plugin, exp.generation), build, Conditions.of(headers, client_host))
"""

from __future__ import annotations

import gzip
import hashlib
import secrets
import threading
import weakref
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from trainboard.errors import PublicError
from trainboard.store import Experiment
from trainboard.store.lru import SizedLRU

__all__ = [
    "ANSWER_CACHE_BYTES",
    "GZIP_LEVEL",
    "GZIP_MIN_BYTES",
    "JSON_MEDIA_TYPE",
    "MAX_NAME",
    "Answer",
    "Conditions",
    "cached",
    "error_answer",
    "etag",
    "json_answer",
    "json_bytes",
    "samples_cap",
]

JSON_MEDIA_TYPE = "application/json"
# Longest accepted name or id: generous for real run and tag names, small enough to refuse abuse.
MAX_NAME = 1024


def json_bytes(content: Any) -> bytes:
    """`content` as every JSON answer sends it: orjson, numpy arrays and scalars directly, NaN and
    infinities as null."""
    return orjson.dumps(content, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS)


@dataclass
class Answer:
    """One HTTP answer: status, body, media type and the headers besides length and type."""

    body: bytes
    media_type: str | None = JSON_MEDIA_TYPE
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)

    def raw_headers(self) -> list[tuple[bytes, bytes]]:
        """The header lines as Starlette's `Response` writes them for the same answer: the given ones,
        then the length (none on a 304) and the type."""
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in self.headers.items()]
        if self.status >= 200 and self.status not in (204, 304):
            raw.append((b"content-length", str(len(self.body)).encode("latin-1")))
        if self.media_type is not None:
            media = self.media_type
            if media.startswith("text/") and "charset=" not in media.lower():
                media += "; charset=utf-8"
            raw.append((b"content-type", media.encode("latin-1")))
        return raw


def samples_cap(caps: dict[str, int], plugin: str) -> int | None:
    """The `--samples_per_plugin` cap for `plugin` in `caps`: at most this many samples per series,
    None for all (a plugin not named, or 0)."""
    cap = caps.get(plugin, 0)
    return cap if cap > 0 else None


def json_answer(content: Any, status: int = 200) -> Answer:
    return Answer(json_bytes(content), status=status)


def error_answer(exc: PublicError) -> Answer:
    """The `{"error": "<one line>"}` answer of an error the user can act on."""
    return json_answer({"error": str(exc)}, status=exc.http_code)


@dataclass(frozen=True)
class Conditions:
    """What of a request decides how a cached answer is sent: the client's ETags, its encodings, and
    whether it is on this machine."""

    if_none_match: str = ""
    accept_encoding: str = ""
    client_host: str = ""

    @classmethod
    def of(cls, headers: Iterable[tuple[bytes, bytes]], client_host: str) -> Conditions:
        """From raw ASGI header pairs (lower-case names)."""
        found: dict[bytes, bytes] = {}
        for k, v in headers:  # the first of a repeated header, as Starlette's `Headers.get`
            if k in (b"if-none-match", b"accept-encoding"):
                found.setdefault(k, v)
        return cls(
            if_none_match=found.get(b"if-none-match", b"").decode("latin-1"),
            accept_encoding=found.get(b"accept-encoding", b"").decode("latin-1"),
            client_host=client_host,
        )

    @property
    def loopback(self) -> bool:
        """The client is on this machine (a loopback address; a proxy in front makes every client look
        so, and can compress for them)."""
        host = self.client_host
        return host == "::1" or host.startswith("127.") or host.startswith("::ffff:127.")


# An answer's key names everything it depends on (route, parameters, the versions of its series or the
# experiment's generation); its ETag is a keyed hash of that, salted per process, so that an ETag from
# an earlier server never matches. The encoded bytes (and their gzip) are kept per experiment.
ANSWER_CACHE_BYTES = 64 << 20
# Compression pays where the link is slower than the compressor: never on loopback (a sweep card's
# 9.7 MB of columns take 0.1 s to pack and arrive in a few ms unpacked), so a client on this machine
# gets the bytes as they are. Below about one TCP segment compression saves no round trip; above, the
# gzip is kept only where it saves a tenth of the bytes (float64 columns of noisy values compress
# little). Level 1: a 293 KB series answer packs to 120 KB in 2.5 ms, 117 KB in 5.5 ms at level 3.
GZIP_MIN_BYTES = 1400
GZIP_LEVEL = 1
_SALT = secrets.token_bytes(16)


@dataclass
class _Encoded:
    body: bytes
    media_type: str
    gzipped: bytes | None = None
    tried_gzip: bool = False


_ANSWERS: weakref.WeakKeyDictionary[Experiment, SizedLRU[str, _Encoded]] = weakref.WeakKeyDictionary()
_ANSWERS_LOCK = threading.Lock()


def etag(key: Hashable) -> str:
    """The weak ETag of the answer that `key` describes."""
    digest = hashlib.blake2b(repr(key).encode(), digest_size=12, key=_SALT).hexdigest()
    return f'W/"{digest}"'


def cached(
    exp: Experiment, key: Hashable, build: Callable[[], tuple[bytes, str]], conditions: Conditions
) -> Answer:
    """The answer `key` describes: 304 when the client's If-None-Match holds its ETag, else the bytes
    `build()` returns (body, media type), encoded once and kept, gzipped where the client accepts it
    and it pays. `Cache-Control: no-cache` makes browsers ask again with the ETag every time."""
    tag = etag(key)
    headers = {"ETag": tag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
    if _none_match(conditions.if_none_match, tag):
        return Answer(b"", media_type=None, status=304, headers=headers)
    with _ANSWERS_LOCK:
        cache = _ANSWERS.get(exp)
        if cache is None:
            cache = _ANSWERS[exp] = SizedLRU(ANSWER_CACHE_BYTES)
    enc = cache.get(tag)
    if enc is None:
        body, media_type = build()
        enc = _Encoded(body, media_type)
        cache.put(tag, enc, len(body))
    if _accepts_gzip(conditions.accept_encoding) and not conditions.loopback:
        if not enc.tried_gzip:
            enc.tried_gzip = True
            if len(enc.body) >= GZIP_MIN_BYTES:
                packed = gzip.compress(enc.body, GZIP_LEVEL, mtime=0)
                if len(packed) <= 0.9 * len(enc.body):
                    enc.gzipped = packed
                    cache.put(tag, enc, len(enc.body) + len(packed))
        if enc.gzipped is not None:
            return Answer(enc.gzipped, enc.media_type, headers={**headers, "Content-Encoding": "gzip"})
    return Answer(enc.body, enc.media_type, headers=headers)


def _none_match(header: str, tag: str) -> bool:
    """If-None-Match holds `tag` (weak comparison) or is `*`."""
    if not header:
        return False
    wanted = tag.removeprefix("W/")
    return any(t.strip() == "*" or t.strip().removeprefix("W/") == wanted for t in header.split(","))


def _accepts_gzip(header: str) -> bool:
    """Accept-Encoding names gzip (or *) with a q-value above 0."""
    for part in header.split(","):
        name, _, params = part.partition(";")
        if name.strip().lower() not in ("gzip", "*"):
            continue
        q = 1.0
        for param in params.split(";"):
            k, _, v = param.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        return q > 0
    return False
