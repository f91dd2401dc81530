"""The startup server: the dashboard's first questions answered while the full app is still imported.

Importing FastAPI, pydantic and the routes, and building the app, takes most of a second on a 2-core
machine, longer than a restart from the column cache takes to make every point servable. So `serve`
hands uvicorn this app first. It answers the read-only GET routes a client asks first (environment,
runs, dashboards, warnings, tags and one scalar series) from the same web-free builders the routes use
(`listings.py`, `plugins/answers.py`, `scalars/series.py`), while a thread imports and builds the full
app. Every other request, and any of these whose parameters are not plainly valid, waits for the full
app and is answered by it, so an error answer always comes from FastAPI's own validation. Once the full
app is built, every request goes to it.

`StartupApp` runs the lifespan itself: it starts the reload loop and the import, and stops the loop.
`tests/unit/server/test_early.py` holds its answers to the full app's, byte for byte.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
import threading
from collections.abc import Callable
from typing import get_args
from urllib.parse import parse_qsl

from trainboard.errors import PublicError
from trainboard.plugins.answers import (
    MAX_NAME,
    Answer,
    Conditions,
    error_answer,
    json_answer,
    samples_cap,
)
from trainboard.plugins.scalars.metadata import PLUGIN_NAME as SCALARS
from trainboard.plugins.scalars.series import DEFAULT_POINTS, MAX_POINTS, XAxis, series_answer
from trainboard.server.listings import (
    MAX_PLUGIN_NAME,
    environment,
    plugins_listing,
    runs_listing,
    tags_answer,
    warnings_listing,
)
from trainboard.server.live import Live
from trainboard.server.security import ASGIApp, Receive, Scope, Send
from trainboard.server.settings import ServerSettings
from trainboard.store import Experiment

__all__ = ["EARLY_ROUTES", "StartupApp"]

log = logging.getLogger("trainboard.server")

# Seconds the full app's import waits for the first load to end before it begins anyway.
IMPORT_WAIT = 0.5

Params = dict[str, str]
Handler = Callable[[Experiment, ServerSettings, Live, Params, Conditions], Answer]


class _Defer(Exception):
    """The request is not one the startup server answers: the full app will."""


class StartupApp:
    """An ASGI app answering `EARLY_ROUTES` until `build_full()` (run in a thread at startup) returns
    the full app, then passing every request to it.

    app = wrapped(StartupApp(exp, settings, live, lambda: create_fastapi(exp, settings)), settings)
    """

    def __init__(
        self, exp: Experiment, settings: ServerSettings, live: Live, build_full: Callable[[], ASGIApp]
    ) -> None:
        self.exp = exp
        self.settings = settings
        self.live = live
        self._build_full = build_full
        self._full: ASGIApp | None = None
        self._ready = asyncio.Event()
        self._failed = False

    @property
    def ready(self) -> bool:
        """Whether the full app answers now."""
        return self._full is not None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if self._full is None and scope["type"] == "http" and scope["method"] == "GET":
            answer = await self._early(scope)
            if answer is not None:
                await _send(send, answer)
                return
        if self._full is None:
            await self._ready.wait()
        if self._full is None:  # the import failed; the log has the traceback
            if scope["type"] == "http":
                failed = {"error": "internal error; the server log has the details"}
                await _send(send, json_answer(failed, status=500))
            return
        await self._full(scope, receive, send)

    async def _early(self, scope: Scope) -> Answer | None:
        handler = EARLY_ROUTES.get(_route_path(scope))
        if handler is None:
            return None
        try:
            params = _params(scope.get("query_string", b""))
        except _Defer:
            return None
        client = scope.get("client")
        conditions = Conditions.of(scope.get("headers", ()), client[0] if client else "")
        exp, settings, live = self.exp, self.settings, self.live

        def answer() -> Answer | None:
            try:
                return handler(exp, settings, live, params, conditions)
            except _Defer:
                return None
            except PublicError as exc:
                return error_answer(exc)

        # As the full app runs its routes: in a worker thread, so the loop keeps accepting.
        return await asyncio.get_running_loop().run_in_executor(None, answer)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                loop = asyncio.get_running_loop()
                self.live.start(loop)
                threading.Thread(
                    target=self._import, args=(loop,), name="trainboard-import", daemon=True
                ).start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.live.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _import(self, loop: asyncio.AbstractEventLoop) -> None:
        # The import holds the GIL for most of a second: begun at once, it would slow a short first load
        # (a restore from the column cache) threefold, so it waits for that load, up to IMPORT_WAIT.
        self.live.wait_loaded(IMPORT_WAIT)
        full: ASGIApp | None = None
        try:
            full = self._build_full()
        except Exception:
            log.exception("cannot build the app")
        loop.call_soon_threadsafe(self._set_full, full)

    def _set_full(self, full: ASGIApp | None) -> None:
        self._full = full
        self._ready.set()


async def _send(send: Send, answer: Answer) -> None:
    await send({"type": "http.response.start", "status": answer.status, "headers": answer.raw_headers()})
    await send({"type": "http.response.body", "body": answer.body})


def _route_path(scope: Scope) -> str:
    """The path routing sees: under `--path_prefix` (the ASGI root_path), the part after it."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root + "/"):
        return path[len(root) :]
    return path


