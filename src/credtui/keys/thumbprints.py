"""The identifiers Auth0 derives from public material: the kid and the certificate thumbprint.

Also the base64url and SPKI helpers the rest of :mod:`credtui.keys` builds on.
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

from credtui.keys.errors import KeyMaterialError


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _int_b64url(value: int) -> str:
    return _b64url(value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def kid_for_public_key(public_key: PublicKeyTypes) -> str:
    """The kid Auth0 gives an RSA key: its RFC 7638 JWK SHA-256 thumbprint, base64url.

    Raises :class:`KeyMaterialError` (code ``not_rsa``) for any other key type.
    """
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise KeyMaterialError("not_rsa", "Only RSA keys have an Auth0 kid.")
    numbers = public_key.public_numbers()
    members = {"e": _int_b64url(numbers.e), "kty": "RSA", "n": _int_b64url(numbers.n)}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True)
    return _b64url(hashlib.sha256(canonical.encode("ascii")).digest())


def thumbprint_for_certificate(cert: x509.Certificate) -> str:
    """Auth0's ``thumbprint_sha256`` (RFC 8705 ``x5t#S256``): base64url SHA-256 of the DER."""
    return _b64url(hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).digest())


def _spki_der(public_key: PublicKeyTypes) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
