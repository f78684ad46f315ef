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

from credtui.api.checks import LocalIdentity, check_credential_draft
from credtui.errors import LocalValidationError
from credtui.models import Application, Credential, CredentialDraft, Slot
from credtui.ops.changes import attach_change, check_add, detach_change, slot_label

if TYPE_CHECKING:
    from credtui.api.client import ManagementClient

__all__ = ["RotationState", "RotationStep", "locate", "run_step"]


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
