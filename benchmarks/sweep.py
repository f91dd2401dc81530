"""A sweep in the browser, trainboard vs TensorBoard: 1,000 runs x 10 tags x 1,000 steps.

    python benchmarks/sweep.py [--cache /tmp/trainboard-bench/sweep] [--repeat 3] [--skip-tensorboard]
                               [--only encoding|browser|table] [--baseline-src /work/main/src]

The logdir is written once with trainboard's own SummaryWriter (runs `lr{lr}/seed{seed}` with an
hparams record each, 10 tags) and cached under --cache, so reruns start at once.

table: 10,000 one-point runs (their own cached logdir): the runs table's median frame interval while
it scrolls for 2 s, after the charts have drawn (budget 16 ms: one 60 Hz frame, 16.7 ms), and the
time from typing a regex to the filtered count in the page (input event to the first frame after the
count changed; budget 100 ms), and as Playwright sees it (round trips to the page included) beside
the same steps on a bare input.
`--baseline-src` measures the table of another checkout's build first, in the same run.

encoding: the answer of POST /api/scalars/runs for one tag of all 1,000 runs, as the dashboard asks for
it (`points` from the card's width and run count), encoded as JSON and as trainboard's columnar binary
(plugins/scalars/columnar.py): bytes, server-side encode time, and decode time in chromium
(`JSON.parse` of the text vs typed-array views over the buffer).

browser: both servers loaded first; then in Debian's chromium (Playwright), a fresh context per try:
  - trainboard: ms from navigation to the first card painted and to every visible card painted, and
    how many series requests each visible card sent (budget: one);
  - trainboard grouped by name prefix (10 groups of 100 runs): ms to the first grouped card;
  - TensorBoard: ms from navigation to the first Time Series card drawn (the reference; it cannot group).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _browser import ROOT, VIEWPORT, chromium, shown_at, start_trainboard, stop
from ui import TENSORBOARD_PAINTED, _get_json, _wait, start_tensorboard_at, time_first_chart

LRS = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0, 3.0)
SEEDS = 100
RUNS = len(LRS) * SEEDS
TAGS = 10
STEPS = 1000
FIRST_BUDGET_MS = 1500
ALL_BUDGET_MS = 3000
GROUP_BUDGET_MS = 1000
# The dashboard's request for 1,000 runs (frontend/src/plugins/scalars/ScalarCardBody.tsx, pointsFor).
SWEEP_POINTS = 64


def run_name(lr: float, seed: int) -> str:
    return f"lr{lr:g}/seed{seed}"


def generate(logdir: Path) -> None:
    """Writes the sweep with trainboard's SummaryWriter, once (a `.complete` marker says it is whole)."""
    sys.path.insert(0, str(ROOT / "src"))
    import numpy as np

    from trainboard import SummaryWriter

    marker = logdir / ".complete"
    if marker.exists():
        return
    shutil.rmtree(logdir, ignore_errors=True)
    print(f"generating {RUNS} runs x {TAGS} tags x {STEPS} steps into {logdir} (once) ...", flush=True)
    t0 = time.perf_counter()
    rng = np.random.default_rng(0)
    steps = np.arange(STEPS)
    tags = [f"{'train' if t < 5 else 'eval'}/metric_{t}" for t in range(TAGS)]
    for lr in LRS:
        for seed in range(SEEDS):
            name = run_name(lr, seed)
            curves = np.exp(-steps[None, :] * lr / 50) + rng.normal(0, 0.05, (TAGS, STEPS))
            with SummaryWriter(str(logdir / name)) as writer:
                for t, tag in enumerate(tags):
                    for step, v in zip(steps.tolist(), curves[t].tolist(), strict=True):
                        writer.add_scalar(tag, v, step, walltime=1_700_000_000.0 + step)
                writer.add_hparams(
                    {"lr": lr, "seed": seed}, {"hparam/final": float(curves[0, -1])}, run_name="."
                )
    marker.write_text("ok")
    print(f"generated in {time.perf_counter() - t0:.0f} s", flush=True)


