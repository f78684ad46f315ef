"""The tenant's clock: real time by default, movable in tests without sleeping."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class TenantClock:
    """Wall-clock time plus an adjustable offset, or a frozen instant.

    Everything in the emulator that depends on time (credential expiry, token
    ``exp``, assertion lifetimes, ``jti`` replay windows, the rate-limit bucket)
    reads it from here, so a test can move time forward instead of sleeping.
    """

    def __init__(self, frozen_at: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._offset = timedelta()
        self._frozen = frozen_at.astimezone(UTC) if frozen_at is not None else None

    def now(self) -> datetime:
        """The tenant's current time, timezone-aware UTC."""
        with self._lock:
            base = self._frozen if self._frozen is not None else datetime.now(UTC)
            return base + self._offset

    def timestamp(self) -> float:
        """The tenant's current time as UNIX seconds."""
        return self.now().timestamp()

    def advance(self, seconds: float) -> None:
        """Move the clock forward (or back, with a negative value)."""
        with self._lock:
            self._offset += timedelta(seconds=seconds)

    def freeze(self, at: datetime) -> None:
        """Stop the clock at ``at`` (later :meth:`advance` calls still move it)."""
        with self._lock:
            self._frozen = at.astimezone(UTC)
            self._offset = timedelta()

    def unfreeze(self) -> None:
        """Follow the wall clock again, keeping no offset."""
        with self._lock:
            self._frozen = None
            self._offset = timedelta()
