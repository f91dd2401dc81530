"""Histograms: the distribution of a tensor per step.

Parts: `metadata` (plugin name, content codec), `summary` (values -> legacy `HistogramProto`
with torch's default bins, numpy bin specs and ``max_bins``).
The dashboard's HTTP routes, where it has any, live in `routes`.
"""
