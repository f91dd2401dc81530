"""The graphs plugin's names on disk (`spec/event-format.md` §5) and the constants torch writes."""

from __future__ import annotations

from trainboard.events import names

PLUGIN_NAME = names.GRAPHS
RUN_METADATA_PLUGIN_NAME = names.GRAPH_RUN_METADATA
KERAS_MODEL_PLUGIN_NAME = names.GRAPH_KERAS_MODEL
RUN_GRAPH_TAG = names.RUN_GRAPH_TAG
TORCH_RUN_METADATA_TAG = names.TORCH_RUN_METADATA_TAG
# torch writes `versions { producer: 22 }` and nothing else in VersionDef.
GRAPH_PRODUCER_VERSION = 22
# torch hard-codes the device of its RunMetadata, whatever device ran the model.
RUN_METADATA_DEVICE = "/device:CPU:0"
IO_NODE_OP = "IO Node"
