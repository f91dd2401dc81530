"""SummaryWriter behaviour a user notices: where files go, what they hold, and what bad input does."""

import glob
import os
import re
import socket

import numpy as np
import pytest

from trainboard import SummaryWriter
from trainboard.events import messages as m
from trainboard.events.records import read_records


def _events(run_dir):
    """Every event of every file in ``run_dir``, files in name order; fails on any damaged record."""
    events = []
    for path in sorted(glob.glob(os.path.join(run_dir, "events.out.tfevents.*"))):
        with open(path, "rb") as f:
            data = f.read()
        result = read_records(data)
        assert not result.corruptions and result.end == len(data)
        events.extend(m.Event.decode(p) for _, p in result.records)
    return events


def _values(run_dir):
    return [(e.step, v) for e in _events(run_dir) if e.summary is not None for v in e.summary.value]


def test_default_log_dir_is_runs_date_host_comment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    writer = SummaryWriter(comment="_lr0.1")
    writer.close()
    name = os.path.relpath(writer.get_logdir(), "runs")
    assert re.fullmatch(
        r"[A-Z][a-z]{2}\d{2}_\d{2}-\d{2}-\d{2}_" + re.escape(socket.gethostname()) + "_lr0.1", name
    )
    assert os.path.isdir(writer.get_logdir())


def test_tensorboardx_logdir_keyword_is_accepted(tmp_path):
    with SummaryWriter(logdir=str(tmp_path / "tbx")) as writer:
        writer.add_scalar("x", 1.0, 1)
    assert [(s, v.simple_value) for s, v in _values(tmp_path / "tbx")] == [(1, 1.0)]


def test_scalars_accept_python_numpy_and_torch_values(tmp_path):
    torch = pytest.importorskip("torch")
    with SummaryWriter(str(tmp_path)) as writer:
        writer.add_scalar("v", 1, 1)
        writer.add_scalar("v", np.float64(2.5), 2)
        writer.add_scalar("v", np.array([[3.5]]), 3)
        writer.add_scalar("v", torch.tensor(4.5, requires_grad=True), 4)
        writer.add_scalar("v", True, 5)
    assert [(s, v.simple_value) for s, v in _values(tmp_path)] == [
        (1, 1.0),
        (2, 2.5),
        (3, 3.5),
        (4, 4.5),
        (5, 1.0),
    ]


def test_nan_and_infinity_are_written_as_they_are(tmp_path):
    with SummaryWriter(str(tmp_path)) as writer:
        writer.add_scalar("v", float("nan"), 1)
        writer.add_scalar("v", float("-inf"), 2)
    values = [v.simple_value for _, v in _values(tmp_path)]
    assert np.isnan(values[0]) and values[1] == -np.inf


def test_purge_step_writes_file_version_and_session_start_at_that_step(tmp_path):
    with SummaryWriter(str(tmp_path), purge_step=42) as writer:
        writer.add_scalar("v", 1.0, 42)
    events = _events(tmp_path)
    assert events[1].step == 42 and events[1].file_version == "brain.Event:2"
    assert events[2].step == 42 and events[2].session_log.status == m.SESSION_START


def test_writing_after_close_opens_a_new_file(tmp_path):
    writer = SummaryWriter(str(tmp_path))
    writer.add_scalar("v", 1.0, 1)
    writer.close()
    writer.add_scalar("v", 2.0, 2)
    writer.close()
    assert len(glob.glob(str(tmp_path / "events.out.tfevents.*"))) == 2
    assert [(s, v.simple_value) for s, v in _values(tmp_path)] == [(1, 1.0), (2, 2.0)]


