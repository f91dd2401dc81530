"""Damaged and hostile files (issue #13): each case the hostile test of main found, on both paths."""

from __future__ import annotations

import struct
import tracemalloc

import pytest

from tests.fuzz import samples
from trainboard.errors import NotFoundError
from trainboard.events import messages as m
from trainboard.events.records import frame, masked_crc32c
from trainboard.plugins.graphs.routes import graph_impl
from trainboard.store.experiment import Experiment
from trainboard.store.scanner import scanner_available

PATHS = [pytest.param(True, id="scanner"), pytest.param(False, id="python")]
if not scanner_available():
    PATHS = PATHS[1:]

NAME = "events.out.tfevents.1.host"


def scalar(tag: str, step: int, value: float) -> bytes:
    value_ = m.SummaryValue(tag=tag, simple_value=value)
    return frame(m.Event(wall_time=1000.0 + step, step=step, summary=m.Summary(value=[value_])).encode())


HEADER = frame(m.Event(wall_time=999.0, file_version="brain.Event:2").encode())


def load(path, use_scanner: bool) -> Experiment:
    exp = Experiment(str(path), use_scanner=use_scanner)
    exp.reload()
    return exp


def steps(exp: Experiment, tag: str = "loss") -> list[int]:
    return exp.scalar_arrays(".", tag).step.tolist()


def header_claiming(length: int) -> bytes:
    """A header whose length checksum is valid, whatever the length says."""
    head = struct.pack("<Q", length)
    return head + struct.pack("<I", masked_crc32c(head))


@pytest.mark.parametrize("use_scanner", PATHS)
def test_a_length_past_the_end_of_the_file_does_not_hide_the_records_after_it(tmp_path, use_scanner):
    damaged = header_claiming(1 << 30) + scalar("loss", 2, 2.0)[12:]
    data = HEADER + scalar("loss", 1, 1.0) + damaged + b"".join(scalar("loss", s, 1.0) for s in range(3, 9))
    (tmp_path / NAME).write_bytes(data)
    exp = load(tmp_path, use_scanner)
    assert steps(exp) == [1, 3, 4, 5, 6, 7, 8]
    [warning] = exp.warnings
    assert f"skipped {len(damaged)} bytes" in warning and "length runs past the next record" in warning


@pytest.mark.parametrize("use_scanner", PATHS)
def test_three_bytes_deleted_inside_a_record_cost_only_that_record(tmp_path, use_scanner):
    cut = bytearray(scalar("loss", 2, 2.0))
    del cut[20:23]
    (tmp_path / NAME).write_bytes(HEADER + scalar("loss", 1, 1.0) + bytes(cut) + scalar("loss", 3, 3.0))
    exp = load(tmp_path, use_scanner)
    assert steps(exp) == [1, 3]
    assert len(exp.warnings) == 1 and "bad data checksum" in exp.warnings[0]


@pytest.mark.parametrize("use_scanner", PATHS)
def test_a_live_reader_reads_a_record_whose_header_was_incomplete_after_damage(tmp_path, use_scanner):
    nxt = scalar("loss", 2, 2.0)
    data = HEADER + scalar("loss", 1, 1.0) + b"\x07" * 40 + nxt + scalar("loss", 3, 3.0)
    path = tmp_path / NAME
    stop = len(data) - len(scalar("loss", 3, 3.0)) - len(nxt) + 5  # 5 bytes of the next header
    path.write_bytes(data[:stop])
    exp = load(tmp_path, use_scanner)
    assert steps(exp) == [1]
    with open(path, "ab") as f:
        f.write(data[stop:])
    exp.reload()
    fresh = load(tmp_path, use_scanner)
    assert steps(exp) == steps(fresh) == [1, 2, 3]


@pytest.mark.parametrize("use_scanner", PATHS)
def test_a_record_still_being_written_waits_even_after_damage(tmp_path, use_scanner):
    record = scalar("loss", 2, 2.0)
    path = tmp_path / NAME
    path.write_bytes(HEADER + b"\x07" * 40 + record[:-3])
    exp = load(tmp_path, use_scanner)
    assert exp.tags()["."] == {}
    with open(path, "ab") as f:
        f.write(record[-3:])
    exp.reload()
    assert steps(exp) == [2]
    assert len(exp.warnings) == 1 and "skipped 40 bytes" in exp.warnings[0]


@pytest.mark.parametrize("use_scanner", PATHS)
def test_a_sparse_gigabyte_is_one_skipped_stretch_and_the_record_after_it_is_read(tmp_path, use_scanner):
    path = tmp_path / NAME
    with open(path, "wb") as f:
        f.write(HEADER + scalar("loss", 1, 1.0))
        f.truncate(1 << 30)
        f.seek(1 << 30)
        f.write(scalar("loss", 2, 2.0))
    exp = load(tmp_path, use_scanner)
    assert steps(exp) == [1, 2]
    [warning] = exp.warnings
    assert f"skipped {(1 << 30) - len(HEADER + scalar('loss', 1, 1.0))} bytes" in warning


