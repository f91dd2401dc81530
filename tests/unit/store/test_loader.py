"""Reading event files: partial writes, damage, restarts, legacy values, reloads."""

from __future__ import annotations

import os

import numpy as np
import pytest

import trainboard
from trainboard.events import messages as m
from trainboard.events.records import frame
from trainboard.store.experiment import Experiment
from trainboard.store.scanner import scanner_available

# Every behaviour holds on both paths: the compiled scanner and the pure-Python decoder.
PATHS = [pytest.param(True, id="scanner"), pytest.param(False, id="python")]
if not scanner_available():
    PATHS = PATHS[1:]


def scalar(tag: str, step: int, value: float, wall: float | None = None) -> bytes:
    event = m.Event(
        wall_time=1000.0 + step if wall is None else wall,
        step=step,
        summary=m.Summary(value=[m.SummaryValue(tag=tag, simple_value=value)]),
    )
    return frame(event.encode())


def header() -> bytes:
    return frame(m.Event(wall_time=999.0, file_version="brain.Event:2").encode())


def start(step: int) -> bytes:
    return frame(
        m.Event(wall_time=2000.0, step=step, session_log=m.SessionLog(status=m.SESSION_START)).encode()
    )


def load(path, use_scanner: bool) -> Experiment:
    exp = Experiment(str(path), use_scanner=use_scanner)
    exp.reload()
    return exp


@pytest.mark.parametrize("use_scanner", PATHS)
def test_truncated_record_waits_for_the_rest(tmp_path, use_scanner):
    record = scalar("loss", 2, 0.5)
    path = tmp_path / "events.out.tfevents.1.host"
    path.write_bytes(header() + scalar("loss", 1, 1.0) + record[:20])
    exp = load(tmp_path, use_scanner)
    assert exp.scalar_arrays(".", "loss").step.tolist() == [1]
    assert exp.warnings == []
    with open(path, "ab") as f:
        f.write(record[20:])
    result = exp.reload()
    assert exp.scalar_arrays(".", "loss").step.tolist() == [1, 2]
    assert result.changed_runs == {"."}


@pytest.mark.parametrize("use_scanner", PATHS)
def test_a_record_with_a_bad_checksum_is_skipped_and_the_rest_still_loads(tmp_path, use_scanner):
    bad = bytearray(scalar("loss", 2, 0.5))
    bad[-6] ^= 0xFF  # inside the payload: the data checksum no longer matches
    data = header() + scalar("loss", 1, 1.0) + bytes(bad) + scalar("loss", 3, 3.0)
    (tmp_path / "events.out.tfevents.1.host").write_bytes(data)
    exp = load(tmp_path, use_scanner)
    assert exp.scalar_arrays(".", "loss").step.tolist() == [1, 3]
    [warning] = exp.warnings
    offset = len(header()) + len(scalar("loss", 1, 1.0))
    assert "events.out.tfevents.1.host" in warning and f"offset {offset}" in warning and "checksum" in warning


@pytest.mark.parametrize("use_scanner", PATHS)
def test_garbage_between_records_is_skipped_up_to_the_next_good_record(tmp_path, use_scanner):
    data = header() + scalar("loss", 1, 1.0) + b"\x07" * 37 + scalar("loss", 2, 2.0)
    (tmp_path / "events.out.tfevents.1.host").write_bytes(data)
    exp = load(tmp_path, use_scanner)
    assert exp.scalar_arrays(".", "loss").step.tolist() == [1, 2]
    assert len(exp.warnings) == 1 and "37 bytes" in exp.warnings[0]


@pytest.mark.parametrize("use_scanner", PATHS)
def test_an_unparsable_payload_is_skipped_and_reported(tmp_path, use_scanner):
    data = header() + frame(b"\x0a\xff\xff") + scalar("loss", 1, 1.0)
    (tmp_path / "events.out.tfevents.1.host").write_bytes(data)
    exp = load(tmp_path, use_scanner)
    assert exp.scalar_arrays(".", "loss").step.tolist() == [1]
    assert len(exp.warnings) == 1 and "unreadable record" in exp.warnings[0]


@pytest.mark.parametrize("use_scanner", PATHS)
def test_a_step_going_back_keeps_every_point_as_tensorboard_does(tmp_path, use_scanner):
    # 100 steps, then one add_scalar without global_step (step 0), then more: nothing is purged.
    data = header() + b"".join(scalar("loss", s, 1.0) for s in range(100)) + scalar("loss", 0, 5.0)
    data += b"".join(scalar("loss", s, 2.0) for s in range(100, 110))
    (tmp_path / "events.out.tfevents.1.host").write_bytes(data)
    exp = load(tmp_path, use_scanner)
    arrays = exp.scalar_arrays(".", "loss")
    assert arrays.step.tolist() == [*range(100), 0, *range(100, 110)]
    assert arrays.value[100] == 5.0 and exp.warnings == []


