"""Pacing by the tenant's ``X-RateLimit-*`` headers, and saying what is waited for.

The :class:`RateLimiter` keeps an estimate of the remaining budget and when the
bucket refills, so a burst does not run into a bucket known to be empty. It
trusts the headers only so far: the answer to the most recently sent request
wins (a later answer corrects an earlier one, whatever reset it named), and an
estimate that would mean waiting longer than credtui ever waits is dropped
rather than slept on; the tenant's next answer says how things really are.

:class:`WaitReason` and :data:`WaitObserver` let a caller (the UI) show what a
call is waiting for.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from enum import StrEnum

import httpx

from credtui.api._wire import int_header, timestamp_header

__all__ = ["RateLimiter", "WaitObserver", "WaitReason"]

log = logging.getLogger("credtui.api")


class WaitReason(StrEnum):
    """Why a call is pausing."""

    RATE_LIMIT = "rate_limit"
    """The tenant's rate limit: the bucket is empty until its reset."""
    RETRY = "retry"
    """A back-off before retrying a call that failed (5xx, timeout, dropped connection)."""

    def describe(self, seconds: float) -> str:
        """A status line for a person, or ``""`` when ``seconds`` is 0 (the wait is over)."""
        if seconds <= 0:
            return ""
        secs = max(1, round(seconds))
        if self is WaitReason.RATE_LIMIT:
            return f"Waiting {secs} s for the tenant's rate limit…"
        return f"Retrying in {secs} s…"


WaitObserver = Callable[[WaitReason, float], None]
"""Called with the reason and the seconds when a wait starts, and with 0 when it ends."""


class RateLimiter:
    """Paces requests by ``X-RateLimit-*`` so a burst does not run into a known-empty bucket.

    It keeps an estimate of the remaining budget: the last header value minus the
    requests sent since. When the estimate reaches zero before the reset time,
    callers wait until the reset (never longer than ``max_wait``, nor than the
    budget the caller has left); afterwards the budget is the full limit again.
    """

    def __init__(
        self, clock: Callable[[], float], sleep: Callable[[float], Awaitable[None]], max_wait: float
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._max_wait = max_wait
        self._lock = asyncio.Lock()
        self.limit: int | None = None
        self.remaining: int | None = None
        self.reset: float | None = None
        self.in_flight = 0
        self._sent = 0
        self._state_ticket = 0
        """The request whose answer the estimate comes from (answers can overtake each other)."""
        self.waits: list[float] = []
        """Every pause taken, in seconds (for tests and the benchmark)."""

    async def acquire(self, budget: float | None = None) -> tuple[int, float]:
        """Wait if the bucket is known to be empty, then count one request as sent.

        ``budget`` is how long the caller may still wait. Returns a ticket for
        :meth:`release` and the seconds waited.
        """
        async with self._lock:
            waited = 0.0
            if self.remaining is not None and self.remaining <= 0 and self.reset is not None:
                wait = self.reset - self._clock()
                bound = self._max_wait if budget is None else min(self._max_wait, budget)
                if wait > bound:
                    # Our estimate says wait longer than credtui ever waits: it may be a
                    # poisoned header. Forget it and ask; a 429 names the real reset.
                    log.debug("rate limit: reset %.0f s away, beyond the bound; asking", wait)
                    self.remaining = self.reset = None
                else:
                    if wait > 0:
                        self.waits.append(wait)
                        log.debug("rate limit: bucket empty, waiting %.2f s for the reset", wait)
                        await self._sleep(wait)
                        waited = wait
                    self.remaining = self.limit
            if self.remaining is not None:
                self.remaining -= 1
            self.in_flight += 1
            self._sent += 1
            return self._sent, waited

    def release(self, ticket: int, headers: httpx.Headers | None) -> None:
        """Record the headers of the answer to request ``ticket`` (None when no answer came)."""
        self.in_flight -= 1
        if headers is None:
            return
        remaining = int_header(headers, "x-ratelimit-remaining")
        reset = timestamp_header(headers, "x-ratelimit-reset")
        limit = int_header(headers, "x-ratelimit-limit")
        if limit is not None:
            self.limit = limit
        if remaining is None:
            return
        estimate = remaining - self.in_flight
        if ticket >= self._state_ticket or self.remaining is None:
            # The answer to the latest request sent: it describes the bucket best, and
            # replaces what came before, even an earlier answer's later reset.
            self._state_ticket = ticket
            self.remaining = estimate
            if reset is not None:
                self.reset = reset
        else:
            # Overtaken by the answer to a later request: it can only lower the estimate.
            self.remaining = min(self.remaining, estimate)

    def note_limited(self, reset: float | None) -> None:
        """A 429 arrived: the bucket is empty until ``reset``."""
        self.remaining = 0
        if reset is not None:
            self.reset = reset
