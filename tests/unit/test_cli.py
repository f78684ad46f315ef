"""The command line refuses bad usage before starting anything (exit 2), naming the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from credtui.cli import main
from credtui.exit_codes import EXIT_USAGE


def test_bad_config_exits_2_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[profiles.p]\ndomain = "acme\n')
    assert main(["--config", str(path)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert str(path) in err and "line 2" in err
    assert path.read_text() == '[profiles.p]\ndomain = "acme\n'


def test_unknown_profile_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[profiles.prod]\ndomain = "acme.eu.auth0.com"\ntoken_env = "T"\n')
    assert main(["--config", str(path), "--profile", "staging"]) == EXIT_USAGE
    assert "no profile named 'staging' (profiles: prod)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["emulator", "--port", "70000"], "not a port number"),
        (["emulator", "--rate-limit", "fast"], "--rate-limit"),
        (["emulator", "--seed", "lots"], "seed"),
    ],
)
def test_emulator_refuses_bad_options(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == EXIT_USAGE
    assert expected in capsys.readouterr().err


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "demo" in out and "emulator" in out


@pytest.mark.parametrize("command", [[], ["apps", "list"], ["profile", "list"]])
def test_a_deeply_nested_config_is_a_config_error_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """Once RecursionError: "Unexpected error" (exit 3) headless, a traceback for the TUI."""
    path = tmp_path / "config.toml"
    path.write_text("x = " + "[" * 50_000)
    assert main(["--config", str(path), *command]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"credtui: {path}: ") and "nested hundreds of levels deep" in err
    assert "Unexpected" not in err and "Traceback" not in err
