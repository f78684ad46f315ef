"""The applications list as data: its rows, sort, filter, quick filter and loading state.

:class:`~credtui.ui.screens.applications.ApplicationsScreen` shows it; this module
knows nothing of Textual, so every rule of the list is tested without an app.

At 50,000 applications a row is its plain values, and each change costs at most one
pass over the rows: a page or a batch of credentials touches only its own rows, and
a keystroke that narrows the filter looks only at the rows still shown. A query's
result is kept until the rows change, so erasing what was typed costs no pass.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from rich.cells import cell_len

from credtui.api.client import CredentialsResult
from credtui.errors import CredtuiError
from credtui.models import Application, Credential
from credtui.ui.app_rows import QUICK, SORTS, AppRow, remove_row

__all__ = ["AppListing"]

Known = Mapping[str, tuple[Credential, ...]]
"""Credentials by client id, as read so far."""


class AppListing:
    """Every application listed so far, and which of them the list shows, in what order."""

    def __init__(self) -> None:
        self.rows: list[AppRow] = []
        """In the tenant's order."""
        self._index: dict[str, AppRow] = {}
        self._sorted: list[AppRow] = self.rows
        """Every row in the current sort (the same list as ``rows`` when unsorted)."""
        self.shown: list[AppRow] = []
        """The rows the filter and the quick filter keep, in the current sort."""
        self.sort = "listed"
        """A key of :data:`~credtui.ui.app_rows.SORTS`."""
        self.quick = "all"
        """A key of :data:`~credtui.ui.app_rows.QUICK`."""
        self.query = ""
        """The filter, case-folded."""
        self._shown_query = ""
        self._results: dict[str, list[AppRow]] = {}
        """Filter results by query since the rows last changed: erasing costs no pass."""
        self.passes = 0
        """Filter passes so far (one per keystroke at most; for tests and benchmarks)."""
        self.widest = 0
        """The widest name listed, in cells."""
        self.loading = False
        """Pages are still arriving."""
        self.pages = 0
        """Pages listed since the first page of this listing."""
        self.failed: str | None = None
        """Why the list could not be loaded, until a page arrives."""
        self.credentials_error: str | None = None
        """Why credentials could not be read, until some are."""
        self.unreadable: set[str] = set()
        """Applications whose credentials could not be read; retried only on a refresh."""
        self.previous: dict[str, tuple[Credential, ...]] = {}
        """Credentials as read before a refresh: shown until the new ones arrive."""

    @property
    def applications(self) -> list[Application]:
        """The applications listed so far, in the tenant's order."""
        return [row.app for row in self.rows]

    def row(self, key: str) -> AppRow | None:
        """The row of the client id ``key``, if listed."""
        return self._index.get(key)

    @property
    def needs_all(self) -> bool:
        """Whether the sort or the quick filter needs every application's credentials."""
        return self.quick != "all" or self.sort == "expiry"

    def unread(self, known: Known) -> list[str]:
        """Client ids, in the current sort, whose credentials are neither known nor unreadable."""
        failed = self.unreadable
        return [r.key for r in self._sorted if r.key not in known and r.key not in failed]

    # -- loading -----------------------------------------------------------------------

    def refresh(self, known: Known) -> None:
        """The list is read again: what was read stays shown until the new answers arrive."""
        self.previous = {**self.previous, **known}
        self.unreadable.clear()
        self.credentials_error = None

    def add_page(
        self, index: int, applications: Iterable[Application], known: Known, now: datetime
    ) -> bool:
        """Page ``index`` arrived (0 starts the list again): place its new rows, looking at
        them only. True when they were appended to :attr:`shown` (nothing else moved)."""
        if index == 0:
            self._reset()
        self.failed = None
        previous = self.previous
        new: list[AppRow] = []
        for app in applications:
            if app.client_id in self._index:
                continue
            row = AppRow(app, len(self.rows))
            creds = known.get(app.client_id)
            row.show(creds if creds is not None else previous.get(app.client_id), now)
            self.rows.append(row)
            self._index[row.key] = row
            new.append(row)
        self.pages += 1
        self._results.clear()
        key = SORTS[self.sort][1]
        kept = [row for row in new if self._keeps(row)]
        appended = self.sort == "listed"
        if appended:
            self.shown.extend(kept)  # _sorted is rows, already extended
        else:
            for row in new:
                bisect.insort(self._sorted, row, key=key)
            for row in kept:
                bisect.insort(self.shown, row, key=key)
        if new:
            self.widest = max(self.widest, *(cell_len(row.app.name) for row in new))
        return appended

    def all_listed(self, count: int) -> None:
        """The last page arrived; ``count`` applications in all."""
        self.loading = False
        self.previous.clear()
        if count == 0:
            self._reset()

    def list_failed(self, why: str) -> None:
        """Listing stopped: ``why``, in a sentence."""
        self.loading = False
        self.failed = why

    def _reset(self) -> None:
        self.rows.clear()
        self._index.clear()
        self._sorted = self.rows if self.sort == "listed" else []
        self.shown = []
        self.pages = 0
        self.widest = 0

    # -- credentials -------------------------------------------------------------------

    def credentials_read(
        self,
        results: Iterable[CredentialsResult],
        known: dict[str, tuple[Credential, ...]],
        now: datetime,
    ) -> list[CredtuiError]:
        """A batch of credentials: kept in ``known``, their rows moved; the errors of those
        that could not be read (marked unreadable until a refresh)."""
        errors = []
        for result in results:
            if result.credentials is not None:
                known[result.client_id] = result.credentials
                self.credentials_error = None
                row = self._index.get(result.client_id)
                if row is not None:
                    self.update(row, result.credentials, now)
            elif result.error is not None:
                self.unreadable.add(result.client_id)
                errors.append(result.error)
        return errors

    def update(self, row: AppRow, creds: tuple[Credential, ...], now: datetime) -> None:
        """New credentials for one row: it moves only if its place or its filter changed."""
        if self.quick != "all":
            self._results.clear()  # a query's result depends on credentials only then
        key = SORTS[self.sort][1]
        moved = self.sort == "expiry"  # the one sort whose key reads the credentials
        was_kept, old_key = self._keeps(row), key(row)
        if moved:
            # Taken out while its key is still the one the lists are sorted by: once the
            # row shows its new credentials, a bisection for the old key can step past
            # it, and the row would then be listed twice.
            remove_row(self._sorted, row, old_key, key)
            if was_kept:
                remove_row(self.shown, row, old_key, key)
        row.show(creds, now)
        kept = self._keeps(row)
        if moved:
            bisect.insort(self._sorted, row, key=key)
        elif was_kept and not kept:
            remove_row(self.shown, row, old_key, key)
        if kept and (moved or not was_kept):
            bisect.insort(self.shown, row, key=key)

    def changed_rows(self, keys: Sequence[str], known: Known) -> list[AppRow]:
        """The rows of ``keys`` whose credentials in ``known`` are newer than those shown."""
        return [
            row
            for key in keys
            if (row := self._index.get(key)) is not None
            and key in known
            and known[key] is not row.creds
        ]

    # -- filter, quick filter, sort ------------------------------------------------------

    def _keeps(self, row: AppRow) -> bool:
        query = self.query
        if query and query not in row.hay:
            return False
        kind = QUICK[self.quick][1]
        return kind is None or (row.summary is not None and kind in row.summary.kinds)

    def filter(self, query: str) -> bool:
        """Show the rows matching ``query`` (case-folded); False when it is the same."""
        if query == self.query:
            return False
        self.query = query
        self._refilter()
        return True

    def next_sort(self) -> None:
        """The next sort of :data:`~credtui.ui.app_rows.SORTS`, in its order."""
        names = list(SORTS)
        self.sort = names[(names.index(self.sort) + 1) % len(names)]
        key = SORTS[self.sort][1]
        self._sorted = self.rows if self.sort == "listed" else sorted(self.rows, key=key)
        self._shown_query = ""
        self.shown = self._sorted  # so the pass below looks at every row
        self._results.clear()
        self._refilter()

    def show_only(self, quick: str) -> None:
        """Switch the quick filter to ``quick`` (a key of :data:`~credtui.ui.app_rows.QUICK`)."""
        self.quick = quick
        self.shown = self._sorted
        self._results.clear()
        self._refilter()

    def _refilter(self) -> None:
        """One pass at most: over the rows shown when the query only narrowed, else over
        every row; none when this query's result is known since the rows last changed."""
        query = self.query
        known = self._results.get(query)
        if known is not None and self.shown is not self._sorted:
            self.shown, self._shown_query = known, query
            return
        narrower = self._shown_query in query and self.shown is not self._sorted
        source = self.shown if narrower else self._sorted
        kind = QUICK[self.quick][1]
        self.passes += 1
        # Inline tests, not self._keeps: at 50,000 rows a method call a row is most of the cost.
        if kind is not None:
            self.shown = [
                r
                for r in source
                if r.summary is not None and kind in r.summary.kinds and query in r.hay
            ]
        elif query:
            self.shown = [r for r in source if query in r.hay]
        else:
            self.shown = list(source)
        self._shown_query = query
        self._results[query] = self.shown

    # -- in words ----------------------------------------------------------------------

    def empty_text(self, *, reading_all: bool) -> str:
        """What the table says when it shows no row."""
        if not self.rows:
            if self.failed:
                return "Could not load applications."
            return "Loading…" if self.loading else "No applications"
        if self.quick != "all" and reading_all:
            return "Reading credentials…"
        return "No application matches"

    def status(self, *, read: int, waiting: str = "") -> str:
        """The status line: how many, how sorted and filtered, what failed, what is awaited.

        ``read``: applications whose credentials are known; ``waiting``: what a call
        waits for ("Waiting 12 s for the tenant's rate limit…"), if anything.
        """
        total = len(self.rows)
        shown = len(self.shown)
        parts = []
        if self.loading:
            pages = f"{self.pages} page{'' if self.pages == 1 else 's'}"
            parts.append(
                f"Loading… {total:,} applications so far ({pages})" if total else "Loading…"
            )
        elif not self.failed:
            parts.append(f"{total:,} application{'' if total == 1 else 's'}")
        if self.failed:
            # Stays until a page arrives: the toast that said so is gone in 8 seconds.
            retry = " Retrying…" if self.loading else " Press r to retry."
            parts.append(f"Could not load applications: {self.failed}{retry}")
        if self.sort != "listed":
            parts.append(f"sorted {SORTS[self.sort][0]}")
        if self.quick != "all":
            parts.append(f"showing {QUICK[self.quick][0]}: {shown:,}")
        if self.query:
            parts.append(f"{shown:,} match “{self.query}”")
        if self.needs_all and min(read, total) < total:
            parts.append(f"credentials read for {min(read, total):,} of {total:,}")
        if self.credentials_error:
            parts.append(f"Could not load credentials: {self.credentials_error}")
        if waiting:
            parts.append(waiting)
        return " · ".join(parts)
