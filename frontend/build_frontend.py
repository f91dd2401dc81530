"""Builds the web app into src/trainboard/static when the build is missing or older than its sources.

Called by setup.py's build_py hook (so `pip install .` and `pip install -e .` ship a current build) and
runnable by hand: `python frontend/build_frontend.py [--force]`.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

FRONTEND = Path(__file__).parent.resolve()
STATIC = FRONTEND.parent / "src" / "trainboard" / "static"
# Written after a successful build; holds the hash of every source that went into it.
STAMP = STATIC / ".build-stamp"
# Copied from node_modules by package.json's `postbuild`, so /api/docs works without internet.
SWAGGER_UI = STATIC / "swagger" / "swagger-ui-bundle.js"
SOURCES = (
    "src",
    "public",
    "index.html",
    "report.html",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "vite.config.ts",
    "vite.report.config.ts",
)
NODE_HINT = "trainboard: building the dashboard needs Node.js 18+ with npm (https://nodejs.org); skipped."


def sources_hash() -> str:
    """A hash of the frontend's sources: file paths and contents, in a stable order."""
    digest = hashlib.sha256()
    for name in SOURCES:
        path = FRONTEND / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if not file.exists() or "node_modules" in file.parts:
                continue
            digest.update(str(file.relative_to(FRONTEND)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def is_stale() -> bool:
    built = (STATIC / "index.html", STATIC / "report.html", SWAGGER_UI, STAMP)
    if not all(path.exists() for path in built):
        return True
    return STAMP.read_text().strip() != sources_hash()


def build(force: bool = False) -> int:
    """Runs `npm ci` (when node_modules is missing) and `npm run build`; returns a process exit code."""
    if not force and not is_stale():
        return 0
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        print(NODE_HINT, file=sys.stderr)
        # A missing toolchain must not break installing the Python side; the server reports the
        # missing build at startup.
        return 0
    installed = FRONTEND / "node_modules" / ".package-lock.json"
    lockfile = FRONTEND / "package-lock.json"
    # Another dashboard may have added a dependency since node_modules was filled.
    if not installed.exists() or installed.stat().st_mtime < lockfile.stat().st_mtime:
        subprocess.check_call([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FRONTEND)
    subprocess.check_call([npm, "run", "build"], cwd=FRONTEND)
    STAMP.write_text(sources_hash() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(build(force="--force" in sys.argv[1:]))
