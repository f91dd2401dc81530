"""The dashboards, in display order: the one place a plugin is registered on the Python side.

To add a dashboard, add one `Plugin(...)` line below; its `routes` module exposes a FastAPI `router`
whose paths start with `/api/` (see docs/dev/contracts.md, "Plugin routes").
"""

from __future__ import annotations

from typing import NamedTuple


class Plugin(NamedTuple):
    """A dashboard: its name (as in `/api/plugins` and the frontend), the on-disk plugin names whose data
    it shows (it "has data" when any run holds a tag of one of them), and the module serving its routes
    (None when another plugin's routes serve it, as histograms serve distributions)."""

    name: str
    data: tuple[str, ...]
    routes: str | None


# Order follows TensorBoard's tabs (tensorboard/default.py), so habits carry over.
PLUGINS: tuple[Plugin, ...] = (
    Plugin("scalars", ("scalars",), "trainboard.plugins.scalars.routes"),
    Plugin("custom_scalars", ("custom_scalars",), "trainboard.plugins.custom_scalars.routes"),
    Plugin("images", ("images",), "trainboard.plugins.images.routes"),
    Plugin("audio", ("audio",), "trainboard.plugins.audio.routes"),
    Plugin("graphs", ("graphs",), "trainboard.plugins.graphs.routes"),
    Plugin("distributions", ("histograms",), None),
    Plugin("histograms", ("histograms",), "trainboard.plugins.histograms.routes"),
    Plugin("text", ("text",), "trainboard.plugins.text.routes"),
    Plugin("hparams", ("hparams",), "trainboard.plugins.hparams.routes"),
    Plugin("pr_curves", ("pr_curves",), "trainboard.plugins.pr_curves.routes"),
    Plugin("mesh", ("mesh",), "trainboard.plugins.mesh.routes"),
    # Embeddings are files, not tags: the server lists it as having data when a run has one.
    Plugin("projector", ("projector",), "trainboard.plugins.projector.routes"),
)

__all__ = ["PLUGINS", "Plugin"]
