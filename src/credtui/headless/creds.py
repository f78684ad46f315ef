"""``credtui creds list|add|expire|delete``: the credential lifecycle, one command each.

``add`` runs exactly the TUI's checks (:func:`credtui.checks.check_credential_draft`
first, with nothing sent, then :func:`credtui.ops.changes.check_add` against the
application's state) and refuses with the same words.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from credtui import keys
from credtui.checks import check_credential_draft
from credtui.errors import LocalValidationError
from credtui.exit_codes import EXIT_OK, EXIT_TENANT_ERROR
from credtui.files import path_refusal, shown_path
from credtui.headless.common import CommandError, fail, now_utc, open_client
from credtui.headless.output import emit_json, message, print_fields
from credtui.headless.planned import finish, plan_json, run_change
from credtui.headless.render import credential_json, expiry_text, print_credentials
from credtui.models import AuthMethod, Credential, CredentialDraft, CredentialType, Slot
from credtui.ops.changes import attach_change, slot_label
from credtui.ops.expiry import NEVER_WARNING, parse_expiry
from credtui.ops.plan import AddCredential, DeleteCredential, Plan, SetExpiry

MAX_READ = 1 << 20
"""Bytes read from a PEM file at most: a public key or certificate is a few kilobytes."""

SLOT_FOR_TYPE = {
    CredentialType.PUBLIC_KEY: Slot.PRIVATE_KEY_JWT,
    CredentialType.X509_CERT: Slot.SELF_SIGNED_TLS_CLIENT_AUTH,
    CredentialType.CERT_SUBJECT_DN: Slot.TLS_CLIENT_AUTH,
}
"""The slot ``--attach`` uses: the method each credential type serves."""


def read_pem(spec: str) -> str:
    """The PEM text in a file (or stdin for ``-``); binary input is refused as the TUI does."""
    if spec == "-":
        raw = sys.stdin.buffer.read(MAX_READ + 1)
    else:
        refusal = path_refusal(spec)
        if refusal is not None:
            fail(f"--pem: {refusal}")
        try:
            with open(spec, "rb") as handle:
                raw = handle.read(MAX_READ + 1)
        except OSError as exc:
            fail(f"cannot read {shown_path(spec)}: {exc.strerror or 'unreadable'}")
    if len(raw) > MAX_READ:
        fail(
            f"{shown_path(spec)} is over 1 MiB; a PEM public key or certificate is a few kilobytes"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Not text: let the one PEM inspector say what it is (DER, PKCS#12...) and refuse it.
    try:
        return keys.inspect_pem(raw).pem
    except keys.PemError as exc:
        raise LocalValidationError("pem", exc.message, code=exc.code) from None


def expiry_arg(text: str, now: datetime, warnings: list[str] | None = None) -> datetime | None:
    """``--expires``/``--at``: a date, timestamp or span; ``never`` is None (with the warning,
    said and added to ``warnings``)."""
    if text.strip().lower() == "never":
        message(NEVER_WARNING)
        if warnings is not None:
            warnings.append(NEVER_WARNING)
        return None
    return parse_expiry(text, now)


def parse_expiry_or_never(text: str, now: datetime) -> datetime | None:
    """``--at``: a date, timestamp or span, or ``never`` (no warning: the plan notes it)."""
    if text.strip().lower() == "never":
        return None
    return parse_expiry(text, now)


def _draft(args: argparse.Namespace, now: datetime, warnings: list[str]) -> CredentialDraft:
    ctype = CredentialType(args.credential_type)
    if args.pem is None and args.subject_dn is None:
        need = (
            "--subject-dn DN or --pem FILE"
            if ctype is CredentialType.CERT_SUBJECT_DN
            else "--pem FILE"
        )
        fail(f"creds add --type {ctype.value} needs {need} (- reads stdin)")
    expires_at = expiry_arg(args.expires, now, warnings) if args.expires is not None else None
    if ctype is CredentialType.PUBLIC_KEY and args.expires is None and not args.expiry_from_cert:
        message(f"no --expires given. {NEVER_WARNING}")
        warnings.append(f"no --expires given. {NEVER_WARNING}")
    return CredentialDraft(
        credential_type=ctype,
        pem=read_pem(args.pem) if args.pem is not None else None,
        subject_dn=args.subject_dn,
        name=args.name,
        alg=args.alg,
        kid=args.kid,
        expires_at=expires_at,
        parse_expiry_from_cert=args.expiry_from_cert,
    )


async def cmd_list(args: argparse.Namespace) -> int:
    """The credentials of one application and where each is attached."""
    async with open_client(args) as client:
        app = await client.get_application(args.client_id)
        creds = await client.list_credentials(args.client_id)
    if args.json:
        emit_json([credential_json(c, app) for c in creds])
    else:
        print_credentials(app, creds, now_utc())
    return EXIT_OK


async def cmd_add(args: argparse.Namespace) -> int:
    """Upload a credential, and attach it with ``--attach``; prints the created credential."""
    now = now_utc()
    warnings: list[str] = []
    draft = _draft(args, now, warnings)
    attach = SLOT_FOR_TYPE[draft.credential_type] if args.attach else None
    checked = check_credential_draft(draft, now)  # a refusal sends nothing at all
    run = await run_change(
        args, args.client_id, lambda app, creds: AddCredential(checked, attach), now=now
    )
    outcome = run.outcome
    if outcome is None:
        return EXIT_OK
    cred = outcome.created
    assert cred is not None  # an add that sent anything created it, or raised
    shown = next((c for c in outcome.credentials if c.id == cred.id), cred)
    slots = outcome.application.slots_of(cred.id)
    if args.json:
        warnings += [why for _, why in run.plan.effects] + list(run.plan.notes)
        emit_json(
            {
                **credential_json(shown, outcome.application),
                "warnings": warnings,
                **plan_json(run.plan, sent=True),
            }
        )
    else:
        _print_one(shown, slots, now)
    if outcome.error is not None:
        assert attach is not None
        hint = attach_change(outcome.application, attach, [cred.id])
        ids = " ".join(f"--credential {c}" for c in hint.credential_ids)
        message(
            f"{cred.id} was created but not attached to {slot_label(attach)}; to attach it "
            f"beside what is attached now: `credtui auth set {args.client_id} --method "
            f"{attach.value} {ids}` (it shows its plan first)."
        )
        raise outcome.error
    where = ", ".join(slot_label(s) for s in slots)
    message(f"created {cred.id}" + (f", attached to {where}" if slots else " (not attached)"))
    return EXIT_OK


def _print_one(cred: Credential, slots: tuple[Slot, ...] | None, now: datetime) -> None:
    """One credential as ``key: value`` lines (``slots`` None: where it is attached is unknown)."""
    pairs: list[tuple[str, object]] = [
        ("id", cred.id),
        ("name", cred.name or ""),
        ("type", str(cred.credential_type)),
        ("alg", cred.alg or ""),
        ("kid", cred.kid or ""),
        ("thumbprint", cred.thumbprint_sha256 or ""),
        ("subject DN", ", ".join((cred.subject_dn or "").splitlines())),
        ("expires", expiry_text(cred, now)),
    ]
    if slots is not None:
        pairs.append(("attached to", ", ".join(s.value for s in slots) or "NOT ATTACHED"))
    print_fields(pairs)


async def cmd_expire(args: argparse.Namespace) -> int:
    """Set when a credential expires (``never`` clears the expiry)."""
    now = now_utc()
    when = parse_expiry_or_never(args.at, now)
    run = await run_change(
        args, args.client_id, lambda app, creds: SetExpiry(args.credential_id, when), now=now
    )
    outcome = run.outcome
    if outcome is None:
        return EXIT_OK
    cred = next((c for c in outcome.credentials if c.id == args.credential_id), None)
    if cred is None:  # pragma: no cover - deleted by someone else in between
        raise CommandError(f"{args.credential_id} is gone from the tenant", EXIT_TENANT_ERROR)
    if not args.json:
        _print_one(cred, outcome.application.slots_of(cred.id), now)
    return finish(run, credential_json(cred, outcome.application) if args.json else None)


def _confirm(question: str) -> bool:
    sys.stderr.write(f"{question} [y/N] ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")


async def cmd_delete(args: argparse.Namespace) -> int:
    """Delete a credential: asks on a terminal, needs ``--yes`` otherwise."""
    on_terminal = sys.stdin.isatty() and sys.stderr.isatty()
    if not args.yes and not on_terminal and not args.dry_run:
        fail("deleting a credential needs confirmation: pass --yes (stdin is not a terminal)")
    if args.fallback is not None and not args.detach:
        fail("--fallback applies only with --detach")
    fallback = AuthMethod(args.fallback) if args.fallback else None

    def ask(plan: Plan) -> bool:
        return args.yes or _confirm(f"{plan.summary}?")

    try:
        run = await run_change(
            args,
            args.client_id,
            lambda app, creds: DeleteCredential(args.credential_id, args.detach, fallback),
            confirm=ask,
        )
    except LocalValidationError as exc:
        if not (args.ignore_missing and exc.code == "unknown_credential"):
            raise
        # A rerun after the credential went: nothing to do, and said so.
        message(f"{args.credential_id} is not on {args.client_id}: nothing to delete")
        if args.json:
            emit_json(
                {
                    "deleted": None,
                    "client_id": args.client_id,
                    "detached_from": [],
                    "missing": True,
                    "sent": False,
                }
            )
        return EXIT_OK
    outcome = run.outcome
    if outcome is None:
        return EXIT_OK
    before = outcome.plan.before.slots().items()
    detached = [slot.value for slot, ids in before if args.credential_id in ids]
    gone = all(c.id != args.credential_id for c in outcome.credentials)
    if gone and not args.json:
        message(f"deleted {args.credential_id} ({outcome.plan.name(args.credential_id)})")
    result = {
        "deleted": args.credential_id if gone else None,
        "client_id": args.client_id,
        "detached_from": detached,
    }
    return finish(run, result if args.json else None)
