"""Key and self-signed certificate generation, and PEM serialisation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID

from credtui import rules
from credtui.keys.dn import _name_from_subject_dn
from credtui.keys.errors import KeyMaterialError


def generate_rsa_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    """A new RSA private key (public exponent 65537) of 2048 to 4096 bits."""
    problem = rules.check_rsa_key_size(bits)
    if problem:
        raise KeyMaterialError("bad_key_size", problem)
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def generate_self_signed_certificate(
    key: rsa.RSAPrivateKey,
    subject_dn: str,
    days: int,
    *,
    now: datetime | None = None,
) -> x509.Certificate:
    """A self-signed client certificate (SHA-256, clientAuth) for ``key``.

    ``subject_dn`` takes any form :func:`normalise_subject_dn` accepts; the
    certificate's subject is encoded in the same order, so its derived DN
    equals ``normalise_subject_dn(subject_dn)``. Valid from ``now`` (UTC,
    whole seconds) for ``days`` days.
    """
    if days < 1:
        raise KeyMaterialError("bad_days", "The certificate must be valid for at least one day.")
    start = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    name = _name_from_subject_dn(subject_dn)
    public_key = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    return builder.sign(key, hashes.SHA256())


def private_key_to_pem(key: PrivateKeyTypes) -> bytes:
    """PKCS#8 PEM, unencrypted; the caller writes it to a file only it can read (0600)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


SupportedKey = (
    rsa.RSAPrivateKey
    | rsa.RSAPublicKey
    | ec.EllipticCurvePrivateKey
    | ec.EllipticCurvePublicKey
    | ed25519.Ed25519PrivateKey
    | ed25519.Ed25519PublicKey
)


def public_key_to_pem(key: SupportedKey) -> str:
    """The SPKI ``PUBLIC KEY`` PEM of a key (a private key gives its public half)."""
    public: rsa.RSAPublicKey | ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey
    if isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey):
        public = key.public_key()
    else:
        public = key
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def certificate_to_pem(cert: x509.Certificate) -> str:
    """The ``CERTIFICATE`` PEM of a certificate."""
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
