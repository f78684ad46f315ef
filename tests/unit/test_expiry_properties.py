"""The expiry parser, property-tested: any text, any date components, any offset, any clock.

Whatever is typed, :func:`parse_expiry` either returns an aware UTC instant later
than ``now`` or raises :class:`LocalValidationError` on ``expires_at`` with one safe
sentence; never another exception (an OverflowError once ended the TUI, exit 70).
Where the text is a well-formed date, timestamp or span, an independent reading
of the forms in ``credtui.ops.expiry``'s docstring says which of the two it must be,
and which instant.

Cases per run: :data:`EXAMPLES` for each of the four tests below (a small budget by
default; ``HYPOTHESIS_PROFILE=thorough`` runs many more locally).
"""

from __future__ import annotations

import calendar
import os
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from credtui.errors import LocalValidationError
from credtui.ops.expiry import parse_expiry

THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
EXAMPLES = 20_000 if THOROUGH else 500
PROFILE = settings(max_examples=EXAMPLES, deadline=None)
NOW = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)

# The caller's clock: mostly today, sometimes anywhere in the calendar (its edges included).
clocks = st.one_of(
    st.just(NOW),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)).map(
        lambda d: d.replace(tzinfo=UTC)
    ),
)


def outcome(text: str, now: datetime) -> datetime | None:
    """What ``parse_expiry`` gave: the instant, or None for a refusal (checked here).

    Any other exception escapes, and fails the test.
    """
    try:
        when = parse_expiry(text, now)
    except LocalValidationError as refusal:
        assert refusal.field == "expires_at"
        assert refusal.message and len(refusal.message) < 300
        # One line, no control characters (a lone surrogate is finding 5's, in safe_text).
        assert not any(unicodedata.category(c) == "Cc" for c in refusal.message), refusal.message
        return None
    assert when.tzinfo is UTC
    assert when > now
    return when


def expect(text: str, now: datetime, instant: datetime | None) -> None:
    """``text`` gives ``instant`` when it is later than ``now``; anything else is refused."""
    got = outcome(text, now)
    if instant is None or instant <= now:
        assert got is None, f"{text!r} at {now} gave {got}, expected a refusal"
    else:
        assert got == instant, f"{text!r} at {now} gave {got}, expected {instant}"


# --- any text at all ---------------------------------------------------------------

anything = st.one_of(
    st.text(st.characters(exclude_categories=())),  # lone surrogates and controls included
    st.from_regex(r"[-+ \t\d:.TtZzhdwmy]{0,44}", fullmatch=True),  # the forms' own alphabet
    st.text(min_size=35, max_size=60),  # around the length limit
)


@PROFILE
@given(text=anything, now=clocks)
@example(text="9999-12-31T23:59:59-01:00", now=NOW)
@example(text="0001-01-01T00:00:00+01:00", now=NOW)
@example(text="\ud800", now=NOW)
def test_any_text_is_an_instant_or_a_refusal(text: str, now: datetime) -> None:
    outcome(text, now)


# --- timestamps from components, in range or not -----------------------------------


@dataclass(frozen=True)
class Offset:
    text: str
    delta: timedelta | None  # None: no offset, or one Python (and Auth0) cannot hold


@st.composite
def offsets(draw: st.DrawFn) -> Offset:
    kind = draw(st.sampled_from(["Z", "z", "", "+", "-"]))
    if kind in ("Z", "z"):
        return Offset(kind, timedelta(0))
    if not kind:
        return Offset("", None)
    hours, minutes = draw(st.integers(0, 25)), draw(st.integers(0, 61))
    seconds = draw(st.none() | st.integers(0, 61))
    colon = draw(st.sampled_from([":", ""])) if seconds is None else ":"
    text = f"{kind}{hours:02d}{colon}{minutes:02d}" + ("" if seconds is None else f":{seconds:02d}")
    valid = hours < 24 and minutes < 60 and (seconds or 0) < 60
    delta = timedelta(hours=hours, minutes=minutes, seconds=seconds or 0)
    return Offset(text, (delta if kind == "+" else -delta) if valid else None)


def _valid_date(year: int, month: int, day: int) -> bool:
    return (
        1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
    )


@PROFILE
@given(
    year=st.integers(0, 9999) | st.sampled_from([1, 9999]),
    month=st.integers(0, 13),
    day=st.integers(0, 32),
    hour=st.integers(0, 24),
    minute=st.integers(0, 60),
    second=st.integers(0, 61),
    fraction=st.sampled_from(["", ".5", ".123", ".999999"]),
    sep=st.sampled_from("Tt "),
    offset=offsets(),
    now=clocks,
)
@example(9999, 12, 31, 23, 59, 59, "", "T", Offset("-01:00", timedelta(hours=-1)), NOW)
@example(1, 1, 1, 0, 0, 0, "", "T", Offset("+01:00", timedelta(hours=1)), NOW)
def test_timestamps_from_any_components(
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int,
    fraction: str,
    sep: str,
    offset: Offset,
    now: datetime,
) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}{sep}{hour:02d}:{minute:02d}:{second:02d}"
    text += fraction + offset.text
    instant = None
    if _valid_date(year, month, day) and hour < 24 and minute < 60 and second < 60:
        micro = int((fraction[1:] or "0").ljust(6, "0"))
        local = datetime(year, month, day, hour, minute, second, micro)
        if offset.delta is not None:
            try:
                instant = (local - offset.delta).replace(tzinfo=UTC)
            except OverflowError:
                instant = None  # outside the years 1 to 9999 in UTC: refused
    expect(text, now, instant)


@PROFILE
@given(
    year=st.integers(0, 9999) | st.sampled_from([1, 9999]),
    month=st.integers(0, 13),
    day=st.integers(0, 32),
    now=clocks,
)
def test_dates_from_any_components(year: int, month: int, day: int, now: datetime) -> None:
    instant = datetime(year, month, day, tzinfo=UTC) if _valid_date(year, month, day) else None
    expect(f"{year:04d}-{month:02d}-{day:02d}", now, instant)


def _months_later(now: datetime, months: int) -> datetime | None:
    year, month0 = divmod(now.year * 12 + now.month - 1 + months, 12)
    if year > 9999:
        return None
    day = min(now.day, calendar.monthrange(year, month0 + 1)[1])
    return now.replace(year=year, month=month0 + 1, day=day)


@PROFILE
@given(
    count=st.integers(0, 999_999) | st.integers(0, 40),
    unit=st.sampled_from("hdwmyx"),
    spaces=st.sampled_from(["", " ", "  "]),
    now=clocks,
)
def test_spans_from_any_count_and_unit(count: int, unit: str, spaces: str, now: datetime) -> None:
    instant: datetime | None = None
    try:
        if unit in "hdw":
            instant = now + timedelta(**{{"h": "hours", "d": "days", "w": "weeks"}[unit]: count})
        elif unit in "my":
            instant = _months_later(now, count * (12 if unit == "y" else 1))
    except OverflowError:
        instant = None
    if count == 0:
        instant = None
    expect(f"+{spaces}{count}{spaces}{unit}", now, instant)
