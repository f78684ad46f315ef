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

Every step that changes the tenant is an intent of :mod:`credtui.ops.plan`
(:func:`step_intent`), planned (:func:`plan_step`: ``make_room`` and
``detach_old`` detach a working credential, so they are breaking) and sent by
:func:`credtui.ops.plan.execute` (:func:`run_step`), which re-reads the tenant
and refuses an effect nobody accepted.

Which credential is old and which is new is the rotation's own, never a
cursor's: :func:`find_rotation` reads it from the tenant (a credential attached
beside the old one is its new one only when it was created after it), or from
what a caller recorded in its session, and says so in words; when the tenant
does not show one rotation unambiguously it preselects nothing and says what it
sees. :func:`locate` reads which steps are done from the application and its
credentials, so a rotation that failed or was interrupted resumes where the
tenant is, from any machine. The slot is never left empty: the other credential
is detached to make room only while the old one is attached, and the old one
only once the new one is attached (both checked on a fresh read just before).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from credtui import rules
from credtui.checks import CheckedCredential, LocalIdentity, refusal
from credtui.models import Application, Credential, CredentialDraft, Slot
from credtui.ops.changes import slot_label
from credtui.ops.plan import (
    AddCredential,
    Attach,
    DeleteCredential,
    Detach,
    Effect,
    Intent,
    Outcome,
    Plan,
    execute,
    make_plan,
)
from credtui.timefmt import absolute, describe_expiry

if TYPE_CHECKING:
    from credtui.api.client import ManagementClient

__all__ = [
    "Recorded",
    "Resumption",
    "RotationState",
    "RotationStep",
    "describe_state",
    "find_rotation",
    "locate",
    "plan_step",
    "resume_candidate",
    "rotatable_slots",
    "rotation_slots",
    "run_step",
    "step_intent",
]

Recorded = Mapping[Slot, tuple[str, str]]
"""What a session remembers of an application's rotations: slot -> (old id, new id)."""


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
        raise refusal(
            "rotation",
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
        if slot is not Slot.TOKEN_VAULT_PRIVILEGED_ACCESS
        and slot.value in rules.CREDENTIAL_TYPE_FOR_SLOT
        and credential.id in _slot_ids(app, slot)
    )


def rotation_slots(
    app: Application, credential: Credential, recorded: Recorded | None = None
) -> tuple[Slot, ...]:
    """The slots where ``o`` on ``credential`` rotates something.

    Those it is attached to (:func:`rotatable_slots`), and those where the session
    recorded a rotation it belongs to, old or new, while the old one is attached
    there (the new one of a rotation paused after ``add`` is attached nowhere).
    """
    slots = list(rotatable_slots(app, credential))
    for slot, (old_id, new_id) in (recorded or {}).items():
        ids = _slot_ids(app, slot)
        if (
            credential.id in (old_id, new_id)
            and slot not in slots
            and (old_id in ids or new_id in ids)
        ):
            slots.append(slot)
    return tuple(slots)


def _usable(cred: Credential, slot: Slot, now: datetime) -> bool:
    """Whether ``cred`` can be the new credential of a rotation on ``slot``."""
    wanted = rules.CREDENTIAL_TYPE_FOR_SLOT.get(slot.value)
    return str(cred.credential_type) == wanted and not cred.is_expired(now)


def _created_after(later: Credential, earlier: Credential) -> bool:
    """Whether the tenant says ``later`` was created after ``earlier`` (unknown: no)."""
    return (
        later.created_at is not None
        and earlier.created_at is not None
        and later.created_at > earlier.created_at
    )


def _seen(cred: Credential, now: datetime) -> str:
    """``payments-2026-q1 (created 2026-11-22 12:00 UTC, expires in 1 year)``."""
    created = f"created {absolute(cred.created_at)}" if cred.created_at else "created when unknown"
    expiry = describe_expiry(cred.expires_at, now, unreadable=cred.expiry_unreadable)
    return f"{cred.display_name} ({created}, {expiry})"


