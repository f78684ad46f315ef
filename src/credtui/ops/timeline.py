"""What expires when: credentials counted per week, or per month, over the next twelve months.

One implementation for every face: the TUI's expiry overview draws the weeks (and
filters its table with :meth:`Span.holds`), ``credtui check`` prints the months as
one line (:func:`count_by_month`, drawn by ``check_report.expiry_bar``).

The weeks are calendar weeks, Monday 00:00 to Monday 00:00 UTC (every time credtui
shows is UTC). Week 0 is the week holding ``now``; the timeline has :data:`WEEKS`
of them, so it reaches 364 to 371 days ahead (twelve months, give or take the
days of this week already gone). Every credential lands in exactly one place:

- :attr:`Bucket.EXPIRED`: expired at ``now`` or before (even if that was this week);
- :attr:`Bucket.WEEK` with its index: it expires in that week, after ``now``;
- :attr:`Bucket.LATER`: it expires after the timeline's last week;
- :attr:`Bucket.NEVER`: it has no expiry;
- :attr:`Bucket.UNREADABLE`: the tenant sent an expiry credtui cannot read. It may be
  past: it is not "never" (``check`` reports it as ``unreadable_expiry``).

A week's credentials are counted by state (:func:`credtui.timefmt.expiry_state`):
expiring within 30 days, or later. The week holding the 30-day horizon can hold both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from credtui.models import Credential
from credtui.timefmt import EXPIRING_DAYS, ExpiryState, expiry_state

__all__ = [
    "WEEK",
    "WEEKS",
    "Bar",
    "Bucket",
    "ExpiryTimeline",
    "Span",
    "count_by_month",
    "count_expiries",
    "count_text",
    "place",
    "week_start",
]

WEEKS = 53
"""Weeks on the timeline: from this week's Monday, at least 364 days ahead."""
WEEK = timedelta(weeks=1)


class Bucket(StrEnum):
    """Where an expiry falls relative to the timeline."""

    EXPIRED = "expired"
    WEEK = "week"
    LATER = "later"
    """After the timeline's last week."""
    NEVER = "never"
    UNREADABLE = "unreadable"
    """The tenant sent an expiry credtui cannot read (``Credential.expires_at_unreadable``)."""


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of the week holding ``now`` (aware UTC in, aware UTC out)."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight - timedelta(days=now.weekday())


def place(
    expires_at: datetime | None, now: datetime, weeks: int = WEEKS, *, unreadable: bool = False
) -> tuple[Bucket, int | None]:
    """Where ``expires_at`` falls at ``now``: the bucket, and for a week its index (0 is this week).

    The rules of :func:`credtui.timefmt.expiry_state` decide what has expired (at or
    before ``now``), so the timeline, the table's colours and ``check`` agree.
    ``unreadable`` (the credential's expiry could not be read) wins, as it does there.
    """
    state = expiry_state(expires_at, now, unreadable=unreadable)
    if state is ExpiryState.UNREADABLE:
        return Bucket.UNREADABLE, None
    if state is ExpiryState.NEVER or expires_at is None:
        return Bucket.NEVER, None
    if state is ExpiryState.EXPIRED:
        return Bucket.EXPIRED, None
    index = (expires_at - week_start(now)) // WEEK
    return (Bucket.WEEK, index) if index < weeks else (Bucket.LATER, None)


@dataclass(frozen=True)
class Span:
    """A stretch of the timeline a person can pick: the expired, one week or more, later,
    never, unreadable."""

    bucket: Bucket
    start: datetime | None = None
    """For weeks: the first week's Monday."""
    end: datetime | None = None
    """For weeks: the Monday after the last week."""

    def holds(self, credential: Credential, now: datetime) -> bool:
        """Whether ``credential``'s expiry is in this span at ``now``."""
        bucket, index = place(credential.expires_at, now, unreadable=credential.expiry_unreadable)
        if bucket is not self.bucket:
            return False
        if bucket is not Bucket.WEEK or index is None:
            return True
        assert self.start is not None and self.end is not None
        return self.start <= week_start(now) + index * WEEK < self.end

    def describe(self) -> str:
        """Short words: ``the week of 2026-11-30``, ``the 2 weeks from 2026-11-30``,
        ``expired``, ``expiring from 2027-11-29``, ``never expiring``,
        ``with an unreadable expiry``."""
        if self.bucket is Bucket.EXPIRED:
            return "expired"
        if self.bucket is Bucket.NEVER:
            return "never expiring"
        if self.bucket is Bucket.UNREADABLE:
            return "with an unreadable expiry"
        if self.bucket is Bucket.LATER:
            return f"expiring from {self.start.date().isoformat()}" if self.start else "later"
        assert self.start is not None and self.end is not None
        weeks = (self.end - self.start) // WEEK
        first = self.start.date().isoformat()
        return f"the week of {first}" if weeks == 1 else f"the {weeks} weeks from {first}"

    def last_day(self) -> str | None:
        """For weeks: the last day they hold (a Sunday), ISO."""
        if self.end is None or self.bucket is not Bucket.WEEK:
            return None
        return (self.end - timedelta(days=1)).date().isoformat()


@dataclass(frozen=True)
class Bar:
    """One column of the timeline: its span and how many expire in it, by state."""

    span: Span
    within_30_days: int
    later: int

    @property
    def total(self) -> int:
        return self.within_30_days + self.later


