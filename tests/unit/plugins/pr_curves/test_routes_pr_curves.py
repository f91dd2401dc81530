"""PR curves over HTTP: every step's curve, thresholds from the tensor width, empty tail trimmed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from trainboard import SummaryWriter
from trainboard.errors import InvalidArgumentError
from trainboard.plugins.pr_curves.routes import pr_curve_entry, pr_curves_impl
from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings
from trainboard.store import read


def write_curves(logdir: Path) -> None:
    rng = np.random.default_rng(0)
    with SummaryWriter(str(logdir / "run")) as w:
        for step in range(3):
            labels = rng.integers(0, 2, 200)
            # Predictions stay below 0.6, so thresholds above it call nothing positive.
            preds = np.clip(labels * 0.3 + rng.random(200) * 0.3, 0, 0.59)
            w.add_pr_curve("val/pr", labels, preds, step, num_thresholds=11)


def test_every_step_is_returned_with_its_counts(tmp_path: Path) -> None:
    write_curves(tmp_path)
    out = pr_curves_impl(read(tmp_path), "run", "val/pr")
    assert out["total"] == 3
    assert [c["step"] for c in out["curves"]] == [0, 1, 2]
    first = out["curves"][0]
    assert first["fn"][0] == 0  # threshold 0 calls everything positive
    assert first["recall"][0] == pytest.approx(1.0)
    assert first["tp"][0] + first["fp"][0] + first["tn"][0] + first["fn"][0] == pytest.approx(200)


def test_thresholds_where_nothing_is_predicted_positive_are_trimmed(tmp_path: Path) -> None:
    write_curves(tmp_path)
    curve = pr_curves_impl(read(tmp_path), "run", "val/pr")["curves"][-1]
    assert curve["thresholds"].tolist() == pytest.approx([0.0, 0.1, 0.2, 0.3, 0.4, 0.5])
    assert len(curve["precision"]) == len(curve["recall"]) == len(curve["tn"]) == 6


def test_thresholds_follow_the_tensor_width_not_num_thresholds(tmp_path: Path) -> None:
    with SummaryWriter(str(tmp_path)) as w:
        ones = np.ones(5)
        w.add_pr_curve_raw("raw", ones * 4, ones, ones, ones, ones * 0.8, ones * 0.8, 0, num_thresholds=127)
    curve = pr_curves_impl(read(tmp_path), ".", "raw")["curves"][0]
    assert curve["thresholds"].tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]


def test_a_curve_with_no_positive_predictions_is_empty_not_an_error() -> None:
    zeros = np.zeros((6, 4))
    entry = pr_curve_entry(zeros)
    assert entry["thresholds"].size == 0 and entry["precision"].size == 0


def test_a_tensor_of_the_wrong_shape_says_what_shape_is_expected() -> None:
    with pytest.raises(InvalidArgumentError, match=r"\[6, N\]"):
        pr_curve_entry(np.zeros((5, 3)))


def test_route_answers_json_and_404s_an_unknown_tag(tmp_path: Path) -> None:
    write_curves(tmp_path)
    client = TestClient(
        create_app(read(tmp_path), ServerSettings(logdir=str(tmp_path), api_only=True)),
        base_url="http://localhost",
    )
    body = client.get("/api/pr_curves", params={"run": "run", "tag": "val/pr"}).json()
    assert body["curves"][2]["step"] == 2 and len(body["curves"][2]["precision"]) == 6
    missing = client.get("/api/pr_curves", params={"run": "run", "tag": "nope"})
    assert missing.status_code == 404 and "error" in missing.json()


def test_samples_cap_keeps_the_first_and_the_newest_step(tmp_path: Path) -> None:
    write_curves(tmp_path)
    out = pr_curves_impl(read(tmp_path), "run", "val/pr", cap=2)
    assert [c["step"] for c in out["curves"]] == [0, 2]
    assert out["total"] == 3


def test_curves_written_by_torch_read_the_same_as_trainboards(tmp_path: Path) -> None:
    from torch.utils.tensorboard import SummaryWriter as TorchWriter

    labels = np.array([0, 1, 1, 0, 1, 0, 1, 1])
    preds = np.array([0.1, 0.9, 0.6, 0.4, 0.35, 0.05, 0.8, 0.7])
    for run, writer_class in (("torch", TorchWriter), ("trainboard", SummaryWriter)):
        with writer_class(str(tmp_path / run)) as w:
            w.add_pr_curve("pr", labels, preds, 7, num_thresholds=21)
    exp = read(tmp_path)
    ours, theirs = (pr_curves_impl(exp, run, "pr")["curves"][0] for run in ("trainboard", "torch"))
    assert theirs["step"] == 7
    for key in ("thresholds", "tp", "fp", "tn", "fn", "precision", "recall"):
        np.testing.assert_array_equal(ours[key], theirs[key])
    assert theirs["thresholds"][-1] == pytest.approx(0.9)  # nothing scores above 0.9
