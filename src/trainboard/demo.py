"""`trainboard demo`: writes a logdir with one of every kind of data, keeps one run growing, and serves it.

    trainboard demo                        # temp folder, live appends, dashboard on the default port
    trainboard demo --no-serve --out DIR   # write once and exit

Everything is made with numpy and trainboard's own `SummaryWriter` (no torch, no network), so a
new user sees a full dashboard a few seconds after `pip install`.
"""

from __future__ import annotations

import argparse
import math
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from trainboard.events.messages import (
    DT_FLOAT,
    AttrValue,
    Event,
    GraphDef,
    NodeDef,
    TensorShapeProto,
    VersionDef,
)
from trainboard.writer import SummaryWriter

STEPS = 2000  # scalar points per run: more than TensorBoard's 1,000-point sample, so the spike matters
SPIKE_STEP = 1234  # where the loss of every run jumps for one step, as after a bad batch
MEDIA_EVERY = 250  # steps between histograms, images and PR curves
SECONDS_PER_STEP = 0.5  # pretend wall time, so the "relative" and "wall" axes read like a real run
LIVE_INTERVAL = 1.0  # seconds between appends to the live run
LIVE_STEPS_PER_TICK = 5


@dataclass(frozen=True)
class DemoRun:
    """One training run of the demo: its name and the hyperparameters that shape its curves."""

    name: str
    optimizer: str
    lr: float
    dropout: float

    @property
    def speed(self) -> float:
        # How fast the loss falls: a made-up function of the hyperparameters, so hparams views differ.
        base = {"adam": 1.0, "sgd": 0.55}[self.optimizer]
        return base * (1.0 + 3.0 * math.log10(self.lr / 1e-4) / 2.0) * (1.0 - self.dropout / 2)


RUNS = (
    DemoRun("adam_lr3e-4", "adam", 3e-4, 0.1),
    DemoRun("adam_lr1e-3", "adam", 1e-3, 0.3),
    DemoRun("sgd_lr1e-2", "sgd", 1e-2, 0.1),
    DemoRun("sgd_lr1e-3", "sgd", 1e-3, 0.0),
)
LIVE_RUN = RUNS[0]


def write_demo(out: Path | str, *, seed: int = 0) -> list[str]:
    """Writes every demo run under `out` and returns their names.

    Example::

        write_demo("/tmp/demo")
        trainboard.read("/tmp/demo").runs   # ['adam_lr1e-3', 'adam_lr3e-4', ...]
    """
    out = Path(out)
    rng = np.random.default_rng(seed)
    start = time.time() - STEPS * SECONDS_PER_STEP
    for index, run in enumerate(RUNS):
        with SummaryWriter(log_dir=str(out / run.name)) as writer:
            final = _write_training(writer, run, rng, start, 0, STEPS)
            # The metrics are the run's own validation series, so the HParams views and the
            # scalar charts agree; the final values land on the last step, where no point is yet.
            writer.add_hparams(
                {"optimizer": run.optimizer, "lr": run.lr, "dropout": run.dropout},
                {"loss/val": final["loss/val"], "accuracy/val": final["accuracy/val"]},
                run_name=".",
                global_step=STEPS - 1,
            )
            if index == 0:
                _write_media(writer, rng, start)
    return [run.name for run in RUNS]


def _loss(run: DemoRun, step: int, rng: np.random.Generator) -> float:
    progress = step / STEPS
    clean = 2.3 * math.exp(-4.0 * run.speed * progress) + 0.05 + 0.2 * run.dropout
    value = clean * (1.0 + 0.08 * rng.normal())
    if step == SPIKE_STEP:
        value += 3.0  # above the starting loss, so it is the highest point of the run
    return max(value, 1e-3)


def _write_training(
    writer: SummaryWriter, run: DemoRun, rng: np.random.Generator, start: float, first: int, last: int
) -> dict[str, float]:
    """Scalars and a weight histogram for steps [first, last); returns the last value of each tag."""
    latest: dict[str, float] = {}
    for step in range(first, last):
        walltime = start + step * SECONDS_PER_STEP
        loss = _loss(run, step, rng)
        values = {
            "loss/train": loss,
            "learning_rate": run.lr * 0.5 * (1.0 + math.cos(math.pi * min(step / STEPS, 1.0))),
        }
        if step % 10 == 0:
            values["loss/val"] = loss * 1.1 + 0.05 * abs(rng.normal())
            values["accuracy/val"] = min(0.99, 1.0 - loss / 2.6 + 0.01 * rng.normal())
        for tag, value in values.items():
            writer.add_scalar(tag, value, step, walltime=walltime)
        latest.update(values)
        if step % MEDIA_EVERY == 0:
            # Weights spread out and drift as training goes on: the histogram ridge moves visibly.
            spread = 0.1 + 0.4 * step / STEPS
            weights = rng.normal(0.05 * step / STEPS * run.speed, spread, size=2000)
            writer.add_histogram("weights/dense", weights, step, walltime=walltime)
    return latest


