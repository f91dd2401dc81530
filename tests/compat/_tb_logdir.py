"""One logdir covering every `/data/` route, written by torch, tensorboardX and TensorBoard's own
summary protos (no TensorFlow), for the route-by-route comparison with a real TensorBoard."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

WALL = 1_700_000_000.0
# Markdown with HTML that must be escaped, a table and a link whose script URL must be dropped.
DESCRIPTION = (
    "**fraction** right <script>alert(1)</script> [docs](javascript:alert(2)) [ok](https://x.org)\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |"
)


def write_logdir(root: Path) -> None:
    _torch_run(root / "torch")
    _tensorboardx_run(root / "tbx")
    _tf2_run(root / "tf2")
    _hparams_runs(root / "hp")
    _graph_run(root / "graph")


def _graph_run(logdir: Path) -> None:
    import torch
    from torch.utils.tensorboard import SummaryWriter

    from tests.compat._graph_models import SmallCNN

    with SummaryWriter(str(logdir)) as w:
        w.add_graph(SmallCNN(), torch.zeros(1, 3, 16, 16))


def _torch_run(logdir: Path) -> None:
    from torch.utils.tensorboard import SummaryWriter

    with SummaryWriter(str(logdir)) as w:
        for step, value in enumerate([1.0, math.nan, math.inf, -math.inf, 0.1]):
            w.add_scalar("loss", value, step, walltime=WALL + step)
        w.add_scalar("loss", 7.0, 4, walltime=WALL + 9)  # a repeated step
        w.add_scalar("new_style", 2.5, 1, walltime=WALL, new_style=True)
        rng = np.random.default_rng(0)
        for step in range(3):
            w.add_histogram("weights", rng.normal(size=200) + step, step, walltime=WALL + step)
        w.add_histogram("constant", np.full(10, 3.0), 0, walltime=WALL)
        w.add_text("notes", "hello **world** <b>bold</b>", 1, walltime=WALL)
        for step in range(2):
            w.add_image("img", np.full((3, 4, 4), step / 2), step, walltime=WALL + step)
        w.add_images("batch", np.zeros((2, 3, 4, 4)), 0, walltime=WALL)
        w.add_audio("snd", np.sin(np.arange(800) / 10.0) * 0.5, 1, sample_rate=8000, walltime=WALL)
        labels = np.array([1, 0, 1, 1, 0, 1])
        predictions = np.array([0.9, 0.1, 0.6, 0.3, 0.4, 0.8])
        for step in range(2):
            w.add_pr_curve("pr", labels, predictions, step, num_thresholds=11, walltime=WALL + step)
        w.add_custom_scalars(
            {"Training": {"loss": ["Multiline", ["loss", "new_.*"]], "band": ["Margin", ["a", "b", "c"]]}}
        )


def _tensorboardx_run(logdir: Path) -> None:
    import tensorboardX

    with tensorboardX.SummaryWriter(str(logdir)) as w:
        for step in range(4):
            w.add_scalar("reward", float(step * step), step, walltime=WALL + step)
        w.add_text("table", "| x | y |\n|---|---|\n| 1 | 2 |", 0, walltime=WALL)
        w.add_histogram("acts", np.arange(100.0), 0, walltime=WALL)


def _tf2_run(logdir: Path) -> None:
    """What TF2's `tf.summary` writes (Keras, Flax, CLU): tensors with plugin metadata, no display name."""
    from tensorboard.plugins.histogram import metadata as histogram_metadata
    from tensorboard.plugins.scalar import metadata as scalar_metadata
    from tensorboard.plugins.text import metadata as text_metadata

    with _EventWriter(logdir) as w:
        plain = scalar_metadata.create_summary_metadata(display_name=None, description=DESCRIPTION)
        named = scalar_metadata.create_summary_metadata(display_name="Nice name", description="")
        for step in range(3):
            w.add("accuracy", plain, np.float32(0.5 + step / 10), step)
            w.add("named", named, np.float32(step), step)
        w.add("diverged", plain, np.float32(math.nan), 0)
        hist = histogram_metadata.create_summary_metadata(display_name=None, description=DESCRIPTION)
        w.add("tf_hist", hist, np.array([[0.0, 1.0, 3.0], [1.0, 2.0, 5.0]]), 0)
        text = text_metadata.create_summary_metadata(display_name=None, description="*text*")
        w.add("doc", text, np.array("# Title\n\nbody"), 0)
        w.add("grid", text, np.array([["a", "**b**"], ["c", "d"]]), 0)
        w.add("cube", text, np.array([[["x"]], [["y"]]]), 0)
        # `tf.summary.write` / Flax's `write`: a tensor with no plugin metadata.
        from tensorboard.compat.proto import summary_pb2

        w.add("raw_tensor", summary_pb2.SummaryMetadata(), np.arange(3, dtype=np.float32), 0)


