""":class:`PemInfo`, what a PEM holds, and how it is built from a key or a certificate."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final, Literal

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa, x448, x25519
from cryptography.hazmat.primitives.asymmetric.types import (
    CertificatePublicKeyTypes,
    PublicKeyTypes,
)

from credtui.keys.dn import subject_dn_from_name
from credtui.keys.errors import PemError
from credtui.keys.thumbprints import (
    _b64url,
    _spki_der,
    kid_for_public_key,
    thumbprint_for_certificate,
)

PemKind = Literal["public_key", "certificate"]


def _armour(label: str, der: bytes) -> str:
    body = base64.b64encode(der).decode("ascii")
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


def _describe_key(public_key: PublicKeyTypes) -> tuple[str, int | None, str | None]:
    """(key_type, key_size, curve) of a public key."""
    if isinstance(public_key, rsa.RSAPublicKey):
        return "RSA", public_key.key_size, None
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return "EC", public_key.curve.key_size, public_key.curve.name
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        return "Ed25519", None, None
    if isinstance(public_key, ed448.Ed448PublicKey):
        return "Ed448", None, None
    if isinstance(public_key, dsa.DSAPublicKey):
        return "DSA", public_key.key_size, None
    if isinstance(public_key, x25519.X25519PublicKey):
        return "X25519", None, None
    if isinstance(public_key, x448.X448PublicKey):
        return "X448", None, None
    return type(public_key).__name__, None, None


_CURVE_NICKNAMES: Final = {"secp256r1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521"}


@dataclass(frozen=True)
class PemInfo:
    """What a pasted PEM holds, with the values Auth0 would derive from it.

    Everything here is public material; the PEM text itself is left out of ``repr``.
    """

    kind: PemKind
    """``public_key`` (SPKI or PKCS#1) or ``certificate`` (X.509)."""
    label: str
    """The PEM label: ``PUBLIC KEY``, ``RSA PUBLIC KEY`` or ``CERTIFICATE``."""
    pem: str = field(repr=False)
    """The normalised PEM to send: canonical armour, 64-column base64, ``\\n`` endings."""
    key_type: str
    """``RSA``, ``EC``, ``Ed25519``, ``Ed448``, ``DSA``, ``X25519`` or ``X448``."""
    key_size: int | None
    """Bits for RSA, DSA and EC keys; ``None`` for the Edwards/Montgomery curves."""
    curve: str | None
    """The EC curve name (e.g. ``secp256r1``); ``None`` otherwise."""
    kid: str | None
    """RFC 7638 thumbprint of an RSA key (Auth0's auto kid); ``None`` for other keys."""
    public_key_sha256: str
    """base64url SHA-256 of the SPKI DER: identifies the key for any key type."""
    thumbprint_sha256: str | None = None
    """Certificates: base64url SHA-256 of the DER (Auth0's ``thumbprint_sha256``)."""
    subject_dn: str | None = None
    """Certificates: the subject in Auth0's newline form."""
    issuer_dn: str | None = None
    """Certificates: the issuer in the same form."""
    not_before: datetime | None = None
    """Certificates: start of validity (aware, UTC)."""
    not_after: datetime | None = None
    """Certificates: end of validity (aware, UTC); Auth0's ``expires_at`` for x509_cert."""
    self_signed: bool | None = None
    """Certificates: issuer equals subject and the signature verifies with its own key."""
    signature_hash: str | None = None
    """Certificates: the signature's hash name (e.g. ``sha256``), if any."""

    @property
    def is_certificate(self) -> bool:
        """True for an X.509 certificate."""
        return self.kind == "certificate"

    @property
    def key_description(self) -> str:
        """A short human description such as ``RSA 2048-bit`` or ``EC P-256``."""
        if self.key_type == "RSA" or self.key_type == "DSA":
            return f"{self.key_type} {self.key_size}-bit"
        if self.key_type == "EC":
            return f"EC {_CURVE_NICKNAMES.get(self.curve or '', self.curve)}"
        return self.key_type

    def expired(self, now: datetime | None = None) -> bool:
        """True when this is a certificate whose notAfter is at or before ``now``."""
        if self.not_after is None:
            return False
        return self.not_after <= (now or datetime.now(UTC))

    def public_key(self) -> CertificatePublicKeyTypes | PublicKeyTypes:
        """The public key object (parsed again from :attr:`pem`)."""
        data = self.pem.encode("ascii")
        if self.kind == "certificate":
            return x509.load_pem_x509_certificate(data).public_key()
        return serialization.load_pem_public_key(data)

    def certificate(self) -> x509.Certificate | None:
        """The certificate object, or ``None`` for a bare public key."""
        if self.kind != "certificate":
            return None
        return x509.load_pem_x509_certificate(self.pem.encode("ascii"))


def _info_from_public_key(key: PublicKeyTypes, label: str, pem: str) -> PemInfo:
    key_type, size, curve = _describe_key(key)
    return PemInfo(
        kind="public_key",
        label=label,
        pem=pem,
        key_type=key_type,
        key_size=size,
        curve=curve,
        kid=kid_for_public_key(key) if isinstance(key, rsa.RSAPublicKey) else None,
        public_key_sha256=_b64url(hashlib.sha256(_spki_der(key)).digest()),
    )


def _is_self_signed(cert: x509.Certificate) -> bool:
    if cert.issuer != cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except (ValueError, TypeError, UnsupportedAlgorithm, InvalidSignature):
        return False
    return True


def _validity(cert: x509.Certificate, which: str) -> datetime:
    """A validity bound, clamped to Python's range (a recorded cert has notBefore year 0)."""
    try:
        value: datetime = getattr(cert, which)
    except ValueError:
        bound = datetime.min if which == "not_valid_before_utc" else datetime.max
        return bound.replace(tzinfo=UTC)
    return value


def _info_from_certificate(cert: x509.Certificate) -> PemInfo:
    try:
        key = cert.public_key()
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise PemError(
            "unsupported_key",
            "The certificate's public key is of a type credtui cannot read; "
            "use a certificate for an RSA key.",
        ) from exc
    key_type, size, curve = _describe_key(key)
    try:
        hash_name: str | None = (
            cert.signature_hash_algorithm.name if cert.signature_hash_algorithm else None
        )
    except UnsupportedAlgorithm:
        hash_name = None
    der = cert.public_bytes(serialization.Encoding.DER)
    return PemInfo(
        kind="certificate",
        label="CERTIFICATE",
        pem=_armour("CERTIFICATE", der),
        key_type=key_type,
        key_size=size,
        curve=curve,
        kid=kid_for_public_key(key) if isinstance(key, rsa.RSAPublicKey) else None,
        public_key_sha256=_b64url(hashlib.sha256(_spki_der(key)).digest()),
        thumbprint_sha256=thumbprint_for_certificate(cert),
        subject_dn=subject_dn_from_name(cert.subject),
        issuer_dn=subject_dn_from_name(cert.issuer),
        not_before=_validity(cert, "not_valid_before_utc"),
        not_after=_validity(cert, "not_valid_after_utc"),
        self_signed=_is_self_signed(cert),
        signature_hash=hash_name,
    )
