"""A stale compiled scanner (an editable install after a pull) is recognised, not crashed into."""

from __future__ import annotations

import importlib
import sys
import types

import pytest

from trainboard.store import scanner


@pytest.fixture
def stale_scan(monkeypatch: pytest.MonkeyPatch):
    fake = types.ModuleType("trainboard.events._scan")
    fake.INTERFACE_VERSION = scanner.SCANNER_INTERFACE - 1  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "trainboard.events._scan", fake)
    import trainboard.events as events_pkg

    monkeypatch.setattr(events_pkg, "_scan", fake, raising=False)
    yield importlib.reload(scanner)
    monkeypatch.undo()
    importlib.reload(scanner)


def test_a_stale_scanner_build_falls_back_with_a_reinstall_hint(stale_scan) -> None:
    assert not stale_scan.scanner_available()
    with pytest.warns(RuntimeWarning, match=r"out of date.*pip install -e \."):
        assert stale_scan.new_scanner(True) is None


def test_the_built_scanner_speaks_this_loaders_interface() -> None:
    assert scanner.scanner_available()
    assert scanner._scan.INTERFACE_VERSION == scanner.SCANNER_INTERFACE
