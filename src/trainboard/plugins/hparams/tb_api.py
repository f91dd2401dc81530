"""TensorBoard's hparams HTTP API (`/data/plugin/hparams/*`) over the sessions `read_hparams` builds.

Requests and answers are the JSON forms of `tensorboard/plugins/hparams/api.proto`: a POST body, or
the same JSON in a `request` query parameter of a GET. Field names may be camelCase or the proto's
snake_case, as protobuf's JSON parser accepts. Filtering, sorting, grouping, aggregation and paging
follow `list_session_groups.py`; docs/tensorboard-api.md lists where the answers differ.

    list_session_groups(read_hparams(exp), {"allowedStatuses": ["STATUS_UNKNOWN"], "sliceSize": 10})
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from trainboard.errors import InvalidArgumentError
from trainboard.plugins.hparams.sessions import HParamsData, HParamValue, MetricInfo, Session

__all__ = ["experiment_json", "list_session_groups", "parse_request"]

_TYPES = {"number": "DATA_TYPE_FLOAT64", "string": "DATA_TYPE_STRING", "bool": "DATA_TYPE_BOOL"}
_STATUSES = {"unknown": "STATUS_UNKNOWN", "success": "STATUS_SUCCESS", "failure": "STATUS_FAILURE"}
_STATUSES["running"] = "STATUS_RUNNING"
_STATUS_NUMBERS = {0: "STATUS_UNKNOWN", 1: "STATUS_SUCCESS", 2: "STATUS_FAILURE", 3: "STATUS_RUNNING"}
_AGGREGATIONS = {0: "AGGREGATION_UNSET", 1: "AGGREGATION_MIN", 2: "AGGREGATION_MAX"}
_AGGREGATIONS.update({3: "AGGREGATION_MEDIAN", 4: "AGGREGATION_AVG"})
_ORDERS = {0: "ORDER_UNSPECIFIED", 1: "ORDER_ASC", 2: "ORDER_DESC"}


def parse_request(raw: str | bytes | None, kind: str) -> dict[str, Any]:
    """The JSON object of a request, or a 400 that says what was expected (TensorBoard's wording)."""
    try:
        body = json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise InvalidArgumentError(f"Expected a JSON-formatted request data of type: {kind}, but got {raw!r}")
    return body


def _field(body: Mapping[str, Any], camel: str, default: Any = None) -> Any:
    snake = re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), camel)
    return body.get(camel, body.get(snake, default))


def _metric_name(metric: MetricInfo) -> dict[str, str]:
    return {"group": metric.group, "tag": metric.tag}


def experiment_json(data: HParamsData, include_metrics: bool = True) -> dict[str, Any]:
    """The `Experiment` TensorBoard's `/experiment` answers: hyperparameters sorted by name.

    TensorBoard passes a declared experiment through, so `differs` is then false; only for an
    experiment it infers from the sessions does it say which hyperparameters differ.
    """
    infos = []
    for h in sorted(data.hparams, key=lambda h: h.name):
        info: dict[str, Any] = {"name": h.name, "displayName": h.display_name, "description": h.description}
        info["type"] = _TYPES[h.type]
        if h.interval is not None:
            info["domainInterval"] = {"minValue": h.interval[0], "maxValue": h.interval[1]}
        elif h.values is not None:
            info["domainDiscrete"] = list(h.values)
        info["differs"] = h.differs and not data.declared
        infos.append(info)
    metrics = [
        {
            "name": _metric_name(m),
            "displayName": m.display_name,
            "description": m.description,
            "datasetType": "DATASET_UNKNOWN",
        }
        for m in (data.metrics if include_metrics else ())
    ]
    return {
        "timeCreatedSecs": data.time_created_secs,
        "hparamInfos": infos,
        "metricInfos": metrics,
        "name": "",
        "description": "",
        "user": "",
    }


