"""The built dashboard is served at `/`, with long-cached assets, nothing outside its folder and a 404
for any other path (as TensorBoard answers)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings
from trainboard.server.static import FrontendNotBuiltError, safe_lookup
from trainboard.store import read

MakeClient = Callable[..., TestClient]


def test_root_serves_the_app_shell_revalidated_on_each_visit(make_client: MakeClient) -> None:
    response = make_client().get("/")
    assert response.status_code == 200 and "app-1a2b.js" in response.text
    assert response.headers["cache-control"] == "no-cache"
    assert '<base href="/">' in response.text


def test_the_apps_own_urls_serve_the_page(make_client: MakeClient) -> None:
    # The app keeps its view in the query string (frontend/src/lib/urlState.ts), never in the path.
    for path in ("/?tab=scalars&runs=a", "/index.html", "/#top"):
        response = make_client().get(path)
        assert response.status_code == 200 and "app-1a2b.js" in response.text


@pytest.mark.parametrize("path", ["/scalars/some/card", "/foo", "/etc/passwd", "/data/nope", "/api/nope"])
def test_other_paths_are_404_not_the_page(make_client: MakeClient, path: str) -> None:
    response = make_client().get(path)
    assert response.status_code == 404 and "app-1a2b.js" not in response.text
    assert response.json()["error"]


def test_hashed_assets_are_cached_for_a_year(make_client: MakeClient) -> None:
    response = make_client().get("/assets/app-1a2b.js")
    assert response.text == "console.log('app')"
    assert "immutable" in response.headers["cache-control"]


def test_other_static_files_are_served_with_a_short_cache(make_client: MakeClient) -> None:
    response = make_client().get("/robots.txt")
    assert response.text == "User-agent: *" and "immutable" not in response.headers["cache-control"]


@pytest.mark.parametrize("path", ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt"])
def test_files_next_to_the_static_folder_are_never_served(make_client: MakeClient, path: str) -> None:
    assert "do not serve me" not in make_client().get(path).text


def test_safe_lookup_refuses_symlinks_out_of_the_root(static_dir: Path) -> None:
    (static_dir / "link.txt").symlink_to(static_dir.parent / "secret.txt")
    assert safe_lookup(static_dir.resolve(), "link.txt") is None
    assert safe_lookup(static_dir.resolve(), "robots.txt") is not None


def test_window_title_is_in_the_page_title_escaped(make_client: MakeClient) -> None:
    html = make_client(window_title="<b>exp</b> 7").get("/").text
    assert "<title>&lt;b&gt;exp&lt;/b&gt; 7</title>" in html


def test_path_prefix_goes_into_the_base_href(make_client: MakeClient) -> None:
    client = make_client(path_prefix="/tb")
    assert '<base href="/tb/">' in client.get("/tb/").text
    assert client.get("/tb/api/runs").status_code == 200
    assert client.get("/api/runs").status_code == 404


def test_missing_frontend_fails_at_startup_naming_the_build_command(logdir: Path, tmp_path: Path) -> None:
    with pytest.raises(FrontendNotBuiltError, match=r"python frontend/build_frontend\.py"):
        create_app(
            read(str(logdir), load=False), ServerSettings(logdir=str(logdir)), static_dir=tmp_path / "none"
        )


def test_api_only_mode_needs_no_frontend(logdir: Path, tmp_path: Path) -> None:
    settings = ServerSettings(logdir=str(logdir), api_only=True)
    app = create_app(read(str(logdir), load=False), settings, static_dir=tmp_path / "none")
    with TestClient(app, base_url="http://localhost") as client:
        assert client.get("/").status_code == 404


def test_a_rebuilt_frontend_is_served_without_a_restart(make_client: MakeClient, static_dir: Path) -> None:
    client = make_client()
    assert "app-1a2b.js" in client.get("/").text
    index = static_dir / "index.html"
    index.write_text(index.read_text().replace("app-1a2b.js", "app-9f8e.js"))
    os.utime(index, ns=(index.stat().st_mtime_ns + 10**9,) * 2)
    assert "app-9f8e.js" in client.get("/").text
