"""Custom scalars: a layout of charts that each combine several scalar tags.

Parts: `metadata` (plugin name, config tag, `Layout` codec), `summary` (torch's layout dict -> `Layout`).
The dashboard's HTTP routes, where it has any, live in `routes`.
"""
