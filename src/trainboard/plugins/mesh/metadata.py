"""The mesh plugin's name, its plugin content (`MeshPluginData`) and per-component tags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from trainboard.events import messages as m
from trainboard.events import names

PLUGIN_NAME = names.MESH
PROTO_VERSION = 0
VERTEX = m.MESH_VERTEX
FACE = m.MESH_FACE
COLOR = m.MESH_COLOR
CONTENT_TYPE_NAMES = {m.MESH_UNDEFINED: "UNDEFINED", VERTEX: "VERTEX", FACE: "FACE", COLOR: "COLOR"}


def instance_tag(name: str, content_type: int) -> str:
    """The tag of one component: ``<name>_VERTEX``, ``<name>_FACE`` or ``<name>_COLOR``."""
    return f"{name}_{CONTENT_TYPE_NAMES[content_type]}"


def components_bitmask(content_types: Iterable[int]) -> int:
    """The bitwise OR of ``1 << content_type`` over the components present."""
    mask = 0
    for content_type in content_types:
        mask |= 1 << content_type
    return mask


def create_metadata(
    name: str,
    content_type: int,
    components: int,
    shape: Sequence[int],
    json_config: str = "{}",
    display_name: str = "",
    description: str = "",
) -> m.SummaryMetadata:
    """Metadata of one mesh component value."""
    content = m.MeshPluginData(
        version=PROTO_VERSION,
        name=name,
        content_type=content_type,
        json_config=json_config,
        shape=[int(s) for s in shape],
        components=components,
    ).encode()
    return m.SummaryMetadata.of(PLUGIN_NAME, content, display_name, description)


def parse_plugin_data(content: bytes) -> m.MeshPluginData:
    """Decode the plugin content of a mesh value. Content without `components` (tensorboardX and older
    writers leave it 0) has all three, as TensorBoard assumes."""
    data = m.MeshPluginData.decode(content)
    if not data.components:
        data.components = components_bitmask([VERTEX, FACE, COLOR])
    return data
