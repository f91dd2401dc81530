"""Response headers that keep the dashboard's origin to itself, and the `--path_prefix` mount.

Both are plain ASGI wrappers rather than Starlette's BaseHTTPMiddleware, which would buffer and
break the server-sent event stream.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["CSP", "DOCS_CSP", "PathPrefix", "SecurityHeaders"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Everything from our own origin only. uPlot sets inline styles; images and audio come as data: and
# blob: URLs too; the graph layout runs in a Web Worker. No frame-ancestors: notebooks embed the page.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' data: blob:; worker-src 'self' blob:; "
    "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
)
# The generated API page (/api/docs) loads Swagger UI from its CDN and starts it with an inline script.
_CDN = "https://cdn.jsdelivr.net"
DOCS_CSP = (
    f"default-src 'self'; script-src 'self' 'unsafe-inline' {_CDN}; style-src 'self' 'unsafe-inline' {_CDN}; "
    "img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; object-src 'none'"
)


class SecurityHeaders:
    """Adds nosniff and the Content-Security-Policy to every HTTP response."""

    def __init__(self, app: ASGIApp, docs_path: str) -> None:
        self.app = app
        self.docs_path = docs_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, root = scope["path"], scope.get("root_path", "")
        if root and path.startswith(root):  # under --path_prefix the path still carries the prefix
            path = path[len(root) :]
        csp = (DOCS_CSP if path == self.docs_path else CSP).encode()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"
                ]
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"content-security-policy", csp),
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
