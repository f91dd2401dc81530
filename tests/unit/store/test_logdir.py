"""Logdir specs and the pure-Python fallback warning."""

from __future__ import annotations

import warnings

import pytest

from trainboard.errors import InvalidArgumentError
from trainboard.events import messages as m
from trainboard.events.records import frame
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
