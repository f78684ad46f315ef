"""Keys and certificates for tests, generated at run time and cached per session.

Import as ``from tests import keyfactory`` (the suite runs from the project root
with ``python -m pytest``). Nothing here is ever written to the repository:
private keys exist only in memory. RSA generation is the slow part, so keys
come from a small cache: ``rsa_key(2048, i)`` is generated once per session.
``fake_rsa_public_key`` builds a public key of any size from a random modulus
(it is not a real key, but it encodes and parses like one), for sizes too slow
to generate (8192 bits) or deliberately odd (2047 bits).
"""

from __future__ import annotations

import base64
import random
import secrets
import warnings
from datetime import UTC, datetime, timedelta
from functools import cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.types import (
    CertificateIssuerPrivateKeyTypes,
    CertificatePublicKeyTypes,
    PrivateKeyTypes,
)
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import NameOID

# Built at run time so that no file in the repository holds a private-key armour line.
PRIVATE = "PRIV" + "ATE"

HashChoice = hashes.SHA256 | hashes.SHA384 | hashes.SHA512

FIXED_NOW = datetime(2026, 1, 15, 12, 0, 0, tzinfo=UTC)
"""A fixed clock for certificates whose dates a test asserts."""


# --- Keys -------------------------------------------------------------------


@cache
def rsa_key(bits: int = 2048, index: int = 0) -> rsa.RSAPrivateKey:
    """A cached RSA key; distinct ``index`` values give distinct keys of that size."""
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


@cache
def ec_key(curve: str = "secp256r1") -> ec.EllipticCurvePrivateKey:
    """A cached EC key on ``curve`` (secp256r1, secp384r1 or secp521r1)."""
    curves: dict[str, ec.EllipticCurve] = {
        "secp256r1": ec.SECP256R1(),
        "secp384r1": ec.SECP384R1(),
        "secp521r1": ec.SECP521R1(),
    }
    return ec.generate_private_key(curves[curve])


@cache
def ed25519_key() -> ed25519.Ed25519PrivateKey:
    """A cached Ed25519 key."""
    return ed25519.Ed25519PrivateKey.generate()


@cache
def dsa_key() -> dsa.DSAPrivateKey:
    """A cached 1024-bit DSA key (only ever refused, so the small size is fine).

    Newer cryptography releases warn that DSA is deprecated when one is generated; the
    suite turns warnings into errors, so that one warning is expected here, and only here.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="DSA is deprecated", category=CryptographyDeprecationWarning
        )
        return dsa.generate_private_key(key_size=1024)


@cache
def fake_rsa_public_key(bits: int, index: int = 0) -> rsa.RSAPublicKey:
    """An RSA public key with a random odd ``bits``-bit modulus (no private half)."""
    n = secrets.randbits(bits) | (1 << (bits - 1)) | 1
    return rsa.RSAPublicNumbers(65537, n).public_key()


# --- Encodings --------------------------------------------------------------


def spki_pem(key: PrivateKeyTypes | CertificatePublicKeyTypes) -> str:
    """SPKI ``PUBLIC KEY`` PEM of a key (private keys give their public half)."""
    public = key.public_key() if hasattr(key, "private_bytes") else key  # type: ignore[union-attr]
    return public.public_bytes(  # type: ignore[union-attr]
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def spki_der(key: PrivateKeyTypes | CertificatePublicKeyTypes) -> bytes:
    """SPKI DER of a key."""
    public = key.public_key() if hasattr(key, "private_bytes") else key  # type: ignore[union-attr]
    return public.public_bytes(  # type: ignore[union-attr]
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def pkcs1_pem(key: rsa.RSAPrivateKey | rsa.RSAPublicKey) -> str:
    """PKCS#1 ``RSA PUBLIC KEY`` PEM of an RSA key."""
    public = key.public_key() if isinstance(key, rsa.RSAPrivateKey) else key
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1).decode(
        "ascii"
    )


def private_pem(
    key: PrivateKeyTypes,
    fmt: serialization.PrivateFormat = serialization.PrivateFormat.PKCS8,
    password: bytes | None = None,
) -> str:
    """A private key as PEM text (PKCS#8 by default; TraditionalOpenSSL gives PKCS#1/EC/DSA)."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(serialization.Encoding.PEM, fmt, encryption).decode("ascii")


def private_der(key: PrivateKeyTypes) -> bytes:
    """A private key as unencrypted PKCS#8 DER."""
    return key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def openssh_private_pem(key: PrivateKeyTypes, password: bytes | None = None) -> str:
    """A private key in OpenSSH's own format."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, encryption
    ).decode("ascii")


def pkcs12_bytes(key: rsa.RSAPrivateKey, cert: x509.Certificate, password: bytes | None) -> bytes:
    """A PKCS#12 (.p12/.pfx) bundle of a key and its certificate."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return pkcs12.serialize_key_and_certificates(b"test", key, cert, None, encryption)


def armour(label: str, der_or_body: bytes | str) -> str:
    """A PEM block with ``label`` around DER bytes (base64-encoded) or a ready body."""
    if isinstance(der_or_body, bytes):
        body = base64.b64encode(der_or_body).decode("ascii")
        der_or_body = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {label}-----\n{der_or_body}\n-----END {label}-----\n"


