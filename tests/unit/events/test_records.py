import struct

import pytest

from trainboard.events import messages as m
from trainboard.events.records import crc32c, frame, frame_records, masked_crc32c, read_records

SCALAR_RECORD = bytes.fromhex(
    "1a00000000000000129bd82d0900002040fc54d94110032a0d0a0b0a046c6f7373150000803ebcf29b54"
)


def test_crc32c_matches_the_spec_vectors():
    assert crc32c(b"123456789") == 0xE3069283
    assert crc32c(bytes(32)) == 0x8A9136AA
    assert masked_crc32c(b"") == 0xA282EAD8
    assert masked_crc32c(bytes.fromhex("1a11") + b"CRC test, one two") == 0x5794D08A


def test_scalar_event_frames_to_the_spec_bytes():
    event = m.Event(
        wall_time=1700000000.5,
        step=3,
        summary=m.Summary(value=[m.SummaryValue(tag="loss", simple_value=0.25)]),
    )
    assert frame(event.encode()) == SCALAR_RECORD


def test_frame_records_frames_each_payload_as_frame_does():
    payloads = [b"", b"a", SCALAR_RECORD[12:-4], bytes(range(256)) * 40, b"a"]
    joined = frame_records(payloads)
    assert joined == b"".join(frame(p) for p in payloads)
    assert [p for _, p in read_records(joined).records] == payloads
    header = struct.pack("<Q", 1)
    assert frame(b"a") == header + struct.pack("<I", masked_crc32c(header)) + b"a" + struct.pack(
        "<I", masked_crc32c(b"a")
    )


@pytest.mark.parametrize("step", [None, 0, 3, 2**40, -1])
@pytest.mark.parametrize("wall_time", [0.0, -0.0, 1700000000.5])
def test_summary_event_equals_the_generic_codec(step, wall_time):
    summary = m.Summary(
        value=[m.SummaryValue(tag="h", tensor=m.TensorProto(dtype=m.DT_FLOAT, float_val=[1.0]))]
    )
    event = m.Event(wall_time=wall_time, summary=summary)
    if step is not None:
        event.step = step
    assert m.summary_event(summary.encode(), step, wall_time) == event.encode()


def test_truncated_record_waits_for_the_rest():
    data = SCALAR_RECORD * 2
    for cut in range(len(SCALAR_RECORD), len(data)):
        result = read_records(data[:cut])
        assert len(result.records) == 1
        assert result.end == len(SCALAR_RECORD)
        assert not result.corruptions


def test_bad_data_crc_skips_only_that_record():
    bad = bytearray(SCALAR_RECORD)
    bad[20] ^= 0xFF
    result = read_records(SCALAR_RECORD + bytes(bad) + SCALAR_RECORD)
    assert len(result.records) == 2
    assert [c.reason for c in result.corruptions] == ["bad data checksum"]
    assert result.end == 3 * len(SCALAR_RECORD)


def test_bad_length_crc_resyncs_at_the_next_record():
    bad = bytearray(SCALAR_RECORD)
    bad[0] ^= 0x01
    result = read_records(SCALAR_RECORD + bytes(bad) + SCALAR_RECORD)
    assert len(result.records) == 2
    assert result.corruptions[0].reason == "bad length checksum"
    assert result.corruptions[0].offset == len(SCALAR_RECORD)


def test_offsets_point_at_payloads():
    result = read_records(SCALAR_RECORD * 3, base_offset=100)
    assert [off for off, _ in result.records] == [112, 112 + 42, 112 + 84]
    assert result.end == 100 + 3 * 42


@pytest.mark.parametrize("length", [1 << 40, (1 << 64) - 1])
def test_absurd_lengths_are_rejected_not_allocated(length):
    header = struct.pack("<Q", length)
    bogus = header + struct.pack("<I", masked_crc32c(header)) + b"x" * 10
    result = read_records(bogus)
    assert not result.records
    assert result.corruptions
