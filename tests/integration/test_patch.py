"""`trainboard.patch()`: frameworks that build torch's or tensorboardX's writer get trainboard's.

Each test runs the framework itself (Lightning, Stable-Baselines3) on CPU for a few steps, then checks
with TensorBoard's own event reader that the files came from trainboard's writer, and with
`trainboard.read` that the framework's tags and values are there.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import trainboard

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def patched() -> Iterator[None]:
    with trainboard.patch():
        yield
    assert not trainboard._patch.is_patched()


def event_files(logdir: Path) -> list[Path]:
    return sorted(logdir.rglob("events.out.tfevents.*"))


def first_event(path: Path):  # type: ignore[no-untyped-def]
    """The file's first event, read by TensorBoard's loader (an oracle independent of trainboard)."""
    from tensorboard.backend.event_processing.event_file_loader import EventFileLoader

    return next(iter(EventFileLoader(str(path)).Load()))


def assert_written_by_trainboard(logdir: Path) -> None:
    files = event_files(logdir)
    assert files, f"no event file under {logdir}"
    writers = {first_event(path).source_metadata.writer for path in files}
    assert writers == {"trainboard"}, files


# Lightning 2.6 against torch 2.13: a deprecation inside Lightning, nothing to do with logging.
@pytest.mark.filterwarnings(r"ignore:`isinstance\(treespec, LeafSpec\)` is deprecated:FutureWarning")
def test_lightning_tensorboard_logger_writes_through_trainboard(patched: None, tmp_path: Path) -> None:
    import lightning as L  # noqa: N812 - Lightning's own spelling
    import torch
    from lightning.pytorch.loggers import TensorBoardLogger

    class Tiny(L.LightningModule):
        def __init__(self, lr: float = 0.1) -> None:
            super().__init__()
            self.save_hyperparameters()
            self.layer = torch.nn.Linear(4, 1)
            self.seen: list[tuple[int, float]] = []

        def training_step(self, batch, batch_idx):  # type: ignore[no-untyped-def]
            x, y = batch
            loss = torch.nn.functional.mse_loss(self.layer(x), y)
            self.log("train_loss", loss)
            self.seen.append((self.global_step, loss.item()))
            return loss

        def configure_optimizers(self):  # type: ignore[no-untyped-def]
            return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)

    generator = torch.Generator().manual_seed(0)
    data = torch.utils.data.TensorDataset(
        torch.randn(32, 4, generator=generator), torch.randn(32, 1, generator=generator)
    )
    model = Tiny()
    trainer = L.Trainer(
        max_steps=6,
        logger=TensorBoardLogger(str(tmp_path), name="tiny"),
        log_every_n_steps=1,
        accelerator="cpu",
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
    )
    trainer.fit(model, torch.utils.data.DataLoader(data, batch_size=4))

    assert isinstance(trainer.logger.experiment, trainboard.SummaryWriter)
    assert_written_by_trainboard(tmp_path)
    exp = trainboard.read(tmp_path)
    assert exp.runs == ["tiny/version_0"]
    loss = exp.scalar_arrays("tiny/version_0", "train_loss")
    steps, values = zip(*model.seen, strict=True)
    assert loss.step.tolist() == list(steps)
    np.testing.assert_allclose(loss.value, values, rtol=1e-6)
    # Lightning's hparams go through `_get_file_writer().add_summary(<torch protobuf>)`.
    hparams = exp.hparams()
    assert hparams["lr"].tolist() == [0.1]


def test_stable_baselines3_tensorboard_log_writes_through_trainboard(patched: None, tmp_path: Path) -> None:
    from stable_baselines3 import PPO
    from stable_baselines3.common.callbacks import BaseCallback
    from stable_baselines3.common.logger import CSVOutputFormat

    csv_path = tmp_path / "progress.csv"

    class AlsoCsv(BaseCallback):
        """SB3's own CSV output beside the TensorBoard one: the values the framework logged."""

        def _on_training_start(self) -> None:
            self.model.logger.output_formats.append(CSVOutputFormat(str(csv_path)))

        def _on_step(self) -> bool:
            return True

    logdir = tmp_path / "tb"
    model = PPO(
        "MlpPolicy", "CartPole-v1", n_steps=64, batch_size=32, n_epochs=1, seed=0, device="cpu",
        tensorboard_log=str(logdir),
    )  # fmt: skip
    model.learn(256, callback=AlsoCsv())
    model.logger.close()

    assert_written_by_trainboard(logdir)
    exp = trainboard.read(logdir)
    assert exp.runs == ["PPO_1"]
    tags = exp.tags()["PPO_1"]["scalars"]
    assert {"rollout/ep_len_mean", "train/loss", "train/value_loss", "time/fps"} <= set(tags)
    with csv_path.open() as f:
        rows = list(csv.DictReader(f))
    for tag in tags:
        expected = {int(r["time/total_timesteps"]): float(r[tag]) for r in rows if r.get(tag)}
        got = exp.scalar_arrays("PPO_1", tag)
        assert got.step.tolist() == sorted(expected), tag
        np.testing.assert_allclose(got.value, [expected[s] for s in sorted(expected)], rtol=1e-6)


