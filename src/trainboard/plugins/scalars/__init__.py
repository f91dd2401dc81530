"""Scalars: one number per step.

Parts: `metadata` (plugin name, content codec), `summary` (values -> `Summary`, and the
hand-built event bytes of `SummaryWriter.add_scalar`'s fast path).
The dashboard's HTTP routes, where it has any, live in `routes`.
"""