@pytest.mark.parametrize("use_scanner", PATHS)
def test_valid_headers_with_long_bad_payloads_cannot_make_the_search_quadratic(tmp_path, use_scanner):
    # 25,000 headers each claiming 400 kB, each followed by a good record: checking every claim
    # would checksum 10 GB; the search budget keeps it to a few times the file.
    unit = header_claiming(400_000) + scalar("loss", 1, 1.0)
    (tmp_path / NAME).write_bytes(HEADER + unit * 25_000 + b"\x01" * 400_100 + scalar("loss", 9, 9.0))
    exp = load(tmp_path, use_scanner)
    assert steps(exp) == [1] * 25_000 + [9]


@pytest.mark.parametrize("use_scanner", PATHS)
def test_hostile_records_are_skipped_one_by_one_within_bounded_memory(tmp_path, use_scanner):
    hostile = samples.hostile_records()
    data = HEADER + b"".join(r + scalar("loss", i, float(i)) for i, r in enumerate(hostile))
    (tmp_path / NAME).write_bytes(data)
    tracemalloc.start()
    try:
        exp = load(tmp_path, use_scanner)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20  # the 16,777,216 x 16 broadcast alone would be 1 GiB
    assert steps(exp) == list(range(len(hostile)))
    skipped = " ".join(exp.warnings)
    for tag in ("negative", "overflow", "broadcast", "square", "rank", "odd_complex", "content"):
        assert f"skipped value {tag!r}" in skipped
    assert "oversized" in skipped and "more than 65536" in skipped
    # The values that could be read are: the int8 tensor wraps as numpy does.
    assert exp.tensor_series(".", "int8")[0].value.tolist() == [44, -44]
    assert "negative" not in exp.tags()["."].get("tensorlike", [])


@pytest.mark.parametrize("use_scanner", PATHS)
def test_a_65_bit_step_keeps_its_low_64_bits_as_protobuf_does(tmp_path, use_scanner):
    value = m.SummaryValue(tag="loss", simple_value=1.0).encode()
    summary = b"\x0a" + bytes([len(value)]) + value
    payload = (
        b"\x09"
        + struct.pack("<d", 5.0)
        + b"\x10"
        + b"\xff" * 9
        + b"\x03"
        + b"\x2a"
        + bytes([len(summary)])
        + summary
    )
    (tmp_path / NAME).write_bytes(HEADER + frame(payload))
    exp = load(tmp_path, use_scanner)
    assert steps(exp) == [-1] and exp.warnings == []


@pytest.mark.parametrize("use_scanner", PATHS)
def test_a_graph_nested_2000_deep_is_a_skipped_graph_not_a_server_error(tmp_path, use_scanner):
    (tmp_path / NAME).write_bytes(HEADER + samples.event(1, graph_def=samples.deep_graph(2000)))
    exp = load(tmp_path, use_scanner)
    assert exp.graph(".") is None
    with pytest.raises(NotFoundError) as info:
        graph_impl(exp, ".")
    assert info.value.http_code == 404
    assert any("graph, which cannot be decoded" in w and "nested more than 100" in w for w in exp.warnings)


@pytest.mark.parametrize("use_scanner", PATHS)
def test_a_record_whose_zeros_became_a_hole_is_still_read(tmp_path, use_scanner):
    # A file copied with `cp --sparse=always` loses its zero blocks to holes, even inside records.
    md = m.SummaryMetadata(plugin_data=m.PluginData(plugin_name="tensorlike"))
    tensor = m.TensorProto(dtype=m.DT_FLOAT, tensor_shape=m.TensorShapeProto.of([65536]))
    tensor.tensor_content = b"\x00" * (4 * 65536)
    zeros = samples.value_record(3, m.SummaryValue(tag="zeros", tensor=tensor, metadata=md))
    data = HEADER + scalar("loss", 1, 1.0) + zeros + scalar("loss", 2, 2.0)
    with open(tmp_path / NAME, "wb") as f:
        for at in range(0, len(data), 4096):
            block = data[at : at + 4096]
            if any(block):
                f.seek(at)
                f.write(block)
        f.truncate(len(data))
    exp = load(tmp_path, use_scanner)
    assert steps(exp) == [1, 2] and exp.warnings == []
    assert exp.tensor_series(".", "zeros")[0].value.shape == (65536,)


@pytest.mark.parametrize("use_scanner", PATHS)
@pytest.mark.parametrize("sparse", [False, True], ids=["zeros", "hole"])
def test_zeros_at_the_end_are_waited_on_until_the_writer_s_bytes_arrive(tmp_path, use_scanner, sparse):
    # A network file system may show a file longer, with zeros, before the written bytes arrive.
    late = scalar("loss", 2, 2.0) + scalar("loss", 3, 3.0)
    path = tmp_path / NAME
    with open(path, "wb") as f:
        f.write(HEADER + scalar("loss", 1, 1.0))
        start = f.tell()
        if sparse:
            f.truncate(start + 8192)
        else:
            f.write(bytes(8192))
    exp = load(tmp_path, use_scanner)
    assert steps(exp) == [1] and exp.warnings == []
    with open(path, "r+b") as f:
        f.seek(start)
        f.write(late)
    exp.reload()
    assert steps(exp) == [1, 2, 3]
    assert exp.warnings == []  # the zeros left after them still reach the end: still waited on
