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

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

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
from credtui.ops.rotation.finding import slot_ids

if TYPE_CHECKING:
    from credtui.api.client import ManagementClient


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
    ids = slot_ids(app, slot)

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


def describe_state(
    app: Application, credentials: Sequence[Credential], state: RotationState
) -> str:
    """What the slot holds now and whether the application still works, in words."""
    by_id = {c.id: c for c in credentials}
    where = slot_label(state.slot)
    ids = slot_ids(app, state.slot)
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
    ids = slot_ids(app, state.slot)
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
