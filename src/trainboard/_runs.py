"""The runs a `SummaryWriter` writes besides its own: one per ``add_scalars`` key, one per hparams trial.

Their directory names follow torch's, so a logdir written by either library lists the same runs.
"""

from __future__ import annotations

import os
import time

from trainboard.events import messages as m
from trainboard.events.filewriter import FileWriter
from trainboard.plugins.scalars.summary import scalar_event

__all__ = ["key_run_writer", "write_trial", "write_trial_run"]


def key_run_writer(
    writers: dict[str, FileWriter],
    base: str,
    main_tag: str,
    key: str,
    max_queue: int,
    flush_secs: float | None,
    filename_suffix: str,
) -> FileWriter:
    """The writer of run ``<base>/<main_tag>_<key>``, opened on first use and kept in ``writers``."""
    # Joined with "/" as torch does, so the run names match on every platform.
    run_dir = base + "/" + main_tag.replace("/", "_") + "_" + key
    writer = writers.get(run_dir)
    if writer is None:
        writer = FileWriter(run_dir, max_queue, flush_secs, filename_suffix)
        writers[run_dir] = writer
    return writer


def write_trial(
    writer: FileWriter, summaries: tuple[m.Summary, ...], metrics: dict[str, float], step: int | None
) -> None:
    """One hparams trial: its three hparams summaries, then each final metric as a scalar."""
    for summary in summaries:
        writer.add_summary(summary, step)
    step = None if step is None else int(step)
    for key, value in metrics.items():
        writer.add_payload(scalar_event(key, value, step, time.time()))


def write_trial_run(
    base: str,
    run_name: str | None,
    summaries: tuple[m.Summary, ...],
    metrics: dict[str, float],
    step: int | None,
) -> None:
    """`write_trial` into a new run ``<base>/<run_name>`` (default: the current time), closed after."""
    if not run_name:
        run_name = str(time.time())
    # torch opens the trial's writer with default settings, filename_suffix included.
    trial_writer = FileWriter(os.path.join(base, run_name))
    try:
        write_trial(trial_writer, summaries, metrics, step)
    finally:
        trial_writer.close()
