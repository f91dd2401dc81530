"""Tag regexes come from event files: one crafted pattern must not stall the layout route."""

from __future__ import annotations

import faulthandler
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from trainboard import SummaryWriter
from trainboard.plugins.custom_scalars.routes import match_tags
from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings
from trainboard.store import read

# Backtracking `re` tries about 2**40 ways to split this tag before giving up; RE2 reads it once.
EVIL_TAG = "a" * 40 + "!"


@pytest.fixture
def hard_deadline() -> Iterator[None]:
    """Ends the test process after 60 s. pytest-timeout cannot: a backtracking match holds the GIL in
    C, so neither its signal handler nor its timer thread would run; faulthandler's C thread does."""
    faulthandler.dump_traceback_later(60, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def test_a_catastrophic_backtracking_layout_is_answered(tmp_path: Path, hard_deadline: None) -> None:
    with SummaryWriter(str(tmp_path / "run")) as w:
        w.add_custom_scalars({"Evil": {"chart": ["Multiline", ["(a+)+$", "(x+x+)+y", "loss"]]}})
        w.add_scalar(EVIL_TAG, 1.0, 0)
        w.add_scalar("x" * 40, 1.0, 0)
        w.add_scalar("loss", 1.0, 0)
    app = create_app(read(str(tmp_path), load=False), ServerSettings(logdir=str(tmp_path), api_only=True))
    with TestClient(app, base_url="http://localhost") as client:
        app.fastapi.state.live.wait_loaded(30)
        response = client.get("/api/custom_scalars/layout")
    assert response.status_code == 200
    chart = response.json()["categories"][0]["charts"][0]
    assert chart["matches"] == [{"run": "run", "tag": "loss"}]
    assert chart["error"] is None


def test_patterns_only_pythons_re_knows_are_reported_and_the_rest_still_match() -> None:
    tags = {"r": ["loss/a", "loss/b", "aa"]}
    matches, error = match_tags([r"(a)\1", "loss/"], tags)
    assert matches == [{"run": "r", "tag": "loss/a"}, {"run": "r", "tag": "loss/b"}]
    assert error is not None and "back-references" in error and "(a)\\\\1" in error
    _matches, error = match_tags(["(?<=x)a"], tags)
    assert error is not None and "lookaround" in error
    _matches, error = match_tags(["loss("], tags)
    assert error is not None and "not a valid regular expression" in error