def test_add_scalars_writes_one_run_per_key_under_the_main_tag(tmp_path):
    with SummaryWriter(str(tmp_path)) as writer:
        writer.add_scalars("loss/total", {"train": 0.5, "val": 0.7}, 3)
        writer.add_scalars("loss/total", {"train": 0.4, "val": 0.6}, 4)
    for key, expected in (("train", [0.5, 0.4]), ("val", [0.7, 0.6])):
        values = _values(tmp_path / f"loss_total_{key}")
        assert [v.tag for _, v in values] == ["loss/total", "loss/total"]
        assert [s for s, _ in values] == [3, 4]
        assert [v.simple_value for _, v in values] == pytest.approx(expected)


def test_add_hparams_defaults_to_a_new_run_and_dot_means_this_run(tmp_path):
    with SummaryWriter(str(tmp_path)) as writer:
        writer.add_hparams({"lr": 0.1}, {"hparam/acc": 0.9}, run_name="trial")
        writer.add_hparams({"lr": 0.2}, {"hparam/acc": 0.8}, run_name=".")
    tags = [v.tag for _, v in _values(tmp_path / "trial")]
    assert tags == [
        "_hparams_/experiment",
        "_hparams_/session_start_info",
        "_hparams_/session_end_info",
        "hparam/acc",
    ]
    own = [v.tag for _, v in _values(tmp_path)]
    assert own == tags


def test_text_and_new_style_scalars_carry_their_plugin(tmp_path):
    with SummaryWriter(str(tmp_path)) as writer:
        writer.add_text("notes", "hello", 1)
        writer.add_scalar("v", 0.5, 2, new_style=True)
        writer.add_scalar("d", 0.5, 3, new_style=True, double_precision=True)
    text, scalar, double = (v for _, v in _values(tmp_path))
    assert text.tag == "notes/text_summary" and text.metadata.plugin_data.plugin_name == "text"
    assert text.tensor.string_val == [b"hello"]
    assert scalar.tensor.dtype == m.DT_FLOAT and scalar.tensor.float_val == [0.5]
    assert double.tensor.dtype == m.DT_DOUBLE and double.tensor.double_val == [0.5]


def test_tensorboardx_display_name_and_description_become_metadata(tmp_path):
    with SummaryWriter(str(tmp_path)) as writer:
        writer.add_scalar("v", 0.5, 2, display_name="Value", summary_description="what it is")
    ((_, value),) = _values(tmp_path)
    assert value.simple_value == 0.5
    assert value.metadata.display_name == "Value"
    assert value.metadata.summary_description == "what it is"


def test_embedding_files_and_projector_config(tmp_path):
    mat = np.arange(6, dtype=np.float32).reshape(3, 2) / 10
    with SummaryWriter(str(tmp_path)) as writer:
        writer.add_embedding(mat, metadata=["a", "b", "c"], label_img=np.zeros((3, 3, 4, 4)), tag="feat/x")
        writer.add_embedding(mat, global_step=7)
    assert (tmp_path / "00000/feat%2fx/tensors.tsv").read_text().splitlines()[
        1
    ] == "0.20000000298023224\t0.30000001192092896"
    assert (tmp_path / "00000/feat%2fx/metadata.tsv").read_text() == "a\nb\nc\n"
    assert (tmp_path / "00000/feat%2fx/sprite.png").read_bytes()[:4] == b"\x89PNG"
    config = (tmp_path / "projector_config.pbtxt").read_text()
    assert config == (
        "embeddings {\n"
        '  tensor_name: "feat/x:00000"\n'
        '  metadata_path: "00000/feat%2fx/metadata.tsv"\n'
        "  sprite {\n"
        '    image_path: "00000/feat%2fx/sprite.png"\n'
        "    single_image_dim: 4\n"
        "    single_image_dim: 4\n"
        "  }\n"
        '  tensor_path: "00000/feat%2fx/tensors.tsv"\n'
        "}\n"
        "embeddings {\n"
        '  tensor_name: "default:00007"\n'
        '  tensor_path: "00007/default/tensors.tsv"\n'
        "}\n"
    )


