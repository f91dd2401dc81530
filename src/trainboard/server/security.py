"""Response headers that keep the dashboard's origin to itself, and the `--path_prefix` mount.

Both are plain ASGI wrappers rather than Starlette's BaseHTTPMiddleware, which would buffer and
break the server-sent event stream.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["CSP", "PathPrefix", "SecurityHeaders"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Everything from our own origin only. uPlot sets inline styles; images and audio come as data: and
# blob: URLs too; the graph layout runs in a Web Worker. No frame-ancestors: notebooks embed the page.
# The API page (/api/docs) lives under the same policy: its Swagger UI is served from here (docs.py).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' data: blob:; worker-src 'self' blob:; "
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
)
_CSP_BYTES = CSP.encode()


class SecurityHeaders:
    """Adds nosniff and the Content-Security-Policy to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"
                ]
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"content-security-policy", _CSP_BYTES),
                    (b"referrer-policy", b"no-referrer"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class PathPrefix:
    """Serves the app under `prefix` (for reverse proxies) by setting the ASGI `root_path`, which routing
    strips and generated URLs (the API docs page) include. Anything outside the prefix is a 404."""

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not self.prefix:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path == self.prefix:
            await _respond(send, 308, b"", [(b"location", (self.prefix + "/").encode())])
            return
        if not path.startswith(self.prefix + "/"):
            body = b'{"error":"not found: this server is mounted under ' + self.prefix.encode() + b'/"}'
            await _respond(send, 404, body, [(b"content-type", b"application/json")])
            return
        scope = dict(scope)
        scope["root_path"] = scope.get("root_path", "") + self.prefix
        await self.app(scope, receive, send)


async def _respond(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
