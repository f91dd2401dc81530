"""The compiled scanner on its own: framing, damage and the scalar fast path agree with records.py."""

from __future__ import annotations

import numpy as np
import pytest

from trainboard.events import messages as m
from trainboard.events.records import frame, read_records
from trainboard.store.scanner import scanner_available

pytestmark = pytest.mark.skipif(not scanner_available(), reason="compiled scanner not built")

if scanner_available():
    from trainboard.events import _scan  # type: ignore[attr-defined]


def scalar(tag: str, step: int, value: float) -> bytes:
    value_ = m.SummaryValue(tag=tag, simple_value=value)
    return frame(m.Event(wall_time=10.0 + step, step=step, summary=m.Summary(value=[value_])).encode())


def test_scalar_records_become_columns_and_other_records_are_handed_back():
    header = frame(m.Event(wall_time=1.0, file_version="brain.Event:2").encode())
    data = scalar("a", 1, 0.5) + header + scalar("a", 2, 1.5) + scalar("a", -7, 2.0)
    scanner = _scan.Scanner()
    end, tags, steps, walls, values, others, bad, items, _floats = scanner.scan(data, 100)
    assert end == 100 + len(data) and bad == []
    assert [scanner.tag_name(t) for t in tags] == [b"a", b"a", b"a"]
    assert steps.tolist() == [1, 2, -7] and walls.tolist() == [11.0, 12.0, 3.0]
    assert values.tolist() == [0.5, 1.5, 2.0]
    # the header's payload offset and length, and that one point and no item came before it
    assert others.tolist() == [[100 + len(scalar("a", 1, 0.5)) + 12, len(header) - 16, 1, 0]]
    assert items.shape == (0, 10)


def test_a_new_tag_after_a_handed_back_record_waits_for_python_to_apply_that_record():
    # Metadata naming another plugin: Python must read it, and it may decide what "new" is.
    md = m.SummaryMetadata(plugin_data=m.PluginData(plugin_name="text"))
    text = m.TensorProto(dtype=m.DT_STRING, tensor_shape=m.TensorShapeProto.of([1]), string_val=[b"hi"])
    value = m.SummaryValue(tag="note", tensor=text, metadata=md)
    other = frame(m.Event(wall_time=1.0, step=0, summary=m.Summary(value=[value])).encode())
    data = other + scalar("new", 1, 0.5)
    scanner = _scan.Scanner()
    result = scanner.scan(data, 0)
    assert result.end == len(other) and len(result.tags) == 0 and len(result.others) == 1
    result = scanner.scan(data, 0, result.end)
    assert result.end == len(data) and scanner.tag_name(result.tags[0]) == b"new"


def test_a_file_version_record_is_handed_back_without_stopping_the_scan():
    # It names no tag, so what follows is scanned on in the same pass (one scan per small file).
    header = frame(m.Event(wall_time=1.0, file_version="brain.Event:2").encode())
    data = header + scalar("new", 1, 0.5) + scalar("new", 2, 0.25)
    result = _scan.Scanner().scan(data, 0)
    assert result.end == len(data) and result.steps.tolist() == [1, 2]
    assert result.others.tolist() == [[12, len(header) - 16, 0, 0]]


def test_a_truncated_record_ends_the_scan_at_its_start():
    data = scalar("a", 1, 0.5) + scalar("a", 2, 1.5)[:-3]
    end, tags, *_ = _scan.Scanner().scan(data, 0)
    assert end == len(scalar("a", 1, 0.5)) == read_records(data).end
    assert len(tags) == 1


def test_damage_is_reported_as_records_py_reports_it():
    bad = bytearray(scalar("a", 2, 1.5))
    bad[20] ^= 1
    data = scalar("a", 1, 0.5) + bytes(bad) + b"\x00" * 9 + scalar("a", 3, 2.5)
    *_, corruptions, _items, _floats = _scan.Scanner().scan(data, 7)
    expected = [(c.offset, c.length, c.reason) for c in read_records(data, 7).corruptions]
    # One stretch: the damaged record's length is not trusted, so its bytes and the zeros after
    # it are skipped together up to the next record with both checksums.
    assert corruptions == expected == [(7 + len(scalar("a", 1, 0.5)), len(bad) + 9, "bad data checksum")]


def test_a_tag_marked_as_not_scalar_goes_to_python():
    scanner = _scan.Scanner()
    scanner.set_scalar(scanner.intern(b"hist"), False)
    _end, tags, *_rest, others, _bad, _items, _floats = scanner.scan(scalar("hist", 1, 0.5), 0)
    assert len(tags) == 0 and len(others) == 1


def test_grouping_by_tag_keeps_each_tag_in_file_order():
    tags = np.array([2, 0, 2, 1, 0, 2], np.int32)
    steps = np.arange(6, dtype=np.int64)
    present, starts, s, _w, v = _scan.group_by_tag(tags, steps, steps * 1.0, steps * 2.0, 3)
    assert present == [0, 1, 2]
    assert starts == [0, 2, 3, 6]
    assert s.tolist() == [1, 4, 3, 0, 2, 5]
    assert v.tolist() == [2.0, 8.0, 6.0, 0.0, 4.0, 10.0]


def image(tag: str, step: int, png: bytes, width: int = 3, height: int = 2) -> bytes:
    img = m.SummaryImage(height=height, width=width, colorspace=3, encoded_image_string=png)
    value = m.SummaryValue(tag=tag, image=img)
    return frame(m.Event(wall_time=5.0 + step, step=step, summary=m.Summary(value=[value])).encode())


