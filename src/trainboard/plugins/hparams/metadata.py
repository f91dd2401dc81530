"""The hparams plugin's name, its three tags, and the `HParamsPluginData` codec."""

from __future__ import annotations

from trainboard.events import messages as m
from trainboard.events import names

PLUGIN_NAME = names.HPARAMS
PROTO_VERSION = 0
EXPERIMENT_TAG = names.HPARAMS_EXPERIMENT_TAG
SESSION_START_INFO_TAG = names.HPARAMS_SESSION_START_INFO_TAG
SESSION_END_INFO_TAG = names.HPARAMS_SESSION_END_INFO_TAG


def create_metadata(data: m.HParamsPluginData) -> m.SummaryMetadata:
    """Metadata whose content is ``data`` (an experiment, a session start or a session end)."""
    data.version = PROTO_VERSION
    return m.SummaryMetadata.of(PLUGIN_NAME, data.encode())


def parse_plugin_data(content: bytes) -> m.HParamsPluginData:
    """Decode the plugin content of an hparams value."""
    return m.HParamsPluginData.decode(content)