def test_transformers_trainer_tensorboard_callback_writes_through_trainboard(
    patched: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("transformers", reason="transformers is not installed")
    import torch
    from transformers import BertConfig, BertForSequenceClassification, Trainer, TrainingArguments

    logdir = tmp_path / "tb"
    monkeypatch.setenv("TENSORBOARD_LOGGING_DIR", str(logdir))
    torch.manual_seed(0)
    # A randomly initialised BERT of a few hundred weights: nothing is downloaded.
    config = BertConfig(
        vocab_size=32, hidden_size=8, num_hidden_layers=1, num_attention_heads=1, intermediate_size=8,
        max_position_embeddings=16, num_labels=2,
    )  # fmt: skip
    data = [{"input_ids": torch.randint(0, 32, (6,)), "labels": torch.tensor(i % 2)} for i in range(16)]
    args = TrainingArguments(
        output_dir=str(tmp_path / "out"), report_to=["tensorboard"], logging_steps=1, max_steps=4,
        per_device_train_batch_size=4, use_cpu=True, save_strategy="no", disable_tqdm=True,
    )  # fmt: skip
    trainer = Trainer(model=BertForSequenceClassification(config), args=args, train_dataset=data)
    trainer.train()

    assert_written_by_trainboard(logdir)
    exp = trainboard.read(logdir)
    assert exp.runs == ["."]
    logged = {e["step"]: e["loss"] for e in trainer.state.log_history if "loss" in e}
    loss = exp.scalar_arrays(".", "train/loss")
    assert loss.step.tolist() == sorted(logged) == [1, 2, 3, 4]
    np.testing.assert_allclose(loss.value, [logged[s] for s in sorted(logged)], rtol=1e-6)
    # torch names a text tag `<tag>/text_summary`; trainboard's writer does the same.
    assert {"args/text_summary", "model_config/text_summary"} <= set(exp.tags()["."]["text"])


def test_accelerate_tensorboard_tracker_writes_through_trainboard(patched: None, tmp_path: Path) -> None:
    pytest.importorskip("accelerate", reason="accelerate is not installed")
    from accelerate import Accelerator

    accelerator = Accelerator(log_with="tensorboard", project_dir=str(tmp_path), cpu=True)
    accelerator.init_trackers("exp", config={"lr": 0.1, "optimizer": "adam"})
    for step in range(5):
        accelerator.log({"loss": 1.0 / (step + 1), "lr": 0.1}, step=step)
    accelerator.end_training()

    assert_written_by_trainboard(tmp_path / "exp")
    exp = trainboard.read(tmp_path / "exp")
    loss = exp.scalar_arrays(".", "loss")
    assert loss.step.tolist() == [0, 1, 2, 3, 4]
    np.testing.assert_allclose(loss.value, [1.0 / (s + 1) for s in range(5)], rtol=1e-6)
    hparams = exp.hparams()
    assert hparams["lr"].tolist() == [0.1] and hparams["optimizer"].tolist() == ["adam"]


def test_ignite_tensorboard_logger_writes_through_trainboard(patched: None, tmp_path: Path) -> None:
    # ignite prefers tensorboardX's writer: this is the tensorboardX path through a framework.
    import torch
    from ignite.engine import Engine, Events
    from ignite.handlers.tensorboard_logger import OutputHandler, TensorboardLogger

    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    generator = torch.Generator().manual_seed(0)
    batches = [
        (torch.randn(4, 3, generator=generator), torch.randn(4, 1, generator=generator)) for _ in range(8)
    ]
    seen: list[float] = []

    def train_step(engine: Engine, batch: tuple[torch.Tensor, torch.Tensor]) -> float:
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(batch[0]), batch[1])
        loss.backward()
        optimizer.step()
        seen.append(loss.item())
        return loss.item()

    trainer = Engine(train_step)
    tb_logger = TensorboardLogger(log_dir=str(tmp_path))
    tb_logger.attach(
        trainer,
        log_handler=OutputHandler(tag="training", output_transform=lambda loss: {"loss": loss}),
        event_name=Events.ITERATION_COMPLETED,
    )
    trainer.run(batches, max_epochs=1)
    tb_logger.close()

    assert isinstance(tb_logger.writer, trainboard.SummaryWriter)
    assert_written_by_trainboard(tmp_path)
    loss = trainboard.read(tmp_path).scalar_arrays(".", "training/loss")
    assert loss.step.tolist() == list(range(1, 9))
    np.testing.assert_allclose(loss.value, seen, rtol=1e-6)