def _params(query_string: bytes) -> Params:
    """The query parameters, as Starlette reads them; a parameter given twice is left to the full app."""
    params: Params = {}
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if key in params:
            raise _Defer
        params[key] = value
    return params


# -- the parameters, as plainly as the full app's validation would take them (else it answers) -------
_INT = re.compile(r"0|[1-9][0-9]{0,8}")
_FLOAT = re.compile(r"-?(0|[1-9][0-9]{0,19})(\.[0-9]{1,20})?([eE][-+]?[0-9]{1,3})?")
_BOOLS = {"true": True, "false": False}
_X_AXES: tuple[str, ...] = get_args(XAxis)


def _name(params: Params, key: str, longest: int = MAX_NAME) -> str:
    value = params.get(key)
    if value is None or not 1 <= len(value) <= longest:
        raise _Defer
    return value


def _int(params: Params, key: str, default: int, lo: int, hi: int) -> int:
    text = params.get(key)
    if text is None:
        return default
    if not _INT.fullmatch(text) or not lo <= int(text) <= hi:
        raise _Defer
    return int(text)


def _float(params: Params, key: str) -> float | None:
    text = params.get(key)
    if text is None:
        return None
    value = float(text) if _FLOAT.fullmatch(text) else math.nan
    if not math.isfinite(value) or (value == 0 and text.startswith("-")):
        raise _Defer
    return value


def _environment(exp: Experiment, settings: ServerSettings, live: Live, _p: Params, _c: Conditions) -> Answer:
    return json_answer(environment(exp, settings, live))


def _runs(exp: Experiment, _s: ServerSettings, _l: Live, _p: Params, _c: Conditions) -> Answer:
    return json_answer(runs_listing(exp))


def _plugins(exp: Experiment, _s: ServerSettings, _l: Live, _p: Params, _c: Conditions) -> Answer:
    return json_answer(plugins_listing(exp))


def _warnings(exp: Experiment, _s: ServerSettings, _l: Live, _p: Params, _c: Conditions) -> Answer:
    return json_answer(warnings_listing(exp))


def _tags(exp: Experiment, _s: ServerSettings, _l: Live, params: Params, conditions: Conditions) -> Answer:
    plugin = _name(params, "plugin", MAX_PLUGIN_NAME)
    compact = _BOOLS.get(params.get("compact", "false"))
    if compact is None:
        raise _Defer
    return tags_answer(exp, plugin, compact, conditions)


def _scalars(
    exp: Experiment, settings: ServerSettings, _l: Live, params: Params, conditions: Conditions
) -> Answer:
    smoothing = _float(params, "smoothing")
    if smoothing is not None and not 0.0 <= smoothing < 1.0:
        raise _Defer
    x = params.get("x", "step")
    if x not in _X_AXES:
        raise _Defer
    return series_answer(
        exp,
        _name(params, "run"),
        _name(params, "tag"),
        cap=samples_cap(settings.samples_per_plugin, SCALARS),
        points=_int(params, "points", DEFAULT_POINTS, 1, MAX_POINTS),
        smoothing=smoothing or 0.0,
        x=x,  # type: ignore[arg-type]
        start=_float(params, "start"),
        end=_float(params, "end"),
        conditions=conditions,
    )


# Path -> handler; each takes exactly the query parameters of the full app's route of that path.
EARLY_ROUTES: dict[str, Handler] = {
    "/api/environment": _environment,
    "/api/runs": _runs,
    "/api/plugins": _plugins,
    "/api/warnings": _warnings,
    "/api/tags": _tags,
    "/api/scalars": _scalars,
}
