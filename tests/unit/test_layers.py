"""Each layer imports only what lies below it (DESIGN.md "Data flow"); this test is where that rule lives."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import trainboard

SRC = Path(trainboard.__file__).parent
COMMON = ("trainboard._version", "trainboard.errors")

# module path pattern -> import prefixes it may use (besides its own package and COMMON)
RULES: dict[str, tuple[str, ...]] = {
    "events": ("trainboard.events",),
    "store": ("trainboard.events", "trainboard.store"),
    "plugins/*/metadata.py": ("trainboard.events",),
    "plugins/*/summary.py": (
        "trainboard._convert",
        "trainboard.events",
        "trainboard.plugins.*.metadata",
        "trainboard.plugins.*._",
    ),
    "plugins/*/routes.py": (
        "trainboard.events",
        "trainboard.store",
        "trainboard.plugins.context",
        # TensorBoard's JSON, Markdown and scalar answers, shared by every plugin's /data/ routes.
        "trainboard.plugins.tb_data",
        "trainboard.plugins.*.metadata",
        "trainboard.plugins.*.view",
        "trainboard.plugins.*.tb_api",
        "trainboard.plugins.*._",
    ),
    "server": ("trainboard.store", "trainboard.plugins", "trainboard.server"),
    "_convert.py": (),
    "_runs.py": ("trainboard.events", "trainboard.plugins.scalars.summary"),
    "writer.py": (
        "trainboard._convert",
        "trainboard._runs",
        "trainboard.events",
        "trainboard.summary",
        "trainboard.plugins.*.summary",
        "trainboard.plugins.*.metadata",
    ),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("trainboard")}


def _allowed(name: str, allowed: tuple[str, ...], own_plugin: str | None) -> bool:
    if any(name == c or name.startswith(c + ".") for c in COMMON):
        return True
    # "*" is the module's own plugin (plugins never import each other) or, outside plugins, any plugin.
    star = re.escape(own_plugin) if own_plugin else "[a-z_]+"
    for pattern in allowed:
        regex = re.escape(pattern).replace(r"\*", star)
        regex = regex[:-1] + ".*" if pattern.endswith("._") else regex + r"(\..+)?"
        if re.fullmatch(regex, name):
            return True
    return False


def _cases() -> list[tuple[Path, str]]:
    cases = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        parts = rel.split("/")
        if parts[0] == "plugins" and len(parts) == 3:
            key = f"plugins/*/{parts[2]}"
        else:
            key = parts[0]
        if key in RULES:
            cases.append((path, key))
    return cases


@pytest.mark.parametrize(("path", "layer"), _cases(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_modules_import_only_the_layers_below_them(path: Path, layer: str) -> None:
    parts = path.relative_to(SRC).parts
    own_plugin = parts[1] if parts[0] == "plugins" else None
    bad = sorted(n for n in _imports(path) if not _allowed(n, RULES[layer], own_plugin))
    assert not bad, f"{path.relative_to(SRC)} ({layer}) imports {bad}"


def test_the_rules_cover_the_core_layers() -> None:
    layers = {layer for _, layer in _cases()}
    assert {"events", "store", "server", "writer.py", "plugins/*/routes.py"} <= layers
