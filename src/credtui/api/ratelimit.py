"""Pacing by the tenant's ``X-RateLimit-*`` headers, and saying what is waited for.

The :class:`RateLimiter` mirrors the tenant's token bucket (the remaining budget,
the refill rate it measures, the reset), so a burst does not run into a bucket
known to be empty and a long sweep runs at the refill rate. It trusts the
headers only so far: the answer to the most recently sent request
wins (a later answer corrects an earlier one, whatever reset it named), and an
estimate that would mean waiting longer than credtui ever waits is dropped
rather than slept on; the tenant's next answer says how things really are.

:class:`WaitReason` and :data:`WaitObserver` let a caller (the UI) show what a
call is waiting for.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Sample:
    """One answer's view of the bucket, kept as a starting point for measuring the refill."""

    ticket: int
    remaining: int
    sent: float
    """When the request was sent (the tenant counted it no earlier)."""
    sent_before: int
    """Requests sent when the answer arrived: any later ticket was counted after it."""
    lost: int
    """Requests that had gone unanswered or been refused (429) when the answer arrived."""


class RateLimiter:
    """Paces requests by ``X-RateLimit-*`` so a sweep runs at the bucket's refill rate.

    It mirrors the tenant's token bucket: ``remaining`` is the last header value
    minus the requests sent since, and, once the refill rate is measured, plus
    what has refilled since. When the mirror says the bucket is empty, a caller
    waits until one request fits (at the measured rate), or until the reset if
    that is sooner or no rate is known yet; never longer than ``max_wait``, nor
    than the budget the caller has left.

    The refill rate is measured, not read: Auth0 sends no header for it, and the
    reset (when the bucket is full again, in whole seconds) rounds up by as much
    as a second. Between two answers the bucket refilled by at least the change
    in ``Remaining``, plus the requests it certainly counted in between, minus 1
    (the header is rounded down), in at most the time from the first request's
    sending to the second answer's arrival: a lower bound that tightens as the
    window grows, and uses only this machine's clock (no skew with the tenant's).
    Each answer then corrects the mirror, so an estimate a little low costs
    little: the bucket keeps what was not used and the next answer says so. Only
    tokens added from outside (a limit raised mid-sweep) make it too high; the
    429 that follows makes it measure afresh.
    """

    MIN_SPAN = 0.2
    """Seconds a measurement must span (a shorter one says too little)."""
    SPACING = 0.5
    """Seconds between kept starting points."""
    WINDOW = 30.0
    """Seconds a starting point is kept: a changed limit is measured afresh within this."""
    MAX_RATE = 100_000.0
    """Requests per second believed at most (a hostile header cannot make pacing vanish)."""

    def __init__(
        self, clock: Callable[[], float], sleep: Callable[[float], Awaitable[None]], max_wait: float
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._max_wait = max_wait
        self._lock = asyncio.Lock()
        self.limit: int | None = None
        self.remaining: float | None = None
        self.reset: float | None = None
        self.rate: float | None = None
        """The measured refill rate (a lower bound, requests per second), once known."""
        self.in_flight = 0
        self._sent = 0
        self._lost = 0
        self._state_ticket = 0
        """The request whose answer the estimate comes from (answers can overtake each other)."""
        self._as_of = 0.0
        """When ``remaining`` was true (the mirror refills from then)."""
        self._sent_at: dict[int, float] = {}
        """Requests in flight: ticket -> when sent."""
        self._starts: deque[_Sample] = deque()
        self.waits: list[float] = []
        """Every pause taken, in seconds (for tests and the benchmark)."""

    def _refill(self, now: float) -> None:
        """Move the mirror to ``now`` at the measured rate (never past the bucket's size)."""
        if self.remaining is not None and self.rate is not None and now > self._as_of:
            top = float(self.limit) if self.limit is not None else math.inf
            if self.remaining < top:
                self.remaining = min(top, self.remaining + self.rate * (now - self._as_of))
        self._as_of = now

    def _wait_for(self, now: float) -> tuple[float, bool] | None:
        """Seconds until one request fits, and whether the bucket is full then; None: unknown."""
        assert self.remaining is not None
        to_reset = self.reset - now if self.reset is not None else None
        if self.rate is not None:
            paced = (1.0 - self.remaining) / self.rate
            if to_reset is not None and 0 < to_reset <= paced:
                return to_reset, True
            return paced, False
        if to_reset is None:
            return None
        return to_reset, True

    async def acquire(self, budget: float | None = None) -> tuple[int, float]:
        """Wait until a request fits the bucket, then count one request as sent.

        ``budget`` is how long the caller may still wait. Returns a ticket for
        :meth:`release` and the seconds waited.
        """
        async with self._lock:
            waited = 0.0
            self._refill(self._clock())
            if self.remaining is not None and self.remaining < 1:
                wait_full = self._wait_for(self._as_of)
                bound = self._max_wait if budget is None else min(self._max_wait, budget)
                if wait_full is None:
                    pass  # nothing says when: send and let the answer tell
                elif wait_full[0] > bound:
                    # Our estimate says wait longer than credtui ever waits: it may be a
                    # poisoned header. Forget it and ask; a 429 names the real reset.
                    log.debug("rate limit: %.0f s away, beyond the bound; asking", wait_full[0])
                    self.remaining = self.reset = None
                else:
                    wait, full = wait_full
                    if wait > 0:
                        self.waits.append(wait)
                        await self._sleep(wait)
                        waited = wait
                    if full:
                        self.remaining = self.limit
                    self._refill(self._clock())
            if self.remaining is not None:
                self.remaining -= 1
            self.in_flight += 1
            self._sent += 1
            self._sent_at[self._sent] = self._clock()
            return self._sent, waited

    def release(self, ticket: int, headers: httpx.Headers | None) -> None:
        """Record the headers of the answer to request ``ticket`` (None when no answer came)."""
        self.in_flight -= 1
        sent = self._sent_at.pop(ticket, None)
        if headers is None:
            self._lost += 1
            return
        remaining = int_header(headers, "x-ratelimit-remaining")
        reset = timestamp_header(headers, "x-ratelimit-reset")
        limit = int_header(headers, "x-ratelimit-limit")
        if limit is not None:
            self.limit = limit
        if remaining is None:
            return
        now = self._clock()
        self._refill(now)
        estimate = remaining - self.in_flight
        if ticket >= self._state_ticket or self.remaining is None:
            # The answer to the latest request sent: it describes the bucket best, and
            # replaces what came before, even an earlier answer's later reset.
            self._state_ticket = ticket
            self.remaining = estimate
            if reset is not None:
                self.reset = reset
            if sent is not None:
                self._measure(ticket, remaining, sent, now)
        else:
            # Overtaken by the answer to a later request: it can only lower the estimate.
            self.remaining = min(self.remaining, estimate)

    def _measure(self, ticket: int, remaining: int, sent: float, now: float) -> None:
        """Update :attr:`rate` from this answer and the kept starting points; keep this one."""
        # Requests sent before ``ticket`` still unanswered may be counted after it.
        late = sum(1 for t in self._sent_at if t < ticket)
        best = 0.0
        for start in self._starts:
            span = now - start.sent
            if span < self.MIN_SPAN:
                continue
            counted = ticket - start.sent_before - late - (self._lost - start.lost)
            gained = remaining - (start.remaining + 1) + counted
            best = max(best, gained / span)
        if best > 0:
            self.rate = min(best, self.MAX_RATE)
        while self._starts and self._starts[0].sent < now - self.WINDOW:
            self._starts.popleft()
        if not self._starts or self._starts[-1].sent <= now - self.SPACING:
            self._starts.append(_Sample(ticket, remaining, sent, self._sent, self._lost))

    def note_limited(self, reset: float | None) -> None:
        """A 429 arrived: the bucket is empty until ``reset``; measure the rate afresh."""
        self._lost += 1
        self.remaining = 0
        self._as_of = self._clock()
        self.rate = None
        self._starts.clear()
        if reset is not None:
            self.reset = reset