TABLE_RUNS = 10_000
# The "median frame under 16 ms", read as frame intervals: one 60 Hz display frame is 16.7 ms,
# the shortest interval requestAnimationFrame can report.
FRAME_BUDGET_MS = 1000 / 60 + 0.5
SETTLE_S = 5
FILTER_BUDGET_MS = 100


def generate_table(logdir: Path) -> None:
    """10,000 runs of one point each, with two hyperparameters (for the runs table), once."""
    sys.path.insert(0, str(ROOT / "src"))
    from trainboard import SummaryWriter

    marker = logdir / ".complete"
    if marker.exists():
        return
    shutil.rmtree(logdir, ignore_errors=True)
    print(f"generating {TABLE_RUNS} one-point runs into {logdir} (once) ...", flush=True)
    for i in range(TABLE_RUNS):
        with SummaryWriter(str(logdir / f"trial{i}")) as writer:
            writer.add_scalar("loss", 1.0 / (i + 1), 0)
            writer.add_hparams({"lr": 10.0 ** -(i % 5), "seed": i % 100}, {"hparam/loss": 1.0}, run_name=".")
    marker.write_text("ok")


# Scrolls the runs table for 2 s, one step per frame; returns the frame intervals in ms.
SCROLL_JS = """() => new Promise((done) => {
  const el = document.querySelector('.tb-rt-scroll');
  const frames = []; let last = performance.now(); const t0 = last;
  const step = (now) => {
    frames.push(now - last); last = now;
    el.scrollTop += 240;
    if (now - t0 < 2000) requestAnimationFrame(step); else done(frames.slice(1));
  };
  requestAnimationFrame(step);
})"""


def run_table(browser, cache: Path, src: Path | None = None) -> None:
    """`src`: another checkout's `src` (with its own frontend build) to measure instead, e.g. a baseline."""
    logdir = cache.parent / "sweep-table"
    generate_table(logdir)
    proc, url = start_loaded_trainboard(logdir, TABLE_RUNS, src)
    try:
        print(f"== runs table: {TABLE_RUNS} runs, served from {src or ROOT / 'src'} ==")
        context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
        page = context.new_page()
        page.goto(url + "/")
        page.wait_for_function(
            f"document.querySelector('[data-testid=run-count]')?.textContent.endsWith('of {TABLE_RUNS}')",
            timeout=120_000,
        )
        # The charts of 10,000 runs draw once; the table is measured after, as a user scrolls it.
        page.wait_for_function(
            f"(() => {{ const c = ({CARDS_JS})(); return c.length > 0 && c.every(x => x.painted); }})()",
            timeout=120_000,
        )
        page.wait_for_timeout(SETTLE_S * 1000)
        frames = page.evaluate(SCROLL_JS)
        median = statistics.median(frames)
        p95 = sorted(frames)[int(len(frames) * 0.95)]
        verdict = _verdict(median, FRAME_BUDGET_MS)
        print(
            f"trainboard   table scroll     median frame {median:5.1f} ms, p95 {p95:5.1f} ms  {verdict} "
            f"(frame intervals over 2 s, {SETTLE_S} s after the charts painted)"
        )
        outside, inside = time_filter(page)
        floor = time_fill_floor(page)
        # The budget is what a user waits: from the keystroke's input event to the first frame that
        # shows the filtered count. Playwright's own figure adds its round trips to the page, shown
        # beside the same steps timed on a bare input (the floor no page can go under).
        print(
            f"trainboard   regex filter     {max(inside):5.0f} ms worst of {_list(inside)}  "
            f"{_verdict(max(inside), FILTER_BUDGET_MS)} (input event to the painted count)"
        )
        print(
            f"playwright   fill to count    {max(outside):5.0f} ms worst of {_list(outside)}  "
            f"(round trips in; {max(outside) - max(floor):+.0f} ms over the bare-input floor)"
        )
        print(f"playwright   fill floor       {max(floor):5.0f} ms worst of {_list(floor)}  (a bare input)")
        context.close()
    finally:
        stop(proc)


