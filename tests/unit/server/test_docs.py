"""/api/docs: Swagger UI from the package itself, under the dashboard's Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from trainboard.server.security import CSP

MakeClient = Callable[..., TestClient]


@pytest.fixture
def swagger_dir(static_dir: Path) -> Path:
    swagger = static_dir / "swagger"
    swagger.mkdir()
    (swagger / "swagger-ui-bundle.js").write_text("window.SwaggerUIBundle = function () {};")
    (swagger / "swagger-ui.css").write_text(".swagger-ui {}")
    return swagger


def test_docs_page_loads_swagger_and_the_spec_from_this_server(
    make_client: MakeClient, swagger_dir: Path
) -> None:
    client = make_client()
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert 'src="/api/docs/swagger-ui-bundle.js"' in page.text
    assert 'href="/api/docs/swagger-ui.css"' in page.text
    assert 'data-openapi="/api/openapi.json"' in page.text
    assert "http" not in page.text.replace("http-equiv", "")
    assert page.headers["content-security-policy"] == CSP
    assert "/api/runs" in client.get("/api/openapi.json").json()["paths"]


def test_docs_page_has_no_inline_script_so_script_src_self_suffices(make_client: MakeClient) -> None:
    page = make_client().get("/api/docs").text
    scripts = page.split("<script")[1:]
    assert len(scripts) == 2 and all(s.lstrip().startswith("src=") for s in scripts)
    start = make_client().get("/api/docs/start.js")
    assert start.headers["content-type"].startswith("text/javascript")
    assert "SwaggerUIBundle(" in start.text


def test_swagger_assets_are_served_from_the_built_static_dir(
    make_client: MakeClient, swagger_dir: Path
) -> None:
    client = make_client()
    bundle = client.get("/api/docs/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and bundle.text.startswith("window.SwaggerUIBundle")
    assert client.get("/api/docs/swagger-ui.css").headers["content-type"].startswith("text/css")


def test_docs_page_follows_the_path_prefix(make_client: MakeClient, swagger_dir: Path) -> None:
    client = make_client(path_prefix="/tb")
    page = client.get("/tb/api/docs").text
    assert 'src="/tb/api/docs/swagger-ui-bundle.js"' in page
    assert 'data-openapi="/tb/api/openapi.json"' in page
    assert client.get("/tb/api/docs/swagger-ui.css").status_code == 200


def test_unbuilt_swagger_asset_is_a_404_naming_the_build_command(make_client: MakeClient) -> None:
    response = make_client().get("/api/docs/swagger-ui-bundle.js")
    assert response.status_code == 404
    assert "build_frontend.py" in response.json()["error"]


def test_only_the_swagger_files_are_served_from_the_docs_folder(
    make_client: MakeClient, swagger_dir: Path
) -> None:
    (swagger_dir / "notes.txt").write_text("private")
    client = make_client()
    assert client.get("/api/docs/notes.txt").status_code == 404
    assert client.get("/api/docs/..%2F..%2Fsecret.txt").status_code == 404


def test_docs_work_in_api_only_mode(logdir: Path, tmp_path: Path) -> None:
    from trainboard.server.app import create_app
    from trainboard.server.settings import ServerSettings
    from trainboard.store import read

    swagger = tmp_path / "static" / "swagger"
    swagger.mkdir(parents=True)
    (swagger / "swagger-ui.css").write_text(".swagger-ui {}")
    settings = ServerSettings(logdir=str(logdir), api_only=True)
    app = create_app(read(str(logdir), load=False), settings, static_dir=tmp_path / "static")
    with TestClient(app, base_url="http://localhost") as client:
        assert client.get("/api/docs").status_code == 200
        assert client.get("/api/docs/swagger-ui.css").status_code == 200


def test_every_operation_in_the_spec_has_its_own_id(make_client: MakeClient) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # FastAPI warns "Duplicate Operation ID" and carries on
        spec = make_client().get("/api/openapi.json").json()
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    hparams = spec["paths"]["/data/plugin/hparams/experiment"]
    assert set(hparams) == {"get", "post"}