def cert_pem(cert: x509.Certificate) -> str:
    """A certificate as PEM text."""
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def cert_der(cert: x509.Certificate) -> bytes:
    """A certificate as DER."""
    return cert.public_bytes(serialization.Encoding.DER)


# --- Certificates -----------------------------------------------------------


def name(
    *rdns: tuple[x509.ObjectIdentifier, str] | list[tuple[x509.ObjectIdentifier, str]],
) -> x509.Name:
    """An x509.Name from RDNs in encoded order; a list makes a multi-valued RDN."""
    built = []
    for rdn in rdns:
        avas = rdn if isinstance(rdn, list) else [rdn]
        built.append(x509.RelativeDistinguishedName([x509.NameAttribute(o, v) for o, v in avas]))
    return x509.Name(built)


DEFAULT_SUBJECT = name(
    (NameOID.COUNTRY_NAME, "es"),
    (NameOID.STATE_OR_PROVINCE_NAME, "Madrid"),
    (NameOID.LOCALITY_NAME, "Madrid"),
    (NameOID.ORGANIZATION_NAME, "Okta"),
    (NameOID.ORGANIZATIONAL_UNIT_NAME, "DX-CDT"),
    (NameOID.COMMON_NAME, "Developer Experience"),
)
"""The subject of the facts sheet's worked example, in the same order."""


def _build(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: CertificatePublicKeyTypes,
    signer: CertificateIssuerPrivateKeyTypes,
    not_before: datetime,
    not_after: datetime,
    ca: bool = False,
    hash_algorithm: HashChoice | None = None,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    algorithm = None if isinstance(signer, ed25519.Ed25519PrivateKey) else hash_algorithm
    if algorithm is None and not isinstance(signer, ed25519.Ed25519PrivateKey):
        algorithm = hashes.SHA256()
    return builder.sign(signer, algorithm)


def self_signed_cert(
    key: CertificateIssuerPrivateKeyTypes | None = None,
    subject: x509.Name = DEFAULT_SUBJECT,
    days: int = 365,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    hash_algorithm: HashChoice | None = None,
) -> x509.Certificate:
    """A self-signed certificate (default key: ``rsa_key(2048, 0)``; from FIXED_NOW)."""
    key = key or rsa_key()
    start = not_before or FIXED_NOW
    end = not_after or start + timedelta(days=days)
    return _build(subject, subject, key.public_key(), key, start, end, False, hash_algorithm)  # type: ignore[arg-type]


@cache
def ca() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A cached test CA (key ``rsa_key(2048, 9)``)."""
    key = rsa_key(2048, 9)
    subject = name((NameOID.COUNTRY_NAME, "US"), (NameOID.COMMON_NAME, "credtui test CA"))
    cert = _build(
        subject, subject, key.public_key(), key, FIXED_NOW, FIXED_NOW + timedelta(days=3650), True
    )
    return key, cert


def ca_signed_cert(
    public_key: CertificatePublicKeyTypes | None = None,
    subject: x509.Name = DEFAULT_SUBJECT,
    days: int = 365,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> x509.Certificate:
    """A leaf certificate for ``public_key`` (default ``rsa_key(2048, 1)``) issued by ``ca()``."""
    ca_key, ca_cert = ca()
    public_key = public_key or rsa_key(2048, 1).public_key()
    start = not_before or FIXED_NOW
    end = not_after or start + timedelta(days=days)
    return _build(subject, ca_cert.subject, public_key, ca_key, start, end)


def multi_valued_rdn_cert() -> x509.Certificate:
    """A self-signed certificate whose last RDN holds two AVAs (CN + UID)."""
    subject = name(
        (NameOID.COUNTRY_NAME, "US"),
        (NameOID.ORGANIZATION_NAME, "Acme"),
        [(NameOID.COMMON_NAME, "svc"), (NameOID.USER_ID, "42")],
    )
    return self_signed_cert(subject=subject)


def csr_pem(key: rsa.RSAPrivateKey | None = None) -> str:
    """A certificate signing request as PEM text."""
    key = key or rsa_key()
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(name((NameOID.COMMON_NAME, "csr")))
        .sign(key, hashes.SHA256())
    )
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _probable_prime(n: int, rng: random.Random) -> bool:
    if n < 2 or any(n % p == 0 for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29)):
        return n in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29)
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(40):
        x = pow(rng.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


@cache
def seeded_rsa_key(seed: int, bits: int = 2048) -> rsa.RSAPrivateKey:
    """An RSA key that is the same on every run for one ``seed`` (made here, at run time):
    for pictures, whose public key and kid must not change between runs."""
    rng = random.Random(seed)
    e = 65537

    def prime() -> int:
        while True:
            candidate = rng.getrandbits(bits // 2) | (3 << (bits // 2 - 2)) | 1
            if (candidate - 1) % e and _probable_prime(candidate, rng):
                return candidate

    p, q = prime(), prime()
    d = pow(e, -1, (p - 1) * (q - 1))
    numbers = rsa.RSAPrivateNumbers(
        p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), rsa.RSAPublicNumbers(e, p * q)
    )
    return numbers.private_key()