@pytest.mark.parametrize("use_scanner", PATHS)
def test_a_version_1_file_that_steps_back_replaces_the_points_it_supersedes_and_says_so(
    tmp_path, use_scanner
):
    old_header = frame(m.Event(wall_time=999.0, file_version="brain.Event:1").encode())
    first = old_header + b"".join(scalar("loss", s, 1.0) for s in range(10))
    second = old_header + b"".join(scalar("loss", s, 2.0) for s in range(5, 8))
    (tmp_path / "events.out.tfevents.1.host").write_bytes(first)
    (tmp_path / "events.out.tfevents.2.host").write_bytes(second)
    exp = load(tmp_path, use_scanner)
    arrays = exp.scalar_arrays(".", "loss")
    assert arrays.step.tolist() == [0, 1, 2, 3, 4, 5, 6, 7]
    assert arrays.value.tolist() == [1.0] * 5 + [2.0] * 3
    [warning] = exp.warnings
    assert "events.out.tfevents.2.host" in warning and "stepped back from 9 to 5" in warning
    assert "dropped 5 points" in warning


@pytest.mark.parametrize("use_scanner", PATHS)
def test_purge_step_drops_every_tag_at_or_after_the_start_step(tmp_path, use_scanner):
    first = header() + b"".join(scalar("loss", s, 1.0) + scalar("acc", s, 1.0) for s in range(10))
    # torch's purge_step=6 writes a START at step 6, then logging resumes at step 8 for "loss" only
    second = header() + start(6) + scalar("loss", 8, 2.0)
    (tmp_path / "events.out.tfevents.1.host").write_bytes(first)
    (tmp_path / "events.out.tfevents.2.host").write_bytes(second)
    exp = load(tmp_path, use_scanner)
    assert exp.scalar_arrays(".", "loss").step.tolist() == [0, 1, 2, 3, 4, 5, 8]
    assert exp.scalar_arrays(".", "acc").step.tolist() == [0, 1, 2, 3, 4, 5]
    [warning] = exp.warnings
    assert "SessionLog.START at step 6" in warning and "dropped 8 points" in warning


@pytest.mark.parametrize("use_scanner", PATHS)
def test_every_file_of_a_run_is_read_not_only_the_newest(tmp_path, use_scanner):
    (tmp_path / "events.out.tfevents.1.a").write_bytes(header() + scalar("loss", 1, 1.0))
    (tmp_path / "events.out.tfevents.2.b").write_bytes(header() + scalar("loss", 2, 2.0))
    exp = load(tmp_path, use_scanner)
    with open(tmp_path / "events.out.tfevents.1.a", "ab") as f:
        f.write(scalar("other", 5, 5.0))
    exp.reload()
    assert exp.scalar_arrays(".", "loss").step.tolist() == [1, 2]
    assert exp.scalar_arrays(".", "other").step.tolist() == [5]


@pytest.mark.parametrize("use_scanner", PATHS)
def test_nan_and_inf_values_are_kept(tmp_path, use_scanner):
    data = (
        header() + scalar("x", 1, float("nan")) + scalar("x", 2, float("inf")) + scalar("x", 3, -float("inf"))
    )
    (tmp_path / "events.out.tfevents.1.host").write_bytes(data)
    value = load(tmp_path, use_scanner).scalar_arrays(".", "x").value
    assert np.isnan(value[0]) and value[1] == np.inf and value[2] == -np.inf


@pytest.mark.parametrize("use_scanner", PATHS)
def test_tensor_scalars_of_float_double_and_half_are_read_as_scalars(tmp_path, use_scanner):
    md = m.SummaryMetadata(plugin_data=m.PluginData(plugin_name="scalars"))
    half_bits = int(np.array(0.5, np.float16).view(np.uint16))
    values = [
        m.TensorProto(dtype=m.DT_FLOAT, float_val=[1.5]),
        m.TensorProto(dtype=m.DT_DOUBLE, double_val=[0.1]),
        m.TensorProto(dtype=m.DT_HALF, half_val=[half_bits]),
    ]
    data = header()
    for step, tensor in enumerate(values):
        value = m.SummaryValue(tag="s", tensor=tensor, metadata=md if step == 0 else None)
        data += frame(m.Event(wall_time=1.0, step=step, summary=m.Summary(value=[value])).encode())
    (tmp_path / "events.out.tfevents.1.host").write_bytes(data)
    exp = load(tmp_path, use_scanner)
    assert exp.scalar_arrays(".", "s").value.tolist() == [1.5, 0.1, 0.5]
    assert exp.tags()["."] == {"scalars": ["s"]}