def _session_json(session: Session, metrics: tuple[MetricInfo, ...], include_metrics: bool) -> dict[str, Any]:
    values = []
    for metric in metrics if include_metrics else ():
        value = session.metrics.get(metric.key)
        if value is not None:
            values.append(
                {
                    "name": _metric_name(metric),
                    "value": value.last,
                    "trainingStep": value.step,
                    "wallTimeSecs": value.wall_time,
                }
            )
    return {
        "name": session.run,
        "startTimeSecs": session.logged_start_time,
        "metricValues": values,
        "endTimeSecs": session.end_time or 0.0,
        "status": _STATUSES.get(session.status, "STATUS_UNKNOWN"),
        "modelUri": session.model_uri,
        "monitorUrl": session.monitor_url,
    }


def list_session_groups(data: HParamsData, request: Mapping[str, Any]) -> dict[str, Any]:
    """TensorBoard's `ListSessionGroupsResponse` for a `ListSessionGroupsRequest` (as JSON)."""
    include_metrics = bool(_field(request, "includeMetrics", True))
    allowed = {_enum(s, _STATUS_NUMBERS) for s in _field(request, "allowedStatuses", [])}
    col_params = list(_field(request, "colParams", []))
    groups: dict[str, dict[str, Any]] = {}
    for session in sorted(data.sessions, key=lambda s: s.run):
        as_json = _session_json(session, data.metrics, include_metrics)
        if as_json["status"] not in allowed:
            continue
        name = session.group or session.run
        group = groups.get(name)
        if group is None:
            group = {
                "name": name,
                "hparams": dict(session.hparams),
                "sessions": [],
                "monitorUrl": session.monitor_url,
            }
            groups[name] = group
        group["sessions"].append(as_json)
    aggregation = _enum(_field(request, "aggregationType", 0), _AGGREGATIONS)
    aggregation_metric = _field(request, "aggregationMetric", {}) or {}
    for group in groups.values():
        group["sessions"].sort(key=lambda s: s["name"])
        group["metricValues"] = _aggregate(group["sessions"], aggregation, aggregation_metric)
    extractors = [_extractor(p) for p in col_params]
    kept = [
        g
        for g in groups.values()
        if all(_passes(p, e, g) for p, e in zip(col_params, extractors, strict=True))
    ]
    kept.sort(key=lambda g: g["name"])
    for param, extract in reversed(list(zip(col_params, extractors, strict=True))):
        order = _enum(_field(param, "order", 0), _ORDERS)
        missing_first = bool(_field(param, "missingValuesFirst", False))
        try:
            if order == "ORDER_ASC":
                kept.sort(key=_key(extract, none_is_largest=not missing_first))
            elif order == "ORDER_DESC":
                kept.sort(key=_key(extract, none_is_largest=missing_first), reverse=True)
        except TypeError:  # TensorBoard fails with a 500 here
            raise InvalidArgumentError(
                f"cannot sort by {param}: its sessions hold values of different types (numbers and strings)"
            ) from None
    if any(_field(p, "includeInResult") is not None for p in col_params):
        included = {
            _field(p, "hparam")
            for p in col_params
            if _field(p, "includeInResult") is not False and _field(p, "hparam")
        }
        for group in kept:
            group["hparams"] = {k: v for k, v in group["hparams"].items() if k in included}
    start = int(_field(request, "startIndex", 0) or 0)
    size = int(_field(request, "sliceSize", 0) or 0)
    ordered = [{k: g[k] for k in ("name", "hparams", "metricValues", "sessions", "monitorUrl")} for g in kept]
    return {"sessionGroups": ordered[start : start + size], "totalSize": len(kept)}


def _enum(value: Any, names: Mapping[int, str]) -> str:
    # protobuf's JSON accepts an enum by name or by number.
    if isinstance(value, int) and not isinstance(value, bool):
        return names.get(value, str(value))
    if isinstance(value, str) and value in names.values():
        return value
    raise InvalidArgumentError(f"unknown enum value {value!r}; use one of {', '.join(names.values())}")


