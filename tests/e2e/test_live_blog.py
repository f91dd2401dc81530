"""Live from the first point: the blog's REINFORCE program, one import changed, watched in a real browser.

The program runs unmodified but for its episode count (examples/reinforce_blog.py): a graph at the
start, one add_scalar every 20 episodes, nothing flushed by hand. A wrapper records when each
add_scalar was called; the page records when its card first showed that many points. Each point must
be on screen within 2 s of its call, and the graph must be on the Graphs tab while training still runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

from playwright.sync_api import Page, expect

from benchmarks._live_program import DRIVER, WATCH_TRAINBOARD, read_calls, write_program

ROOT = Path(__file__).resolve().parents[2]
EPISODES = 400  # 19 points, about 10-30 s of training on two cores
LATENCY_BUDGET_S = 2.0


def test_the_blog_program_is_charted_live_point_by_point(page: Page, serve, tmp_path: Path) -> None:
    logdir = tmp_path / "logs" / "REINFORCE"
    logdir.mkdir(parents=True)
    url = serve(logdir)  # started before training, as the user does
    page.goto(url)
    page.evaluate(WATCH_TRAINBOARD)

    calls = tmp_path / "calls.jsonl"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
        "OMP_NUM_THREADS": "1",  # leave a core to the server and the browser
    }
    training = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(calls), str(write_program(tmp_path, EPISODES)), "trainboard"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        # The graph, in a second tab opened once training is under way (two pages laying out the graph
        # at the moment the first point arrives would only measure the CPU this machine lacks).
        expect(page.locator('article.tb-card[data-tag="reward"]')).to_be_visible(timeout=30_000)
        graphs = page.context.new_page()
        graphs.goto(f"{url}/?tab=graphs")
        node = graphs.locator("[data-testid=graph-canvas] g[data-id]").first
        expect(node).to_be_visible(timeout=30_000)
        assert training.poll() is None, "training ended before the graph was shown"
        assert training.wait(300) == 0
    finally:
        if training.poll() is None:
            training.kill()
    logged = read_calls(calls)
    assert len(logged) == EPISODES // 20 - 1
    card = page.locator('article.tb-card[data-tag="reward"]')
    expect(card.locator("footer")).to_contain_text(f"{len(logged)} points", timeout=10_000)
    shown = page.evaluate("window.__shown")
    lags = [shown[str(k + 1)] - called for k, (_, called) in enumerate(logged)]
    late = [(logged[k][0], round(lag, 2)) for k, lag in enumerate(lags) if lag > LATENCY_BUDGET_S]
    assert not late, f"points shown later than {LATENCY_BUDGET_S} s after add_scalar (step, seconds): {late}"


def test_a_torch_file_with_only_its_header_is_explained(page: Page, serve, tmp_path: Path) -> None:
    from torch.utils.tensorboard import SummaryWriter as TorchWriter

    # A torch writer created a minute ago that has written nothing since: its header's wall time says so.
    with mock.patch("time.time", return_value=time.time() - 60):
        writer = TorchWriter(str(tmp_path / "REINFORCE"))
    try:
        page.goto(serve(tmp_path))
        hint = page.get_by_test_id("waiting-runs")
        expect(hint).to_be_visible(timeout=15_000)
        expect(hint).to_contain_text("Run REINFORCE has written only a file header for")
        expect(hint).to_contain_text("torch's SummaryWriter keeps values in memory for up to 120 s")
        expect(hint).to_contain_text("writer.flush()")
        text = hint.inner_text()
        assert "\n" not in text.strip(), "the hint is one line"
        writer.add_scalar("reward", 21.0, global_step=20)
        writer.flush()
        expect(page.locator('article.tb-card[data-tag="reward"]')).to_be_visible(timeout=15_000)
        expect(hint).to_have_count(0)
    finally:
        writer.close()
