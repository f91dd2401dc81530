"""The Host check that stops DNS rebinding: which Host headers name this server."""

from __future__ import annotations

import pytest

from trainboard.server.security import host_allowed
from trainboard.server.serve import served_names


@pytest.mark.parametrize(
    "host",
    [
        "",
        "localhost",
        "localhost:6006",
        "LOCALHOST.:6006",
        "127.0.0.1:6006",
        "127.8.9.1",
        "[::1]:6006",
        "[::1]",
        "10.1.2.3:80",
        "[fe80::1]:6006",
        "gpu7:6006",
        "gpu7.lab.example",
        "x.corp.example:1",
    ],
)
def test_local_names_ip_literals_and_configured_names_pass(host: str) -> None:
    assert host_allowed(host, frozenset({"gpu7", "gpu7.lab.example", ".corp.example"}))


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:6006",
        "localhost.evil.example",
        "127.0.0.1.evil.example",
        "[::1].evil",
        "gpu7.evil.example",
        "corp.example.evil",
        "xlocalhost",
    ],
)
def test_other_names_are_refused(host: str) -> None:
    assert not host_allowed(host, frozenset({"gpu7", ".corp.example"}))


def test_bind_all_adds_this_machines_names_and_host_adds_its_own() -> None:
    import socket

    assert served_names(None, False) == ()
    assert served_names("localhost", False) == ()
    assert served_names("gpu7.lab", False) == ("gpu7.lab",)
    assert socket.gethostname() in served_names(None, True)