@dataclass(frozen=True)
class ExpiryTimeline:
    """Credentials counted per week at ``now``, with the expired, later, never and
    unreadable beside."""

    now: datetime
    weeks: tuple[Bar, ...]
    """One bar a week, week 0 first (the week holding ``now``)."""
    expired: int
    later: int
    never: int
    unreadable: int = 0
    """Credentials whose expiry the tenant sent in a form credtui cannot read."""

    @property
    def start(self) -> datetime:
        """Monday 00:00 of week 0."""
        return week_start(self.now)

    @property
    def end(self) -> datetime:
        """Monday 00:00 after the last week: what expires from here on counts as later."""
        return self.start + len(self.weeks) * WEEK

    @property
    def horizon(self) -> datetime:
        """``now`` plus the 30 days after which a credential is no longer "expiring"."""
        return self.now + timedelta(days=EXPIRING_DAYS)

    @property
    def total(self) -> int:
        rest = self.expired + self.later + self.never + self.unreadable
        return rest + sum(b.total for b in self.weeks)

    def bars(self, weeks_per_bar: int = 1) -> tuple[Bar, ...]:
        """The weeks merged ``weeks_per_bar`` at a time (the last bar may hold fewer)."""
        if weeks_per_bar == 1:
            return self.weeks
        out = []
        for i in range(0, len(self.weeks), weeks_per_bar):
            group = self.weeks[i : i + weeks_per_bar]
            span = Span(Bucket.WEEK, group[0].span.start, group[-1].span.end)
            out.append(Bar(span, sum(b.within_30_days for b in group), sum(b.later for b in group)))
        return tuple(out)

    def bar_of(self, when: datetime, weeks_per_bar: int = 1) -> int:
        """The index of the bar holding ``when`` (may be past the last bar)."""
        return int((when - self.start) // WEEK) // weeks_per_bar

    def spans(self) -> dict[Bucket, Span]:
        """The spans of the expired, later, never and unreadable buckets."""
        return {
            Bucket.EXPIRED: Span(Bucket.EXPIRED),
            Bucket.LATER: Span(Bucket.LATER, self.end),
            Bucket.NEVER: Span(Bucket.NEVER),
            Bucket.UNREADABLE: Span(Bucket.UNREADABLE),
        }


def count_expiries(
    credentials: Iterable[Credential], now: datetime, weeks: int = WEEKS
) -> ExpiryTimeline:
    """Every credential placed (:func:`place`) and counted: per week by state, and the rest.

    The same answers as :func:`place` and :func:`~credtui.timefmt.expiry_state` one by one
    (a test holds them to it), at a sixth of the cost: a week wholly before the
    30-day horizon is all "within 30 days", a week wholly after it all "later", so
    only this week's and the horizon's credentials are asked about one by one.
    """
    within = [0] * weeks
    later = [0] * weeks
    expired = after = never = unreadable = 0
    start = week_start(now)
    horizon_week = (now + timedelta(days=EXPIRING_DAYS) - start) // WEEK
    for cred in credentials:
        expires_at = cred.expires_at
        if cred.expiry_unreadable:
            unreadable += 1
            continue
        if expires_at is None:
            never += 1
            continue
        index = (expires_at - start) // WEEK
        if index < 0:
            expired += 1
        elif index >= weeks:
            after += 1
        elif index == 0 or index == horizon_week:  # now or the horizon falls in this week
            state = expiry_state(expires_at, now)
            if state is ExpiryState.EXPIRED:
                expired += 1
            elif state is ExpiryState.EXPIRING:
                within[index] += 1
            else:
                later[index] += 1
        elif index < horizon_week:
            within[index] += 1
        else:
            later[index] += 1
    bars = tuple(
        Bar(Span(Bucket.WEEK, start + i * WEEK, start + (i + 1) * WEEK), within[i], later[i])
        for i in range(weeks)
    )
    return ExpiryTimeline(now, bars, expired, after, never, unreadable)


def _month_index(when: datetime) -> int:
    when = when.astimezone(UTC)
    return when.year * 12 + when.month - 1


def count_by_month(
    credentials: Iterable[Credential], now: datetime, months: int = 12
) -> list[tuple[date, int]]:
    """How many ``credentials`` expire in each calendar month (UTC), from ``now``'s month
    (what is left of it) through the ``months - 1`` after it: ``[(first day, count), ...]``.

    Placed by the same rules as the weeks (:func:`place`): the expired, those that never
    expire, those whose expiry cannot be read and those after the last month are not counted.
    """
    first = _month_index(now)
    counts = [0] * months
    for cred in credentials:
        bucket, _ = place(cred.expires_at, now, unreadable=cred.expiry_unreadable)
        if bucket in (Bucket.WEEK, Bucket.LATER) and cred.expires_at is not None:
            i = _month_index(cred.expires_at) - first
            if 0 <= i < months:
                counts[i] += 1
    return [(date((first + i) // 12, (first + i) % 12 + 1, 1), n) for i, n in enumerate(counts)]


# --- as text ------------------------------------------------------------------------------


def count_text(count: int, width: int = 1) -> str:
    """``count`` in at most ``width`` characters: ``+`` when it does not fit, blank for none."""
    if not count:
        return ""
    text = str(count)
    return text if len(text) <= width else "+"
