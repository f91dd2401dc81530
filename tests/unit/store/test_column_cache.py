"""The column cache (store/cache.py): a restart serves what was read, and never serves stale data."""

from __future__ import annotations

import logging
import os

import numpy as np
import pytest

from trainboard.events import messages as m
from trainboard.events.records import frame
from trainboard.store import cache as cache_module
from trainboard.store import loader as loader_module
from trainboard.store.experiment import Experiment
from trainboard.store.scanner import scanner_available

pytestmark = pytest.mark.skipif(not scanner_available(), reason="the cache needs the compiled scanner")


@pytest.fixture(autouse=True)
def _cache_small_runs(monkeypatch):
    monkeypatch.setattr(cache_module, "MIN_BYTES", 0)


def points(first: int, n: int, tag: str = "loss", scale: float = 1.0) -> bytes:
    out = []
    for step in range(first, first + n):
        value = m.SummaryValue(tag=tag, simple_value=step * scale)
        out.append(frame(m.Event(wall_time=1.0 + step, step=step, summary=m.Summary(value=[value])).encode()))
    return b"".join(out)


def header() -> bytes:
    return frame(m.Event(wall_time=0.5, file_version="brain.Event:2").encode())


def load(logdir, cache_dir=None) -> Experiment:
    exp = Experiment(str(logdir), cache_dir=None if cache_dir is None else str(cache_dir))
    exp.reload()
    return exp


def contents(exp: Experiment) -> dict:
    out: dict = {"runs": exp.runs, "tags": exp.tags(), "warnings": exp.warnings}
    for run in exp.runs:
        out[("start", run)] = exp.run_start_time(run)
        for tag in exp.tags()[run].get("scalars", []):
            a = exp.scalar_arrays(run, tag)
            out[(run, tag)] = (a.step.tolist(), a.wall_time.tolist(), a.value.tolist())
    return out


def no_reads(monkeypatch) -> None:
    def fail(*_args, **_kwargs):
        raise AssertionError("read an event file the cache holds")

    monkeypatch.setattr(loader_module.RunLoader, "_consume", fail)


@pytest.fixture
def logdir(tmp_path):
    run = tmp_path / "logs" / "a"
    run.mkdir(parents=True)
    (run / "events.out.tfevents.1.h").write_bytes(header() + points(0, 50) + points(0, 50, "acc", 0.5))
    return tmp_path / "logs"


def test_a_restart_serves_the_cached_columns_without_reading_the_files(logdir, tmp_path, monkeypatch):
    first = contents(load(logdir, tmp_path / "cache"))
    assert os.listdir(tmp_path / "cache")
    no_reads(monkeypatch)
    again = load(logdir, tmp_path / "cache")
    assert contents(again) == first
    # The cached columns are read-only, like every column handed out.
    with pytest.raises(ValueError):
        again.scalar_arrays("a", "loss").value[0] = 1.0


def test_a_file_that_grew_is_read_on_from_the_cached_offset(logdir, tmp_path):
    load(logdir, tmp_path / "cache")
    with open(logdir / "a" / "events.out.tfevents.1.h", "ab") as f:
        f.write(points(50, 25))
    restarted = load(logdir, tmp_path / "cache")
    assert contents(restarted) == contents(load(logdir))
    assert restarted.scalar_arrays("a", "loss").step.tolist() == list(range(75))


def test_a_file_replaced_under_its_name_is_read_again(logdir, tmp_path):
    load(logdir, tmp_path / "cache")
    path = logdir / "a" / "events.out.tfevents.1.h"
    new = logdir / "a" / "new.tmp"
    new.write_bytes(header() + points(0, 200, scale=-1.0))  # longer, other values: a new inode
    os.replace(new, path)
    assert contents(load(logdir, tmp_path / "cache")) == contents(load(logdir))