# In the page, before a keystroke: resolves with the ms from the filter's input event to the first
# animation frame after the run count shows `want`.
KEYSTROKE_JS = """(want) => { window.__tbFilter = new Promise((done) => {
  let t0 = null;
  window.addEventListener('input', () => { t0 = performance.now(); }, {capture: true, once: true});
  const count = document.querySelector('[data-testid=run-count]');
  const seen = new MutationObserver(() => {
    if (t0 === null || !count.textContent.startsWith(want + ' of')) return;
    seen.disconnect();
    requestAnimationFrame(() => done(performance.now() - t0));
  });
  seen.observe(count, {subtree: true, childList: true, characterData: true});
}); }"""


def time_filter(page) -> tuple[list[float], list[float]]:
    """Types three patterns into the runs filter; (ms measured from Playwright, ms measured in the page)."""
    outside, inside = [], []
    for pattern, want in (("trial12", 111), ("^trial9", 1111), ("", TABLE_RUNS)):
        box = page.get_by_label("Filter runs (regex)")
        # Let the charts follow the last pattern first: each pattern is timed on a quiet page.
        page.wait_for_timeout(2000)
        page.evaluate(KEYSTROKE_JS, want)
        t0 = page.evaluate("performance.now()")
        box.fill(pattern)
        page.wait_for_function(
            f"document.querySelector('[data-testid=run-count]').textContent.startsWith('{want} of')",
            polling="raf",
        )
        outside.append(page.evaluate("performance.now()") - t0)
        inside.append(page.evaluate("window.__tbFilter"))
    return outside, inside


FLOOR_JS = """() => {
  const box = document.createElement('input'); box.setAttribute('aria-label', 'Floor input');
  const out = document.createElement('span'); out.id = 'tb-floor';
  box.addEventListener('input', () => { out.textContent = box.value + ' of'; });
  document.body.append(box, out);
}"""


def time_fill_floor(page) -> list[float]:
    """The Playwright round trips alone: the filter's steps timed on a bare input that updates a span."""
    page.evaluate(FLOOR_JS)
    times = []
    for pattern in ("trial12", "^trial9", "x"):
        page.wait_for_timeout(500)
        t0 = page.evaluate("performance.now()")
        page.get_by_label("Floor input").fill(pattern)
        page.wait_for_function(
            f"document.querySelector('#tb-floor').textContent.startsWith('{pattern} of')", polling="raf"
        )
        times.append(page.evaluate("performance.now()") - t0)
    return times


def start_loaded_trainboard(
    logdir: Path, runs: int = RUNS, src: Path | None = None
) -> tuple[subprocess.Popen, str]:
    proc, url = start_trainboard(logdir, env={"PYTHONPATH": str(src)} if src else None)

    def loaded() -> bool:
        env_json = _get_json(f"{url}/api/environment")
        return not env_json["loading"] and len(_get_json(f"{url}/api/runs")["runs"]) >= runs  # type: ignore[index]

    print(f"trainboard   loaded the logdir in {_wait(loaded, 900, 'trainboard'):.1f} s", flush=True)
    return proc, url


def _post(url: str, body: dict) -> tuple[bytes, float]:
    req = urllib.request.Request(
        url, data=orjson.dumps(body), headers={"Content-Type": "application/json"}, method="POST"
    )
    t0 = time.perf_counter()
    with urllib.request.urlopen(req, timeout=120) as r:
        data = r.read()
    return data, (time.perf_counter() - t0) * 1000


