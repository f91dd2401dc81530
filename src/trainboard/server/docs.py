"""The API reference page (`/api/docs`): Swagger UI served from the package, not from a CDN.

Training clusters often have no internet, and FastAPI's stock page loads Swagger UI from jsDelivr, so
offline it was blank. The frontend build copies Swagger UI's bundle into `static/swagger/`; this page
loads it and a small start script from our own origin, so the page needs no inline script and keeps
the same Content-Security-Policy as the dashboard.
"""

from __future__ import annotations

import warnings
from html import escape
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, HTMLResponse, Response

from trainboard.errors import NotFoundError
from trainboard.plugins.context import ERROR_SCHEMA
from trainboard.server.static import BUILD_COMMAND, OTHER_CACHE

__all__ = ["DOCS_PATH", "OPENAPI_PATH", "SWAGGER_FILES", "docs_router", "install_openapi"]

DOCS_PATH = "/api/docs"
OPENAPI_PATH = "/api/openapi.json"
# What package.json's `postbuild` copies from node_modules/swagger-ui-dist.
SWAGGER_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")

# Reads the spec's URL from the page (it depends on --path_prefix) so the script itself is static.
_START_SCRIPT = """\
const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: root.dataset.openapi,
  dom_id: "#swagger-ui",
  deepLinking: true,
  layout: "BaseLayout",
  presets: [SwaggerUIBundle.presets.apis],
});
"""

_PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>trainboard API</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" type="image/png" href="{assets}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-openapi="{openapi}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{assets}/start.js"></script>
</body>
</html>
"""


def install_openapi(app: FastAPI) -> None:
    """Make `app`'s spec say what the server does: a bad parameter is a 400 with `{"error"}` (the
    app's handler turns FastAPI's 422 into it), and a route declaring no body schema (the compat
    routes) answers JSON of any shape rather than the string FastAPI writes for a bare Response."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            with warnings.catch_warnings():
                # A route taking GET and POST gets one id for both; _own_ids tells them apart.
                warnings.filterwarnings("ignore", message="Duplicate Operation ID")
                spec = get_openapi(
                    title=app.title, version=app.version, description=app.description, routes=app.routes
                )
            for path, operations in spec.get("paths", {}).items():
                _own_ids(operations)
                for operation in operations.values():
                    _tidy(path, operation)
            _check_unique_ids(spec)
            schemas = spec.get("components", {}).get("schemas", {})
            for name in ("HTTPValidationError", "ValidationError"):
                schemas.pop(name, None)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _own_ids(operations: dict[str, dict[str, Any]]) -> None:
    """Suffix the method to an id that several methods of one path share (FastAPI gives a
    `methods=["GET", "POST"]` route one id for both), so that every operation has its own."""
    ids = [op.get("operationId") for op in operations.values()]
    for method, operation in operations.items():
        op_id = operation.get("operationId")
        if op_id is not None and ids.count(op_id) > 1:
            operation["operationId"] = f"{op_id.rsplit('_', 1)[0]}_{method}"


def _check_unique_ids(spec: dict[str, Any]) -> None:
    seen: dict[str, str] = {}
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            op_id = operation["operationId"]
            if op_id in seen:
                raise RuntimeError(
                    f"OpenAPI operation id {op_id} is used by {seen[op_id]} and {method.upper()} {path}:"
                    " give one of the routes its own name or operation_id"
                )
            seen[op_id] = f"{method.upper()} {path}"


def _tidy(path: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    responses.pop("422", None)
    error: dict[str, Any] = {"content": {"application/json": {"schema": ERROR_SCHEMA}}}
    # TensorBoard's routes read their parameters themselves (forms, JSON requests, optional query
    # values it requires), so each can answer 400 for a bad request and 404 for an unknown run or tag;
    # the projector's and mesh's answer those in plain text, as TensorBoard's plugins do.
    tensorboard_route = path.startswith("/data/")
    if tensorboard_route:
        error = {"content": {**error["content"], "text/plain": {"schema": {"type": "string"}}}}
    takes_input = operation.get("parameters") or operation.get("requestBody")
    if (takes_input or tensorboard_route) and "400" not in responses:
        responses["400"] = {"description": "a parameter is missing or out of range", **error}
    # A route that looks a run up answers 404 for one that does not exist.
    names_a_run = any(p.get("name") == "run" for p in operation.get("parameters", []))
    if (tensorboard_route or names_a_run) and "404" not in responses:
        responses["404"] = {"description": "no such run, tag or blob", **error}
    content = responses.get("200", {}).get("content", {})
    if content.get("application/json", {}).get("schema") == {"type": "string"}:
        content["application/json"]["schema"] = {}


def docs_router(static_dir: Path) -> APIRouter:
    """`/api/docs` and its assets (`/api/docs/<file>`), read from `static_dir / "swagger"`."""
    swagger_dir = static_dir / "swagger"
    router = APIRouter(include_in_schema=False)

    @router.get(DOCS_PATH)
    def docs_page(request: Request) -> HTMLResponse:
        # root_path carries --path_prefix, so the page's URLs work behind a proxy too.
        root = str(request.scope.get("root_path", "")).rstrip("/")
        html = _PAGE.format(assets=escape(root + DOCS_PATH), openapi=escape(root + OPENAPI_PATH))
        return HTMLResponse(html, headers={"Cache-Control": "no-cache"})

    @router.get(DOCS_PATH + "/start.js")
    def start_script() -> Response:
        return Response(_START_SCRIPT, media_type="text/javascript", headers={"Cache-Control": OTHER_CACHE})

    @router.get(DOCS_PATH + "/{name}")
    def asset(name: str) -> FileResponse:
        file = swagger_dir / name
        if name not in SWAGGER_FILES:
            raise NotFoundError(f"no API docs file {name!r}; the page is {DOCS_PATH}")
        if not file.is_file():
            raise NotFoundError(f"Swagger UI is not built ({file} is missing): run {BUILD_COMMAND}")
        return FileResponse(file, headers={"Cache-Control": OTHER_CACHE})

    return router
