"""One parameter vocabulary for every route (`plugins/context.py`): every query parameter is bounded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi.testclient import TestClient

from trainboard.plugins.context import MAX_NAME
from trainboard.server.docs import OPENAPI_PATH


def _parameters(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in spec["paths"].items():
        for method in methods.values():
            for param in method.get("parameters", []):
                yield path, param["name"], param["schema"]


def _kinds(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The non-null alternatives of a schema (`str | None` is anyOf string, null)."""
    alternatives = schema.get("anyOf", [schema])
    return [a for a in alternatives if a.get("type") != "null"]


def unbounded(spec: dict[str, Any]) -> list[str]:
    """Every parameter a client could make arbitrarily long or large."""
    found = []
    for path, name, schema in _parameters(spec):
        for kind in _kinds(schema):
            t = kind.get("type")
            if t == "string" and "enum" not in kind and "maxLength" not in kind:
                found.append(f"{path} ?{name}= is a string without maxLength")
            elif t == "integer" and ("maximum" not in kind or "minimum" not in kind):
                found.append(f"{path} ?{name}= is an integer without bounds")  # floats are fixed-size
            elif t == "array" and ("maxItems" not in kind or "maxLength" not in kind.get("items", {})):
                found.append(f"{path} ?{name}= is a list without maxItems or bounded items")
    return found


def test_every_route_parameter_is_bounded(make_client: Callable[..., TestClient]) -> None:
    spec = make_client().get(OPENAPI_PATH).json()
    assert len(list(_parameters(spec))) > 50  # the check sees the routes
    assert unbounded(spec) == []


def test_the_check_catches_an_unbounded_parameter() -> None:
    spec = {
        "paths": {
            "/a": {
                "get": {
                    "parameters": [
                        {"name": "run", "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]}}
                    ]
                }
            },
            "/b": {"get": {"parameters": [{"name": "sample", "schema": {"type": "integer"}}]}},
            "/c": {
                "get": {
                    "parameters": [{"name": "run", "schema": {"type": "array", "items": {"type": "string"}}}]
                }
            },
        }
    }
    assert len(unbounded(spec)) == 3


def test_tensorboard_routes_refuse_a_name_past_the_bound(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    long = "r" * (MAX_NAME + 1)
    for path, params in [
        ("/data/plugin/images/images", {"run": long, "tag": "t"}),
        ("/data/plugin/audio/individualAudio", {"blob_key": "k", "content_type": long}),
        ("/data/plugin/images/individualImage", {"blob_key": "bad key/../x"}),
        ("/data/plugin/pr_curves/pr_curves", {"run": ["run", long], "tag": "pr"}),
        ("/data/plugin/scalars/scalars", {"run": "run", "tag": long}),
    ]:
        answer = client.get(path, params=params)
        assert answer.status_code == 400 and answer.json()["error"], (path, answer.text)
    # within the bound, a missing run still gets TensorBoard's own 400 and a known one its data
    assert "required" in client.get("/data/plugin/images/images", params={"tag": "t"}).json()["error"]
    assert client.get("/data/plugin/scalars/scalars", params={"run": "run", "tag": "loss"}).status_code == 200
