"""Reading a tenant's JSON fields: text safe to show and bounded, times as aware UTC.

Every model is built from what a tenant sent, which may be broken or hostile: these
helpers keep only what has the right type, pass text through :func:`credtui.text.safe_text`
and cut it to a bound, so a 100 KB name cannot slow every screen that shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

from credtui import rules
from credtui.text import safe_text


def parse_timestamp(value: object) -> datetime | None:
    """Auth0's ``2023-04-18T13:44:26.279Z`` (or any ISO-8601) as an aware UTC datetime.

    None for anything that is not a timestamp. An instant that is valid as written
    but outside ``datetime``'s range once in UTC (``0001-01-01T00:00:00+01:00``)
    is clamped to ``datetime.min``/``max`` in UTC rather than refused: None would
    read as "never expires", while a year-1 expiry is long expired.
    """
    if not isinstance(value, str) or not value:
        return None
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        # Only the offset can push it out of range: a positive one at the start of
        # year 1, a negative one at the end of year 9999.
        offset = parsed.utcoffset()
        early = offset is not None and offset > timedelta(0)
        return (datetime.min if early else datetime.max).replace(tzinfo=UTC)


TEXT_MAX = 1024
"""The most of a tenant's text field (a name, kid, DN...) credtui keeps, cut with …: far
beyond Auth0's own limits (names 128, DNs 256), so only a broken or hostile tenant
reaches it, and a 100 KB name cannot slow every screen and dialog that shows it.
Identifiers (``id``, ``client_id``) are kept whole: they address the tenant."""


def text_field(
    data: Mapping[str, Any], key: str, *, multiline: bool = False, limit: int | None = TEXT_MAX
) -> str | None:
    """A string field of a tenant's answer, safe to show (see :mod:`credtui.text`), at most
    ``limit`` characters."""
    value = data.get(key)
    return safe_text(value, multiline=multiline, limit=limit) if isinstance(value, str) else None


UNREADABLE_SHOWN_MAX = 40
"""The most of an unreadable ``expires_at`` kept to show."""


def unreadable_expiry(raw: object, parsed: datetime | None) -> str | None:
    """What the tenant sent as ``expires_at``, when it is there but not a readable time."""
    if raw is None or parsed is not None:
        return None
    text = raw if isinstance(raw, str) else repr(raw)[: UNREADABLE_SHOWN_MAX + 1]
    return safe_text(text, limit=UNREADABLE_SHOWN_MAX)


def credential_ids(block: object) -> tuple[str, ...]:
    if not isinstance(block, Mapping):
        return ()
    creds = block.get("credentials")
    if not isinstance(creds, list):
        return ()
    return tuple(
        safe_text(c["id"]) for c in creds if isinstance(c, Mapping) and isinstance(c.get("id"), str)
    )


def bounded_texts(values: object, limit: int) -> tuple[str, ...]:
    """At most ``limit`` strings of a tenant's list, each safe to show and bounded in length."""
    if not isinstance(values, list):
        return ()
    texts = islice((v for v in values if isinstance(v, str)), limit)
    return tuple(safe_text(v, limit=rules.TOKEN_VAULT_TEXT_MAX) for v in texts)
