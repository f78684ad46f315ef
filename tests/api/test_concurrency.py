"""Credentials for many applications: bounded in flight, started in the order asked."""

from __future__ import annotations

import pytest

from credtui.errors import NotFoundError
from tests.api.harness import Harness
from tests.keyfactory import rsa_key, spki_pem


@pytest.mark.parametrize("limit", [1, 3, 8])
async def test_bounded_in_flight_and_started_in_order(h: Harness, limit: int) -> None:
    apps = [h.emu.create_application(f"App {i}") for i in range(20)]
    h.emu.latency_ms = 5  # so requests overlap
    client = h.client()
    await client.list_applications()  # token fetched; only credential calls below
    h.wire.peak = 0
    h.clear()
    ids = [a.client_id for a in reversed(apps)]  # the UI's order, not creation order
    results = [r async for r in client.iter_credentials(ids, concurrency=limit)]
    assert sorted(r.index for r in results) == list(range(20))
    assert {r.client_id for r in results} == set(ids)
    assert h.wire.peak == limit
    started = [p.split("/")[4] for p in h.wire.started]
    assert started == ids


async def test_ordered_results_and_per_item_errors(h: Harness) -> None:
    apps = [h.emu.create_application(f"App {i}") for i in range(6)]
    h.emu.add_credential(
        apps[2].client_id, {"credential_type": "public_key", "pem": spki_pem(rsa_key(2048, 40))}
    )
    client = h.client()
    ids = [a.client_id for a in apps]
    ids.insert(3, "A" * 32)  # no such application
    results = [r async for r in client.iter_credentials(ids, concurrency=3, ordered=True)]
    assert [r.client_id for r in results] == ids
    assert [r.index for r in results] == list(range(7))
    bad = results[3]
    assert not bad.ok and isinstance(bad.error, NotFoundError) and bad.credentials is None
    assert results[2].credentials is not None and len(results[2].credentials) == 1
    assert all(r.ok for i, r in enumerate(results) if i != 3)


async def test_closing_early_cancels_the_rest(h: Harness) -> None:
    apps = [h.emu.create_application(f"App {i}") for i in range(30)]
    h.emu.latency_ms = 5
    client = h.client()
    await client.list_applications()
    h.clear()
    gen = client.iter_credentials([a.client_id for a in apps], concurrency=4)
    first = await gen.__anext__()
    assert first.ok
    await gen.aclose()
    assert len(h.wire.started) <= 8  # never started the other 22
