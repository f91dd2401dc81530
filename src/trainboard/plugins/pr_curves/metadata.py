"""The PR-curves plugin's name and its plugin content (`PrCurvePluginData`)."""

from __future__ import annotations

from trainboard.events import messages as m
from trainboard.events import names

PLUGIN_NAME = names.PR_CURVES
PROTO_VERSION = 0
# Rows of the [6, N] tensor, in order.
TRUE_POSITIVES, FALSE_POSITIVES, TRUE_NEGATIVES, FALSE_NEGATIVES, PRECISION, RECALL = range(6)


def create_metadata(num_thresholds: int, display_name: str = "", description: str = "") -> m.SummaryMetadata:
    """Metadata marking a value as a PR curve with ``num_thresholds`` thresholds."""
    content = m.PrCurvePluginData(version=PROTO_VERSION, num_thresholds=num_thresholds).encode()
    return m.SummaryMetadata.of(PLUGIN_NAME, content, display_name, description)


def parse_plugin_data(content: bytes) -> m.PrCurvePluginData:
    """Decode the plugin content of a PR-curve value."""
    return m.PrCurvePluginData.decode(content)
