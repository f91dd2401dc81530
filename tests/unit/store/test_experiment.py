"""The read API: runs, tags, errors that say what to do, DataFrames, reading while reloading."""

from __future__ import annotations

import os
import sys
import threading

import numpy as np
import pytest

import trainboard
from trainboard._reader import read
from trainboard.errors import InvalidArgumentError, MissingExtraError, RunNotFoundError, TagNotFoundError
from trainboard.events import messages as m
from trainboard.events.records import frame


def scalar(tag: str, step: int, value: float) -> bytes:
    value_ = m.SummaryValue(tag=tag, simple_value=value)
    return frame(m.Event(wall_time=100.0 + step, step=step, summary=m.Summary(value=[value_])).encode())


def write_run(root, run: str, tags=("loss",), steps=range(3)) -> None:
    folder = root / run if run != "." else root
    folder.mkdir(parents=True, exist_ok=True)
    data = b"".join(scalar(t, s, float(s)) for s in steps for t in tags)
    with open(folder / "events.out.tfevents.1.host", "ab") as f:
        f.write(data)


def test_runs_are_directories_holding_event_files_at_any_depth(tmp_path):
    write_run(tmp_path, ".")
    write_run(tmp_path, "ppo/seed0")
    write_run(tmp_path, "ppo/seed1/deep")
    write_run(tmp_path, "REINFORCE ünïcode")
    (tmp_path / "empty_dir").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("not events")
    assert read(tmp_path).runs == [".", "REINFORCE ünïcode", "ppo/seed0", "ppo/seed1/deep"]


def test_named_logdirs_prefix_their_runs(tmp_path):
    write_run(tmp_path / "a", "x")
    write_run(tmp_path / "b", ".")
    exp = read(f"first:{tmp_path / 'a'},second:{tmp_path / 'b'}")
    assert exp.runs == ["first/x", "second"]
    assert read({"n": str(tmp_path / "b")}).runs == ["n"]
    assert read([str(tmp_path / "a"), str(tmp_path / "b")]).runs == [".", "x"]


def test_a_logdir_that_does_not_exist_yet_has_no_runs_until_written(tmp_path):
    exp = read(tmp_path / "later", load=False)
    assert exp.runs == []
    write_run(tmp_path / "later", "r")
    result = exp.reload()
    assert result.new_runs == {"r"} and exp.runs == ["r"]


def test_a_removed_run_disappears_on_reload(tmp_path):
    write_run(tmp_path, "a")
    write_run(tmp_path, "b")
    exp = read(tmp_path)
    (tmp_path / "b" / "events.out.tfevents.1.host").unlink()
    assert exp.reload().removed_runs == {"b"}
    assert exp.runs == ["a"]


def test_unknown_run_or_tag_raises_an_error_naming_what_exists(tmp_path):
    write_run(tmp_path, "a", tags=("loss", "acc"))
    exp = read(tmp_path)
    with pytest.raises(RunNotFoundError, match=r"No run 'b'.*runs: a") as err:
        exp.scalar_arrays("b", "loss")
    assert err.value.http_code == 404 and isinstance(err.value, KeyError)
    with pytest.raises(TagNotFoundError, match=r"known scalar tags: acc, loss"):
        exp.scalar_arrays("a", "lr")
    with pytest.raises(TagNotFoundError):
        exp.tensor_series("a", "loss")  # a scalar tag is not a tensor tag
    with pytest.raises(InvalidArgumentError):
        read(42)  # type: ignore[arg-type]


def test_tags_and_tag_infos_describe_each_series(tmp_path):
    write_run(tmp_path, "a", tags=("loss", "acc"), steps=range(5, 10))
    exp = read(tmp_path)
    assert exp.tags() == {"a": {"scalars": ["acc", "loss"]}}
    info = exp.tag_infos("scalars")["a"]["loss"]
    assert (info.count, info.first_step, info.last_step, info.last_wall_time) == (5, 5, 9, 109.0)
    assert info.display_name == "loss" and info.data_class == m.DATA_CLASS_SCALAR
    assert exp.tag_infos("images") == {}
    assert exp.run_start_time("a") == 105.0


def test_scalars_dataframe_has_every_point_with_run_and_tag(tmp_path):
    write_run(tmp_path, "a", tags=("loss", "acc"), steps=range(1000))
    write_run(tmp_path, "b", tags=("loss",), steps=range(10))
    exp = read(tmp_path)
    frame_ = exp.scalars()
    assert list(frame_.columns) == ["run", "tag", "step", "wall_time", "value"]
    assert len(frame_) == 2010
    only = exp.scalars(run="a", tag="loss")
    assert len(only) == 1000 and set(only.tag) == {"loss"} and only.step.iloc[-1] == 999
    with pytest.raises(TagNotFoundError):
        exp.scalars(tag="nope")


