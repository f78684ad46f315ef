"""Checks made before anything is sent, using :mod:`credtui.keys` and :mod:`credtui.rules`.

Each refusal is a :class:`~credtui.errors.LocalValidationError` naming the field
and saying why; the PEM refusals carry the :class:`credtui.keys.PemError` code.
A checked credential draft also yields the identity Auth0 will give it (kid,
certificate thumbprint or subject DN), which the client uses to find out
whether an unanswered create happened after all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from credtui import rules
from credtui.errors import LocalValidationError
from credtui.models import AuthChange, Credential, CredentialDraft, CredentialType
from credtui.timefmt import strftime

if TYPE_CHECKING:
    from credtui import keys

__all__ = [
    "CheckedDraft",
    "LocalIdentity",
    "check_auth_change",
    "check_credential_draft",
    "check_expiry",
]


@dataclass(frozen=True)
class LocalIdentity:
    """What identifies the credential Auth0 will create from a draft."""

    credential_type: CredentialType
    kid: str | None = None
    thumbprint_sha256: str | None = None
    subject_dn: str | None = None

    def matches(self, credential: Credential, name: str | None) -> bool:
        """Whether ``credential`` is the one this draft creates (same type, identity, name)."""
        if credential.credential_type != self.credential_type:
            return False
        if name is not None and credential.name != name:
            return False
        if self.credential_type is CredentialType.PUBLIC_KEY:
            return self.kid is not None and credential.kid == self.kid
        if self.credential_type is CredentialType.X509_CERT:
            return (
                self.thumbprint_sha256 is not None
                and credential.thumbprint_sha256 == self.thumbprint_sha256
            )
        return self.subject_dn is not None and credential.subject_dn == self.subject_dn


@dataclass(frozen=True)
class CheckedDraft:
    """A draft that passed the local checks: what to send, and what it will be."""

    draft: CredentialDraft
    """The draft to send: the PEM normalised, a typed subject DN in Auth0's form."""
    identity: LocalIdentity
    info: keys.PemInfo | None = None
    """What the PEM holds (None for a literal subject DN)."""

    def key_facts(self) -> rules.KeyFacts:
        """All that is known of the key to be sent, for :func:`credtui.rules.same_key`."""
        return rules.KeyFacts(
            self.identity.credential_type.value,
            kid=self.identity.kid,
            thumbprint_sha256=self.identity.thumbprint_sha256,
            public_key_sha256=self.info.public_key_sha256 if self.info else None,
            key_kid=self.info.kid if self.info else None,
        )


def _refuse(field: str, message: str | None, code: str = "invalid") -> None:
    if message:
        raise LocalValidationError(field, message, code=code)


def check_expiry(expires_at: datetime, now: datetime) -> None:
    """Refuse an expiry that is naive or not in the future."""
    _refuse("expires_at", rules.check_expiry(expires_at, now), "bad_expiry")


def _inspect(draft: CredentialDraft) -> keys.PemInfo:
    # Imported here: credtui.keys loads cryptography and PyJWT (~45 ms), which listing
    # applications never needs; only a credential being added does.
    from credtui import keys

    if draft.pem is None:
        raise LocalValidationError(
            "pem",
            f"A {draft.credential_type.value} credential needs a PEM "
            + (
                "public key or certificate."
                if draft.credential_type is CredentialType.PUBLIC_KEY
                else "certificate."
            ),
            code="missing",
        )
    try:
        info = keys.inspect_pem(draft.pem)
        keys.check_for_credential_type(info, draft.credential_type.value)
    except keys.PemError as exc:
        raise LocalValidationError("pem", exc.message, code=exc.code) from None
    if info.is_certificate and draft.credential_type is not CredentialType.PUBLIC_KEY:
        _refuse("pem", rules.check_cert_pem_length(info.pem), "too_large")
    return info


