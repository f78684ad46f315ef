"""Whether ``o`` applies to a credential, and this session's record of rotations.

The application screen asks these before it opens
:class:`credtui.ui.screens.rotation.RotationScreen`: a credential attached nowhere, or
only where credtui does not rotate, is refused in words (the core's, from
:func:`credtui.ops.rotation.locate`); the record (``CredtuiApp.rotations``) tells the
dialog which rotation ``o`` resumes.
"""

from __future__ import annotations

from collections.abc import Sequence

from credtui.errors import LocalValidationError
from credtui.models import Application, Credential, Slot
from credtui.ops.changes import slot_label, slots_for
from credtui.ops.rotation import Recorded, locate, rotation_slots


def recorded_rotations(
    rotations: dict[tuple[str, Slot], tuple[str, str]], client_id: str
) -> dict[Slot, tuple[str, str]]:
    """The session's record (``CredtuiApp.rotations``) of one application's rotations."""
    return {slot: pair for (cid, slot), pair in rotations.items() if cid == client_id}


def rotation_refusal(
    application: Application,
    credentials: Sequence[Credential],
    credential: Credential,
    recorded: Recorded | None = None,
) -> str | None:
    """Why ``o`` does not apply to ``credential``, in words (None when it does)."""
    if rotation_slots(application, credential, recorded):
        return None
    name = credential.display_name
    if application.slots_of(credential.id):
        where = ", ".join(slot_label(s) for s in application.slots_of(credential.id))
        return f"{name} is attached only to {where}; credtui does not rotate it there."
    slots = slots_for(credential.credential_type)
    if not slots:
        return f"{name} is a {credential.credential_type} credential: credtui cannot rotate it."
    try:
        locate(application, credentials, slot=slots[0], old_id=credential.id)
    except LocalValidationError as exc:  # the core's words: not attached, nothing to rotate
        return exc.message
    return None  # pragma: no cover - an unattached credential is always refused above