def test_dataframes_without_pandas_name_the_extra_to_install(tmp_path, monkeypatch):
    write_run(tmp_path, "a")
    exp = read(tmp_path)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"trainboard\[pandas\]"):
        exp.scalars()
    # the numpy API needs no pandas
    assert exp.scalar_arrays("a", "loss").step.tolist() == [0, 1, 2]


def test_scalar_arrays_is_also_reachable_from_the_package(tmp_path):
    write_run(tmp_path, "a")
    exp = trainboard.read(str(tmp_path))
    assert isinstance(exp, trainboard.Experiment)
    assert exp.scalar_arrays("a", "loss").value.tolist() == [0.0, 1.0, 2.0]


def test_fsspec_urls_are_read_like_local_paths():
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    png = b"\x89PNG" + bytes(range(200))
    image = m.SummaryValue(tag="img", image=m.SummaryImage(height=1, width=2, encoded_image_string=png))
    with fs.open("/tbtest/run1/events.out.tfevents.1.host", "wb") as f:
        f.write(b"".join(scalar("loss", s, float(s)) for s in range(4)))
        f.write(frame(m.Event(wall_time=1.0, step=1, summary=m.Summary(value=[image])).encode()))
    try:
        exp = read("memory://tbtest")
        assert exp.runs == ["run1"]
        assert exp.scalar_arrays("run1", "loss").step.tolist() == [0, 1, 2, 3]
        [datum] = exp.blob_series("run1", "img")
        assert exp.read_blob(datum.blobs[2].blob_id) == png
    finally:
        fs.rm("/tbtest", recursive=True)


def test_readers_see_consistent_columns_while_another_thread_reloads(tmp_path):
    write_run(tmp_path, "a", steps=range(10))
    exp = read(tmp_path)
    stop = threading.Event()
    errors: list[str] = []

    def reader() -> None:
        while not stop.is_set():
            arrays = exp.scalar_arrays("a", "loss")
            n = len(arrays.step)
            if not (len(arrays.value) == len(arrays.wall_time) == n):
                errors.append("columns of different lengths")
            if n and not np.array_equal(arrays.value, arrays.step.astype(float)):
                errors.append("values do not match their steps")

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    for batch in range(10, 3000, 150):
        write_run(tmp_path, "a", steps=range(batch, batch + 150))
        exp.reload()
    stop.set()
    for t in threads:
        t.join()
    assert errors == []
    assert exp.scalar_arrays("a", "loss").step.tolist() == list(range(3010))


def test_an_unreadable_run_is_reported_and_the_others_still_load(tmp_path, monkeypatch):
    from trainboard.errors import LogdirError
    from trainboard.store.logdir import Logdir

    write_run(tmp_path, "bad")
    write_run(tmp_path, "good")
    real_open = Logdir.open

    def failing_open(self, path):
        if "bad" in path:
            raise LogdirError(f"cannot read event file {path}: permission denied")
        return real_open(self, path)

    monkeypatch.setattr(Logdir, "open", failing_open)
    exp = read(tmp_path)
    assert exp.scalar_arrays("good", "loss").step.tolist() == [0, 1, 2]
    assert len(exp.warnings) == 1 and "permission denied" in exp.warnings[0]


def test_hparams_metric_value_picks_the_last_min_or_max_of_each_metric(tmp_path):
    pytest.importorskip("pandas")
    with trainboard.SummaryWriter(str(tmp_path / "trial")) as writer:
        for step, loss in enumerate([0.9, 0.2, 0.5]):
            writer.add_scalar("loss", loss, step)
        writer.add_hparams({"lr": 0.1}, {"loss": 0.5}, run_name=".", global_step=3)
    exp = read(str(tmp_path))
    assert exp.hparams()["loss"].tolist() == pytest.approx([0.5])
    assert exp.hparams(metric_value="min")["loss"].tolist() == pytest.approx([0.2])
    assert exp.hparams(metric_value="max")["loss"].tolist() == pytest.approx([0.9])
    assert exp.hparams(metric_value="last")["lr"].tolist() == pytest.approx([0.1])
    with pytest.raises(InvalidArgumentError, match="last, min, max"):
        exp.hparams(metric_value="mean")  # type: ignore[arg-type]