def _write_media(w: SummaryWriter, rng: np.random.Generator, start: float) -> None:
    """One of every other kind of data, in one run: images, video, audio, text, PR curves, custom
    scalars, a mesh, an embedding and a graph."""
    for step in range(0, STEPS, MEDIA_EVERY):
        walltime = start + step * SECONDS_PER_STEP
        progress = step / STEPS
        w.add_image(
            "samples/generated", _sample_image(progress, rng), step, walltime=walltime, dataformats="HWC"
        )
        labels, predictions = _classifier_outputs(progress, rng)
        w.add_pr_curve("pr/positive_class", labels, predictions, step, walltime=walltime)
    w.add_video("rollout/episode", _bouncing_ball(), 0, fps=8, walltime=start)
    w.add_audio("audio/chord", _chord(), 0, sample_rate=_SAMPLE_RATE, walltime=start)
    w.add_text("notes", _NOTES, 0, walltime=start)
    w.add_custom_scalars(
        {
            "training": {
                "loss: train vs val": ["Multiline", ["loss/train", "loss/val"]],
                "schedule": ["Multiline", ["learning_rate"]],
            }
        }
    )
    vertices, colors = _torus()
    w.add_mesh("shapes/torus", vertices, colors=colors, global_step=0, walltime=start)
    features, classes = _clusters(rng)
    w.add_embedding(features, metadata=classes, global_step=0, tag="features")
    file_writer = w.file_writer
    assert file_writer is not None, "the writer is open: its FileWriter exists"
    # No torch here to trace a model, so the GraphDef is built by hand and written as torch's
    # FileWriter.add_graph would write it: one graph_def event.
    file_writer.add_event(Event(graph_def=_mlp_graph().encode()), walltime=start)


def _sample_image(progress: float, rng: np.random.Generator) -> np.ndarray:
    """A 64x64 RGB picture that sharpens from noise into rings as `progress` goes from 0 to 1."""
    y, x = np.mgrid[-1:1:64j, -1:1:64j]
    rings = 0.5 + 0.5 * np.sin(12 * np.hypot(x, y))
    noise = rng.random((64, 64))
    mix = progress * rings + (1 - progress) * noise
    rgb = np.stack([mix, mix * (0.5 + 0.5 * x), 1 - mix], axis=-1)
    return (np.clip(rgb, 0, 1) * 255).astype(np.uint8)


