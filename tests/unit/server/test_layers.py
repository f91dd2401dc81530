"""Nothing below the server imports it: events -> store -> plugins -> server, never backwards."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[3] / "src" / "trainboard"

# Each layer and the packages it must never import.
FORBIDDEN = {
    "events": ("trainboard.store", "trainboard.plugins", "trainboard.server", "trainboard.cli"),
    "store": ("trainboard.plugins", "trainboard.server", "trainboard.cli"),
    "plugins": ("trainboard.server", "trainboard.cli"),
}


def imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_is_below_it(layer: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in sorted(imports(path))
        if name.startswith(FORBIDDEN[layer])
    ]
    assert offenders == []
