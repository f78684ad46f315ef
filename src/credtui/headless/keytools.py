"""``credtui keygen`` and ``credtui test``: make a key pair, and prove a key works.

``keygen`` writes the private key 0600 and never overwrites a file (exit 2);
``test`` makes a real ``client_credentials`` token request as the application,
signed with the local key (or, with ``--cert``, with the certificate as the
customer's edge forwards it, local tenant only), and explains a refusal (exit 3)
in words.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from credtui import keys
from credtui.errors import LocalValidationError
from credtui.exit_codes import EXIT_OK, EXIT_TENANT_ERROR
from credtui.files import shown_path
from credtui.headless.common import fail, open_client, profile_for
from credtui.headless.output import emit_json, message, print_fields
from credtui.headless.render import credential_json, stamp
from credtui.ops.keyfiles import generate_key_files
from credtui.ops.tokentest import TokenTestResult, try_credential
from credtui.ops.tokentest_mtls import mtls_refusal, read_certificate, try_mtls


def cmd_keygen(args: argparse.Namespace) -> int:
    """Generate an RSA key (and with ``--cert`` a self-signed certificate) into new files."""
    if not args.cert and (args.days is not None or args.subject is not None):
        fail("--days and --subject describe a certificate: add --cert")
    try:
        made = generate_key_files(
            Path(args.out).expanduser(),
            bits=args.bits,
            certificate=args.cert,
            days=365 if args.days is None else args.days,
            subject=args.subject,
        )
    except LocalValidationError as exc:
        fail(exc.message)  # nothing is sent by keygen: the plain sentence, not "Not sent: ..."
    if args.json:
        emit_json(
            {
                "private_key_file": str(made.private_key),
                "public_file": str(made.public_file),
                "kind": "certificate" if made.certificate else "public_key",
                "bits": made.bits,
                "kid": made.kid,
                "thumbprint_sha256": made.thumbprint_sha256,
                "subject_dn": made.subject_dn,
                "not_after": stamp(made.not_after),
            }
        )
    else:
        pairs: list[tuple[str, object]] = [
            ("private key", f"{made.private_key} (0600; keep it on this machine)"),
            ("certificate" if made.certificate else "public key", str(made.public_file)),
            ("kid", made.kid),
        ]
        if made.certificate:
            pairs += [
                ("thumbprint", made.thumbprint_sha256 or ""),
                ("subject DN", ", ".join((made.subject_dn or "").splitlines())),
                ("not after", stamp(made.not_after) or ""),
            ]
        print_fields(pairs)
    return EXIT_OK


def _load_key(path: str) -> Any:
    try:
        return keys.load_private_key(Path(path).expanduser())
    except keys.KeyLoadError as exc:
        if exc.code == "password_required" and sys.stdin.isatty() and sys.stderr.isatty():
            password = getpass.getpass(f"Password for {shown_path(path)}: ")
            try:
                return keys.load_private_key(Path(path).expanduser(), password)
            except keys.KeyLoadError as again:
                raise LocalValidationError("key", again.message, code=again.code) from None
        message_text = exc.message
        if exc.code == "password_required":
            message_text = "This private key is encrypted; run on a terminal to type its password."
        raise LocalValidationError("key", message_text, code=exc.code) from None


def result_json(result: TokenTestResult) -> dict[str, Any]:
    """``ok, authenticated, client_id, application, credential, alg, kid, audience,
    token_type, expires_in, scope, status, error, error_description, explanation``,
    and ``method, edge_verified, certificate_thumbprint, cnf_x5t_s256, cnf_matches``
    (the last four ``null`` for Private Key JWT)."""
    return {
        "ok": result.ok,
        "authenticated": result.authenticated,
        "client_id": result.client_id,
        "application": result.application,
        "credential": credential_json(result.credential) if result.credential else None,
        "method": result.method.value,
        "alg": result.alg or None,
        "kid": result.kid,
        "audience": result.audience,
        "token_type": result.token_type,
        "expires_in": result.expires_in,
        "scope": result.scope,
        "status": result.status,
        "error": result.error,
        "error_description": result.error_description,
        "explanation": list(result.explanation),
        "edge_verified": result.edge_verified,
        "certificate_thumbprint": result.certificate_thumbprint,
        "cnf_x5t_s256": result.cnf_thumbprint,
        "cnf_matches": result.cnf_matches,
    }


async def cmd_test(args: argparse.Namespace) -> int:
    """A token request as the application with the local key: 0 if authenticated, else 3."""
    profile_for(args)  # a bad profile is a usage error before the key is even read
    if args.cert is not None:
        if args.alg is not None or args.kid is not None:
            fail(
                "--alg and --kid belong to Private Key JWT; with --cert the certificate "
                "authenticates (mTLS), no assertion is signed"
            )
        async with open_client(args) as client:
            refusal = mtls_refusal(client.base_url)
            if refusal is not None:
                raise LocalValidationError("tenant", refusal, code="needs_edge")
            certificate = read_certificate(Path(args.cert).expanduser())
            key = _load_key(args.key)
            result = await try_mtls(
                client, args.client_id, certificate, key, audience=args.audience
            )
    else:
        key = _load_key(args.key)
        async with open_client(args) as client:
            result = await try_credential(
                client, args.client_id, key, alg=args.alg, kid=args.kid, audience=args.audience
            )
    if args.json:
        emit_json(result_json(result))
    else:
        print_fields(_result_fields(result))
    for line in result.explanation:
        message(line)
    return EXIT_OK if result.authenticated else EXIT_TENANT_ERROR


def _result_fields(result: TokenTestResult) -> list[tuple[str, object]]:
    """The plain-text lines of a result: never the token, only what describes it."""
    cred = result.credential
    pairs: list[tuple[str, object]] = [
        ("application", f"{result.application} ({result.client_id})"),
        ("credential", f"{cred.display_name} ({cred.id})" if cred else "not found"),
    ]
    if result.is_mtls:
        pairs += [
            ("method", result.method.value),
            ("edge header", f"client-certificate-ca-verified: {result.edge_verified}"),
            ("thumbprint", result.certificate_thumbprint or ""),
        ]
    else:
        pairs += [("alg", result.alg), ("kid sent", result.kid or "none")]
    if result.ok:
        pairs += [
            ("result", "token issued"),
            ("token type", result.token_type or ""),
            ("expires in", f"{result.expires_in} s" if result.expires_in else ""),
            ("scopes", result.scope or "none"),
        ]
        if result.is_mtls:
            if result.cnf_matches is None:
                bound = "no"
            elif result.cnf_matches:
                bound = "yes, cnf.x5t#S256 matches the certificate"
            else:
                bound = "to another certificate (cnf.x5t#S256 differs)"
            pairs.append(("bound", bound))
    else:
        state = "authenticated, no token" if result.authenticated else "refused"
        pairs.append(("result", f"{state} ({result.status} {result.error or ''})".strip()))
    return pairs
