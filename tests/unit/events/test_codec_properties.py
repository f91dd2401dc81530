"""Property tests (Hypothesis) of the codec and the record framing: varints, message round trips,
and decoding of arbitrary bytes, which may raise `DecodeError` and nothing else."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainboard.events import _codec, wire
from trainboard.events import messages as m
from trainboard.events.records import frame, read_records
from trainboard.store import tensors
from trainboard.store.scanner import scanner_available

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MESSAGES = sorted(_codec._REGISTRY.values(), key=lambda cls: cls.__name__)

uint64 = st.integers(0, (1 << 64) - 1)
int64 = st.integers(-(1 << 63), (1 << 63) - 1)
float32 = st.floats(width=32, allow_nan=False)
text = st.text(max_size=20)


@SETTINGS
@given(uint64)
def test_a_varint_decodes_to_what_was_encoded(value):
    data = wire.encode_varint(value)
    assert wire.decode_varint(data, 0) == (value, len(data))
    assert len(data) <= 10


@SETTINGS
@given(int64)
def test_a_negative_int64_survives_its_ten_byte_varint(value):
    decoded, _ = wire.decode_varint(wire.encode_varint(value), 0)
    assert wire.to_signed64(decoded) == value


@SETTINGS
@given(st.binary(max_size=12), st.integers(0, 12))
def test_any_bytes_give_a_64_bit_varint_or_a_decode_error(data, pos):
    try:
        value, end = wire.decode_varint(data, pos)
    except wire.DecodeError:
        return
    assert 0 <= value < 1 << 64 and pos < end <= min(len(data), pos + 10)


shapes = st.lists(st.integers(0, 4), max_size=3)


@st.composite
def tensor_protos(draw):
    shape = draw(shapes)
    size = int(np.prod(shape)) if shape else 1
    kind = draw(st.sampled_from(["float", "double", "int64", "string"]))
    proto = m.TensorProto(tensor_shape=m.TensorShapeProto.of(shape))
    if kind == "float":
        proto.dtype, proto.float_val = m.DT_FLOAT, draw(st.lists(float32, min_size=size, max_size=size))
    elif kind == "double":
        proto.dtype, proto.double_val = (
            m.DT_DOUBLE,
            draw(st.lists(st.floats(allow_nan=False), min_size=size, max_size=size)),
        )
    elif kind == "int64":
        proto.dtype, proto.int64_val = m.DT_INT64, draw(st.lists(int64, min_size=size, max_size=size))
    else:
        proto.dtype, proto.string_val = (
            m.DT_STRING,
            draw(st.lists(st.binary(max_size=8), min_size=size, max_size=size)),
        )
    return proto


summary_values = st.one_of(
    st.builds(lambda tag, v: m.SummaryValue(tag=tag, simple_value=v), text, float32),
    st.builds(
        lambda tag, t, plugin: m.SummaryValue(
            tag=tag, tensor=t, metadata=m.SummaryMetadata(plugin_data=m.PluginData(plugin_name=plugin))
        ),
        text,
        tensor_protos(),
        text,
    ),
    st.builds(
        lambda tag, w, h, png: m.SummaryValue(
            tag=tag, image=m.SummaryImage(width=w, height=h, encoded_image_string=png)
        ),
        text,
        st.integers(0, 1 << 20),
        st.integers(0, 1 << 20),
        st.binary(max_size=32),
    ),
)
events = st.one_of(
    st.builds(
        lambda wall, step, values: m.Event(wall_time=wall, step=step, summary=m.Summary(value=values)),
        st.floats(allow_nan=False),
        int64,
        st.lists(summary_values, max_size=3),
    ),
    st.builds(lambda wall, v: m.Event(wall_time=wall, file_version=v), st.floats(allow_nan=False), text),
    st.builds(
        lambda step, status: m.Event(step=step, session_log=m.SessionLog(status=status)),
        int64,
        st.integers(0, 3),
    ),
)


@SETTINGS
@given(events)
def test_an_event_survives_encoding_and_decoding(event):
    assert m.Event.decode(event.encode()) == event


@SETTINGS
@given(tensor_protos())
def test_a_tensor_reads_back_with_its_shape_and_values(proto):
    array = tensors.tensor_to_ndarray(m.TensorProto.decode(proto.encode()))
    assert list(array.shape) == proto.tensor_shape.sizes
    flat = array.reshape(-1).tolist()
    expected = {m.DT_FLOAT: proto.float_val, m.DT_DOUBLE: proto.double_val, m.DT_INT64: proto.int64_val}
    assert flat == list(expected.get(proto.dtype, proto.string_val))


@SETTINGS
@given(st.sampled_from(MESSAGES), st.binary(max_size=300))
def test_any_bytes_decode_to_a_message_or_a_decode_error_and_the_message_reencodes(cls, data):
    try:
        msg = cls.decode(data)
    except wire.DecodeError:
        return
    first = msg.encode()
    assert cls.decode(first).encode() == first


@SETTINGS
@given(st.binary(max_size=300))
def test_any_tensor_bytes_give_a_bounded_array_or_a_decode_error(data):
    try:
        array = tensors.tensor_to_ndarray(m.TensorProto.decode(data), len(data))
    except wire.DecodeError:
        return
    if array.dtype != object:
        assert array.nbytes <= max(
            tensors.BROADCAST_BYTES, tensors.BROADCAST_RATIO * len(data), 8 * len(data)
        )


def test_a_graph_nested_deeper_than_the_limit_is_a_decode_error_not_a_recursion_error():
    from tests.fuzz.samples import deep_graph

    assert m.GraphDef.decode(deep_graph(_codec.MAX_DEPTH // 3 - 2)).node
    with pytest.raises(wire.DecodeError, match="nested"):
        m.GraphDef.decode(deep_graph(2000))


# -- framing -------------------------------------------------------------------------------------
pieces = st.one_of(
    st.binary(min_size=0, max_size=40).map(frame),
    st.binary(max_size=30),
    st.integers(1, 64).map(bytes),
    st.just(struct.pack("<Q", 1 << 40) + b"\x00" * 8),
)


@SETTINGS
@given(st.lists(pieces, max_size=8))
def test_framing_keeps_every_record_and_resumes_where_a_single_pass_goes_on(parts):
    data = b"".join(parts)
    whole = read_records(data)
    for part in parts:
        if len(part) >= 16 and read_records(part).records and part in data:
            assert any(payload == read_records(part).records[0][1] for _, payload in whole.records)
    # Read in two passes, cut anywhere: the same records, as a live reader sees a growing file.
    for cut in range(0, len(data) + 1, max(1, len(data) // 7)):
        first = read_records(data[:cut])
        rest = read_records(data[first.end :], first.end)
        assert first.records + rest.records == whole.records


@pytest.mark.skipif(not scanner_available(), reason="the compiled scanner is not built")
@SETTINGS
@given(st.lists(pieces, max_size=8), st.integers(0, 100))
def test_the_scanner_frames_any_bytes_as_records_py_does(parts, base):
    from trainboard.events import _scan  # type: ignore[attr-defined]

    data = b"".join(parts)
    expected = read_records(data, base)
    scanner, pos, corruptions = _scan.Scanner(), 0, []
    while True:
        end, *_, bad, _items, _floats = scanner.scan(data, base, pos)
        corruptions.extend(bad)
        if end - base == pos or end - base >= len(data):
            break
        pos = end - base
    assert end == expected.end
    assert corruptions == [(c.offset, c.length, c.reason) for c in expected.corruptions]
