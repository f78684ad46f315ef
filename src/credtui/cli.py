"""The ``credtui`` command: the TUI by default, the demo, the local tenant.

Every command exits with a status of :mod:`credtui.exit_codes` (``--timeout``, 60 s
by default, bounds each command's whole exchange with the tenant). Messages go to
stderr.

The headless commands (``apps``, ``creds``, ``auth``, ``keygen``, ``test``,
``check``, ``profile``) live in :mod:`credtui.headless`; their parsers are
standard-library only and the command modules load only when one runs.

Heavy modules (Textual, the emulator) are imported only by the command that
needs them, so ``credtui --help`` and the headless commands start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from credtui import __version__
from credtui.exit_codes import EXIT_OK, EXIT_USAGE
from credtui.headless.options import add_timeout_option, fill_help
from credtui.headless.parsers import HEADLESS_COMMANDS, add_headless_commands


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--profile", metavar="NAME", help="tenant profile to use (default: the config's default)"
    )
    common.add_argument(
        "--config",
        metavar="FILE",
        type=Path,
        help="config file (default: $CREDTUI_CONFIG, else the user config folder)",
    )
    common.add_argument(
        "--quiet",
        action="store_true",
        help="print only results and errors (no notes, warnings or progress)",
    )
    add_timeout_option(common)
    parser = argparse.ArgumentParser(
        prog="credtui",
        description="Manage the credentials Auth0 applications authenticate with.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"credtui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "demo",
        parents=[common],
        help="the TUI on a built-in local demo tenant (no account needed)",
        description="Start a local demo tenant on a free port and open the TUI on it. "
        "Nothing is written to your config.",
    )
    emulator = commands.add_parser(
        "emulator",
        help="serve the local tenant for other tools and tests",
        description="Serve a local Auth0 tenant on 127.0.0.1. When ready, prints one JSON line "
        "with base_url, client_id, client_secret and control_token (the X-Emulator-Token "
        "header of the /__emulator test controls); stops on Ctrl+C or SIGTERM.",
    )
    emulator.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    emulator.add_argument(
        "--seed",
        default="demo",
        metavar="demo|empty|N",
        help="what the tenant holds (default: demo)",
    )
    emulator.add_argument(
        "--rate-limit",
        default="50/20",
        metavar="BURST/PER_SECOND|off",
        help="token bucket for the Management API (default: 50/20, as a paid tenant)",
    )
    emulator.add_argument(
        "--latency", type=int, default=0, metavar="MS", help="added latency per request"
    )
    emulator.add_argument(
        "--plan",
        default="enterprise",
        choices=("free", "professional", "enterprise"),
        help="the tenant's plan: lower plans refuse Private Key JWT, mTLS and JAR writes "
        "as Auth0 does (default: enterprise, with the Highly Regulated Identity add-on)",
    )
    emulator.add_argument(
        "--no-token-vault",
        dest="token_vault",
        action="store_false",
        help="a tenant without the Token Vault Early Access entitlement: writing "
        "token_vault_privileged_access is refused (403)",
    )
    completion = commands.add_parser(
        "completion",
        help="print a shell completion script",
        description="Print the completion script for SHELL. Load it with, for bash: "
        'eval "$(credtui completion bash)" (in ~/.bashrc); zsh: eval "$(credtui completion '
        'zsh)" (in ~/.zshrc); fish: credtui completion fish > '
        "~/.config/fish/completions/credtui.fish",
    )
    completion.add_argument("shell", choices=("bash", "zsh", "fish"))
    add_headless_commands(commands, common)
    fill_help(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run credtui; returns the exit status."""
    _skip_httpx_cli()
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # a shell asking for completions: answer and exit
        from argcomplete import autocomplete

        autocomplete(parser)
    args = parser.parse_args(argv)
    if args.command == "completion":
        from argcomplete.shell_integration import shellcode

        sys.stdout.write(shellcode(["credtui"], shell=args.shell))
        return EXIT_OK
    if args.command == "emulator":
        return _run_emulator(args)
    if args.command == "demo":
        return _run_demo()
    if args.command in HEADLESS_COMMANDS:
        from credtui.headless.run import run

        return run(args)
    return _run_tui(args)


def _skip_httpx_cli() -> None:
    """Keep httpx's own command-line tool out of credtui's imports (~60-140 ms).

    ``httpx/__init__.py`` runs ``from ._main import main`` inside ``try/except
    ImportError``, so the module loads click, pygments and rich whenever they are
    installed (click comes with uvicorn). A ``None`` entry in ``sys.modules`` makes that
    import raise ImportError (Python's documented way to block one import), and httpx
    falls back to its stub ``httpx.main``. credtui never uses httpx's CLI.
    """
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


def _run_emulator(args: argparse.Namespace) -> int:
    from credtui.emulator.server import run_emulator

    if not 0 <= args.port < 65536:
        print(f"credtui: --port {args.port} is not a port number (0-65535)", file=sys.stderr)
        return EXIT_USAGE
    try:
        return run_emulator(
            port=args.port,
            seed=args.seed,
            rate_limit=args.rate_limit,
            latency_ms=args.latency,
            plan=args.plan,
            token_vault=args.token_vault,
        )
    except ValueError as exc:
        print(f"credtui: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run_demo() -> int:
    from credtui.demo import run_demo

    return run_demo()


def _run_tui(args: argparse.Namespace) -> int:
    # Imported here, not at the top: ``--help`` and the parsers need none of it.
    from credtui.config import ConfigError, config_path, load_config
    from credtui.config.env import profile_name

    path = config_path(args.config)
    name = args.profile or profile_name()
    try:
        loaded = load_config(path)
        if name is not None:
            loaded.config.get(name)
    except ConfigError as exc:
        print(f"credtui: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for warning in loaded.warnings:
        print(f"credtui: warning: {warning}", file=sys.stderr)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # No terminal to draw on (CI, a pipe, an empty $CMD): the TUI would wait forever.
        build_parser().print_usage(sys.stderr)
        print(
            "credtui: no command given and no terminal for the TUI; run `credtui --help` "
            "for the commands (such as `credtui apps list`)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from credtui.ui.launch import run_tui

    return run_tui(loaded, profile_name=name, timeout=args.timeout)
