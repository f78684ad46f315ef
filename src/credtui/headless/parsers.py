"""The argparse subcommands of the headless command line (standard library only).

Kept free of httpx, cryptography and Textual so that building the parser, and
``--help``, cost almost nothing; the command modules are imported only when a
command runs.
"""

from __future__ import annotations

import argparse
import textwrap

from credtui.headless import help_text as help_text_module

HEADLESS_COMMANDS = frozenset({"apps", "creds", "auth", "keygen", "test", "check", "profile"})
"""The top-level commands :func:`credtui.headless.run.run` handles."""

METHODS = (
    "private_key_jwt",
    "tls_client_auth",
    "self_signed_tls_client_auth",
    "client_secret_post",
    "client_secret_basic",
    "none",
)
CREDENTIAL_TYPES = ("public_key", "x509_cert", "cert_subject_dn")
ALGS = ("RS256", "RS384", "PS256")
JWT_ALGS = ("RS256", "PS256", "HS256")
"""What ``auth alg`` offers (credtui.rules.JWT_ALG_CHOICES; kept here: no imports)."""
FALLBACKS = ("client_secret_post", "client_secret_basic", "none")
FINDING_KINDS = (
    "expired",
    "expiring",
    "unreadable_expiry",
    "unattached",
    "unused_method",
    "cannot_authenticate",
)
"""The values of :class:`credtui.ops.findings.FindingKind` (a test keeps them equal)."""


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


def _sub_common() -> argparse.ArgumentParser:
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


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="machine-readable output on stdout (shape below)"
    )


def _change_flags(parser: argparse.ArgumentParser) -> None:
    """``--dry-run`` and ``--allow-breaking``: every command that changes the tenant has both."""
    parser.add_argument("--dry-run", action="store_true", help="print the plan and send nothing")
    parser.add_argument(
        "--allow-breaking",
        action="store_true",
        help="apply a change even when its plan can break the application's authentication",
    )


def _sub(
    group: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    common: argparse.ArgumentParser,
    help_text: str,
    description: str | None = None,
) -> argparse.ArgumentParser:
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
    _json_flag(parser)
    return parser


