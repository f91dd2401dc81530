"""HTTP routes for the Custom Scalars dashboard: every run's layout merged into one, with matches.

Each run may log a `Layout` under `custom_scalars__config__` (spec event-format.md §6.8); the newest
one per run counts. Layouts merge the way TensorBoard merges them: categories with the same title
become one, and a chart already in that category is not repeated. For each multiline chart the server
resolves its tag regexes against the scalar tags of every run (matched from the start of the tag, as
Python's `re.match` and TensorBoard do), so the browser fetches `/api/scalars` for exactly those pairs.

The regexes come from event files, so they are matched with RE2, whose time is linear in the tag:
with Python's backtracking `re`, `(a+)+$` against a tag of 40 `a`s would take days per request. A
pattern RE2 cannot compile but Python can (back-references, lookaround, `\\Z`; docs/dashboards.md
lists the differences) is reported on its chart instead of being matched.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import re2
from fastapi import APIRouter, Request

from trainboard.events import names
from trainboard.plugins.context import (
    ExperimentDep,
    JSONResponse,
    TBRun,
    TBTag,
    api_responses,
    json_object,
    samples_cap,
)
from trainboard.plugins.custom_scalars.metadata import CONFIG_SUMMARY_TAG, PLUGIN_NAME, parse_layout
from trainboard.plugins.tb_data import TBJSONResponse, tb_rows, tb_scalars_route

if TYPE_CHECKING:
    from trainboard.events import messages as m
    from trainboard.store import Experiment

SCALARS_PLUGIN = names.SCALARS  # the layout charts scalar tags

router = APIRouter()


def run_layout(exp: Experiment, run: str) -> m.Layout | None:
    """The newest layout `run` logged, or None when it logged none or it cannot be decoded."""
    series = exp.tensor_series(run, CONFIG_SUMMARY_TAG)
    if not series:
        return None
    raw = series[-1].value.reshape(-1)
    if raw.size == 0 or not isinstance(raw[0], bytes | bytearray):
        return None
    try:
        return parse_layout(bytes(raw[0]))
    except Exception:  # a damaged layout hides one run's charts, never the dashboard
        return None


def chart_json(chart: m.Chart) -> dict[str, Any]:
    """One chart as `{"title", "kind": "multiline", "tags"}` or `{"title", "kind": "margin", "series"}`."""
    if chart.margin is not None:
        series = [{"value": s.value, "lower": s.lower, "upper": s.upper} for s in chart.margin.series]
        return {"title": chart.title, "kind": "margin", "series": series}
    tags = list(chart.multiline.tag) if chart.multiline is not None else []
    return {"title": chart.title, "kind": "multiline", "tags": tags}


def merge_layouts(layouts: list[m.Layout]) -> list[dict[str, Any]]:
    """Categories in first-seen order; same-titled categories merged; identical charts kept once.
    A category is closed only when every run that lists it says so."""
    merged: dict[str, dict[str, Any]] = {}
    for layout in layouts:
        for category in layout.category:
            entry = merged.setdefault(category.title, {"title": category.title, "closed": True, "charts": []})
            entry["closed"] = entry["closed"] and bool(category.closed)
            for chart in category.chart:
                as_json = chart_json(chart)
                if as_json not in entry["charts"]:
                    entry["charts"].append(as_json)
    return list(merged.values())


def match_tags(
    patterns: list[str], scalar_tags: dict[str, list[str]]
) -> tuple[list[dict[str, str]], str | None]:
    """The (run, tag) pairs whose tag one of `patterns` matches from its start, in run then tag order,
    and the first invalid pattern's error (its chart still shows what the valid ones match)."""
    compiled = []
    error = None
    for pattern in patterns:
        try:
            compiled.append(re2.compile(pattern, _RE2_OPTIONS))
        except re2.error:
            error = error or _why_not(pattern)
    matches = [
        {"run": run, "tag": tag}
        for run in sorted(scalar_tags)
        for tag in sorted(scalar_tags[run])
        if any(c.match(tag) for c in compiled)
    ]
    return matches, error


