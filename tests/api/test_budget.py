"""Time budgets (issue 19, finding 8): one call, one action, one command end within theirs.

Each attempt had a deadline, but a timeout was retried three times, the token
request had its own four, and rate limits were waited for on top: a tenant that
stopped answering kept one call going for minutes. Time here is the tenant's
clock (:mod:`tests.api.harness`): a "slow" attempt moves it on by the seconds the
tenant took, and the client's sleeps move it too, so the minutes cost nothing.
"""

from __future__ import annotations

import asyncio
import fnmatch
import time

import httpx
import pytest

from credtui.api import ClientSecretSource, ManagementClient
from credtui.api.budget import Budget, within
from credtui.errors import (
    BudgetExceededError,
    RateLimitedError,
    RequestTimeoutError,
    ServerError,
    describe_error,
)
from tests.api.harness import Harness
from tests.api.test_hostile_limits import Trickler


class SlowTenant(httpx.AsyncBaseTransport):
    """Every matching request takes ``seconds`` of the tenant's time, then times out
    (as httpx reports a read that waited too long); the rest pass through."""

    def __init__(self, h: Harness, pattern: str, seconds: float) -> None:
        self.h, self.pattern, self.seconds = h, pattern, seconds
        self.attempts = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if fnmatch.fnmatchcase(request.url.path, self.pattern):
            self.attempts += 1
            self.h.emu.clock.advance(self.seconds)
            raise httpx.ReadTimeout("the tenant took too long", request=request)
        return await self.h.wire.handle_async_request(request)


def slow_client(
    h: Harness, pattern: str, seconds: float = 30.0, **kw: object
) -> tuple[ManagementClient, SlowTenant]:
    slow = SlowTenant(h, pattern, seconds)
    client = ManagementClient(
        h.base_url,
        h.secret_source(),
        transport=slow,
        clock=h.emu.clock.timestamp,
        sleep=h.sleep,
        **kw,  # type: ignore[arg-type]
    )
    h.clients.append(client)
    return client, slow


@pytest.mark.parametrize(
    ("pattern", "method", "path"),
    [
        ("/api/v2/clients", "GET", "/api/v2/clients"),
        ("/oauth/token", "POST", "/oauth/token"),
    ],
    ids=["api", "token"],
)
async def test_a_call_ends_within_its_budget_however_often_it_could_retry(
    h: Harness, pattern: str, method: str, path: str
) -> None:
    client, slow = slow_client(h, pattern)  # 30 s an attempt; 3 retries; budget 60 s
    start = h.emu.clock.timestamp()
    with pytest.raises(BudgetExceededError) as info:
        await client.list_applications()
    spent = h.emu.clock.timestamp() - start
    # Before: 4 attempts of 30 s and 3.5 s of back-off (and 4 token attempts before that).
    assert spent <= 61, spent
    assert slow.attempts == 2
    assert (info.value.method, info.value.path, info.value.seconds) == (method, path, 60)
    assert describe_error(info.value) == (
        f"The tenant at {h.base_url} stopped answering: {method} {path} did not finish within "
        "60 s, retries included."
    )
    assert isinstance(info.value, RequestTimeoutError)  # the CLI's exit 4


async def test_the_attempt_deadline_is_cut_to_what_is_left(h: Harness) -> None:
    client, _ = slow_client(h, "/nothing", timeout=100.0, call_budget=5.0)
    seconds, by_budget = client.core._attempt_seconds(client.core.budgets(), "GET", "/nothing")
    assert (seconds, by_budget) == (5.0, True)  # the attempt deadline (200 s) gives way
    client.core.call_budget = None
    assert client.core._attempt_seconds(client.core.budgets(), "GET", "/nothing") == (200.0, False)


@pytest.mark.parametrize(("deadline", "budget"), [(0.4, 0.7), (1.0, 0.3)])
async def test_a_trickled_answer_is_cut_at_the_budget_over_a_real_socket(
    deadline: float, budget: float
) -> None:
    """Real time, real socket, tiny numbers (an attempt's deadline, the call's budget)."""
    trickler = Trickler("/api/v2/clients/app_1/credentials", interval=0.05)
    base = await trickler.start()
    try:
        client = ManagementClient(
            base,
            ClientSecretSource("id", "not-a-real-secret"),
            deadline=deadline,
            call_budget=budget,
        )
        async with client:
            start = time.monotonic()
            with pytest.raises(BudgetExceededError) as info:
                await asyncio.wait_for(client.list_credentials("app_1"), 10)  # the test's guard
            elapsed = time.monotonic() - start
    finally:
        await trickler.stop()
    # Before: 4 attempts and 0.5 + 1 + 2 s of back-off, 5 to 7.5 s. Now: either the
    # attempt is cut at the budget (1.0, 0.3), or it times out at its deadline and the
    # 0.5 s back-off does not fit what is left (0.4, 0.7).
    assert min(deadline, budget) - 0.05 < elapsed < budget + 0.8, elapsed
    assert info.value.seconds == budget


async def test_an_action_budget_is_shared_by_every_call_in_the_block(h: Harness) -> None:
    """Each call alone fits its own 60 s; together they do not fit the action's."""
    app = h.emu.create_application("Svc")
    client = h.client()
    h.emu.faults.add(method="GET", path="/api/v2/clients/*", status=503, times=100)
    slept_before = len(h.sleeps)
    with client.action_budget(2.0), pytest.raises((BudgetExceededError, ServerError)) as info:
        await asyncio.gather(client.get_application(app.client_id), client.list_credentials(
            app.client_id))  # fmt: skip
    # 503s are retried after 0.5 s, then 1 s: the second pause does not fit 2 s.
    assert sum(h.sleeps[slept_before:]) <= 2.0
    assert isinstance(info.value, ServerError)  # the tenant answered: its answer, not a timeout
    assert client.budget_left() is None  # outside the block there is none


async def test_a_command_budget_spans_every_call_of_the_client(h: Harness) -> None:
    client, slow = slow_client(h, "/api/v2/clients/*/credentials", total_budget=45.0)
    app = h.emu.create_application("Svc")
    await client.get_application(app.client_id)  # fast: the budget is barely touched
    with pytest.raises(BudgetExceededError) as info:
        await client.list_credentials(app.client_id)  # 30 s, back-off, then 14.5 s left
    assert info.value.seconds == 45
    assert slow.attempts == 2
    with pytest.raises(BudgetExceededError):  # spent: the next call sends nothing
        await client.get_application(app.client_id)
    assert slow.attempts == 2


async def test_a_rate_limit_wait_past_the_budget_is_not_slept_on(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    h.emu.set_rate_limit("5/0.05")  # full again 100 s after it is emptied
    client = h.client(call_budget=20.0)
    for _ in range(5):
        assert h.emu.bucket.take()[0]
    h.clear()
    with pytest.raises(RateLimitedError) as info:
        await client.list_credentials(app.client_id)
    assert info.value.reset_at is not None  # the reset is named, as when credtui stops waiting
    assert sum(h.sleeps) <= 20.0  # before: 60 s (max_rate_wait), whatever the budget


async def test_a_spent_scoped_budget_sends_nothing(h: Harness) -> None:
    client = h.client()
    budget = Budget(5.0, h.emu.clock.timestamp)
    h.emu.clock.advance(6)
    h.clear()
    with within(budget), pytest.raises(BudgetExceededError) as info:
        await client.list_applications()
    assert info.value.seconds == 5
    assert h.wire.raw == []


def test_a_budget_is_a_positive_number_of_seconds() -> None:
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="positive number of seconds"):
            Budget(bad)
