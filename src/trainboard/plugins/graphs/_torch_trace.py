"""A traced PyTorch model as the GraphDef torch's `add_graph` writes (`spec/event-format.md` §5.3).

torch is imported only inside these functions, so importing trainboard never pays for it.

The GraphDef lists, in order: the graph inputs that are used (`input/<name>`), one node per graph
output (`output/output.<i>`), then one node per output value of every traced op, named
`<scope>/<value name>`. Scopes read like `Policy/Linear[fc1]`: the root module's class name, then
`<Class>[<attribute>]` for each submodule on the way. Parameters fetched by `prim::GetAttr` get their
own scope (`.../Linear[fc1]/weight`), and GetAttr nodes that fetch submodules are dropped, so some
inputs name nodes that are not in the graph; TensorBoard and trainboard both tolerate that.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from trainboard.errors import GraphTraceError, MissingExtraError
from trainboard.events.messages import (
    AttrListValue,
    AttrValue,
    GraphDef,
    NodeDef,
    TensorShapeProto,
    VersionDef,
)
from trainboard.plugins.graphs.metadata import GRAPH_PRODUCER_VERSION, IO_NODE_OP

_GETATTR = "prim::GetAttr"
_CLASS_TYPE = "ClassType"
_MODULE_ALIAS_ROOT = "__module"


@dataclass
class _Value:
    """One future NodeDef, still named by the JIT's debug names until `_scoped_names` resolves them."""

    debug_name: str
    op: str
    inputs: list[str]
    scope: str | None  # None for graph inputs and outputs
    shape: list[int] | None
    attr_text: str
    io_prefix: str = ""


def trace_graph_def(model: Any, args: Any, *, verbose: bool = False, strict: bool = True) -> GraphDef:
    """The GraphDef of ``model`` traced on ``args``, node for node as torch writes it."""
    traced, graph = _trace(model, args, strict=strict)
    if verbose:
        print(graph)
    values = _collect(graph, traced)
    names = _scoped_names(values)
    nodes = []
    for value in values.values():
        attrs = {"attr": AttrValue(s=value.attr_text.encode("utf-8"))}
        if value.shape is not None:
            attrs["_output_shapes"] = AttrValue(list=AttrListValue(shape=[TensorShapeProto.of(value.shape)]))
        nodes.append(
            NodeDef(
                name=names.get(value.debug_name, value.debug_name),
                op=value.op,
                input=[names[i] for i in value.inputs],
                attr=attrs,
            )
        )
    return GraphDef(node=nodes, versions=VersionDef(producer=GRAPH_PRODUCER_VERSION))


def _torch() -> Any:
    try:
        import torch
    except ImportError as exc:
        raise MissingExtraError(
            "add_graph traces the model with PyTorch, which is not installed: pip install torch "
            "(or export the model to ONNX elsewhere and log it with add_onnx_graph)"
        ) from exc
    return torch


def _trace(model: Any, args: Any, *, strict: bool) -> tuple[Any, Any]:
    torch = _torch()

    if not isinstance(model, (torch.nn.Module, torch.jit.ScriptFunction)):
        raise TypeError(
            f"add_graph needs a torch.nn.Module; got {type(model).__name__} (wrap the function in a Module)"
        )
    with _eval_mode(model):
        try:
            traced = torch.jit.trace(model, args, strict=strict)
        except Exception as exc:
            raise GraphTraceError(_explain(model, exc)) from exc
        graph = traced.graph
        # Calls into submodules become their ops, so every op carries its module scope.
        torch._C._jit_pass_inline(graph)
    return traced, graph


@contextlib.contextmanager
def _eval_mode(model: Any) -> Iterator[None]:
    # Dropout and BatchNorm trace differently in training mode; torch traces in eval mode and restores.
    training = getattr(model, "training", None)
    if training is None or not hasattr(model, "train"):
        yield
        return
    model.train(False)
    try:
        yield
    finally:
        model.train(training)


