"""Which rotation ``o`` on a credential means: its old and new credential, read from the
tenant (or from what the session recorded), and the slots a rotation can work on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from credtui import rules
from credtui.models import Application, Credential, Slot
from credtui.ops.changes import slot_label
from credtui.timefmt import absolute, describe_expiry

if TYPE_CHECKING:
    pass

Recorded = Mapping[Slot, tuple[str, str]]
"""What a session remembers of an application's rotations: slot -> (old id, new id)."""


def slot_ids(app: Application, slot: Slot) -> tuple[str, ...]:
    if slot in (Slot.SIGNED_REQUEST_OBJECT, Slot.TOKEN_VAULT_PRIVILEGED_ACCESS):
        return app.credential_ids_for(slot)
    active = app.auth_method
    return app.credential_ids_for(slot) if active is not None and active.value == slot.value else ()


def rotatable_slots(app: Application, credential: Credential) -> tuple[Slot, ...]:
    """The slots ``credential`` is attached to that a rotation can work on (not Token Vault)."""
    return tuple(
        slot
        for slot in app.slots_of(credential.id)
        if slot is not Slot.TOKEN_VAULT_PRIVILEGED_ACCESS
        and slot.value in rules.CREDENTIAL_TYPE_FOR_SLOT
        and credential.id in slot_ids(app, slot)
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
        ids = slot_ids(app, slot)
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
        for i in slot_ids(app, slot)
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
    ids = slot_ids(app, slot)
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