_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # RE2 would print each refused pattern to stderr


def _why_not(pattern: str) -> str:
    """The chart error for a pattern RE2 refused: invalid, or valid only for Python's `re`."""
    try:
        re.compile(pattern)
    except re.error as exc:
        return f"tag regex {pattern!r} is not a valid regular expression: {exc}"
    except (RecursionError, OverflowError, MemoryError):  # nested or repeated past what re handles
        return f"tag regex {pattern!r} is too large or too deeply nested"
    return (
        f"tag regex {pattern!r} uses a feature trainboard does not match (back-references, "
        "lookaround or \\Z): tags are matched in linear time with RE2; rewrite it without them"
    )


def margin_runs(series: list[dict[str, str]], scalar_tags: dict[str, list[str]]) -> list[str]:
    """The runs holding the value tag of every margin series (the bounds may be missing)."""
    return [run for run in sorted(scalar_tags) if all(s["value"] in scalar_tags[run] for s in series)]


def layout_impl(exp: Experiment) -> dict[str, Any]:
    """The merged layout of all runs, each chart with the data it will draw."""
    config_runs = sorted(exp.tag_infos(PLUGIN_NAME))
    layouts = [layout for run in config_runs if (layout := run_layout(exp, run)) is not None]
    scalar_tags = {run: list(tags) for run, tags in exp.tag_infos(SCALARS_PLUGIN).items()}
    categories = merge_layouts(layouts)
    for category in categories:
        for chart in category["charts"]:
            if chart["kind"] == "multiline":
                chart["matches"], chart["error"] = match_tags(chart["tags"], scalar_tags)
            else:
                chart["runs"] = margin_runs(chart["series"], scalar_tags)
                chart["error"] = None
    return {"runs": config_runs, "categories": categories}


@router.get(
    "/api/custom_scalars/layout",
    summary="Every run's layout merged, each chart with the (run, tag) pairs it draws",
    responses=api_responses(json_object("runs", "categories"), errors=()),
)
def layout_route(exp: ExperimentDep) -> JSONResponse:
    return JSONResponse(layout_impl(exp))


# -- TensorBoard's routes, same shapes (docs/tensorboard-api.md) -------------------------------------


@router.get("/data/plugin/custom_scalars/layout", summary="TensorBoard's merged Layout proto as JSON")
def tb_layout(exp: ExperimentDep) -> TBJSONResponse:
    config_runs = sorted(exp.tag_infos(PLUGIN_NAME))
    layouts = [layout for run in config_runs if (layout := run_layout(exp, run)) is not None]
    if not layouts:
        return TBJSONResponse({})
    categories = []
    for category in merge_layouts(layouts):
        charts = []
        for chart in category["charts"]:
            if chart["kind"] == "margin":
                charts.append({"title": chart["title"], "margin": {"series": chart["series"]}})
            else:
                charts.append({"title": chart["title"], "multiline": {"tag": chart["tags"]}})
        categories.append({"title": category["title"], "chart": charts, "closed": category["closed"]})
    return TBJSONResponse({"category": categories, "version": 0})


@router.get(
    "/data/plugin/custom_scalars/scalars", summary="TensorBoard's scalars of one run whose tag matches"
)
def tb_scalars(request: Request, exp: ExperimentDep, run: TBRun = None, tag: TBTag = None) -> TBJSONResponse:
    # `tag` is a regex matched from the start of each scalar tag of `run`, as TensorBoard does.
    try:
        regex = re.compile(tag) if tag else None
    except re.error:
        regex = None
    if regex is None:
        return TBJSONResponse({"regex_valid": False, "tag_to_events": {}})
    cap = samples_cap(request, SCALARS_PLUGIN)
    tags = exp.tag_infos(SCALARS_PLUGIN).get(run or "", {})
    events = {t: tb_rows(exp, str(run), t, cap) for t in tags if regex.match(t)}
    return TBJSONResponse({"regex_valid": True, "tag_to_events": events})


router.add_api_route(
    "/data/plugin/custom_scalars/download_data", tb_scalars_route, summary="One scalar series as JSON or CSV"
)
