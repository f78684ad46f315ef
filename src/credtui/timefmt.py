"""Expiry as people read it: relative ("in 12 days", "3 days ago") and absolute.

Pure functions of a given ``now`` (the UI and CLI inject their clock), so that
snapshots and tests do not drift from day to day.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

EXPIRING_DAYS = 30
"""A credential expiring within this many days is shown as expiring."""


class ExpiryState(StrEnum):
    """Where an expiry stands relative to now."""

    NEVER = "never"
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    UNREADABLE = "unreadable"
    """The tenant sent an expiry credtui cannot read: it may be past, it is not "never"."""


UNREADABLE_WORDS = "has an unreadable expiry"
"""What :func:`describe_expiry` says of an expiry credtui cannot read."""


def expiry_state(
    expires_at: datetime | None,
    now: datetime,
    *,
    within_days: int = EXPIRING_DAYS,
    unreadable: bool = False,
) -> ExpiryState:
    """Classify an expiry: never, valid, expiring within ``within_days``, or expired.

    ``unreadable`` (a credential's ``expires_at_unreadable`` is set) wins: None then
    means "not known", never "never".
    """
    if unreadable:
        return ExpiryState.UNREADABLE
    if expires_at is None:
        return ExpiryState.NEVER
    seconds = (expires_at - now).total_seconds()
    if seconds <= 0:
        return ExpiryState.EXPIRED
    if seconds <= within_days * 86400:
        return ExpiryState.EXPIRING
    return ExpiryState.VALID


def relative(when: datetime, now: datetime) -> str:
    """``in 12 days``, ``3 hours ago``, ``in 2 years``: the largest sensible unit."""
    seconds = (when - now).total_seconds()
    future = seconds > 0
    span = abs(seconds)
    for unit, size in (
        ("year", 365 * 86400),
        ("month", 30 * 86400),
        ("day", 86400),
        ("hour", 3600),
        ("minute", 60),
    ):
        if span >= size * (2 if unit in ("year", "month") else 1):
            count = int(span // size)
            break
    else:
        return "now"
    words = f"{count} {unit}{'' if count == 1 else 's'}"
    return f"in {words}" if future else f"{words} ago"


def strftime(when: datetime, fmt: str) -> str:
    """``when.strftime(fmt)``, but ``%Y`` is always four digits, as ISO 8601 writes it.

    The C library writes the year 1 as ``1`` (``1-01-01``) and 999 as ``999``; every date
    credtui shows or prints goes through here so that year 1 reads ``0001-01-01``.
    """
    return when.strftime(fmt.replace("%Y", f"{when.year:04d}"))


def absolute(when: datetime) -> str:
    """``2026-12-05 14:03 UTC``."""
    return strftime(when, "%Y-%m-%d %H:%M UTC")


def describe_expiry(expires_at: datetime | None, now: datetime, *, unreadable: bool = False) -> str:
    """``expires in 12 days``, ``expired 3 days ago``, ``never expires``, or (``unreadable``)
    ``has an unreadable expiry``."""
    if unreadable:
        return UNREADABLE_WORDS
    if expires_at is None:
        return "never expires"
    if expires_at <= now:
        return f"expired {relative(expires_at, now)}"
    return f"expires {relative(expires_at, now)}"