def test_reading_a_logdir_that_does_not_exist_says_which_and_what_to_pass(tmp_path):
    from trainboard.errors import LogdirError

    with pytest.raises(LogdirError, match=r"logdir .*nope does not exist; pass the folder"):
        read(str(tmp_path / "nope"))
    # The server opens it without loading and waits for it to appear.
    assert read(str(tmp_path / "nope"), load=False).runs == []


def test_a_reload_told_which_files_grew_reads_them_and_lists_nothing(tmp_path, monkeypatch):
    from trainboard.store import logdir as logdir_module

    def point(step: int) -> bytes:
        value = m.SummaryValue(tag="loss", simple_value=float(step))
        return frame(m.Event(wall_time=1.0, step=step, summary=m.Summary(value=[value])).encode())

    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        (tmp_path / run / "events.out.tfevents.1.h").write_bytes(point(0))
    exp = trainboard.Experiment(str(tmp_path))
    exp.reload()
    grown = tmp_path / "b" / "events.out.tfevents.1.h"
    with open(grown, "ab") as f:
        f.write(point(1))
    listed = []
    real_scandir = os.scandir
    monkeypatch.setattr(logdir_module.os, "scandir", lambda p: listed.append(p) or real_scandir(p))
    result = exp.reload(changed_files=[str(grown)])
    assert result.changed_runs == {"b"} and listed == []
    assert exp.scalar_arrays("b", "loss").step.tolist() == [0, 1]
    # A path it does not know (a new run) makes it list the logdir again.
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "events.out.tfevents.1.h").write_bytes(point(0))
    result = exp.reload(changed_files=[str(tmp_path / "c" / "events.out.tfevents.1.h")])
    assert result.new_runs == {"c"} and listed


@pytest.mark.parametrize("compiled", [True, False])
def test_quiet_reloads_still_see_appends_new_runs_and_removals(tmp_path, monkeypatch, compiled):
    # After reloads that found nothing (their walk and sizes are then checked in one batch), every
    # kind of change must still show: an append, a run in a new nested folder, a removed run.
    from trainboard.store import logdir as logdir_module
    from trainboard.store import scanner as scanner_module

    monkeypatch.setattr(logdir_module, "RACY_NS", -(10**20))  # fresh folders count as settled
    if not compiled:  # the scanner not built: batched stats are an os.stat loop
        monkeypatch.setattr(scanner_module, "_scan", None)
        monkeypatch.setattr(scanner_module, "_FALLBACK_WARNED", True)  # warned of elsewhere
    write_run(tmp_path, "g/a")
    write_run(tmp_path, "g/b")
    exp = trainboard.Experiment(str(tmp_path))
    exp.reload()
    listed = []
    real_scandir = os.scandir
    monkeypatch.setattr(logdir_module.os, "scandir", lambda p: listed.append(p) or real_scandir(p))
    for _ in range(2):
        result = exp.reload()
        assert not (result.changed_runs or result.new_runs or result.removed_runs)
    assert listed == [os.fspath(tmp_path)] * 2  # only the logdir's readability check: no folder listed
    assert exp.progress.files_done == exp.progress.files_total == 2
    write_run(tmp_path, "g/b", steps=range(3, 5))
    assert exp.reload().changed_runs == {"g/b"}
    assert exp.scalar_arrays("g/b", "loss").step.tolist() == [0, 1, 2, 3, 4]
    exp.reload()
    exp.reload()
    write_run(tmp_path, "g/deep/c")
    assert exp.reload().new_runs == {"g/deep/c"}
    exp.reload()
    for path in (tmp_path / "g" / "a").iterdir():
        path.unlink()
    (tmp_path / "g" / "a").rmdir()
    assert exp.reload().removed_runs == {"g/a"}
    assert exp.runs == ["g/b", "g/deep/c"]


def test_a_quiet_watcher_reload_of_one_run_does_not_hide_an_append_to_another(tmp_path, monkeypatch):
    # The quick check of a full reload compares every file's size; a reload narrowed to the files a
    # watcher reported (one run here) must not leave behind a check that covers only that run.
    from trainboard.store import logdir as logdir_module

    monkeypatch.setattr(logdir_module, "RACY_NS", -(10**20))  # fresh folders count as settled
    write_run(tmp_path, "a")
    write_run(tmp_path, "b")
    exp = trainboard.Experiment(str(tmp_path))
    exp.reload()
    exp.reload()  # quiet: the next full reload takes the quick check
    assert not exp.reload(changed_files=[str(tmp_path / "a" / "events.out.tfevents.1.host")]).changed_runs
    write_run(tmp_path, "b", steps=range(3, 5))
    assert exp.reload().changed_runs == {"b"}
    assert exp.scalar_arrays("b", "loss").step.tolist() == [0, 1, 2, 3, 4]
