"""Text: Markdown strings per step.

Parts: `metadata` (plugin name, content codec), `summary` (strings -> DT_STRING tensor values).
The dashboard's HTTP routes, where it has any, live in `routes`.
"""
