"""Auth0's Management API rate limit: one token bucket for the tenant.

``limit`` is the bucket size (the burst); it refills at ``per_second``. Every
Management API request takes one token. Successful responses carry
``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset`` (UNIX
seconds when the bucket will be full again); an empty bucket answers 429 with
Auth0's ``Global limit has been reached`` body and the same headers.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimitSetting:
    """A parsed ``--rate-limit`` value; ``None`` means off."""

    limit: int
    per_second: float


def parse_rate_limit(text: str) -> RateLimitSetting | None:
    """Parse ``BURST/PER_SECOND`` (e.g. ``50/20``) or ``off``.

    Raises :class:`ValueError` with a sentence for a person on anything else.
    """
    value = text.strip().lower()
    if value in ("off", "none", "0"):
        return None
    burst, sep, rate = value.partition("/")
    try:
        if not sep:
            raise ValueError
        limit = int(burst)
        per_second = float(rate)
    except ValueError:
        raise ValueError(
            f"--rate-limit must be BURST/PER_SECOND (e.g. 50/20) or 'off', not {text!r}"
        ) from None
    if limit < 1 or per_second <= 0 or not math.isfinite(per_second):
        raise ValueError(
            f"--rate-limit needs a burst of at least 1 and a positive rate, not {text!r}"
        )
    return RateLimitSetting(limit, per_second)


class TokenBucket:
    """A thread-safe token bucket read against an injectable clock (UNIX seconds)."""

    def __init__(self, setting: RateLimitSetting | None, now: Callable[[], float]) -> None:
        self._now = now
        self._lock = threading.Lock()
        self.setting = setting
        self._tokens = float(setting.limit) if setting else 0.0
        self._stamp = now()

    def configure(self, setting: RateLimitSetting | None) -> None:
        """Change the limit; the bucket starts full."""
        with self._lock:
            self.setting = setting
            self._tokens = float(setting.limit) if setting else 0.0
            self._stamp = self._now()

    def _refill(self, now: float) -> None:
        assert self.setting is not None
        elapsed = max(0.0, now - self._stamp)
        self._tokens = min(
            float(self.setting.limit), self._tokens + elapsed * self.setting.per_second
        )
        self._stamp = now

    def take(self) -> tuple[bool, dict[str, str]]:
        """Take one token: ``(allowed, headers)``; headers are empty when limiting is off."""
        with self._lock:
            if self.setting is None:
                return True, {}
            now = self._now()
            self._refill(now)
            allowed = self._tokens >= 1.0
            if allowed:
                self._tokens -= 1.0
            missing = self.setting.limit - self._tokens
            reset = math.ceil(now + missing / self.setting.per_second)
            headers = {
                "X-RateLimit-Limit": str(self.setting.limit),
                "X-RateLimit-Remaining": str(max(0, math.floor(self._tokens))),
                "X-RateLimit-Reset": str(reset),
            }
            return allowed, headers

    def state(self) -> dict[str, float | int | None]:
        with self._lock:
            if self.setting is None:
                return {"limit": None, "per_second": None, "remaining": None}
            self._refill(self._now())
            return {
                "limit": self.setting.limit,
                "per_second": self.setting.per_second,
                "remaining": math.floor(self._tokens),
            }
