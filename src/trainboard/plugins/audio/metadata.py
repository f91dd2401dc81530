"""The audio plugin's name and its plugin content (`AudioPluginData`)."""

from __future__ import annotations

from trainboard.events import messages as m
from trainboard.events import names

PLUGIN_NAME = names.AUDIO
PROTO_VERSION = 0
ENCODING_WAV = m.AUDIO_ENCODING_WAV


def create_metadata(
    display_name: str = "",
    description: str = "",
    encoding: int = ENCODING_WAV,
    converted_to_tensor: bool = False,
) -> m.SummaryMetadata:
    """Metadata marking a value as audio (torch's legacy ``audio`` values carry none)."""
    content = m.AudioPluginData(
        version=PROTO_VERSION, encoding=encoding, converted_to_tensor=converted_to_tensor
    ).encode()
    return m.SummaryMetadata.of(PLUGIN_NAME, content, display_name, description)


def parse_plugin_data(content: bytes) -> m.AudioPluginData:
    """Decode the plugin content of an audio value."""
    return m.AudioPluginData.decode(content)
