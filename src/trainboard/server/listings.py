"""What the core routes answer, built without the web stack: the environment, the runs, the dashboard
list, the warnings and each plugin's tags.

The routes in `core.py` send these, and so does the startup server (`early.py`), which answers the
dashboard's first requests while FastAPI is still being imported; one builder for both keeps their
answers identical.
"""

from __future__ import annotations

import time
from typing import Any

from trainboard._version import __version__
from trainboard.events import names
from trainboard.plugins import PLUGINS
from trainboard.plugins.answers import Answer, Conditions, cached, json_bytes
from trainboard.server.live import Live, progress_json
from trainboard.server.settings import ServerSettings
from trainboard.store import Experiment
from trainboard.store.info import TagInfo

__all__ = [
    "MAX_LISTED_WARNINGS",
    "MAX_PLUGIN_NAME",
    "compact_tags",
    "environment",
    "full_tags",
    "plugins_listing",
    "present_plugins",
    "runs_listing",
    "tags_answer",
    "warnings_listing",
]

# Longest plugin name `/api/tags` takes.
MAX_PLUGIN_NAME = 100
# Most warnings one /api/warnings answer lists; the count covers them all.
MAX_LISTED_WARNINGS = 200


def environment(exp: Experiment, settings: ServerSettings, live: Live) -> dict[str, Any]:
    """`/api/environment`: version, logdirs, window title and load progress."""
    return {
        "version": __version__,
        "logdirs": exp.logdirs,
        "window_title": settings.window_title,
        "live": live.live,
        "reload_interval": settings.reload_interval,
        "loading": live.loading,
        "progress": progress_json(exp.progress),
    }


def runs_listing(exp: Experiment) -> dict[str, Any]:
    """`/api/runs`: every run with its start time, the data generation and the server's clock."""
    generation = exp.generation  # read first: a client that sees it has at least these runs
    # header_only: the run's files hold nothing but their first event (a writer that has not
    # written yet: torch's keeps values in memory for up to flush_secs); the page says so.
    runs = [
        {"name": run, "start_time": start, "header_only": not has_tags}
        for run, start, has_tags in exp.run_list()
    ]
    # The server's clock, so the page can tell how long a header-only run has waited.
    return {"runs": runs, "generation": generation, "server_time": time.time()}


def warnings_listing(exp: Experiment) -> dict[str, Any]:
    """`/api/warnings`: `count` is every record skipped; past the store's cap a run's list ends in a
    "N more" line."""
    return {"count": exp.skipped, "warnings": exp.warnings[:MAX_LISTED_WARNINGS]}


def present_plugins(exp: Experiment) -> set[str]:
    """The on-disk plugin names with data: those of the tags, and "projector" when a run has an
    embedding (embeddings are files named by projector_config.pbtxt, not tags)."""
    present = {plugin for by_plugin in exp.tags().values() for plugin, tags in by_plugin.items() if tags}
    from trainboard.plugins.projector.embeddings import embeddings

    if embeddings(exp):
        present.add(names.PROJECTOR)
    return present


def plugins_listing(exp: Experiment) -> list[dict[str, Any]]:
    """`/api/plugins`: every dashboard in display order, and whether it has data."""
    present = present_plugins(exp)
    return [{"name": p.name, "has_data": any(d in present for d in p.data)} for p in PLUGINS]


def tags_answer(exp: Experiment, plugin: str, compact: bool, conditions: Conditions) -> Answer:
    """`/api/tags`: the tags of one plugin per run (`full_tags`, or `compact_tags`), cached."""
    # The answer changes with the data: the generation after each reload, the progress during one.
    key = ("tags", plugin, compact, exp.generation, exp.progress)

    def build() -> tuple[bytes, str]:
        infos = exp.tag_infos(plugin)
        return json_bytes(
            compact_tags(plugin, infos) if compact else full_tags(plugin, infos)
        ), "application/json"

    return cached(exp, key, build, conditions)


def full_tags(plugin: str, infos: dict[str, dict[str, TagInfo]]) -> dict[str, Any]:
    """`/api/tags`: per run, per tag, its display name, description, count, last step and wall time."""
    runs = {
        run: {
            tag: {
                "display_name": info.display_name,
                "description": info.description,
                "count": info.count,
                "last_step": info.last_step,
                "last_wall_time": info.last_wall_time,
            }
            for tag, info in by_tag.items()
        }
        for run, by_tag in infos.items()
    }
    return {"plugin": plugin, "runs": runs}


def compact_tags(plugin: str, infos: dict[str, dict[str, TagInfo]]) -> dict[str, Any]:
    """`/api/tags?compact=true`: what the dashboard needs, small for a sweep (1,000 runs x 10 tags:
    about 30 KB against 1.4 MB). `tag_sets` lists each distinct set of tag names once, `runs` maps
    each run to the index of its set, and `descriptions` holds each tag's first non-empty one."""
    sets: dict[tuple[str, ...], int] = {}
    runs: dict[str, int] = {}
    descriptions: dict[str, str] = {}
    for run, by_tag in infos.items():
        tag_names = tuple(by_tag)
        runs[run] = sets.setdefault(tag_names, len(sets))
        for tag, info in by_tag.items():
            if info.description and tag not in descriptions:
                descriptions[tag] = info.description
    return {"plugin": plugin, "tag_sets": list(sets), "runs": runs, "descriptions": descriptions}
