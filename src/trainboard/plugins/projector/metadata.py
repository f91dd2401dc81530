"""The projector plugin's name, its config file, and the protobuf text format of `ProjectorConfig`."""

from __future__ import annotations

from trainboard.events import messages as m
from trainboard.events import names

PLUGIN_NAME = names.PROJECTOR
CONFIG_FILENAME = names.PROJECTOR_CONFIG_FILENAME


def _quote(text: str) -> str:
    # Protobuf text format: C escapes; bytes outside printable ASCII as 3-digit octal, as protobuf prints.
    out = []
    for byte in text.encode("utf-8"):
        char = chr(byte)
        if char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif char in "\"'\\":
            out.append("\\" + char)
        elif 0x20 <= byte < 0x7F:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return '"' + "".join(out) + '"'


def config_to_text(config: m.ProjectorConfig) -> str:
    """``config`` in protobuf text format, fields in number order with 2-space indentation."""
    lines: list[str] = []
    if config.model_checkpoint_path:
        lines.append(f"model_checkpoint_path: {_quote(config.model_checkpoint_path)}")
    for info in config.embeddings:
        lines.append("embeddings {")
        if info.tensor_name:
            lines.append(f"  tensor_name: {_quote(info.tensor_name)}")
        if info.metadata_path:
            lines.append(f"  metadata_path: {_quote(info.metadata_path)}")
        if info.bookmarks_path:
            lines.append(f"  bookmarks_path: {_quote(info.bookmarks_path)}")
        lines.extend(f"  tensor_shape: {int(d)}" for d in info.tensor_shape)
        if info.sprite is not None:
            lines.append("  sprite {")
            if info.sprite.image_path:
                lines.append(f"    image_path: {_quote(info.sprite.image_path)}")
            lines.extend(f"    single_image_dim: {int(d)}" for d in info.sprite.single_image_dim)
            lines.append("  }")
        if info.tensor_path:
            lines.append(f"  tensor_path: {_quote(info.tensor_path)}")
        lines.append("}")
    if config.model_checkpoint_dir:
        lines.append(f"model_checkpoint_dir: {_quote(config.model_checkpoint_dir)}")
    return "".join(line + "\n" for line in lines)
