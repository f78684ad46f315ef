"""Expiry as a person types it: a date, a timestamp, or a span from now.

Forms accepted (``now`` is the caller's clock, aware UTC):

- ``2027-01-31``: 00:00 UTC at the start of that day (the preview shows the
  exact instant, so the choice is visible before anything is sent);
- an ISO-8601 timestamp with ``Z`` or an offset: ``2027-01-31T12:00:00+02:00``;
- a span from now: ``+24h``, ``+30d``, ``+12w``, ``+6m`` (calendar months),
  ``+1y`` (calendar years; 29 February becomes 28 February).

"Never" is not a typed value: forms offer it as its own choice, with
:data:`NEVER_WARNING` (:func:`never_warning` says whether a credential type
needs it). Every refusal is a
:class:`~credtui.errors.LocalValidationError` on ``expires_at`` whose message is
one sentence saying what to type instead.

Only a ``public_key`` credential's expiry can change: :func:`expiry_change_refusal`
says why not for the others, in the TUI's words, and :func:`check_expiry_change`
raises it, so the TUI and the command line refuse before sending what Auth0 refuses.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta

from credtui import rules
from credtui.checks import refusal
from credtui.errors import LocalValidationError
from credtui.models import Credential, CredentialType
from credtui.text import quoted

__all__ = [
    "NEVER_WARNING",
    "QUICK_CHOICES",
    "check_expiry_change",
    "expiry_change_refusal",
    "never_warning",
    "parse_expiry",
    "parse_span",
]

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

_SPAN = re.compile(r"\+?\s*(\d{1,6})\s*([hdwmy])", re.ASCII)
"""A span from now: ``+30d``, ``12w``, ``48h``, ``+6m``, ``1y`` (the ``+`` may be left out)."""
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d", re.ASCII)
_OFFSET = re.compile(r"[+-]\d{2}:?(\d{2})?:?(\d{2})?(?:\.\d+)?$", re.ASCII)
_HINT = "type a date (2027-01-31), a UTC timestamp (2027-01-31T12:00:00Z) or +30d, +12w, +6m, +1y"


def expiry_change_refusal(credential: Credential) -> str | None:
    """Why ``credential``'s expiry cannot be changed, or None when it can.

    Auth0 refuses the change for ``x509_cert`` (the expiry is the certificate's)
    and ``cert_subject_dn`` (no expiry at all); a type credtui does not know is
    left to the tenant.
    """
    if credential.credential_type is CredentialType.X509_CERT:
        return (
            "A self-signed certificate credential takes its expiry from the certificate; "
            "to change it, add a new certificate and delete this one."
        )
    if credential.credential_type is CredentialType.CERT_SUBJECT_DN:
        return "A CA subject DN credential has no expiry in Auth0."
    return None


def check_expiry_change(credential: Credential) -> None:
    """Raise :class:`LocalValidationError` (``expires_at``, code ``fixed_expiry``) when
    :func:`expiry_change_refusal` refuses; nothing is to be sent then."""
    problem = expiry_change_refusal(credential)
    if problem:
        raise refusal("expires_at", problem, "fixed_expiry")


def never_warning(credential_type: CredentialType | str) -> str | None:
    """:data:`NEVER_WARNING` for a type whose expiry may be "never" (``public_key``), else None.

    A certificate credential's expiry is the certificate's, a subject DN has none:
    "never expires" is no choice anyone made for them, so there is nothing to warn of.
    """
    return NEVER_WARNING if credential_type == CredentialType.PUBLIC_KEY else None


def _add_months(when: datetime, months: int) -> datetime:
    total = when.month - 1 + months
    year, month = when.year + total // 12, total % 12 + 1
    if year > 9999:
        raise OverflowError
    day = min(when.day, calendar.monthrange(year, month)[1])
    return when.replace(year=year, month=month, day=day)


def parse_span(text: str, now: datetime) -> datetime | None:
    """The end of the span ``text`` names from ``now`` (``30d``, ``+12w``, ``48h``, ``6m``,
    ``1y``), or None when ``text`` is no span: one grammar for ``--expires``/``--at`` and
    ``check --within``. A span past the year 9999 raises ``OverflowError``."""
    m = _SPAN.fullmatch(text.strip().lower())
    return _span(int(m.group(1)), m.group(2), now) if m else None


def _span(count: int, unit: str, now: datetime) -> datetime:
    if unit == "h":
        return now + timedelta(hours=count)
    if unit == "d":
        return now + timedelta(days=count)
    if unit == "w":
        return now + timedelta(weeks=count)
    return _add_months(now, count if unit == "m" else 12 * count)


def _check_offset(value: str) -> None:
    """Refuse an offset Python reads leniently: ``+00:60`` would silently mean +01:00."""
    m = _OFFSET.search(value, 11)
    if m and any(part and int(part) > 59 for part in m.groups()):
        raise refusal(
            "expires_at",
            f"The offset {quoted(m.group())} is not a time zone; give hours and minutes, "
            "such as +02:00 or -05:30.",
            "bad_expiry",
        )


def _to_utc(when: datetime, value: str) -> datetime:
    """``when`` in UTC; an instant before the year 1 (``0001-01-01T00:00:00+01:00``) is
    refused as past, one after 9999 raises OverflowError (the caller's refusal)."""
    try:
        return when.astimezone(UTC)
    except OverflowError:
        if when.year == 1:
            raise refusal(
                "expires_at",
                f"{quoted(value)} is not in the future; choose a later date.",
                "bad_expiry",
            ) from None
        raise


def parse_expiry(text: str, now: datetime) -> datetime:
    """The expiry ``text`` means, as an aware UTC datetime in the future of ``now``.

    Raises :class:`~credtui.errors.LocalValidationError` (field ``expires_at``)
    for anything unparseable, without a time zone, not in the future, or past
    the year 9999.
    """
    value = text.strip()
    if not value:
        raise refusal("expires_at", f"The expiry is empty; {_HINT}.", "missing")
    if len(value) > 40:
        raise refusal("expires_at", f"The expiry is not a date; {_HINT}.", "bad_expiry")
    try:
        if m := _SPAN.fullmatch(value):
            count = int(m.group(1))
            if count == 0:
                raise refusal(
                    "expires_at",
                    "The expiry must be later than now; use at least +1h or +1d.",
                    "bad_expiry",
                )
            when = _span(count, m.group(2), now)
        elif _DATE.fullmatch(value):
            when = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
        else:
            iso = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
            if not _TIMESTAMP.match(value):
                raise refusal(
                    "expires_at", f"{quoted(value)} is not a date; {_HINT}.", "bad_expiry"
                )
            when = datetime.fromisoformat(iso)
            if when.tzinfo is None or when.utcoffset() is None:
                raise refusal(
                    "expires_at",
                    "The timestamp has no time zone; end it with Z for UTC "
                    "(2027-01-31T12:00:00Z) or give an offset (+02:00).",
                    "bad_expiry",
                )
            _check_offset(value)
        when = _to_utc(when, value)
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, LocalValidationError):
            raise
        raise refusal(
            "expires_at",
            f"{quoted(value)} is not a valid date or is past the year 9999; {_HINT}.",
            "bad_expiry",
        ) from None
    problem = rules.check_expiry(when, now)
    if problem:
        raise refusal("expires_at", problem, "bad_expiry")
    return when
