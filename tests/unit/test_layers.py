"""Each layer imports only what lies below it; this test is where that rule lives.

Every module of the package is given a layer by `LAYERS` (first matching pattern wins), and a module
without one fails the test, so a new file cannot slip past the check. Imports are read from the source
(absolute and relative, at any depth, inside functions too) and each must be allowed for its layer.
The web stack (FastAPI, Starlette, uvicorn, watchfiles) may be imported only by the serving side, so
writing and reading never load it. `test_the_check_catches_planted_violations` shows the check fails.
Two checks of where things are spelled ride along: the store spells no on-disk name (they live in
`events/names.py`), and only a plugin's `metadata.py` decodes its plugin content.

Writing side:  events -> plugins/*/metadata -> plugins/*/summary -> summary, _runs -> writer
Reading side:  events -> store -> plugins/context, plugins/*/routes -> server -> cli
"""

from __future__ import annotations

import ast
import fnmatch
from pathlib import Path

import pytest

import trainboard

SRC = Path(trainboard.__file__).parent
COMMON = ("trainboard._version", "trainboard.errors")
WEB_STACK = ("fastapi", "starlette", "uvicorn", "watchfiles", "httpx")
OWN = "{own}"  # the importing module's own plugin: plugins never import each other
EVENTS, STORE, CONVERT = "trainboard.events", "trainboard.store", "trainboard._convert"
OWN_METADATA, OWN_PRIVATE = f"trainboard.plugins.{OWN}.metadata", f"trainboard.plugins.{OWN}._"
OWN_SUMMARY = f"trainboard.plugins.{OWN}.summary"
ANY_SUMMARY, ANY_METADATA = "trainboard.plugins.*.summary", "trainboard.plugins.*.metadata"
CONTEXT, ANSWERS, TB_DATA, OWN_ANY = (
    "trainboard.plugins.context",
    "trainboard.plugins.answers",
    "trainboard.plugins.tb_data",
    f"trainboard.plugins.{OWN}",
)

# The modules that build a plugin's tables from the store, for `trainboard.read`'s DataFrame methods.
PLUGIN_TABLES = (
    "trainboard.plugins.*.frames",
    "trainboard.plugins.hparams.sessions",
    "trainboard.plugins.projector.embeddings",
)

# (module path pattern, imports it may use besides COMMON, whether it may use the web stack).
# Patterns are fnmatch globs relative to src/trainboard; an allowed import is a dotted prefix, where
# "*" matches any one name, "{own}" the module's own plugin, and a final "_" any private module.
LAYERS: list[tuple[str, tuple[str, ...], bool]] = [
    ("_version.py", (), False),
    ("errors.py", (), False),
    ("_convert.py", (), False),
    ("events/*", (EVENTS,), False),
    ("store/*", (EVENTS, STORE), False),
    ("plugins/__init__.py", (EVENTS,), False),  # names the plugins; their routes are imported lazily
    # Answers as bytes (JSON, ETag, 304, gzip) for the routes and the startup server: no web stack.
    ("plugins/answers.py", (EVENTS, STORE), False),
    ("plugins/context.py", (EVENTS, STORE, CONTEXT, ANSWERS), True),
    # TensorBoard's JSON, Markdown and scalar answers, shared by every plugin's /data/ routes.
    ("plugins/tb_data.py", (EVENTS, STORE, CONTEXT, ANSWERS), True),
    ("plugins/*/__init__.py", (OWN_METADATA, OWN_SUMMARY), False),
    ("plugins/*/metadata.py", (EVENTS,), False),
    ("plugins/*/summary.py", (CONVERT, EVENTS, OWN_METADATA, OWN_PRIVATE), False),
    ("plugins/*/routes.py", (EVENTS, STORE, CONTEXT, ANSWERS, TB_DATA, OWN_ANY), True),
    # A plugin's private helpers (graphs/_onnx.py, _torch_trace.py): the writer side's, so no store.
    ("plugins/*/_*.py", (EVENTS, OWN_METADATA, OWN_PRIVATE), False),
    # Its other helpers serve its routes (graphs/view.py, scalars/series.py, hparams/tb_api.py, ...):
    # they may read the store, but leave HTTP to routes.py.
    ("plugins/*/*.py", (EVENTS, STORE, ANSWERS, OWN_ANY), False),
    ("_runs.py", (EVENTS, ANY_SUMMARY, ANY_METADATA), False),
    ("summary.py", (CONVERT, EVENTS, ANY_SUMMARY, ANY_METADATA), False),
    (
        "writer.py",
        (CONVERT, "trainboard._runs", EVENTS, "trainboard.summary", ANY_SUMMARY, ANY_METADATA),
        False,
    ),
    # `trainboard.read`: the store's Experiment with each plugin's DataFrame (frames.py and the like).
    ("_reader.py", (EVENTS, STORE, *PLUGIN_TABLES), False),
    ("_patch.py", (EVENTS, "trainboard.writer"), False),  # frameworks' writers onto trainboard's
    ("notebook.py", (), False),  # starts servers as subprocesses; imports none of their code
    # The startup server answers before the web stack is imported (early.py), from web-free builders.
    ("server/early.py", (EVENTS, STORE, "trainboard.plugins", "trainboard.server"), False),
    ("server/listings.py", (EVENTS, STORE, "trainboard.plugins", "trainboard.server"), False),
    ("server/*", (EVENTS, STORE, "trainboard.plugins", "trainboard.server"), True),
    # The top: the public face and the commands may use everything.
    ("__init__.py", ("trainboard",), False),
    ("__main__.py", ("trainboard",), False),
    ("cli.py", ("trainboard",), False),
    ("demo.py", ("trainboard",), False),
    ("export.py", ("trainboard",), False),  # the static report: store, hparams and the built page
]


