"""HParams summaries: torch's typing rules and plugin-content bytes (spec §6.10)."""

import pytest

from trainboard.events import messages as m
from trainboard.plugins.hparams.metadata import parse_plugin_data
from trainboard.plugins.hparams.summary import hparams


def _content(summary):
    return summary.value[0].metadata.plugin_data.content


def test_contents_match_the_spec_byte_examples():
    exp, ssi, sei = hparams({"lr": 0.1}, {"accuracy": 0.5})
    assert _content(exp) == bytes.fromhex("1216220 60a026c72200 32a0c0a0a1208".replace(" ", "")) + b"accuracy"
    assert _content(ssi) == bytes.fromhex("1a110a0f0a026c72120911 9a9999999999b93f".replace(" ", ""))
    assert _content(sei) == bytes.fromhex("22020801")


def test_bools_are_numbers_strings_are_strings_and_none_is_skipped():
    exp, ssi, _ = hparams({"flag": True, "opt": "adam", "gone": None}, {}, {"opt": ["adam", "sgd"]})
    start = parse_plugin_data(_content(ssi)).session_start_info
    assert start.hparams["flag"].number_value == 1.0
    assert start.hparams["opt"].string_value == "adam"
    assert "gone" not in start.hparams
    infos = {i.name: i for i in parse_plugin_data(_content(exp)).experiment.hparam_infos}
    assert infos["flag"].type == m.HPARAM_TYPE_FLOAT64
    assert [v.string_value for v in infos["opt"].domain_discrete.values] == ["adam", "sgd"]


def test_unsupported_value_names_the_hparam():
    with pytest.raises(TypeError, match=r"hparam_dict\['fn'\] is a function"):
        hparams({"fn": lambda: 0}, {})


def test_domain_of_another_type_is_refused():
    with pytest.raises(TypeError, match=r"hparam_domain_discrete\['lr'\]"):
        hparams({"lr": 0.1}, {}, {"lr": ["a"]})
