"""The one-line terminal progress bar shown while the first load runs."""

from __future__ import annotations

import sys
from typing import TextIO

from trainboard.store.experiment import LoadProgress

__all__ = ["TerminalProgress"]

_WIDTH = 30


class TerminalProgress:
    """Redraws one line in place on a terminal; elsewhere (logs, pipes) prints only the final summary."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.interactive = self.stream.isatty()
        self._drawn = False

    def update(self, progress: LoadProgress) -> None:
        if not self.interactive or progress.bytes_total <= 0:
            return
        fraction = min(1.0, progress.bytes_done / progress.bytes_total)
        filled = int(fraction * _WIDTH)
        line = (
            f"loading [{'#' * filled}{'.' * (_WIDTH - filled)}] {fraction:4.0%}  "
            f"{progress.files_done}/{progress.files_total} files  "
            f"{_size(progress.bytes_done)}/{_size(progress.bytes_total)}"
        )
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def done(self, progress: LoadProgress, seconds: float) -> None:
        prefix = "\r\x1b[K" if self._drawn else ""
        self.stream.write(
            f"{prefix}loaded {progress.files_total} event files ({_size(progress.bytes_total)}) "
            f"in {seconds:.1f} s\n"
        )
        self.stream.flush()


def _size(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"
