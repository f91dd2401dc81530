"""Projector files: TSV text as torch writes it and the config in protobuf text format (spec §6.12)."""

import numpy as np

from trainboard.events import messages as m
from trainboard.plugins.projector.metadata import config_to_text
from trainboard.plugins.projector.summary import encode_tag, write_embedding


def test_tag_is_percent_escaped_into_one_path_segment():
    assert encode_tag("a/b\\c%d") == "a%2fb%5cc%25d"


def test_metadata_with_header_is_tab_separated(tmp_path):
    write_embedding(str(tmp_path), np.zeros((2, 1)), [["x", 1], ["y", 2]], metadata_header=["name", "n"])
    assert (tmp_path / "00000/default/metadata.tsv").read_text() == "name\tn\nx\t1\ny\t2\n"
    assert (tmp_path / "00000/default/tensors.tsv").read_text() == "0.0\n0.0\n"


def test_sprite_is_a_square_grid(tmp_path):
    from PIL import Image

    write_embedding(str(tmp_path), np.zeros((5, 2)), label_img=np.ones((5, 1, 4, 4)))
    sprite = Image.open(tmp_path / "00000/default/sprite.png")
    assert sprite.size == (12, 12) and sprite.mode == "RGB"


def test_config_text_escapes_quotes_and_non_ascii():
    config = m.ProjectorConfig(embeddings=[m.EmbeddingInfo(tensor_name='a"b:é')])
    assert config_to_text(config) == 'embeddings {\n  tensor_name: "a\\"b:\\303\\251"\n}\n'
