import math

import pytest

from trainboard.events import messages as m
from trainboard.events.wire import DecodeError


def test_first_event_payload_matches_the_spec():
    event = m.Event(wall_time=1700000000.0, file_version="brain.Event:2")
    assert event.encode().hex() == "09000000" + "40fc54d9411a0d627261696e2e4576656e743a32"


def test_new_style_scalar_value_bytes():
    value = m.SummaryValue(
        tag="loss",
        tensor=m.TensorProto(dtype=m.DT_FLOAT, float_val=[0.25]),
        metadata=m.SummaryMetadata(plugin_data=m.PluginData(plugin_name="scalars")),
    )
    assert value.encode().hex() == "0a046c6f73734208080 12a040000803e4a0b0a090a077363616c617273".replace(
        " ", ""
    )


def test_text_value_bytes():
    value = m.SummaryValue(
        tag="note/text_summary",
        tensor=m.TensorProto(
            dtype=m.DT_STRING, tensor_shape=m.TensorShapeProto.of([1]), string_val=[b"hello"]
        ),
        metadata=m.SummaryMetadata(plugin_data=m.PluginData(plugin_name="text", content=b"")),
    )
    expected = "0a11" + b"note/text_summary".hex() + "420f0807120412020801420568656c6c6f4a080a060a0474657874"
    assert value.encode().hex() == expected


def test_oneof_members_are_written_even_when_zero():
    assert m.SummaryValue(tag="a", simple_value=0.0).encode().hex() == "0a01611500000000"
    assert m.AttrValue(s=b"").encode() == b"\x12\x00"


def test_hparams_session_start_bytes():
    data = m.HParamsPluginData(
        session_start_info=m.SessionStartInfo(hparams={"lr": m.Value(number_value=0.1)})
    )
    assert data.encode().hex() == "1a110a0f0a026c7212091" + "19a9999999999b93f"


def test_round_trip_keeps_every_field_and_unknown_fields():
    hist = m.HistogramProto(
        min=-1.0, max=2.0, num=3, sum=1.0, sum_squares=5.0, bucket_limit=[0.0, 2.0], bucket=[1.0, 2.0]
    )
    event = m.Event(
        wall_time=1.5,
        step=-7,
        summary=m.Summary(
            value=[m.SummaryValue(tag="h", histo=hist), m.SummaryValue(tag="s", simple_value=math.inf)]
        ),
    )
    data = event.encode() + bytes.fromhex("f80101")  # field 31, varint 1: unknown
    decoded = m.Event.decode(data)
    assert decoded.step == -7
    assert decoded.summary.value[0].histo == hist
    assert decoded.summary.value[1].simple_value == math.inf
    assert decoded.which("what") == "summary"
    assert decoded.encode() == data


def test_maps_decode_to_dicts():
    node = m.NodeDef(name="n", op="aten::relu", attr={"attr": m.AttrValue(s=b"{}")})
    assert m.NodeDef.decode(node.encode()).attr["attr"].s == b"{}"


@pytest.mark.parametrize("data", [b"\x0a\x05ab", b"\x09\x00", b"\xff", b"\x0b"])
def test_malformed_payloads_raise_decode_error(data):
    with pytest.raises(DecodeError):
        m.Event.decode(data)
