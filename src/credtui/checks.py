"""Checks made before anything is sent, using :mod:`credtui.keys` and :mod:`credtui.rules`.

Each refusal is a :class:`~credtui.errors.LocalValidationError` naming the field
and saying why (:func:`refusal`); the PEM refusals carry the
:class:`credtui.keys.PemError` code. No HTTP here: the client, ``ops`` and the
forms all check with these same functions.

A credential that passed :func:`check_credential_draft` is a
:class:`CheckedCredential`, which only that check makes: whoever holds one
(a plan, the client's create) sends it without checking or parsing it again. It
also carries the identity Auth0 will give it (kid, certificate thumbprint or
subject DN), which the client uses to find out whether an unanswered create
happened after all. A form that checks the PEM on its own first passes the
:class:`CheckedPem` down, so the PEM is parsed once per check.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from credtui import rules
from credtui.errors import LocalValidationError
from credtui.models import AuthChange, Credential, CredentialDraft, CredentialType
from credtui.timefmt import strftime

if TYPE_CHECKING:
    from credtui import keys

__all__ = [
    "CheckedCredential",
    "CheckedPem",
    "LocalIdentity",
    "check_auth_change",
    "check_credential_draft",
    "check_expiry",
    "check_pem",
    "raise_on_problem",
    "refusal",
]


def refusal(field: str, message: str, code: str = "invalid") -> LocalValidationError:
    """The refusal of ``field``'s input, saying why (``code``: the stable reason); raise it."""
    return LocalValidationError(field, message, code=code)


def raise_on_problem(field: str, problem: str | None, code: str = "invalid") -> None:
    """Raise :func:`refusal` when a :mod:`credtui.rules` check found a ``problem``."""
    if problem:
        raise refusal(field, problem, code)


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


_ISSUED = object()
"""What only this module's checks hand to :class:`CheckedCredential` and :class:`CheckedPem`."""


def _issued_only(proof: object, what: str, by: str) -> None:
    if proof is not _ISSUED:
        raise TypeError(f"a {what} is made only by {by}(): check the input instead")


@dataclass(frozen=True)
class CheckedPem:
    """A PEM that passed the checks for one credential type, as :func:`check_pem` read it."""

    text: str = field(repr=False)
    """The text as given (what a draft's ``pem`` must equal for this to stand for it)."""
    credential_type: CredentialType
    info: keys.PemInfo
    _proof: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        _issued_only(self._proof, "CheckedPem", "check_pem")

    def stands_for(self, draft: CredentialDraft) -> bool:
        """Whether this is the check of ``draft``'s PEM (same text, same credential type)."""
        return self.credential_type is draft.credential_type and self.text == draft.pem


@dataclass(frozen=True)
class CheckedCredential:
    """A draft that passed the local checks: what to send, and what it will be.

    Only :func:`check_credential_draft` makes one (anything else raises
    ``TypeError``), so holding one proves the check ran: ``ops`` and the client
    send it as it is.
    """

    draft: CredentialDraft
    """The draft to send: the PEM normalised, a typed subject DN in Auth0's form."""
    identity: LocalIdentity
    info: keys.PemInfo | None = None
    """What the PEM holds (None for a literal subject DN)."""
    _proof: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        _issued_only(self._proof, "CheckedCredential", "check_credential_draft")

    @property
    def credential_type(self) -> CredentialType:
        """The type of credential it creates."""
        return self.draft.credential_type

    def key_facts(self) -> rules.KeyFacts:
        """All that is known of the key to be sent, for :func:`credtui.rules.same_key`."""
        return rules.KeyFacts(
            self.identity.credential_type.value,
            kid=self.identity.kid,
            thumbprint_sha256=self.identity.thumbprint_sha256,
            public_key_sha256=self.info.public_key_sha256 if self.info else None,
            key_kid=self.info.kid if self.info else None,
        )

    def check_still_current(self, now: datetime) -> None:
        """Refuse it when time has caught up with an expiry it holds (no PEM is read again).

        A form checks as the person types; by the time it is sent, an expiry that was
        an hour ahead may have passed.
        """
        if self.draft.expires_at is not None:
            check_expiry(self.draft.expires_at, now)
        _check_expiries(self.draft, self.info, now)


def check_expiry(expires_at: datetime, now: datetime) -> None:
    """Refuse an expiry that is naive or not in the future."""
    raise_on_problem("expires_at", rules.check_expiry(expires_at, now), "bad_expiry")


def _missing_pem(ctype: CredentialType) -> LocalValidationError:
    return refusal(
        "pem",
        f"A {ctype.value} credential needs a PEM "
        + ("public key or certificate." if ctype is CredentialType.PUBLIC_KEY else "certificate."),
        "missing",
    )


def check_pem(text: str, credential_type: CredentialType) -> CheckedPem:
    """Read ``text`` as a PEM for a ``credential_type`` credential; raise a refusal of ``pem``.

    The one place a credential's PEM is parsed on the way to the tenant: pass the
    result to :func:`check_credential_draft` and it is not parsed again.
    """
    # Imported here: credtui.keys loads cryptography and PyJWT (~45 ms), which listing
    # applications never needs; only a credential being added does.
    from credtui import keys

    try:
        info = keys.inspect_pem(text)
        keys.check_for_credential_type(info, credential_type.value)
    except keys.PemError as exc:
        raise refusal("pem", exc.message, exc.code) from None
    if info.is_certificate and credential_type is not CredentialType.PUBLIC_KEY:
        raise_on_problem("pem", rules.check_cert_pem_length(info.pem), "too_large")
    return CheckedPem(text, credential_type, info, _ISSUED)


