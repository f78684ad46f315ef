"""Rotating a credential without downtime, as steps read back from the tenant's state.

A rotation replaces the *old* credential of one slot (a credential method or
JAR) with a *new* one. The order keeps the slot working at every moment:

1. ``make_room``: when the slot already holds two credentials, detach the one
   that is not being rotated (Auth0 allows two per slot); the old one keeps
   working;
2. ``add``: create the new credential (nothing attached changes);
3. ``attach``: attach it beside the old one: both work;
4. ``deploy``: the person deploys the new key where the application runs and
   tests it; nothing changes on the tenant, so this step is the one a rotation
   pauses at;
5. ``detach_old``: detach the old credential; the new one carries on;
6. ``delete_old``: delete the old credential (unless another slot still uses it).

Nothing of a rotation is stored anywhere but the tenant: :func:`locate` reads
which steps are done from the application and its credentials, so a rotation
that failed or was interrupted resumes where the tenant is, from any machine.
The slot is never left empty: the old credential is detached only once the new
one is attached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from credtui import rules
from credtui.api.checks import LocalIdentity, check_credential_draft
from credtui.errors import LocalValidationError
from credtui.models import Application, Credential, CredentialDraft, Slot
from credtui.ops.changes import attach_change, check_add, detach_change, slot_label

if TYPE_CHECKING:
    from credtui.api.client import ManagementClient

__all__ = [
    "RotationState",
    "RotationStep",
    "describe_state",
    "locate",
    "resume_candidate",
    "rotatable_slots",
    "run_step",
]


class RotationStep(StrEnum):
    """The next thing a rotation does."""

    MAKE_ROOM = "make_room"
    ADD = "add"
    ATTACH = "attach"
    DEPLOY = "deploy"
    DETACH_OLD = "detach_old"
    DELETE_OLD = "delete_old"
    DONE = "done"


ORDER = tuple(RotationStep)


@dataclass(frozen=True)
class RotationState:
    """Where a rotation stands, as read from the tenant."""

    slot: Slot
    old_id: str
    step: RotationStep
    old: Credential | None
    new: Credential | None
    other: Credential | None = None
    """The credential detached to make room (slot full), while that step is ahead."""

    def plan(self) -> list[tuple[RotationStep, str, bool]]:
        """Every step with its words and whether it is done, in order."""
        where = slot_label(self.slot)
        old = self.old.display_name if self.old else self.old_id
        new = self.new.display_name if self.new else "the new credential"
        words = {
            RotationStep.MAKE_ROOM: (
                f"Detach {self.other.display_name} from {where} to make room (two at most); "
                "anything still using it stops working"
                if self.other
                else f"{where} has room for the new credential"
            ),
            RotationStep.ADD: f"Add {new}",
            RotationStep.ATTACH: f"Attach {new} to {where} beside {old}: both work",
            RotationStep.DEPLOY: f"Deploy {new} where the application runs, and test it",
            RotationStep.DETACH_OLD: f"Detach {old} from {where}: {new} carries on",
            RotationStep.DELETE_OLD: f"Delete {old}",
        }
        now = ORDER.index(self.step)
        return [(step, words[step], ORDER.index(step) < now) for step in ORDER[:-1]]


def _slot_ids(app: Application, slot: Slot) -> tuple[str, ...]:
    if slot in (Slot.SIGNED_REQUEST_OBJECT, Slot.TOKEN_VAULT_PRIVILEGED_ACCESS):
        return app.credential_ids_for(slot)
    active = app.auth_method
    return app.credential_ids_for(slot) if active is not None and active.value == slot.value else ()


def _refuse(message: str, code: str) -> LocalValidationError:
    return LocalValidationError("rotation", message, code=code)


def locate(
    app: Application,
    credentials: Sequence[Credential],
    *,
    slot: Slot,
    old_id: str,
    new_id: str | None = None,
    new_identity: LocalIdentity | None = None,
    deployed: bool = False,
) -> RotationState:
    """Read where the rotation of ``old_id`` on ``slot`` stands.

    The new credential is found by ``new_id``, else by ``new_identity`` (the kid,
    thumbprint or DN a draft will get). ``deployed`` is the person's word that
    the new key is in use (the one step the tenant cannot show).
    """
    by_id = {c.id: c for c in credentials}
    old = by_id.get(old_id)
    new = by_id.get(new_id) if new_id else None
    if new is None and new_identity is not None:
        new = next(
            (c for c in credentials if c.id != old_id and new_identity.matches(c, None)), None
        )
    ids = _slot_ids(app, slot)

    def state(step: RotationStep, other: Credential | None = None) -> RotationState:
        return RotationState(slot, old_id, step, old, new, other)

    if new is not None and new.id in ids:
        if old is not None and old.id in ids:
            return state(RotationStep.DETACH_OLD if deployed else RotationStep.DEPLOY)
        if old is not None and not app.slots_of(old.id):
            return state(RotationStep.DELETE_OLD)
        return state(RotationStep.DONE)
    if old is None or old.id not in ids:
        raise _refuse(
            f"{old.display_name if old else old_id} is not attached to {slot_label(slot)}, so "
            "there is nothing to rotate: add and attach a credential instead.",
            "not_attached",
        )
    others = [c for c in ids if c != old.id and (new is None or c != new.id)]
    if len(ids) >= 2 and others:
        return state(RotationStep.MAKE_ROOM, by_id.get(others[0]) or Credential(others[0], ""))
    return state(RotationStep.ATTACH if new is not None else RotationStep.ADD)


def rotatable_slots(app: Application, credential: Credential) -> tuple[Slot, ...]:
    """The slots ``credential`` is attached to that a rotation can work on (not Token Vault)."""
    return tuple(
        slot
        for slot in app.slots_of(credential.id)
        if slot.value in rules.CREDENTIAL_TYPE_FOR_SLOT and credential.id in _slot_ids(app, slot)
    )


def resume_candidate(
    app: Application,
    credentials: Sequence[Credential],
    *,
    slot: Slot,
    old_id: str,
    now: datetime,
) -> tuple[Credential | None, str]:
    """The credential a rotation in progress most likely moves to, read from the tenant, and why.

    Nothing but the tenant remembers a rotation, so reopening one finds its new
    credential from what the tenant holds: one attached to ``slot`` beside the
    old one (the rotation got past ``attach``), else the newest unexpired
    credential of the slot's type added since the old one and attached nowhere
    (it got past ``add``). Either may also be a credential that was simply
    there: the reason says which was taken, so a person can choose otherwise.
    """
    wanted = rules.CREDENTIAL_TYPE_FOR_SLOT.get(slot.value)
    by_id = {c.id: c for c in credentials}
    old = by_id.get(old_id)
    old_name = old.display_name if old else old_id
    where = slot_label(slot)

    def usable(cred: Credential) -> bool:
        return (
            cred.id != old_id and str(cred.credential_type) == wanted and not cred.is_expired(now)
        )

    beside = [by_id[i] for i in _slot_ids(app, slot) if i in by_id and usable(by_id[i])]
    if beside:
        found = beside[0]
        return found, (
            f"{found.display_name} is attached to {where} beside {old_name}: it is taken as the "
            "new credential of a rotation in progress. To start afresh instead, choose how to "
            "make a new one below."
        )
    since = old.created_at if old is not None else None
    loose = [
        c
        for c in credentials
        if usable(c)
        and not app.slots_of(c.id)
        and (since is None or c.created_at is None or c.created_at >= since)
    ]
    if loose:
        found = max(
            enumerate(loose),
            key=lambda pair: (
                pair[1].created_at or datetime.min.replace(tzinfo=now.tzinfo),
                pair[0],
            ),
        )[1]
        return found, (
            f"{found.display_name} was added after {old_name} and is attached nowhere: it is "
            "taken as the new credential of a rotation in progress. To start afresh instead, "
            "choose how to make a new one below."
        )
    return None, ""


def describe_state(
    app: Application, credentials: Sequence[Credential], state: RotationState
) -> str:
    """What the slot holds now and whether the application still works, in words."""
    by_id = {c.id: c for c in credentials}
    where = slot_label(state.slot)
    ids = _slot_ids(app, state.slot)
    names = [by_id[i].display_name if i in by_id else i for i in ids]
    old = state.old.display_name if state.old else state.old_id
    new = state.new
    if not ids:
        return f"Nothing is attached to {where} now."
    attached = f"Attached to {where} now: {' and '.join(names)}."
    old_in = state.old_id in ids
    new_in = new is not None and new.id in ids
    if old_in and new_in:
        return f"{attached} Both are attached; nothing is broken: either one authenticates."
    if old_in and new is not None:
        return (
            f"{attached} {new.display_name} exists but is not attached yet; {old} carries on: "
            "nothing is broken."
        )
    if old_in:
        return f"{attached} {old} carries on: nothing is broken."
    if new_in and new is not None:
        elsewhere = ", ".join(slot_label(s) for s in app.slots_of(state.old_id))
        if state.old_id not in by_id:
            gone = "was deleted"
        elif elsewhere:
            gone = f"is detached from it (still attached to {elsewhere})"
        else:
            gone = "is detached and still exists (it authenticates nothing)"
        return f"{attached} {old} {gone}; {new.display_name} carries on."
    return attached


async def run_step(
    client: ManagementClient,
    app: Application,
    state: RotationState,
    *,
    now: datetime,
    draft: CredentialDraft | None = None,
    existing: Sequence[Credential] = (),
) -> Credential | None:
    """Do ``state``'s step on the tenant; returns the new credential after ``add``.

    The caller re-reads the application and its credentials afterwards and calls
    :func:`locate` again: the tenant, not this function, says what comes next.
    ``deploy`` and ``done`` change nothing.
    """
    cid = app.client_id
    step = state.step
    if step is RotationStep.MAKE_ROOM and state.other is not None:
        change = detach_change(app, state.other.id, only=state.slot)
        if change is not None:
            await client.update_authentication(cid, change)
    elif step is RotationStep.ADD:
        if draft is None:
            raise _refuse("Choose or generate the new credential first.", "no_new_credential")
        check_add(app, existing, check_credential_draft(draft, now), None)
        return await client.create_credential(cid, draft)
    elif step is RotationStep.ATTACH and state.new is not None:
        fresh = await client.get_application(cid)
        await client.update_authentication(cid, attach_change(fresh, state.slot, [state.new.id]))
    elif step is RotationStep.DETACH_OLD:
        fresh = await client.get_application(cid)
        if len(_slot_ids(fresh, state.slot)) < 2:  # never leave the slot empty
            raise _refuse(
                f"{slot_label(state.slot)} changed since it was read: detaching now could "
                "leave it with no credential. Reopen the rotation.",
                "stale",
            )
        change = detach_change(fresh, state.old_id, only=state.slot)
        if change is not None:
            await client.update_authentication(cid, change)
    elif step is RotationStep.DELETE_OLD:
        await client.delete_credential(cid, state.old_id)
    return None