def _hparams_runs(root: Path) -> None:
    from tensorboard.plugins.hparams import summary_v2 as hp
    from torch.utils.tensorboard import SummaryWriter

    lr = hp.HParam("lr", hp.RealInterval(0.0001, 1.0), display_name="learning rate", description="*step*")
    opt = hp.HParam("opt", hp.Discrete(["adam", "sgd"]))
    layers = hp.HParam("layers", hp.IntInterval(1, 8))
    metrics = [
        hp.Metric("loss", group="validation", display_name="val loss", description="**lower**"),
        hp.Metric("loss", group="train"),
        hp.Metric("acc"),
    ]
    with _EventWriter(root) as w:
        w.add_summary(hp.hparams_config_pb(hparams=[lr, opt, layers], metrics=metrics, time_created_secs=5))
    for i in range(3):
        run = root / f"run{i}"
        with _EventWriter(run) as w:
            values = {lr: 0.1**i, opt: ["adam", "sgd"][i % 2], layers: i + 1}
            w.add_summary(hp.hparams_pb(values, trial_id=f"trial{i}", start_time_secs=100.0 + i))
        with SummaryWriter(str(run)) as sw:
            sw.add_scalar("acc", 0.5 + i / 10, 3, walltime=WALL + 3)
        for group in ("train", "validation"):
            with SummaryWriter(str(run / group)) as sw:
                for step in range(4):
                    sw.add_scalar(
                        "loss", (i + 1) / (step + 1) + (group == "train"), step, walltime=WALL + step
                    )


ADD_HPARAMS_TRIALS = 5


def write_add_hparams_trials(root: Path) -> None:
    """torch's and tensorboardX's `add_hparams`: each trial is a run with its own experiment."""
    import tensorboardX
    from torch.utils.tensorboard import SummaryWriter

    domains = {"optimizer": ["sgd", "adam"]}
    with SummaryWriter(str(root / "torch")) as w:
        for i in range(3):
            hparams = {"lr": 10.0**-i, "optimizer": ["sgd", "adam"][i % 2], "bn": i % 2 == 0}
            w.add_hparams(
                hparams,
                {"accuracy": 0.5 + i / 20, "loss": math.nan if i == 2 else 1 / (i + 1)},
                domains,
                run_name=f"trial{i}",
            )
    with tensorboardX.SummaryWriter(str(root / "tbx")) as w:
        for i in range(2):
            w.add_hparams({"lr": 0.1 / (i + 1), "arch": f"net{i}"}, {"accuracy": 0.6 + i / 10}, name=f"t{i}")


class _EventWriter:
    """TensorBoard's own event file writer, fed `Summary` protos built without TensorFlow."""

    def __init__(self, logdir: Path) -> None:
        from tensorboard.summary.writer.event_file_writer import EventFileWriter

        self._writer = EventFileWriter(str(logdir))

    def __enter__(self) -> _EventWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._writer.close()

    def add(self, tag: str, metadata: object, value: np.ndarray, step: int) -> None:
        from tensorboard.compat.proto import summary_pb2
        from tensorboard.util import tensor_util

        tensor = tensor_util.make_tensor_proto(value)
        summary = summary_pb2.Summary(
            value=[summary_pb2.Summary.Value(tag=tag, metadata=metadata, tensor=tensor)]
        )
        self.add_summary(summary, step)

    def add_summary(self, summary: object, step: int = 0) -> None:
        from tensorboard.compat.proto import event_pb2

        self._writer.add_event(event_pb2.Event(wall_time=WALL + step, step=step, summary=summary))