def test_a_file_rewritten_in_place_before_its_offset_is_read_again(logdir, tmp_path):
    load(logdir, tmp_path / "cache")
    path = logdir / "a" / "events.out.tfevents.1.h"
    data = bytearray(path.read_bytes())
    with open(path, "r+b") as f:  # same inode, same length, other bytes near the end
        f.seek(len(data) - 30)
        f.write(bytes(b ^ 0xFF for b in data[-30:]))
        f.write(points(100, 3))
    assert contents(load(logdir, tmp_path / "cache")) == contents(load(logdir))


def test_a_truncated_file_is_read_again(logdir, tmp_path):
    load(logdir, tmp_path / "cache")
    path = logdir / "a" / "events.out.tfevents.1.h"
    os.truncate(path, path.stat().st_size // 2)
    restarted = load(logdir, tmp_path / "cache")
    assert contents(restarted) == contents(load(logdir))
    assert len(restarted.scalar_arrays("a", "loss").step) < 50


def test_a_deleted_file_takes_its_points_away(logdir, tmp_path):
    run = logdir / "a"
    (run / "events.out.tfevents.2.h").write_bytes(points(50, 10))
    load(logdir, tmp_path / "cache")
    (run / "events.out.tfevents.1.h").unlink()
    restarted = load(logdir, tmp_path / "cache")
    assert contents(restarted) == contents(load(logdir))
    assert restarted.scalar_arrays("a", "loss").step.tolist() == list(range(50, 60))
    (run / "events.out.tfevents.2.h").unlink()
    assert load(logdir, tmp_path / "cache").runs == []


@pytest.mark.parametrize("damage", ["flip", "cut", "garbage", "empty"])
def test_a_damaged_cache_file_is_ignored_and_rebuilt(logdir, tmp_path, monkeypatch, caplog, damage):
    expected = contents(load(logdir))
    load(logdir, tmp_path / "cache")
    [name] = os.listdir(tmp_path / "cache")
    cached = tmp_path / "cache" / name
    data = bytearray(cached.read_bytes())
    if damage == "flip":
        data[-40] ^= 0x10  # inside the columns
    elif damage == "cut":
        data = data[: len(data) // 2]
    elif damage == "garbage":
        data = bytearray(np.random.default_rng(0).bytes(len(data)))
    else:
        data = bytearray()
    cached.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="trainboard.store"):
        assert contents(load(logdir, tmp_path / "cache")) == expected
    assert any("damaged" in r.getMessage() and "rebuilding" in r.getMessage() for r in caplog.records)
    # Rebuilt: the next restart reads nothing from the event files.
    no_reads(monkeypatch)
    assert contents(load(logdir, tmp_path / "cache")) == expected


def test_an_unwritable_cache_folder_is_warned_about_once_and_skipped(logdir, tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    (logdir / "b").mkdir()
    (logdir / "b" / "events.out.tfevents.1.h").write_bytes(points(0, 5))
    with caplog.at_level(logging.WARNING, logger="trainboard.store"):
        exp = load(logdir, blocker / "cache")
    assert contents(exp) == contents(load(logdir))
    warnings = [r.getMessage() for r in caplog.records if "column cache" in r.getMessage()]
    assert len(warnings) == 1 and "going on without it" in warnings[0]


def test_runs_with_more_than_scalars_are_not_cached(tmp_path):
    run = tmp_path / "logs" / "a"
    run.mkdir(parents=True)
    text = m.TensorProto(dtype=m.DT_STRING, tensor_shape=m.TensorShapeProto.of([1]), string_val=[b"hi"])
    md = m.SummaryMetadata(plugin_data=m.PluginData(plugin_name="text"))
    value = m.SummaryValue(tag="note", tensor=text, metadata=md)
    note = frame(m.Event(wall_time=1.0, step=0, summary=m.Summary(value=[value])).encode())
    (run / "events.out.tfevents.1.h").write_bytes(points(0, 5) + note)
    load(tmp_path / "logs", tmp_path / "cache")
    assert not (tmp_path / "cache").exists() or os.listdir(tmp_path / "cache") == []
