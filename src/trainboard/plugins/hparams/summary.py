"""HParams as summaries: torch's ``summary.hparams`` (spec event-format.md §6.10).

The values carry only a tag and metadata; the plugin content holds the data. As in torch,
ints, floats and bools are recorded as numbers (FLOAT64) and strings as strings.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from trainboard._convert import to_numpy
from trainboard.events import messages as m
from trainboard.plugins.hparams.metadata import (
    EXPERIMENT_TAG,
    SESSION_END_INFO_TAG,
    SESSION_START_INFO_TAG,
    create_metadata,
)

__all__ = ["hparams"]


def _value(name: str, v: Any) -> tuple[m.Value, int]:
    """The protobuf Value of one hyperparameter and its hparams data type."""
    if isinstance(v, str):
        return m.Value(string_value=v), m.HPARAM_TYPE_STRING
    # bool is an int: torch records True as 1.0, and so do we, so both write the same sessions.
    if isinstance(v, numbers.Real):
        return m.Value(number_value=float(v)), m.HPARAM_TYPE_FLOAT64
    if hasattr(v, "__array__") or type(v).__module__.startswith("torch"):
        array = to_numpy(v, f"hparam_dict[{name!r}]").reshape(-1)
        if array.size and np.issubdtype(array.dtype, np.number):
            return m.Value(number_value=float(array[0])), m.HPARAM_TYPE_FLOAT64
    raise TypeError(
        f"hparam_dict[{name!r}] is a {type(v).__name__}; "
        "expected an int, float, str, bool or one-element tensor"
    )


def hparams(
    hparam_dict: dict[str, Any],
    metric_dict: dict[str, Any],
    hparam_domain_discrete: dict[str, list[Any]] | None = None,
) -> tuple[m.Summary, m.Summary, m.Summary]:
    """The (experiment, session_start_info, session_end_info) summaries of one trial.

    exp, ssi, sei = hparams({"lr": 0.1, "opt": "adam"}, {"hparam/accuracy": 0.9})
    """
    if not isinstance(hparam_dict, dict):
        raise TypeError(f"hparam_dict must be a dict of name -> value; got {type(hparam_dict).__name__}")
    if not isinstance(metric_dict, dict):
        raise TypeError(f"metric_dict must be a dict of tag -> value; got {type(metric_dict).__name__}")
    domains = hparam_domain_discrete or {}
    if not isinstance(domains, dict):
        raise TypeError(
            f"hparam_domain_discrete must be a dict of name -> list; got {type(domains).__name__}"
        )
    for name, domain in domains.items():
        if (
            name not in hparam_dict
            or not isinstance(domain, list)
            or not all(isinstance(d, type(hparam_dict[name])) for d in domain)
        ):
            raise TypeError(
                f"hparam_domain_discrete[{name!r}] must be a list of values "
                f"of the same type as hparam_dict[{name!r}]"
            )
    infos = []
    start = m.SessionStartInfo()
    for name, v in hparam_dict.items():
        if v is None:
            continue
        value, kind = _value(name, v)
        start.hparams[name] = value
        info = m.HParamInfo(name=name, type=kind)
        # torch gives tensor-valued hparams no domain.
        if name in domains and isinstance(v, (str, numbers.Real)):
            info.domain_discrete = m.ListValue(values=[_value(name, d)[0] for d in domains[name]])
        infos.append(info)
    experiment = m.Experiment(
        hparam_infos=infos, metric_infos=[m.MetricInfo(name=m.MetricName(tag=k)) for k in metric_dict]
    )
    end = m.SessionEndInfo(status=m.STATUS_SUCCESS)
    return (
        _summary(EXPERIMENT_TAG, m.HParamsPluginData(experiment=experiment)),
        _summary(SESSION_START_INFO_TAG, m.HParamsPluginData(session_start_info=start)),
        _summary(SESSION_END_INFO_TAG, m.HParamsPluginData(session_end_info=end)),
    )


def _summary(tag: str, data: m.HParamsPluginData) -> m.Summary:
    return m.Summary(value=[m.SummaryValue(tag=tag, metadata=create_metadata(data))])
