"""Expiry as a person types it: a date, a timestamp, or a span from now.

Forms accepted (``now`` is the caller's clock, aware UTC):

- ``2027-01-31``: 00:00 UTC at the start of that day (the preview shows the
  exact instant, so the choice is visible before anything is sent);
- an ISO-8601 timestamp with ``Z`` or an offset: ``2027-01-31T12:00:00+02:00``;
- a span from now: ``+24h``, ``+30d``, ``+12w``, ``+6m`` (calendar months),
  ``+1y`` (calendar years; 29 February becomes 28 February).

"Never" is not a typed value: forms offer it as its own choice, with
:data:`NEVER_WARNING`. Every refusal is a
:class:`~credtui.errors.LocalValidationError` on ``expires_at`` whose message is
one sentence saying what to type instead.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta

from credtui import rules
from credtui.errors import LocalValidationError
from credtui.text import quoted

__all__ = ["NEVER_WARNING", "QUICK_CHOICES", "parse_expiry"]

NEVER_WARNING = (
    "This credential will never expire. Auth0 recommends an expiry, so that a leaked "
    "key stops working on its own; rotate it before then."
)
QUICK_CHOICES: tuple[tuple[str, str], ...] = (
    ("+30d", "30 days"),
    ("+90d", "90 days"),
    ("+1y", "1 year"),
)
"""(what to type, label) for the quick choices forms and ``--help`` offer."""

_SPAN = re.compile(r"\+\s*(\d{1,6})\s*([hdwmy])", re.ASCII)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d", re.ASCII)
_HINT = "type a date (2027-01-31), a UTC timestamp (2027-01-31T12:00:00Z) or +30d, +12w, +6m, +1y"


def _refuse(message: str, code: str = "bad_expiry") -> LocalValidationError:
    return LocalValidationError("expires_at", message, code=code)


def _add_months(when: datetime, months: int) -> datetime:
    total = when.month - 1 + months
    year, month = when.year + total // 12, total % 12 + 1
    if year > 9999:
        raise OverflowError
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def _span(count: int, unit: str, now: datetime) -> datetime:
    if unit == "h":
        return now + timedelta(hours=count)
    if unit == "d":
        return now + timedelta(days=count)
    if unit == "w":
        return now + timedelta(weeks=count)
    return _add_months(now, count if unit == "m" else 12 * count)


def parse_expiry(text: str, now: datetime) -> datetime:
    """The expiry ``text`` means, as an aware UTC datetime in the future of ``now``.

    Raises :class:`~credtui.errors.LocalValidationError` (field ``expires_at``)
    for anything unparseable, without a time zone, not in the future, or past
    the year 9999.
    """
    value = text.strip()
    if not value:
        raise _refuse(f"The expiry is empty; {_HINT}.", "missing")
    if len(value) > 40:
        raise _refuse(f"The expiry is not a date; {_HINT}.")
    try:
        if m := _SPAN.fullmatch(value):
            count = int(m.group(1))
            if count == 0:
                raise _refuse("The expiry must be later than now; use at least +1h or +1d.")
            when = _span(count, m.group(2), now)
        elif _DATE.fullmatch(value):
            when = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
        else:
            iso = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
            if not _TIMESTAMP.match(value):
                raise _refuse(f"{quoted(value)} is not a date; {_HINT}.")
            when = datetime.fromisoformat(iso)
            if when.tzinfo is None or when.utcoffset() is None:
                raise _refuse(
                    "The timestamp has no time zone; end it with Z for UTC "
                    "(2027-01-31T12:00:00Z) or give an offset (+02:00)."
                )
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, LocalValidationError):
            raise
        raise _refuse(
            f"{quoted(value)} is not a valid date or is past the year 9999; {_HINT}."
        ) from None
    when = when.astimezone(UTC)
    problem = rules.check_expiry(when, now)
    if problem:
        raise _refuse(problem)
    return when
