"""``/__emulator/`` controls: request log, faults, rate limit, latency, seeding, clock."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from tests.conftest import EmulatorHarness


async def test_request_log_records_what_the_tenant_received(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, ctl: httpx.AsyncClient
) -> None:
    await mgmt.post("/api/v2/clients", json={"name": "Logged"})
    await mgmt.get("/api/v2/clients/nope")
    log = emulator.requests()
    assert [(e.method, e.path, e.status) for e in log] == [
        ("POST", "/api/v2/clients", 201),
        ("GET", "/api/v2/clients/nope", 404),
    ]
    assert '"name": "Logged"' in log[0].body or '"name":"Logged"' in log[0].body
    assert log[0].headers["authorization"] == "Bearer [redacted]"  # the scheme, never the token
    over_http = (await ctl.get("/__emulator/requests")).json()["requests"]
    assert [r["path"] for r in over_http] == ["/api/v2/clients", "/api/v2/clients/nope"]
    assert (await ctl.delete("/__emulator/requests")).status_code == 204
    assert emulator.requests() == []


async def test_status_fault_for_the_next_n_matching_requests(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, ctl: httpx.AsyncClient
) -> None:
    r = await ctl.post(
        "/__emulator/faults",
        json={"method": "GET", "path": "/api/v2/clients*", "status": 503, "times": 2},
    )
    assert r.status_code == 201
    await mgmt.post("/api/v2/clients", json={"name": "Not matched"})  # POST does not match
    first = await mgmt.get("/api/v2/clients")
    second = await mgmt.get("/api/v2/clients/anything")
    third = await mgmt.get("/api/v2/clients")
    assert (first.status_code, second.status_code, third.status_code) == (503, 503, 200)
    assert first.json() == {
        "statusCode": 503,
        "error": "Service Unavailable",
        "message": "Service Unavailable",
    }
    assert [e.fault for e in emulator.requests()] == [None, "status 503", "status 503", None]
    assert (await ctl.get("/__emulator/faults")).json() == {"faults": []}


async def test_fault_429_uses_auth0_body_and_custom_body(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    emulator.fault("GET", "/api/v2/clients", status=429)
    emulator.fault("POST", "/oauth/token", status=500, body={"error": "server_error"})
    limited = await mgmt.get("/api/v2/clients")
    assert limited.status_code == 429
    assert limited.json()["message"] == "Global limit has been reached"
    broken = await mgmt.post("/oauth/token", data={})
    assert (broken.status_code, broken.json()) == (500, {"error": "server_error"})


async def test_dropped_connection_in_process(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    emulator.fault("DELETE", "/api/v2/clients/*", drop=True)
    app = emulator.create_app("Doomed")
    with pytest.raises(httpx.RemoteProtocolError):
        await mgmt.delete(f"/api/v2/clients/{app.client_id}")
    assert emulator.requests()[-1].fault == "drop"
    assert emulator.tenant.get_client(app.client_id) is not None  # the request never ran
    assert (await mgmt.delete(f"/api/v2/clients/{app.client_id}")).status_code == 204


async def test_dropped_after_processing_over_the_control_api(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, ctl: httpx.AsyncClient
) -> None:
    armed = await ctl.post(
        "/__emulator/faults",
        json={
            "method": "DELETE",
            "path": "/api/v2/clients/*",
            "drop": True,
            "after_processing": True,
        },
    )
    assert armed.json()["after_processing"] is True
    app = emulator.create_app("Doomed")
    with pytest.raises(httpx.RemoteProtocolError):
        await mgmt.delete(f"/api/v2/clients/{app.client_id}")
    last = emulator.requests()[-1]
    assert (last.fault, last.status) == ("drop after processing", 204)
    assert emulator.tenant.get_client(app.client_id) is None  # the request did run
    refused = await ctl.post("/__emulator/faults", json={"status": None, "after_processing": True})
    assert refused.status_code == 400


async def test_delay_fault_and_latency(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, ctl: httpx.AsyncClient
) -> None:
    emulator.fault("GET", "/api/v2/clients", delay_ms=150)
    start = time.monotonic()
    assert (await mgmt.get("/api/v2/clients")).status_code == 200
    assert time.monotonic() - start >= 0.14
    assert (await ctl.put("/__emulator/latency", json={"ms": 120})).json() == {"ms": 120}
    start = time.monotonic()
    await mgmt.get("/api/v2/clients")
    assert time.monotonic() - start >= 0.11
    assert (await ctl.put("/__emulator/latency", json={"ms": -1})).status_code == 400


async def test_a_held_request_waits_for_release_and_a_stop(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    held = emulator.fault("GET", "/api/v2/clients", hold=True, times=2)
    first = asyncio.ensure_future(mgmt.get("/api/v2/clients"))
    for _ in range(50):  # many turns of the loop: it stays held, however long one looks
        await asyncio.sleep(0)
    assert held.hits == 1 and not first.done()
    held.release()  # this one and the next it matches go on
    assert (await first).status_code == 200
    assert (await mgmt.get("/api/v2/clients")).status_code == 200
    assert held.to_json()["hold"] is True and held.hits == 2
    again = emulator.fault("GET", "/api/v2/clients", hold=True)
    pending = asyncio.ensure_future(mgmt.get("/api/v2/clients"))
    while again.hits == 0:
        await asyncio.sleep(0)
    emulator.app.stop_waiting()  # a stopping emulator holds nothing: 503 at once
    assert (await pending).status_code == 503
    with pytest.raises(ValueError, match="a status, drop, delay_ms or hold"):
        emulator.fault("GET", "/api/v2/clients")


async def test_rate_limit_control(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, ctl: httpx.AsyncClient
) -> None:
    assert "x-ratelimit-limit" not in (await mgmt.get("/api/v2/clients")).headers  # off in fixtures
    state = (await ctl.put("/__emulator/rate-limit", json={"value": "2/1"})).json()
    assert state == {"limit": 2, "per_second": 1.0, "remaining": 2}
    emulator.clock.freeze(emulator.clock.now())
    emulator.set_rate_limit("2/1")
    await mgmt.get("/api/v2/clients")
    await mgmt.get("/api/v2/clients")
    assert (await mgmt.get("/api/v2/clients")).status_code == 429
    # Controls are never limited, and /oauth/token is not on the Management bucket.
    assert (await ctl.get("/__emulator/rate-limit")).status_code == 200
    token = await mgmt.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": emulator.client_id,
        "client_secret": emulator.client_secret, "audience": f"{emulator.base_url}/api/v2/",
    })  # fmt: skip
    assert token.status_code == 200
    assert (await ctl.put("/__emulator/rate-limit", json={"value": "off"})).json()["limit"] is None
    assert (await mgmt.get("/api/v2/clients")).status_code == 200
    assert (await ctl.put("/__emulator/rate-limit", json={"value": "fast"})).status_code == 400


async def test_seed_clock_and_management_app_controls(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, ctl: httpx.AsyncClient
) -> None:
    seeded = (await ctl.post("/__emulator/seed", json={"count": 25})).json()
    assert seeded == {"created": 25, "total": 27}  # + the management and the global client
    listed = (
        await mgmt.get("/api/v2/clients", params={"include_totals": "true", "per_page": "5"})
    ).json()
    assert listed["total"] == 27
    before = emulator.clock.now()
    moved = await ctl.post("/__emulator/clock", json={"advance_seconds": 3600})
    assert moved.status_code == 200
    assert (emulator.clock.now() - before).total_seconds() >= 3600
    restricted = (
        await ctl.post("/__emulator/management-apps", json={"scopes": ["read:clients"]})
    ).json()
    token = await mgmt.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": restricted["client_id"],
        "client_secret": restricted["client_secret"], "audience": f"{emulator.base_url}/api/v2/",
    })  # fmt: skip
    assert token.json()["scope"] == "read:clients"
    info = (await ctl.get("/__emulator")).json()
    assert info["client_id"] == emulator.client_id and info["base_url"] == emulator.base_url
