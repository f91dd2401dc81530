"""Images: pictures per step (PNG), image grids, boxes, matplotlib figures and GIF videos.

Parts: `metadata` (plugin name, content codec), `summary` (arrays -> legacy `Summary.Image`).
The dashboard's HTTP routes, where it has any, live in `routes`.
"""