def fill_help(parser: argparse.ArgumentParser) -> None:
    """Give every argument without a help line the shared one for its ``dest``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                fill_help(sub)
        elif action.help is None and action.dest in help_text_module.ARGUMENT_HELP:
            if action.dest == "name" and action.option_strings:
                continue  # --name is a credential's: said where it is added
            action.help = help_text_module.ARGUMENT_HELP[action.dest]


def _group(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, help_text: str
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    parser = commands.add_parser(name, help=help_text, description=help_text)
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    return sub


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
    common = _sub_common()
    apps = _group(commands, "apps", "list and show applications")
    p = _sub(
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
    p = _sub(apps, "show", common, "one application: method, JAR, token binding, credentials")
    p.add_argument("client_id", metavar="CLIENT_ID")

    creds = _group(commands, "creds", "list, add, expire and delete credentials")
    p = _sub(creds, "list", common, "the credentials of an application and where each is attached")
    p.add_argument("client_id", metavar="CLIENT_ID")
    p = _sub(creds, "add", common, "upload a public key, certificate or subject DN")
    p.add_argument("client_id", metavar="CLIENT_ID")
    p.add_argument("--type", required=True, choices=CREDENTIAL_TYPES, dest="credential_type")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--pem", metavar="FILE|-", help="PEM file, or - for stdin")
    source.add_argument("--subject-dn", metavar="DN", help="subject DN (cert_subject_dn)")
    p.add_argument("--name", metavar="N", help="the credential's name")
    p.add_argument("--alg", choices=ALGS, help="public_key only (default: RS256)")
    p.add_argument("--kid", metavar="KID", help="public_key only (default: the key's thumbprint)")
    expiry = p.add_mutually_exclusive_group()
    expiry.add_argument(
        "--expires", metavar="DATE|+90d", help="2027-01-31, an ISO timestamp, +30d, +6m, +1y, never"
    )
    expiry.add_argument(
        "--expiry-from-cert", action="store_true", help="take the expiry from the certificate"
    )
    p.add_argument("--attach", action="store_true", help="attach it to the method its type serves")
    _change_flags(p)
    p = _sub(creds, "expire", common, "change when a credential expires")
    p.add_argument("client_id", metavar="CLIENT_ID")
    p.add_argument("credential_id", metavar="CREDENTIAL_ID")
    p.add_argument("--at", required=True, metavar="DATE|+90d", help="the new expiry")
    _change_flags(p)
    p = _sub(creds, "delete", common, "delete a credential (asks first on a terminal)")
    p.add_argument("client_id", metavar="CLIENT_ID")
    p.add_argument("credential_id", metavar="CREDENTIAL_ID")
    p.add_argument("--detach", action="store_true", help="detach it first if it is attached")
    p.add_argument(
        "--fallback",
        choices=FALLBACKS,
        help="with --detach: the method to switch to if detaching leaves none",
    )
    p.add_argument("--yes", action="store_true", help="do not ask (needed when not on a terminal)")
    p.add_argument(
        "--ignore-missing",
        action="store_true",
        help="a credential that is not there is not an error (exit 0): for reruns",
    )
    _change_flags(p)
    _add_rotate(creds, common)
    _add_rotate_secret(creds, common)

    auth = _group(commands, "auth", "show and change how an application authenticates")
    p = _sub(auth, "show", common, "method, attached credentials, JAR, token binding, Token Vault")
    p.add_argument("client_id", metavar="CLIENT_ID")
    p = _sub(auth, "set", common, "switch the authentication method")
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
    _change_flags(p)
    p = _sub(auth, "jar", common, "require signed authorization requests (JAR) or not")
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
    _change_flags(p)
    p = _sub(auth, "binding", common, "certificate-bound access tokens on or off")
    p.add_argument("client_id", metavar="CLIENT_ID")
    onoff = p.add_mutually_exclusive_group(required=True)
    onoff.add_argument("--on", action="store_true", dest="binding", default=None)
    onoff.add_argument("--off", action="store_false", dest="binding")
    _change_flags(p)
    p = _sub(
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
    _change_flags(p)
    p = _sub(
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
        choices=JWT_ALGS,
        dest="jwt_alg",
        help="RS256, PS256 (needs an Auth0 add-on) or HS256",
    )
    _change_flags(p)

    p = _sub(commands, "keygen", common, "generate a key pair (or a self-signed certificate)")
    p.add_argument("--out", required=True, metavar="FILE", help="private key file (0600)")
    p.add_argument("--bits", type=int, default=2048, choices=(2048, 3072, 4096))
    p.add_argument("--cert", action="store_true", help="also a self-signed certificate")
    p.add_argument("--days", type=int, metavar="N", help="certificate validity (default: 365)")
    p.add_argument("--subject", metavar="DN", help="certificate subject (default: CN=FILE name)")

    p = _sub(commands, "test", common, "request a token as the application with a local key")
    p.add_argument("client_id", metavar="CLIENT_ID")
    p.add_argument("--key", required=True, metavar="FILE", help="the private key")
    p.add_argument(
        "--cert", metavar="FILE", help="test mTLS with this certificate (local tenant only)"
    )
    p.add_argument("--alg", choices=ALGS, help="default: the matching credential's")
    p.add_argument("--kid", metavar="KID", help="default: the matching credential's")
    p.add_argument("--audience", metavar="URL", help="default: the Management API")

    p = _sub(
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

    _add_profile_commands(commands, common)


SLOTS = ("private_key_jwt", "tls_client_auth", "self_signed_tls_client_auth",
         "signed_request_object")  # fmt: skip


def _add_rotate(
    creds: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = _sub(
        creds,
        "rotate",
        common,
        "replace a credential without downtime, step by step; run again to continue",
        description="Rotate CREDENTIAL_ID of CLIENT_ID to a new credential without downtime: "
        "add the new one, attach it beside the old one, (test it,) detach and delete the old "
        "one. Where the rotation stands is read from the tenant each time, so running the "
        "same command again continues from there. The command itself consents to detaching "
        "and deleting CREDENTIAL_ID once the new one is attached; any other breaking effect "
        "needs --allow-breaking.",
    )
    p.add_argument("client_id", metavar="CLIENT_ID")
    p.add_argument("credential_id", metavar="CREDENTIAL_ID", help="the credential to replace")
    new = p.add_mutually_exclusive_group(required=True)
    new.add_argument("--pem", metavar="FILE", help="the new public key or certificate (- stdin)")
    new.add_argument(
        "--generate",
        metavar="FILE",
        help="make a new RSA key pair into FILE (0600) and FILE's .pub; a FILE that exists "
        "is reused as the new key, never overwritten",
    )
    new.add_argument("--subject-dn", metavar="DN", help="the new CA-signed certificate's DN")
    new.add_argument("--use", metavar="CREDENTIAL_ID", help="a credential already added")
    p.add_argument(
        "--slot",
        choices=SLOTS,
        metavar="SLOT",
        help=f"which slot, when the old one is in several: {', '.join(SLOTS)}",
    )
    p.add_argument(
        "--name", help="the new credential's name (default: the application's name and the date)"
    )
    p.add_argument("--alg", choices=ALGS, help="a public key's algorithm (default RS256)")
    p.add_argument(
        "--expires", metavar="DATE|+90d|never", help="a public key's expiry (default never)"
    )
    p.add_argument("--bits", type=int, default=2048, choices=(2048, 3072, 4096))
    p.add_argument(
        "--test-key",
        metavar="FILE",
        help="before detaching the old key, request a token with this private key (the new "
        "one's); stop if the tenant refuses it",
    )
    p.add_argument(
        "--until",
        choices=("attached", "done"),
        default="done",
        help="attached: stop with both attached, to deploy the new one (default: done)",
    )
    _change_flags(p)


def _add_rotate_secret(
    creds: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = _sub(
        creds,
        "rotate-secret",
        common,
        "make a new client secret for an application (the current one stops working)",
        description="Have the tenant make a new client secret for CLIENT_ID (an application "
        "that authenticates with its client secret). The current secret is refused from "
        "then on. The new one is printed only with --show-secret, or written to a new file "
        "with --secret-file; credtui keeps it nowhere else, except in the credtui profiles "
        "that use this secret when --update-profile is given. The command is itself consent "
        "to replacing the secret (it asks on a terminal; --yes otherwise); rotating the "
        "secret this profile authenticates with also needs --allow-breaking.",
    )
    p.add_argument("client_id", metavar="CLIENT_ID")
    p.add_argument(
        "--show-secret",
        action="store_true",
        help="print the new secret on stdout (alone, or as client_secret with --json)",
    )
    p.add_argument(
        "--secret-file",
        metavar="FILE",
        help="write the new secret to FILE, created 0600 (an existing FILE is refused)",
    )
    p.add_argument(
        "--update-profile",
        action="store_true",
        help="give the new secret to the credtui profiles that use it (config file or "
        "system keyring)",
    )
    p.add_argument("--yes", action="store_true", help="do not ask (needed when not on a terminal)")
    _change_flags(p)


def _add_profile_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    profile = _group(commands, "profile", "tenant profiles in the config file")
    _sub(profile, "list", common, "every profile, the default marked")
    p = _sub(profile, "show", common, "one profile (secrets never shown)")
    p.add_argument("name", metavar="NAME", nargs="?")
    p = _sub(
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
    p = _sub(profile, "remove", common, "remove a profile (and its secret in the keyring)")
    p.add_argument("name", metavar="NAME")
    p = _sub(
        profile,
        "secure",
        common,
        "move a profile's client secret from the config file into the system keyring",
    )
    p.add_argument("name", metavar="NAME")
    p = _sub(profile, "default", common, "make a profile the default")
    p.add_argument("name", metavar="NAME")