def check_credential_draft(draft: CredentialDraft, now: datetime) -> CheckedDraft:
    """Check a draft as Auth0 would, without sending it; raise LocalValidationError if refused."""
    ctype = draft.credential_type
    is_key = ctype is CredentialType.PUBLIC_KEY
    if draft.name is not None:
        _refuse("name", rules.check_name(draft.name), "too_long")
    for field_name, value in (("alg", draft.alg), ("kid", draft.kid)):
        if value is not None and not is_key:
            _refuse(
                field_name,
                f"{field_name} applies only to public_key credentials, not {ctype.value}.",
            )
    if not is_key and (draft.expires_at is not None or draft.parse_expiry_from_cert):
        _refuse(
            "expires_at",
            "x509_cert credentials take their expiry from the certificate, and cert_subject_dn "
            "credentials have none; leave the expiry out."
            if ctype is CredentialType.X509_CERT
            else "cert_subject_dn credentials have no expiry; leave it out.",
        )
    if draft.alg is not None:
        _refuse("alg", rules.check_alg(draft.alg), "bad_alg")
    if draft.kid is not None:
        _refuse("kid", rules.check_kid(draft.kid), "bad_kid")
    if draft.expires_at is not None and draft.parse_expiry_from_cert:
        _refuse(
            "expires_at", "Give an expiry or take it from the certificate, not both.", "conflict"
        )
    if draft.expires_at is not None:
        check_expiry(draft.expires_at, now)

    if ctype is CredentialType.CERT_SUBJECT_DN:
        if (draft.pem is None) == (draft.subject_dn is None):
            _refuse(
                "subject_dn",
                "A cert_subject_dn credential needs either a certificate PEM or a subject DN (not both).",
                "missing" if draft.pem is None else "conflict",
            )
        if draft.subject_dn is not None:
            from credtui import keys

            try:
                dn = keys.normalise_subject_dn(draft.subject_dn)
            except keys.SubjectDnError as exc:
                raise LocalValidationError("subject_dn", exc.message, code=exc.code) from None
            return CheckedDraft(replace(draft, subject_dn=dn), LocalIdentity(ctype, subject_dn=dn))
        info = _inspect(draft)
        return CheckedDraft(
            replace(draft, pem=info.pem), LocalIdentity(ctype, subject_dn=info.subject_dn), info
        )

    if draft.subject_dn is not None:
        _refuse(
            "subject_dn",
            f"subject_dn applies only to cert_subject_dn credentials, not {ctype.value}.",
        )
    info = _inspect(draft)
    if is_key:
        if draft.parse_expiry_from_cert and not info.is_certificate:
            _refuse(
                "parse_expiry_from_cert",
                "Taking the expiry from the certificate needs a certificate PEM, not a bare public key.",
                "certificate_required",
            )
        if draft.parse_expiry_from_cert and info.not_after is not None:
            _refuse("pem", rules.check_expiry(info.not_after, now), "expired")
        return CheckedDraft(
            replace(draft, pem=info.pem), LocalIdentity(ctype, kid=draft.kid or info.kid), info
        )
    if info.not_after is not None and info.not_after <= now:
        _refuse(
            "pem",
            f"The certificate expired on {strftime(info.not_after, '%Y-%m-%d')}; give a current one.",
            "expired",
        )
    return CheckedDraft(
        replace(draft, pem=info.pem),
        LocalIdentity(ctype, thumbprint_sha256=info.thumbprint_sha256),
        info,
    )


def check_auth_change(change: AuthChange) -> None:
    """Refuse an authentication change Auth0 would refuse (too many or misplaced credentials)."""
    if change.method is not None and not change.method.uses_credentials and change.credential_ids:
        _refuse(
            "credentials",
            f"{change.method.value} uses no credentials; attach credentials only to "
            "private_key_jwt, tls_client_auth or self_signed_tls_client_auth.",
        )
    for field_name, ids in (
        ("credentials", change.credential_ids),
        ("jar_credentials", change.jar_credential_ids or ()),
        ("token_vault_credentials", change.token_vault_credential_ids or ()),
    ):
        _refuse(field_name, rules.check_attached_count(len(ids)), "too_many")
        if len(set(ids)) != len(ids):
            _refuse(field_name, "The same credential is listed twice.", "duplicate")
        for cid in ids:
            if not cid or not cid.strip():
                _refuse(field_name, "A credential id is empty.", "bad_id")
