"""Logdir specs and the pure-Python fallback warning."""

from __future__ import annotations

import logging
import os
import time
import warnings

import pytest

from trainboard.errors import InvalidArgumentError, LogdirError
from trainboard.events import messages as m
from trainboard.events.records import frame
from trainboard.store import logdir as logdir_module
from trainboard.store import scanner
from trainboard.store.experiment import Experiment
from trainboard.store.logdir import Source, parse_sources


def test_plain_paths_urls_and_drive_letters_are_not_taken_for_names():
    assert parse_sources("s3://bucket/logs") == [Source("", "s3://bucket/logs")]
    assert parse_sources(r"C:\logs") == [Source("", r"C:\logs")]
    assert parse_sources("a,b") == [Source("", "a"), Source("", "b")]


def test_name_colon_path_pairs_name_their_logdirs():
    assert parse_sources("base:logs/a,new:gs://b/c") == [Source("base", "logs/a"), Source("new", "gs://b/c")]


def test_an_empty_logdir_is_rejected_with_a_hint():
    with pytest.raises(InvalidArgumentError, match="SummaryWriter"):
        parse_sources("")


def test_without_the_compiled_scanner_loading_warns_once_and_still_works(tmp_path, monkeypatch):
    value = m.SummaryValue(tag="loss", simple_value=1.0)
    (tmp_path / "events.out.tfevents.1.h").write_bytes(
        frame(m.Event(wall_time=1.0, step=3, summary=m.Summary(value=[value])).encode())
    )
    monkeypatch.setattr(scanner, "_scan", None)
    monkeypatch.setattr(scanner, "_FALLBACK_WARNED", False)
    with pytest.warns(RuntimeWarning, match="pip install -e"):
        exp = Experiment(str(tmp_path))
        exp.reload()
    assert exp.scalar_arrays(".", "loss").step.tolist() == [3]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Experiment(str(tmp_path)).reload()


def test_symlinked_runs_are_read_and_link_cycles_do_not_hang(tmp_path):
    value = m.SummaryValue(tag="loss", simple_value=1.0)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "events.out.tfevents.1.h").write_bytes(
        frame(m.Event(wall_time=1.0, step=1, summary=m.Summary(value=[value])).encode())
    )
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "linked").symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / "loop").symlink_to(logs, target_is_directory=True)
    exp = Experiment(str(logs))
    exp.reload()
    assert exp.runs == ["linked"]


def test_a_single_event_file_reads_as_run_dot(tmp_path):
    value = m.SummaryValue(tag="loss", simple_value=2.0)
    path = tmp_path / "events.out.tfevents.1.h"
    path.write_bytes(frame(m.Event(wall_time=1.0, step=4, summary=m.Summary(value=[value])).encode()))
    exp = Experiment(str(path))
    exp.reload()
    assert exp.runs == ["."]
    assert exp.scalar_arrays(".", "loss").step.tolist() == [4]


def test_an_empty_entry_or_name_in_a_logdir_spec_is_rejected_with_the_form_to_use():
    with pytest.raises(InvalidArgumentError, match="single commas"):
        parse_sources("a:logs/a,,b:logs/b")
    with pytest.raises(InvalidArgumentError, match="name:path"):
        parse_sources(":logs/a")


def test_a_plain_file_as_logdir_says_to_pass_its_folder(tmp_path):
    path = tmp_path / "train.py"
    path.write_text("print()")
    with pytest.raises(LogdirError, match=f"^logdir {path} is a file, not a directory.*{tmp_path}"):
        Experiment(str(path)).reload()


def test_an_unlistable_logdir_raises_instead_of_looking_empty(tmp_path, monkeypatch):
    def denied(path):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(logdir_module.os, "scandir", denied)
    with pytest.raises(LogdirError, match="Permission denied"):
        Experiment(str(tmp_path)).reload()