def histo(tag: str, step: int) -> bytes:
    h = m.HistogramProto(min=-1.0, max=4.0, num=3, bucket_limit=[0.0, 1.0, 2.0], bucket=[1.0, 0.0, 2.0])
    value = m.SummaryValue(tag=tag, histo=h)
    return frame(m.Event(wall_time=5.0 + step, step=step, summary=m.Summary(value=[value])).encode())


def test_images_of_a_blob_tag_come_back_as_offsets_into_the_file_without_their_bytes():
    png = bytes(range(256)) * 2
    data = image("img", 1, png) + scalar("a", 1, 0.5) + image("img", 2, png, width=-7)
    scanner = _scan.Scanner()
    scanner.set_state(scanner.intern(b"img"), _scan.TAG_BLOB)
    end, tags, _s, _w, _v, others, _bad, items, floats = scanner.scan(data, 1000)
    assert end == 1000 + len(data) and len(others) == 0 and len(tags) == 1
    rows = items.tolist()
    assert [r[:6] for r in rows] == [[0, 1, 0, _scan.ITEM_IMAGE, 3, 2], [0, 2, 1, _scan.ITEM_IMAGE, -7, 2]]
    for row in rows:
        start = row[6] - 1000
        assert row[7] == len(png) and data[start : start + row[7]] == png
    assert floats[:, 0].tolist() == [6.0, 7.0]


def test_an_image_of_an_unknown_or_scalar_tag_goes_to_python():
    scanner = _scan.Scanner()
    scanner.intern(b"a")  # known as a scalar
    *_rest, others, _bad, items, _floats = scanner.scan(image("new", 1, b"x") + image("a", 1, b"x"), 0)
    assert len(items) == 0 and len(others) == 2


def test_legacy_histograms_of_a_tensor_tag_come_back_as_their_packed_buckets():
    data = histo("h", 3)
    scanner = _scan.Scanner()
    scanner.set_state(scanner.intern(b"h"), _scan.TAG_TENSOR)
    *_rest, others, _bad, items, floats = scanner.scan(data, 0)
    assert len(others) == 0
    row = items.tolist()[0]
    assert row[:4] == [0, 3, 0, _scan.ITEM_HISTO]
    limits = np.frombuffer(data[row[6] : row[6] + row[7]], "<f8")
    counts = np.frombuffer(data[row[8] : row[8] + row[9]], "<f8")
    assert limits.tolist() == [0.0, 1.0, 2.0] and counts.tolist() == [1.0, 0.0, 2.0]
    assert floats.tolist() == [[8.0, -1.0, 4.0]]


def test_the_store_names_the_scanner_constants_the_same_way():
    from trainboard.store import scanner

    assert (scanner.TAG_OTHER, scanner.TAG_SCALAR, scanner.TAG_BLOB, scanner.TAG_TENSOR) == (
        _scan.TAG_OTHER,
        _scan.TAG_SCALAR,
        _scan.TAG_BLOB,
        _scan.TAG_TENSOR,
    )
    assert (scanner.ITEM_IMAGE, scanner.ITEM_AUDIO, scanner.ITEM_HISTO) == (
        _scan.ITEM_IMAGE,
        _scan.ITEM_AUDIO,
        _scan.ITEM_HISTO,
    )


def double_scalar(tag: str, step: int, value: float) -> bytes:
    tensor = m.TensorProto(dtype=m.DT_DOUBLE, tensor_shape=m.TensorShapeProto.of([]), double_val=[value])
    value_ = m.SummaryValue(tag=tag, tensor=tensor)
    return frame(m.Event(wall_time=1.0, step=step, summary=m.Summary(value=[value_])).encode())


def test_columns_are_narrowed_at_the_scan_only_when_every_point_fits():
    # int32 steps and float32 values are what a series keeps: narrowed here, in one pass, when
    # every one fits exactly; one point that does not keeps its whole column wide.
    plain = scalar("a", 1, 0.5) + scalar("a", 2, float("nan")) + scalar("a", 3, float("inf"))
    result = _scan.Scanner().scan(plain, 0)
    assert result.steps.dtype == np.int32 and result.values.dtype == np.float32
    assert result.steps.tolist() == [1, 2, 3]
    assert result.values[0] == 0.5 and np.isnan(result.values[1]) and np.isinf(result.values[2])

    big_step = scalar("a", 1, 0.5) + scalar("a", 2**31, 0.5)
    result = _scan.Scanner().scan(big_step, 0)
    assert result.steps.dtype == np.int64 and result.steps.tolist() == [1, 2**31]
    assert result.values.dtype == np.float32

    scanner = _scan.Scanner()
    scanner.set_scalar(scanner.intern(b"d"), True)  # a tag known as scalars takes bare tensors
    result = scanner.scan(double_scalar("d", 1, 0.25) + double_scalar("d", 2, 0.1), 0)
    assert result.steps.dtype == np.int32 and result.values.dtype == np.float64
    assert result.values.tolist() == [0.25, 0.1]  # 0.1 is not a float32: nothing rounded


@pytest.mark.parametrize("steps", [np.int32, np.int64])
@pytest.mark.parametrize("values", [np.float32, np.float64])
def test_group_by_tag_keeps_the_dtypes_it_is_given(steps, values):
    tags = np.array([1, 0, 1, 0], np.int32)
    present, starts, s, w, v = _scan.group_by_tag(
        tags, np.arange(4, dtype=steps), np.arange(4.0), np.arange(4, dtype=values) / 4, 2
    )
    assert present == [0, 1] and starts == [0, 2, 4]
    assert s.dtype == steps and v.dtype == values and w.dtype == np.float64
    assert s.tolist() == [1, 3, 0, 2] and v.tolist() == [0.25, 0.75, 0.0, 0.5]
