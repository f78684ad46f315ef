"""What both seeds build with: certificates, credentials stored as the rules would, and
the dates of a tenant's history."""

from __future__ import annotations

from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from credtui import rules
from credtui.emulator import credentials as cred_ops
from credtui.emulator.pem import ParsedPem
from credtui.emulator.store import Client

_OID = {
    "C": NameOID.COUNTRY_NAME,
    "ST": NameOID.STATE_OR_PROVINCE_NAME,
    "L": NameOID.LOCALITY_NAME,
    "O": NameOID.ORGANIZATION_NAME,
    "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
    "CN": NameOID.COMMON_NAME,
}


def make_certificate(
    key: rsa.RSAPrivateKey,
    subject: list[tuple[str, str]],
    not_before: datetime,
    not_after: datetime,
    *,
    issuer_key: rsa.RSAPrivateKey | None = None,
    issuer: list[tuple[str, str]] | None = None,
    ca: bool = False,
) -> str:
    """A certificate PEM; self-signed unless ``issuer_key``/``issuer`` are given."""

    def name(attrs: list[tuple[str, str]]) -> x509.Name:
        return x509.Name([x509.NameAttribute(_OID[k], v) for k, v in attrs])

    builder = (
        x509.CertificateBuilder()
        .subject_name(name(subject))
        .issuer_name(name(issuer or subject))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    cert = builder.sign(issuer_key or key, hashes.SHA256())
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def prepared(
    ctype: str,
    parsed: ParsedPem | None,
    name: str | None,
    expires_at: datetime | None,
    subject_dn: str | None = None,
) -> cred_ops.PreparedCredential:
    return cred_ops.PreparedCredential(
        credential_type=ctype,
        name=name,
        kid=parsed.kid if ctype == rules.PUBLIC_KEY and parsed else None,
        alg=rules.DEFAULT_ALG if ctype == rules.PUBLIC_KEY else None,
        subject_dn=subject_dn,
        thumbprint_sha256=parsed.thumbprint_sha256 if ctype == rules.X509_CERT and parsed else None,
        expires_at=expires_at,
        parsed=parsed,
    )


def backdate_credentials(client: Client, now: datetime) -> None:
    """Give ``client``'s credentials the dates of a real tenant's history.

    Each was uploaded about a year before it expires (never later than yesterday),
    after its application was created, and before it expires; an application
    created too late for a credential that expired long ago is moved earlier.
    """
    day = timedelta(days=1)
    expiries = [c.expires_at for c in client.credentials.values() if c.expires_at is not None]
    floor = client.created_at or now - 30 * day
    if expiries and floor >= min(expiries) - day:
        floor = min(expiries) - 180 * day
    if client.created_at is not None:
        client.created_at = client.updated_at = floor
    for cred in client.credentials.values():
        if cred.expires_at is None:
            created = min(floor + 7 * day, now - day)
        else:
            created = min(cred.expires_at - 365 * day, now - day)
        created = max(created, floor + day)
        cred.created_at = cred.updated_at = created
