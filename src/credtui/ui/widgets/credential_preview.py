"""What Auth0 will store for a checked draft, and what a known certificate holds.

Plain text builders (no widgets): the add form shows :func:`preview_lines`
before anything is sent, and the application screen's detail pane shows
:func:`certificate_lines` for a certificate whose PEM is known locally.
"""

from __future__ import annotations

from datetime import datetime

from credtui import rules
from credtui.checks import CheckedCredential
from credtui.keys import PemInfo
from credtui.models import CredentialType
from credtui.ops.changes import slot_label, slots_for
from credtui.ops.expiry import NEVER_WARNING
from credtui.timefmt import absolute, describe_expiry, relative, strftime
from credtui.ui.rows import CREDENTIAL_TYPES

LABEL_WIDTH = 13


def _row(label: str, value: str) -> str:
    return f"{label:<{LABEL_WIDTH}}{value}"


def _dn_rows(label: str, dn: str) -> list[str]:
    """A DN in Auth0's newline form, one RDN a line (exactly as Auth0 stores it)."""
    parts = dn.splitlines() or [""]
    return [_row(label if i == 0 else "", part) for i, part in enumerate(parts)]


def serial_text(info: PemInfo) -> str | None:
    """The certificate's serial number in hex, colon-separated as openssl prints it."""
    cert = info.certificate()
    if cert is None:
        return None
    hex_digits = f"{cert.serial_number:x}"
    if len(hex_digits) % 2:
        hex_digits = "0" + hex_digits
    return ":".join(hex_digits[i : i + 2] for i in range(0, len(hex_digits), 2)).upper()


def certificate_lines(info: PemInfo, now: datetime) -> list[str]:
    """Subject, issuer, serial and validity of a certificate, a line each (empty for a
    bare key): compact, so at 80x24 the credential table above keeps its rows."""
    if not info.is_certificate:
        return []
    lines = [
        _row("Subject", ", ".join((info.subject_dn or "").splitlines())),
        _row("Issuer", ", ".join((info.issuer_dn or "").splitlines())),
    ]
    serial = serial_text(info)
    if serial:
        lines.append(_row("Serial", serial))
    if info.not_after is not None:
        start = strftime(info.not_before, "%Y-%m-%d") if info.not_before else "—"
        lines.append(
            _row(
                "Valid",
                f"{start} to {strftime(info.not_after, '%Y-%m-%d')} "
                f"({describe_expiry(info.not_after, now)})",
            )
        )
    return lines


def attachable_slots(credential_type: CredentialType) -> list[str]:
    """The slots a credential of this type can be attached to, in words."""
    return [slot_label(slot) for slot in slots_for(credential_type)]


def preview_lines(
    checked: CheckedCredential, now: datetime, *, expiry_note: str | None = None
) -> list[str]:
    """What Auth0 will store for ``checked``, line by line."""
    draft = checked.draft
    info = checked.info
    ctype = draft.credential_type
    lines = [_row("Type", CREDENTIAL_TYPES[ctype])]  # as the credential table names it
    if draft.name:
        lines.append(_row("Name", draft.name))
    if ctype is CredentialType.PUBLIC_KEY:
        # A kid is 43 characters: on its own line, so it is never wrapped mid-value.
        how = "as given" if draft.kid else "the key's RFC 7638 thumbprint"
        lines.append(_row("kid", how))
        lines.append(checked.identity.kid or "—")
        lines.append(_row("Algorithm", draft.alg or rules.DEFAULT_ALG))
    if info is not None:
        lines.append(_row("Key", info.key_description))
    if ctype is CredentialType.X509_CERT and info is not None:
        lines.append(_row("Thumbprint", info.thumbprint_sha256 or "—"))
    if ctype is CredentialType.CERT_SUBJECT_DN:
        lines += _dn_rows("Subject DN", checked.identity.subject_dn or "")
    elif info is not None and info.subject_dn:
        lines += _dn_rows("Subject", info.subject_dn)
    if info is not None and info.not_after is not None:
        start = strftime(info.not_before, "%Y-%m-%d") if info.not_before else "—"
        valid = f"{start} to {strftime(info.not_after, '%Y-%m-%d')}"
        if info.expired(now):
            valid += " (expired)"
        lines.append(_row("Valid", valid))
    lines.append(_row("Expires", _expiry_text(checked, now)))
    if expiry_note:
        lines.append(expiry_note)
    # Not "attaches to": whether it is attached is the "Attach now" choice.
    lines.append(f"Can be attached to {' or '.join(attachable_slots(ctype))}")
    return lines


def _expiry_text(checked: CheckedCredential, now: datetime) -> str:
    draft = checked.draft
    info = checked.info
    if draft.credential_type is CredentialType.CERT_SUBJECT_DN:
        return "never (a subject DN has no expiry)"
    when = draft.expires_at
    if draft.credential_type is CredentialType.X509_CERT or draft.parse_expiry_from_cert:
        when = info.not_after if info is not None else None
        if when is None:
            return "from the certificate"
        return f"{absolute(when)}, {relative(when, now)} (the certificate's)"
    if when is None:
        return "never"
    return f"{absolute(when)}, {relative(when, now)}"


NEVER_NOTE = NEVER_WARNING
"""Shown under the expiry choice when a person picks "never"."""
