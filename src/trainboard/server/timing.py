"""`Server-Timing: app;dur=<ms>` on every response: the time from request to response headers, so a
browser's devtools and `benchmarks/server.py` see server time apart from the network."""

from __future__ import annotations

import time

from trainboard.server.security import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ServerTiming"]


class ServerTiming:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_with_timing(message: Message) -> None:
            if message["type"] == "http.response.start":
                duration = (time.perf_counter() - started) * 1000
                message["headers"] = [
                    *message.get("headers", []),
                    (b"server-timing", b"app;dur=%.3f" % duration),
                ]
            await send(message)

        await self.app(scope, receive, send_with_timing)
