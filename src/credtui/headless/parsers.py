"""The argparse subcommands of the headless command line (standard library only).

Kept free of httpx, cryptography and Textual so that building the parser, and
``--help``, cost almost nothing; the command modules are imported only when a
command runs. One module a command group where the group is large
(:mod:`.parsers_creds`, :mod:`.parsers_profile`), the options they share in
:mod:`.options`, and Auth0's words (methods, types, algorithms) from
:mod:`credtui.vocabulary`, which is as cheap.
"""

from __future__ import annotations

import argparse

from credtui.headless import help_text as help_text_module
from credtui.headless.options import change_flags, group, sub, sub_common
from credtui.headless.parsers_creds import add_creds_commands
from credtui.headless.parsers_profile import add_profile_commands
from credtui.vocabulary import (
    ALGS,
    CREDENTIAL_METHODS,
    JWT_ALG_CHOICES,
    TOKEN_ENDPOINT_AUTH_METHODS,
)

HEADLESS_COMMANDS = frozenset({"apps", "creds", "auth", "keygen", "test", "check", "profile"})
"""The top-level commands :func:`credtui.headless.run.run` handles."""

METHODS = (*CREDENTIAL_METHODS, *TOKEN_ENDPOINT_AUTH_METHODS)
"""What ``auth set --method`` takes: a credential method or a secret one (or ``none``)."""
FINDING_KINDS = (
    "expired",
    "expiring",
    "unreadable_expiry",
    "unattached",
    "unused_method",
    "cannot_authenticate",
)
"""The values of :class:`credtui.ops.findings.FindingKind` (a test keeps them equal)."""


def add_headless_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    """Add ``apps``, ``creds``, ``auth``, ``keygen``, ``test``, ``check`` and ``profile``.

    ``common`` is the top-level parser's ``--profile``/``--config``; the subcommands
    take them too, with defaults suppressed so a value given before the command
    is not reset by the subcommand's default.
    """
    del common
    common = sub_common()
    apps = group(commands, "apps", "list and show applications")
    p = sub(
        apps,
        "list",
        common,
        "every application of the tenant",
        "Every application of the tenant, printed page by page as the tenant sends them. "
        "On a terminal the table fits its width; piped, it is tab-separated with no header. "
        "--json prints one JSON array of applications (left without its closing ] if the "
        "listing fails part way).",
    )
    p.add_argument("--filter", metavar="TEXT", help="only names or client IDs containing TEXT")
    p = sub(apps, "show", common, "one application: method, JAR, token binding, credentials")
    p.add_argument("client_id", metavar="CLIENT_ID")
    add_creds_commands(commands, common)
    _add_auth_commands(commands, common)
    _add_key_commands(commands, common)
    _add_check_command(commands, common)
    add_profile_commands(commands, common)


def _add_auth_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """``auth``: how an application authenticates, and its JAR, binding, vault and alg."""
    auth = group(commands, "auth", "show and change how an application authenticates")
    p = sub(auth, "show", common, "method, attached credentials, JAR, token binding, Token Vault")
    p.add_argument("client_id", metavar="CLIENT_ID")
    p = sub(auth, "set", common, "switch the authentication method")
    p.add_argument("client_id", metavar="CLIENT_ID")
    p.add_argument(
        "--method",
        required=True,
        choices=METHODS,
        metavar="METHOD",
        help=f"the method to switch to: {', '.join(METHODS)}",
    )
    p.add_argument(
        "--credential",
        action="append",
        default=[],
        metavar="CREDENTIAL_ID",
        dest="credentials",
        help="a credential to attach (repeat for two)",
    )
    change_flags(p)
    p = sub(auth, "jar", common, "require signed authorization requests (JAR) or not")
    p.add_argument("client_id", metavar="CLIENT_ID")
    required = p.add_mutually_exclusive_group(required=True)
    required.add_argument(
        "--required",
        action="store_true",
        dest="jar_required",
        default=None,
        help="require signed authorization requests (needs a JAR key attached)",
    )
    required.add_argument(
        "--not-required",
        action="store_false",
        dest="jar_required",
        help="accept unsigned authorization requests again",
    )
    p.add_argument(
        "--credential", action="append", default=None, metavar="CREDENTIAL_ID", dest="credentials"
    )
    change_flags(p)
    p = sub(auth, "binding", common, "certificate-bound access tokens on or off")
    p.add_argument("client_id", metavar="CLIENT_ID")
    onoff = p.add_mutually_exclusive_group(required=True)
    onoff.add_argument("--on", action="store_true", dest="binding", default=None)
    onoff.add_argument("--off", action="store_false", dest="binding")
    change_flags(p)
    p = sub(
        auth,
        "vault",
        common,
        "set the Token Vault privileged access keys (public keys, at most 2)",
        "Set the public_key credentials attached to Token Vault privileged access "
        "(token_vault_privileged_access); its ip_allowlist and grants are kept and shown.",
    )
    p.add_argument("client_id", metavar="CLIENT_ID")
    keys = p.add_mutually_exclusive_group(required=True)
    keys.add_argument(
        "--credential",
        action="append",
        default=None,
        metavar="CREDENTIAL_ID",
        dest="credentials",
        help="a public_key credential of the application (repeat for two)",
    )
    keys.add_argument(
        "--none", action="store_true", dest="vault_none", help="detach every Token Vault key"
    )
    change_flags(p)
    p = sub(
        auth,
        "alg",
        common,
        "set the algorithm that signs the application's ID tokens (jwt_configuration.alg)",
        "Set jwt_configuration.alg: RS256 or PS256 (signed with the tenant's private key) or "
        "HS256 (signed with the client secret). HS256 is refused while the application uses "
        "Private Key JWT or mTLS. Any change is breaking: whatever verifies the ID tokens "
        "must follow.",
    )
    p.add_argument("client_id", metavar="CLIENT_ID")
    p.add_argument(
        "--alg",
        required=True,
        choices=JWT_ALG_CHOICES,
        dest="jwt_alg",
        help="RS256, PS256 (needs an Auth0 add-on) or HS256",
    )
    change_flags(p)