def _aggregate(sessions: list[dict[str, Any]], kind: str, metric: Mapping[str, Any]) -> list[dict[str, Any]]:
    if kind in ("AGGREGATION_AVG", "AGGREGATION_UNSET"):
        stats: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for session in sessions:
            for value in session["metricValues"]:
                stats.setdefault((value["name"]["group"], value["name"]["tag"]), []).append(value)
        return [
            {
                "name": {"group": group, "tag": tag},
                "value": sum(v["value"] for v in values) / len(values),
                "trainingStep": sum(v["trainingStep"] for v in values) // len(values),
                "wallTimeSecs": sum(v["wallTimeSecs"] for v in values) / len(values),
            }
            for (group, tag), values in stats.items()
        ]
    name = (_field(metric, "group", "") or "", _field(metric, "tag", "") or "")
    found = [(i, v) for i, s in enumerate(sessions) for v in s["metricValues"] if _name(v) == name]
    if not found:
        raise InvalidArgumentError(f"no session of the group has the aggregation metric {name!r}")
    if kind == "AGGREGATION_MEDIAN":
        ranked = sorted(found, key=lambda f: f[1]["value"])
        index = ranked[(len(ranked) - 1) // 2][0]
    else:
        # TensorBoard takes the extremum among the sessions measured at the largest step.
        last = max(v["trainingStep"] for _, v in found)
        at_last = [f for f in found if f[1]["trainingStep"] == last]
        pick = min if kind == "AGGREGATION_MIN" else max
        index = pick(at_last, key=lambda f: f[1]["value"])[0]
    return list(sessions[index]["metricValues"])


def _name(value: Mapping[str, Any]) -> tuple[str, str]:
    return (value["name"].get("group", ""), value["name"].get("tag", ""))


def _extractor(param: Mapping[str, Any]) -> Callable[[dict[str, Any]], HParamValue | None]:
    metric = _field(param, "metric")
    if metric is not None:
        name = (_field(metric, "group", "") or "", _field(metric, "tag", "") or "")
        return lambda g: next((v["value"] for v in g["metricValues"] if _name(v) == name), None)
    hparam = _field(param, "hparam")
    if hparam is None:
        raise InvalidArgumentError(f'Got ColParam with both "metric" and "hparam" fields unset: {param}')
    return lambda g: g["hparams"].get(hparam)


def _passes(
    param: Mapping[str, Any], extract: Callable[[dict[str, Any]], Any], group: dict[str, Any]
) -> bool:
    include_missing = not _field(param, "excludeMissingValues", False)
    regexp, interval = _field(param, "filterRegexp"), _field(param, "filterInterval")
    discrete = _field(param, "filterDiscrete")
    if regexp is None and interval is None and discrete is None:
        return include_missing or extract(group) is not None
    value = extract(group)
    if value is None:
        return include_missing
    if regexp is not None:
        if not isinstance(value, str):
            raise InvalidArgumentError(
                f"Cannot use a regexp filter for a value of type {type(value)}. Value: {value}"
            )
        return re.search(regexp, value) is not None
    if interval is not None:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise InvalidArgumentError(
                f"Cannot use an interval filter for a value of type: {type(value)}, Value: {value}"
            )
        lo = float(_field(interval, "minValue", 0.0) or 0.0)
        hi = float(_field(interval, "maxValue", 0.0) or 0.0)
        return lo <= value <= hi
    return value in discrete


def _key(
    extract: Callable[[dict[str, Any]], Any], *, none_is_largest: bool
) -> Callable[[dict[str, Any]], Any]:
    def key(group: dict[str, Any]) -> tuple[bool, Any]:
        value = extract(group)
        # Missing values compare by the flag alone, so they never meet a real value.
        return ((value is None) == none_is_largest, 0 if value is None else value)

    return key
