"""The dashboards, in display order: the one place a plugin is registered on the Python side.

To add a dashboard, add one `Plugin(...)` line below; its `routes` module exposes a FastAPI `router`
whose paths start with `/api/` (see docs/dev/contracts.md, "Plugin routes").
"""

from __future__ import annotations

from typing import NamedTuple

from trainboard.events import names


class Plugin(NamedTuple):
    """A dashboard: its name (as in `/api/plugins` and the frontend), the on-disk plugin names whose data
    it shows (it "has data" when any run holds a tag of one of them), and the module serving its routes
    (None when another plugin's routes serve it, as histograms serve distributions)."""

    name: str
    data: tuple[str, ...]
    routes: str | None


# Order follows TensorBoard's tabs (tensorboard/default.py), so habits carry over.
PLUGINS: tuple[Plugin, ...] = (
    Plugin("scalars", (names.SCALARS,), "trainboard.plugins.scalars.routes"),
    Plugin("custom_scalars", (names.CUSTOM_SCALARS,), "trainboard.plugins.custom_scalars.routes"),
    Plugin("images", (names.IMAGES,), "trainboard.plugins.images.routes"),
    Plugin("audio", (names.AUDIO,), "trainboard.plugins.audio.routes"),
    Plugin("graphs", (names.GRAPHS,), "trainboard.plugins.graphs.routes"),
    Plugin("distributions", (names.HISTOGRAMS,), None),
    Plugin("histograms", (names.HISTOGRAMS,), "trainboard.plugins.histograms.routes"),
    Plugin("text", (names.TEXT,), "trainboard.plugins.text.routes"),
    Plugin("hparams", (names.HPARAMS,), "trainboard.plugins.hparams.routes"),
    Plugin("pr_curves", (names.PR_CURVES,), "trainboard.plugins.pr_curves.routes"),
    Plugin("mesh", (names.MESH,), "trainboard.plugins.mesh.routes"),
    # Embeddings are files, not tags: the server lists it as having data when a run has one.
    Plugin("projector", (names.PROJECTOR,), "trainboard.plugins.projector.routes"),
)

__all__ = ["PLUGINS", "Plugin"]
