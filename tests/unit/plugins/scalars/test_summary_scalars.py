"""Scalar summaries: legacy simple_value and torch's new-style tensors (spec §6.1)."""

from trainboard.events import messages as m
from trainboard.plugins.scalars.metadata import PLUGIN_NAME, parse_plugin_data
from trainboard.plugins.scalars.summary import scalar, scalar_value


def test_new_style_value_bytes_match_the_spec_example():
    expected = bytes.fromhex("0a046c6f7373420808012a040000803e4a0b0a090a077363616c617273")
    assert scalar_value("loss", 0.25, new_style=True).encode() == expected


def test_double_precision_uses_dt_double():
    (value,) = scalar("loss", 0.25, new_style=True, double_precision=True).value
    assert value.tensor.dtype == m.DT_DOUBLE and value.tensor.double_val == [0.25]
    assert value.metadata.plugin_data.plugin_name == PLUGIN_NAME == "scalars"


def test_legacy_scalar_has_no_metadata_and_zero_is_still_written():
    (value,) = scalar("loss", 0.0).value
    assert value.metadata is None
    assert value.encode() == bytes.fromhex("0a046c6f73731500000000")
    assert parse_plugin_data(b"").version == 0
