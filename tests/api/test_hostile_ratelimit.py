"""Issue 8, finding 8: rate-limit waits are bounded, corrected by later answers, and observable.

A tenant (or something in front of it) that sends a far-future
``X-RateLimit-Reset`` must not make credtui wait for it, nor poison the rest
of the session; and whoever shows the calls (the UI) can say what is waited for.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from credtui.api import WaitReason
from credtui.errors import RateLimitedError, describe_error
from tests.api.hostile import Hostile, json_response

CLIENT = "a" * 32
LIMITED = {"statusCode": 429, "error": "Too Many Requests", "message": "Global limit"}


@pytest.fixture
async def t() -> AsyncIterator[Hostile]:
    tenant = Hostile()
    yield tenant
    await tenant.close()


def _headers(t: Hostile, remaining: int, reset_in: float) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": "50",
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": str(int(t.now + reset_in)),
    }


async def test_a_far_future_reset_on_a_429_is_not_slept_on(t: Hostile) -> None:
    t.api = lambda _: json_response(LIMITED, 429, **_headers(t, 0, 10**9))
    client = t.client()
    with pytest.raises(RateLimitedError) as info:
        await client.list_credentials(CLIENT)
    assert t.sleeps == [0.5, 1.0, 2.0]  # backing off; the old client slept 6 x 60 s
    assert len(t.api_requests()) == 4
    assert info.value.reset_at is not None and info.value.reset_at.year > 2050
    assert "rate limit of 50 requests" in describe_error(info.value)


async def test_waits_are_bounded_by_max_rate_wait_in_all(t: Hostile) -> None:
    t.api = lambda _: json_response(LIMITED, 429, **_headers(t, 0, 8))
    client = t.client(max_rate_wait=20, max_retries=5)
    with pytest.raises(RateLimitedError):
        await client.list_credentials(CLIENT)
    # a third 8 s would pass 20 s: short back-offs use up what is left, then it says so
    assert t.sleeps == [8, 8, 2, 2] and sum(t.sleeps) == 20
    assert len(t.api_requests()) == 5


async def test_a_big_bucket_whose_reset_is_far_still_gets_through(t: Hostile) -> None:
    """Auth0's reset says when the bucket is full; one request may fit much sooner."""
    statuses = iter([429, 200])
    t.api = lambda _: json_response(
        [] if (status := next(statuses)) == 200 else LIMITED, status, **_headers(t, 0, 300)
    )
    client = t.client()
    assert await client.list_credentials(CLIENT) == []
    assert t.sleeps == [0.5]


async def test_a_later_answer_corrects_a_poisoned_reset(t: Hostile) -> None:
    answers = [
        _headers(t, 5, 10**9),  # poisoned: a reset 30 years away
        _headers(t, 0, 5),  # the truth: empty, full again in 5 s
        _headers(t, 49, 1),
    ]

    def answer(_: httpx.Request) -> httpx.Response:
        return json_response([], **answers[min(len(t.api_requests()), 3) - 1])

    t.api = answer
    client = t.client()
    for _ in range(3):
        assert await client.list_credentials(CLIENT) == []
    # the old limiter kept the later (poisoned) reset and waited the 60 s bound
    assert t.sleeps == [5]


async def test_an_empty_bucket_with_a_far_reset_does_not_stall_the_session(t: Hostile) -> None:
    first = _headers(t, 0, 10**9)
    t.api = lambda _: json_response([], **(first if len(t.api_requests()) == 1 else {}))
    client = t.client()
    for _ in range(3):
        assert await client.list_credentials(CLIENT) == []
    assert t.sleeps == []  # beyond the bound: ask the tenant rather than sleep on it


async def test_waits_are_reported_to_observers(t: Hostile) -> None:
    statuses = iter([429, 200, 503, 200])

    def answer(_: httpx.Request) -> httpx.Response:
        status = next(statuses)
        body = LIMITED if status == 429 else ([] if status == 200 else {"message": "down"})
        return json_response(body, status, **_headers(t, 10 if status != 429 else 0, 12))

    t.api = answer
    seen: list[tuple[WaitReason, float]] = []
    client = t.client(on_wait=lambda reason, s: seen.append((reason, s)))
    also: list[str] = []
    stop = client.observe_waits(lambda reason, s: also.append(reason.describe(s)))
    await client.list_credentials(CLIENT)
    stop()
    await client.list_credentials(CLIENT)
    assert seen == [
        (WaitReason.RATE_LIMIT, 12),
        (WaitReason.RATE_LIMIT, 0),
        (WaitReason.RETRY, 0.5),
        (WaitReason.RETRY, 0),
    ]
    assert also == ["Waiting 12 s for the tenant's rate limit…", ""]
