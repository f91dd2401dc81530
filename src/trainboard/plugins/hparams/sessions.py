"""Sessions of the hparams plugin: each trial's hyperparameters, status and metric values, as one table.

The hparams plugin (`spec/event-format.md` §6.10) stores three kinds of record, each as the plugin
content of a tag with no value:

    _hparams_/experiment           which hyperparameters and metrics exist, with their domains
    _hparams_/session_start_info   the hyperparameter values of one trial (its run is the session)
    _hparams_/session_end_info     the trial's status (success, failure, ...)

torch's `add_hparams` writes all three into a new run per trial, followed by one scalar per metric;
Lightning and Stable-Baselines3 write them into the training run itself; TF's `hparams_api` writes
the experiment once at the logdir root and a session per trial run. A metric (group, tag) of a
session is the scalar `tag` of run `<session>/<group>`; an empty group is the session run.

Unlike TensorBoard, which shows the experiment of whichever run it finds first, the experiments of all
runs are merged, hyperparameters that no experiment declares are inferred from the sessions, and each
metric carries its last value and its minimum and maximum over the run.

    best = max(read_hparams(exp).sessions, key=lambda s: s.metrics["accuracy"].last)
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np

from trainboard.errors import InvalidArgumentError, MissingExtraError
from trainboard.events import messages as pb
from trainboard.events import names as on_disk
from trainboard.plugins.hparams.metadata import (
    EXPERIMENT_TAG,
    PLUGIN_NAME,
    SESSION_END_INFO_TAG,
    SESSION_START_INFO_TAG,
    parse_plugin_data,
)

if TYPE_CHECKING:
    import pandas as pd

HParamType = Literal["number", "string", "bool"]
HParamValue = float | str | bool
MetricStatistic = Literal["last", "min", "max"]
METRIC_STATISTICS: tuple[MetricStatistic, ...] = ("last", "min", "max")

_TYPE_NAMES: dict[int, HParamType] = {
    pb.HPARAM_TYPE_STRING: "string",
    pb.HPARAM_TYPE_BOOL: "bool",
    pb.HPARAM_TYPE_FLOAT64: "number",
}
_STATUS_NAMES = {
    pb.STATUS_UNKNOWN: "unknown",
    pb.STATUS_SUCCESS: "success",
    pb.STATUS_FAILURE: "failure",
    pb.STATUS_RUNNING: "running",
}


class _Store(Protocol):
    """The part of `trainboard.store.Experiment` that sessions are read from."""

    def tag_infos(self, plugin: str) -> Mapping[str, Mapping[str, Any]]: ...

    def scalar_arrays(self, run: str, tag: str) -> Any: ...

    def run_start_time(self, run: str) -> float | None: ...


@dataclass(frozen=True)
class HParamInfo:
    """One hyperparameter: its type, and its domain as declared or, failing that, as seen in the sessions.

    `interval` is (min, max) for numbers; `values` lists the discrete domain; at most one is set.
    `differs` is true when the sessions do not all share one value.
    """

    name: str
    type: HParamType
    display_name: str = ""
    description: str = ""
    interval: tuple[float, float] | None = None
    values: tuple[HParamValue, ...] | None = None
    differs: bool = False


@dataclass(frozen=True)
class MetricInfo:
    """One metric: the scalar `tag` of run `<session>/<group>` (an empty group is the session run)."""

    tag: str
    group: str = ""
    display_name: str = ""
    description: str = ""

    @property
    def key(self) -> str:
        """The metric's name in `Session.metrics` and in DataFrame columns: `tag`, or `group/tag`."""
        return f"{self.group}/{self.tag}" if self.group else self.tag


@dataclass(frozen=True)
class MetricValue:
    """A metric in one session: its last value (at `step`) and its extremes over the whole run."""

    last: float
    min: float
    max: float
    step: int
    wall_time: float
    count: int


