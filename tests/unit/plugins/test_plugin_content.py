"""Each plugin's content is encoded and decoded by its own `metadata.py`, and what the store keeps for a
series decodes there to what the writer meant, legacy values included.

The store turns torch's legacy `image`/`audio` values into the modern shape without importing any
plugin (the layers forbid it), so these tests hold its content to the plugin's `create_metadata`:
a change to either codec fails here rather than on a page. `test_layers.py` checks that no module
outside `plugins/<p>/metadata.py` decodes plugin content itself.
"""

from __future__ import annotations

import numpy as np
import pytest

import trainboard
from trainboard.plugins.audio import metadata as audio
from trainboard.plugins.histograms import metadata as histograms
from trainboard.plugins.hparams import metadata as hparams
from trainboard.plugins.images import metadata as images
from trainboard.plugins.mesh import metadata as mesh
from trainboard.plugins.pr_curves import metadata as pr_curves
from trainboard.plugins.scalars import metadata as scalars
from trainboard.plugins.text import metadata as text


def _content(md):
    return md.plugin_data.content


def test_each_codec_reads_back_what_it_wrote():
    assert scalars.parse_plugin_data(_content(scalars.create_metadata())).version == 0
    assert histograms.parse_plugin_data(_content(histograms.create_metadata())).version == 0
    assert text.parse_plugin_data(_content(text.create_metadata())).version == 0
    assert images.parse_plugin_data(
        _content(images.create_metadata(converted_to_tensor=True))
    ).converted_to_tensor
    clip = audio.parse_plugin_data(_content(audio.create_metadata(converted_to_tensor=True)))
    assert (clip.encoding, clip.converted_to_tensor) == (audio.ENCODING_WAV, True)
    assert pr_curves.parse_plugin_data(_content(pr_curves.create_metadata(33))).num_thresholds == 33
    part = mesh.parse_plugin_data(_content(mesh.create_metadata("m", mesh.FACE, 6, [1, 4, 3])))
    assert (part.name, part.content_type, part.components, list(part.shape)) == ("m", mesh.FACE, 6, [1, 4, 3])


def test_mesh_content_without_components_has_all_three():
    legacy = _content(mesh.create_metadata("m", mesh.VERTEX, 0, [1, 4, 3]))
    assert mesh.parse_plugin_data(legacy).components == mesh.components_bitmask(
        [mesh.VERTEX, mesh.FACE, mesh.COLOR]
    )


@pytest.fixture(scope="module")
def logged(tmp_path_factory):
    logdir = tmp_path_factory.mktemp("content")
    with trainboard.SummaryWriter(logdir / "run") as w:
        w.add_scalar("loss", 1.0, 0)
        w.add_histogram("weights", np.arange(10.0), 0)  # legacy `histo`, as torch writes
        w.add_image("picture", np.zeros((3, 4, 4)), 0)  # legacy `image`
        w.add_audio("clip", np.zeros(800), 0)  # legacy `audio`
        w.add_text("note", "hello", 0)
        w.add_pr_curve("pr", np.array([1, 0, 1]), np.array([0.9, 0.2, 0.6]), 0, num_thresholds=9)
        w.add_mesh("shape", vertices=np.zeros((1, 3, 3)), faces=np.array([[[0, 1, 2]]]), global_step=0)
    return trainboard.read(logdir)


def _stored(exp, tag):
    return exp.tag_meta("run", tag).plugin_content


def test_the_store_keeps_legacy_media_as_the_plugins_encode_them(logged):
    # TensorBoard's data_compat gives migrated images and audio `converted_to_tensor` (and WAV) content.
    assert _stored(logged, "picture") == _content(images.create_metadata(converted_to_tensor=True))
    assert _stored(logged, "clip") == _content(audio.create_metadata(converted_to_tensor=True))
    assert _stored(logged, "weights") == _content(histograms.create_metadata())
    assert images.parse_plugin_data(_stored(logged, "picture")).converted_to_tensor
    assert audio.parse_plugin_data(_stored(logged, "clip")).encoding == audio.ENCODING_WAV


def test_written_content_decodes_through_its_plugin(logged):
    assert scalars.parse_plugin_data(_stored(logged, "loss")).version == 0
    assert text.parse_plugin_data(_stored(logged, "note/text_summary")).version == 0
    assert pr_curves.parse_plugin_data(_stored(logged, "pr")).num_thresholds == 9
    part = mesh.parse_plugin_data(_stored(logged, mesh.instance_tag("shape", mesh.FACE)))
    assert (part.name, part.content_type) == ("shape", mesh.FACE)


def test_hparams_content_decodes_through_its_plugin(tmp_path):
    with trainboard.SummaryWriter(tmp_path / "run") as w:
        w.add_hparams({"lr": 0.1}, {"hparam/loss": 1.0}, run_name=".")
    exp = trainboard.read(tmp_path)
    assert exp.runs == ["run"]
    data = hparams.parse_plugin_data(exp.tag_meta("run", hparams.SESSION_START_INFO_TAG).plugin_content)
    assert data.which("data") == "session_start_info"
    assert data.session_start_info.hparams["lr"].to_python() == 0.1
