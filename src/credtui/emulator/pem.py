"""What the emulator needs to know about an uploaded PEM, from :mod:`credtui.keys`.

The kid, the certificate thumbprint, the subject DN and the expiry all come from
:mod:`credtui.keys` (one truth for the client and the emulator). This module only
adds the loaded public key object, which the token endpoint needs to verify
client assertions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

from credtui import keys


class PemProblem(ValueError):
    """A PEM the tenant refuses; ``str()`` is the message for the error body."""


@dataclass(frozen=True)
class ParsedPem:
    """The facts about one PEM that the tenant stores or checks."""

    kind: str
    """``public_key`` or ``certificate``."""
    key_type: str
    key_bits: int | None
    public_key_sha256: str
    """Identifies the key material (any key type): the per-client duplicate rule."""
    kid: str | None
    """RFC 7638 thumbprint of an RSA public key (also for a certificate's key)."""
    thumbprint_sha256: str | None
    """base64url SHA-256 of the certificate DER (certificates only)."""
    subject_dn: str | None
    """Auth0's newline form (certificates only)."""
    not_after: datetime | None
    public_key: PublicKeyTypes
    info: keys.PemInfo


def parse_pem(text: str) -> ParsedPem:
    """Inspect ``text``; raise :class:`PemProblem` if it is not a usable PEM."""
    try:
        info = keys.inspect_pem(text)
    except keys.PemError as exc:
        raise PemProblem(exc.message) from exc
    data = info.pem.encode()
    public_key: PublicKeyTypes
    if info.kind == "certificate":
        public_key = x509.load_pem_x509_certificate(data).public_key()
    else:
        public_key = serialization.load_pem_public_key(data)
    return ParsedPem(
        kind=info.kind,
        key_type=info.key_type,
        key_bits=info.key_size,
        public_key_sha256=info.public_key_sha256,
        kid=info.kid,
        thumbprint_sha256=info.thumbprint_sha256,
        subject_dn=info.subject_dn,
        not_after=info.not_after,
        public_key=public_key,
        info=info,
    )


def check_for_type(parsed: ParsedPem, credential_type: str) -> None:
    """Auth0's key/certificate rules for ``credential_type`` (from :mod:`credtui.keys`)."""
    try:
        keys.check_for_credential_type(parsed.info, credential_type)
    except keys.PemError as exc:
        raise PemProblem(exc.message) from exc
