"""The scalars plugin's name and its (empty, version 0) plugin content."""

from __future__ import annotations

from trainboard.events import messages as m
from trainboard.events import names

PLUGIN_NAME = names.SCALARS
PROTO_VERSION = 0


def create_metadata(display_name: str = "", description: str = "") -> m.SummaryMetadata:
    """Metadata marking a value as a scalar (content is empty: version 0 is the default)."""
    return m.SummaryMetadata.of(PLUGIN_NAME, display_name=display_name, description=description)


def parse_plugin_data(content: bytes) -> m.ScalarPluginData:
    """Decode the plugin content of a scalars value."""
    return m.ScalarPluginData.decode(content)
