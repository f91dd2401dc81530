"""Mesh summaries: one value per component, torch's tags and plugin content (spec §6.9)."""

import numpy as np
import pytest

from trainboard.plugins.mesh.summary import mesh


def test_vertices_only_content_matches_the_spec_example():
    # The spec's example holds vertices only, with components 14 (all three) written by a full mesh;
    # here only vertices are present, so components is 1 << VERTEX = 2.
    (value,) = mesh("my_mesh", np.zeros((1, 4, 3))).value
    assert value.tag == "my_mesh_VERTEX"
    assert value.metadata.plugin_data.content == bytes.fromhex(
        "12076d795f6d65736818012a027b7d3203010403" + "3802"
    )


def test_components_come_in_vertex_face_color_order():
    v = np.zeros((1, 4, 3))
    summary = mesh(
        "m", v, colors=np.zeros((1, 4, 3)), faces=np.zeros((1, 2, 3)), config_dict={"b": 1, "a": 2}
    )
    assert [x.tag for x in summary.value] == ["m_VERTEX", "m_FACE", "m_COLOR"]
    assert summary.value[0].metadata.plugin_data.content.endswith(b"\x38\x0e")
    assert b'{"a": 2, "b": 1}' in summary.value[2].metadata.plugin_data.content


def test_wrong_shape_names_the_component():
    with pytest.raises(ValueError, match=r"faces has shape \(4, 3\); expected \(B, N, 3\)"):
        mesh("m", np.zeros((1, 4, 3)), faces=np.zeros((4, 3)))
