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


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--port", "abc"],
            "trainboard: error: argument --port: invalid int value: 'abc' (see trainboard --help)",
        ),
        (["logs"], "unrecognized arguments: logs; did you mean --logdir logs?"),
    ],
)
def test_a_bad_command_line_is_one_line_that_says_what_to_do(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert len(err.strip().splitlines()) == 1 and message in err


def test_tensorboards_loader_flags_are_accepted_with_a_note(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import trainboard.server.serve as serve_module

    monkeypatch.setattr(serve_module, "serve", lambda settings, **kwargs: 0)
    assert cli.main(["--logdir", "logs", "--load_fast=false", "--reload_multifile", "true"]) == 0
    assert "--load_fast, --reload_multifile change nothing here" in capsys.readouterr().err


def test_a_plain_file_as_logdir_fails_at_startup_in_one_line(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a logdir")
    assert cli.main(["--logdir", str(notes), "--port", "0"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"trainboard: error: logdir {notes} is a file, not a directory; pass the folder "
        f"your SummaryWriter writes to (e.g. {tmp_path})"
    ]
