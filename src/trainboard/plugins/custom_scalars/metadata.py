"""The custom-scalars plugin's name, its config tag, and the `Layout` codec."""

from __future__ import annotations

from trainboard.events import messages as m

PLUGIN_NAME = "custom_scalars"
CONFIG_SUMMARY_TAG = "custom_scalars__config__"


def create_metadata() -> m.SummaryMetadata:
    """Metadata of the layout value (its content is empty; the layout is in the tensor)."""
    return m.SummaryMetadata(plugin_data=m.PluginData(plugin_name=PLUGIN_NAME))


def parse_plugin_data(content: bytes) -> bytes:
    """The plugin content (always empty for this plugin)."""
    return bytes(content)


def parse_layout(data: bytes) -> m.Layout:
    """Decode the serialized `Layout` held in the config tensor's single string."""
    return m.Layout.decode(data)
