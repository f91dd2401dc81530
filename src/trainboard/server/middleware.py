"""The ASGI wrappers every answer passes through, in their order: the Host check, the path prefix, the
Server-Timing header and the security headers. The full app and the startup server share them."""

from __future__ import annotations

from trainboard.server.security import ASGIApp, HostCheck, PathPrefix, SecurityHeaders
from trainboard.server.settings import ServerSettings
from trainboard.server.timing import ServerTiming

__all__ = ["wrapped"]


def wrapped(app: ASGIApp, settings: ServerSettings) -> ASGIApp:
    """`app` inside the wrappers `settings` asks for."""
    outer: ASGIApp = ServerTiming(SecurityHeaders(app))
    if settings.path_prefix:
        outer = PathPrefix(outer, settings.path_prefix)
    return HostCheck(outer, settings.allowed_hosts)
