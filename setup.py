"""Build steps that pyproject.toml cannot express: the compiled scanner and the bundled frontend."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent.resolve()
SCAN_PYX = ROOT / "src" / "trainboard" / "events" / "_scan.pyx"


def _extensions() -> list[Extension]:
    if not SCAN_PYX.exists():
        return []
    import numpy
    from Cython.Build import cythonize

    ext = Extension(
        "trainboard.events._scan",
        [str(SCAN_PYX.relative_to(ROOT))],
        include_dirs=[numpy.get_include()],
        extra_compile_args=["-O3"],
        define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
    )
    return cythonize([ext], language_level=3, quiet=True)


class BuildPyWithFrontend(build_py):
    """Builds the frontend into src/trainboard/static when the build is missing or stale."""

    def run(self) -> None:
        script = ROOT / "frontend" / "build_frontend.py"
        if script.exists() and not os.environ.get("TRAINBOARD_SKIP_FRONTEND"):
            subprocess.check_call([sys.executable, str(script)])
        super().run()


setup(ext_modules=_extensions(), cmdclass={"build_py": BuildPyWithFrontend})
