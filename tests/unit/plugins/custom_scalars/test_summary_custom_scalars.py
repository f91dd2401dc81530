"""Custom-scalar layouts: torch's dict mapped to `Layout`, in a rank-0 string tensor (spec §6.8)."""

import pytest

from trainboard.events import messages as m
from trainboard.plugins.custom_scalars.metadata import CONFIG_SUMMARY_TAG, parse_layout
from trainboard.plugins.custom_scalars.summary import custom_scalars


def test_layout_round_trips_with_multiline_and_margin_charts():
    layout = {"losses": {"all": ["Multiline", ["loss/.*"]], "band": ["Margin", ["v", "lo", "hi"]]}}
    (value,) = custom_scalars(layout).value
    assert value.tag == CONFIG_SUMMARY_TAG
    assert value.tensor.encode().startswith(bytes([0x08, m.DT_STRING, 0x12, 0x00]))  # present, empty shape
    (category,) = parse_layout(value.tensor.string_val[0]).category
    assert category.title == "losses"
    multiline, margin = category.chart
    assert multiline.multiline.tag == ["loss/.*"]
    assert (margin.margin.series[0].value, margin.margin.series[0].upper) == ("v", "hi")


def test_margin_chart_with_two_tags_is_refused():
    with pytest.raises(ValueError, match="exactly 3 tags"):
        custom_scalars({"c": {"t": ["Margin", ["a", "b"]]}})
