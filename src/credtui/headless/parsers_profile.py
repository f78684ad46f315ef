"""The parsers of ``credtui profile``: the config file's tenant profiles."""

from __future__ import annotations

import argparse

from credtui.headless.options import group, sub
from credtui.vocabulary import ALGS


def add_profile_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add ``profile`` and its actions."""
    profile = group(commands, "profile", "tenant profiles in the config file")
    sub(profile, "list", common, "every profile, the default marked")
    p = sub(profile, "show", common, "one profile (secrets never shown)")
    p.add_argument("name", metavar="NAME", nargs="?")
    p = sub(
        profile,
        "add",
        common,
        "add a profile; a secret comes from an environment variable, stdin, the system "
        "keyring or a command, never from an argument",
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("--domain", required=True, help="acme.eu.auth0.com, or the local tenant's URL")
    p.add_argument("--client-id", metavar="ID")
    p.add_argument(
        "--client-secret-env", metavar="VAR", help="read the secret from $VAR at each run"
    )
    p.add_argument(
        "--client-secret-stdin",
        action="store_true",
        help="read the secret from stdin and keep it in the file (0600)",
    )
    p.add_argument(
        "--client-secret-keyring",
        action="store_true",
        help="read the secret from a prompt or stdin and keep it in the system keyring",
    )
    p.add_argument(
        "--client-secret-command",
        metavar="COMMAND",
        help="a command printing the secret, run at each token request (split like a shell "
        "line, run without one), such as 'op read op://prod/auth0/secret'",
    )
    p.add_argument("--private-key-file", metavar="FILE")
    p.add_argument(
        "--private-key-command",
        metavar="COMMAND",
        help="a command printing the PEM private key (kept in memory, never on disk)",
    )
    p.add_argument("--private-key-alg", choices=ALGS)
    p.add_argument("--private-key-kid", metavar="KID")
    p.add_argument("--token-env", metavar="VAR", help="a ready Management API token in $VAR")
    p.add_argument("--default", action="store_true", dest="make_default")
    # Never a secret on the command line (shell history, process lists): refused with advice.
    p.add_argument("--client-secret", dest="argv_secret", help=argparse.SUPPRESS)
    p.add_argument("--token", dest="argv_token", help=argparse.SUPPRESS)
    p = sub(profile, "remove", common, "remove a profile (and its secret in the keyring)")
    p.add_argument("name", metavar="NAME")
    p = sub(
        profile,
        "secure",
        common,
        "move a profile's client secret from the config file into the system keyring",
    )
    p.add_argument("name", metavar="NAME")
    p = sub(profile, "default", common, "make a profile the default")
    p.add_argument("name", metavar="NAME")
