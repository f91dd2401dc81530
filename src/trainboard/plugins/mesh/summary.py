"""Meshes as summaries: one value per component, in the order vertices, faces, colors (spec §6.9)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from trainboard.events import messages as m
from trainboard.plugins.mesh.metadata import (
    COLOR,
    FACE,
    VERTEX,
    components_bitmask,
    create_metadata,
    instance_tag,
)

__all__ = ["mesh"]


def mesh(
    tag: str,
    vertices: np.ndarray,
    colors: np.ndarray | None = None,
    faces: np.ndarray | None = None,
    config_dict: dict[str, Any] | None = None,
    display_name: str = "",
    description: str = "",
) -> m.Summary:
    """A `Summary` with a mesh or point cloud; each array is (B, N, 3).

    mesh("cube", vertices=v[None], faces=f[None], colors=c[None])
    """
    json_config = "{}" if config_dict is None else json.dumps(config_dict, sort_keys=True)
    parts = [(vertices, VERTEX, "vertices"), (faces, FACE, "faces"), (colors, COLOR, "colors")]
    present = [(np.asarray(a), kind, name) for a, kind, name in parts if a is not None]
    if not present or present[0][1] != VERTEX:
        raise ValueError("vertices is required: an array of shape (B, N, 3)")
    components = components_bitmask(kind for _, kind, _ in present)
    values = []
    for array, kind, name in present:
        if array.ndim != 3 or array.shape[2] != 3:
            raise ValueError(f"{name} has shape {tuple(array.shape)}; expected (B, N, 3)")
        tensor = m.TensorProto(
            dtype=m.DT_FLOAT,
            tensor_shape=m.TensorShapeProto.of(array.shape),
            float_val=array.astype(np.float32).reshape(-1).tolist(),
        )
        metadata = create_metadata(tag, kind, components, array.shape, json_config, display_name, description)
        values.append(m.SummaryValue(tag=instance_tag(tag, kind), tensor=tensor, metadata=metadata))
    return m.Summary(value=values)