def resume_candidate(
    app: Application,
    credentials: Sequence[Credential],
    *,
    slot: Slot,
    old_id: str,
    now: datetime,
) -> tuple[Credential | None, str]:
    """The credential a rotation of ``old_id`` in progress moves to, read from the tenant, and why.

    One attached to ``slot`` beside the old one *and created after it* (the
    rotation got past ``attach``), else the newest unexpired credential of the
    slot's type added since the old one and attached nowhere (it got past
    ``add``). A credential beside the old one that was not created after it (or
    when the tenant does not say) is never taken: the reason then says what the
    tenant holds and the candidate is None, so nothing that would delete the
    old key is chosen for the person. The reason is "" when there is nothing to say.
    """
    by_id = {c.id: c for c in credentials}
    old = by_id.get(old_id)
    old_name = old.display_name if old else old_id
    where = slot_label(slot)
    beside = [
        by_id[i]
        for i in _slot_ids(app, slot)
        if i in by_id and i != old_id and _usable(by_id[i], slot, now)
    ]
    taken = [c for c in beside if old is not None and _created_after(c, old)]
    if taken:
        found = taken[0]
        return found, (
            f"{found.display_name} was added after {old_name} and is attached to {where} "
            "beside it: it is taken as the new credential of a rotation in progress. To "
            "start afresh instead, choose how to make a new one below."
        )
    if beside and old is not None:
        other = beside[0]
        if _created_after(old, other):
            why = f"{other.display_name} was added before {old_name}"
        elif other.created_at is None or old.created_at is None:
            why = "the tenant does not say which of them was added first"
        else:
            why = "both were added at the same time"
        return None, (
            f"{where} holds {_seen(old, now)} and {_seen(other, now)}. credtui cannot tell "
            f"a rotation in progress from this ({why}), so nothing is chosen: choose the "
            f"new credential below, {other.display_name} to finish replacing {old_name} "
            f"with it, or a new one ({other.display_name} is then detached to make room)."
        )
    since = old.created_at if old is not None else None
    loose = [
        c
        for c in credentials
        if c.id != old_id
        and _usable(c, slot, now)
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


@dataclass(frozen=True)
class Resumption:
    """Which rotation ``o`` on a credential means: its old one, its new one, and why."""

    old: Credential
    """The credential the rotation replaces (never swapped for the one ``o`` was pressed on)."""
    new: Credential | None
    """The rotation's new credential when one is evident (recorded, or read from the tenant)."""
    note: str = ""
    """What was seen and taken, in words ("" when there is nothing to say)."""
    ambiguous: bool = False
    """The tenant does not show one rotation: nothing is chosen; the person chooses."""


def find_rotation(
    app: Application,
    credentials: Sequence[Credential],
    *,
    slot: Slot,
    credential_id: str,
    now: datetime,
    recorded: tuple[str, str] | None = None,
) -> Resumption:
    """The rotation ``o`` on ``credential_id`` resumes or starts on ``slot``.

    ``recorded`` is what the session remembers of this slot's rotation (old id,
    new id): when ``credential_id`` is either of them and both still exist, that
    rotation resumes. Otherwise the tenant says: a credential attached beside
    the one pressed and created after it is its new one; one attached beside it
    and created *before* it is the old one of a rotation the pressed one is the
    new one of, so that rotation resumes (old stays old). When neither is
    evident nothing is chosen (:attr:`Resumption.ambiguous`) and the note says
    what the tenant holds.
    """
    by_id = {c.id: c for c in credentials}
    pressed = by_id.get(credential_id) or Credential(credential_id, "")
    where = slot_label(slot)
    if recorded is not None and credential_id in recorded:
        old, new = by_id.get(recorded[0]), by_id.get(recorded[1])
        if old is not None and new is not None and _usable(new, slot, now):
            return Resumption(
                old,
                new,
                f"This session's rotation of {old.display_name} to {new.display_name} on "
                f"{where} resumes: {old.display_name} stays the old credential.",
            )
    ids = _slot_ids(app, slot)
    beside = [by_id[i] for i in ids if i in by_id and i != credential_id]
    if credential_id in ids and beside:
        earlier = beside[0]
        if _created_after(pressed, earlier) and _usable(pressed, slot, now):
            return Resumption(
                earlier,
                pressed,
                f"{pressed.display_name} was added after {earlier.display_name} and is "
                f"attached to {where} beside it: this resumes the rotation of "
                f"{earlier.display_name} to {pressed.display_name} ({earlier.display_name} is "
                "the old credential, detached and deleted at the end). To start afresh "
                "instead, choose how to make a new one below.",
            )
    found, why = resume_candidate(app, credentials, slot=slot, old_id=credential_id, now=now)
    return Resumption(pressed, found, why, ambiguous=found is None and bool(why))


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


def step_intent(
    state: RotationState, *, draft: CredentialDraft | CheckedCredential | None = None
) -> Intent | None:
    """The change ``state``'s step makes, as an intent of :mod:`credtui.ops.plan`.

    None for a step that changes nothing on the tenant (``deploy``, ``done``, a
    ``make_room`` with nothing to detach, an ``attach`` with no new credential).
    """
    step = state.step
    if step is RotationStep.MAKE_ROOM and state.other is not None:
        return Detach(state.other.id, only=state.slot)
    if step is RotationStep.ADD:
        if draft is None:
            raise refusal(
                "rotation", "Choose or generate the new credential first.", "no_new_credential"
            )
        return AddCredential(draft, None)
    if step is RotationStep.ATTACH and state.new is not None:
        return Attach(state.slot, (state.new.id,))
    if step is RotationStep.DETACH_OLD:
        return Detach(state.old_id, only=state.slot)
    if step is RotationStep.DELETE_OLD:
        return DeleteCredential(state.old_id)
    return None


def plan_step(
    app: Application,
    credentials: Sequence[Credential],
    state: RotationState,
    *,
    now: datetime,
    draft: CredentialDraft | CheckedCredential | None = None,
    own_client_id: str | None = None,
) -> Plan | None:
    """The plan of ``state``'s step on ``app`` as read (None when it changes nothing).

    A person sees this plan, and confirms it when it is breaking, before
    :func:`run_step` sends it with its effects accepted.
    """
    intent = step_intent(state, draft=draft)
    if intent is None:
        return None
    return make_plan(intent, app, credentials, now=now, own_client_id=own_client_id)


def _check_never_empty(app: Application, state: RotationState) -> None:
    """Refuse a detach that could leave the slot with no credential (the tenant moved on)."""
    ids = _slot_ids(app, state.slot)
    if state.step is RotationStep.MAKE_ROOM:
        keeps = state.old_id in ids
    elif state.step is RotationStep.DETACH_OLD:
        keeps = state.new is not None and state.new.id in ids and state.new.id != state.old_id
    else:
        return
    if not keeps:
        raise refusal(
            "rotation",
            f"{slot_label(state.slot)} changed since it was read: detaching now could leave "
            "it with no credential. Nothing was sent; reopen the rotation.",
            "stale",
        )


async def run_step(
    client: ManagementClient,
    app: Application,
    state: RotationState,
    *,
    now: datetime,
    draft: CredentialDraft | CheckedCredential | None = None,
    accept: Collection[Effect] = (),
    seen: Plan | None = None,
) -> Outcome | None:
    """Do ``state``'s step on the tenant through :func:`credtui.ops.plan.execute`.

    The application is read afresh first: a detach that could leave the slot
    empty is refused, and the step is planned again on what the tenant holds;
    an effect outside ``accept`` (``seen``: the plan the person confirmed)
    refuses it with :class:`~credtui.ops.plan.BreakingChangeError`, nothing sent.
    Returns what the tenant holds afterwards (``created``: the new credential
    after ``add``), or None for a step that changes nothing (``deploy``,
    ``done``). The caller calls :func:`locate` again on the outcome: the
    tenant, not this function, says what comes next.
    """
    intent = step_intent(state, draft=draft)
    if intent is None:
        return None
    cid = app.client_id
    fresh = await client.get_application(cid)
    credentials = await client.list_credentials(cid)
    _check_never_empty(fresh, state)
    return await execute(
        client, cid, intent, accept=accept, now=now, seen=seen, state=(fresh, credentials)
    )