# In the page: fetch the same answer both ways and time the decode alone (median of 5).
DECODE_JS = """async ([url, body]) => {
  const times = {json: [], columnar: []};
  for (let i = 0; i < 5; i++) {
    const j = await (await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({...body, format: 'json'})})).text();
    let t = performance.now(); const parsed = JSON.parse(j); times.json.push(performance.now() - t);
    if (!parsed.series.length) throw new Error('empty');
    const buf = await (await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({...body, format: 'columnar'})})).arrayBuffer();
    t = performance.now();
    const size = new DataView(buf).getUint32(4, true);
    const head = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 8, size)));
    const floats = new Float64Array(buf, 8 + size);
    let at = 0;
    for (const s of head.series) {
      for (const c of head.columns) { s[c] = floats.subarray(at, at + s.n); at += s.n; }
      if (s.nb) for (const c of head.band_columns) { s[c] = floats.subarray(at, at + s.nb); at += s.nb; }
    }
    times.columnar.push(performance.now() - t);
  }
  const med = (xs) => xs.sort((a, b) => a - b)[2];
  return {json: med(times.json), columnar: med(times.columnar)};
}"""


def run_encoding(browser, url: str) -> None:
    runs = [r["name"] for r in _get_json(f"{url}/api/runs")["runs"]]  # type: ignore[index]
    body = {"tags": ["train/metric_0"], "runs": runs, "points": SWEEP_POINTS, "smoothing": 0.6, "band": False}
    print(f"== encoding: one card of {len(runs)} runs, points={SWEEP_POINTS} per run ==")
    sizes = {}
    for fmt in ("json", "columnar"):
        times = []
        for _ in range(5):
            data, ms = _post(f"{url}/api/scalars/runs", {**body, "format": fmt})
            times.append(ms)
        sizes[fmt] = len(data)
        ms = statistics.median(times)
        print(f"{fmt:9} {len(data) / 1e6:7.2f} MB  server answer (route + encode) {ms:6.0f} ms")
    # The full-resolution case the issue names: 1,000 points of every run.
    full = {**body, "points": STEPS}
    for fmt in ("json", "columnar"):
        data, ms = _post(f"{url}/api/scalars/runs", {**full, "format": fmt})
        print(f"{fmt:9} {len(data) / 1e6:7.2f} MB  at 1,000 points per run, server answer {ms:6.0f} ms")
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(url + "/api/environment")
        for label, b in (("dashboard points", body), ("1,000 points", full)):
            t = page.evaluate(DECODE_JS, [url + "/api/scalars/runs", b])
            json_ms, col_ms = t["json"], t["columnar"]
            print(f"decode in chromium ({label}): JSON.parse {json_ms:6.1f} ms, columnar {col_ms:6.1f} ms")
    finally:
        context.close()
    print(f"columnar is {sizes['json'] / sizes['columnar']:.2f}x smaller than JSON at the dashboard's points")


CARDS_JS = """() => {
  const h = window.innerHeight;
  return [...document.querySelectorAll('article.tb-card')]
    .filter(c => { const r = c.getBoundingClientRect(); return r.bottom > 0 && r.top < h; })
    .map(c => ({tag: c.dataset.tag, painted: c.dataset.painted === 'true'}));
}"""


def time_sweep_page(
    browser, url: str, query: str = "", timeout_ms: float = 60_000
) -> tuple[float, float, dict[str, int], int]:
    """(first card painted ms, every visible card painted ms, series requests per visible tag, cards)."""
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    page = context.new_page()
    requests: dict[str, int] = {}

    def on_request(r) -> None:
        if "/api/scalars/runs" in r.url:
            for tag in orjson.loads(r.post_data or b"{}").get("tags", ["?"]):
                requests[tag] = requests.get(tag, 0) + 1
        elif "/api/scalars?" in r.url:
            requests["(per-run)"] = requests.get("(per-run)", 0) + 1

    page.on("request", on_request)
    try:
        page.goto(url + "/" + query, wait_until="commit")
        first = shown_at(page, "document.querySelector('article.tb-card[data-painted]') !== null", timeout_ms)
        every = shown_at(
            page,
            f"(() => {{ const c = ({CARDS_JS})(); return c.length > 0 && c.every(x => x.painted); }})()",
            timeout_ms,
        )
        visible = page.evaluate(CARDS_JS)
        page.wait_for_timeout(300)
        per_card = {v["tag"]: requests.get(v["tag"], 0) for v in visible}
        per_card["(per-run)"] = requests.get("(per-run)", 0)
        return first, every, per_card, len(visible)
    finally:
        context.close()