def test_an_unlistable_run_folder_is_skipped_with_one_warning_and_the_others_load(
    tmp_path, monkeypatch, caplog
):
    value = m.SummaryValue(tag="loss", simple_value=1.0)
    for run in ("ok", "locked"):
        (tmp_path / run).mkdir()
        (tmp_path / run / "events.out.tfevents.1.h").write_bytes(
            frame(m.Event(wall_time=1.0, step=1, summary=m.Summary(value=[value])).encode())
        )
    real_scandir = os.scandir

    def scandir(path):
        # Behaves as os.scandir does on a folder without read permission (root ignores chmod).
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(logdir_module.os, "scandir", scandir)
    exp = Experiment(str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="trainboard.store"):
        exp.reload()
        exp.reload()
    assert exp.runs == ["ok"]
    assert [r.getMessage() for r in caplog.records] == [f"skipping {tmp_path / 'locked'}: Permission denied"]


def _scalar_file(path, step: int = 1) -> None:
    value = m.SummaryValue(tag="loss", simple_value=1.0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(frame(m.Event(wall_time=1.0, step=step, summary=m.Summary(value=[value])).encode()))


def _age(monkeypatch) -> None:
    """Make every folder look changed long ago (ctime cannot be set), so listings may be reused."""
    monkeypatch.setattr(logdir_module, "RACY_NS", -(10**20))


def test_an_unchanged_folder_is_not_listed_again(tmp_path, monkeypatch):
    for run in ("a", "b"):
        _scalar_file(tmp_path / run / "events.out.tfevents.1.h")
    _age(monkeypatch)
    logdir = logdir_module.Logdir(Source("", str(tmp_path)))
    first = logdir.discover()
    listed = []
    real_scandir = os.scandir
    monkeypatch.setattr(logdir_module.os, "scandir", lambda p: listed.append(p) or real_scandir(p))
    # Only the logdir itself is opened (to tell an unreadable logdir from an empty one).
    assert logdir.discover() == first and listed == [str(tmp_path)]


def test_a_run_added_to_a_reused_listing_is_found(tmp_path, monkeypatch):
    _scalar_file(tmp_path / "a" / "events.out.tfevents.1.h")
    _age(monkeypatch)
    exp = Experiment(str(tmp_path))
    exp.reload()
    exp.reload()  # the listings of both folders are kept now
    time.sleep(0.05)  # past the kernel's coarse clock tick, so the changes below move the ctimes
    _scalar_file(tmp_path / "b" / "events.out.tfevents.1.h")  # moves the logdir's mtime
    _scalar_file(tmp_path / "a" / "events.out.tfevents.2.h", step=2)  # moves a's
    result = exp.reload()
    assert result.new_runs == {"b"} and exp.scalar_arrays("a", "loss").step.tolist() == [1, 2]


def test_a_folder_changed_just_before_its_listing_is_listed_again(tmp_path, monkeypatch):
    # Within RACY_NS of its last change, a folder may change again in the same clock tick.
    _scalar_file(tmp_path / "a" / "events.out.tfevents.1.h")
    logdir = logdir_module.Logdir(Source("", str(tmp_path)))
    logdir.discover()
    listed = []
    real_scandir = os.scandir
    monkeypatch.setattr(logdir_module.os, "scandir", lambda p: listed.append(p) or real_scandir(p))
    logdir.discover()
    assert len(listed) >= 2


def test_a_file_replaced_by_a_link_outside_is_refused_even_after_a_read(tmp_path):
    outside = tmp_path / "outside" / "events.out.tfevents.9.h"
    _scalar_file(outside)
    path = tmp_path / "logs" / "events.out.tfevents.1.h"
    _scalar_file(path)
    logdir = logdir_module.Logdir(Source("", str(tmp_path / "logs")))
    [files] = logdir.discover().values()
    logdir.open(files[0]).close()  # its identity is known now
    path.unlink()
    path.symlink_to(outside)
    with pytest.raises(LogdirError, match="outside the logdir"):
        logdir.open(files[0])
