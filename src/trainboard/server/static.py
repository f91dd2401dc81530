"""The built frontend: files from `trainboard/static/`, and `index.html` for every other page path.

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
# Paths owned by the API: a miss there is a JSON 404, never the app shell.
_API_ROOTS = ("api", "data")


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
        if path.split("/", 1)[0] in _API_ROOTS:
            raise NotFoundError(f"no API route /{path}; the routes are listed at /api/docs")
        file = safe_lookup(root, path)
        if file is None:
            return HTMLResponse(index_page(), headers={"Cache-Control": INDEX_CACHE})
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
    # The build uses relative URLs; a <base> makes them resolve from the app root even on a deep link
    # such as /scalars/loss, and under --path_prefix.
    if "<base " in html:
        return html
    return html.replace("<head>", f'<head><base href="{path_prefix}/">', 1)


def _with_title(html: str, window_title: str) -> str:
    # The tab shows --window_title from the first paint, before the app has asked the API.
    if not window_title:
        return html
    return re.sub(r"<title>.*?</title>", lambda _m: f"<title>{escape(window_title)}</title>", html, count=1)
