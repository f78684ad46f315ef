"""The applications list's rows: plain values for 50,000 applications, their sorts and
quick filters (the list itself: :class:`~credtui.ui.listing.AppListing`).

A row is its application, where the tenant listed it, and what its credentials say:
the cells are plain strings (``Text`` is made only for the lines drawn), so a row
costs its strings, and sorting or filtering never builds anything.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from datetime import datetime
from typing import Any

from credtui.models import Application, Credential
from credtui.ops.findings import FindingKind
from credtui.ui.rows import ExpirySummary, app_type_label, expiry_summary, method_label
from credtui.ui.widgets.table_layout import Row

__all__ = ["PENDING", "QUICK", "SORTS", "AppRow", "SortKey", "remove_row"]

PENDING = "…"
"""A cell whose credentials have not been read yet."""


class AppRow(Row):
    """A row of the list: the application, where the tenant listed it, and what its
    credentials say (None until read)."""

    __slots__ = ("app", "creds", "hay", "pos", "summary")

    def __init__(self, app: Application, pos: int) -> None:
        super().__init__(app.client_id, ())
        self.app = app
        self.pos = pos
        self.hay = f"{app.name}\n{app.client_id}".casefold()
        self.creds: tuple[Credential, ...] | None = None
        self.summary: ExpirySummary | None = None

    def show(self, creds: tuple[Credential, ...] | None, now: datetime) -> None:
        """Fill the cells from ``creds`` (None: not read yet, and no older reading either)."""
        app = self.app
        self.creds = creds
        if creds is not None:
            self.summary = expiry_summary(app, creds, now)
        summary = self.summary
        self.state = summary.state if summary else None
        self.values = (
            app.name,
            app_type_label(app),
            method_label(app),
            "yes" if app.jar_required else "",
            str(len(creds)) if creds is not None else PENDING,
            summary.text if summary else PENDING,
            app.client_id,
        )


SortKey = Callable[[AppRow], Any]
NEVER = float("inf")


def _expiry_key(row: AppRow) -> tuple[object, ...]:
    # Unread last; then those that cannot authenticate; then soonest first; "never" after dates.
    s = row.summary
    if s is None:
        return (2, 0, NEVER, row.app.name.casefold(), row.pos)
    blocked = 0 if FindingKind.CANNOT_AUTHENTICATE in s.kinds else 1
    when = s.nearest.timestamp() if s.nearest else NEVER
    return (0, blocked, when, row.app.name.casefold(), row.pos)


SORTS: dict[str, tuple[str, SortKey]] = {
    "listed": ("as the tenant lists them", lambda r: r.pos),
    "name": ("by name", lambda r: (r.app.name.casefold(), r.pos)),
    "expiry": ("by nearest expiry", _expiry_key),
    "method": ("by method", lambda r: (method_label(r.app), r.app.name.casefold(), r.pos)),
}
"""``s`` cycles through these, in this order."""

QUICK: dict[str, tuple[str, FindingKind | None]] = {
    "all": ("all", None),
    "expired": ("expired", FindingKind.EXPIRED),
    "30": ("expiring within 30 days", FindingKind.EXPIRING),
    "noauth": ("applications that cannot authenticate", FindingKind.CANNOT_AUTHENTICATE),
}
"""Quick filters: which finding (on credentials that authenticate) a row must have.
The keys match the expiry overview's (1 all, 2 expired, 4 within 30 days, 7 cannot
authenticate), so a key means the same on both screens."""


def remove_row(rows: list[AppRow], row: AppRow, old_key: Any, key: SortKey) -> None:
    """Take ``row`` out of ``rows`` (sorted by ``key``, where it sat at ``old_key``)."""
    i = bisect.bisect_left(rows, old_key, key=key)
    while i < len(rows) and rows[i] is not row:
        i += 1
    if i < len(rows):
        del rows[i]