@dataclass(frozen=True)
class Session:
    """One trial: the run holding its session start info, with hyperparameters, metrics and status."""

    run: str
    hparams: Mapping[str, HParamValue]
    metrics: Mapping[str, MetricValue]
    status: str  # "unknown" (no end info yet), "success", "failure" or "running"
    start_time: float | None
    end_time: float | None = None
    group: str = ""
    model_uri: str = ""
    # The start time as logged (0.0 when the writer left it unset, as torch does), which is what
    # TensorBoard's API answers; `start_time` falls back to the run's first event.
    logged_start_time: float = 0.0
    monitor_url: str = ""


@dataclass(frozen=True)
class HParamsData:
    """Everything the hparams dashboard shows: the columns (hyperparameters, metrics) and the rows.

    `declared` is true when some run logged an experiment (`_hparams_/experiment`), whose creation
    time is `time_created_secs` (0.0 when none was declared).
    """

    hparams: tuple[HParamInfo, ...]
    metrics: tuple[MetricInfo, ...]
    sessions: tuple[Session, ...]
    declared: bool = False
    time_created_secs: float = 0.0


def read_hparams(exp: _Store) -> HParamsData:
    """Turns the hparams plugin data of every run into sessions, one per run with session start info.

    Example::

        data = read_hparams(trainboard.read("logs"))
        [(s.run, s.hparams["lr"], s.metrics["loss"].min) for s in data.sessions]
    """
    contents = exp.tag_infos(PLUGIN_NAME)
    experiments: list[Any] = []
    starts: dict[str, Any] = {}
    ends: dict[str, Any] = {}
    for run in sorted(contents):
        tags = contents[run]
        experiment = _decode(tags, EXPERIMENT_TAG, "experiment")
        if experiment is not None:
            experiments.append(experiment)
        start = _decode(tags, SESSION_START_INFO_TAG, "session_start_info")
        if start is not None:
            starts[run] = start
            end = _decode(tags, SESSION_END_INFO_TAG, "session_end_info")
            if end is not None:
                ends[run] = end

    scalar_tags = {run: set(tags) for run, tags in exp.tag_infos(on_disk.SCALARS).items()}
    metrics = _declared_metrics(experiments) or _inferred_metrics(starts, scalar_tags)
    sessions = tuple(
        _session(exp, run, starts[run], ends.get(run), metrics, scalar_tags) for run in sorted(starts)
    )
    hparams = _hparam_infos(experiments, sessions)
    created = next((e.time_created_secs for e in experiments if e.time_created_secs), 0.0)
    return HParamsData(
        hparams=hparams,
        metrics=metrics,
        sessions=sessions,
        declared=bool(experiments),
        time_created_secs=created,
    )


def hparams_frame(exp: _Store, *, metric_value: MetricStatistic = "last") -> pd.DataFrame:
    """One row per session: `run`, `status`, `start_time`, a column per hyperparameter, one per metric.

    `metric_value` picks what a metric column holds: its "last" value, or its "min" or "max" over the run.
    A metric whose key is also a hyperparameter's name gets the column `metric:<key>`.

        hparams_frame(trainboard.read("logs"), metric_value="min").sort_values("loss").head()
    """
    if metric_value not in METRIC_STATISTICS:
        raise InvalidArgumentError(
            f"metric_value={metric_value!r} is not one of {', '.join(METRIC_STATISTICS)}; pick one of those"
        )
    try:
        import pandas as pd
    except ImportError as err:
        raise MissingExtraError(
            "Experiment.hparams() needs pandas: pip install 'trainboard[pandas]'"
        ) from err
    data = read_hparams(exp)
    names = [h.name for h in data.hparams]
    reserved = {"run", "status", "start_time", *names}
    columns = {m.key: (f"metric:{m.key}" if m.key in reserved else m.key) for m in data.metrics}
    rows = []
    for s in data.sessions:
        row: dict[str, Any] = {"run": s.run, "status": s.status, "start_time": s.start_time}
        row.update({name: s.hparams.get(name) for name in names})
        for key, column in columns.items():
            value = s.metrics.get(key)
            row[column] = getattr(value, metric_value) if value is not None else math.nan
        rows.append(row)
    order = ["run", *names, *columns.values(), "status", "start_time"]
    return pd.DataFrame(rows, columns=order)


