"""The images plugin's name and its plugin content (`ImagePluginData`)."""

from __future__ import annotations

from trainboard.events import messages as m
from trainboard.events import names

PLUGIN_NAME = names.IMAGES
PROTO_VERSION = 0
# Leading blobs of an image sequence that hold the ASCII width and height rather than an image.
SIZE_BLOBS = 2


def create_metadata(
    display_name: str = "", description: str = "", converted_to_tensor: bool = False
) -> m.SummaryMetadata:
    """Metadata marking a value as an image (torch's legacy ``image`` values carry none)."""
    content = m.ImagePluginData(version=PROTO_VERSION, converted_to_tensor=converted_to_tensor).encode()
    return m.SummaryMetadata.of(PLUGIN_NAME, content, display_name, description)


def parse_plugin_data(content: bytes) -> m.ImagePluginData:
    """Decode the plugin content of an images value."""
    return m.ImagePluginData.decode(content)
