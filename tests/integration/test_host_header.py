"""A real server refuses a DNS rebinding Host header with a 403 and keeps answering localhost."""

from __future__ import annotations

import socket
from typing import Any
from urllib.parse import urlsplit

Server = Any  # conftest.Server


def _status(server: Server, host: str) -> tuple[int, bytes]:
    """Status and body of GET /api/runs sent with this exact Host header over a plain socket."""
    where = urlsplit(server.url)
    with socket.create_connection(("127.0.0.1", where.port), timeout=10) as sock:
        sock.sendall(f"GET /api/runs HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_a_rebinding_host_is_refused_and_local_names_work(server_factory, torch_logdir) -> None:
    server = server_factory(torch_logdir)
    port = urlsplit(server.url).port
    status, body = _status(server, f"attacker.example:{port}")
    assert status == 403
    assert b"--allowed_hosts" in body
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", "localhost"):
        assert _status(server, host)[0] == 200, host


def test_allowed_hosts_admits_a_proxy_name(server_factory, torch_logdir) -> None:
    server = server_factory(torch_logdir, "--allowed_hosts", "board.lab.example,other")
    assert _status(server, "board.lab.example")[0] == 200
    assert _status(server, "attacker.example")[0] == 403


def test_bind_all_answers_to_this_machines_name(server_factory, torch_logdir) -> None:
    server = server_factory(torch_logdir, "--bind_all")
    port = urlsplit(server.url).port
    assert _status(server, f"{socket.gethostname()}:{port}")[0] == 200
    assert _status(server, f"attacker.example:{port}")[0] == 403