def layer_of(rel: str) -> tuple[str, tuple[str, ...], bool] | None:
    for rule in LAYERS:
        if fnmatch.fnmatchcase(rel, rule[0]):
            return rule
    return None


def imports_of(rel: str, source: str) -> set[str]:
    """Every module a file imports, relative imports resolved; ``from a import b`` gives ``a.b``."""
    package = ["trainboard", *rel.split("/")[:-1]]  # what "." means, also in an __init__.py
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _matches(name: str, allowed: str, own: str | None) -> bool:
    parts = allowed.replace(OWN, own or "\0").split(".")
    names = name.split(".")
    if parts[-1] == "_":  # a private module of the plugin: trainboard.plugins.x._anything
        parts = parts[:-1]
        return (
            len(names) > len(parts)
            and names[len(parts)].startswith("_")
            and all(fnmatch.fnmatchcase(n, p) for n, p in zip(names, parts, strict=False))
        )
    return len(names) >= len(parts) and all(
        fnmatch.fnmatchcase(n, p) for n, p in zip(names, parts, strict=False)
    )


def violations(rel: str, source: str) -> list[str]:
    """What ``rel`` (a path under src/trainboard) imports against its layer's rule, as messages."""
    rule = layer_of(rel)
    if rule is None:
        return [f"{rel} has no layer in tests/unit/test_layers.py LAYERS: add one"]
    _, allowed, web = rule
    parts = rel.split("/")
    own = parts[1] if parts[0] == "plugins" and len(parts) == 3 else None
    bad = []
    for name in sorted(imports_of(rel, source)):
        top = name.split(".")[0]
        if top in WEB_STACK and not web:
            bad.append(f"{rel} imports {name}: the web stack belongs to the serving side")
        elif top == "trainboard":
            if any(name == c or name.startswith(c + ".") for c in COMMON):
                continue
            own_module = "trainboard." + rel.removesuffix(".py").replace("/", ".")
            if name.startswith(own_module.removesuffix(".__init__") + "."):
                continue  # names from the module itself
            if _matches(name, "trainboard.plugins.*.routes", None) and not web:
                bad.append(f"{rel} imports {name}: routes belong to the serving side")
            elif not any(_matches(name, pattern, own) for pattern in allowed):
                bad.append(f"{rel} imports {name}, which its layer ({rule[0]}) may not")
    return bad


