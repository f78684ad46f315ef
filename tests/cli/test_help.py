"""Help that teaches (issue 21): every command's ``--help`` says what ``--json`` prints,
shows examples and the exit statuses, and every option and argument has a line."""

from __future__ import annotations

import argparse

import pytest

from credtui.cli import build_parser
from credtui.headless import help_text


def commands() -> list[tuple[str, argparse.ArgumentParser]]:
    """Every headless command's parser, by its full name (``creds rotate``)."""
    found = []

    def walk(parser: argparse.ArgumentParser, name: str) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            found.append((name, parser))
        for sub in subs:
            for child, child_parser in sub.choices.items():
                walk(child_parser, f"{name} {child}".strip())

    walk(build_parser(), "")
    return [(n, p) for n, p in found if n.split()[0] not in ("demo", "emulator", "completion")]


ALL = commands()


def test_every_headless_command_is_covered() -> None:
    names = {n for n, _ in ALL}
    assert "creds rotate" in names and len(names) == len(help_text.EXAMPLES)
    assert names == set(help_text.EXAMPLES) == set(help_text.JSON)


@pytest.mark.parametrize(("name", "parser"), ALL, ids=[n for n, _ in ALL])
def test_help_ends_with_json_examples_and_exit_statuses(
    name: str, parser: argparse.ArgumentParser
) -> None:
    text = parser.format_help()
    flat = " ".join(text.split())
    assert "With --json, stdout is" in flat
    examples = text[text.index("Examples:") :]
    assert f"credtui {name}" in examples
    assert "Exit status: 0 done" in flat and "4 the tenant could not be reached" in flat
    assert "README" not in text  # a pip user has no README
    assert max(len(line) for line in text.splitlines()) <= 100
    for action in parser._actions:
        if action.help == argparse.SUPPRESS:
            continue
        what = "/".join(action.option_strings) or action.dest
        assert action.help, f"{name}: {what} has no help line"