# -- decoding ---------------------------------------------------------------------------------------


def _decode(tags: Mapping[str, Any], tag: str, kind: str) -> Any:
    info = tags.get(tag)
    if info is None:
        return None
    try:
        data = parse_plugin_data(info.plugin_content)
    except Exception:  # one malformed record must not hide every other session
        return None
    return getattr(data, kind) if data.which("data") == kind else None


def _python_value(value: Any) -> HParamValue | None:
    plain = value.to_python()
    if plain is None or isinstance(plain, bool | str | float):
        return plain
    # Struct and list values are not hyperparameter types TensorBoard knows; keep them readable.
    return str(plain)


# -- sessions ---------------------------------------------------------------------------------------


def _metric_run(session: str, group: str) -> str:
    if not group or group == ".":
        return session
    return group if session == "." else f"{session}/{group}"


def _session(
    exp: _Store,
    run: str,
    start: Any,
    end: Any,
    metrics: Iterable[MetricInfo],
    scalar_tags: Mapping[str, set[str]],
) -> Session:
    hparams = {}
    for name, value in start.hparams.items():
        plain = _python_value(value)
        if plain is not None:
            hparams[name] = plain
    values = {}
    for metric in metrics:
        metric_run = _metric_run(run, metric.group)
        if metric.tag in scalar_tags.get(metric_run, ()):
            value = _metric_value(exp.scalar_arrays(metric_run, metric.tag))
            if value is not None:
                values[metric.key] = value
    return Session(
        run=run,
        hparams=hparams,
        metrics=values,
        status=_STATUS_NAMES.get(end.status, "unknown") if end is not None else "unknown",
        # torch and Lightning leave the start time unset; the run's first event is the next best thing.
        start_time=start.start_time_secs or exp.run_start_time(run),
        end_time=(end.end_time_secs or None) if end is not None else None,
        group=start.group_name,
        model_uri=start.model_uri,
        logged_start_time=start.start_time_secs or 0.0,
        monitor_url=start.monitor_url or "",
    )


def _metric_value(arrays: Any) -> MetricValue | None:
    value = np.asarray(arrays.value, dtype=np.float64)
    if value.size == 0:
        return None
    # NaN says nothing about the extremes; infinities do (a diverged loss), so only NaN is dropped.
    seen = value[~np.isnan(value)]
    return MetricValue(
        last=float(value[-1]),
        min=float(seen.min()) if seen.size else math.nan,
        max=float(seen.max()) if seen.size else math.nan,
        step=int(arrays.step[-1]),
        wall_time=float(arrays.wall_time[-1]),
        count=int(value.size),
    )


# -- metrics ----------------------------------------------------------------------------------------


def _declared_metrics(experiments: Iterable[Any]) -> tuple[MetricInfo, ...]:
    found: dict[tuple[str, str], MetricInfo] = {}
    for experiment in experiments:
        for info in experiment.metric_infos:
            if info.name is None or not info.name.tag:
                continue
            tag: str = info.name.tag
            # TensorBoard joins session and group as paths, so "eval/" and "eval" name one run.
            group: str = (info.name.group or "").strip("/")
            if (group, tag) not in found:
                found[(group, tag)] = MetricInfo(
                    tag=tag,
                    group=group,
                    display_name=info.display_name or "",
                    description=info.description or "",
                )
    return tuple(found.values())


