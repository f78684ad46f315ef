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
from datetime import datetime
from pathlib import Path
from typing import Any

from credtui.checks import CheckedCredential
from credtui.errors import PartialChangeError
from credtui.exit_codes import EXIT_OK, EXIT_TENANT_ERROR
from credtui.headless.common import CommandError, fail, now_utc, open_client
from credtui.headless.output import emit_json
from credtui.headless.planned import plan_json
from credtui.headless.rotate_material import NewMaterial, find_slot, material_from, new_identity
from credtui.headless.rotate_report import Names, Report, done_words, finish, say, state_json
from credtui.models import Application, Credential, Slot
from credtui.ops.changes import slot_label
from credtui.ops.keyfiles import default_key_name, generate_key_files
from credtui.ops.plan import Effect, Plan
from credtui.ops.rotation import (
    RotationState,
    RotationStep,
    locate,
    plan_step,
    run_step,
)

__all__ = ["cmd_rotate"]

CONSENTED = frozenset({Effect.DETACHES_WORKING_CREDENTIAL})
"""What ``creds rotate`` itself consents to, at ``detach_old`` only: detaching the old one."""


async def cmd_rotate(args: argparse.Namespace) -> int:
    """Rotate CREDENTIAL_ID of CLIENT_ID to a new credential, step by step, resumable."""
    now = now_utc()
    if args.test_key is not None and args.until == "attached":
        fail(
            "--test-key tests the new key before the old one is detached: not with --until attached"
        )
    material = material_from(args)
    report = Report()
    async with open_client(args) as client:
        cid = args.client_id
        app = await client.get_application(cid)
        creds = await client.list_credentials(cid)
        material.default_name = Path(default_key_name(app.name, now.strftime("%Y%m%d"))).stem
        names = Names(creds)
        slot = find_slot(args, app, creds, material, now)
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
                new_identity=new_identity(material, checked),
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
                say(report, done_words(state, outcome.created if outcome else None, names))
                state = where()
        except Exception as exc:
            if not report.done:
                raise
            raise PartialChangeError(
                f"the rotation stopped after {', '.join(report.done)}: {exc}. Run the same "
                "command again to continue from where the tenant stands",
                cause=exc,
            ) from None
    return finish(args, state, report, slot, names)


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
    say(report, f"generated {made.private_key} (0600, stays here) and {made.public_file}")
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
    say(report, f"tested {new.display_name}: the tenant issued a token with the new key")
    return True


def _dry_run(
    args: argparse.Namespace,
    app: Application,
    creds: Sequence[Credential],
    state: RotationState,
    checked: CheckedCredential | None,
    material: NewMaterial,
    client: Any,
    now: datetime,
    names: Names,
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
                **state_json(state, state.slot, names),
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
