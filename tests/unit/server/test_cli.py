"""Flag parsing of the `trainboard` command, and its subcommand hook."""

from __future__ import annotations

import pytest

from trainboard import cli


def test_samples_per_plugin_parses_caps_with_zero_and_all_meaning_keep_everything() -> None:
    assert cli.parse_samples_per_plugin("scalars=500, images=0,audio=all") == {
        "scalars": 500,
        "images": 0,
        "audio": 0,
    }
    assert cli.parse_samples_per_plugin("") == {}


@pytest.mark.parametrize(
    ("text", "fragment"), [("scalars", "plugin=number"), ("scalars=x", "'x'"), ("a=-1", "negative")]
)
def test_bad_samples_per_plugin_names_the_fix(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        cli.parse_samples_per_plugin(text)


def test_path_prefix_is_normalised_like_tensorboard() -> None:
    assert cli.normalize_path_prefix("/tb/") == "/tb"
    assert cli.normalize_path_prefix("") == ""
    with pytest.raises(ValueError, match="/tb"):
        cli.normalize_path_prefix("tb")


def test_a_registered_subcommand_gets_the_rest_of_the_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cli.SUBCOMMANDS, "echo", ("tests.unit.server.test_cli:_echo", "test command"))
    monkeypatch.syspath_prepend(".")
    assert cli.main(["echo", "a", "b"]) == 2
    assert "trainboard echo" in cli.build_parser().format_help()


def _echo(argv: list[str]) -> int:
    return len(argv)


def test_no_logdir_exits_2_naming_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([])
    assert exit_info.value.code == 2
    assert "--logdir" in capsys.readouterr().err


def test_home_is_expanded_in_every_logdir_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/ada")
    assert cli.expand_home("~/runs") == "/home/ada/runs"
    assert cli.expand_home("a:~/x,b:/y,~/z") == "a:/home/ada/x,b:/y,/home/ada/z"
    assert cli.expand_home("s3://bucket/logs") == "s3://bucket/logs"
