"""Tenants to start from: ``demo`` (a dozen recognisable applications), ``empty``, or N generated.

Every key is generated at start-up and lives in memory only. Generated tenants
draw on a small pool of keys (the duplicate-key rule is per client), so seeding
10,000 applications takes seconds.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from credtui import rules
from credtui.emulator import clients as client_ops
from credtui.emulator import credentials as cred_ops
from credtui.emulator.pem import ParsedPem, parse_pem
from credtui.emulator.store import Client

if TYPE_CHECKING:
    from credtui.emulator.app import Emulator

_OID = {
    "C": NameOID.COUNTRY_NAME,
    "ST": NameOID.STATE_OR_PROVINCE_NAME,
    "L": NameOID.LOCALITY_NAME,
    "O": NameOID.ORGANIZATION_NAME,
    "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
    "CN": NameOID.COMMON_NAME,
}


def parse_seed(text: str) -> str | int:
    """Parse ``--seed``: ``demo``, ``empty`` or a number of applications (0-100000)."""
    value = text.strip().lower()
    if value in ("demo", "empty"):
        return value
    try:
        n = int(value)
    except ValueError:
        raise ValueError(
            f"--seed must be 'demo', 'empty' or a number of applications, not {text!r}"
        ) from None
    if not 0 <= n <= 100_000:
        raise ValueError(f"--seed takes 0 to 100000 applications, not {n}")
    return n


def apply_seed(emulator: Emulator, seed: str | int) -> int:
    """Seed ``emulator``; returns how many applications were created."""
    if seed == "demo":
        return seed_demo(emulator)
    if seed == "empty":
        return 0
    assert isinstance(seed, int)
    return seed_generated(emulator, seed)


# --- key material ---------------------------------------------------------------


def new_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def public_pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


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


@dataclass(frozen=True)
class PoolKey:
    key: rsa.RSAPrivateKey
    public: ParsedPem
    certificate: ParsedPem


@functools.lru_cache(maxsize=1)
def key_pool(size: int = 4) -> tuple[PoolKey, ...]:
    """A few keys (and a long-lived self-signed certificate each), shared process-wide."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    out = []
    for i in range(size):
        key = new_key()
        cert = make_certificate(
            key,
            [("C", "GB"), ("O", "Generated"), ("CN", f"pool-{i}.example")],
            start,
            start + timedelta(days=3650),
        )
        out.append(PoolKey(key, parse_pem(public_pem(key)), parse_pem(cert)))
    return tuple(out)


