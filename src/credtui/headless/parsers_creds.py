"""The parsers of ``credtui creds``: list, add, expire, delete, rotate and rotate-secret."""

from __future__ import annotations

import argparse

from credtui.headless.options import change_flags, group, sub
from credtui.vocabulary import (
    ALGS,
    CREDENTIAL_METHODS,
    CREDENTIAL_TYPES,
    TOKEN_ENDPOINT_AUTH_METHODS,
    Slot,
)

SLOTS = (*CREDENTIAL_METHODS, Slot.SIGNED_REQUEST_OBJECT.value)
"""What ``creds rotate --slot`` takes: the slots a rotation replaces a credential in."""


def add_creds_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add ``creds`` and its actions."""
    creds = group(commands, "creds", "list, add, expire and delete credentials")
    p = sub(creds, "list", common, "the credentials of an application and where each is attached")
    p.add_argument("client_id", metavar="CLIENT_ID")
    p = sub(creds, "add", common, "upload a public key, certificate or subject DN")
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
    change_flags(p)
    p = sub(creds, "expire", common, "change when a credential expires")
    p.add_argument("client_id", metavar="CLIENT_ID")
    p.add_argument("credential_id", metavar="CREDENTIAL_ID")
    p.add_argument("--at", required=True, metavar="DATE|+90d", help="the new expiry")
    change_flags(p)
    p = sub(creds, "delete", common, "delete a credential (asks first on a terminal)")
    p.add_argument("client_id", metavar="CLIENT_ID")
    p.add_argument("credential_id", metavar="CREDENTIAL_ID")
    p.add_argument("--detach", action="store_true", help="detach it first if it is attached")
    p.add_argument(
        "--fallback",
        choices=TOKEN_ENDPOINT_AUTH_METHODS,
        help="with --detach: the method to switch to if detaching leaves none",
    )
    p.add_argument("--yes", action="store_true", help="do not ask (needed when not on a terminal)")
    p.add_argument(
        "--ignore-missing",
        action="store_true",
        help="a credential that is not there is not an error (exit 0): for reruns",
    )
    change_flags(p)
    _add_rotate(creds, common)
    _add_rotate_secret(creds, common)


def _add_rotate(
    creds: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub(
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
    change_flags(p)


def _add_rotate_secret(
    creds: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    p = sub(
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
    change_flags(p)
