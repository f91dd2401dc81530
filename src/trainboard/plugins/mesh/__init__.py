"""Meshes and point clouds: vertices, faces and colors per step.

Parts: `metadata` (plugin name, `MeshPluginData` codec, instance tags), `summary` (arrays -> one
`Summary` with a value per component).
The dashboard's HTTP routes, where it has any, live in `routes`.
"""
