"""`trainboard.read`: the store's `Experiment` with the plugins' DataFrames on top.

The store (`trainboard.store`) reads runs, tags and series and knows no plugin; each plugin builds
its own table from them (`plugins/<name>/frames.py`, `plugins/hparams/sessions.py`,
`plugins/projector/embeddings.py`). This module gathers those into the methods users call:

    exp = trainboard.read("logs")
    exp.scalars(run="ppo/seed0", tag="reward")      # a DataFrame (the trainboard[pandas] extra)
    exp.hparams(metric_value="min").sort_values("loss").head()
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trainboard import store
from trainboard.store import frames
from trainboard.store.experiment import opened

if TYPE_CHECKING:
    from trainboard.plugins.hparams.sessions import MetricStatistic
    from trainboard.plugins.projector.embeddings import Embedding


class Experiment(store.Experiment):
    """The runs of one or more logdirs (`trainboard.store.Experiment`), with a DataFrame per kind of data.

    Each DataFrame method takes optional `run` and `tag` filters; an unknown run or tag raises
    `RunNotFoundError` or `TagNotFoundError` naming the known ones.
    """

    def scalars(self, run: str | None = None, tag: str | None = None) -> Any:
        """Every scalar point: DataFrame with columns run, tag, step, wall_time, value."""
        from trainboard.plugins.scalars.frames import scalars

        return scalars(self, run, tag)

    def histograms(self, run: str | None = None, tag: str | None = None) -> Any:
        """One row per histogram bucket: run, tag, step, wall_time, left, right, count."""
        from trainboard.plugins.histograms.frames import histograms

        return histograms(self, run, tag)

    def images(self, run: str | None = None, tag: str | None = None) -> Any:
        """One row per picture: run, tag, step, wall_time, index, blob_id, length, width, height."""
        from trainboard.plugins.images.frames import images

        return images(self, run, tag)

    def audio(self, run: str | None = None, tag: str | None = None) -> Any:
        """One row per clip: run, tag, step, wall_time, index, blob_id, length, label."""
        from trainboard.plugins.audio.frames import audio

        return audio(self, run, tag)

    def text(self, run: str | None = None, tag: str | None = None) -> Any:
        """One row per step: run, tag, step, wall_time, text."""
        from trainboard.plugins.text.frames import text

        return text(self, run, tag)

    def tensors(self, run: str | None = None, tag: str | None = None, plugin: str | None = None) -> Any:
        """One row per step of every tensor series: run, tag, plugin, step, wall_time, value (an ndarray)."""
        return frames.tensors(self, run, tag, plugin)

    def hparams(self, *, metric_value: MetricStatistic = "last") -> Any:
        """One row per session: its hparams and metrics (`trainboard.plugins.hparams.sessions`).

        `metric_value` picks what each metric column holds: the "last" value, or the "min" or
        "max" over the run.

            exp.hparams(metric_value="min").sort_values("loss").head()
        """
        from trainboard.plugins.hparams.sessions import hparams_frame

        return hparams_frame(self, metric_value=metric_value)

    def embeddings(self, run: str | None = None, name: str | None = None) -> list[Embedding]:
        """The projector's embeddings (`add_embedding`): one `Embedding` per entry of each run's
        projector_config.pbtxt, with `.tensor` (numpy, N x D), `.metadata` (a DataFrame) and
        `.sprite_bytes()` read on first use (`trainboard.plugins.projector.embeddings`). A run whose
        config is broken raises when asked for by name; over all runs it is skipped with a logged
        warning, so one bad file does not hide the others.

            emb = exp.embeddings("run", "features:00000")[0]
            emb.tensor.shape, emb.metadata["label"].value_counts()
        """
        from trainboard.plugins.projector.embeddings import embeddings

        return embeddings(self, run, name)


def read(logdir: Any, *, load: bool = True, cache_dir: str | None = None) -> Experiment:
    """Open a logdir (a path, an fsspec URL, "a,b", ["a", "b"], {"name": path} or "name:path,...").

        exp = trainboard.read("logs")
        exp.scalars(run="ppo/seed0", tag="reward")

    With `load=False` nothing is read until `reload()`. With `load=True` a local logdir that does
    not exist is an error, since reading it can only give nothing. `cache_dir` turns on the column
    cache in that folder (docs/reading.md).
    """
    return opened(Experiment(logdir, cache_dir=cache_dir), load=load)


# Tracebacks and reprs show the names people type (`trainboard.read`), as `__init__` exports them.
Experiment.__module__ = read.__module__ = "trainboard"