def _inferred_metrics(sessions: Iterable[str], scalar_tags: Mapping[str, set[str]]) -> tuple[MetricInfo, ...]:
    """Without a declared list, every scalar of a session run or a run below it is a metric."""
    session_runs = set(sessions)
    names: set[tuple[str, str]] = set()
    for run, tags in scalar_tags.items():
        session = _longest_session_prefix(session_runs, run)
        if session is None:
            continue
        if session == run:
            group = ""
        elif session == ".":
            group = run
        else:
            group = run[len(session) + 1 :]
        names.update((tag, group) for tag in tags)
    return tuple(MetricInfo(tag=tag, group=group) for tag, group in sorted(names))


def _longest_session_prefix(session_runs: set[str], run: str) -> str | None:
    path = run
    while path:
        if path in session_runs:
            return path
        path = path.rpartition("/")[0]
    return "." if "." in session_runs else None


# -- hyperparameters --------------------------------------------------------------------------------


def _hparam_infos(experiments: Iterable[Any], sessions: tuple[Session, ...]) -> tuple[HParamInfo, ...]:
    declared: dict[str, Any] = {}
    declared_types: dict[str, set[HParamType]] = {}
    domains: dict[str, list[HParamValue]] = {}
    intervals: dict[str, tuple[float, float]] = {}
    for experiment in experiments:
        for info in experiment.hparam_infos:
            if not info.name:
                continue
            declared.setdefault(info.name, info)
            if info.type in _TYPE_NAMES:
                declared_types.setdefault(info.name, set()).add(_TYPE_NAMES[info.type])
            if info.domain_discrete is not None:
                known = domains.setdefault(info.name, [])
                for v in info.domain_discrete.values:
                    plain = _python_value(v)
                    if plain is not None and plain not in known:
                        known.append(plain)
            elif info.domain_interval is not None:
                lo, hi = info.domain_interval.min_value, info.domain_interval.max_value
                old = intervals.get(info.name, (lo, hi))
                intervals[info.name] = (min(lo, old[0]), max(hi, old[1]))

    seen: dict[str, list[HParamValue]] = {name: [] for name in declared}
    for session in sessions:
        for name, value in session.hparams.items():
            seen.setdefault(name, []).append(value)

    infos = []
    for name, values in seen.items():
        info = declared.get(name)
        types = declared_types.get(name, set())
        # Trials that disagree (0.1 in one, "auto" in another) can only share a string column.
        kind: HParamType = types.pop() if len(types) == 1 else "string" if types else _infer_type(values)
        interval = intervals.get(name)
        discrete: tuple[HParamValue, ...] | None = tuple(domains[name]) if name in domains else None
        if interval is None and discrete is None:
            interval, discrete = _observed_domain(kind, values)
        infos.append(
            HParamInfo(
                name=name,
                type=kind,
                display_name=(info.display_name or "") if info is not None else "",
                description=(info.description or "") if info is not None else "",
                interval=interval,
                values=discrete,
                differs=len({_identity(v) for v in values}) > 1,
            )
        )
    return tuple(infos)


def _infer_type(values: list[HParamValue]) -> HParamType:
    # bool before number: a bool is an int to Python, never the other way round.
    if values and all(isinstance(v, bool) for v in values):
        return "bool"
    if values and all(isinstance(v, float) and not isinstance(v, bool) for v in values):
        return "number"
    return "string"


def _observed_domain(
    kind: HParamType, values: list[HParamValue]
) -> tuple[tuple[float, float] | None, tuple[HParamValue, ...] | None]:
    if kind == "number":
        finite = [float(v) for v in values if isinstance(v, float) and math.isfinite(v)]
        return ((min(finite), max(finite)) if finite else None), None
    distinct = sorted({_identity(v) for v in values}, key=lambda v: (str(type(v)), v))
    return None, tuple(distinct)


def _identity(value: HParamValue) -> HParamValue:
    # NaN != NaN would make every NaN trial look distinct.
    return "nan" if isinstance(value, float) and math.isnan(value) else value