@pytest.mark.parametrize(
    ("module", "make"),
    [
        ("torch.utils.tensorboard", "module.SummaryWriter(str(logdir))"),
        ("torch.utils.tensorboard", "module.FileWriter(str(logdir))"),
        ("tensorboardX", "module.SummaryWriter(str(logdir))"),
        ("tensorboardX", "module.SummaryWriter(logdir=str(logdir), flush_secs=1)"),
        ("tensorboardX", "module.FileWriter(logdir=str(logdir))"),
        ("tensorboardX.event_file_writer", "module.EventFileWriter(str(logdir), max_queue_size=5)"),
        ("tensorboard.summary.writer.event_file_writer", "module.EventFileWriter(str(logdir))"),
    ],
)
def test_each_patched_class_writes_a_trainboard_file_that_reads_back(
    patched: None, tmp_path: Path, module: str, make: str
) -> None:
    import importlib

    from tensorboard.compat.proto import event_pb2, summary_pb2

    logdir = tmp_path / "run"
    writer = eval(make, {"module": importlib.import_module(module), "logdir": logdir})
    assert type(writer).__module__ == "trainboard._patch"
    value = summary_pb2.Summary.Value(tag="loss", simple_value=0.5)
    if hasattr(writer, "add_scalar"):
        writer.add_scalar("loss", 0.5, 7)
    elif hasattr(writer, "add_summary"):
        writer.add_summary(summary_pb2.Summary(value=[value]), 7)
    else:
        writer.add_event(event_pb2.Event(step=7, wall_time=1.0, summary=summary_pb2.Summary(value=[value])))
    writer.close()

    assert_written_by_trainboard(logdir)
    loss = trainboard.read(logdir).scalar_arrays(".", "loss")
    assert (loss.step.tolist(), loss.value.tolist()) == ([7], [0.5])


def test_patch_is_idempotent_and_unpatch_restores_the_originals(tmp_path: Path) -> None:
    from torch.utils.tensorboard import FileWriter, SummaryWriter

    first = trainboard.patch()
    second = trainboard.patch()
    with second:  # entered while already patched: leaves the patch on at exit
        pass
    patched_writer = SummaryWriter(str(tmp_path / "a"))
    trainboard.unpatch()
    trainboard.unpatch()
    plain = SummaryWriter(str(tmp_path / "b"))
    plain_file = FileWriter(str(tmp_path / "c"))
    with first:
        pass
    try:
        assert isinstance(patched_writer, trainboard.SummaryWriter)
        assert type(plain) is SummaryWriter
        assert type(plain_file) is FileWriter
        assert first_event(event_files(tmp_path / "b")[0]).source_metadata.writer != "trainboard"
    finally:
        for writer in (patched_writer, plain, plain_file):
            writer.close()


def test_a_with_block_undoes_its_patch(tmp_path: Path) -> None:
    from torch.utils.tensorboard import SummaryWriter

    with trainboard.patch():
        inside = SummaryWriter(str(tmp_path / "in"))
    outside = SummaryWriter(str(tmp_path / "out"))
    inside.close()
    outside.close()
    assert isinstance(inside, trainboard.SummaryWriter)
    assert not isinstance(outside, trainboard.SummaryWriter)


def test_patch_reaches_classes_imported_before_it_and_modules_imported_after_it(tmp_path: Path) -> None:
    # A fresh interpreter: torch's writer is imported before patch(), tensorboardX's only after it.
    script = textwrap.dedent(
        f"""
        import sys
        from torch.utils.tensorboard import SummaryWriter as Early
        assert "tensorboardX" not in sys.modules
        import trainboard
        trainboard.patch()
        import tensorboardX, tensorboardX.writer
        early, late = Early({str(tmp_path / "torch")!r}), tensorboardX.SummaryWriter({str(tmp_path / "x")!r})
        for writer in (early, late):
            writer.add_scalar("loss", 1.5, 2)
            writer.close()
            print(isinstance(writer, trainboard.SummaryWriter))
        print(type(tensorboardX.writer.__loader__).__name__)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "SourceFileLoader"]
    for run in ("torch", "x"):
        assert_written_by_trainboard(tmp_path / run)
        assert trainboard.read(tmp_path / run).scalar_arrays(".", "loss").value.tolist() == [1.5]


def test_a_subclass_keeps_its_methods_and_writes_through_trainboards_file_writer(
    patched: None, tmp_path: Path
) -> None:
    from torch.utils.tensorboard import SummaryWriter

    class Mine(SummaryWriter):
        def add_loss(self, value: float, step: int) -> None:
            self.add_scalar("loss", value, step)

    writer = Mine(str(tmp_path))
    writer.add_loss(0.25, 3)
    writer.close()
    assert type(writer) is Mine
    assert_written_by_trainboard(tmp_path)
    assert trainboard.read(tmp_path).scalar_arrays(".", "loss").value.tolist() == [0.25]


def test_patch_imports_neither_torch_nor_tensorboardx() -> None:
    code = (
        "import sys, trainboard; trainboard.patch(); "
        "print(sorted(m for m in ('torch', 'tensorboardX', 'tensorboard') if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
