"""Hyperparameters per dashboard run: torch trial sub-runs fold into their parent; hparams.yaml is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainboard.plugins.hparams.sessions import parse_hparams_file, run_hparams, trial_parent
from trainboard.store import read


@pytest.fixture(scope="module")
def torch_trials(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from torch.utils.tensorboard import SummaryWriter

    logdir = tmp_path_factory.mktemp("trials")
    for i in range(3):
        with SummaryWriter(str(logdir / f"trial_{i}")) as w:
            w.add_scalar("loss", 1.0 / (i + 1), 0)
            w.add_hparams({"lr": 0.1 * (i + 1), "opt": "adam"}, {"hparam/acc": 0.5 + i / 10})
    return logdir


def test_torch_trial_sub_runs_fold_into_their_parent(torch_trials: Path) -> None:
    exp = read(str(torch_trials))
    subs = [r for r in exp.runs if "/" in r]
    assert len(subs) == 3  # trainboard.read still lists every sub-run, as TensorBoard does
    data = run_hparams(exp)
    assert set(data.parents.values()) == {"trial_0", "trial_1", "trial_2"}
    assert set(data.parents) == set(subs)
    assert data.hparams["trial_1"] == {"lr": pytest.approx(0.2), "opt": "adam"}
    assert data.metrics["trial_2"]["hparam/acc"] == pytest.approx(0.7)
    assert not set(subs) & set(data.hparams)


def test_a_sub_run_with_more_than_hparams_and_scalars_is_a_run_of_its_own() -> None:
    runs = {"a", "a/1796169562.3120432", "a/eval"}
    assert trial_parent("a/1796169562.3120432", runs, ["hparams", "scalars"]) == "a"
    assert trial_parent("a/1796169562.3120432", runs, ["hparams", "images"]) is None
    assert trial_parent("a/eval", runs, ["hparams"]) is None
    assert trial_parent("b/1796169562.3", runs, ["hparams"]) is None


def test_hparams_yaml_beside_the_event_files_is_read(tmp_path: Path) -> None:
    from trainboard import SummaryWriter

    for name, text in [
        ("lit", "lr: 0.001\nmodel:\n  layers: 4\n  act: relu\nbatch: null\n"),
        ("acc", "seed: 7\n"),
    ]:
        with SummaryWriter(str(tmp_path / name)) as w:
            w.add_scalar("loss", 1.0, 0)
        (tmp_path / name / ("hparams.yaml" if name == "lit" else "hparams.yml")).write_text(text)
    with SummaryWriter(str(tmp_path / "bad")) as w:
        w.add_scalar("loss", 1.0, 0)
    (tmp_path / "bad" / "hparams.yaml").write_text("{unclosed: [")
    data = run_hparams(read(str(tmp_path)))
    assert data.hparams["lit"] == {"lr": 0.001, "model.layers": 4.0, "model.act": "relu"}
    assert data.hparams["acc"] == {"seed": 7.0}
    assert "bad" not in data.hparams


def test_parse_hparams_file_never_raises_on_hostile_bytes() -> None:
    assert parse_hparams_file(None) == {}
    assert parse_hparams_file(b"\xff\xfe\x00garbage: [") == {}
    assert parse_hparams_file(b"- a list\n- not a mapping\n") == {}
    assert parse_hparams_file(b"!!python/object:os.system ls") == {}
    assert parse_hparams_file(b"tags: [a, b]\nflag: true\n") == {"tags": "['a', 'b']", "flag": True}
