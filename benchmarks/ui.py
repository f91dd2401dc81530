"""The dashboard in a browser, trainboard vs TensorBoard: first scalar chart on screen, then a big graph.

    python benchmarks/ui.py [--only scalars|graphs] [--repeat 3] [--skip-tensorboard]
                            [--cache /tmp/trainboard-bench/load] [--blocks 3,8,36,3]

Scalars: first chart on screen on the 10-million-point logdir, and lazy cards. The logdir (20 runs
x 25 tags x 20,000 steps) comes from benchmarks/load.py and is generated once. Both servers are
started and left to finish loading first; then, in Debian's chromium (Playwright), each page is
opened in a fresh browser context and the time from navigation to the first chart with data on
screen is read from performance.now(), in the animation frame that first sees it (_browser.shown_at):
  - trainboard: the first scalar card marked painted (its uPlot canvas drew data);
  - TensorBoard: the first Time Series scalar card whose line chart has drawn (canvas or SVG path).
Then trainboard's page is scrolled to the bottom in viewport steps while every card's series request
(POST /api/scalars/runs, naming its tags) is recorded, checking that each came from a card on (or
within the preload margin of) the screen.

Graphs: benchmarks/ui_graphs.py (run here with ResNet-152, the ~2,000-node graph of issue #6).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ui_graphs
from _browser import ROOT, VIEWPORT, chromium, launch_tensorboard, shown_at, start_trainboard, stop
from load import RUNS, STEPS, TAGS, generate

# Issue #6's graph: ResNet-152, about 2,000 nodes in torch 2.13's trace.
GRAPH_BLOCKS = "3,8,36,3"
# Cards start fetching this far outside the viewport (src/hooks/useInView.ts, PRELOAD_MARGIN).
PRELOAD_PX = 150
TRAINBOARD_PAINTED = "document.querySelector('article.tb-card[data-painted]') !== null"
# TensorBoard's Time Series card: a WebGL/canvas or SVG line chart with at least one drawn line.
TENSORBOARD_PAINTED = """(() => {
  for (const card of document.querySelectorAll('scalar-card, tb-scalar-card, [class*="scalar-card"]')) {
    if (card.querySelector('svg path.line, svg path[d*="L"], line-chart svg path')) return true;
    for (const c of card.querySelectorAll('canvas')) if (c.width > 0 && c.height > 0) return true;
  }
  return false;
})()"""


def _get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


def _wait(predicate, timeout: float, what: str) -> float:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        try:
            if predicate():
                return time.perf_counter() - t0
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s")


def start_loaded_trainboard(logdir: Path) -> tuple[subprocess.Popen, str]:
    proc, url = start_trainboard(logdir)

    def loaded() -> bool:
        env_json = _get_json(f"{url}/api/environment")
        runs = _get_json(f"{url}/api/runs")
        return not env_json["loading"] and len(runs["runs"]) == RUNS  # type: ignore[index]

    secs = _wait(loaded, 600, "trainboard")
    print(f"trainboard   loaded the logdir in {secs:.1f} s")
    return proc, url


def start_tensorboard(logdir: Path) -> tuple[subprocess.Popen, str]:
    return start_tensorboard_at(logdir, f"run_{RUNS - 1:02d}", "train/metric_00", STEPS)


def start_tensorboard_at(logdir: Path, run: str, tag: str, steps: int) -> tuple[subprocess.Popen, str]:
    """TensorBoard on `logdir`, returned once `run`'s `tag` is served up to step `steps - 1`."""
    proc, url = launch_tensorboard(logdir)

    def loaded() -> bool:
        # Loaded when the last run's last step is served for the tag.
        q = urllib.parse.urlencode({"run": run, "tag": tag})
        try:
            points = _get_json(f"{url}/data/plugin/scalars/scalars?{q}")
        except urllib.error.HTTPError:
            return False
        return bool(points) and points[-1][1] == steps - 1  # type: ignore[index]

    secs = _wait(loaded, 900, "TensorBoard")
    print(f"tensorboard  loaded the logdir in {secs:.1f} s")
    return proc, url


def time_first_chart(browser, url: str, painted: str, timeout_ms: float = 60_000) -> float:
    """Milliseconds from navigation start to the first chart drawn, in a fresh context."""
    # Both servers send a CSP without 'unsafe-eval'; Playwright's polling needs eval.
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        return shown_at(page, painted, timeout_ms)
    finally:
        context.close()


