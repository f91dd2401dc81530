"""Projector: embeddings written as plain files beside the event files, not as events.

Parts: `metadata` (plugin name, config file name, `ProjectorConfig` text format), `summary`
(matrix, labels and label images -> tensors.tsv, metadata.tsv, sprite.png).
The dashboard's HTTP routes, where it has any, live in `routes`.
"""
