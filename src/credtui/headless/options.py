"""What every headless command's parser shares: ``--timeout``, the common options,
``--json``, ``--dry-run``/``--allow-breaking``, and the help lines (standard library only).
"""

from __future__ import annotations

import argparse
import textwrap

from credtui.headless import help_text as help_text_module

DEFAULT_TIMEOUT = 60.0
"""``--timeout``'s default (as :data:`credtui.api.budget.DEFAULT_BUDGET`; a test keeps them equal)."""
MAX_TIMEOUT = 86_400.0
TIMEOUT_HELP = (
    "seconds the command may spend on the tenant in all: token, requests, retries and "
    "rate-limit waits (default: 60); past it, exit 4"
)


def timeout_seconds(text: str) -> float:
    """``--timeout``'s value: a number of seconds above 0, at most a day."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds <= MAX_TIMEOUT:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(
            f"must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}, such as 60"
        )
    return seconds


def add_timeout_option(parser: argparse.ArgumentParser, *, default: object = None) -> None:
    """``--timeout SECONDS`` (one budget for a whole command; see :mod:`credtui.api.budget`)."""
    parser.add_argument(
        "--timeout", metavar="SECONDS", type=timeout_seconds, default=default, help=TIMEOUT_HELP
    )


def sub_common() -> argparse.ArgumentParser:
    """The options every subcommand takes (``--profile``, ``--config``, ``--quiet``,
    ``--timeout``), with defaults suppressed so a value given before the command stays."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--profile", metavar="NAME", default=argparse.SUPPRESS, help="tenant profile to use"
    )
    common.add_argument(
        "--config", metavar="FILE", default=argparse.SUPPRESS, help="config file to use"
    )
    common.add_argument(
        "--quiet",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print only results and errors (no notes, warnings or progress)",
    )
    add_timeout_option(common, default=argparse.SUPPRESS)
    return common


def json_flag(parser: argparse.ArgumentParser) -> None:
    """``--json``: every command has it (its shape is in the command's epilog)."""
    parser.add_argument(
        "--json", action="store_true", help="machine-readable output on stdout (shape below)"
    )


def change_flags(parser: argparse.ArgumentParser) -> None:
    """``--dry-run`` and ``--allow-breaking``: every command that changes the tenant has both."""
    parser.add_argument("--dry-run", action="store_true", help="print the plan and send nothing")
    parser.add_argument(
        "--allow-breaking",
        action="store_true",
        help="apply a change even when its plan can break the application's authentication",
    )


def sub(
    group: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    common: argparse.ArgumentParser,
    help_text: str,
    description: str | None = None,
) -> argparse.ArgumentParser:
    """One subcommand of ``group``: the common options, ``--json`` and the epilog for it."""
    prefix = group._prog_prefix.split(" ", 1)  # "credtui creds" -> the command's full name
    command = f"{prefix[1]} {name}" if len(prefix) == 2 else name
    parser = group.add_parser(
        name,
        parents=[common],
        help=help_text,
        description=textwrap.fill(description or help_text, 78),
        epilog=help_text_module.epilog(command),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    json_flag(parser)
    return parser


def fill_help(parser: argparse.ArgumentParser) -> None:
    """Give every argument without a help line the shared one for its ``dest``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for parser_of_choice in action.choices.values():
                fill_help(parser_of_choice)
        elif action.help is None and action.dest in help_text_module.ARGUMENT_HELP:
            if action.dest == "name" and action.option_strings:
                continue  # --name is a credential's: said where it is added
            action.help = help_text_module.ARGUMENT_HELP[action.dest]


def group(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """A command group (``apps``, ``creds``...): its actions are added to what this returns."""
    parser = commands.add_parser(name, help=help_text, description=help_text)
    return parser.add_subparsers(dest="action", metavar="ACTION", required=True)
