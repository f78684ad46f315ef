"""N generated applications (``--seed N``): credentials spread across them, drawn from a
small pool of keys (the duplicate-key rule is per client), so 10,000 take seconds."""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from credtui import rules
from credtui.emulator import clients as client_ops
from credtui.emulator import credentials as cred_ops
from credtui.emulator.pem import ParsedPem, parse_pem
from credtui.emulator.seed_parts import backdate_credentials, make_certificate, prepared
from credtui.emulator.state import EmulatorState
from credtui.emulator.store import Client
from credtui.keys import generate_rsa_key, public_key_to_pem
from credtui.vocabulary import AuthMethod


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
        key = generate_rsa_key()
        cert = make_certificate(
            key,
            [("C", "GB"), ("O", "Generated"), ("CN", f"pool-{i}.example")],
            start,
            start + timedelta(days=3650),
        )
        out.append(PoolKey(key, parse_pem(public_key_to_pem(key)), parse_pem(cert)))
    return tuple(out)


_WORDS = (
    "billing", "ledger", "payments", "reports", "inventory", "search", "orders", "shipping",
    "identity", "audit", "catalog", "pricing", "notifications", "analytics", "export", "sync",
)  # fmt: skip
_KINDS = ("service", "worker", "gateway", "job", "portal", "app", "agent", "bridge")


def seed_generated(emulator: EmulatorState, count: int, *, rng_seed: int = 7) -> int:
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
                    tenant, client, prepared(rules.PUBLIC_KEY, k.public, f"key-{j + 1}", expiry())
                ).id
                for j, k in enumerate(keys[: rng.randint(1, 2)])
            ]
            client.auth_methods = {rules.PRIVATE_KEY_JWT: attached}
            if rng.random() < 0.3:
                cred_ops.commit(
                    tenant,
                    client,
                    prepared(rules.PUBLIC_KEY, keys[2].public, "next-key", expiry()),
                )
        elif roll < 0.62:
            k = keys[0]
            cred = cred_ops.commit(
                tenant,
                client,
                prepared(rules.X509_CERT, k.certificate, "device-cert", k.certificate.not_after),
            )
            client.auth_methods = {rules.SELF_SIGNED_TLS_CLIENT_AUTH: [cred.id]}
        elif roll < 0.72:
            dn = f"C=GB\nO=Generated\nCN={name}.example"
            cred = cred_ops.commit(
                tenant, client, prepared(rules.CERT_SUBJECT_DN, None, "ca-signed", None, dn)
            )
            client.auth_methods = {rules.TLS_CLIENT_AUTH: [cred.id]}
        else:
            team: str | None = rng.choice(
                (AuthMethod.CLIENT_SECRET_POST.value, AuthMethod.CLIENT_SECRET_BASIC.value)
            )
            # A third created without a method, as the API leaves them (facts 3.1).
            client.token_endpoint_auth_method = None if i % 3 == 2 else team
            if rng.random() < 0.25:
                cred_ops.commit(
                    tenant, client, prepared(rules.PUBLIC_KEY, keys[0].public, "staged", expiry())
                )
        backdate_credentials(client, now)
        tenant.add_client(client)
    return count
