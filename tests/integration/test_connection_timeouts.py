"""Idle and slowloris connections end: a real server subprocess, real sockets."""

from __future__ import annotations

import socket
import time
from typing import Any
from urllib.parse import urlsplit

import pytest

from trainboard.server.serve import KEEP_ALIVE_SECONDS

Server = Any  # conftest.Server
REQUEST_TIMEOUT = 2.0  # TRAINBOARD_REQUEST_TIMEOUT for these servers
WAIT = 30.0  # far longer than either timeout: a server that never closes fails the test


def _connect(server: Server) -> socket.socket:
    where = urlsplit(server.url)
    sock = socket.create_connection((where.hostname, where.port), timeout=WAIT)
    return sock


def _read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes; a timeout here fails the test."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


@pytest.fixture
def server(server_factory, torch_logdir, monkeypatch) -> Server:
    monkeypatch.setenv("TRAINBOARD_REQUEST_TIMEOUT", str(REQUEST_TIMEOUT))
    server = server_factory(torch_logdir)
    server.wait_loaded()  # the first load competes for the cores; let it finish first
    return server


def test_a_connection_that_sends_nothing_is_closed(server: Server) -> None:
    with _connect(server) as sock:
        assert b"408" in _read_until_closed(sock).split(b"\r\n", 1)[0]


def test_a_request_head_trickled_byte_by_byte_is_cut_off(server: Server) -> None:
    head = b"GET /api/runs HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 200
    with _connect(server) as sock:
        sent = 0
        try:
            for byte in head:
                sock.sendall(bytes([byte]))
                sent += 1
                time.sleep(0.05)  # well under any per-byte timer: only a deadline stops this
        except (BrokenPipeError, ConnectionResetError):
            pass
        assert sent < len(head), "the server read the whole trickled head"
        response = _read_until_closed(sock) if sent == len(head) else b""
        assert b"200 OK" not in response


def test_an_idle_kept_alive_connection_is_closed_and_whole_requests_still_work(server: Server) -> None:
    with _connect(server) as sock:
        sock.sendall(b"GET /api/runs HTTP/1.1\r\nHost: localhost\r\n\r\n")
        first = b""
        while b"\r\n\r\n" not in first:
            first += sock.recv(65536)
        head, _, body = first.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), head
        length = int(next(h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length:"))[15:])
        while len(body) < length:
            body += sock.recv(65536)
        assert _read_until_closed(sock) == b""  # closed after KEEP_ALIVE_SECONDS, not after WAIT
        assert KEEP_ALIVE_SECONDS < WAIT
