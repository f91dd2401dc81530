"""The text plugin's name and its (empty, version 0) plugin content."""

from __future__ import annotations

from trainboard.events import messages as m
from trainboard.events import names

PLUGIN_NAME = names.TEXT
PROTO_VERSION = 0


def create_metadata(display_name: str = "", description: str = "") -> m.SummaryMetadata:
    """Metadata marking a value as text."""
    return m.SummaryMetadata(
        plugin_data=m.PluginData(
            plugin_name=PLUGIN_NAME, content=m.TextPluginData(version=PROTO_VERSION).encode()
        ),
        display_name=display_name,
        summary_description=description,
    )


def parse_plugin_data(content: bytes) -> m.TextPluginData:
    """Decode the plugin content of a text value."""
    return m.TextPluginData.decode(content)
