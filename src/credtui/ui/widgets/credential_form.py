"""The add dialog's values, checked field by field with the client's own checks.

Pure (no widgets): :func:`check_form` takes what the person typed and returns
each field's problem, or the checked draft when there is none. It runs the same
single implementations the client runs before sending (:mod:`credtui.keys`,
:mod:`credtui.rules`, :func:`credtui.ops.expiry.parse_expiry`,
:func:`credtui.checks.check_pem` and :func:`~credtui.checks.check_credential_draft`,
:func:`credtui.ops.changes.check_add`), so the dialog refuses exactly what
sending would refuse, before anything is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from credtui import keys, rules
from credtui.checks import CheckedCredential, CheckedPem, check_credential_draft, check_pem
from credtui.errors import LocalValidationError
from credtui.models import Application, Credential, CredentialDraft, CredentialType, Slot
from credtui.ops.changes import check_add, check_room
from credtui.ops.expiry import parse_expiry

KIND_TYPE = {
    "public_key": CredentialType.PUBLIC_KEY,
    "x509_cert": CredentialType.X509_CERT,
    "ca_pem": CredentialType.CERT_SUBJECT_DN,
    "ca_dn": CredentialType.CERT_SUBJECT_DN,
}
"""The dialog's four kinds -> the credential type each creates."""
FIELDS_FOR = {
    "public_key": ("pem", "alg", "kid", "expiry"),
    "x509_cert": ("pem",),
    "ca_pem": ("pem",),
    "ca_dn": ("subject-dn",),
}
"""The fields each kind shows (beside name and attach)."""
FIELD_OF = {"expires_at": "expiry", "parse_expiry_from_cert": "expiry", "subject_dn": "subject-dn"}
"""Core field names -> the dialog's field ids (the rest are the same)."""


@dataclass(frozen=True)
class FormValues:
    """What the person typed or picked, as text."""

    kind: str
    name: str = ""
    pem: str = field(default="", repr=False)
    subject_dn: str = ""
    alg: str = rules.DEFAULT_ALG
    kid: str = ""
    expiry_choice: str = "+90d"
    """A quick choice (``+30d``...), ``typed``, ``cert`` or ``never``."""
    expires: str = ""
    attach: Slot | None = None


@dataclass
class FormCheck:
    """Each field's problem; ``checked`` is set only when there is none."""

    errors: dict[str, str] = field(default_factory=dict)
    checked: CheckedCredential | None = None
    private_key: bool = False
    """The PEM holds a private key: the caller must clear it from the screen."""


def _checked_pem(values: FormValues, ctype: CredentialType, result: FormCheck) -> CheckedPem | None:
    """The PEM read and checked (None when absent or refused); its problem goes into ``result``."""
    if not values.pem.strip():
        return None
    try:
        return check_pem(values.pem, ctype)
    except LocalValidationError as exc:
        result.errors["pem"] = exc.message
        result.private_key = exc.code == "private_key"
        return None


def _check_add_shape(
    application: Application,
    credentials: Sequence[Credential],
    ctype: CredentialType,
    attach: Slot | None,
    errors: dict[str, str],
) -> None:
    """:func:`check_room`: the add's shape alone (no key yet: no duplicate to find)."""
    try:
        check_room(application, credentials, ctype, attach)
    except LocalValidationError as exc:
        errors.setdefault(FIELD_OF.get(exc.field, exc.field), exc.message)


def check_form(
    values: FormValues,
    application: Application,
    credentials: Sequence[Credential],
    now: datetime,
) -> FormCheck:
    """Check every field; when all pass, check the draft and the add as a whole."""
    result = FormCheck()
    errors = result.errors
    ctype = KIND_TYPE[values.kind]
    name = values.name.strip()
    if name and (problem := rules.check_name(name)):
        errors["name"] = problem
    checked_pem: CheckedPem | None = None
    subject_dn = kid = alg = None
    expires_at = None
    from_cert = False
    if "pem" in FIELDS_FOR[values.kind]:
        checked_pem = _checked_pem(values, ctype, result)
    if values.kind == "ca_dn" and (subject_dn := values.subject_dn.strip() or None):
        try:
            keys.normalise_subject_dn(subject_dn)
        except keys.SubjectDnError as exc:
            errors["subject-dn"] = exc.message
    if ctype is CredentialType.PUBLIC_KEY:
        alg = values.alg
        kid = values.kid.strip() or None
        if kid and (problem := rules.check_kid(kid)):
            errors["kid"] = problem
        from_cert = values.expiry_choice == "cert"
        try:
            if values.expiry_choice == "typed":
                expires_at = parse_expiry(values.expires, now)
            elif values.expiry_choice not in ("never", "cert"):
                expires_at = parse_expiry(values.expiry_choice, now)
        except LocalValidationError as exc:
            errors["expiry"] = exc.message
    if errors or (checked_pem is None and subject_dn is None):
        # What the add as a whole would refuse (too many credentials, a full slot) is
        # said now too, beside the fields' problems: not once they are fixed.
        _check_add_shape(application, credentials, ctype, values.attach, errors)
        return result
    draft = CredentialDraft(
        ctype,
        pem=checked_pem.text if checked_pem else None,
        subject_dn=subject_dn,
        name=name or None,
        alg=alg,
        kid=kid,
        expires_at=expires_at,
        parse_expiry_from_cert=from_cert,
    )
    try:
        checked = check_credential_draft(draft, now, pem=checked_pem)  # not parsed again
        check_add(application, credentials, checked, values.attach)
    except LocalValidationError as exc:
        errors[FIELD_OF.get(exc.field, exc.field)] = exc.message
        return result
    result.checked = checked
    return result
