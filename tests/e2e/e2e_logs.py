"""Log writers shared by the browser tests (a module of its own: test modules cannot import conftest)."""

from __future__ import annotations

from pathlib import Path


def write_scalars(logdir: Path, runs: dict[str, int], tags: list[str], steps: int) -> None:
    """Writes `steps` points of every tag for each run with torch's SummaryWriter (seed per run)."""
    import math
    import random

    from torch.utils.tensorboard import SummaryWriter

    for run, seed in runs.items():
        rnd = random.Random(seed)
        writer = SummaryWriter(str(logdir / run))
        for step in range(steps):
            for k, tag in enumerate(tags):
                writer.add_scalar(tag, math.exp(-step / (steps / 3)) * (k + 1) + 0.2 * rnd.random(), step)
        writer.close()