def _modules() -> list[str]:
    return sorted(p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py") if "static" not in p.parts)


@pytest.mark.parametrize("rel", _modules())
def test_every_module_imports_only_what_its_layer_allows(rel: str) -> None:
    assert violations(rel, (SRC / rel).read_text(encoding="utf-8")) == []


# Violations planted on purpose, each one a real way the layering was broken or could be.
PLANTED = [
    # a summary module reaching its own routes drags FastAPI into `import trainboard`
    ("plugins/scalars/summary.py", "from . import routes", "trainboard.plugins.scalars.routes"),
    ("plugins/scalars/summary.py", "from .routes import scalars_route", "trainboard.plugins.scalars.routes"),
    ("plugins/context.py", "from trainboard.server.app import create_app", "trainboard.server.app"),
    ("summary.py", "from trainboard.server.app import create_app", "trainboard.server.app"),
    ("plugins/images/routes.py", "from trainboard.plugins.audio import metadata", "trainboard.plugins.audio"),
    ("store/loader.py", "from trainboard.plugins.scalars import metadata", "trainboard.plugins.scalars"),
    ("events/records.py", "def f():\n    import trainboard.store", "trainboard.store"),
    ("writer.py", "import fastapi", "web stack"),
    ("writer.py", "from trainboard.plugins.scalars import routes", "trainboard.plugins.scalars.routes"),
    ("store/experiment.py", "from ..server import live", "trainboard.server.live"),
    ("plugins/graphs/view.py", "from .routes import router", "trainboard.plugins.graphs.routes"),
    ("plugins/new_plugin/thing.py", "", "no layer"),
    # the store knows no plugin: plugin-specific reading lives in the plugin, DataFrames above both
    (
        "store/experiment.py",
        "from trainboard.plugins.hparams.sessions import hparams_frame",
        "trainboard.plugins",
    ),
    ("store/frames.py", "from trainboard.plugins.scalars.frames import scalars", "trainboard.plugins"),
    (
        "plugins/hparams/sessions.py",
        "from trainboard.plugins.scalars import metadata",
        "trainboard.plugins.scalars",
    ),
    (
        "_reader.py",
        "from trainboard.plugins.scalars.routes import router",
        "trainboard.plugins.scalars.routes",
    ),
    ("_reader.py", "from trainboard.server import app", "trainboard.server.app"),
    ("brand_new.py", "", "no layer"),
    # the startup server must answer before FastAPI is imported
    ("server/early.py", "from fastapi import Request", "web stack"),
    ("plugins/answers.py", "from starlette.responses import Response", "web stack"),
]


@pytest.mark.parametrize(("rel", "source", "expected"), PLANTED)
def test_the_check_catches_planted_violations(rel: str, source: str, expected: str) -> None:
    found = violations(rel, source)
    if expected == "no layer" and layer_of(rel) is not None:
        found = violations(rel, "import fastapi")  # a new plugin helper still may not serve
        expected = "web stack"
    assert any(expected in v for v in found), f"planting {source!r} in {rel} was not caught: {found}"


def test_allowed_imports_are_not_reported() -> None:
    assert violations("plugins/scalars/routes.py", "from . import metadata\nimport fastapi") == []
    assert violations("writer.py", "from trainboard.plugins.images import summary") == []


def store_spellings(source: str) -> list[str]:
    """On-disk names (`events/names.py`) spelled out as string literals, docstrings aside. The one
    exception is `which == "audio"`: legacy `Summary.Value` members share names with plugins."""
    from trainboard.events import names

    spelled = {v for k, v in vars(names).items() if k.isupper() and isinstance(v, str)}
    tree = ast.parse(source)
    skip = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == "which":
            skip.update(id(c) for c in node.comparators)
    return [
        f"line {n.lineno}: {n.value!r}"
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and n.value in spelled and id(n) not in skip
    ]


@pytest.mark.parametrize("rel", [m for m in _modules() if m.startswith("store/")])
def test_the_store_spells_no_plugin_name(rel: str) -> None:
    found = store_spellings((SRC / rel).read_text(encoding="utf-8"))
    assert found == [], f"{rel} spells on-disk names out; use trainboard.events.names: {found}"


def test_the_spelling_check_catches_a_planted_name() -> None:
    assert store_spellings('def f(plugin):\n    return plugin == "histograms"\n') == ["line 2: 'histograms'"]
    assert store_spellings('GRAPH_TAG = "__run_graph__"') == ["line 1: '__run_graph__'"]
    assert store_spellings('if which == "audio":\n    pass\n') == []


# The messages that are a plugin's content (`SummaryMetadata.plugin_data.content`, or the custom
# scalars layout in its tensor): only that plugin's `metadata.py` decodes them.
_CONTENT_MESSAGE_SUFFIXES = ("PluginData", "Layout")


def content_decodes(source: str) -> list[str]:
    """Calls `<...>PluginData.decode(...)` (or `Layout.decode`) in `source`, as messages."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "decode":
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if name.endswith(_CONTENT_MESSAGE_SUFFIXES) and name != "PluginData":
                found.append(f"line {node.lineno}: {name}.decode")
    return found


@pytest.mark.parametrize(
    "rel",
    [
        m
        for m in _modules()
        if not fnmatch.fnmatchcase(m, "plugins/*/metadata.py") and m != "events/messages.py"
    ],
)
def test_plugin_content_is_decoded_only_by_its_metadata_module(rel: str) -> None:
    found = content_decodes((SRC / rel).read_text(encoding="utf-8"))
    assert found == [], (
        f"{rel} decodes plugin content itself; call its plugin's metadata.parse_plugin_data: {found}"
    )


def test_the_decode_check_catches_a_planted_copy() -> None:
    assert content_decodes("data = m.AudioPluginData.decode(info.plugin_content)") == [
        "line 1: AudioPluginData.decode"
    ]
    assert content_decodes("from x import Layout\nLayout.decode(b'')") == ["line 2: Layout.decode"]
    assert content_decodes("m.PluginData.decode(b'')\nb'x'.decode('utf-8')") == []
