"""Load a histogram-heavy run: trainboard against TensorBoard's EventAccumulator, both keeping every step.

    python benchmarks/histograms_load.py                 # 5 tags x 2,000 steps from torch's writer
    python benchmarks/histograms_load.py --steps 500     # quicker

The logdir is written by `torch.utils.tensorboard.SummaryWriter.add_histogram` (legacy `histo`
values with torch's default "tensorflow" bins). Each reader runs in a fresh process, alternating,
and the best of `--repeat` runs is kept:
  1. trainboard: `trainboard.read(logdir)` with the compiled scanner;
  2. trainboard's pure-Python decoder (`Experiment(logdir, use_scanner=False)`), for reference;
  3. TensorBoard's `EventAccumulator` with `size_guidance={"histograms": 0}` (every step kept).
The printed ratios are against EventAccumulator (below 1 means trainboard is faster).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TAGS = 5

_READERS = {
    "trainboard": """
        from trainboard.store.experiment import Experiment
        exp = Experiment(LOGDIR)
        exp.reload()
        count = sum(len(exp.tensor_series("run", t)) for t in exp.tags()["run"]["histograms"])
    """,
    "trainboard, pure Python": """
        from trainboard.store.experiment import Experiment
        exp = Experiment(LOGDIR, use_scanner=False)
        exp.reload()
        count = sum(len(exp.tensor_series("run", t)) for t in exp.tags()["run"]["histograms"])
    """,
    "EventAccumulator": """
        from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
        acc = EventAccumulator(LOGDIR + "/run", size_guidance={"histograms": 0})
        acc.Reload()
        count = sum(len(acc.Histograms(t)) for t in acc.Tags()["histograms"])
    """,
}


def write_logdir(logdir: Path, steps: int) -> int:
    from torch.utils.tensorboard import SummaryWriter

    rng = np.random.default_rng(0)
    values = rng.normal(size=(16, 10_000))
    with SummaryWriter(str(logdir / "run")) as writer:
        for step in range(steps):
            for tag in range(TAGS):
                writer.add_histogram(
                    f"layer{tag}/weights", values[(step + tag) % 16] * (1 + step / steps), step
                )
    return sum(f.stat().st_size for f in (logdir / "run").iterdir())


def time_reader(name: str, logdir: Path) -> tuple[float, int]:
    """Seconds to load the logdir in a fresh process (imports excluded), and the steps it kept."""
    body = textwrap.indent(textwrap.dedent(_READERS[name]).strip(), "    ")
    code = (
        f"LOGDIR = {str(logdir)!r}\nimport time\n{textwrap.dedent(_PRELUDE)}\nstart = time.perf_counter()\n"
    )
    code += "if True:\n" + body + "\nprint(time.perf_counter() - start, count)\n"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    seconds, count = out.stdout.split()
    return float(seconds), int(count)


# Imported before the clock starts, so each reader is timed on loading alone.
_PRELUDE = """
    import numpy
    import trainboard.store.experiment
    import tensorboard.backend.event_processing.event_accumulator
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tb-histograms-") as tmp:
        logdir = Path(tmp)
        size = write_logdir(logdir, args.steps)
        print(f"logdir: {TAGS} tags x {args.steps:,} steps of torch histograms, {size / 2**20:.0f} MiB")
        best: dict[str, float] = {}
        counts: dict[str, int] = {}
        for _ in range(args.repeat):
            for name in _READERS:
                seconds, counts[name] = time_reader(name, logdir)
                best[name] = min(best.get(name, seconds), seconds)
    reference = best["EventAccumulator"]
    print(f"{'':26}{'load (s)':>10}{'steps kept':>12}{'ratio':>8}")
    for name in _READERS:
        print(f"{name:26}{best[name]:>10.3f}{counts[name]:>12,}{best[name] / reference:>8.2f}")
    print(f"load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
