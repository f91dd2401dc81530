"""The custom-scalars plugin's name, its config tag, and the `Layout` codec (its plugin content is empty)."""

from __future__ import annotations

from trainboard.events import messages as m
from trainboard.events import names

PLUGIN_NAME = names.CUSTOM_SCALARS
CONFIG_SUMMARY_TAG = names.CUSTOM_SCALARS_CONFIG_TAG


def create_metadata() -> m.SummaryMetadata:
    """Metadata of the layout value (its content is empty; the layout is in the tensor)."""
    return m.SummaryMetadata.of(PLUGIN_NAME)


def parse_layout(data: bytes) -> m.Layout:
    """Decode the serialized `Layout` held in the config tensor's single string."""
    return m.Layout.decode(data)
