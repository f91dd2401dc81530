"""Logdirs TensorBoard is known to struggle with: 10,000 small runs, and one run with 12,345 tags.

    python benchmarks/scale.py [--cache /tmp/trainboard-bench] [--only runs|tags] [--skip-tensorboard]
                               [--skip-browser]

Shapes (generated once into the cache directory, torch-style `simple_value` records):
  - runs: 10,000 runs x 5 tags x 100 steps (5M points, ~313 MB, 10,000 files, 100 groups of 100);
  - tags: one run with 12,345 tags x 10 steps (TensorBoard's issue #4170).
Measured in this run, each in a fresh process, against the budgets of issue #15:
  - `trainboard.read(logdir)` (median of three processes) and a reload that finds nothing new (best
    of nine; budgets 2 s and 50 ms);
  - `trainboard --logdir` from launch until every run is listed and the last run's data is served
    (budget 3 s), against TensorBoard's Rust data server (`--load_fast=true`) asked the same
    question (`/data/runs`, `/data/plugin/scalars/scalars`); and trainboard's whole load;
  - tags: from launch until the tag list holds every tag (budget 1 s), both servers; then the first
    chart painted in chromium from navigation, the servers loaded (budget 2 s), both dashboards.
trainboard is launched with `--no_cache` here, so it reads every file as TensorBoard does (a restart
from the column cache is load.py's measure).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _browser import ROOT, chromium, launch_tensorboard, start_trainboard, stop
from load import _scalar_payload, warm_page_cache

RUNS, RUN_TAGS, RUN_STEPS = 10_000, 5, 100
TAGS, TAG_STEPS = 12_345, 10
FIRST_TAG = "layer_00000/norm"
BUDGET_READ, BUDGET_IDLE, BUDGET_LISTED = 2.0, 0.050, 3.0
BUDGET_TAGS, BUDGET_CHART = 1.0, 2.0
START = 1_700_000_000.0


def _run_name(r: int) -> str:
    return f"group_{r // 100:03d}/run_{r:05d}"


def _header() -> bytes:
    from trainboard.events.messages import Event
    from trainboard.events.records import frame

    return frame(Event(wall_time=START, file_version="brain.Event:2").encode())


def generate_runs(logdir: Path) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from trainboard.events.records import frame

    marker = logdir / ".complete"
    if marker.exists():
        return
    shutil.rmtree(logdir, ignore_errors=True)
    print(
        f"generating {RUNS:,} runs x {RUN_TAGS} tags x {RUN_STEPS} steps into {logdir} (once) ...", flush=True
    )
    tags = [f"train/metric_{i}".encode() for i in range(RUN_TAGS)]
    header = _header()
    for r in range(RUNS):
        run_dir = logdir / _run_name(r)
        run_dir.mkdir(parents=True)
        parts = [header]
        for step in range(RUN_STEPS):
            for i, tag in enumerate(tags):
                value = ((step * 7 + i * 13 + r) % 1000) / 1000.0
                parts.append(frame(_scalar_payload(tag, step, START + step, value)))
        (run_dir / f"events.out.tfevents.{int(START)}.benchhost.{r}.0").write_bytes(b"".join(parts))
    marker.write_text("ok")


def generate_tags(logdir: Path) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from trainboard.events.records import frame

    marker = logdir / ".complete"
    if marker.exists():
        return
    shutil.rmtree(logdir, ignore_errors=True)
    print(f"generating one run with {TAGS:,} tags x {TAG_STEPS} steps into {logdir} (once) ...", flush=True)
    (logdir / "run").mkdir(parents=True)
    parts = [_header()]
    for step in range(TAG_STEPS):
        for i in range(TAGS):
            parts.append(frame(_scalar_payload(f"layer_{i:05d}/norm".encode(), step, START + step, i / TAGS)))
    (logdir / "run" / f"events.out.tfevents.{int(START)}.benchhost.1.0").write_bytes(b"".join(parts))
    marker.write_text("ok")


_READ = """
import json, time
import trainboard
from trainboard.store import scanner
assert scanner.scanner_available(), "build the scanner: python setup.py build_ext --inplace"
t0 = time.perf_counter()
exp = trainboard.read({logdir!r})
load = time.perf_counter() - t0
idle = []
for _ in range(3):
    t0 = time.perf_counter(); exp.reload(); idle.append(time.perf_counter() - t0)
