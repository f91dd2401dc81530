"""The histograms plugin's name and its (empty, version 0) plugin content."""

from __future__ import annotations

from trainboard.events import messages as m
from trainboard.events import names

PLUGIN_NAME = names.HISTOGRAMS
PROTO_VERSION = 0


def create_metadata(display_name: str = "", description: str = "") -> m.SummaryMetadata:
    """Metadata marking a value as a histogram (torch's legacy ``histo`` values carry none)."""
    return m.SummaryMetadata.of(PLUGIN_NAME, display_name=display_name, description=description)


def parse_plugin_data(content: bytes) -> m.HistogramPluginData:
    """Decode the plugin content of a histograms value."""
    return m.HistogramPluginData.decode(content)
