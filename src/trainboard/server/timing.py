"""`Server-Timing: app;dur=<ms>` on every response: the time from request to response headers, so a
browser's devtools and `benchmarks/server.py` see server time apart from the network."""

from __future__ import annotations

import time

from trainboard.server.security import ASGIApp, Headers, Receive, Scope, Send, edit_response_headers

__all__ = ["ServerTiming"]


class ServerTiming:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()

        def with_timing(headers: Headers) -> Headers:
            duration = (time.perf_counter() - started) * 1000
            return [*headers, (b"server-timing", b"app;dur=%.3f" % duration)]

        await edit_response_headers(self.app, scope, receive, send, with_timing)
