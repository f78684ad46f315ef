"""Issue 14: reading every credential runs at the bucket's refill rate, with no 429.

Time is the tenant's clock (the harness's ``sleep`` advances it), so the time a
sweep takes is exactly what the client chose to wait. The bound: from a full
bucket of B refilled at R per second, N requests cannot take less than
``(N - B) / R``. The old limiter waited for ``X-RateLimit-Reset`` (the bucket
full again, rounded up to the second) each time the bucket ran dry: 1.2x the
bound at 10/4 below.
"""

from __future__ import annotations

import math

import httpx
import pytest

from credtui.api import WaitReason
from credtui.ops.findings import sweep_tenant
from tests.api.harness import Harness
from tests.api.hostile import Hostile, json_response

LIMITED = {"statusCode": 429, "error": "Too Many Requests", "message": "Global limit"}


def _rate_headers(remaining: int, reset: float) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": "10",
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": str(int(reset)),
    }


def _apps(h: Harness, count: int) -> list[str]:
    return [h.emu.create_application(f"App {i:03d}").client_id for i in range(count)]


def _bound(h: Harness, burst: int, per_second: float) -> float:
    served = [e for e in h.api_log() if e.status != 429]
    return (len(served) - burst) / per_second


@pytest.mark.parametrize(
    ("apps", "rate", "burst", "per_second"), [(150, "10/4", 10, 4.0), (400, "50/20", 50, 20.0)]
)
async def test_a_sweep_runs_within_a_tenth_of_the_bound_and_never_trips_429(
    h: Harness, apps: int, rate: str, burst: int, per_second: float
) -> None:
    ids = _apps(h, apps)
    h.emu.set_rate_limit(rate)  # a full bucket
    client = h.client()
    start = h.emu.clock.timestamp()
    sweep = await sweep_tenant(client)
    took = h.emu.clock.timestamp() - start
    assert set(sweep.credentials) >= set(ids) and not sweep.errors
    statuses = [e.status for e in h.api_log()]
    assert 429 not in statuses
    pages = (apps + 1 + 99) // 100
    assert len(statuses) == apps + 1 + pages  # every application's, the management app's
    bound = _bound(h, burst, per_second)
    assert bound <= took <= 1.1 * bound
    # it paced (many short pauses), it did not wait for the bucket to fill each time
    assert len(client.core.limiter.waits) > 50


async def test_the_measured_rate_is_never_above_the_tenants(h: Harness) -> None:
    ids = _apps(h, 120)
    h.emu.set_rate_limit("20/8")
    h.emu.latency_ms = 1  # answers interleave with the concurrent requests
    client = h.client(concurrency=4)
    seen: list[float] = []
    async for result in client.iter_credentials(ids):
        assert result.ok
        if client.core.limiter.rate is not None:
            seen.append(client.core.limiter.rate)
    assert seen and max(seen) <= 8.0
    assert seen[-1] >= 7.5  # and it converges on it
    assert 429 not in [e.status for e in h.api_log()]


async def test_a_lowered_limit_costs_a_429_or_so_then_the_new_pace_holds(h: Harness) -> None:
    ids = _apps(h, 120)
    h.emu.set_rate_limit("20/10")
    client = h.client()
    done = 0
    async for result in client.iter_credentials(ids, concurrency=4):
        assert result.ok
        done += 1
        if done == 60:
            h.emu.set_rate_limit("5/2")  # the tenant's limit drops mid-sweep
    assert done == 120
    statuses = [e.status for e in h.api_log()]
    assert 1 <= statuses.count(429) <= 3
    late = statuses[statuses.index(429) + 1 :]
    assert 429 not in late[len(late) // 4 :]  # measured afresh: the rest goes through


async def test_paced_gaps_are_not_announced_but_a_long_wait_is(h: Harness) -> None:
    ids = _apps(h, 80)
    h.emu.set_rate_limit("10/4")
    told: list[tuple[WaitReason, float]] = []
    client = h.client(on_wait=lambda reason, s: told.append((reason, s)))
    async for result in client.iter_credentials(ids):
        assert result.ok
    waits = client.core.limiter.waits
    assert len(waits) > 50 and max(waits[1:]) < 1  # after the first, pacing's short gaps
    started = [s for reason, s in told if s > 0]
    # only the first (no rate measured yet: until the reset, 2.5 s rounded up) is told
    assert started == [waits[0]] and waits[0] == pytest.approx(3.0, abs=0.01)
    assert [r for r, _ in told] == [WaitReason.RATE_LIMIT] * 2


async def test_cancelled_requests_are_no_longer_counted_in_flight(h: Harness) -> None:
    ids = _apps(h, 30)
    h.emu.latency_ms = 5
    client = h.client()
    await client.list_applications()
    gen = client.iter_credentials(ids, concurrency=4)
    assert (await gen.__anext__()).ok
    await gen.aclose()  # cancels three requests on the wire
    assert client.core.limiter.in_flight == 0


async def test_once_the_pace_is_measured_a_poisoned_reset_changes_nothing() -> None:
    """An honest 10/5 bucket whose reset turns absurd (10^9 s away) after 40 requests."""
    tenant = Hostile()
    bucket = {"tokens": 10.0, "at": tenant.now}
    limited: list[int] = []

    def answer(_: httpx.Request) -> httpx.Response:
        now = tenant.now
        tokens = min(10.0, bucket["tokens"] + 5 * (now - bucket["at"]))
        bucket["at"] = now
        served = len(tenant.api_requests())
        reset = now + 10**9 if served > 40 else math.ceil(now + (10 - tokens) / 5)
        if tokens < 1:
            limited.append(served)
            bucket["tokens"] = tokens
            return json_response(LIMITED, 429, **_rate_headers(0, reset))
        bucket["tokens"] = tokens - 1
        return json_response([], **_rate_headers(math.floor(tokens - 1), reset))

    tenant.api = answer
    client = tenant.client()
    try:
        for _ in range(80):
            assert await client.list_credentials("a" * 32) == []
    finally:
        await tenant.close()
    assert limited == []
    assert len(tenant.api_requests()) == 80
    late = tenant.sleeps[-30:]
    assert late and max(late) < 0.5  # paced by the measured rate, not by the poisoned reset
    assert sum(tenant.sleeps) <= 1.1 * (80 - 10) / 5
