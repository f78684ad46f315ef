"""``credtui creds rotate``: the TUI's rotation as one resumable command, for CI.

The same steps as the TUI's rotation dialog, from :mod:`credtui.ops.rotation`
(``make_room``, ``add``, ``attach``, ``deploy``, ``detach_old``, ``delete_old``),
each planned and sent through :mod:`credtui.ops.plan`. Where the rotation
stands is read from the tenant every time, never remembered: running the same
command again continues from what the tenant holds, on any machine.

The new credential comes from ``--pem FILE``, ``--generate FILE`` (an RSA key
made here; a file that already holds the new credential's key is reused, never
overwritten), ``--subject-dn DN`` or ``--use CREDENTIAL_ID`` (one already on the
application). ``--until attached`` stops with both attached, for the deploy;
the default runs to the end. The verb is itself consent to detach and delete
the credential it rotates once the new one is attached (and, with
``--test-key``, accepted by the tenant in a real token request); any other
effect, such as detaching a third credential to make room, needs
``--allow-breaking``.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from credtui import keys, rules
from credtui.checks import CheckedCredential, LocalIdentity, check_credential_draft
from credtui.errors import LocalValidationError, PartialChangeError
from credtui.headless.common import (
    EXIT_OK,
    EXIT_TENANT_ERROR,
    CommandError,
    emit_json,
    fail,
    message,
    now_utc,
    open_client,
    print_fields,
)
from credtui.headless.creds import expiry_arg, read_pem
from credtui.headless.planned import plan_json
from credtui.models import Application, Credential, CredentialDraft, CredentialType, Slot
from credtui.ops.changes import slot_label
from credtui.ops.keyfiles import default_key_name, generate_key_files
from credtui.ops.plan import Effect, Plan
from credtui.ops.rotation import (
    RotationState,
    RotationStep,
    locate,
    plan_step,
    rotatable_slots,
    run_step,
)

__all__ = ["cmd_rotate"]

CONSENTED = frozenset({Effect.DETACHES_WORKING_CREDENTIAL})
"""What ``creds rotate`` itself consents to, at ``detach_old`` only: detaching the old one."""


@dataclass
class NewMaterial:
    """Where the new credential comes from, and what is known of it so far."""

    kind: str
    """``pem``, ``generate``, ``subject_dn`` or ``use``."""
    value: str
    pem: str | None = None
    """The PEM to send (read from ``--pem``, or the public part of ``--generate``'s key)."""
    default_name: str | None = None
    """The new credential's name without ``--name``: ``<app-name>-<date>``, as the TUI's."""
    drafts: dict[Slot, CheckedCredential] = field(default_factory=dict)

    def draft_for(
        self, slot: Slot, args: argparse.Namespace, now: datetime
    ) -> CheckedCredential | None:
        """The checked draft of the new credential for ``slot`` (None: not known yet, or
        ``--use``). Raises when the material cannot serve that slot."""
        if self.kind == "use" or (self.kind != "subject_dn" and self.pem is None):
            return None
        if slot in self.drafts:
            return self.drafts[slot]
        ctype = CredentialType(rules.CREDENTIAL_TYPE_FOR_SLOT[slot.value])
        info = keys.inspect_pem(self.pem) if self.pem is not None else None
        if info is not None and ctype is not CredentialType.CERT_SUBJECT_DN:
            given = "certificate" if str(info.kind) == "certificate" else "public key"
            wanted = "certificate" if ctype is CredentialType.X509_CERT else "public key"
            if given != wanted:
                raise LocalValidationError(
                    "pem",
                    f"{slot_label(slot)} takes a {wanted}, and {self.value} holds a {given}",
                    code="wrong_type",
                )
        expires = (
            expiry_arg(args.expires, now)
            if args.expires is not None and ctype is CredentialType.PUBLIC_KEY
            else None
        )
        draft = CredentialDraft(
            credential_type=ctype,
            pem=self.pem,
            subject_dn=self.value if self.kind == "subject_dn" else None,
            name=args.name or self.default_name,
            alg=args.alg if ctype is CredentialType.PUBLIC_KEY else None,
            expires_at=expires,
        )
        checked = check_credential_draft(draft, now)
        self.drafts[slot] = checked
        return checked


def _material(args: argparse.Namespace) -> NewMaterial:
    if args.use is not None:
        return NewMaterial("use", args.use)
    if args.subject_dn is not None:
        return NewMaterial("subject_dn", args.subject_dn)
    if args.pem is not None:
        return NewMaterial("pem", args.pem, pem=read_pem(args.pem))
    out = Path(args.generate).expanduser()
    if out.exists():
        # A rerun: the key made the first time is the new credential's; never overwritten.
        try:
            key = keys.load_private_key(out)
        except keys.KeyMaterialError as exc:
            fail(
                f"--generate {out}: the file exists and is not a private key credtui can read "
                f"({exc.message}); it is never overwritten: give a new file name"
            )
        return NewMaterial("generate", str(out), pem=keys.public_key_to_pem(key))
    return NewMaterial("generate", str(out))


def _identity(material: NewMaterial, checked: CheckedCredential | None) -> LocalIdentity | None:
    return checked.identity if checked is not None else None


def _find_slot(
    args: argparse.Namespace,
    app: Application,
    creds: Sequence[Credential],
    material: NewMaterial,
    now: datetime,
) -> Slot:
    """The slot being rotated: ``--slot``, else the one the old credential is attached to,
    else (a rerun past ``detach_old``) the one the new credential is attached to."""
    if args.slot is not None:
        return Slot(args.slot)
    old = next((c for c in creds if c.id == args.credential_id), None)
    if old is not None:
        slots = rotatable_slots(app, old)
        if len(slots) == 1:
            return slots[0]
        if len(slots) > 1:
            fail(
                f"{args.credential_id} is attached to {', '.join(s.value for s in slots)}; "
                "say which one to rotate with --slot"
            )
    # The old one is attached nowhere (a rerun past detach_old) or gone: the new one says.
    for slot in Slot:
        if slot.value not in rules.CREDENTIAL_TYPE_FOR_SLOT:
            continue
        ids = app.credential_ids_for(slot)
        if material.kind == "use":
            if material.value in ids:
                return slot
            continue
        try:
            checked = material.draft_for(slot, args, now)
        except LocalValidationError:
            continue
        identity = _identity(material, checked)
        if identity is not None and any(c.id in ids and identity.matches(c, None) for c in creds):
            return slot
    raise LocalValidationError(
        "rotation",
        f"{args.credential_id} is not attached to a credential method or JAR, and no "
        "credential of the new material is either, so there is no rotation to start or "
        "continue: add and attach a credential instead (creds add --attach)",
        code="not_attached",
    )


@dataclass
class Report:
    """What this run did, for the summary and ``--json``."""

    done: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    test: dict[str, Any] | None = None
    generated: str | None = None


def _say(report: Report, text: str) -> None:
    report.lines.append(text)
    message(text)


async def cmd_rotate(args: argparse.Namespace) -> int:
    """Rotate CREDENTIAL_ID of CLIENT_ID to a new credential, step by step, resumable."""
    now = now_utc()
    if args.test_key is not None and args.until == "attached":
        fail(
            "--test-key tests the new key before the old one is detached: not with --until attached"
        )
    material = _material(args)
    report = Report()
    async with open_client(args) as client:
        cid = args.client_id
        app = await client.get_application(cid)
        creds = await client.list_credentials(cid)
        material.default_name = Path(default_key_name(app.name, now.strftime("%Y%m%d"))).stem
        names = _Names(creds)
        slot = _find_slot(args, app, creds, material, now)
        if args.test_key is not None and slot is not Slot.PRIVATE_KEY_JWT:
            fail(f"--test-key tests Private Key JWT; {slot_label(slot)} is not tested here")
        checked = material.draft_for(slot, args, now)
        new_id = material.value if material.kind == "use" else None
        deployed = args.until == "done" and args.test_key is None
        tested = False

        def where() -> RotationState:
            return locate(
                app,
                creds,
                slot=slot,
                old_id=args.credential_id,
                new_id=new_id,
                new_identity=_identity(material, checked),
                deployed=deployed or tested,
            )

        state = where()
        if args.dry_run:
            return _dry_run(args, app, creds, state, checked, material, client, now, names)
        try:
            while state.step is not RotationStep.DONE:
                if state.step is RotationStep.DEPLOY:
                    if args.until == "attached":
                        break
                    if args.test_key is not None and not tested:
                        assert state.new is not None
                        tested = await _test_new_key(client, cid, state.new, args.test_key, report)
                        state = where()
                        continue
                if (
                    state.step is RotationStep.ADD
                    and material.kind == "generate"
                    and checked is None
                ):
                    checked = await _generate(material, args, slot, now, report)
                plan = _plan(app, creds, state, checked, client, now)
                accept = _accepted(args, state, plan)
                outcome = await run_step(
                    client,
                    app,
                    state,
                    now=now,
                    draft=checked,
                    accept=accept,
                    seen=plan,
                )
                if outcome is not None:
                    app, creds = outcome.application, list(outcome.credentials)
                    names.add(creds)
                    if outcome.created is not None:
                        new_id = outcome.created.id
                    if outcome.error is not None:
                        raise outcome.error
                report.done.append(state.step.value)
                _say(report, _done_words(state, outcome.created if outcome else None, names))
                state = where()
        except Exception as exc:
            if not report.done:
                raise
            raise PartialChangeError(
                f"the rotation stopped after {', '.join(report.done)}: {exc}. Run the same "
                "command again to continue from where the tenant stands",
                cause=exc,
            ) from None
    return _finish(args, state, report, slot, names)


def _plan(
    app: Application,
    creds: Sequence[Credential],
    state: RotationState,
    checked: CheckedCredential | None,
    client: Any,
    now: datetime,
) -> Plan | None:
    """The plan of the step ``state`` is at (None for one that changes nothing)."""
    return plan_step(
        app,
        creds,
        state,
        now=now,
        draft=checked,
        own_client_id=client.tokens.client_id,
    )


def _accepted(args: argparse.Namespace, state: RotationState, plan: Plan | None) -> set[Effect]:
    """The effects this step may have: the verb's own at ``detach_old``, all with
    ``--allow-breaking``; anything else refuses the step with nothing sent."""
    if plan is None:
        return set()
    if args.allow_breaking:
        return set(plan.effect_names)
    if state.step is RotationStep.DETACH_OLD:
        return set(CONSENTED)
    return set()


async def _generate(
    material: NewMaterial, args: argparse.Namespace, slot: Slot, now: datetime, report: Report
) -> CheckedCredential | None:
    if slot is not Slot.PRIVATE_KEY_JWT and slot is not Slot.SIGNED_REQUEST_OBJECT:
        fail(f"--generate makes a key pair for Private Key JWT or JAR, not {slot_label(slot)}")
    made = await asyncio.to_thread(generate_key_files, Path(material.value), bits=args.bits)
    material.pem = made.public_file.read_text("ascii")
    report.generated = str(made.private_key)
    _say(report, f"generated {made.private_key} (0600, stays here) and {made.public_file}")
    return material.draft_for(slot, args, now)


async def _test_new_key(
    client: Any, cid: str, new: Credential, key_file: str, report: Report
) -> bool:
    from credtui.headless.keytools import _load_key, result_json
    from credtui.ops.tokentest import try_credential

    key = _load_key(key_file)
    result = await try_credential(client, cid, key)
    report.test = result_json(result)
    if not result.ok:
        why = " ".join(result.explanation) or "the tenant refused the token request"
        raise CommandError(
            f"the new key {new.display_name} was refused by the tenant, so the old one stays "
            f"attached: {why}",
            EXIT_TENANT_ERROR,
        )
    _say(report, f"tested {new.display_name}: the tenant issued a token with the new key")
    return True


class _Names:
    """Every credential's name seen in this run, by id: the old one is named even once deleted."""

    def __init__(self, creds: Sequence[Credential]) -> None:
        self.by_id: dict[str, str] = {}
        self.add(creds)

    def add(self, creds: Sequence[Credential]) -> None:
        self.by_id.update((c.id, c.display_name) for c in creds)

    def of(self, cred_id: str | None, fallback: str = "the new credential") -> str:
        return self.by_id.get(cred_id, cred_id) if cred_id else fallback


def _done_words(state: RotationState, created: Credential | None, names: _Names) -> str:
    new = created or state.new
    new_name = new.display_name if new else "the new credential"
    old = names.of(state.old_id)
    where = slot_label(state.slot)
    return {
        RotationStep.MAKE_ROOM: f"detached {state.other.display_name if state.other else ''} "
        f"from {where} to make room",
        RotationStep.ADD: f"added {new_name} ({new.id if new else ''})",
        RotationStep.ATTACH: f"attached {new_name} to {where} beside {old}",
        RotationStep.DEPLOY: "deployed",
        RotationStep.DETACH_OLD: f"detached {old} from {where}",
        RotationStep.DELETE_OLD: f"deleted {old}",
    }.get(state.step, state.step.value)


def _summary(state: RotationState, slot: Slot, names: _Names) -> str:
    old = names.of(state.old_id)
    new = names.of(state.new.id if state.new else None)
    if state.step is RotationStep.DONE:
        return f"rotated {old} to {new} on {slot_label(slot)}: complete"
    return (
        f"paused with {old} and {new} both attached to {slot_label(slot)}: deploy {new} where "
        "the application runs, then run the same command again (without --until attached) "
        "to detach and delete the old one"
    )


def _state_json(state: RotationState, slot: Slot, names: _Names) -> dict[str, Any]:
    new_id = state.new.id if state.new else None
    return {
        "slot": slot.value,
        "old": {"id": state.old_id, "name": names.of(state.old_id), "exists": bool(state.old)},
        "new": {"id": new_id, "name": names.of(new_id)} if new_id else None,
        "step": state.step.value,
        "steps": [{"step": s.value, "done": d, "words": w} for s, w, d in state.plan()],
    }


def _finish(
    args: argparse.Namespace, state: RotationState, report: Report, slot: Slot, names: _Names
) -> int:
    summary = _summary(state, slot, names)
    if args.json:
        emit_json(
            {
                "client_id": args.client_id,
                **_state_json(state, slot, names),
                "done": report.done,
                "sent": bool(report.done),
                "generated": report.generated,
                "test": report.test,
                "complete": state.step is RotationStep.DONE,
            }
        )
    else:
        print_fields(
            [
                ("client", args.client_id),
                ("slot", slot.value),
                ("old", state.old.id if state.old else state.old_id),
                ("new", state.new.id if state.new else ""),
                ("step", state.step.value),
                ("done now", ", ".join(report.done) or "nothing (the tenant was already there)"),
            ]
        )
    message(summary)
    return EXIT_OK


def _dry_run(
    args: argparse.Namespace,
    app: Application,
    creds: Sequence[Credential],
    state: RotationState,
    checked: CheckedCredential | None,
    material: NewMaterial,
    client: Any,
    now: datetime,
    names: _Names,
) -> int:
    """Where the rotation stands and what the next step would send; nothing is sent."""
    plan: Plan | None = None
    pending = ""
    if state.step is RotationStep.ADD and checked is None and material.kind == "generate":
        pending = f"would generate {material.value} and add its public key"
    elif state.step is not RotationStep.DONE:
        plan = _plan(app, creds, state, checked, client, now)
    if args.json:
        emit_json(
            {
                "client_id": args.client_id,
                **_state_json(state, state.slot, names),
                "done": [],
                "sent": False,
                "next": plan_json(plan, sent=False) if plan else pending or None,
            }
        )
        return EXIT_OK
    lines = [
        f"{'✓' if done else '→' if step is state.step else ' '} {words}"
        for step, words, done in state.plan()
    ]
    for line in lines:
        print(line)
    if plan is not None:
        print("next step's plan (nothing sent):")
        for line in plan.lines():
            print(f"  {line}")
    elif pending:
        print(f"next step: {pending} (nothing done)")
    return EXIT_OK
