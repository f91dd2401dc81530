"""EventFileWriter and FileWriter: names, first event, flushing, errors, and exit without close()."""

import os
import re
import socket
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from trainboard import SummaryWriter
from trainboard.errors import WriteError
from trainboard.events import messages as m
from trainboard.events.filewriter import MAX_PENDING, EventFileWriter, FileWriter
from trainboard.events.records import read_records


def _events(path):
    with open(path, "rb") as f:
        data = f.read()
    result = read_records(data)
    assert not result.corruptions
    assert result.end == len(data), "the file ends mid-record"
    return [m.Event.decode(p) for _, p in result.records]


def _scalar(tag, value, step):
    return m.Event(
        wall_time=time.time(),
        step=step,
        summary=m.Summary(value=[m.SummaryValue(tag=tag, simple_value=value)]),
    )


def test_file_name_follows_torch_pattern_with_a_process_wide_counter(tmp_path):
    first = EventFileWriter(str(tmp_path), filename_suffix=".v2")
    second = EventFileWriter(str(tmp_path))
    first.close()
    second.close()
    host = re.escape(socket.gethostname())
    pattern = rf"events\.out\.tfevents\.\d{{10}}\.{host}\.{os.getpid()}\.(\d+)"
    a = re.fullmatch(pattern + r"\.v2", os.path.basename(first.path))
    b = re.fullmatch(pattern, os.path.basename(second.path))
    assert a and b
    assert int(b.group(1)) == int(a.group(1)) + 1


def test_first_event_carries_file_version_and_writer_name_and_is_on_disk_at_once(tmp_path):
    writer = EventFileWriter(str(tmp_path), flush_secs=3600)
    (first,) = _events(writer.path)
    assert first.file_version == "brain.Event:2"
    assert first.source_metadata.writer == "trainboard"
    assert first.wall_time > 0
    writer.close()


def test_flush_puts_every_queued_event_on_disk(tmp_path):
    writer = EventFileWriter(str(tmp_path), max_queue=1000, flush_secs=3600)
    for step in range(50):
        writer.add_payload(_scalar("loss", step / 10, step).encode())
    writer.flush()
    steps = [e.step for e in _events(writer.path)[1:]]
    assert steps == list(range(50))
    writer.close()


def test_events_reach_the_disk_every_flush_secs_without_flush(tmp_path):
    writer = EventFileWriter(str(tmp_path), max_queue=1, flush_secs=0.05)
    writer.add_payload(_scalar("loss", 1.0, 7).encode())
    deadline = time.monotonic() + 10
    while len(_events(writer.path)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert [e.step for e in _events(writer.path)] == [0, 7]
    writer.close()


def test_a_long_queue_is_written_without_an_explicit_flush(tmp_path):
    writer = EventFileWriter(str(tmp_path), max_queue=10**9, flush_secs=3600)
    first_size = os.path.getsize(writer.path)
    payload = _scalar("loss", 1.0, 1).encode()
    for _ in range(MAX_PENDING + 1):
        writer.add_payload(payload)
    deadline = time.monotonic() + 30
    while os.path.getsize(writer.path) == first_size and time.monotonic() < deadline:
        time.sleep(0.05)
    assert os.path.getsize(writer.path) > first_size
    writer.close()
    assert len(_events(writer.path)) == MAX_PENDING + 2


def test_close_is_idempotent_and_writing_after_it_says_so(tmp_path):
    writer = EventFileWriter(str(tmp_path))
    writer.close()
    writer.close()
    with pytest.raises(ValueError, match="closed"):
        writer.add_payload(b"")


def test_unwritable_log_dir_raises_a_write_error_naming_it_and_the_fix(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    # an OSError, as torch's os.makedirs raises, but one line that says what to pass instead
    with pytest.raises(
        WriteError, match=r"log_dir .*file.* is not writable \(.*\); pass a directory"
    ) as info:
        SummaryWriter(str(blocker / "run"))
    assert isinstance(info.value, OSError) and "\n" not in str(info.value)


def test_an_embedding_under_an_unwritable_log_dir_raises_a_write_error(tmp_path):
    writer = SummaryWriter(str(tmp_path / "run"))
    (tmp_path / "run" / "projector_config.pbtxt").mkdir()  # the config cannot be written over a folder
    with pytest.raises(WriteError, match=r"projector_config\.pbtxt .*; pass a log_dir you can write to"):
        writer.add_embedding(np.eye(3), global_step=1)
    writer.close()


def test_data_is_on_disk_at_exit_even_without_close(tmp_path):
    script = textwrap.dedent(
        f"""
        from trainboard import SummaryWriter
        w = SummaryWriter({str(tmp_path)!r}, flush_secs=3600, max_queue=100000)
        for i in range(1000):
            w.add_scalar("loss", i * 0.5, i)
        """
    )
    env = {**os.environ, "PYTHONPATH": os.path.join(os.path.dirname(__file__), "../../../src")}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=120)
    (path,) = [p for p in tmp_path.iterdir() if "tfevents" in p.name]
    steps = [e.step for e in _events(path)[1:]]
    assert steps == list(range(1000))


def test_file_writer_accepts_foreign_protobuf_summaries_by_their_bytes(tmp_path):
    class ForeignSummary:
        # What PyTorch Lightning and Stable-Baselines3 hand over: a protobuf object.
        def SerializeToString(self):  # noqa: N802
            return m.Summary(value=[m.SummaryValue(tag="sb3/reward", simple_value=21.0)]).encode()

    fw = FileWriter(str(tmp_path))
    fw.add_summary(ForeignSummary(), global_step=20, walltime=5.0)
    fw.add_summary(ForeignSummary().SerializeToString(), global_step=21)
    fw.close()
    events = _events(fw.event_writer.path)[1:]
    assert [(e.step, e.summary.value[0].tag, e.summary.value[0].simple_value) for e in events] == [
        (20, "sb3/reward", 21.0),
        (21, "sb3/reward", 21.0),
    ]
    assert events[0].wall_time == 5.0


def test_file_writer_add_graph_writes_graph_def_then_step1_run_metadata(tmp_path):
    fw = FileWriter(str(tmp_path))
    fw.add_graph((b"graph-bytes", b"run-metadata-bytes"), walltime=3.0)
    fw.close()
    graph, trm = _events(fw.event_writer.path)[1:]
    assert graph.graph_def == b"graph-bytes"
    assert trm.tagged_run_metadata.tag == "step1"
    assert trm.tagged_run_metadata.run_metadata == b"run-metadata-bytes"
    assert graph.step == trm.step == 0


def test_reopen_starts_a_new_file(tmp_path):
    fw = FileWriter(str(tmp_path))
    old = fw.event_writer.path
    fw.close()
    fw.reopen()
    fw.add_summary(m.Summary(value=[m.SummaryValue(tag="a", simple_value=1.0)]), 1)
    fw.close()
    assert fw.event_writer.path != old
    assert len(_events(fw.event_writer.path)) == 2


def test_add_graph_without_torch_names_the_package_to_install(tmp_path, monkeypatch):
    from trainboard.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now raises ImportError
    writer = SummaryWriter(str(tmp_path))
    with pytest.raises(MissingExtraError, match=r"^add_graph .*PyTorch.*: pip install torch") as info:
        writer.add_graph(object(), None)
    assert isinstance(info.value, ImportError) and "\n" not in str(info.value)
    writer.close()
    (path,) = tmp_path.glob("events.out.tfevents.*")
    assert [e.which("what") for e in _events(path)] == ["file_version"]  # nothing was written
