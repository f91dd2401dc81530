"""Names as they are written on disk: plugin names, reserved tags and file names (`spec/event-format.md`).

The one home of these strings. The reader (`store/`) needs some of them to turn legacy values into
the modern shape and to file graphs; each plugin's `metadata.py` names its own from here; nothing
else spells them out.

    names.SCALARS                   "scalars", the plugin_name of scalar values
    names.RUN_GRAPH_TAG             "__run_graph__", the tag a run's GraphDef is filed under
    names.HPARAMS_EXPERIMENT_TAG    "_hparams_/experiment"
"""

from __future__ import annotations

# -- plugin names (SummaryMetadata.plugin_data.plugin_name) -----------------------------------------
SCALARS = "scalars"
HISTOGRAMS = "histograms"
IMAGES = "images"
AUDIO = "audio"
TEXT = "text"
PR_CURVES = "pr_curves"
HPARAMS = "hparams"
CUSTOM_SCALARS = "custom_scalars"
MESH = "mesh"
GRAPHS = "graphs"
# The projector keeps nothing in event files; its name is that of its dashboard and config file.
PROJECTOR = "projector"
# TensorBoard's loaders turn each tagged_run_metadata event into a blob series of this plugin.
GRAPH_RUN_METADATA = "graph_tagged_run_metadata"
# The other graph blob plugins TensorBoard's writers use (Keras models, run metadata with graphs).
GRAPH_KERAS_MODEL = "graph_keras_model"
GRAPH_RUN_METADATA_LEGACY = "graph_run_metadata"
GRAPH_RUN_METADATA_GRAPH = "graph_run_metadata_graph"

# -- reserved tags ----------------------------------------------------------------------------------
# The blob-sequence tag under which TensorBoard's loaders file the run's GraphDef.
RUN_GRAPH_TAG = "__run_graph__"
# torch's add_graph tags its RunMetadata "step1" (tensorboardX says "profiler").
TORCH_RUN_METADATA_TAG = "step1"
# The hparams plugin's three records, each the plugin content of a tag with no value.
HPARAMS_EXPERIMENT_TAG = "_hparams_/experiment"
HPARAMS_SESSION_START_INFO_TAG = "_hparams_/session_start_info"
HPARAMS_SESSION_END_INFO_TAG = "_hparams_/session_end_info"
# The custom-scalars layout, a rank-0 string tensor holding a serialized `Layout`.
CUSTOM_SCALARS_CONFIG_TAG = "custom_scalars__config__"

# -- files beside the event files -------------------------------------------------------------------
PROJECTOR_CONFIG_FILENAME = "projector_config.pbtxt"

# Plugins whose values the reader keeps as scalar columns, and those it keeps as blob sequences.
SCALAR_PLUGINS = frozenset({SCALARS})
BLOB_PLUGINS = frozenset(
    {
        IMAGES,
        AUDIO,
        GRAPHS,
        GRAPH_RUN_METADATA_LEGACY,
        GRAPH_RUN_METADATA_GRAPH,
        GRAPH_KERAS_MODEL,
        GRAPH_RUN_METADATA,
    }
)