def _classifier_outputs(progress: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Labels and scores of a classifier whose scores separate the classes better as it trains."""
    labels = rng.random(500) < 0.4
    signal = np.where(labels, 1.0, -1.0) * (0.3 + 2.5 * progress)
    predictions = 1.0 / (1.0 + np.exp(-(signal + rng.normal(size=500))))
    return labels, predictions


def _bouncing_ball(frames: int = 24, size: int = 48) -> np.ndarray:
    """A ball bouncing across the frame, shaped (N=1, T, C=3, H, W) as `add_video` expects."""
    video = np.zeros((1, frames, 3, size, size), dtype=np.uint8)
    y, x = np.mgrid[0:size, 0:size]
    for t in range(frames):
        cx = 6 + (size - 12) * t / (frames - 1)
        cy = size - 8 - abs(math.sin(math.pi * 2 * t / frames)) * (size - 16)
        ball = (x - cx) ** 2 + (y - cy) ** 2 <= 25
        video[0, t, 0][ball] = 240
        video[0, t, 1][ball] = 120
        video[0, t, 2] = 40
    return video


_SAMPLE_RATE = 16000


def _chord(seconds: float = 1.5) -> np.ndarray:
    """An A-major chord that fades out, as float samples in [-1, 1]."""
    t = np.arange(int(_SAMPLE_RATE * seconds)) / _SAMPLE_RATE
    wave = sum(np.sin(2 * np.pi * f * t) for f in (440.0, 554.37, 659.25))
    return (0.3 * wave * np.exp(-2.0 * t)).astype(np.float32).reshape(1, -1)


_NOTES = """## Demo run notes

The loss of every run spikes once at step 1234: TensorBoard's 1,000-point sample can hide it,
trainboard's charts keep it.

| optimizer | lr | dropout |
| --- | --- | --- |
""" + "\n".join(f"| {r.optimizer} | {r.lr:g} | {r.dropout:g} |" for r in RUNS)


def _torus(points: int = 1500) -> tuple[np.ndarray, np.ndarray]:
    """A point cloud on a torus, coloured by angle: vertices and colours shaped (1, N, 3)."""
    theta = np.linspace(0, 2 * np.pi, points)
    phi = theta * 23  # winds 23 times around the tube, so the points trace a visible helix
    x = (2 + 0.6 * np.cos(phi)) * np.cos(theta)
    y = (2 + 0.6 * np.cos(phi)) * np.sin(theta)
    z = 0.6 * np.sin(phi)
    vertices = np.stack([x, y, z], axis=-1)[None].astype(np.float32)
    hue = (theta / (2 * np.pi))[:, None]
    colors = (np.concatenate([hue, 1 - hue, 0.5 + 0.5 * np.cos(phi)[:, None]], axis=-1) * 255).astype(
        np.uint8
    )
    return vertices, colors[None]


def _clusters(rng: np.random.Generator, per_class: int = 60) -> tuple[np.ndarray, list[str]]:
    """16-dimensional features of three classes that form clusters in the projector."""
    names = ("cat", "dog", "bird")
    centres = rng.normal(0, 3, size=(len(names), 16))
    features = np.concatenate([centre + rng.normal(size=(per_class, 16)) for centre in centres])
    labels = [name for name in names for _ in range(per_class)]
    return features.astype(np.float32), labels


def _mlp_graph() -> GraphDef:
    """The GraphDef of a two-layer MLP, with name scopes so the graph view has nodes to expand."""

    def node(name: str, op: str, *inputs: str, shape: list[int] | None = None) -> NodeDef:
        attr = {"dtype" if op in ("Placeholder", "VariableV2") else "T": AttrValue(type=DT_FLOAT)}
        if shape is not None:
            attr["shape"] = AttrValue(shape=TensorShapeProto.of(shape))
        return NodeDef(name=name, op=op, input=list(inputs), attr=attr)

    nodes = [node("input", "Placeholder", shape=[-1, 4])]
    previous = "input"
    width = 4
    for layer, units, activation in (("dense1", 128, "Relu"), ("dense2", 2, "Softmax")):
        nodes += [
            node(f"{layer}/kernel", "VariableV2", shape=[width, units]),
            node(f"{layer}/bias", "VariableV2", shape=[units]),
            node(f"{layer}/MatMul", "MatMul", previous, f"{layer}/kernel"),
            node(f"{layer}/BiasAdd", "BiasAdd", f"{layer}/MatMul", f"{layer}/bias"),
            node(f"{layer}/{activation}", activation, f"{layer}/BiasAdd"),
        ]
        previous, width = f"{layer}/{activation}", units
    nodes.append(node("output", "Identity", previous))
    return GraphDef(node=nodes, versions=VersionDef(producer=22))


def append_live(out: Path | str, stop: threading.Event, *, seed: int = 1) -> None:
    """Continues `LIVE_RUN` under `out` every `LIVE_INTERVAL` seconds until `stop` is set."""
    rng = np.random.default_rng(seed)
    step = STEPS
    # A new file in the same run, continuing at the next step: readers append, nothing is purged.
    with SummaryWriter(log_dir=str(Path(out) / LIVE_RUN.name)) as writer:
        while not stop.wait(LIVE_INTERVAL):
            start = time.time() - step * SECONDS_PER_STEP
            _write_training(writer, LIVE_RUN, rng, start, step, step + LIVE_STEPS_PER_TICK)
            writer.flush()
            step += LIVE_STEPS_PER_TICK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `trainboard demo`; returns the process exit code."""
    parser = argparse.ArgumentParser(
        prog="trainboard demo",
        description="Write a demo logdir with every kind of data trainboard shows, then serve it live.",
    )
    parser.add_argument("--out", metavar="DIR", help="folder to write into (default: a new temporary folder)")
    parser.add_argument("--no-serve", action="store_true", help="write the logdir once and exit")
    parser.add_argument("--port", type=int, help="port to serve on (default 6006, or the next free one)")
    parser.add_argument("--host", help="address to bind (default: localhost)")
    args = parser.parse_args(argv)

    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="trainboard-demo-"))
    if out.exists() and not out.is_dir():
        parser.error(f"--out {out} is a file; pass a folder to write the demo runs into")
    try:
        out.mkdir(parents=True, exist_ok=True)
        runs = write_demo(out)
    except (OSError, ValueError) as exc:  # ValueError: the writer's InvalidArgumentError (not writable)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        parser.error(f"--out {out}: {reason}; pass a folder you can write to")
    print(f"wrote {len(runs)} demo runs to {out}")
    if args.no_serve:
        return 0

    stop = threading.Event()
    live = threading.Thread(target=append_live, args=(out, stop), name="trainboard-demo-live", daemon=True)
    live.start()
    print(f"appending to run {LIVE_RUN.name!r} every {LIVE_INTERVAL:g}s; press Ctrl+C to stop")
    serve_args = ["--logdir", str(out)]
    if args.port is not None:
        serve_args += ["--port", str(args.port)]
    if args.host is not None:
        serve_args += ["--host", args.host]
    from trainboard import cli

    try:
        return cli.main(serve_args) or 0
    finally:
        stop.set()
        live.join(timeout=5)
