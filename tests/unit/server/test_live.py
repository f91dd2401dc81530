"""The reload loop: progress while the first load runs, change notices after, polling for remote logdirs."""

from __future__ import annotations

import asyncio
import io
import json
import shutil
import threading
import time
from pathlib import Path

import fsspec
import pytest
import watchfiles

from trainboard.server.live import Live
from trainboard.server.progress import TerminalProgress
from trainboard.store import read
from trainboard.store.experiment import LoadProgress, ReloadResult


class SlowExperiment:
    """Implements what `Live` uses of `Experiment`; its first load waits until the test releases it."""

    def __init__(self) -> None:
        self.logdirs = ["s3://bucket/logs"]  # remote: polled, never watched
        self.generation = 0
        self.progress = LoadProgress()
        self.release = threading.Event()
        self.reloads = 0
        self.warnings: list[str] = []

    def reload(self) -> ReloadResult:
        self.reloads += 1
        if self.reloads == 1:
            self.progress = LoadProgress(1, 4, 100, 400, True)
            assert self.release.wait(10)
            self.progress = LoadProgress(4, 4, 400, 400, False)
            self.generation = 1
            return ReloadResult(new_runs={"a", "b"})
        return ReloadResult()


def parse(message: bytes) -> tuple[str, dict[str, object]]:
    lines = dict(line.split(": ", 1) for line in message.decode().strip().splitlines())
    return lines["event"], json.loads(lines["data"])


def test_subscribers_see_progress_during_the_first_load_then_the_loaded_runs() -> None:
    exp = SlowExperiment()

    async def scenario() -> list[tuple[str, dict[str, object]]]:
        live = Live(exp, reload_interval=60)  # type: ignore[arg-type]
        queue = live.subscribe()
        live.start(asyncio.get_running_loop())
        events = [parse(await asyncio.wait_for(queue.get(), 5))]
        assert live.loading
        exp.release.set()
        while events[-1][0] != "change":
            events.append(parse(await asyncio.wait_for(queue.get(), 5)))
        live.stop()
        return events

    events = asyncio.run(scenario())
    assert events[0] == (
        "progress",
        {"files_done": 1, "files_total": 4, "bytes_done": 100, "bytes_total": 400, "loading": True},
    )
    assert events[-2][0] == "progress" and events[-2][1]["loading"] is False
    assert events[-1][1]["runs"] == ["a", "b"] and events[-1][1]["generation"] == 1


def test_remote_logdirs_are_polled_every_reload_interval(tmp_path: Path) -> None:
    from torch.utils.tensorboard import SummaryWriter

    with SummaryWriter(str(tmp_path / "local")) as writer:
        writer.add_scalar("loss", 1.0, 0)
    event_file = next((tmp_path / "local").iterdir()).read_bytes()
    fs = fsspec.filesystem("memory")
    fs.pipe("/polled/first/events.out.tfevents.1.host", event_file)
    exp = read("memory://polled", load=False)
    loop = asyncio.new_event_loop()
    live = Live(exp, reload_interval=0.1)
    live.start(loop)
    try:
        assert live.wait_loaded(10)
        assert exp.runs == ["first"]
        fs.pipe("/polled/second/events.out.tfevents.2.host", event_file)
        deadline = time.monotonic() + 10
        while exp.runs != ["first", "second"]:
            assert time.monotonic() < deadline, "the new remote run was never picked up"
            time.sleep(0.05)
    finally:
        live.stop()
        loop.close()
        fs.rm("/polled", recursive=True)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_redraws_one_line_on_a_terminal() -> None:
    out = Terminal()
    bar = TerminalProgress(out)
    bar.update(LoadProgress(1, 4, 250_000, 1_000_000, True))
    bar.update(LoadProgress(2, 4, 500_000, 1_000_000, True))
    bar.done(LoadProgress(4, 4, 1_000_000, 1_000_000, False), 1.25)
    text = out.getvalue()
    assert text.count("\n") == 1 and text.count("\r") == 3
    assert " 50%" in text and "2/4 files" in text
    assert text.endswith("loaded 4 event files (1.0 MB) in 1.2 s\n")


def test_progress_in_a_log_file_is_one_summary_line() -> None:
    out = io.StringIO()
    bar = TerminalProgress(out)
    bar.update(LoadProgress(1, 4, 250, 1000, True))
    bar.done(LoadProgress(4, 4, 1000, 1000, False), 0.5)
    assert out.getvalue() == "loaded 4 event files (1.0 kB) in 0.5 s\n"


def write_run(logdir: Path, run: str) -> None:
    from torch.utils.tensorboard import SummaryWriter

    with SummaryWriter(str(logdir / run)) as writer:
        writer.add_scalar("loss", 1.0, 0)


def wait_for_runs(exp: object, runs: list[str]) -> None:
    deadline = time.monotonic() + 10
    while exp.runs != runs:  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, f"runs stayed {exp.runs}, expected {runs}"  # type: ignore[attr-defined]
        time.sleep(0.05)


def test_when_the_watcher_cannot_start_the_loop_falls_back_to_polling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_watcher(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watchfiles, "watch", no_watcher)
    write_run(tmp_path, "first")
    exp = read(str(tmp_path), load=False)
    loop = asyncio.new_event_loop()
    live = Live(exp, reload_interval=0.1)
    live.start(loop)
    try:
        assert live.wait_loaded(10)
        write_run(tmp_path, "second")
        wait_for_runs(exp, ["first", "second"])
    finally:
        live.stop()
        loop.close()


@pytest.mark.parametrize("when", ["while watched", "before the watcher starts"])
def test_a_logdir_removed_and_recreated_is_watched_again(tmp_path: Path, when: str) -> None:
    # "before the watcher starts" removes it from on_loaded, between the first load and the watcher's
    # start, where no watcher can see it go: the cause of this test's old flakiness, made certain.
    logdir = tmp_path / "logs"
    write_run(logdir, "old")
    exp = read(str(logdir), load=False)
    loop = asyncio.new_event_loop()
    early = when == "before the watcher starts"
    live = Live(exp, reload_interval=60, on_loaded=(lambda *_: shutil.rmtree(logdir)) if early else None)
    live.start(loop)
    try:
        assert live.wait_loaded(10)
        if not early:
            shutil.rmtree(logdir)
        wait_for_runs(exp, [])
        write_run(logdir, "new")
        wait_for_runs(exp, ["new"])
    finally:
        live.stop()
        loop.close()


def test_damaged_records_are_reported_once_on_the_terminal(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_run(tmp_path, "run")
    (event_file,) = (tmp_path / "run").iterdir()
    data = bytearray(event_file.read_bytes())
    data[-5] ^= 0xFF  # inside the last record's payload: its data checksum no longer matches
    event_file.write_bytes(bytes(data))
    live = Live(read(str(tmp_path), load=False), reload_interval=0)
    with caplog.at_level("WARNING", logger="trainboard.server"):
        live._reload()
        live._reload()
    skipped = [r.getMessage() for r in caplog.records if "checksum" in r.getMessage()]
    assert len(skipped) == 1 and "run" in skipped[0]
