"""HTTP routes for the PR Curves dashboard: every step's precision/recall curve of one series.

The [6, N] tensor's columns are thresholds `linspace(0, 1, N)` taken from the tensor's width, not
from `num_thresholds` in the plugin content (`add_pr_curve_raw` does not check they agree). Trailing
columns where TP + FP == 0 are dropped, as TensorBoard does: above the highest prediction nothing is
called positive, precision is undefined there, and plotting it as 0 would draw a false cliff.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from fastapi import APIRouter, Request

from trainboard.errors import InvalidArgumentError
from trainboard.plugins.context import (
    ExperimentDep,
    JSONResponse,
    Run,
    Tag,
    TBRuns,
    TBTag,
    api_responses,
    cap_evenly,
    json_object,
    samples_cap,
)
from trainboard.plugins.pr_curves.metadata import (
    FALSE_NEGATIVES,
    FALSE_POSITIVES,
    PLUGIN_NAME,
    PRECISION,
    RECALL,
    TRUE_NEGATIVES,
    TRUE_POSITIVES,
)
from trainboard.plugins.tb_data import TBJSONResponse, tags_route

if TYPE_CHECKING:
    from trainboard.store import Experiment

router = APIRouter()

_ROWS = {
    "tp": TRUE_POSITIVES,
    "fp": FALSE_POSITIVES,
    "tn": TRUE_NEGATIVES,
    "fn": FALSE_NEGATIVES,
    "precision": PRECISION,
    "recall": RECALL,
}


def pr_curve_entry(value: np.ndarray) -> dict[str, Any]:
    """One step's curve: `thresholds` and the six rows as arrays, trailing TP + FP == 0 columns trimmed.

    >>> curve = np.array([[2, 1, 0], [2, 0, 0], [0, 2, 2], [0, 1, 2], [0.5, 1, 0], [1, 0.5, 0]])
    >>> pr_curve_entry(curve)["thresholds"].tolist()
    [0.0, 0.5]
    """
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] != 6:
        raise InvalidArgumentError(
            f"a PR curve must be a [6, N] tensor (TP, FP, TN, FN, precision, recall); "
            f"this one has shape {list(arr.shape)}"
        )
    width = arr.shape[1]
    thresholds = np.linspace(0.0, 1.0, width) if width > 1 else np.zeros(width)
    positives = arr[TRUE_POSITIVES] + arr[FALSE_POSITIVES]
    nonzero = np.flatnonzero(positives != 0)
    keep = int(nonzero[-1]) + 1 if nonzero.size else 0
    entry: dict[str, Any] = {"thresholds": thresholds[:keep]}
    for name, row in _ROWS.items():
        entry[name] = arr[row, :keep]
    return entry


def pr_curves_impl(exp: Experiment, run: str, tag: str, *, cap: int | None = None) -> dict[str, Any]:
    """Every step's curve of one PR-curve series (at most `cap` steps, spread evenly, last kept)."""
    series = exp.tensor_series(run, tag)
    curves = [
        {"step": int(d.step), "wall_time": float(d.wall_time), **pr_curve_entry(d.value)}
        for d in cap_evenly(series, cap)
    ]
    return {"run": run, "tag": tag, "total": len(series), "curves": curves}


@router.get(
    "/api/pr_curves",
    summary="Every step of a PR curve series",
    responses=api_responses(json_object("run", "tag", "total", "curves")),
)
def pr_curves_route(request: Request, exp: ExperimentDep, run: Run, tag: Tag) -> JSONResponse:
    return JSONResponse(pr_curves_impl(exp, run, tag, cap=samples_cap(request, PLUGIN_NAME)))


# -- TensorBoard's routes, same shapes (docs/tensorboard-api.md) -------------------------------------


router.add_api_route(
    "/data/plugin/pr_curves/tags", tags_route(PLUGIN_NAME), summary="TensorBoard's PR curve tags answer"
)


@router.get("/data/plugin/pr_curves/pr_curves", summary="TensorBoard's {run: [curve of each step]}")
def tb_pr_curves(
    request: Request, exp: ExperimentDep, run: TBRuns = None, tag: TBTag = None
) -> TBJSONResponse:
    runs = run or []  # the parameter repeated, once per run
    if not runs:
        raise InvalidArgumentError("No runs provided when fetching PR curve data")
    if not tag:
        raise InvalidArgumentError("No tag provided when fetching PR curve data")
    cap = samples_cap(request, PLUGIN_NAME)
    body = {}
    for name in runs:
        if tag not in exp.tag_infos(PLUGIN_NAME).get(name, {}):
            raise InvalidArgumentError(f"No PR curves could be found for run {name!r} and tag {tag!r}")
        body[name] = [
            _tb_entry(d.step, d.wall_time, d.value) for d in cap_evenly(exp.tensor_series(name, tag), cap)
        ]
    return TBJSONResponse(body)


def _tb_entry(step: int, wall_time: float, value: np.ndarray) -> dict[str, Any]:
    # TensorBoard trims trailing TP + FP == 0 columns but keeps the first one, counts as ints.
    arr = np.asarray(value, dtype=np.float64)
    positives = arr[[TRUE_POSITIVES, FALSE_POSITIVES]].astype(np.int64).sum(axis=0)
    nonzero = np.flatnonzero(positives[1:] != 0)
    end = int(nonzero[-1]) + 2 if nonzero.size else 1
    counts = {
        name: arr[row, :end].astype(np.int64).tolist()
        for name, row in (
            ("true_positives", TRUE_POSITIVES),
            ("false_positives", FALSE_POSITIVES),
            ("true_negatives", TRUE_NEGATIVES),
            ("false_negatives", FALSE_NEGATIVES),
        )
    }
    return {
        "wall_time": wall_time,
        "step": step,
        "precision": arr[PRECISION, :end].tolist(),
        "recall": arr[RECALL, :end].tolist(),
        **counts,
        "thresholds": np.linspace(0.0, 1.0, arr.shape[1])[:end].tolist(),
    }
