"""`trainboard export` at the issue's scale: 100 runs x 10 tags x 10,000 steps into one HTML file.

    python benchmarks/report.py [--cache /tmp/trainboard-bench/report] [--out /tmp/report.html]
                                [--browser]

Budget (issue #20): the file is at most 10 MB. Printed: its size against the budget, the export time,
and as references the same scalars as float32 CSV-free raw bytes (every step and value as float32, what
embedding every point would cost before base64) and gzip of the file (what a web server would send).
With --browser the file is opened from file:// in chromium with the network blocked and the time to
every visible card painted is printed (no budget; for reference).

The logdir is written once with trainboard's SummaryWriter (each run `lr{lr}/seed{seed}`, with hparams;
values: a noisy decaying curve with a few one-step spikes) and cached under --cache.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

RUNS = 100
TAGS = 10
STEPS = 10_000
BUDGET_BYTES = 10_000_000


def generate(logdir: Path) -> None:
    """Writes the logdir once (a `.complete` marker says it is whole)."""
    if (logdir / ".complete").exists():
        return
    from trainboard import SummaryWriter

    rng = np.random.default_rng(0)
    steps = np.arange(STEPS)
    for r in range(RUNS):
        lr = 10 ** (-4 + 3 * (r % 10) / 9)
        with SummaryWriter(str(logdir / f"lr{lr:.2g}/seed{r // 10}")) as w:
            w.add_hparams({"lr": lr, "seed": r // 10}, {"hparam/final": float(r)}, run_name=".")
            for t in range(TAGS):
                curve = np.exp(-steps / (2000 + 300 * t)) + 0.05 * rng.standard_normal(STEPS)
                spikes = rng.choice(STEPS, 3, replace=False)
                curve[spikes] += 5.0
                tag = f"group{t % 3}/metric{t}"
                for s, v in zip(steps.tolist(), curve.tolist(), strict=True):
                    w.add_scalar(tag, v, s)
        print(f"\rwriting runs {r + 1}/{RUNS}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    (logdir / ".complete").touch()


def time_in_browser(path: Path) -> float:
    """ms from navigation to every card on screen painted, network blocked."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        started = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("[data-painted='true']", timeout=60_000)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.tb-card')]"
            ".filter(c => c.getBoundingClientRect().top < innerHeight)"
            ".every(c => c.dataset.painted === 'true')",
            timeout=60_000,
        )
        ms = (time.perf_counter() - started) * 1000
        browser.close()
    return ms


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cache", type=Path, default=Path("/tmp/trainboard-bench/report"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/trainboard-bench/report.html"))
    parser.add_argument("--browser", action="store_true")
    args = parser.parse_args()
    generate(args.cache)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "trainboard", "export", "--logdir", str(args.cache), "-o", str(args.out)],
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    seconds = time.perf_counter() - started
    size = args.out.stat().st_size
    points = RUNS * TAGS * STEPS
    print(f"{RUNS} runs x {TAGS} tags x {STEPS:,} steps = {points:,} points")
    verdict = "within" if size <= BUDGET_BYTES else "OVER"
    budget = f"{verdict} the {BUDGET_BYTES / 1e6:.0f} MB budget"
    print(f"report: {size / 1e6:.2f} MB ({budget}), export {seconds:.1f} s")
    raw = points * 8
    print(f"reference, every point as float32 step+value: {raw / 1e6:.0f} MB ({raw / size:.0f}x the report)")
    gzipped = len(gzip.compress(args.out.read_bytes()))
    print(f"reference, the report gzipped (as a web server would send it): {gzipped / 1e6:.2f} MB")
    if args.browser:
        ms = time_in_browser(args.out)
        print(f"browser: every visible card painted {ms:.0f} ms after navigation (file://)")
    return 0 if size <= BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
