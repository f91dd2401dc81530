"""PR-curve summaries: torch's bucketing, the [6, N] layout and the 127-threshold cap (spec §6.7)."""

import numpy as np
import pytest

from trainboard.plugins.pr_curves.metadata import parse_plugin_data
from trainboard.plugins.pr_curves.summary import compute_curve, pr_curve, pr_curve_raw


def test_curve_rows_are_tp_fp_tn_fn_precision_recall():
    curve = compute_curve(np.array([1, 0, 1, 0]), np.array([0.9, 0.8, 0.3, 0.1]), num_thresholds=3)
    tp, fp, tn, fn, precision, recall = curve
    assert tp.tolist() == [2, 1, 0] and fp.tolist() == [2, 1, 0]
    assert tn.tolist() == [0, 1, 2] and fn.tolist() == [0, 1, 2]
    assert precision.tolist() == pytest.approx([0.5, 0.5, 0.0])
    assert recall.tolist() == pytest.approx([1.0, 0.5, 0.0])


def test_thresholds_are_capped_at_127_like_torch():
    (value,) = pr_curve("pr", np.array([1, 0]), np.array([0.2, 0.7]), num_thresholds=500).value
    assert value.tensor.tensor_shape.sizes == [6, 127]
    assert value.metadata.plugin_data.content == bytes.fromhex("107f")
    assert parse_plugin_data(value.metadata.plugin_data.content).num_thresholds == 127


def test_raw_curve_keeps_the_given_width():
    (value,) = pr_curve_raw("pr", [3, 1], [2, 0], [0, 2], [0, 2], [0.6, 1.0], [1.0, 0.33]).value
    assert value.tensor.tensor_shape.sizes == [6, 2]
    assert len(value.tensor.float_val) == 12
