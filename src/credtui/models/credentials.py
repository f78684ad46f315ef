"""Credentials: a record as the tenant lists it, and a draft of one to create."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from credtui.models.fields import parse_timestamp, text_field, unreadable_expiry
from credtui.rules import format_timestamp
from credtui.vocabulary import CredentialType


@dataclass(frozen=True)
class Credential:
    """One record under ``/clients/{id}/credentials``. Never holds a PEM."""

    id: str
    credential_type: CredentialType | str
    """A :class:`CredentialType`, or the raw string for a type credtui does not know."""
    name: str | None = None
    """None when Auth0 sent no ``name`` key (created without one)."""
    kid: str | None = None
    alg: str | None = None
    subject_dn: str | None = None
    thumbprint_sha256: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    expires_at: datetime | None = None
    """None means it never expires, unless :attr:`expires_at_unreadable` is set."""
    expires_at_unreadable: str | None = None
    """The tenant's ``expires_at`` when it is not a timestamp credtui can read (safe to
    show, at most 40 characters). ``expires_at`` is then None, which does not mean
    "never": the credential may have expired. Shown and reported as unreadable."""

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> Credential:
        """Build from Auth0's credential JSON (missing keys become None)."""
        raw_type = text_field(data, "credential_type") or ""
        raw_expiry = data.get("expires_at")
        expires_at = parse_timestamp(raw_expiry)
        try:
            ctype: CredentialType | str = CredentialType(raw_type)
        except ValueError:
            ctype = raw_type
        return cls(
            id=text_field(data, "id", limit=None) or "",
            credential_type=ctype,
            name=text_field(data, "name"),
            kid=text_field(data, "kid"),
            alg=text_field(data, "alg"),
            subject_dn=text_field(data, "subject_dn", multiline=True),
            thumbprint_sha256=text_field(data, "thumbprint_sha256"),
            created_at=parse_timestamp(data.get("created_at")),
            updated_at=parse_timestamp(data.get("updated_at")),
            expires_at=expires_at,
            expires_at_unreadable=unreadable_expiry(raw_expiry, expires_at),
        )

    @property
    def expiry_unreadable(self) -> bool:
        """The tenant sent an expiry credtui cannot read (see :attr:`expires_at_unreadable`)."""
        return self.expires_at_unreadable is not None

    @property
    def identity(self) -> tuple[str, str] | None:
        """What identifies it, as (what, value): its kid, certificate thumbprint or subject DN
        (Auth0's newline form), the first it has; None when it has none of them."""
        for what, value in (
            ("kid", self.kid),
            ("thumbprint", self.thumbprint_sha256),
            ("subject DN", self.subject_dn),
        ):
            if value:
                return what, value
        return None

    @property
    def display_name(self) -> str:
        """The name, or its :attr:`identity` or id when it has none."""
        identity = self.identity
        return self.name or (identity[1] if identity else self.id)

    def is_expired(self, now: datetime) -> bool:
        """Whether ``expires_at`` is at or before ``now`` (aware UTC)."""
        return self.expires_at is not None and self.expires_at <= now

    def expires_within(self, now: datetime, seconds: float) -> bool:
        """Whether it expires within ``seconds`` from ``now`` (expired counts)."""
        return self.expires_at is not None and (self.expires_at - now).total_seconds() <= seconds


@dataclass(frozen=True)
class CredentialDraft:
    """A credential to create. Fields left at None are not sent."""

    credential_type: CredentialType
    pem: str | None = field(default=None, repr=False)
    subject_dn: str | None = None
    name: str | None = None
    alg: str | None = None
    kid: str | None = None
    expires_at: datetime | None = None
    parse_expiry_from_cert: bool = False

    def to_body(self) -> dict[str, Any]:
        """The POST body: only what was set (``parse_expiry_from_cert`` only when true)."""
        body: dict[str, Any] = {"credential_type": self.credential_type.value}
        if self.name is not None:
            body["name"] = self.name
        if self.pem is not None:
            body["pem"] = self.pem
        if self.subject_dn is not None:
            body["subject_dn"] = self.subject_dn
        if self.alg is not None:
            body["alg"] = self.alg
        if self.kid is not None:
            body["kid"] = self.kid
        if self.parse_expiry_from_cert:
            body["parse_expiry_from_cert"] = True
        if self.expires_at is not None:
            body["expires_at"] = format_timestamp(self.expires_at)
        return body
