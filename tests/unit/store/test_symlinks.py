"""The symlink rule of a local logdir (store/logdir.py) and the bound on one listing."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from trainboard.errors import LogdirError
from trainboard.events import messages as m
from trainboard.events.records import frame
from trainboard.store import logdir as logdir_module
from trainboard.store.blobs import decode_blob_id, located_ref
from trainboard.store.logdir import Logdir, Source


def _event_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "events.out.tfevents.1.h"
    value = m.SummaryValue(tag="loss", simple_value=1.0)
    path.write_bytes(frame(m.Event(wall_time=1.0, step=1, summary=m.Summary(value=[value])).encode()))
    return path


def test_links_inside_the_logdir_are_followed_and_a_second_way_in_is_listed_once(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    _event_file(logs / "a")
    (logs / "alias").symlink_to(logs / "a", target_is_directory=True)
    (logs / "b").mkdir()
    (logs / "b" / "events.out.tfevents.2.h").symlink_to(logs / "a" / "events.out.tfevents.1.h")
    (logs / "self").symlink_to(logs, target_is_directory=True)
    assert sorted(Logdir(Source("", str(logs))).discover()) == ["a", "b"]


def test_a_logdir_given_as_a_symlink_is_resolved_once(tmp_path: Path) -> None:
    _event_file(tmp_path / "real" / "run")
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    logdir = Logdir(Source("", str(tmp_path / "link")))
    runs = logdir.discover()
    assert list(runs) == ["run"]
    with logdir.open(runs["run"][0]) as f:
        assert f.read(8)


def test_a_listing_stops_after_the_folder_budget_with_one_warning(tmp_path, monkeypatch, caplog) -> None:
    for i in range(6):
        _event_file(tmp_path / f"run{i}")
    monkeypatch.setattr(logdir_module, "MAX_WALK_DIRS", 3)
    logdir = Logdir(Source("", str(tmp_path)))
    with caplog.at_level(logging.WARNING, logger="trainboard.store"):
        first = logdir.discover()
        logdir.discover()
    assert len(first) == 2  # the logdir itself counts as one folder
    assert [r.getMessage() for r in caplog.records] == [
        f"stopped listing {tmp_path} after 3 folders; point --logdir at the folder that holds your runs"
    ]


def test_open_refuses_a_path_outside_the_roots(tmp_path: Path) -> None:
    outside = _event_file(tmp_path / "outside")
    logdir = Logdir(Source("", str(tmp_path / "logs")))
    _event_file(tmp_path / "logs" / "run")
    logdir.discover()
    with pytest.raises(LogdirError, match="outside the logdir"):
        logdir.open(str(outside))
    with pytest.raises(LogdirError, match="outside the logdir"):
        logdir.open(str(tmp_path / "logs" / "run" / ".." / ".." / "outside" / outside.name))


@pytest.mark.parametrize(
    "blob_id",
    ["", "f", "f1.2", "f1.2.3", "f1.2.3.", "f-1.2.3.0000000000000000", "v!!", "vA", "v" + "A" * 100, "x1"],
)
def test_malformed_and_forged_blob_ids_do_not_decode(blob_id: str) -> None:
    with pytest.raises(ValueError):
        decode_blob_id(blob_id)


def test_an_id_decodes_only_with_its_own_numbers() -> None:
    ref = located_ref(b"x" * 100, 1234, 5)
    assert decode_blob_id(ref.blob_id) == (None, 5, 1234, 100)
    _f, _file, _offset, _length, tag = ref.blob_id.replace("f", "f.", 1).split(".")
    for forged in (f"f5.1234.101.{tag}", f"f5.1233.100.{tag}", f"f6.1234.100.{tag}"):
        with pytest.raises(ValueError):
            decode_blob_id(forged)
