"""Histogram summaries: torch's default edges, trimming, max_bins, and the direct encoder."""

import numpy as np
import pytest

from trainboard.plugins.histograms.summary import (
    DEFAULT_BINS,
    histogram,
    histogram_proto,
    histogram_raw,
    histogram_summary_bytes,
)


def test_default_bins_are_torch_1549_exponential_edges():
    assert len(DEFAULT_BINS) == 1549
    assert DEFAULT_BINS[774] == 0.0
    assert DEFAULT_BINS[775] == 1e-12
    assert DEFAULT_BINS[0] == -DEFAULT_BINS[-1]
    assert DEFAULT_BINS[-1] == pytest.approx(9.9208e19, rel=1e-4)


def test_spec_worked_example_has_21_buckets_starting_with_an_empty_one():
    proto = histogram_proto(np.array([0.5, 1.5, 1.5, 3.0]))
    assert len(proto.bucket) == len(proto.bucket_limit) == 21
    assert proto.bucket[0] == 0 and proto.bucket_limit[0] == pytest.approx(0.470692, rel=1e-5)
    assert proto.bucket[1] == 1 and proto.bucket_limit[1] == pytest.approx(0.517761, rel=1e-5)
    assert sum(proto.bucket) == 4
    assert (proto.min, proto.max, proto.num, proto.sum, proto.sum_squares) == (0.5, 3.0, 4, 6.5, 13.75)


def test_counts_equal_numpy_histogram_over_the_same_edges():
    values = np.random.default_rng(0).standard_cauchy(5000)
    counts, _ = np.histogram(values, bins=DEFAULT_BINS)
    proto = histogram_proto(values)
    assert sum(proto.bucket) == counts.sum()


def test_values_beyond_the_last_edge_count_in_stats_but_not_in_buckets():
    proto = histogram_proto(np.array([1.0, 1e21]))
    assert sum(proto.bucket) == 1 and proto.num == 2 and proto.max == 1e21


def test_max_bins_merges_neighbouring_bins():
    proto = histogram_proto(np.arange(100.0), bins=20, max_bins=6)
    assert sum(proto.bucket) == 100
    assert len(proto.bucket) <= 8


def test_values_outside_explicit_bins_raise_a_clear_error():
    with pytest.raises(ValueError, match="outside the bins"):
        histogram_proto(np.array([5.0]), bins=[0.0, 1.0])


@pytest.mark.parametrize(
    ("values", "bins", "max_bins"),
    [
        (np.random.default_rng(1).normal(size=1000), "tensorflow", None),
        (np.zeros(3), "tensorflow", None),
        (np.array([-0.0, 2.0]), "tensorflow", None),
        (np.arange(50.0), "auto", None),
        (np.arange(50.0), 7, 3),
        (np.array([np.inf, 1.0]), "tensorflow", None),
    ],
)
def test_direct_encoder_matches_the_generic_codec(values, bins, max_bins):
    assert (
        histogram_summary_bytes("w/λ", values, bins, max_bins)
        == histogram("w/λ", values, bins, max_bins).encode()
    )


def test_histogram_raw_requires_as_many_limits_as_counts():
    with pytest.raises(ValueError, match="bucket_limits has 3 entries but bucket_counts has 2"):
        histogram_raw("h", 0, 1, 2, 1, 1, [0.0, 0.5, 1.0], [1, 1])
