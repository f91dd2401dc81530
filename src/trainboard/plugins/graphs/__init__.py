"""Model graphs: `add_graph` tracing (summary), the GraphDef as JSON (view) and its HTTP routes."""

from trainboard.plugins.graphs.metadata import PLUGIN_NAME
from trainboard.plugins.graphs.summary import GraphTraceError, graph_events, onnx_graph

__all__ = ["PLUGIN_NAME", "GraphTraceError", "graph_events", "onnx_graph"]
