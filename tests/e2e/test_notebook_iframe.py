"""The iframe `%trainboard` puts in a notebook shows a working dashboard in a real browser.

The page holding it is the notebook cell's HTML (`trainboard.notebook.iframe`) served from another
port of localhost, as Jupyter serves notebooks (http://localhost:8888), so the dashboard runs
embedded in a page of another origin.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import trainboard.notebook
from trainboard import SummaryWriter

pytest.importorskip("IPython")


@pytest.fixture
def notebook_server(tmp_path: Path, built_frontend: Path) -> Iterator[trainboard.notebook.Server]:
    with SummaryWriter(str(tmp_path / "logs" / "ppo")) as writer:
        for step in range(20):
            writer.add_scalar("reward", step * 2.0, step)
    server = trainboard.notebook.start(str(tmp_path / "logs"))
    yield server
    trainboard.notebook.stop(server.port)


@pytest.fixture
def notebook_page_url(tmp_path: Path, notebook_server: trainboard.notebook.Server) -> Iterator[str]:
    """A page at http://localhost:<another port>/cell.html holding the cell's iframe."""
    pages = tmp_path / "jupyter"
    pages.mkdir()
    (pages / "cell.html").write_text(
        "<html><body><h1>notebook cell</h1>"
        + trainboard.notebook.iframe(notebook_server, height=700)._repr_html_()
        + "</body></html>"
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(pages))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://localhost:{httpd.server_address[1]}/cell.html"
        httpd.shutdown()
        thread.join(5)


def test_the_inline_iframe_shows_the_runs_and_charts(
    notebook_server: trainboard.notebook.Server, notebook_page_url: str, page
) -> None:
    # The server fixtures come before `page`: the server then outlives the final screenshot.
    from playwright.sync_api import expect

    page.goto(notebook_page_url)
    dashboard = page.frame_locator("iframe")
    expect(dashboard.get_by_text("ppo").first).to_be_visible(timeout=20_000)
    expect(dashboard.locator('article.tb-card[data-tag="reward"]')).to_be_visible(timeout=20_000)
    expect(dashboard.locator("canvas").first).to_be_visible(timeout=20_000)
    expect(dashboard.get_by_text("20 points")).to_be_visible(timeout=20_000)
    # Live inside the iframe: a point logged now reaches the chart without a reload.
    with SummaryWriter(notebook_server.logdir + "/ppo") as writer:
        writer.add_scalar("reward", 40.0, 20)
    expect(dashboard.get_by_text("21 points")).to_be_visible(timeout=20_000)
