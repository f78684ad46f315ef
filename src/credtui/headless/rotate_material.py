"""Where ``creds rotate``'s new credential comes from (``--pem``, ``--generate``,
``--subject-dn``, ``--use``), checked for the slot it goes to, and which slot that is."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from credtui import keys, rules
from credtui.checks import (
    CheckedCredential,
    CheckedPem,
    LocalIdentity,
    check_credential_draft,
    check_pem,
    refusal,
)
from credtui.errors import LocalValidationError
from credtui.headless.common import fail
from credtui.headless.creds import expiry_arg, read_pem
from credtui.models import Application, Credential, CredentialDraft, CredentialType, Slot
from credtui.ops.changes import slot_label
from credtui.ops.rotation import (
    rotatable_slots,
)


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
        checked_pem = self._checked_pem(slot, ctype) if self.pem is not None else None
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
        checked = check_credential_draft(draft, now, pem=checked_pem)  # the PEM read once
        self.drafts[slot] = checked
        return checked

    def _checked_pem(self, slot: Slot, ctype: CredentialType) -> CheckedPem:
        """The PEM read and checked for ``slot``; the wrong kind for it is said in its words."""
        assert self.pem is not None
        wanted = "public key" if ctype is CredentialType.PUBLIC_KEY else "certificate"
        try:
            checked = check_pem(self.pem, ctype)
        except LocalValidationError as exc:
            if exc.code != "certificate_required" or ctype is CredentialType.CERT_SUBJECT_DN:
                raise
            raise self._wrong_kind(slot, wanted, "public key") from None
        if ctype is CredentialType.PUBLIC_KEY and checked.info.is_certificate:
            raise self._wrong_kind(slot, wanted, "certificate")
        return checked

    def _wrong_kind(self, slot: Slot, wanted: str, given: str) -> LocalValidationError:
        return refusal(
            "pem",
            f"{slot_label(slot)} takes a {wanted}, and {self.value} holds a {given}",
            "wrong_type",
        )


def material_from(args: argparse.Namespace) -> NewMaterial:
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


def new_identity(material: NewMaterial, checked: CheckedCredential | None) -> LocalIdentity | None:
    return checked.identity if checked is not None else None


def find_slot(
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
        identity = new_identity(material, checked)
        if identity is not None and any(c.id in ids and identity.matches(c, None) for c in creds):
            return slot
    raise LocalValidationError(
        "rotation",
        f"{args.credential_id} is not attached to a credential method or JAR, and no "
        "credential of the new material is either, so there is no rotation to start or "
        "continue: add and attach a credential instead (creds add --attach)",
        code="not_attached",
    )
