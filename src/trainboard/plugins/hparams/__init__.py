"""The HParams dashboard: trials compared by their hyperparameters and metrics (`routes.router`)."""
