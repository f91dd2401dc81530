"""The HTTP server: `app.create_app` composes it, `live` reloads and pushes changes, `serve` runs it."""

from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings

__all__ = ["ServerSettings", "create_app"]