def _explain(model: Any, exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    cause = lines[0] if lines else type(exc).__name__
    if len(cause) > 300:
        cause = cause[:297] + "..."
    name = type(model).__name__
    hint = "pass input_to_model as the tensor (or tuple of tensors) that forward() takes"
    if "strict" in str(exc):
        hint = "pass use_strict_trace=False to allow dict or list outputs"
    return f"add_graph could not trace {name}: {type(exc).__name__}: {cause} ({hint})"


def _collect(graph: Any, traced: Any) -> dict[str, _Value]:
    """The graph's values keyed by debug name, in GraphDef order: inputs, outputs, then op outputs."""
    values: dict[str, _Value] = {}
    for inp in graph.inputs():
        # The module itself (`self`) is an input of ClassType: it is not data.
        if inp.uses() and inp.type().kind() != _CLASS_TYPE:
            name = inp.debugName()
            values[name] = _Value(name, IO_NODE_OP, [], None, _io_sizes(inp), "", io_prefix="input")
    for i, out in enumerate(graph.outputs(), start=1):
        name = f"output.{i}"
        inputs = [out.debugName()]
        values[name] = _Value(name, IO_NODE_OP, inputs, None, _io_sizes(out), "", io_prefix="output")

    readable = _scope_namer(traced)
    attr_scopes: dict[str, str] = {}
    for node in graph.nodes():
        if node.kind() == _GETATTR:
            raw_scope = _getattr_scope(node, attr_scopes)
            if node.output().type().kind() == _CLASS_TYPE:
                continue
        else:
            raw_scope = node.scopeName()
        scope = readable(raw_scope)
        inputs = [i.debugName() for i in node.inputs()]
        attr_text = _attr_text(node)
        for out in node.outputs():
            shape = list(out.type().sizes()) if out.isCompleteTensor() else None
            values[out.debugName()] = _Value(out.debugName(), node.kind(), inputs, scope, shape, attr_text)
    return values


def _scoped_names(values: dict[str, _Value]) -> dict[str, str]:
    """Debug name -> node name. Names no node owns take the scope of the last op that reads them."""
    names: dict[str, str] = {}
    for value in values.values():
        if value.scope is not None:
            for inp in value.inputs:
                names[inp] = f"{value.scope}/{inp}"
    for key, value in values.items():
        prefix = value.scope if value.scope is not None else value.io_prefix
        names[key] = f"{prefix}/{value.debug_name}"
    return names


def _getattr_scope(node: Any, attr_scopes: dict[str, str]) -> str:
    """The module alias path of a GetAttr, e.g. `__module.layer1/__module.layer1.0` for `self.layer1[0]`."""
    attr = node.s("name")
    parent = node.input().node()
    if parent.kind() == _GETATTR:
        parent_scope = attr_scopes[parent.output().debugName()]
        scope = f"{parent_scope}/{parent_scope.rsplit('/', 1)[-1]}.{attr}"
    else:
        scope = f"{_MODULE_ALIAS_ROOT}.{attr}"
    attr_scopes[node.output().debugName()] = scope
    return scope


def _scope_namer(traced: Any) -> Any:
    """A function from a JIT scope (`__module.fc1`) to a readable one (`Policy/Linear[fc1]`)."""
    root = _module_class_name(traced)
    labels = {
        alias: f"{_module_class_name(module)}[{alias.rsplit('.', 1)[-1]}]"
        for alias, module in traced.named_modules(prefix=_MODULE_ALIAS_ROOT)
    }

    def readable(raw_scope: str) -> str:
        parts = [labels.get(part, part.rsplit(".", 1)[-1]) for part in raw_scope.split("/")]
        return "/".join([root, *parts]) if any(parts) else root

    return readable


def _module_class_name(module: Any) -> str:
    import torch

    if isinstance(module, torch.jit.TopLevelTracedModule):
        return str(module._name)
    return str(getattr(module, "original_name", "Module"))


def _attr_text(node: Any) -> str:
    # torch writes str() of the attribute dict with quotes blanked out, which TensorBoard shows as is.
    attrs = {}
    for key in node.attributeNames():
        try:
            attrs[key] = getattr(node, node.kindOf(key))(key)
        except (AttributeError, RuntimeError):
            attrs[key] = "?"
    return str(attrs).replace("'", " ")


def _io_sizes(value: Any) -> list[int] | None:
    try:
        sizes = value.type().sizes()
    except (RuntimeError, AttributeError):
        # Tuples, scalars and other non-tensor inputs have no sizes; torch records [1].
        return [1]
    return None if sizes is None else list(sizes)
