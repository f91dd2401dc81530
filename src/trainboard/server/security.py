"""The Host check against DNS rebinding, response headers that keep the dashboard's origin to
itself, and the `--path_prefix` mount.

All are plain ASGI wrappers rather than Starlette's BaseHTTPMiddleware, which would buffer and
break the server-sent event stream. (Starlette's TrustedHostMiddleware cuts `[::1]:6006` at the
first colon, so the Host check is our own.)
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

__all__ = [
    "CSP",
    "LOCAL_NAMES",
    "HostCheck",
    "PathPrefix",
    "SecurityHeaders",
    "edit_response_headers",
    "host_allowed",
]

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


# Names that always mean this machine. IP literals are allowed as well (see `host_allowed`).
LOCAL_NAMES = ("localhost", "localhost.localdomain")


def host_allowed(host: str, names: frozenset[str]) -> bool:
    """Whether a request's Host header (`name`, `name:port`, `[v6]:port`) names this server.

    A DNS rebinding page reaches the server under the attacker's own domain name, so that is what
    must be refused. An IP literal cannot be rebound (the page's origin is then that address, and
    the browser's same-origin rule keeps other sites from reading the answers), so every IP literal
    passes, as in Jupyter. A name passes when it is a local name or in `names` (`.example.com`
    allows its subdomains); an empty Host (HTTP/1.0 clients; browsers always send one) passes.
    """
    if not host:
        return True
    if host.startswith("["):
        name, _, rest = host[1:].partition("]")
        if rest and not (rest.startswith(":") and rest[1:].isdigit()):
            return False
    else:
        name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    name = name.lower().rstrip(".")
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        pass
    if name in LOCAL_NAMES or name in names:
        return True
    return any(allowed.startswith(".") and name.endswith(allowed) for allowed in names)


class HostCheck:
    """Answers 403 to a request whose Host header is not a name of this server (DNS rebinding).

    `names` are the names besides localhost and IP literals; `"*"` among them turns the check off.
    """

    def __init__(self, app: ASGIApp, names: Iterable[str]) -> None:
        self.app = app
        self.names = frozenset(n.strip().lower().rstrip(".") for n in names if n.strip())
        self.any = "*" in self.names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or self.any:
            await self.app(scope, receive, send)
            return
        raw = next((v for k, v in scope.get("headers", ()) if k == b"host"), b"")
        host = raw.decode("latin-1")
        if host_allowed(host, self.names):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        message = (
            f"refused: Host {host[:100]!r} is not a name of this server (DNS rebinding protection); "
            "if you reach trainboard under that name, start it with --allowed_hosts NAME"
        )
        body = json.dumps({"error": message}).encode()
        await _respond(send, 403, body, [(b"content-type", b"application/json")])


Headers = list[tuple[bytes, bytes]]


async def edit_response_headers(
    app: ASGIApp, scope: Scope, receive: Receive, send: Send, edit: Callable[[Headers], Headers]
) -> None:
    """Runs `app`; an HTTP response starts with the headers `edit` makes of the ones `app` gave.
    What the header middlewares (`SecurityHeaders`, `timing.ServerTiming`) share."""
    if scope["type"] != "http":
        await app(scope, receive, send)
        return

    async def send_edited(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = edit(list(message.get("headers", [])))
        await send(message)

    await app(scope, receive, send_edited)


def _with_security_headers(headers: Headers) -> Headers:
    kept = [(k, v) for k, v in headers if k.lower() != b"content-security-policy"]
    return [
        *kept,
        (b"x-content-type-options", b"nosniff"),
        (b"content-security-policy", _CSP_BYTES),
        (b"referrer-policy", b"no-referrer"),
    ]


class SecurityHeaders:
    """Adds nosniff and the Content-Security-Policy to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await edit_response_headers(self.app, scope, receive, send, _with_security_headers)


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
