"""The app factory: plugin routers, core and compatibility routes, the frontend, security headers and
the one place where errors become JSON responses."""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from trainboard._version import __version__
from trainboard.errors import PublicError
from trainboard.plugins import PLUGINS
from trainboard.plugins.answers import error_answer
from trainboard.plugins.context import JSONResponse, response_of
from trainboard.server import compat, core, events
from trainboard.server.docs import DOCS_PATH, OPENAPI_PATH, docs_router, install_openapi
from trainboard.server.live import Live
from trainboard.server.middleware import wrapped
from trainboard.server.settings import ServerSettings
from trainboard.server.static import STATIC_DIR, check_frontend, frontend_router
from trainboard.store import Experiment

__all__ = ["DOCS_PATH", "create_app", "create_fastapi"]

log = logging.getLogger("trainboard.server")


def create_app(
    exp: Experiment,
    settings: ServerSettings,
    *,
    live_updates: Live | None = None,
    static_dir: Path = STATIC_DIR,
) -> Any:
    """The ASGI app serving `exp`. Starts the reload loop on startup and stops it on shutdown.

    app = create_app(trainboard.read("logs", load=False), ServerSettings(logdir="logs"))
    uvicorn.run(app)
    """
    live_updates = live_updates or Live(exp, reload_interval=settings.reload_interval)
    app = create_fastapi(exp, settings, live_updates=live_updates, static_dir=static_dir)
    outer: Any = wrapped(app, settings)
    # Tests and scripts reach the FastAPI object (routes, state) through the wrapper.
    outer.fastapi = app
    return outer


def create_fastapi(
    exp: Experiment,
    settings: ServerSettings,
    *,
    live_updates: Live | None = None,
    static_dir: Path = STATIC_DIR,
) -> FastAPI:
    """The FastAPI app itself, without the wrappers (`middleware.wrapped`); its lifespan runs the
    reload loop, unless a startup server (`early.StartupApp`) in front of it runs the lifespan."""
    if not settings.api_only:
        check_frontend(static_dir)
    live_updates = live_updates or Live(exp, reload_interval=settings.reload_interval)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        live_updates.start(asyncio.get_running_loop())
        try:
            yield
        finally:
            live_updates.stop()

    app = FastAPI(
        title="trainboard",
        version=__version__,
        description='The JSON API behind the trainboard dashboard. Errors are `{"error": message}`.',
        # Our own /api/docs (docs.py) serves Swagger UI locally; FastAPI's loads it from a CDN.
        docs_url=None,
        redoc_url=None,
        openapi_url=OPENAPI_PATH,
        default_response_class=JSONResponse,
        lifespan=lifespan,
    )
    app.state.experiment = exp
    app.state.settings = settings
    app.state.live = live_updates
    app.state.samples_per_plugin = dict(settings.samples_per_plugin)
    _add_error_handlers(app)

    app.include_router(core.router)
    app.include_router(events.router)
    app.include_router(compat.router)
    app.include_router(docs_router(static_dir))
    for plugin in PLUGINS:
        if plugin.routes is not None:
            app.include_router(importlib.import_module(plugin.routes).router)
    install_openapi(app)
    if not settings.api_only:
        app.include_router(frontend_router(static_dir, settings.path_prefix, settings.window_title))
    return app


def _add_error_handlers(app: FastAPI) -> None:
    """Every error answer is `{"error": "<one line>"}`; only an unexpected exception is a 500, and its
    traceback goes to the server log, never to the client."""

    @app.exception_handler(PublicError)
    async def public_error(_request: Request, exc: PublicError) -> Response:
        return response_of(error_answer(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"error": _validation_message(exc)}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error on %s", request.url.path, exc_info=exc)
        return JSONResponse({"error": "internal error; the server log has the details"}, status_code=500)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error.get("loc", ())[1:]) or "request"
        got = error.get("input")
        shown = f" (got {str(got)[:40]!r})" if got is not None and not isinstance(got, dict) else ""
        parts.append(f"parameter {where!r}: {error.get('msg', 'invalid')}{shown}")
    return "bad request: " + "; ".join(parts)
