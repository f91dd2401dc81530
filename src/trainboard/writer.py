"""`SummaryWriter`: the public logging API, argument for argument ``torch.utils.tensorboard``'s.

It converts inputs (Python numbers, numpy arrays, torch tensors) to numpy, asks the plugin that
owns the kind of data for a `Summary`, and hands the serialized event to a `FileWriter`.
Scalars skip the message objects: their event bytes are built directly (`plugins/scalars`).
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from trainboard import _runs
from trainboard._convert import as_float, as_tag, numeric
from trainboard.events import messages as m
from trainboard.events.filewriter import MAX_QUEUE, FileWriter
from trainboard.plugins.audio import summary as audio_summary
from trainboard.plugins.custom_scalars import summary as custom_scalars_summary
from trainboard.plugins.histograms import summary as histogram_summary
from trainboard.plugins.hparams import summary as hparams_summary
from trainboard.plugins.images import summary as image_summary
from trainboard.plugins.mesh import summary as mesh_summary
from trainboard.plugins.pr_curves import summary as pr_curve_summary
from trainboard.plugins.projector import summary as projector_summary
from trainboard.plugins.scalars import summary as scalar_summary
from trainboard.plugins.scalars.summary import scalar_event
from trainboard.plugins.text import summary as text_summary

__all__ = ["FileWriter", "SummaryWriter"]


class SummaryWriter:
    """Writes TensorBoard event files; a drop-in for ``torch.utils.tensorboard.SummaryWriter``.

        from trainboard import SummaryWriter
        with SummaryWriter("runs/exp1") as writer:
            for step in range(100):
                writer.add_scalar("loss", 1 / (step + 1), step)

    ``log_dir`` defaults to ``runs/<Mon DD_HH-MM-SS>_<hostname><comment>``. ``purge_step`` hides
    earlier data at or after that step when a crashed run resumes. Live by default: a logged value is
    on disk within 0.2 s, or at once when ``max_queue`` values wait (so a crash loses at most
    ``max_queue``); an explicit ``flush_secs`` is the longest a value may wait instead, as in torch.
    `flush`/`close` and interpreter exit write the rest. tensorboardX's ``logdir=`` is accepted too.
    """

    def __init__(
        self,
        log_dir: str | None = None,
        comment: str = "",
        purge_step: int | None = None,
        max_queue: int = MAX_QUEUE,
        flush_secs: float | None = None,
        filename_suffix: str = "",
        *,
        logdir: str | None = None,
    ) -> None:
        log_dir = log_dir or logdir
        if not log_dir:
            current_time = datetime.now().strftime("%b%d_%H-%M-%S")
            log_dir = os.path.join("runs", current_time + "_" + socket.gethostname() + comment)
        self.log_dir = os.fspath(log_dir)
        self.purge_step = purge_step
        self.max_queue = max_queue
        self.flush_secs = flush_secs
        self.filename_suffix = filename_suffix
        self.file_writer: FileWriter | None = None
        self.all_writers: dict[str, FileWriter] | None = None
        self._projector_config: m.ProjectorConfig | None = None
        self._get_file_writer()
        self.default_bins = list(histogram_summary.DEFAULT_BINS)

    def _get_file_writer(self) -> FileWriter:
        """The main `FileWriter`, opening a new event file if the writer was closed."""
        file_writer = self.file_writer
        if file_writer is not None and self.all_writers is not None:
            return file_writer
        file_writer = FileWriter(self.log_dir, self.max_queue, self.flush_secs, self.filename_suffix)
        self.file_writer = file_writer
        self.all_writers = {file_writer.get_logdir(): file_writer}
        if self.purge_step is not None:
            step = int(self.purge_step)
            file_writer.add_event(m.Event(step=step, file_version="brain.Event:2"))
            file_writer.add_event(m.Event(step=step, session_log=m.SessionLog(status=m.SESSION_START)))
            self.purge_step = None
        return file_writer

    def get_logdir(self) -> str:
        """The directory this writer writes its event files into."""
        return self.log_dir

    # -- scalars --------------------------------------------------------------------------------
    def add_scalar(
        self,
        tag: str,
        scalar_value: Any,
        global_step: int | None = None,
        walltime: float | None = None,
        new_style: bool = False,
        double_precision: bool = False,
        *,
        display_name: str = "",
        summary_description: str = "",
    ) -> None:
        """Log one number.

            writer.add_scalar("loss", 0.25, global_step=3)
            writer.add_scalar("loss", torch.tensor(0.25), 3, new_style=True)  # a DT_FLOAT tensor

        ``new_style`` writes a tensor with plugin "scalars" (``double_precision``: DT_DOUBLE,
        which TensorBoard's fast loader cannot read). ``display_name``/``summary_description``
        are tensorboardX's.
        """
        if type(tag) is not str:
            tag = as_tag(tag)
        value = scalar_value if type(scalar_value) is float else as_float(scalar_value, "scalar_value")
        step = None if global_step is None else int(global_step)
        wall_time = time.time() if walltime is None else float(walltime)
        file_writer = self.file_writer
        if file_writer is None:  # closed: reopen, as torch does
            file_writer = self._get_file_writer()
        if new_style or display_name or summary_description:
            summary_value = scalar_summary.scalar_value(
                tag, value, new_style, double_precision, display_name, summary_description
            )
            file_writer.add_summary(m.Summary(value=[summary_value]), step, wall_time)
            return
        file_writer.event_writer.add_payload(scalar_event(tag, value, step, wall_time))

    def add_scalars(
        self,
        main_tag: str,
        tag_scalar_dict: dict[str, Any],
        global_step: int | None = None,
        walltime: float | None = None,
    ) -> None:
        """Log several numbers on one chart: each key gets its own run ``<log_dir>/<main_tag>_<key>``.

        writer.add_scalars("loss", {"train": 0.3, "val": 0.4}, global_step=7)
        """
        if not isinstance(tag_scalar_dict, Mapping):
            raise TypeError(
                f"tag_scalar_dict must be a dict of name -> number, e.g. {{'train': 0.3, 'val': 0.4}}; "
                f"got {type(tag_scalar_dict).__name__}"
            )
        wall_time = time.time() if walltime is None else float(walltime)
        step = None if global_step is None else int(global_step)
        values = {key: as_float(v, f"tag_scalar_dict[{key!r}]") for key, v in tag_scalar_dict.items()}
        base = self._get_file_writer().get_logdir()
        assert self.all_writers is not None
        for key, value in values.items():
            sub_writer = _runs.key_run_writer(
                self.all_writers, base, main_tag, key, self.max_queue, self.flush_secs, self.filename_suffix
            )
            sub_writer.add_payload(scalar_event(main_tag, value, step, wall_time))

    def add_tensor(
        self, tag: str, tensor: Any, global_step: int | None = None, walltime: float | None = None
    ) -> None:
        """Log a whole tensor under plugin "tensor" (no TensorBoard dashboard shows it)."""
        from trainboard.summary import tensor_proto

        self._add(tensor_proto(tag, tensor), global_step, walltime)

    # -- histograms -----------------------------------------------------------------------------
    def add_histogram(
        self,
        tag: str,
        values: Any,
        global_step: int | None = None,
        bins: Any = "tensorflow",
        walltime: float | None = None,
        max_bins: int | None = None,
    ) -> None:
        """Log the distribution of ``values``.

            writer.add_histogram("weights", model.fc.weight, global_step=3)
            writer.add_histogram("x", np.random.randn(1000), 3, bins="auto")

        ``bins="tensorflow"`` uses torch's 1549 exponential edges; anything else goes to
        ``numpy.histogram``. ``max_bins`` merges neighbouring bins down to about that many.
        """
        array = numeric(values, "values")
        summary = histogram_summary.histogram_summary_bytes(tag, array, bins, max_bins)
        self._get_file_writer().add_summary(summary, global_step, walltime)

    def add_histogram_raw(
        self,
        tag: str,
        min: float,  # torch's argument names
        max: float,
        num: float,
        sum: float,
        sum_squares: float,
        bucket_limits: Any,
        bucket_counts: Any,
        global_step: int | None = None,
        walltime: float | None = None,
    ) -> None:
        """Log a histogram from precomputed buckets (``bucket_limits``: right edges, e.g. numpy edges[1:])."""
        summary = histogram_summary.histogram_raw(
            tag, min, max, num, sum, sum_squares, numeric(bucket_limits, "bucket_limits"),
            numeric(bucket_counts, "bucket_counts"),
        )  # fmt: skip
        self._add(summary, global_step, walltime)

    # -- images, figures, video -----------------------------------------------------------------
    def add_image(
        self,
        tag: str,
        img_tensor: Any,
        global_step: int | None = None,
        walltime: float | None = None,
        dataformats: str = "CHW",
    ) -> None:
        """Log an image: floats in [0, 1] or uint8 in [0, 255], laid out as ``dataformats`` says.

        writer.add_image("sample", np.random.rand(3, 64, 64), global_step=3)
        writer.add_image("mask", mask_hw, 3, dataformats="HW")
        """
        array = numeric(img_tensor, "img_tensor")
        self._add(image_summary.image(tag, array, dataformats=dataformats), global_step, walltime)

    def add_images(
        self,
        tag: str,
        img_tensor: Any,
        global_step: int | None = None,
        walltime: float | None = None,
        dataformats: str = "NCHW",
    ) -> None:
        """Log a batch of images as one grid image, 8 per row.

        writer.add_images("batch", np.random.rand(16, 3, 32, 32), 3)
        """
        array = numeric(img_tensor, "img_tensor")
        self._add(image_summary.image(tag, array, dataformats=dataformats), global_step, walltime)

    def add_image_with_boxes(
        self,
        tag: str,
        img_tensor: Any,
        box_tensor: Any,
        global_step: int | None = None,
        walltime: float | None = None,
        rescale: float = 1,
        dataformats: str = "CHW",
        labels: Any = None,
    ) -> None:
        """Log an image with red boxes (rows of xmin, ymin, xmax, ymax in pixels) and optional labels.

        writer.add_image_with_boxes("det", img, np.array([[10, 10, 40, 30]]), 3, labels=["cat"])
        """
        array = numeric(img_tensor, "img_tensor")
        boxes = numeric(box_tensor, "box_tensor")
        summary = image_summary.image_boxes(tag, array, boxes, rescale, dataformats, labels)
        self._add(summary, global_step, walltime)

    def add_figure(
        self,
        tag: str,
        figure: Any,
        global_step: int | None = None,
        close: bool = True,
        walltime: float | None = None,
    ) -> None:
        """Log a rendered matplotlib figure (or a list of them, as a grid); ``close=False`` keeps it open."""
        chw = image_summary.figure_to_chw(figure, close)
        self.add_image(tag, chw, global_step, walltime, dataformats="NCHW" if chw.ndim == 4 else "CHW")

    def add_video(
        self,
        tag: str,
        vid_tensor: Any,
        global_step: int | None = None,
        fps: float = 4,
        walltime: float | None = None,
    ) -> None:
        """Log clips (N, T, C, H, W; floats in [0, 1] or uint8) as one animated GIF, tiled in a grid."""
        array = numeric(vid_tensor, "vid_tensor")
        self._add(image_summary.video(tag, array, fps), global_step, walltime)

    # -- audio, text ----------------------------------------------------------------------------
    def add_audio(
        self,
        tag: str,
        snd_tensor: Any,
        global_step: int | None = None,
        sample_rate: int = 44100,
        walltime: float | None = None,
    ) -> None:
        """Log a mono clip of samples in [-1, 1] (shape (L,) or (1, L)) as 16-bit WAV."""
        array = numeric(snd_tensor, "snd_tensor")
        self._add(audio_summary.audio(tag, array, sample_rate), global_step, walltime)

    def add_text(
        self, tag: str, text_string: str, global_step: int | None = None, walltime: float | None = None
    ) -> None:
        """Log Markdown text; it appears under ``<tag>/text_summary``.

        writer.add_text("notes", "lr **halved**", global_step=3)
        """
        self._add(text_summary.text(tag, text_string), global_step, walltime)

    # -- graphs ---------------------------------------------------------------------------------
    def add_graph(
        self,
        model: Any,
        input_to_model: Any = None,
        verbose: bool = False,
        use_strict_trace: bool = True,
    ) -> None:
        """Log a torch model's graph, traced with ``torch.jit.trace`` on ``input_to_model``."""
        graph_events = _graphs_function("graph_events")
        graph_def, run_metadata = graph_events(model, input_to_model, verbose, use_strict_trace)
        self._get_file_writer().add_graph((graph_def, run_metadata))

    def add_onnx_graph(self, prototxt: str) -> None:
        """Log the graph of an ONNX model file."""
        onnx_graph = _graphs_function("onnx_graph")
        self._get_file_writer().add_onnx_graph(onnx_graph(prototxt))

    # -- embeddings -----------------------------------------------------------------------------
    def add_embedding(
        self,
        mat: Any,
        metadata: list[Any] | None = None,
        label_img: Any = None,
        global_step: int | None = None,
        tag: str = "default",
        metadata_header: list[Any] | None = None,
    ) -> None:
        """Save an (N, D) embedding for the projector, with optional labels and (N, C, H, W) label images.

        writer.add_embedding(features, metadata=labels, label_img=images, global_step=3)
        """
        matrix = numeric(mat, "mat")
        label_images = None if label_img is None else numeric(label_img, "label_img")
        log_dir = self._get_file_writer().get_logdir()
        info = projector_summary.write_embedding(
            log_dir, matrix, metadata, label_images, global_step, tag, metadata_header
        )
        if self._projector_config is None:
            self._projector_config = m.ProjectorConfig()
        self._projector_config.embeddings.append(info)
        projector_summary.write_config(log_dir, self._projector_config)

    # -- PR curves ------------------------------------------------------------------------------
    def add_pr_curve(
        self,
        tag: str,
        labels: Any,
        predictions: Any,
        global_step: int | None = None,
        num_thresholds: int = 127,
        weights: Any = None,
        walltime: float | None = None,
    ) -> None:
        """Log a precision-recall curve of 0/1 ``labels`` against ``predictions`` in [0, 1].

        writer.add_pr_curve("cls", labels, scores, global_step=3)
        """
        summary = pr_curve_summary.pr_curve(
            tag,
            numeric(labels, "labels"),
            numeric(predictions, "predictions"),
            num_thresholds,
            None if weights is None else numeric(weights, "weights"),
        )
        self._add(summary, global_step, walltime)

    def add_pr_curve_raw(
        self,
        tag: str,
        true_positive_counts: Any,
        false_positive_counts: Any,
        true_negative_counts: Any,
        false_negative_counts: Any,
        precision: Any,
        recall: Any,
        global_step: int | None = None,
        num_thresholds: int = 127,
        weights: Any = None,
        walltime: float | None = None,
    ) -> None:
        """Log a precision-recall curve from precomputed counts (six arrays of one length)."""
        arrays = [
            numeric(a, name)
            for a, name in (
                (true_positive_counts, "true_positive_counts"),
                (false_positive_counts, "false_positive_counts"),
                (true_negative_counts, "true_negative_counts"),
                (false_negative_counts, "false_negative_counts"),
                (precision, "precision"),
                (recall, "recall"),
            )
        ]
        tp, fp, tn, fn, prec, rec = arrays
        summary = pr_curve_summary.pr_curve_raw(tag, tp, fp, tn, fn, prec, rec, num_thresholds)
        self._add(summary, global_step, walltime)

    # -- custom scalars -------------------------------------------------------------------------
    def add_custom_scalars_multilinechart(
        self, tags: list[str], category: str = "default", title: str = "untitled"
    ) -> None:
        """Add a chart drawing every tag that matches one of ``tags`` (regular expressions)."""
        self.add_custom_scalars({category: {title: ["Multiline", tags]}})

    def add_custom_scalars_marginchart(
        self, tags: list[str], category: str = "default", title: str = "untitled"
    ) -> None:
        """Add a chart of one tag with a band between two others: ``tags`` is [value, lower, upper]."""
        if len(tags) != 3:
            raise ValueError(
                f"tags has {len(tags)} entries; a margin chart needs exactly 3: value, lower, upper"
            )
        self.add_custom_scalars({category: {title: ["Margin", tags]}})

    def add_custom_scalars(self, layout: dict[str, dict[str, Any]]) -> None:
        """Set the custom-scalars layout: ``{category: {chart: ["Multiline" | "Margin", tags]}}``.

        writer.add_custom_scalars({"losses": {"all": ["Multiline", ["loss/.*"]]}})
        """
        self._get_file_writer().add_summary(custom_scalars_summary.custom_scalars(layout))

    # -- meshes, hparams ------------------------------------------------------------------------
    def add_mesh(
        self,
        tag: str,
        vertices: Any,
        colors: Any = None,
        faces: Any = None,
        config_dict: dict[str, Any] | None = None,
        global_step: int | None = None,
        walltime: float | None = None,
    ) -> None:
        """Log a mesh or point cloud: ``vertices``, ``faces`` and ``colors`` are (B, N, 3)."""
        summary = mesh_summary.mesh(
            tag,
            numeric(vertices, "vertices"),
            None if colors is None else numeric(colors, "colors"),
            None if faces is None else numeric(faces, "faces"),
            config_dict,
        )
        self._add(summary, global_step, walltime)

    def add_hparams(
        self,
        hparam_dict: dict[str, Any],
        metric_dict: dict[str, Any],
        hparam_domain_discrete: dict[str, list[Any]] | None = None,
        run_name: str | None = None,
        global_step: int | None = None,
    ) -> None:
        """Record one trial's hyperparameters and final metrics for the HParams dashboard.

            writer.add_hparams({"lr": 0.1, "bsize": 32}, {"hparam/accuracy": 0.91})

        As in torch the trial goes into a new run ``<log_dir>/<run_name>`` (default: the current
        time); ``run_name="."`` records it in this writer's own run instead.
        """
        if type(hparam_dict) is not dict or type(metric_dict) is not dict:
            raise TypeError(
                f"hparam_dict and metric_dict must be dicts; got {type(hparam_dict).__name__} "
                f"and {type(metric_dict).__name__}"
            )
        summaries = hparams_summary.hparams(hparam_dict, metric_dict, hparam_domain_discrete)
        metrics = {k: as_float(v, f"metric_dict[{k!r}]") for k, v in metric_dict.items()}
        if run_name == ".":
            _runs.write_trial(self._get_file_writer(), summaries, metrics, global_step)
            return
        _runs.write_trial_run(self._get_file_writer().get_logdir(), run_name, summaries, metrics, global_step)

    # -- lifecycle ------------------------------------------------------------------------------
    def flush(self) -> None:
        """Push every pending event of every run this writer owns to disk."""
        if self.all_writers is None:
            return
        for writer in self.all_writers.values():
            writer.flush()

    def close(self) -> None:
        """Flush and close every event file; a later ``add_*`` opens a new file, as torch does."""
        if self.all_writers is None:
            return
        writers = list(self.all_writers.values())
        self.file_writer = self.all_writers = None
        errors = []
        for writer in writers:
            try:
                writer.close()  # writes what is queued; closes the file even when that fails
            except OSError as exc:
                errors.append(exc)
        if errors:
            raise errors[0]

    def __enter__(self) -> SummaryWriter:
        return self

    def __exit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        self.close()

    def _add(self, summary: m.Summary | bytes, global_step: int | None, walltime: float | None) -> None:
        self._get_file_writer().add_summary(summary, global_step, walltime)


def _graphs_function(name: str) -> Any:
    try:
        from trainboard.plugins.graphs import summary as graphs_summary
    except ImportError as exc:
        raise NotImplementedError(
            f"the graphs plugin could not be imported ({exc}); add_graph and add_onnx_graph need it"
        ) from exc
    return getattr(graphs_summary, name)


# Tracebacks and reprs show the name people type (`trainboard.SummaryWriter`), as `__init__` exports it.
SummaryWriter.__module__ = "trainboard"
