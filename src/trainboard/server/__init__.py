"""The HTTP server: `app.create_app` composes it, `live` reloads and pushes changes, `serve` runs it."""

from typing import TYPE_CHECKING, Any

from trainboard.server.settings import ServerSettings

if TYPE_CHECKING:
    from trainboard.server.app import create_app

__all__ = ["ServerSettings", "create_app"]


def __getattr__(name: str) -> Any:
    # The web stack (FastAPI, pydantic: about 0.3 s) is imported on first use, so that `serve` can
    # start reading the logdir before paying for it.
    if name == "create_app":
        from trainboard.server.app import create_app

        return create_app
    raise AttributeError(f"module 'trainboard.server' has no attribute {name!r}")
