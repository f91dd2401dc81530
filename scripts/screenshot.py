"""Makes the README's screenshot: serves `trainboard demo` and photographs the dashboard in chromium.

    python scripts/screenshot.py                       # writes docs/images/dashboard.png
    python scripts/screenshot.py --out /tmp/shot.png --width 1600
    python scripts/screenshot.py --logdir /tmp/trainboard-bench/sweep --theme dark \
        --path "/?group=prefix&band=minmax" --hover "article.tb-card .u-over" --out docs/images/sweep.png

Needs the built frontend (`cd frontend && npm ci && npm run build`) and Debian's chromium.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _browser import chromium, free_port, start_trainboard, stop  # noqa: E402

MAX_BYTES = 300_000  # the PNG is committed: above this it is quantised to a palette
STARTUP_TIMEOUT = 60.0  # seconds for the demo to write its logdir and the server to answer


def _wait_for_server(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"`trainboard demo` exited with code {process.returncode}; run it by hand to see why"
            )
        try:
            with urllib.request.urlopen(f"{url}/api/environment", timeout=2) as response:
                if response.status == 200 and b'"loading":false' in response.read().replace(b" ", b""):
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"no dashboard at {url} after {STARTUP_TIMEOUT:g}s; is the frontend built?")


def _shrink(png: bytes) -> bytes:
    if len(png) <= MAX_BYTES:
        return png
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _photograph(
    url: str, *, width: int, height: int, wait_for: str, settle: float, theme: str, hover: str
) -> bytes:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=theme)  # type: ignore[arg-type]
        page.goto(url)
        page.wait_for_selector(wait_for, timeout=60_000)
        # Charts draw after their data arrives; a short settle lets every visible card finish.
        page.wait_for_timeout(settle * 1000)
        if hover:
            box = page.locator(hover).first.bounding_box()
            if box:
                page.mouse.move(box["x"] + box["width"] * 0.42, box["y"] + box["height"] * 0.45)
                page.wait_for_timeout(300)
        return page.screenshot()


def take(
    out: Path,
    *,
    width: int,
    height: int,
    path: str,
    wait_for: str,
    settle: float,
    logdir: Path | None = None,
    theme: str = "light",
    hover: str = "",
) -> int:
    """Serves the demo (or `logdir`), opens `path` on it, saves a screenshot to `out`; returns its size."""
    shot = {
        "width": width,
        "height": height,
        "wait_for": wait_for,
        "settle": settle,
        "theme": theme,
        "hover": hover,
    }
    if logdir is not None:
        proc, url = start_trainboard(logdir)
        try:
            _wait_for_server(url, proc)
            png = _photograph(url + path, **shot)  # type: ignore[arg-type]
        finally:
            stop(proc)
    else:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory(prefix="trainboard-shot-") as demo:
            code = (
                "import sys; from trainboard.cli import main; "
                f"sys.exit(main(['demo', '--out', {demo!r}, '--port', '{port}', '--host', '127.0.0.1']))"
            )
            process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
            try:
                _wait_for_server(url, process)
                png = _photograph(url + path, **shot)  # type: ignore[arg-type]
            finally:
                process.terminate()
                process.wait(timeout=10)
    data = _shrink(png)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description="Screenshot the dashboard serving `trainboard demo`.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "dashboard.png")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument(
        "--path",
        default="/?tagFilter=^(loss|accuracy)/",
        help="page to open, with the view in its query string (default: the loss and accuracy charts)",
    )
    parser.add_argument(
        "--wait-for", default="canvas", help="CSS selector that shows the page has drawn (default: canvas)"
    )
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to let charts draw")
    parser.add_argument("--logdir", type=Path, help="serve this logdir instead of `trainboard demo`")
    parser.add_argument(
        "--theme", choices=("light", "dark"), default="light", help="the page's colour scheme"
    )
    parser.add_argument("--hover", default="", help="CSS selector to hover before the shot (shows a tooltip)")
    args = parser.parse_args()
    size = take(
        args.out,
        width=args.width,
        height=args.height,
        path=args.path,
        wait_for=args.wait_for,
        settle=args.settle,
        logdir=args.logdir,
        theme=args.theme,
        hover=args.hover,
    )
    print(f"wrote {args.out} ({size / 1000:.0f} kB)")


if __name__ == "__main__":
    main()
