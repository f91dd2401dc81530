"""The HParams dashboard: trials compared by their hyperparameters and metrics (`routes.router`).

Parts: `metadata` (plugin name, tags, `HParamsPluginData` codec), `summary` (dicts -> the
experiment, session-start and session-end summaries torch writes), `routes` (HTTP over the store).
"""
