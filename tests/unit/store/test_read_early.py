"""During a load, runs are listed before they are read, and asking for a run the load has not read yet
reads that run at once (all of it) instead of waiting for the rest of the logdir."""

from __future__ import annotations

import threading

import pytest

from trainboard.events import messages as m
from trainboard.events.records import frame
from trainboard.store import Experiment
from trainboard.store.loader import RunLoader


def _value(step: int) -> m.SummaryValue:
    return m.SummaryValue(tag="loss", simple_value=float(step))


def _write_run(root, run: str, steps: int) -> None:
    folder = root / run
    folder.mkdir(parents=True)
    events = [
        m.Event(wall_time=100.0 + s, step=s, summary=m.Summary(value=[_value(s)])) for s in range(steps)
    ]
    (folder / "events.out.tfevents.1.host").write_bytes(b"".join(frame(e.encode()) for e in events))


@pytest.fixture
def held_load(tmp_path, monkeypatch):
    """A logdir of runs a, m, z whose load is held while it reads run "a" (the first): yields the
    experiment, the reload thread and the event that lets the load go on."""
    for run, steps in (("a", 3), ("m", 4), ("z", 5)):
        _write_run(tmp_path, run, steps)
    entered, release = threading.Event(), threading.Event()
    load = RunLoader.load

    def held(self, *args, **kwargs):
        if self.name == "a" and threading.current_thread().name == "held-reload":
            entered.set()
            assert release.wait(10)
        return load(self, *args, **kwargs)

    monkeypatch.setattr(RunLoader, "load", held)
    exp = Experiment(str(tmp_path))
    results = []
    thread = threading.Thread(target=lambda: results.append(exp.reload()), name="held-reload")
    thread.start()
    assert entered.wait(10)
    try:
        yield exp, release, results
    finally:
        release.set()
        thread.join(10)


def test_runs_are_listed_before_their_files_are_read(held_load) -> None:
    exp, _release, _results = held_load
    assert exp.runs == ["a", "m", "z"]
    assert [(run, has_tags) for run, _start, has_tags in exp.run_list()] == [
        ("a", False),
        ("m", False),
        ("z", False),
    ]
    assert not any(exp.is_read(run) for run in ("a", "m", "z"))


def test_a_run_asked_for_during_the_load_is_read_at_once_and_in_full(held_load) -> None:
    exp, release, results = held_load
    arrays = exp.scalar_arrays("z", "loss")  # "a" is still being read: "z" is read now
    assert arrays.step.tolist() == [0, 1, 2, 3, 4]
    assert exp.is_read("z") and not exp.is_read("a") and not exp.is_read("m")
    assert exp.progress.loading
    assert exp.tag_infos("scalars", ["m"])["m"]["loss"]  # narrowed listings read their runs too
    assert exp.is_read("m") and not exp.is_read("a")
    release.set()
    for _ in range(100):
        if results:
            break
        threading.Event().wait(0.1)
    # The load does not read them twice, still reports them as changed, and counts every file once.
    assert results and results[0].changed_runs == {"a", "m", "z"}
    assert exp.scalar_arrays("z", "loss").step.tolist() == [0, 1, 2, 3, 4]
    assert exp.scalar_arrays("a", "loss").step.tolist() == [0, 1, 2]
    progress = exp.progress
    assert progress.files_done == progress.files_total == 3 and not progress.loading
    assert all(exp.is_read(run) for run in ("a", "m", "z")) and not exp.is_read("nope")


def test_outside_a_load_asking_for_a_run_reads_nothing(tmp_path) -> None:
    _write_run(tmp_path, "a", 2)
    exp = Experiment(str(tmp_path))
    exp.reload()
    _write_run(tmp_path, "b", 2)  # new on disk, not yet reloaded
    assert exp.scalar_arrays("a", "loss").step.tolist() == [0, 1]
    assert exp.runs == ["a"]


def test_a_run_asked_for_during_a_restart_comes_from_the_column_cache(tmp_path, monkeypatch) -> None:
    """On a restart, a run asked for while the load is restoring is restored from the cache too
    (and only what was appended since is read), not scanned again from its first byte."""
    from trainboard.store import cache as cache_module
    from trainboard.store.cache import ColumnCache

    monkeypatch.setattr(cache_module, "MIN_BYTES", 0)  # these runs are tiny
    logdir, cache_dir = tmp_path / "logs", tmp_path / "cache"
    for run, steps in (("a", 3), ("m", 4), ("z", 5)):
        _write_run(logdir, run, steps)
    Experiment(str(logdir), cache_dir=str(cache_dir)).reload()  # fills the cache
    z_file = logdir / "z" / "events.out.tfevents.1.host"
    cached = z_file.stat().st_size
    with z_file.open("ab") as f:  # appended since
        f.write(frame(m.Event(wall_time=200.0, step=5, summary=m.Summary(value=[_value(5)])).encode()))

    entered, release = threading.Event(), threading.Event()
    restore, scanned_from = ColumnCache.restore, []
    load = RunLoader.load

    def held_restore(self, loader, *args, **kwargs):
        if threading.current_thread() is not threading.main_thread():  # the load's restores wait
            entered.set()
            assert release.wait(10)
        return restore(self, loader, *args, **kwargs)

    def recorded_load(self, *args, **kwargs):
        scanned_from.append((self.name, {path: st.offset for path, st in self.files.items()}))
        return load(self, *args, **kwargs)

    monkeypatch.setattr(ColumnCache, "restore", held_restore)
    monkeypatch.setattr(RunLoader, "load", recorded_load)
    exp = Experiment(str(logdir), cache_dir=str(cache_dir))
    thread = threading.Thread(target=exp.reload, name="held-reload")
    thread.start()
    try:
        assert entered.wait(10)
        assert exp.scalar_arrays("z", "loss").step.tolist() == [0, 1, 2, 3, 4, 5]
        # "z" was read from where its cached columns end, not from its first byte.
        assert [offsets for run, offsets in scanned_from if run == "z"] == [{str(z_file): cached}]
    finally:
        release.set()
        thread.join(10)
    assert exp.scalar_arrays("a", "loss").step.tolist() == [0, 1, 2]