# -- hyperparameters per dashboard run -------------------------------------------------------------
HPARAMS_FILES = ("hparams.yaml", "hparams.yml")
# torch's add_hparams without run_name writes each trial into `<run>/<time.time()>`.
_TIMESTAMP = re.compile(r"^\d{9,}(\.\d+)?$")
# A run's own tags that do not make it more than a torch trial record.
_TRIAL_PLUGINS = frozenset({PLUGIN_NAME, on_disk.SCALARS})


class _RunStore(_Store, Protocol):
    @property
    def runs(self) -> list[str]: ...

    def tags(self) -> Mapping[str, Mapping[str, Any]]: ...

    def read_beside(self, run: str, name: str, *, max_bytes: int = ...) -> bytes | None: ...


@dataclass(frozen=True)
class RunHParams:
    """Hyperparameters and hparams metrics by the run the dashboard shows them on.

    `hparams[run]` merges the run's hparams records (those of its torch trial sub-runs included) over
    the values of an `hparams.yaml`/`hparams.yml` beside its event files (Lightning, accelerate);
    `metrics[run]` holds the last value of each hparams metric; `parents` maps each torch trial sub-run
    (`<run>/<timestamp>` holding only the hparams record and its metrics) to the run it belongs to.
    """

    hparams: Mapping[str, Mapping[str, HParamValue]]
    metrics: Mapping[str, Mapping[str, float]]
    parents: Mapping[str, str]


def trial_parent(run: str, runs: set[str], plugins: Iterable[str]) -> str | None:
    """The run a torch-style trial sub-run belongs to, or None when `run` is not one.

    trial_parent("trial_0/1796169562.31", {"trial_0", "trial_0/1796169562.31"}, ["hparams"])
    'trial_0'
    """
    parent, _, leaf = run.rpartition("/")
    if not parent or parent not in runs or not _TIMESTAMP.match(leaf):
        return None
    return parent if set(plugins) <= _TRIAL_PLUGINS else None


def run_hparams(exp: _RunStore) -> RunHParams:
    """Hyperparameters per dashboard run (see `RunHParams`); `trainboard.read` keeps every sub-run."""
    data = read_hparams(exp)
    runs = set(exp.runs)
    tags = exp.tags()
    parents: dict[str, str] = {}
    hparams: dict[str, dict[str, HParamValue]] = {}
    metrics: dict[str, dict[str, float]] = {}
    for run in sorted(runs):
        parent = trial_parent(run, runs, tags.get(run, {}))
        if parent is not None:
            parents[run] = parent
    for run in sorted(runs - parents.keys()):
        for name in HPARAMS_FILES:
            values = parse_hparams_file(exp.read_beside(run, name))
            if values:
                hparams.setdefault(run, {}).update(values)
    for s in data.sessions:
        target = parents.get(s.run, s.run)
        hparams.setdefault(target, {}).update(s.hparams)
        if s.metrics:
            metrics.setdefault(target, {}).update({k: v.last for k, v in s.metrics.items()})
    return RunHParams(hparams=hparams, metrics=metrics, parents=parents)


def parse_hparams_file(raw: bytes | None) -> dict[str, HParamValue]:
    """Flat `{name: value}` from a Lightning/accelerate hparams YAML; nested keys joined with ".".

    Unreadable YAML, a document that is not a mapping, or a missing PyYAML give {} (the run simply
    shows no values from the file). Lists and other values become their text.
    """
    if not raw:
        return {}
    try:
        import yaml
    except ImportError:
        return {}
    try:
        doc = yaml.safe_load(raw)
    except yaml.YAMLError:
        return {}
    out: dict[str, HParamValue] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        elif isinstance(value, bool | str):
            out[prefix] = value
        elif isinstance(value, int | float):
            out[prefix] = float(value)
        elif value is not None:
            out[prefix] = str(value)

    if isinstance(doc, Mapping):
        walk("", doc)
    return out
