"""Custom-scalar layouts as summaries (spec event-format.md §6.8).

A layout is ``{category: {chart_title: ["Multiline" | "Margin", [tags]]}}``; Multiline tags are
regular expressions, a Margin chart names exactly three tags: value, lower, upper.
"""

from __future__ import annotations

from typing import Any

from trainboard.events import messages as m
from trainboard.plugins.custom_scalars.metadata import CONFIG_SUMMARY_TAG, create_metadata

__all__ = ["custom_scalars", "layout_proto"]


def layout_proto(layout: dict[str, dict[str, Any]]) -> m.Layout:
    """The `Layout` message for a torch-style layout dict."""
    if not isinstance(layout, dict):
        raise TypeError(
            f"layout must be a dict of {{category: {{chart: [kind, tags]}}}}; got {type(layout).__name__}"
        )
    categories = []
    for category, charts in layout.items():
        if not isinstance(charts, dict):
            raise TypeError(f"layout[{category!r}] must be a dict of {{chart: [kind, tags]}}")
        chart_protos = []
        for title, spec in charts.items():
            if not isinstance(spec, (list, tuple)) or len(spec) != 2:
                raise ValueError(
                    f"layout[{category!r}][{title!r}] must be [kind, tags] such as ['Multiline', ['loss/.*']]"
                )
            kind, tags = spec
            tags = [tags] if isinstance(tags, str) else list(tags)
            if kind == "Margin":
                if len(tags) != 3:
                    raise ValueError(
                        f"a Margin chart needs exactly 3 tags (value, lower, upper); "
                        f"{title!r} has {len(tags)}"
                    )
                series = m.MarginSeries(value=tags[0], lower=tags[1], upper=tags[2])
                chart = m.Chart(title=title, margin=m.MarginChartContent(series=[series]))
            else:
                chart = m.Chart(title=title, multiline=m.MultilineChartContent(tag=tags))
            chart_protos.append(chart)
        categories.append(m.Category(title=category, chart=chart_protos))
    return m.Layout(category=categories)


def custom_scalars(layout: dict[str, dict[str, Any]]) -> m.Summary:
    """A `Summary` holding the layout as a rank-0 DT_STRING tensor under ``custom_scalars__config__``."""
    tensor = m.TensorProto(
        dtype=m.DT_STRING,
        tensor_shape=m.TensorShapeProto(),  # present but empty (rank 0): written as `12 00`, as torch does
        string_val=[layout_proto(layout).encode()],
    )
    return m.Summary(
        value=[m.SummaryValue(tag=CONFIG_SUMMARY_TAG, tensor=tensor, metadata=create_metadata())]
    )