def test_add_graph_writes_graph_def_then_run_metadata_tagged_step1(tmp_path):
    torch = pytest.importorskip("torch")
    model = torch.nn.Linear(3, 2)
    with SummaryWriter(str(tmp_path)) as writer:
        writer.add_graph(model, torch.zeros(1, 3))
    events = _events(tmp_path)[1:]
    assert events[0].graph_def and m.GraphDef.decode(events[0].graph_def).node
    assert events[1].tagged_run_metadata.tag == "step1"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda w: w.add_scalar("v", "abc", 1), TypeError, "scalar_value must be numeric"),
        (lambda w: w.add_scalar("v", np.ones(3), 1), ValueError, r"scalar_value has shape \(3,\)"),
        (lambda w: w.add_histogram("h", np.array([]), 1), ValueError, "values is empty"),
        (lambda w: w.add_histogram("h", np.full(2, np.nan), 1), ValueError, "no finite number.*all 2"),
        (lambda w: w.add_image("i", np.zeros((3, 8)), 1), ValueError, "img_tensor has shape"),
        (lambda w: w.add_image("i", np.zeros((3, 8, 8)), 1, dataformats="CHX"), ValueError, "dataformats"),
        (lambda w: w.add_image("i", np.zeros((2, 8, 8)), 1), ValueError, "2 channels"),
        (lambda w: w.add_images("i", np.zeros((2, 2, 8, 8)), 1), ValueError, "2 channels"),
        (lambda w: w.add_video("v", np.zeros((1, 2, 3, 8)), 1), ValueError, "vid_tensor has shape"),
        (lambda w: w.add_audio("a", np.zeros((2, 10)), 1), ValueError, "snd_tensor has shape"),
        (lambda w: w.add_pr_curve("p", np.ones(3), np.ones(4), 1), ValueError, "labels has shape"),
        (
            lambda w: w.add_pr_curve_raw("p", [1, 2], [1, 2], [1], [1, 2], [1, 2], [1, 2], 1),
            ValueError,
            "true_negative_counts=1",
        ),
        (
            lambda w: w.add_histogram_raw("h", 0, 1, 1, 1, 1, [1, 2], [1], 1),
            ValueError,
            "bucket_limits has 2",
        ),
        (lambda w: w.add_text("t", 3, 1), TypeError, "text_string must be a str"),
        (lambda w: w.add_scalar(3, 1.0, 1), TypeError, "tag must be a str; got int 3"),
        (lambda w: w.add_hparams([1], {}), TypeError, "hparam_dict and metric_dict must be dicts"),
        (lambda w: w.add_scalars("loss", 0.3, 1), TypeError, "tag_scalar_dict must be a dict.*got float"),
        (lambda w: w.add_custom_scalars_marginchart(["a", "b"]), ValueError, "exactly 3"),
    ],
)
def test_bad_input_raises_a_one_line_error_and_leaves_the_file_valid(tmp_path, call, error, message):
    writer = SummaryWriter(str(tmp_path))
    writer.add_scalar("before", 1.0, 1)
    with pytest.raises(error, match=message) as info:
        call(writer)
    assert "\n" not in str(info.value)
    writer.add_scalar("after", 2.0, 2)
    writer.close()
    assert [v.tag for _, v in _values(tmp_path)] == ["before", "after"]


def test_add_onnx_graph_of_a_file_that_is_not_onnx_raises_and_writes_nothing(tmp_path):
    bogus = tmp_path / "model.onnx"
    bogus.write_bytes(b"\xff\xff not a protobuf")
    run = tmp_path / "run"
    with SummaryWriter(str(run)) as writer, pytest.raises(ValueError):
        writer.add_onnx_graph(str(bogus))
    assert len(_events(run)) == 1


def test_importing_the_writer_does_not_import_torch_or_pillow():
    import subprocess
    import sys

    code = "import sys, trainboard.writer; print('torch' in sys.modules, 'PIL' in sys.modules)"
    src = os.path.join(os.path.dirname(__file__), "../../../src")
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": src},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["False", "False"]