print(json.dumps(dict(load=load, idle=min(idle), runs=len(exp.runs))))
"""


def run_read(logdir: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    code = textwrap.dedent(_READ.format(logdir=str(logdir)))
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=60) as r:
        return json.loads(r.read())


def _until(predicate, t0: float, timeout: float = 600) -> float | None:
    """Seconds from `t0` until `predicate()` holds (polled every 100 ms: a poll of 10,000 runs
    costs the server CPU its load needs), None after `timeout`."""
    while time.perf_counter() - t0 < timeout:
        try:
            if predicate():
                return time.perf_counter() - t0
        except (OSError, urllib.error.HTTPError, ValueError):
            pass
        time.sleep(0.1)
    return None


def _tensorboard_last_run(url: str, run: str, tag: str, steps: int) -> bool:
    q = urllib.parse.urlencode({"run": run, "tag": tag})
    points = _get_json(f"{url}/data/plugin/scalars/scalars?{q}")
    return bool(points) and points[-1][1] == steps - 1  # type: ignore[index]


def time_runs_listed(logdir: Path, tensorboard: bool) -> tuple[float | None, float | None]:
    """Launch until every run is listed and the last run's last tag is served in full, asking both
    servers the same question (TensorBoard's `/data/runs` and scalars routes, which trainboard serves
    too); for trainboard also launch until its whole load is over (`/api/environment`), else None."""
    last, tag = _run_name(RUNS - 1), f"train/metric_{RUN_TAGS - 1}"
    t0 = time.perf_counter()
    if tensorboard:
        proc, url = launch_tensorboard(logdir, "--load_fast=true", "--reload_interval=1")
    else:
        proc, url = start_trainboard(logdir, "--no_cache")

    def ready() -> bool:
        runs = _get_json(f"{url}/data/runs")
        return len(runs) >= RUNS and _tensorboard_last_run(url, last, tag, RUN_STEPS)  # type: ignore[arg-type]

    def loaded() -> bool:
        return not _get_json(f"{url}/api/environment")["loading"]  # type: ignore[index]

    try:
        served = _until(ready, t0)
        return served, None if tensorboard else _until(loaded, t0)
    finally:
        stop(proc)


def time_tags_listed(logdir: Path, tensorboard: bool) -> tuple[float | None, object, str]:
    """Launch until the run's tag list holds every tag; the server is left running for the browser."""
    t0 = time.perf_counter()
    if tensorboard:
        proc, url = launch_tensorboard(logdir, "--load_fast=true", "--reload_interval=1")

        def ready() -> bool:
            tags = _get_json(f"{url}/data/plugin/scalars/tags")
            return len(tags.get("run", {})) >= TAGS  # type: ignore[union-attr]
    else:
        proc, url = start_trainboard(logdir, "--no_cache")

        def ready() -> bool:
            tags = _get_json(f"{url}/api/tags?plugin=scalars")["runs"]  # type: ignore[index]
            return len(tags.get("run", {})) >= TAGS

    return _until(ready, t0), proc, url


def _fmt(secs: float | None) -> str:
    return "   n/a " if secs is None else f"{secs:6.2f} s"


def _verdict(secs: float | None, budget: float) -> str:
    if secs is None:
        return "(not measured)"
    return f"budget {budget:g} s: {'met' if secs <= budget else '**missed**'}"


def _ratio(ref: float | None, ours: float | None) -> str:
    return f"TensorBoard {_fmt(ref)}, {ref / ours:.1f}x" if ref and ours else "TensorBoard not measured"


def bench_runs(cache: Path, tensorboard: bool) -> None:
    logdir = cache / "scale-runs"
    generate_runs(logdir)
    size = warm_page_cache(logdir)
    print(f"== {RUNS:,} runs x {RUN_TAGS} tags x {RUN_STEPS} steps ({size / 1e6:.0f} MB) ==")
    # Three reads, each in a fresh process: one alone swings by half on this kind of VM.
    reads = [run_read(logdir) for _ in range(3)]
    assert all(read["runs"] == RUNS for read in reads), reads
    loads = sorted(read["load"] for read in reads)
    print(
        f"trainboard.read        {_fmt(loads[1])}  {_verdict(loads[1], BUDGET_READ)} "
        f"(median of 3: {loads[0]:.2f}-{loads[2]:.2f} s)"
    )
    idle = min(read["idle"] for read in reads)
    print(f"reload, nothing new    {idle * 1e3:6.1f} ms {_verdict(idle, BUDGET_IDLE)} (best of 9)")
    ours, whole = time_runs_listed(logdir, tensorboard=False)
    ref = time_runs_listed(logdir, tensorboard=True)[0] if tensorboard else None
    print(
        f"server: all listed,    {_fmt(ours)}  {_verdict(ours, BUDGET_LISTED)}; {_ratio(ref, ours)}"
        "\n  last run served       (from launch, interpreter start included; same routes asked)"
    )
    print(f"server: whole load     {_fmt(whole)}  (no budget: every run read, from launch)")


def bench_tags(cache: Path, tensorboard: bool, browser: bool) -> None:
    logdir = cache / "scale-tags"
    generate_tags(logdir)
    warm_page_cache(logdir)
    print(f"== one run, {TAGS:,} tags x {TAG_STEPS} steps ==")
    from ui import TENSORBOARD_PAINTED, TRAINBOARD_PAINTED, time_first_chart

    results = {}
    for name in ("trainboard", "tensorboard"):
        if name == "tensorboard" and not tensorboard:
            continue
        secs, proc, url = time_tags_listed(logdir, tensorboard=name == "tensorboard")
        try:
            chart = None
            if browser and secs is not None:
                if name == "tensorboard":
                    # Wait for the data too, so the chart is timed on a loaded server.
                    _until(
                        lambda u=url: _tensorboard_last_run(u, "run", FIRST_TAG, TAG_STEPS),
                        time.perf_counter(),
                    )
                with chromium() as b:
                    page_url = f"{url}/#timeseries" if name == "tensorboard" else url
                    painted = TENSORBOARD_PAINTED if name == "tensorboard" else TRAINBOARD_PAINTED
                    chart = time_first_chart(b, page_url, painted, timeout_ms=120_000) / 1000
            results[name] = (secs, chart)
        finally:
            stop(proc)
    secs, chart = results["trainboard"]
    ref_secs, ref_chart = results.get("tensorboard", (None, None))
    print(f"tag list complete      {_fmt(secs)}  {_verdict(secs, BUDGET_TAGS)}; {_ratio(ref_secs, secs)}")
    print(
        f"first chart painted    {_fmt(chart)}  {_verdict(chart, BUDGET_CHART)}; {_ratio(ref_chart, chart)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", default="/tmp/trainboard-bench", type=Path)
    parser.add_argument("--only", choices=["runs", "tags"])
    parser.add_argument("--skip-tensorboard", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    if args.only in (None, "runs"):
        bench_runs(args.cache, not args.skip_tensorboard)
    if args.only in (None, "tags"):
        bench_tags(args.cache, not args.skip_tensorboard, not args.skip_browser)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
