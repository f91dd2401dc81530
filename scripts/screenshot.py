"""Makes the README's screenshot: serves `trainboard demo` and photographs the dashboard in chromium.

    python scripts/screenshot.py                       # writes docs/images/dashboard.png
    python scripts/screenshot.py --out /tmp/shot.png --width 1600

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
from _browser import chromium, free_port  # noqa: E402

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


def take(out: Path, *, width: int, height: int, path: str, wait_for: str, settle: float) -> int:
    """Serves the demo, opens `path` on it, saves a screenshot to `out`; returns its size in bytes."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="trainboard-shot-") as logdir:
        code = (
            "import sys; from trainboard.cli import main; "
            f"sys.exit(main(['demo', '--out', {logdir!r}, '--port', '{port}', '--host', '127.0.0.1']))"
        )
        process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
        try:
            _wait_for_server(url, process)
            with chromium() as browser:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(url + path)
                page.wait_for_selector(wait_for, timeout=30_000)
                # Charts draw after their data arrives; a short settle lets every visible card finish.
                page.wait_for_timeout(settle * 1000)
                png = page.screenshot()
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
    args = parser.parse_args()
    size = take(
        args.out,
        width=args.width,
        height=args.height,
        path=args.path,
        wait_for=args.wait_for,
        settle=args.settle,
    )
    print(f"wrote {args.out} ({size / 1000:.0f} kB)")


if __name__ == "__main__":
    main()