def _prepared(
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


# --- generated tenants ------------------------------------------------------------

_WORDS = (
    "billing", "ledger", "payments", "reports", "inventory", "search", "orders", "shipping",
    "identity", "audit", "catalog", "pricing", "notifications", "analytics", "export", "sync",
)  # fmt: skip
_KINDS = ("service", "worker", "gateway", "job", "portal", "app", "agent", "bridge")


def seed_generated(emulator: Emulator, count: int, *, rng_seed: int = 7) -> int:
    """Add ``count`` applications with credentials spread across them."""
    pool = key_pool()
    rng = random.Random(rng_seed + emulator.tenant.created_count())
    tenant = emulator.tenant
    now = tenant.clock.now()
    start = tenant.created_count()
    for n in range(count):
        i = start + n
        name = f"{rng.choice(_WORDS)}-{rng.choice(_KINDS)}-{i:05d}"
        roll = rng.random()
        app_type = "non_interactive"
        body: dict[str, Any] = {
            "name": name,
            "app_type": app_type,
            "grant_types": ["client_credentials"],
            "jwt_configuration": {"alg": "RS256"},
        }
        if roll < 0.08:
            body["app_type"] = rng.choice(("spa", "native", "regular_web"))
            body["grant_types"] = ["authorization_code", "refresh_token"]
        client = Client(
            client_id=tenant.new_client_id(),
            client_secret=tenant.new_secret(),
            seq=0,
            settings=client_ops.default_settings(body),
            # Spread over two years; backdate_credentials keeps it before its credentials.
            created_at=now - timedelta(days=30 + i % 700, seconds=i % 86_400),
        )

        def expiry() -> datetime | None:
            r = rng.random()
            if r < 0.2:
                return None
            if r < 0.3:
                return now - timedelta(days=rng.randint(1, 90))
            if r < 0.45:
                return now + timedelta(days=rng.randint(1, 30))
            return now + timedelta(days=rng.randint(31, 720))

        keys = rng.sample(pool, k=min(3, len(pool)))
        if roll < 0.08:
            client.token_endpoint_auth_method = "none"
        elif roll < 0.5:
            attached = [
                cred_ops.commit(
                    tenant, client, _prepared(rules.PUBLIC_KEY, k.public, f"key-{j + 1}", expiry())
                ).id
                for j, k in enumerate(keys[: rng.randint(1, 2)])
            ]
            client.auth_methods = {rules.PRIVATE_KEY_JWT: attached}
            if rng.random() < 0.3:
                cred_ops.commit(
                    tenant,
                    client,
                    _prepared(rules.PUBLIC_KEY, keys[2].public, "next-key", expiry()),
                )
        elif roll < 0.62:
            k = keys[0]
            cred = cred_ops.commit(
                tenant,
                client,
                _prepared(rules.X509_CERT, k.certificate, "device-cert", k.certificate.not_after),
            )
            client.auth_methods = {rules.SELF_SIGNED_TLS_CLIENT_AUTH: [cred.id]}
        elif roll < 0.72:
            dn = f"C=GB\nO=Generated\nCN={name}.example"
            cred = cred_ops.commit(
                tenant, client, _prepared(rules.CERT_SUBJECT_DN, None, "ca-signed", None, dn)
            )
            client.auth_methods = {rules.TLS_CLIENT_AUTH: [cred.id]}
        else:
            team: str | None = rng.choice(("client_secret_post", "client_secret_basic"))
            # A third created without a method, as the API leaves them (facts 3.1).
            client.token_endpoint_auth_method = None if i % 3 == 2 else team
            if rng.random() < 0.25:
                cred_ops.commit(
                    tenant, client, _prepared(rules.PUBLIC_KEY, keys[0].public, "staged", expiry())
                )
        backdate_credentials(client, now)
        tenant.add_client(client)
    return count


# --- the demo tenant --------------------------------------------------------------


DEMO_KEY_COUNT = 7
"""Distinct RSA keys the demo tenant's credentials and certificates use."""


def new_keys(count: int, *, workers: int = 2) -> list[rsa.RSAPrivateKey]:
    """``count`` fresh 2048-bit RSA keys, made ``workers`` at a time.

    Generating one takes ~80 ms of OpenSSL work that releases the GIL, so threads
    really run in parallel: the demo's seven keys take about half as long on two
    cores, and can be made while the UI starts.
    """
    if count <= 1 or workers <= 1:
        return [new_key() for _ in range(count)]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="credtui-keygen") as pool:
        return list(pool.map(lambda _: new_key(), range(count)))


