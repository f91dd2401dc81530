"""Audio: mono clips per step, stored as 16-bit PCM WAV.

Parts: `metadata` (plugin name, content codec), `summary` (samples -> legacy `Summary.Audio`).
The dashboard's HTTP routes, where it has any, live in `routes`.
"""
