"""The text plugin's name and its (empty, version 0) plugin content."""

from __future__ import annotations

from trainboard.events import messages as m
from trainboard.events import names

PLUGIN_NAME = names.TEXT
PROTO_VERSION = 0


def create_metadata(display_name: str = "", description: str = "") -> m.SummaryMetadata:
    """Metadata marking a value as text."""
    content = m.TextPluginData(version=PROTO_VERSION).encode()
    return m.SummaryMetadata.of(PLUGIN_NAME, content, display_name, description)


def parse_plugin_data(content: bytes) -> m.TextPluginData:
    """Decode the plugin content of a text value."""
    return m.TextPluginData.decode(content)
