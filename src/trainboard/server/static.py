"""The built frontend: `index.html` at `/` (the app keeps its view in the query string, never in the
path), the files of `trainboard/static/`, and a 404 for any other path, as TensorBoard answers.

Vite names assets by content hash, so they are cached for a year; `index.html` is revalidated so a
new version of trainboard is picked up on reload.
"""

from __future__ import annotations

import os
import re
from html import escape
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response

from trainboard.errors import NotFoundError
from trainboard.server.frontend import BUILD_COMMAND, STATIC_DIR, FrontendNotBuiltError, check_frontend

__all__ = ["BUILD_COMMAND", "STATIC_DIR", "FrontendNotBuiltError", "check_frontend", "frontend_router"]

ASSET_CACHE = "public, max-age=31536000, immutable"
OTHER_CACHE = "public, max-age=3600"
INDEX_CACHE = "no-cache"
# The paths of the app page: the app's own URLs are these with a query string and a hash.
_PAGE_PATHS = ("", "index.html")


def frontend_router(
    static_dir: Path = STATIC_DIR, path_prefix: str = "", window_title: str = ""
) -> APIRouter:
    """A catch-all route serving the built app; include it after every API router."""
    root = static_dir.resolve()
    index_file = root / "index.html"
    # Re-read index.html when it changes: a rebuilt frontend renames its hashed assets, and a page
    # served from a stale index would point at files that no longer exist.
    cached: dict[str, object] = {"mtime": None, "html": ""}

    def index_page() -> str:
        mtime = index_file.stat().st_mtime_ns
        if cached["mtime"] != mtime:
            html = index_file.read_text(encoding="utf-8")
            cached["html"] = _with_title(_with_base(html, path_prefix), window_title)
            cached["mtime"] = mtime
        return str(cached["html"])

    index_page()
    router = APIRouter()

    @router.get("/{path:path}", include_in_schema=False)
    def frontend(path: str) -> Response:
        if path in _PAGE_PATHS:
            return HTMLResponse(index_page(), headers={"Cache-Control": INDEX_CACHE})
        file = safe_lookup(root, path)
        if file is None:
            raise NotFoundError(f"no page or file /{path}; the dashboard is at / and the API at /api/docs")
        cache = ASSET_CACHE if path.startswith("assets/") else OTHER_CACHE
        if file.name == "index.html":
            return HTMLResponse(index_page(), headers={"Cache-Control": INDEX_CACHE})
        return FileResponse(file, headers={"Cache-Control": cache})

    return router


def safe_lookup(root: Path, path: str) -> Path | None:
    """The file at `path` under `root`, or None; never a file outside `root`."""
    if not path or "\x00" in path:
        return None
    candidate = os.path.realpath(os.path.join(root, path))
    # Resolving first and then comparing prefixes stops "../" and symlinks from leaving the directory.
    if os.path.commonpath([candidate, str(root)]) != str(root) or not os.path.isfile(candidate):
        return None
    return Path(candidate)


def _with_base(html: str, path_prefix: str) -> str:
    # The build uses relative URLs; a <base> makes them resolve from the app root, under --path_prefix
    # too.
    if "<base " in html:
        return html
    return html.replace("<head>", f'<head><base href="{path_prefix}/">', 1)


def _with_title(html: str, window_title: str) -> str:
    # The tab shows --window_title from the first paint, before the app has asked the API.
    if not window_title:
        return html
    return re.sub(r"<title>.*?</title>", lambda _m: f"<title>{escape(window_title)}</title>", html, count=1)
