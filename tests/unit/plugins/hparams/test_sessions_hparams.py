"""Sessions from hparams plugin data of torch, Lightning-style writers, tensorboardX and TF hparams_api."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from trainboard.errors import InvalidArgumentError
from trainboard.plugins.hparams.sessions import hparams_frame, read_hparams
from trainboard.store import read

torch_tb = pytest.importorskip("torch.utils.tensorboard")
from tensorboard.plugins.hparams import summary_v2 as tf_hp  # noqa: E402
from torch.utils.tensorboard.summary import hparams as torch_hparams_summary  # noqa: E402


def load(logdir: Path) -> Any:
    return read(str(logdir))


def _torch_trials(logdir: Path) -> None:
    trials = [
        ({"lr": 0.1, "optimizer": "sgd", "batch": 32, "use_bn": True}, {"accuracy": 0.7, "loss": 0.9}),
        ({"lr": 0.01, "optimizer": "adam", "batch": 64, "use_bn": False}, {"accuracy": 0.9, "loss": 0.3}),
        ({"lr": 0.001, "optimizer": "adam", "batch": 32, "use_bn": True}, {"accuracy": 0.8, "loss": 0.5}),
    ]
    domains = {"optimizer": ["sgd", "adam", "rmsprop"], "batch": [32, 64, 128]}
    with torch_tb.SummaryWriter(str(logdir)) as writer:
        for i, (hparams, metrics) in enumerate(trials):
            writer.add_hparams(hparams, metrics, hparam_domain_discrete=domains, run_name=f"trial{i}")


def _lightning_style(logdir: Path, losses: list[float], params: dict[str, Any]) -> None:
    # As Lightning's TensorBoardLogger.log_hyperparams: an hp_metric placeholder, then three summaries.
    with torch_tb.SummaryWriter(str(logdir)) as writer:
        writer.add_scalar("hp_metric", -1, 0)
        for summary in torch_hparams_summary(params, {"hp_metric": -1}):
            writer.file_writer.add_summary(summary)
        for step, loss in enumerate(losses):
            writer.add_scalar("val_loss", loss, step)
        writer.add_scalar("hp_metric", min(losses), len(losses))


def test_each_torch_trial_is_one_session_with_its_hparams_and_metrics(tmp_path: Path) -> None:
    _torch_trials(tmp_path)
    data = read_hparams(load(tmp_path))
    assert [s.run for s in data.sessions] == ["trial0", "trial1", "trial2"]
    second = data.sessions[1]
    assert second.hparams == {"lr": 0.01, "optimizer": "adam", "batch": 64.0, "use_bn": 0.0}
    assert second.metrics["accuracy"].last == pytest.approx(0.9)
    assert second.metrics["loss"].last == pytest.approx(0.3)
    assert {s.status for s in data.sessions} == {"success"}
    assert all(s.start_time is not None and s.start_time > 1e9 for s in data.sessions)


def test_torch_discrete_domains_and_types_are_kept(tmp_path: Path) -> None:
    _torch_trials(tmp_path)
    infos = {h.name: h for h in read_hparams(load(tmp_path)).hparams}
    assert infos["optimizer"].type == "string"
    assert infos["optimizer"].values == ("sgd", "adam", "rmsprop")
    assert infos["batch"].values == (32.0, 64.0, 128.0)
    # torch writes bools as numbers 1.0/0.0 (bool is an int); TensorBoard shows them so too.
    assert infos["use_bn"].type == "number"
    assert infos["lr"].interval == (0.001, 0.1)
    assert all(h.differs for h in infos.values())
    assert [m.key for m in read_hparams(load(tmp_path)).metrics] == ["accuracy", "loss"]


def test_trials_with_different_hparams_are_all_columns(tmp_path: Path) -> None:
    with torch_tb.SummaryWriter(str(tmp_path)) as writer:
        writer.add_hparams({"lr": 0.1}, {"loss": 1.0}, run_name="a")
        writer.add_hparams({"lr": 0.2, "dropout": 0.5}, {"loss": 2.0, "acc": 0.4}, run_name="b")
    data = read_hparams(load(tmp_path))
    assert [h.name for h in data.hparams] == ["lr", "dropout"]
    assert {m.key for m in data.metrics} == {"loss", "acc"}
    assert "dropout" not in data.sessions[0].hparams
    assert "acc" not in data.sessions[0].metrics


def test_lightning_style_session_reads_metric_last_min_and_max(tmp_path: Path) -> None:
    _lightning_style(tmp_path / "version_0", [0.9, 0.4, 0.6], {"lr": 0.02, "model": "resnet"})
    data = read_hparams(load(tmp_path))
    [session] = data.sessions
    assert session.run == "version_0"
    hp_metric = session.metrics["hp_metric"]
    assert (hp_metric.last, hp_metric.min, hp_metric.max) == (pytest.approx(0.4), -1.0, pytest.approx(0.4))
    assert hp_metric.step == 3
    assert [m.key for m in data.metrics] == ["hp_metric"]


def test_tensorboardx_bools_stay_bools(tmp_path: Path) -> None:
    tbx = pytest.importorskip("tensorboardX")
    with tbx.SummaryWriter(str(tmp_path)) as writer:
        writer.add_hparams({"augment": True, "lr": 0.1}, {"acc": 0.5}, name="t0")
        writer.add_hparams({"augment": False, "lr": 0.1}, {"acc": 0.6}, name="t1")
    data = read_hparams(load(tmp_path))
    infos = {h.name: h for h in data.hparams}
    assert infos["augment"].type == "bool"
    assert set(infos["augment"].values or ()) == {True, False}
    assert not infos["lr"].differs
    assert [s.hparams["augment"] for s in data.sessions] == [True, False]


def _tf_hparams_api(logdir: Path, *, with_config: bool) -> None:
    lr = tf_hp.HParam("lr", tf_hp.RealInterval(0.0001, 1.0), display_name="learning rate")
    opt = tf_hp.HParam("opt", tf_hp.Discrete(["adam", "sgd"]))
    if with_config:
        config = tf_hp.hparams_config_pb(
            hparams=[lr, opt], metrics=[tf_hp.Metric("loss", group="validation")]
        )
        with torch_tb.SummaryWriter(str(logdir)) as writer:
            writer.file_writer.add_summary(config)
    for i, (rate, name) in enumerate([(0.1, "adam"), (0.01, "sgd")]):
        with torch_tb.SummaryWriter(str(logdir / f"run{i}")) as writer:
            writer.file_writer.add_summary(
                tf_hp.hparams_pb({lr: rate, opt: name}, start_time_secs=1000.0 + i)
            )
        with torch_tb.SummaryWriter(str(logdir / f"run{i}" / "validation")) as writer:
            for step in range(3):
                writer.add_scalar("loss", 1.0 / (step + 1 + i), step)


def test_tf_hparams_api_metric_in_a_group_run(tmp_path: Path) -> None:
    _tf_hparams_api(tmp_path, with_config=True)
    data = read_hparams(load(tmp_path))
    assert [s.run for s in data.sessions] == ["run0", "run1"]
    assert [(m.group, m.tag, m.key) for m in data.metrics] == [("validation", "loss", "validation/loss")]
    assert data.sessions[1].metrics["validation/loss"].last == pytest.approx(1 / 4)
    assert data.sessions[1].start_time == 1001.0
    # No end info was written: the trial may still be going.
    assert data.sessions[0].status == "unknown"
    infos = {h.name: h for h in data.hparams}
    assert infos["lr"].display_name == "learning rate"
    assert infos["lr"].interval == (0.0001, 1.0)
    assert infos["opt"].values == ("adam", "sgd")


def test_metrics_are_inferred_from_session_scalars_without_an_experiment(tmp_path: Path) -> None:
    _tf_hparams_api(tmp_path, with_config=False)
    data = read_hparams(load(tmp_path))
    assert [m.key for m in data.metrics] == ["validation/loss"]
    assert {h.name: h.type for h in data.hparams} == {"lr": "number", "opt": "string"}
    assert data.sessions[0].metrics["validation/loss"].min == pytest.approx(1 / 3)


def test_no_hparams_data_gives_no_sessions(tmp_path: Path) -> None:
    with torch_tb.SummaryWriter(str(tmp_path)) as writer:
        writer.add_scalar("loss", 1.0, 0)
    assert read_hparams(load(tmp_path)).sessions == ()


def test_hparams_frame_has_one_row_per_session_and_selectable_metric_value(tmp_path: Path) -> None:
    for name, losses in [("a", [0.9, 0.2, 0.5]), ("b", [0.8, 0.7, 0.6])]:
        _lightning_style(tmp_path / name, losses, {"lr": 0.1 if name == "a" else 0.2})
    store = load(tmp_path)
    frame = hparams_frame(store)
    assert list(frame.columns) == ["run", "lr", "hp_metric", "status", "start_time"]
    assert frame["run"].tolist() == ["a", "b"]
    assert frame["hp_metric"].tolist() == pytest.approx([0.2, 0.6])
    assert hparams_frame(store, metric_value="max")["hp_metric"].tolist() == pytest.approx([0.2, 0.6])
    assert hparams_frame(store, metric_value="min")["hp_metric"].tolist() == [-1.0, -1.0]


def test_hparams_frame_rejects_an_unknown_metric_value(tmp_path: Path) -> None:
    _torch_trials(tmp_path)
    with pytest.raises(InvalidArgumentError, match="last, min, max"):
        hparams_frame(load(tmp_path), metric_value="mean")  # type: ignore[arg-type]


def test_metric_named_like_an_hparam_gets_its_own_column(tmp_path: Path) -> None:
    with torch_tb.SummaryWriter(str(tmp_path)) as writer:
        writer.add_hparams({"lr": 0.1}, {"lr": 0.05}, run_name="t")
    frame = hparams_frame(load(tmp_path))
    assert frame.loc[0, "lr"] == 0.1
    assert frame.loc[0, "metric:lr"] == pytest.approx(0.05)


def test_nan_metric_points_do_not_hide_the_extremes(tmp_path: Path) -> None:
    with torch_tb.SummaryWriter(str(tmp_path / "t")) as writer:
        for summary in torch_hparams_summary({"lr": 0.1}, {"loss": 0}):
            writer.file_writer.add_summary(summary)
        for step, loss in enumerate([2.0, math.nan, 1.0, math.nan]):
            writer.add_scalar("loss", loss, step)
    [session] = read_hparams(load(tmp_path)).sessions
    loss = session.metrics["loss"]
    assert (loss.min, loss.max, loss.count) == (1.0, 2.0, 4)
    assert math.isnan(loss.last)


def test_trials_that_disagree_on_a_type_share_a_string_column(tmp_path: Path) -> None:
    with torch_tb.SummaryWriter(str(tmp_path)) as writer:
        writer.add_hparams({"lr": 0.1}, {"loss": 1.0}, run_name="a")
        writer.add_hparams({"lr": "auto"}, {"loss": 2.0}, run_name="b")
    [lr] = read_hparams(load(tmp_path)).hparams
    assert lr.type == "string"
    assert set(lr.values or ()) == {0.1, "auto"}