def _add_key_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """``keygen`` and ``test``: the commands about a local key."""
    p = sub(commands, "keygen", common, "generate a key pair (or a self-signed certificate)")
    p.add_argument("--out", required=True, metavar="FILE", help="private key file (0600)")
    p.add_argument("--bits", type=int, default=2048, choices=(2048, 3072, 4096))
    p.add_argument("--cert", action="store_true", help="also a self-signed certificate")
    p.add_argument("--days", type=int, metavar="N", help="certificate validity (default: 365)")
    p.add_argument("--subject", metavar="DN", help="certificate subject (default: CN=FILE name)")

    p = sub(commands, "test", common, "request a token as the application with a local key")
    p.add_argument("client_id", metavar="CLIENT_ID")
    p.add_argument("--key", required=True, metavar="FILE", help="the private key")
    p.add_argument(
        "--cert", metavar="FILE", help="test mTLS with this certificate (local tenant only)"
    )
    p.add_argument("--alg", choices=ALGS, help="default: the matching credential's")
    p.add_argument("--kid", metavar="KID", help="default: the matching credential's")
    p.add_argument("--audience", metavar="URL", help="default: the Management API")


def _add_check_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """``check``: the findings report, for CI."""
    p = sub(
        commands,
        "check",
        common,
        "find expired, expiring, unattached credentials; exit 1 when anything is found",
        "Read every application (or each --client) and its credentials at the pace the "
        "tenant's rate limit allows, and report credentials expired or expiring within "
        "--within, attached to nothing or to a method the application does not use, and "
        "applications that cannot authenticate. Severity: expired, unreadable_expiry and "
        "cannot_authenticate are errors; expiring, unattached and unused_method are warnings. A client that "
        "cannot be read is an errors entry beside the others' findings.",
    )
    p.epilog = help_text_module.epilog("check").replace(
        help_text_module.EXIT_STATUSES,
        "Exit status: 1 when anything was found (errors or warnings); else, when a client "
        "or profile could not be checked, 2 (a profile unusable), 3 (the tenant refused) or "
        "4 (unreachable), the lowest of them; else 0.",
    )
    p.add_argument("--within", default="30d", metavar="30d", help="expiry window (days: 30d)")
    p.add_argument(
        "--client",
        action="append",
        default=[],
        metavar="CLIENT_ID",
        dest="clients",
        help="check only this application (repeat for more)",
    )
    p.add_argument(
        "--format",
        choices=("text", "json", "github", "junit"),
        default=None,
        help="text: a table (tab-separated when piped); json: as --json; github: "
        "::error/::warning workflow annotations, one a line; junit: JUnit XML, one "
        "testsuite per profile, one testcase per application (default: text)",
    )
    p.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="KIND",
        choices=FINDING_KINDS,
        help="leave out findings of this kind (repeatable): " + ", ".join(FINDING_KINDS),
    )
    p.add_argument(
        "--all-profiles",
        action="store_true",
        help="check every profile in the config in one report, each tenant at its own "
        "rate-limit pace (not with --profile or --client)",
    )