def stand_in_keys(first: rsa.RSAPrivateKey, second: rsa.RSAPrivateKey) -> list[rsa.RSAPrivateKey]:
    """Two keys in the places of the demo's seven: no application of the demo holds the
    same key twice, so :func:`seed_demo` accepts them (then see :func:`adopt_demo_keys`)."""
    return [first, second] * (DEMO_KEY_COUNT // 2) + [first] * (DEMO_KEY_COUNT % 2)


def adopt_demo_keys(emulator: Emulator, keys: list[rsa.RSAPrivateKey], *, now: datetime) -> None:
    """Give a demo tenant seeded with :func:`stand_in_keys` its own seven ``keys``.

    The second half of a two-step start (``credtui demo`` shows the applications
    before its keys exist): the demo is seeded again, with ``keys``, into a scratch
    tenant on the same instant ``now``, and every credential takes its twin's key
    material (kid, thumbprints, subject DN, expiry, public key) and private key, in
    place: ids, names, attachments and dates stay. Afterwards the tenant is the one
    ``seed_demo(emulator, keys, now=now)`` would have made. Until this returns,
    credential routes must not be served (the caller holds them back).
    """
    from credtui.emulator.app import Emulator as EmulatorClass
    from credtui.emulator.clock import TenantClock

    scratch = EmulatorClass(
        clock=TenantClock(frozen_at=now), signing_key=emulator.tokens.signing_key
    )
    seed_demo(scratch, keys, now=now)
    twins = {
        (client.name, cred.name): cred
        for client in scratch.tenant.iter_clients()
        for cred in client.credentials.values()
    }
    with emulator.tenant.lock:
        for client in emulator.tenant.iter_clients():
            for cred in client.credentials.values():
                twin = twins.get((client.name, cred.name))
                if twin is None:
                    continue
                cred.kid = twin.kid
                cred.thumbprint_sha256 = twin.thumbprint_sha256
                cred.subject_dn = twin.subject_dn
                cred.expires_at = twin.expires_at
                cred.key_thumbprint = twin.key_thumbprint
                cred.public_key = twin.public_key
                if twin.id in scratch.demo_private_keys:
                    emulator.demo_private_keys[cred.id] = scratch.demo_private_keys[twin.id]


def seed_demo(
    emulator: Emulator,
    keys: list[rsa.RSAPrivateKey] | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """A dozen applications a person would recognise, in every state worth seeing.

    ``keys`` are the :data:`DEMO_KEY_COUNT` RSA keys to use (made here if not
    given): a caller can generate them ahead, e.g. while the UI starts. ``now``
    (default: the tenant's clock) is the instant every date is relative to.
    """
    now = now or emulator.clock.now()
    day = timedelta(days=1)
    if keys is None:
        keys = new_keys(DEMO_KEY_COUNT)
    if len(keys) != DEMO_KEY_COUNT:
        raise ValueError(f"the demo tenant needs {DEMO_KEY_COUNT} keys, not {len(keys)}")
    demo_keys = emulator.demo_private_keys

    def pk(i: int, name: str, expires: datetime | None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "credential_type": "public_key",
            "name": name,
            "pem": public_pem(keys[i]),
        }
        if expires is not None:
            body["expires_at"] = expires.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return body

    def remember(client: Client, key_index_by_name: dict[str, int]) -> None:
        for cred in client.credentials.values():
            if cred.name in key_index_by_name:
                demo_keys[cred.id] = private_pem(keys[key_index_by_name[cred.name]])

    count = 0
    seeded: list[Client] = []

    def app(name: str, **kwargs: Any) -> Client:
        nonlocal count
        count += 1
        client = emulator.create_application(name, **kwargs)
        # A tenant that grew over time: each application a few weeks older than the next,
        # all created before their credentials.
        client.created_at = client.updated_at = now - (40 - 3 * count) * 7 * day
        seeded.append(client)
        return client

    # Machine-to-machine on Private Key JWT, two keys mid-rotation.
    c = app(
        "Payments API",
        method=rules.PRIVATE_KEY_JWT,
        credentials=[
            pk(0, "payments-2025-q4", now + 12 * day),
            pk(1, "payments-2026-q1", now + 365 * day),
        ],
        extra={"description": "Settles card payments; key rotation in progress."},
        grant_scopes=["read:clients"],
    )
    remember(c, {"payments-2025-q4": 0, "payments-2026-q1": 1})
    c = app(
        "Billing Reconciler",
        method=rules.PRIVATE_KEY_JWT,
        credentials=[pk(2, "billing-primary", now + 200 * day)],
        unattached=[pk(3, "billing-next (staged)", now + 565 * day)],
        grant_scopes=["read:clients"],
    )
    remember(c, {"billing-primary": 2, "billing-next (staged)": 3})
    c = app(
        "Ledger Export",
        method=rules.PRIVATE_KEY_JWT,
        credentials=[pk(4, "ledger-2025", now - 9 * day)],
        extra={"description": "Its only key has expired: token requests fail."},
        grant_scopes=["read:clients"],
    )
    remember(c, {"ledger-2025": 4})

    # mTLS with a CA-signed certificate, registered by subject DN.
    ca_key = keys[5]
    ca_name = [("C", "GB"), ("O", "Acme Corp"), ("CN", "Acme Issuing CA")]
    leaf_key = keys[6]
    leaf = make_certificate(
        leaf_key,
        [("C", "GB"), ("ST", "London"), ("O", "Acme Corp"), ("OU", "Treasury"), ("CN", "treasury-gateway.acme.example")],
        now - 30 * day,
        now + 335 * day,
        issuer_key=ca_key,
        issuer=ca_name,
    )  # fmt: skip
    app(
        "Treasury Gateway (mTLS)",
        method=rules.TLS_CLIENT_AUTH,
        credentials=[
            {"credential_type": "cert_subject_dn", "name": "treasury-gateway", "pem": leaf}
        ],
        extra={"access_token": {"tls_client_certificate_binding": True}},
        grant_scopes=["read:clients"],
    )

    # IoT fleets on self-signed certificates.
    def device_cert(i: int, cn: str, start: datetime, end: datetime) -> str:
        return make_certificate(keys[i], [("O", "Acme Devices"), ("CN", cn)], start, end)

    app(
        "Thermostat Fleet",
        method=rules.SELF_SIGNED_TLS_CLIENT_AUTH,
        credentials=[
            {"credential_type": "x509_cert", "name": "fleet-2025", "pem": device_cert(0, "thermostat-fleet-2025", now - 340 * day, now + 25 * day)},
            {"credential_type": "x509_cert", "name": "fleet-2026", "pem": device_cert(1, "thermostat-fleet-2026", now - 5 * day, now + 725 * day)},
        ],
        grant_scopes=["read:clients"],
    )  # fmt: skip
    app(
        "Door Sensor Fleet",
        method=rules.SELF_SIGNED_TLS_CLIENT_AUTH,
        credentials=[
            {"credential_type": "x509_cert", "name": "sensors-2024", "pem": device_cert(2, "door-sensors-2024", now - 400 * day, now - 35 * day)},
        ],
        grant_scopes=["read:clients"],
    )  # fmt: skip

    # A partner portal that requires JAR (signed request objects).
    c = app(
        "Partner Portal",
        app_type="regular_web",
        method="client_secret_post",
        jar=[pk(3, "partner-jar-signing", now + 90 * day)],
        jar_required=True,
        extra={"callbacks": ["https://partners.acme.example/callback"]},
    )
    remember(c, {"partner-jar-signing": 3})

    # Public clients and legacy secrets.
    app(
        "Customer Dashboard",
        app_type="spa",
        method="none",
        extra={
            "grant_types": ["authorization_code", "refresh_token"],
            "callbacks": ["https://dashboard.acme.example/callback"],
        },
    )
    app(
        "Mobile Banking",
        app_type="native",
        method="none",
        extra={"grant_types": ["authorization_code", "refresh_token"]},
    )
    app(
        "Nightly Settlement Job (legacy)",
        method="client_secret_basic",
        extra={"description": "Still on a shared secret: a candidate for Private Key JWT."},
        grant_scopes=["read:clients"],
    )
    # Created through the API without a method, as most real applications are: Auth0
    # returns neither token_endpoint_auth_method nor client_authentication_methods and
    # takes the client secret (facts 3.1).
    c = app(
        "Fraud Scoring Service",
        method=None,
        unattached=[
            pk(5, "fraud-key-staged", now + 180 * day),
            pk(6, "fraud-key-old", now - 60 * day),
        ],
        extra={"description": "Keys uploaded but not attached yet."},
        grant_scopes=["read:clients"],
    )
    remember(c, {"fraud-key-staged": 5, "fraud-key-old": 6})
    c = app(
        "Inventory Sync",
        method=rules.PRIVATE_KEY_JWT,
        credentials=[pk(2, "inventory-2026", now + 28 * day)],
        grant_scopes=["read:clients"],
    )
    remember(c, {"inventory-2026": 2})
    for client in seeded:
        backdate_credentials(client, now)
    return count
