"""Hostile and malformed requests get a 4xx JSON error, never a file or a trace; the server keeps serving."""

from __future__ import annotations

import socket
from typing import Any
from urllib.parse import urlsplit

import pytest

Server = Any  # conftest.Server


@pytest.mark.parametrize(
    "path",
    [
        "/api/blob/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/blob/%2Fetc%2Fpasswd",
        "/api/blob/AAAA",
        "/api/blob/" + "A" * 5000,
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/data/plugin/scalars/scalars?run=../../../../etc&tag=passwd",
        "/api/scalars?run=%2Fetc&tag=passwd",
    ],
)
def test_paths_outside_the_logdir_are_refused(torch_server: Server, path: str) -> None:
    response = torch_server.get(path)
    assert 400 <= response.status_code < 500
    assert "root:" not in response.text
    assert response.json()["error"]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"run": "adam", "tag": "loss", "points": "abc"}, "points"),
        ({"run": "adam", "tag": "loss", "points": "0"}, "points"),
        ({"run": "adam", "tag": "loss", "points": "100000000"}, "points"),
        ({"run": "adam", "tag": "loss", "smoothing": "1.5"}, "smoothing"),
        ({"run": "adam", "tag": "loss", "smoothing": "nan"}, "smoothing"),
        ({"run": "adam", "tag": "loss", "x": "epoch"}, "x"),
        ({"run": "adam", "tag": "loss", "start": "10", "end": "5"}, "start"),
        ({"run": "adam"}, "tag"),
        ({"run": "x" * 5000, "tag": "loss"}, "run"),
        ({"run": "nope", "tag": "loss"}, "nope"),
        ({"run": "adam", "tag": "nope"}, "nope"),
        ({"run": "adam", "tag": "sample"}, "sample"),
    ],
)
def test_malformed_scalar_requests_get_a_400_or_404_naming_the_problem(
    torch_server: Server, params: dict[str, str], fragment: str
) -> None:
    response = torch_server.get("/api/scalars", params=params)
    assert response.status_code in (400, 404)
    body = response.json()
    assert fragment in body["error"] and "Traceback" not in body["error"]
    assert "\n" not in body["error"]


def test_unknown_api_route_is_a_json_404_not_the_app_shell(torch_server: Server) -> None:
    response = torch_server.get("/api/nothing/here")
    assert response.status_code == 404 and "error" in response.json()


def test_oversized_request_line_is_refused_and_the_server_keeps_serving(torch_server: Server) -> None:
    huge = torch_server.url + "api/scalars?run=" + "a" * 200_000 + "&tag=x"
    try:
        status = torch_server.client.get(huge).status_code
    except Exception:  # the server may simply close the connection
        status = 400
    assert 400 <= status < 500
    assert torch_server.get("/api/runs").status_code == 200


def test_garbage_bytes_on_the_socket_do_not_stop_the_server(torch_server: Server) -> None:
    address = urlsplit(torch_server.url)
    with socket.create_connection((address.hostname, address.port), timeout=5) as sock:
        sock.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 NOT HTTP\r\n\r\n")
        sock.recv(1024)
    assert torch_server.get("/api/runs").status_code == 200


def test_unsupported_method_is_a_json_405(torch_server: Server) -> None:
    response = torch_server.client.post(torch_server.url + "api/runs")
    assert response.status_code == 405 and response.json()["error"]