def _inspect(draft: CredentialDraft, pem: CheckedPem | None) -> keys.PemInfo:
    if draft.pem is None:
        raise _missing_pem(draft.credential_type)
    if pem is not None and pem.stands_for(draft):
        return pem.info
    return check_pem(draft.pem, draft.credential_type).info


def _check_expiries(draft: CredentialDraft, info: keys.PemInfo | None, now: datetime) -> None:
    """The certificate's expiry, where the credential takes it, must be in the future."""
    if info is None or info.not_after is None:
        return
    if draft.credential_type is CredentialType.PUBLIC_KEY:
        if draft.parse_expiry_from_cert:
            raise_on_problem("pem", rules.check_expiry(info.not_after, now), "expired")
    elif draft.credential_type is CredentialType.X509_CERT and info.not_after <= now:
        raise refusal(
            "pem",
            f"The certificate expired on {strftime(info.not_after, '%Y-%m-%d')}; give a current one.",
            "expired",
        )


def _check_fields(draft: CredentialDraft, now: datetime) -> None:
    """The checks that read no PEM: name, alg, kid, expiry, and which fields the type takes."""
    ctype = draft.credential_type
    is_key = ctype is CredentialType.PUBLIC_KEY
    if draft.name is not None:
        raise_on_problem("name", rules.check_name(draft.name), "too_long")
    for field_name, value in (("alg", draft.alg), ("kid", draft.kid)):
        if value is not None and not is_key:
            raise refusal(
                field_name,
                f"{field_name} applies only to public_key credentials, not {ctype.value}.",
            )
    if not is_key and (draft.expires_at is not None or draft.parse_expiry_from_cert):
        raise refusal(
            "expires_at",
            "x509_cert credentials take their expiry from the certificate, and cert_subject_dn "
            "credentials have none; leave the expiry out."
            if ctype is CredentialType.X509_CERT
            else "cert_subject_dn credentials have no expiry; leave it out.",
        )
    if draft.alg is not None:
        raise_on_problem("alg", rules.check_alg(draft.alg), "bad_alg")
    if draft.kid is not None:
        raise_on_problem("kid", rules.check_kid(draft.kid), "bad_kid")
    if draft.expires_at is not None and draft.parse_expiry_from_cert:
        raise refusal(
            "expires_at", "Give an expiry or take it from the certificate, not both.", "conflict"
        )
    if draft.expires_at is not None:
        check_expiry(draft.expires_at, now)
    if ctype is CredentialType.CERT_SUBJECT_DN:
        if (draft.pem is None) == (draft.subject_dn is None):
            raise refusal(
                "subject_dn",
                "A cert_subject_dn credential needs either a certificate PEM or a subject DN (not both).",
                "missing" if draft.pem is None else "conflict",
            )
    elif draft.subject_dn is not None:
        raise refusal(
            "subject_dn",
            f"subject_dn applies only to cert_subject_dn credentials, not {ctype.value}.",
        )


def check_credential_draft(
    draft: CredentialDraft, now: datetime, *, pem: CheckedPem | None = None
) -> CheckedCredential:
    """Check a draft as Auth0 would, without sending it; raise LocalValidationError if refused.

    ``pem`` is the :func:`check_pem` of ``draft.pem`` when the caller made it
    already (a form checking field by field): it is used instead of parsing the
    PEM again, when it stands for this draft's PEM.
    """
    ctype = draft.credential_type
    _check_fields(draft, now)
    if ctype is CredentialType.CERT_SUBJECT_DN and draft.subject_dn is not None:
        from credtui import keys

        try:
            dn = keys.normalise_subject_dn(draft.subject_dn)
        except keys.SubjectDnError as exc:
            raise refusal("subject_dn", exc.message, exc.code) from None
        return CheckedCredential(
            replace(draft, subject_dn=dn), LocalIdentity(ctype, subject_dn=dn), None, _ISSUED
        )
    info = _inspect(draft, pem)
    if ctype is CredentialType.CERT_SUBJECT_DN:
        identity = LocalIdentity(ctype, subject_dn=info.subject_dn)
    elif ctype is CredentialType.PUBLIC_KEY:
        if draft.parse_expiry_from_cert and not info.is_certificate:
            raise refusal(
                "parse_expiry_from_cert",
                "Taking the expiry from the certificate needs a certificate PEM, not a bare public key.",
                "certificate_required",
            )
        identity = LocalIdentity(ctype, kid=draft.kid or info.kid)
    else:
        identity = LocalIdentity(ctype, thumbprint_sha256=info.thumbprint_sha256)
    _check_expiries(draft, info, now)
    return CheckedCredential(replace(draft, pem=info.pem), identity, info, _ISSUED)


def check_auth_change(change: AuthChange) -> None:
    """Refuse an authentication change Auth0 would refuse (too many or misplaced credentials)."""
    if change.method is not None and not change.method.uses_credentials and change.credential_ids:
        raise refusal(
            "credentials",
            f"{change.method.value} uses no credentials; attach credentials only to "
            "private_key_jwt, tls_client_auth or self_signed_tls_client_auth.",
        )
    for field_name, ids in (
        ("credentials", change.credential_ids),
        ("jar_credentials", change.jar_credential_ids or ()),
        ("token_vault_credentials", change.token_vault_credential_ids or ()),
    ):
        raise_on_problem(field_name, rules.check_attached_count(len(ids)), "too_many")
        if len(set(ids)) != len(ids):
            raise refusal(field_name, "The same credential is listed twice.", "duplicate")
        for cid in ids:
            if not cid or not cid.strip():
                raise refusal(field_name, "A credential id is empty.", "bad_id")