def check_lazy_cards(browser, url: str) -> None:
    """Scrolls through every card, checking that only cards near the screen ever requested data."""
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    page = context.new_page()
    requested: list[str] = []  # a tag per card request: a POST /api/scalars/runs names its tags

    def on_request(r: Any) -> None:
        if "/api/scalars/runs" in r.url and r.method == "POST":
            requested.extend(json.loads(r.post_data or "{}").get("tags", []))
        elif "/api/scalars?" in r.url:
            requested.append(urllib.parse.parse_qs(urllib.parse.urlparse(r.url).query)["tag"][0])

    page.on("request", on_request)
    near_screen: set[str] = set()
    collect = f"""() => {{
      const h = window.innerHeight;
      return [...document.querySelectorAll('article.tb-card')]
        .filter(c => {{
          const r = c.getBoundingClientRect();
          return r.bottom > -{PRELOAD_PX} && r.top < h + {PRELOAD_PX};
        }})
        .map(c => c.dataset.tag);
    }}"""
    try:
        page.goto(url)
        page.wait_for_function(TRAINBOARD_PAINTED, timeout=60_000)
        page.wait_for_timeout(500)
        cards = page.locator("article.tb-card").count()
        near_screen.update(page.evaluate(collect))
        # Checked at every position: a card that fetched before it was ever near the screen is a miss,
        # even though scrolling brings every card near the screen in the end.
        stray = set(requested) - near_screen
        first = set(requested)
        print(
            f"lazy cards   at load: requests for {len(first)} of {cards} tags "
            f"({len(requested)} requests, {RUNS} runs per card); {len(near_screen)} cards near the screen"
        )
        main = page.locator("main.tb-main")
        while True:
            before = main.evaluate("m => m.scrollTop")
            main.evaluate("m => m.scrollBy(0, m.clientHeight * 0.8)")
            page.wait_for_timeout(350)
            near_screen.update(page.evaluate(collect))
            stray |= set(requested) - near_screen
            if main.evaluate("m => m.scrollTop") == before:
                break
        page.wait_for_timeout(500)
        stray |= set(requested) - near_screen
        print(
            f"             after scrolling to the bottom: {len(set(requested))} of {cards} tags requested, "
            f"{len(requested)} requests; requests from cards never near the screen: {len(stray)}"
        )
        if stray:
            print(f"             FAIL: {sorted(stray)[:5]}")
    finally:
        context.close()


def run_scalars(args: argparse.Namespace) -> None:
    generate(args.cache)
    subprocess.run([sys.executable, str(ROOT / "frontend" / "build_frontend.py")], check=True)
    print(f"logdir: {RUNS} runs x {TAGS} tags x {STEPS:,} steps = {RUNS * TAGS * STEPS:,} points")
    procs: list[subprocess.Popen] = []
    try:
        tb_proc, tb_url = start_loaded_trainboard(args.cache)
        procs.append(tb_proc)
        tens_url = None
        if not args.skip_tensorboard:
            tens_proc, tens_url = start_tensorboard(args.cache)
            procs.append(tens_proc)
        with chromium() as browser:
            ours = [time_first_chart(browser, tb_url + "/", TRAINBOARD_PAINTED) for _ in range(args.repeat)]
            ours_ms = statistics.median(ours)
            verdict = "met" if ours_ms <= 1500 else "MISSED"
            print(
                f"trainboard   first chart {ours_ms:7.0f} ms (median of {args.repeat}: "
                f"{', '.join(f'{v:.0f}' for v in ours)}); target 1500 ms: {verdict}"
            )
            if tens_url:
                theirs = [
                    time_first_chart(browser, tens_url + "/#timeseries", TENSORBOARD_PAINTED)
                    for _ in range(args.repeat)
                ]
                theirs_ms = statistics.median(theirs)
                print(
                    f"tensorboard  first chart {theirs_ms:7.0f} ms (median of {args.repeat}: "
                    f"{', '.join(f'{v:.0f}' for v in theirs)})"
                )
                print(f"ratio        {theirs_ms / ours_ms:7.2f}x  trainboard faster to the first chart")
            check_lazy_cards(browser, tb_url + "/")
    finally:
        for proc in procs:
            stop(proc)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", choices=("scalars", "graphs"), help="run one of the two benchmarks (default: both)"
    )
    parser.add_argument("--cache", default="/tmp/trainboard-bench/load", type=Path, help="scalars logdir")
    ui_graphs.add_arguments(parser, blocks=GRAPH_BLOCKS)
    args = parser.parse_args()
    if args.only in (None, "scalars"):
        print("== scalars: first chart on screen ==", flush=True)
        run_scalars(args)
    if args.only in (None, "graphs"):
        print("== graphs: a large model graph on screen ==", flush=True)
        ui_graphs.run(args)


if __name__ == "__main__":
    main()