@pytest.mark.parametrize("use_scanner", PATHS)
def test_a_tensor_tag_is_never_mistaken_for_a_scalar(tmp_path, use_scanner):
    md = m.SummaryMetadata(plugin_data=m.PluginData(plugin_name="tensor"))
    data = header()
    for step in range(3):
        value = m.SummaryValue(tag="t", tensor=m.TensorProto(dtype=m.DT_FLOAT, float_val=[float(step)]))
        value.metadata = md if step == 0 else None  # TF writes metadata on the first value only
        data += frame(m.Event(wall_time=1.0, step=step, summary=m.Summary(value=[value])).encode())
    (tmp_path / "events.out.tfevents.1.host").write_bytes(data)
    exp = load(tmp_path, use_scanner)
    assert exp.tags()["."] == {"tensor": ["t"]}
    assert [float(d.value) for d in exp.tensor_series(".", "t")] == [0.0, 1.0, 2.0]


@pytest.mark.parametrize("use_scanner", PATHS)
def test_legacy_histograms_become_trimmed_left_right_count_rows(tmp_path, use_scanner):
    histo = m.HistogramProto(
        min=0.5, max=3.0, num=4, bucket_limit=[-1e308, 0.47, 0.52, 1.6, 3.2, 1e308], bucket=[0, 0, 1, 2, 1, 0]
    )
    value = m.SummaryValue(tag="h", histo=histo)
    data = header() + frame(m.Event(wall_time=1.0, step=7, summary=m.Summary(value=[value])).encode())
    (tmp_path / "events.out.tfevents.1.host").write_bytes(data)
    [datum] = load(tmp_path, use_scanner).tensor_series(".", "h")
    assert datum.step == 7
    assert datum.value.tolist() == [[0.5, 0.52, 1.0], [0.52, 1.6, 2.0], [1.6, 3.0, 1.0]]


@pytest.mark.parametrize("use_scanner", PATHS)
def test_images_are_read_from_the_file_only_when_asked(tmp_path, use_scanner):
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(500)
    image = m.SummaryImage(height=4, width=6, colorspace=3, encoded_image_string=png)
    value = m.SummaryValue(tag="img", image=image)
    data = header() + frame(m.Event(wall_time=1.0, step=1, summary=m.Summary(value=[value])).encode())
    (tmp_path / "events.out.tfevents.1.host").write_bytes(data)
    exp = load(tmp_path, use_scanner)
    [datum] = exp.blob_series(".", "img")
    width, height, picture = datum.blobs
    assert (exp.read_blob(width.blob_id), exp.read_blob(height.blob_id)) == (b"6", b"4")
    assert picture.length == len(png) and exp.read_blob(picture.blob_id) == png
    assert exp.tag_infos("images")["."]["img"].data_class == m.DATA_CLASS_BLOB_SEQUENCE


@pytest.mark.parametrize("use_scanner", PATHS)
def test_an_empty_event_file_gives_a_run_with_no_tags(tmp_path, use_scanner):
    (tmp_path / "events.out.tfevents.1.host").write_bytes(b"")
    exp = load(tmp_path, use_scanner)
    assert exp.runs == ["."]
    assert exp.tags() == {".": {}}


@pytest.mark.parametrize("use_scanner", PATHS)
def test_reload_reads_only_the_new_bytes(tmp_path, use_scanner):
    path = tmp_path / "events.out.tfevents.1.host"
    path.write_bytes(header() + b"".join(scalar("loss", s, 1.0) for s in range(100)))
    exp = load(tmp_path, use_scanner)
    generation = exp.generation
    assert exp.reload().changed_runs == set()
    assert exp.generation == generation
    assert exp.progress.files_done == exp.progress.files_total == 1  # a quiet reload is complete too
    with open(path, "ab") as f:
        f.write(scalar("loss", 100, 5.0))
    exp.reload()
    progress = exp.progress
    assert progress.bytes_done == progress.bytes_total == len(scalar("loss", 100, 5.0))
    assert progress.files_done == progress.files_total == 1 and not progress.loading
    assert exp.scalar_arrays(".", "loss").step[-1] == 100
    assert exp.generation == generation + 1


