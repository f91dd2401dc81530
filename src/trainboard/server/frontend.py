"""Where the built dashboard lives, and the startup check that it is there.

Kept apart from `static.py` (which serves it) so that `serve` can check before importing the web stack.
"""

from __future__ import annotations

from pathlib import Path

from trainboard.errors import FrontendNotBuiltError

__all__ = ["BUILD_COMMAND", "STATIC_DIR", "FrontendNotBuiltError", "check_frontend"]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
BUILD_COMMAND = "python frontend/build_frontend.py (or pip install -e .)"


def check_frontend(static_dir: Path = STATIC_DIR) -> None:
    """Fail once, at startup, when the dashboard was never built."""
    if not (static_dir / "index.html").is_file():
        raise FrontendNotBuiltError(
            f"the dashboard is not built ({static_dir / 'index.html'} is missing): run {BUILD_COMMAND}, "
            "or set TRAINBOARD_API_ONLY=1 to serve only the API"
        )
