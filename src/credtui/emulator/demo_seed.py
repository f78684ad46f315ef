"""The demo tenant (``--seed demo``): a dozen applications a person would recognise, in
every state worth seeing. Its keys are made at start-up and live in memory only."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from credtui import rules
from credtui.emulator.clock import TenantClock
from credtui.emulator.seed_parts import backdate_credentials, make_certificate
from credtui.emulator.state import EmulatorState
from credtui.emulator.store import Client
from credtui.keys import generate_rsa_key, private_key_to_pem, public_key_to_pem

DEMO_KEY_COUNT = 7
"""Distinct RSA keys the demo tenant's credentials and certificates use."""


def new_keys(count: int, *, workers: int = 2) -> list[rsa.RSAPrivateKey]:
    """``count`` fresh 2048-bit RSA keys, made ``workers`` at a time.

    Generating one takes ~80 ms of OpenSSL work that releases the GIL, so threads
    really run in parallel: the demo's seven keys take about half as long on two
    cores, and can be made while the UI starts.
    """
    if count <= 1 or workers <= 1:
        return [generate_rsa_key() for _ in range(count)]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="credtui-keygen") as pool:
        return list(pool.map(lambda _: generate_rsa_key(), range(count)))


def stand_in_keys(first: rsa.RSAPrivateKey, second: rsa.RSAPrivateKey) -> list[rsa.RSAPrivateKey]:
    """Two keys in the places of the demo's seven: no application of the demo holds the
    same key twice, so :func:`seed_demo` accepts them (then see :func:`adopt_demo_keys`)."""
    return [first, second] * (DEMO_KEY_COUNT // 2) + [first] * (DEMO_KEY_COUNT % 2)


def adopt_demo_keys(
    emulator: EmulatorState, keys: list[rsa.RSAPrivateKey], *, now: datetime
) -> None:
    """Give a demo tenant seeded with :func:`stand_in_keys` its own seven ``keys``.

    The second half of a two-step start (``credtui demo`` shows the applications
    before its keys exist): the demo is seeded again, with ``keys``, into a scratch
    tenant on the same instant ``now``, and every credential takes its twin's key
    material (kid, thumbprints, subject DN, expiry, public key) and private key, in
    place: ids, names, attachments and dates stay. Afterwards the tenant is the one
    ``seed_demo(emulator, keys, now=now)`` would have made. Until this returns,
    credential routes must not be served (the caller holds them back).
    """
    scratch = EmulatorState(
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
    emulator: EmulatorState,
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
            "pem": public_key_to_pem(keys[i]),
        }
        if expires is not None:
            body["expires_at"] = expires.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return body

    def remember(client: Client, key_index_by_name: dict[str, int]) -> None:
        for cred in client.credentials.values():
            if cred.name in key_index_by_name:
                demo_keys[cred.id] = private_key_to_pem(keys[key_index_by_name[cred.name]]).decode()

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
