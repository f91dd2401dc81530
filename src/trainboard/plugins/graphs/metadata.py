"""Names of the graphs plugin as they appear on disk (`spec/event-format.md` §5)."""

from __future__ import annotations

PLUGIN_NAME = "graphs"
# TensorBoard's loaders turn each tagged_run_metadata event into a blob series of this plugin.
RUN_METADATA_PLUGIN_NAME = "graph_tagged_run_metadata"
KERAS_MODEL_PLUGIN_NAME = "graph_keras_model"
# The blob-sequence tag under which TensorBoard's loaders file the run's GraphDef.
RUN_GRAPH_TAG = "__run_graph__"
# torch's add_graph tags its RunMetadata "step1" (tensorboardX says "profiler").
TORCH_RUN_METADATA_TAG = "step1"
# torch writes `versions { producer: 22 }` and nothing else in VersionDef.
GRAPH_PRODUCER_VERSION = 22
# torch hard-codes the device of its RunMetadata, whatever device ran the model.
RUN_METADATA_DEVICE = "/device:CPU:0"
IO_NODE_OP = "IO Node"
