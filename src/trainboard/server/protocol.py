"""uvicorn's h11 protocol with a deadline for each request: idle and slowloris connections end.

uvicorn times out a connection only between requests (`timeout_keep_alive`, armed when a response
completes), and any byte received cancels that timer until the next response. So a client that
connects and sends nothing, or trickles a request head one byte at a time, holds its connection
(and a file descriptor) forever; TensorBoard's server has the same gap. Here a timer starts when a
connection opens and whenever a new request begins, and is not reset by further bytes: when the
whole request (head and any body) has not arrived `request_timeout` seconds later, the server
answers 408 and closes. The response itself (the event stream included) is not limited.

Imported by `serve` only once uvicorn is (see `serve.py` on startup time).
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["DEFAULT_REQUEST_TIMEOUT", "RequestTimeoutH11Protocol", "request_timeout"]

# Seconds a client may take to send a whole request; a browser needs milliseconds.
DEFAULT_REQUEST_TIMEOUT = 10.0
_RECEIVED = (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR)
_TIMEOUT_BODY = b"request not received in time; send the whole request at once\n"
_TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\nconnection: close\r\n"
    b"content-length: " + str(len(_TIMEOUT_BODY)).encode() + b"\r\n\r\n" + _TIMEOUT_BODY
)


def request_timeout() -> float:
    """`TRAINBOARD_REQUEST_TIMEOUT` seconds when set (tests, tight deployments), else the default."""
    text = os.environ.get("TRAINBOARD_REQUEST_TIMEOUT", "")
    try:
        value = float(text)
    except ValueError:
        return DEFAULT_REQUEST_TIMEOUT
    return value if value > 0 else DEFAULT_REQUEST_TIMEOUT


class RequestTimeoutH11Protocol(H11Protocol):
    """H11Protocol plus a per-request deadline (module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_timeout = request_timeout()
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:
            self._arm()  # a new request begins (keeps the deadline already running, if any)
        super().data_received(data)
        if self.conn.their_state in _RECEIVED:
            self._disarm()

    def _arm(self) -> None:
        if self._deadline is None:
            self._deadline = self.loop.call_later(self.request_timeout, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.conn.their_state in _RECEIVED or self.transport.is_closing():
            return
        if self.conn.our_state is h11.IDLE:  # nothing answered yet on this request
            self.transport.write(_TIMEOUT_RESPONSE)
        self.transport.close()
