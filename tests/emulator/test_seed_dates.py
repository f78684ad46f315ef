"""Seeded tenants read like a real tenant's history: applications, then credentials, then expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from credtui.emulator import Emulator
from credtui.emulator.seed import seed_demo, seed_generated
from tests import keyfactory
from tests.conftest import signing_key


def assert_history(emulator: Emulator, now: datetime) -> int:
    checked = 0
    for client in emulator.tenant.iter_clients():
        for cred in client.credentials.values():
            label = f"{client.name} / {cred.name}"
            assert client.created_at is not None and client.created_at < cred.created_at, label
            assert cred.created_at < now, label
            assert cred.updated_at == cred.created_at, label
            if cred.expires_at is not None:
                assert cred.created_at < cred.expires_at, label
            checked += 1
    return checked


def test_demo_credentials_were_created_after_their_application_and_before_expiry() -> None:
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    emulator = Emulator(signing_key=signing_key())
    seed_demo(emulator, [keyfactory.rsa_key(2048, 200 + i) for i in range(7)], now=now)

    assert assert_history(emulator, now) > 10
    created = [
        cred.created_at
        for client in emulator.tenant.iter_clients()
        for cred in client.credentials.values()
    ]
    # Not all "today": uploads spread over months.
    assert max(created) - min(created) > timedelta(days=90)
    expired = [
        cred
        for client in emulator.tenant.iter_clients()
        for cred in client.credentials.values()
        if cred.expires_at is not None and cred.expires_at < now
    ]
    assert expired  # the demo keeps its expired credentials, now with a plausible past


def test_generated_credentials_were_created_after_their_application_and_before_expiry() -> None:
    emulator = Emulator(signing_key=signing_key())
    seed_generated(emulator, 120)
    assert assert_history(emulator, emulator.clock.now()) > 30