def _verdict(measured: float, budget: float, unit: str = "ms") -> str:
    return f"budget {budget:g} {unit}: {'met' if measured <= budget else 'MISSED'}"


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.0f}" for v in values)


def run_browser(browser, url: str, repeat: int) -> float:
    """trainboard's page: first chart, every visible card, requests per card, the grouped card; returns
    the median first chart (ms)."""
    print(f"== browser: {RUNS} runs x {TAGS} tags x {STEPS} steps ==")
    firsts, everys = [], []
    per_card: dict[str, int] = {}
    cards = 0
    for _ in range(repeat):
        first, every, per_card, cards = time_sweep_page(browser, url)
        firsts.append(first)
        everys.append(every)
    f, e = statistics.median(firsts), statistics.median(everys)
    most = max((n for t, n in per_card.items() if t != "(per-run)"), default=0)
    print(f"trainboard   first chart      {f:7.0f} ms  {_verdict(f, FIRST_BUDGET_MS)}  ({_list(firsts)})")
    print(f"trainboard   every visible    {e:7.0f} ms  {_verdict(e, ALL_BUDGET_MS)}  ({cards} cards)")
    print(
        f"trainboard   series requests  at most {most} per visible card {_verdict(most, 1, 'requests')}, "
        f"{per_card['(per-run)']} per-run requests"
    )
    grouped = [time_sweep_page(browser, url, "?group=prefix") for _ in range(repeat)]
    g = statistics.median(t[0] for t in grouped)
    print(
        f"trainboard   grouped 10x100   {g:7.0f} ms  first grouped card from navigation "
        f"({_verdict(g, GROUP_BUDGET_MS)} for the card itself)"
    )
    return f


def run_tensorboard(browser, tens_url: str, repeat: int, ours: float | None) -> None:
    theirs = [
        time_first_chart(browser, tens_url + "/#timeseries", TENSORBOARD_PAINTED, 120_000)
        for _ in range(repeat)
    ]
    t = statistics.median(theirs)
    print(f"tensorboard  first chart      {t:7.0f} ms  (reference, {_list(theirs)})")
    if ours:
        print(f"ratio        {t / ours:7.1f}x  trainboard faster to the first chart")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cache", default="/tmp/trainboard-bench/sweep", type=Path)
    parser.add_argument("--repeat", default=3, type=int)
    parser.add_argument("--skip-tensorboard", action="store_true")
    parser.add_argument("--only", choices=("encoding", "browser", "table"))
    parser.add_argument(
        "--baseline-src", type=Path, help="table: also measure a server from this checkout's src, first"
    )
    args = parser.parse_args()
    subprocess.run([sys.executable, str(ROOT / "frontend" / "build_frontend.py")], check=True)
    if args.only in (None, "table"):
        with chromium() as browser:
            if args.baseline_src:
                run_table(browser, args.cache, args.baseline_src)
            run_table(browser, args.cache)
        if args.only == "table":
            return
    generate(args.cache)
    # One server at a time: TensorBoard's reload loop re-reads the 1,000 runs every 5 s, and left
    # running while trainboard's page is timed it would share the two cores with it.
    ours = None
    proc, url = start_loaded_trainboard(args.cache)
    try:
        with chromium() as browser:
            if args.only in (None, "encoding"):
                run_encoding(browser, url)
            if args.only in (None, "browser"):
                ours = run_browser(browser, url, args.repeat)
    finally:
        stop(proc)
    if args.only != "encoding" and not args.skip_tensorboard:
        tens_proc, tens_url = start_tensorboard_at(
            args.cache, run_name(LRS[-1], SEEDS - 1), "train/metric_0", STEPS
        )
        try:
            with chromium() as browser:
                run_tensorboard(browser, tens_url, args.repeat, ours)
        finally:
            stop(tens_proc)


if __name__ == "__main__":
    main()