def test_torch_writer_output_reads_back_every_kind_of_value(tmp_path):
    torch_tb = pytest.importorskip("torch.utils.tensorboard")
    writer = torch_tb.SummaryWriter(str(tmp_path / "run"))
    for step in range(5):
        writer.add_scalar("loss", 1.0 / (step + 1), step)
        writer.add_histogram("weights", np.arange(10.0) + step, step)
        writer.add_image("img", np.zeros((3, 4, 5)), step)
        writer.add_text("note", f"step {step}", step)
    writer.close()
    exp = trainboard.read(tmp_path)
    assert exp.tags()["run"] == {
        "histograms": ["weights"],
        "images": ["img"],
        "scalars": ["loss"],
        "text": ["note/text_summary"],
    }
    assert exp.scalar_arrays("run", "loss").value[-1] == pytest.approx(0.2)
    counts = [d.value[:, 2].sum() for d in exp.tensor_series("run", "weights")]
    assert counts == [10.0] * 5
    assert exp.text().text.tolist() == [f"step {s}" for s in range(5)]


@pytest.mark.parametrize("use_scanner", PATHS)
def test_a_file_that_shrinks_is_reported_once_and_its_points_kept(tmp_path, use_scanner):
    path = tmp_path / "events.out.tfevents.1.host"
    path.write_bytes(header() + scalar("loss", 1, 1.0) + scalar("loss", 2, 2.0))
    exp = load(tmp_path, use_scanner)
    path.write_bytes(header())
    exp.reload()
    exp.reload()
    assert exp.scalar_arrays(".", "loss").step.tolist() == [1, 2]
    assert len(exp.warnings) == 1 and "shrank" in exp.warnings[0]


def test_a_badly_damaged_file_lists_the_first_warnings_and_counts_the_rest(tmp_path):
    bad = bytearray(scalar("loss", 2, 0.5))
    bad[-6] ^= 0xFF
    data = (bytes(bad) + scalar("loss", 1, 1.0)) * 250 + scalar("loss", 3, 3.0)
    (tmp_path / "events.out.tfevents.1.host").write_bytes(data)
    exp = load(tmp_path, scanner_available())
    assert exp.scalar_arrays(".", "loss").step.tolist() == [1] * 250 + [3]
    assert len(exp.warnings) == 201 and exp.warnings[-1] == "run '.': 50 more warnings not listed"


def image_record(tag: str, step: int, png: bytes, width: int, height: int) -> bytes:
    image = m.SummaryImage(height=height, width=width, colorspace=3, encoded_image_string=png)
    value = m.SummaryValue(tag=tag, image=image)
    return frame(m.Event(wall_time=1.0 + step, step=step, summary=m.Summary(value=[value])).encode())


@pytest.mark.parametrize("use_scanner", PATHS)
def test_every_image_of_a_tag_reads_back_its_own_size_and_bytes(tmp_path, use_scanner):
    pngs = [b"\x89PNG\r\n\x1a\n" + os.urandom(n) for n in (500, 20, 900)]
    sizes = [(6, 4), (1, 1), (640, 480)]
    data = header() + b"".join(
        image_record("img", step, png, w, h) + scalar("loss", step, 0.5)
        for step, (png, (w, h)) in enumerate(zip(pngs, sizes, strict=True))
    )
    (tmp_path / "events.out.tfevents.1.host").write_bytes(data)
    exp = load(tmp_path, use_scanner)
    series = exp.blob_series(".", "img")
    assert [d.step for d in series] == [0, 1, 2] and [d.wall_time for d in series] == [1.0, 2.0, 3.0]
    for datum, png, (w, h) in zip(series, pngs, sizes, strict=True):
        assert [exp.read_blob(b.blob_id) for b in datum.blobs] == [str(w).encode(), str(h).encode(), png]
    assert exp.scalar_arrays(".", "loss").step.tolist() == [0, 1, 2]
    assert exp.run_start_time(".") == 999.0


@pytest.mark.parametrize("use_scanner", PATHS)
def test_a_file_read_in_chunks_smaller_than_its_records_loads_every_point(tmp_path, monkeypatch, use_scanner):
    from trainboard.store import loader

    png = os.urandom(700)
    data = header() + b"".join(
        image_record("img", step, png, 8, 8) + scalar("loss", step, float(step)) for step in range(40)
    )
    (tmp_path / "events.out.tfevents.1.host").write_bytes(data)
    monkeypatch.setattr(loader, "CHUNK_BYTES", 256)
    exp = load(tmp_path, use_scanner)
    series = exp.blob_series(".", "img")
    assert [d.step for d in series] == list(range(40))
    assert all(exp.read_blob(d.blobs[2].blob_id) == png for d in series)
    assert exp.scalar_arrays(".", "loss").value.tolist() == [float(s) for s in range(40)]
