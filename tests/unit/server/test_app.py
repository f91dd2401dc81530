"""Errors become one-line JSON in one place; headers protect every response; routes are documented."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from trainboard.server.core import blob_content_type

MakeClient = Callable[..., TestClient]


def test_an_unexpected_exception_is_a_500_without_the_trace(make_client: MakeClient) -> None:
    client = make_client(api_only=True)  # no catch-all frontend route in front of the new one

    @client.app.fastapi.get("/api/boom")  # type: ignore[attr-defined]
    def boom() -> None:
        raise RuntimeError("secret internals at /home/user/.ssh")

    response = client.get("/api/boom")
    assert response.status_code == 500
    assert response.json() == {"error": "internal error; the server log has the details"}


def test_store_errors_keep_their_http_code_and_message(make_client: MakeClient) -> None:
    response = make_client().get("/api/scalars", params={"run": "nope", "tag": "loss"})
    assert response.status_code == 404 and "nope" in response.json()["error"]


def test_validation_errors_are_400_and_name_the_parameter(make_client: MakeClient) -> None:
    response = make_client().get("/api/scalars", params={"run": "run", "tag": "loss", "points": -5})
    assert response.status_code == 400 and "'points'" in response.json()["error"]


def test_csp_allows_inline_styles_and_blob_workers_but_no_foreign_scripts(make_client: MakeClient) -> None:
    csp = make_client().get("/api/runs").headers["content-security-policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "worker-src 'self' blob:" in csp
    assert "script-src 'self';" in csp


def test_event_stream_is_not_cached_or_buffered(make_client: MakeClient) -> None:
    client = make_client()
    with client.stream("GET", "/api/events") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["x-accel-buffering"] == "no"
        assert "content-encoding" not in response.headers
        first = next(response.iter_lines())
        assert first == "retry: 1000"
        client.app.fastapi.state.live.close_streams()  # type: ignore[attr-defined]


def test_blob_types_are_sniffed_from_their_first_bytes() -> None:
    assert blob_content_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert blob_content_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert blob_content_type(b"GIF89a...") == "image/gif"
    assert blob_content_type(b"BM....") == "image/bmp"
    assert blob_content_type(b"RIFF\x00\x00\x00\x00WAVEfmt ") == "audio/wav"
    assert blob_content_type(b"<html><script>") == "application/octet-stream"
