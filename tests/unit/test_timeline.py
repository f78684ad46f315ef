"""The timeline's counting (credtui.ops.timeline): where each expiry lands, and the edges."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credtui.models import Credential
from credtui.ops.timeline import (
    WEEK,
    WEEKS,
    Bucket,
    Span,
    count_by_month,
    count_expiries,
    place,
    week_start,
)
from credtui.timefmt import ExpiryState, expiry_state

# A Wednesday noon: week 0 runs Monday 2026-11-23 00:00 to Monday 2026-11-30 00:00.
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
MONDAY = datetime(2026, 11, 23, tzinfo=UTC)
US = timedelta(microseconds=1)
DAY = timedelta(days=1)


def cred(expires_at: datetime | None, n: int = 0, unreadable: str | None = None) -> Credential:
    return Credential(
        id=f"cred_{n}",
        credential_type="public_key",
        expires_at=expires_at,
        expires_at_unreadable=unreadable,
    )


@pytest.mark.parametrize(
    ("now", "monday"),
    [
        (NOW, MONDAY),
        (MONDAY, MONDAY),  # Monday 00:00 is its own week's start
        (MONDAY - US, MONDAY - WEEK),  # Sunday 23:59:59.999999 is the week before
        (datetime(2027, 1, 1, 9, tzinfo=UTC), datetime(2026, 12, 28, tzinfo=UTC)),  # over new year
    ],
)
def test_week_start_is_monday_midnight_utc(now: datetime, monday: datetime) -> None:
    assert week_start(now) == monday
    assert week_start(now).weekday() == 0 and week_start(now).tzinfo is not None


@pytest.mark.parametrize(
    ("expires_at", "where"),
    [
        (None, (Bucket.NEVER, None)),
        (NOW - 400 * DAY, (Bucket.EXPIRED, None)),
        # Earlier this week, before now: expired, not week 0.
        (MONDAY + US, (Bucket.EXPIRED, None)),
        (NOW, (Bucket.EXPIRED, None)),  # at now is expired (Credential.is_expired's rule)
        (NOW + US, (Bucket.WEEK, 0)),
        (MONDAY + WEEK - US, (Bucket.WEEK, 0)),  # Sunday's last instant
        (MONDAY + WEEK, (Bucket.WEEK, 1)),  # exactly on the boundary: the new week
        (MONDAY + 52 * WEEK, (Bucket.WEEK, WEEKS - 1)),
        (MONDAY + WEEKS * WEEK - US, (Bucket.WEEK, WEEKS - 1)),
        (MONDAY + WEEKS * WEEK, (Bucket.LATER, None)),  # the first instant past the timeline
        (datetime(9999, 12, 31, tzinfo=UTC), (Bucket.LATER, None)),
    ],
)
def test_place(expires_at: datetime | None, where: tuple[Bucket, int | None]) -> None:
    assert place(expires_at, NOW) == where


def test_the_timeline_reaches_twelve_months_whatever_the_weekday() -> None:
    for offset in range(0, 7 * 24, 5):  # every few hours of a week
        now = MONDAY + timedelta(hours=offset)
        end = count_expiries((), now).end
        assert timedelta(days=364) <= end - now <= timedelta(days=371)
        assert place(now + timedelta(days=364) - US, now)[0] is Bucket.WEEK


def test_counts_per_week_by_state_and_the_rest() -> None:
    horizon = NOW + 30 * DAY  # Friday 2026-12-25 12:00, in week 4
    creds = [
        cred(NOW - DAY),  # expired
        cred(NOW - 300 * DAY),  # expired
        cred(NOW + DAY),  # week 0, within 30 days
        cred(MONDAY + WEEK),  # week 1, on its first instant
        cred(MONDAY + WEEK - US),  # week 0, on its last
        cred(horizon),  # week 4: exactly 30 days is still "within 30 days"
        cred(horizon + US),  # week 4 too, but later
        cred(MONDAY + 20 * WEEK),  # week 20, later
        cred(MONDAY + 20 * WEEK + 3 * DAY),  # week 20
        cred(MONDAY + WEEKS * WEEK),  # later than the timeline
        cred(NOW + 5000 * DAY),  # later
        cred(None),  # never
    ]
    timeline = count_expiries(creds, NOW)
    assert (timeline.expired, timeline.later, timeline.never) == (2, 2, 1)
    assert len(timeline.weeks) == WEEKS
    counts = {i: (b.within_30_days, b.later) for i, b in enumerate(timeline.weeks) if b.total}
    assert counts == {0: (2, 0), 1: (1, 0), 4: (1, 1), 20: (0, 2)}
    assert timeline.total == len(creds)
    assert timeline.weeks[1].span == Span(Bucket.WEEK, MONDAY + WEEK, MONDAY + 2 * WEEK)
    assert timeline.bar_of(timeline.horizon) == 4 and timeline.bar_of(NOW) == 0


def test_bars_merge_weeks_and_the_last_bar_holds_what_is_left() -> None:
    creds = [cred(MONDAY + i * WEEK + DAY, i) for i in (1, 2, 3, 52)]
    timeline = count_expiries(creds, NOW)
    pairs = timeline.bars(2)
    assert len(pairs) == 27  # 53 weeks: 26 pairs and a lone last week
    assert [b.total for b in pairs[:2]] == [1, 2]
    assert pairs[-1].total == 1
    assert pairs[-1].span == Span(Bucket.WEEK, MONDAY + 52 * WEEK, MONDAY + 53 * WEEK)
    assert pairs[1].span.describe() == "the 2 weeks from 2026-12-07"
    fours = timeline.bars(4)
    assert len(fours) == 14 and sum(b.total for b in fours) == 4
    assert timeline.bar_of(MONDAY + 3 * WEEK, 2) == 1


def test_spans_describe_themselves() -> None:
    timeline = count_expiries((), NOW)
    spans = timeline.spans()
    assert spans[Bucket.EXPIRED].describe() == "expired"
    assert spans[Bucket.NEVER].describe() == "never expiring"
    assert spans[Bucket.LATER].describe() == "expiring from 2027-11-29"
    week = timeline.weeks[1].span
    assert week.describe() == "the week of 2026-11-30" and week.last_day() == "2026-12-06"


def test_a_span_holds_what_it_counts_and_nothing_else() -> None:
    creds = [cred(NOW - DAY, 0), cred(NOW + DAY, 1), cred(MONDAY + WEEK, 2), cred(None, 3)]
    timeline = count_expiries(creds, NOW)
    week0, week1 = timeline.weeks[0].span, timeline.weeks[1].span
    assert [c.id for c in creds if week0.holds(c, NOW)] == ["cred_1"]
    assert [c.id for c in creds if week1.holds(c, NOW)] == ["cred_2"]
    # An expired credential is not in this week's span, though its date is.
    assert not week0.holds(cred(MONDAY + DAY), NOW)
    assert [c.id for c in creds if timeline.spans()[Bucket.NEVER].holds(c, NOW)] == ["cred_3"]


THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
SECONDS = st.one_of(
    st.integers(-400 * 86400, 800 * 86400),
    st.sampled_from([0, 1, -1, 30 * 86400, 30 * 86400 + 1]),  # now and the 30-day horizon
)
BOUNDARIES = st.builds(  # a week's first instant, and one second either side
    lambda week, delta: week * 7 * 86400 + delta, st.integers(-2, 55), st.sampled_from([-1, 0, 1])
)


@settings(max_examples=500 if THOROUGH else 40, deadline=None)
@given(
    now_offset=st.integers(0, 7 * 86400 - 1),
    from_now=st.lists(st.one_of(st.none(), SECONDS), max_size=20),
    from_monday=st.lists(BOUNDARIES, max_size=10),
    per=st.sampled_from([1, 2, 4]),
    unreadable=st.integers(0, 2),
)
def test_every_credential_is_in_exactly_one_pickable_span(
    now_offset: int, from_now: list[int | None], from_monday: list[int], per: int, unreadable: int
) -> None:
    """What the chart shows (the counts) and what picking shows (the rows) agree."""
    now = MONDAY + timedelta(seconds=now_offset)
    expiries = [None if o is None else now + timedelta(seconds=o) for o in from_now]
    expiries += [MONDAY + timedelta(seconds=o) for o in from_monday]
    creds = [cred(when, i) for i, when in enumerate(expiries)]
    creds += [cred(None, 1000 + i, unreadable="next tuesday") for i in range(unreadable)]
    timeline = count_expiries(creds, now)
    spans = timeline.spans()
    stops = [
        (spans[Bucket.EXPIRED], timeline.expired),
        *((b.span, b.total) for b in timeline.bars(per)),
        (spans[Bucket.LATER], timeline.later),
        (spans[Bucket.NEVER], timeline.never),
        (spans[Bucket.UNREADABLE], timeline.unreadable),
    ]
    assert timeline.total == len(creds)
    # The counting's shortcuts give what place() and expiry_state() say one by one.
    for i, bar in enumerate(timeline.weeks):
        states = [
            expiry_state(c.expires_at, now)
            for c in creds
            if place(c.expires_at, now, unreadable=c.expiry_unreadable) == (Bucket.WEEK, i)
        ]
        assert (bar.within_30_days, bar.later) == (
            states.count(ExpiryState.EXPIRING),
            states.count(ExpiryState.VALID),
        )
    for c in creds:
        assert sum(span.holds(c, now) for span, _ in stops) == 1
    for span, count in stops:
        assert sum(span.holds(c, now) for c in creds) == count


def test_an_unreadable_expiry_is_its_own_bucket_not_never() -> None:
    """The tenant sent an expiry credtui cannot read: it may be past, so it is not
    counted, shown or picked as "never" (check reports it as unreadable_expiry)."""
    assert place(None, NOW, unreadable=True) == (Bucket.UNREADABLE, None)
    assert place(NOW + DAY, NOW, unreadable=True) == (Bucket.UNREADABLE, None)
    odd = cred(None, 1, unreadable="next tuesday")
    creds = [cred(None, 0), odd, cred(NOW + DAY, 2)]
    timeline = count_expiries(creds, NOW)
    assert (timeline.never, timeline.unreadable, timeline.total) == (1, 1, 3)
    spans = timeline.spans()
    assert [c.id for c in creds if spans[Bucket.UNREADABLE].holds(c, NOW)] == ["cred_1"]
    assert [c.id for c in creds if spans[Bucket.NEVER].holds(c, NOW)] == ["cred_0"]
    assert spans[Bucket.UNREADABLE].describe() == "with an unreadable expiry"
    assert count_by_month(creds, NOW)[0] == (date(2026, 11, 1), 1)  # only cred_2


def test_count_by_month_counts_calendar_months_from_now() -> None:
    now = datetime(2026, 6, 20, 12, tzinfo=UTC)
    creds = [
        cred(now - DAY, 1),  # expired: not counted
        cred(now, 8),  # expires at now: expired, as on the weekly timeline
        cred(now + 2 * DAY, 2),  # June
        cred(datetime(2026, 7, 1, tzinfo=UTC), 3),  # July
        cred(datetime(2026, 7, 31, 23, tzinfo=UTC), 4),  # July
        cred(datetime(2027, 5, 31, tzinfo=UTC), 5),  # May 2027: the 12th month
        cred(datetime(2027, 6, 1, tzinfo=UTC), 6),  # beyond
        cred(None, 7),  # never
        cred(None, 9, unreadable="soon-ish"),  # unreadable
    ]
    months = count_by_month(creds, now)
    assert [m for m, _ in months][:2] == [date(2026, 6, 1), date(2026, 7, 1)]
    assert months[-1][0] == date(2027, 5, 1)
    assert [n for _, n in months] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
