"""The first screen: every application, how it authenticates, and its nearest expiry.

Pages are shown as they arrive; the list, the cursor and the filter work while
the rest loads. Credentials are fetched for the rows on screen (the tenant's
list of clients does not carry them), a bounded number at a time, so scrolling
through 50,000 applications asks the tenant only for what a person looks at.
Sorting by nearest expiry and the quick filters need every application's
credentials: choosing one reads them all, at the pace the rate limit allows,
and rows take their place as they arrive.

At 50,000 applications a row is its plain values (styled cells are made only
for the lines drawn), and each change costs at most one pass over the rows: a
page or a batch of credentials touches only its own rows, and a keystroke that
narrows the filter looks only at the rows still shown.
"""

from __future__ import annotations

import bisect
import gc
from collections.abc import Callable
from datetime import datetime

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static

from credtui.api import WaitReason
from credtui.errors import CredtuiError
from credtui.models import Application, Credential
from credtui.ui.app_rows import QUICK, SORTS, AppRow, remove_row
from credtui.ui.messages import (
    ApiCallFailed,
    ApplicationsLoaded,
    ApplicationsPageLoaded,
    CredentialsBatchLoaded,
)
from credtui.ui.rows import fit_expiry, fit_label, fit_words
from credtui.ui.screens.base import TenantScreen
from credtui.ui.widgets.text_fields import TextInput
from credtui.ui.widgets.virtual_table import Column, VirtualTable

COLUMNS = (
    Column("Name", 16, flex=True),
    Column("Type", 11, hide_order=1, fit=fit_words),
    Column("Method", 21, shrink_to=15, fit=fit_label),
    Column("JAR", 3),
    Column("Creds", 5, justify="right"),
    Column("Nearest expiry", 20, stateful=True, shrink_to=14, fit=fit_expiry),
    Column("Client ID", 32, shrink_to=12),
)
NAME_WIDEST = 60
"""The Name column never asks for more than this, however long a name."""

STATUS_LINES = 4
"""At most this many lines of status (an error sentence at 80 columns takes two)."""

FREEZE_EVERY = 20
"""Pages between two ``gc.freeze()`` while loading."""

VISIBLE_SETTLE = 0.15
"""Seconds the rows on screen stay put before their credentials are asked for."""


class ApplicationsScreen(TenantScreen):
    """All applications of the active tenant."""

    TITLE = "Applications"
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("s", "sort", "Sort", id="sort"),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("x", "overview", "Overview", id="overview"),
        Binding("1", "show('all')", "Show all applications", show=False, id="list-all"),
        Binding("2", "show('expired')", "Show expired", show=False, id="list-expired"),
        Binding("4", "show('30')", "Show expiring within 30 days", show=False, id="list-30-days"),
        Binding(
            "7",
            "show('noauth')",
            "Show those that cannot authenticate",
            show=False,
            id="list-cannot-authenticate",
        ),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="clear-filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[AppRow] = []
        """In the tenant's order."""
        self._index: dict[str, AppRow] = {}
        self._sorted: list[AppRow] = self._rows
        """Every row in the current sort (the same list as ``_rows`` when unsorted)."""
        self._shown: list[AppRow] = []
        """The rows the filter and the quick filter keep, in the current sort."""
        self._sort = "listed"
        self._quick = "all"
        self._query = ""
        self._shown_query = ""
        self.passes = 0
        """Filter passes since the screen opened (one per keystroke; for tests and benchmarks)."""
        self._loading = False
        self._pages = 0
        self._name_width = 0
        self._failed: str | None = None
        """Why the list could not be loaded, until a page arrives."""
        self._credentials_error: str | None = None
        """Why credentials could not be read, until some are."""
        self._filter_opening = False
        self._credentials_failed: set[str] = set()
        """Applications whose credentials could not be read; retried only on r."""
        self._previous: dict[str, tuple[Credential, ...]] = {}
        """Credentials as read before r: shown until the new ones arrive."""
        self._waiting = ""
        """What a call is waiting for ("Waiting 12 s for the tenant's rate limit…"), if any."""
        self._stop_watching: Callable[[], None] | None = None
        self._status = ""
        self._status_lines = 1
        self._visible_timer: Timer | None = None
        self._results: dict[str, list[AppRow]] = {}
        """Filter results by query since the rows last changed: erasing costs no pass."""

    @property
    def applications(self) -> list[Application]:
        """The applications listed so far, in the tenant's order."""
        return [row.app for row in self._rows]

    def compose(self) -> ComposeResult:
        yield Header()
        yield TextInput(
            placeholder="Filter by name or client ID",
            id="apps-filter",
            classes="-hidden",
            select_on_focus=False,
        )
        yield Static("", id="apps-status", markup=False)
        yield VirtualTable(COLUMNS, id="apps-table", empty_text="Loading…", state_on_cursor=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = self.tui.cursor_blink
        self.query_one(VirtualTable).focus()
        # A poisoned or honest rate limit can hold a call for up to a minute: say so.
        self._stop_watching = self.client.observe_waits(self._wait_changed)
        self.load_applications()

    def on_unmount(self) -> None:
        if self._stop_watching is not None:
            self._stop_watching()
        gc.unfreeze()

    def on_screen_resume(self) -> None:
        # Back from an application: show what it read (a credential added, deleted...).
        cache = self.tui.credentials
        changed = [
            row
            for key in self.query_one(VirtualTable).visible_keys
            if (row := self._index.get(key)) is not None
            and key in cache
            and cache[key] is not row.creds
        ]
        for row in changed:
            self._update(row, cache[row.key])
        if changed:
            self._show()

    def on_resize(self) -> None:
        self._status = ""  # measured again at the new width
        self.call_after_refresh(self._update_status)

    def _wait_changed(self, reason: WaitReason, seconds: float) -> None:
        self._waiting = reason.describe(seconds)
        self._update_status()

    # -- loading ------------------------------------------------------------------

    @property
    def loading_pages(self) -> bool:
        """Whether pages of applications are still arriving."""
        return self._loading

    @property
    def now(self) -> datetime:
        return self.tui.now()

    @work(
        group="applications", exclusive=True, exit_on_error=False, description="load applications"
    )
    async def load_applications(self) -> None:
        client = self.client
        self._loading = True
        self._update_status()
        try:
            count = 0
            async for page in client.iter_application_pages():
                count += len(page.applications)
                self.post_message(ApplicationsPageLoaded(page))
            self.post_message(ApplicationsLoaded(count))
        except CredtuiError as exc:
            self.post_message(ApiCallFailed("load applications", exc))

    @on(ApplicationsPageLoaded)
    def _page_loaded(self, message: ApplicationsPageLoaded) -> None:
        if message.page.index == 0:
            self._reset()
        self._failed = None
        cache, previous, now = self.tui.credentials, self._previous, self.now
        new: list[AppRow] = []
        for app in message.page.applications:
            if app.client_id in self._index:
                continue
            row = AppRow(app, len(self._rows))
            creds = cache.get(app.client_id)
            row.show(creds if creds is not None else previous.get(app.client_id), now)
            self._rows.append(row)
            self._index[row.key] = row
            new.append(row)
        self._pages += 1
        if self._pages % FREEZE_EVERY == 0:
            # The rows live as long as the screen. Without this, each of Python's full
            # collections scans every row again: at 50,000 applications, 15 pauses of up to
            # 0.4 s while loading (1.5x the load time), each one a keystroke left waiting.
            # Garbage that was alive when frozen waits for gc.unfreeze() (on r, on close).
            gc.freeze()
        self._add(new)
        self._read_all_if_needed()

    @on(ApplicationsLoaded)
    def _all_loaded(self, message: ApplicationsLoaded) -> None:
        self._loading = False
        self._previous.clear()
        if message.count == 0:
            self._reset()
        self._show()
        self._request_credentials(self.query_one(VirtualTable).visible_keys)
        self._read_all_if_needed()

    def _reset(self) -> None:
        self._rows.clear()
        self._index.clear()
        self._sorted = self._rows if self._sort == "listed" else []
        self._shown = []
        self._pages = 0
        self._name_width = 0

    # -- rows: added, updated, filtered, sorted --------------------------------------

    def _add(self, new: list[AppRow]) -> None:
        """Place rows just listed: only they are looked at."""
        self._results.clear()
        key = SORTS[self._sort][1]
        kept = [row for row in new if self._keeps(row)]
        appended = self._sort == "listed"
        if appended:
            self._shown.extend(kept)  # _sorted is _rows, already extended
        else:
            for row in new:
                bisect.insort(self._sorted, row, key=key)
            for row in kept:
                bisect.insort(self._shown, row, key=key)
        if new:
            widest = max(cell_len(row.app.name) for row in new)
            if widest > self._name_width:
                self._name_width = widest
                self.query_one(VirtualTable).want_width(0, min(widest, NAME_WIDEST))
        self._show(appended=appended)

    def _update(self, row: AppRow, creds: tuple[Credential, ...]) -> None:
        """New credentials for one row: it moves only if its place or its filter changed."""
        if self._quick != "all":
            self._results.clear()  # a query's result depends on credentials only then
        key = SORTS[self._sort][1]
        was_kept, old_key = self._keeps(row), key(row)
        row.show(creds, self.now)
        kept, moved = self._keeps(row), self._sort == "expiry"
        if moved:
            remove_row(self._sorted, row, old_key, key)
            bisect.insort(self._sorted, row, key=key)
        if was_kept and (moved or not kept):
            remove_row(self._shown, row, old_key, key)
        if kept and (moved or not was_kept):
            bisect.insort(self._shown, row, key=key)

    def _keeps(self, row: AppRow) -> bool:
        query = self._query
        if query and query not in row.hay:
            return False
        kind = QUICK[self._quick][1]
        return kind is None or (row.summary is not None and kind in row.summary.kinds)

    def _refilter(self) -> None:
        """One pass at most: over the rows shown when the query only narrowed, else over
        every row; none when this query's result is known since the rows last changed."""
        query = self._query
        known = self._results.get(query)
        if known is not None and self._shown is not self._sorted:
            self._shown, self._shown_query = known, query
            self._show()
            return
        narrower = self._shown_query in query and self._shown is not self._sorted
        source = self._shown if narrower else self._sorted
        kind = QUICK[self._quick][1]
        self.passes += 1
        # Inline tests, not self._keeps: at 50,000 rows a method call a row is most of the cost.
        if kind is not None:
            self._shown = [
                r
                for r in source
                if r.summary is not None and kind in r.summary.kinds and query in r.hay
            ]
        elif query:
            self._shown = [r for r in source if query in r.hay]
        else:
            self._shown = list(source)
        self._shown_query = query
        self._results[query] = self._shown
        self._show()

    def _show(self, *, appended: bool = False) -> None:
        table = self.query_one(VirtualTable)
        if not self._rows:
            table.empty_text = (
                "Could not load applications."
                if self._failed
                else "Loading…"
                if self._loading
                else "No applications"
            )
        elif self._quick != "all" and self._reading_all:
            table.empty_text = "Reading credentials…"
        else:
            table.empty_text = "No application matches"
        table.set_rows(self._shown, appended=appended)
        self._update_status()

    # -- credentials --------------------------------------------------------------------

    @on(VirtualTable.VisibleRowsChanged, "#apps-table")
    def _visible_changed(self, message: VirtualTable.VisibleRowsChanged) -> None:
        # Ask once the rows on screen settle: while someone types in the filter or holds
        # page-down, each keystroke would otherwise start requests for rows already gone.
        if self._visible_timer is not None:
            self._visible_timer.stop()
        self._visible_timer = self.set_timer(
            VISIBLE_SETTLE, lambda: self._request_credentials(message.keys)
        )

    def _request_credentials(self, keys: tuple[str, ...]) -> None:
        cache = self.tui.credentials
        missing = [k for k in keys if k not in cache and k not in self._credentials_failed]
        if missing:
            self.load_credentials(missing)

    @work(group="credentials", exclusive=True, exit_on_error=False, description="load credentials")
    async def load_credentials(self, client_ids: list[str]) -> None:
        await self._read(client_ids, 4)

    @property
    def _needs_all(self) -> bool:
        return self._quick != "all" or self._sort == "expiry"

    @property
    def _reading_all(self) -> bool:
        return any(w.group == "all-credentials" and not w.is_finished for w in self.workers)

    def _read_all_if_needed(self) -> None:
        if not self._needs_all:
            self.workers.cancel_group(self, "all-credentials")
        elif not self._reading_all and self._unread():
            self.load_all_credentials()
        self._update_status()

    def _unread(self) -> list[str]:
        cache, failed = self.tui.credentials, self._credentials_failed
        return [r.key for r in self._sorted if r.key not in cache and r.key not in failed]

    @work(
        group="all-credentials",
        exclusive=True,
        exit_on_error=False,
        description="read every application's credentials",
    )
    async def load_all_credentials(self) -> None:
        # Pages may still be arriving: read what is unread until nothing is.
        while missing := self._unread():
            await self._read(missing, 20)

    async def _read(self, client_ids: list[str], size: int) -> None:
        batch = []
        async for result in self.client.iter_credentials(client_ids):
            batch.append(result)
            if len(batch) >= size:
                self.post_message(CredentialsBatchLoaded(batch))
                batch = []
        if batch:
            self.post_message(CredentialsBatchLoaded(batch))

    @on(CredentialsBatchLoaded)
    def _credentials_loaded(self, message: CredentialsBatchLoaded) -> None:
        cache = self.tui.credentials
        errors = []
        for result in message.results:
            if result.credentials is not None:
                cache[result.client_id] = result.credentials
                self._credentials_error = None
                row = self._index.get(result.client_id)
                if row is not None:
                    self._update(row, result.credentials)
            elif result.error is not None:
                self._credentials_failed.add(result.client_id)
                errors.append(result.error)
        if errors:
            self.post_message(ApiCallFailed("load credentials", errors[0]))
        self._show()

    # -- the filter -------------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#apps-filter", Input)
        box.remove_class("-hidden")
        box.focus()
        self._filter_opening = True

    async def on_key(self, event: events.Key) -> None:
        # Keys reach on_key before the screen's bindings run, and focus moves only
        # after the keys already queued: characters typed right after "/" (fast
        # typing, a paste) would reach the table and be lost. So the filter opens
        # here, and what follows goes into the box until it has the focus.
        box = self.query_one("#apps-filter", TextInput)
        if box.has_focus:
            if event.key == "down":  # from the box into the results, as in any search list
                self.query_one(VirtualTable).focus()
                event.stop()
                event.prevent_default()
            return
        if not self._filter_opening and self._is_filter_key(event.key):
            self.action_filter()
        elif not (self._filter_opening and await box.apply_key(event)):
            return
        event.stop()
        event.prevent_default()

    def _is_filter_key(self, key: str) -> bool:
        return any(
            active.binding.action == "filter" and k == key
            for k, active in self.active_bindings.items()
        )

    @on(events.DescendantFocus)
    def _focus_moved(self, event: events.DescendantFocus) -> None:
        self._filter_opening = False

    def action_clear_filter(self) -> None:
        box = self.query_one("#apps-filter", Input)
        box.value = ""
        box.add_class("-hidden")
        self.query_one(VirtualTable).focus()

    @on(Input.Changed, "#apps-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        query = event.value.strip().casefold()
        if query != self._query:
            self._query = query
            self._refilter()

    @on(Input.Submitted, "#apps-filter")
    def _filter_submitted(self) -> None:
        # One Enter opens the highlighted match (the filter stays, for coming back).
        table = self.query_one(VirtualTable)
        table.focus()
        table.action_select()

    # -- sort and quick filters ---------------------------------------------------------

    def action_sort(self) -> None:
        """Next sort: by name, by nearest expiry, by method, as the tenant lists them."""
        names = list(SORTS)
        self._sort = names[(names.index(self._sort) + 1) % len(names)]
        key = SORTS[self._sort][1]
        self._sorted = self._rows if self._sort == "listed" else sorted(self._rows, key=key)
        self._shown_query = ""
        self._shown = self._sorted  # so the pass below looks at every row
        self._results.clear()
        self._refilter()
        self._read_all_if_needed()

    def action_show(self, name: str) -> None:
        """Switch the quick filter (reading every application's credentials if need be)."""
        self._quick = name
        self._shown = self._sorted
        self._results.clear()
        self._refilter()
        self._read_all_if_needed()

    # -- the status line -------------------------------------------------------------

    def _update_status(self) -> None:
        total = len(self._rows)
        shown = len(self._shown)
        parts = []
        if self._loading:
            pages = f"{self._pages} page{'' if self._pages == 1 else 's'}"
            parts.append(
                f"Loading… {total:,} applications so far ({pages})" if total else "Loading…"
            )
        elif not self._failed:
            parts.append(f"{total:,} application{'' if total == 1 else 's'}")
        if self._failed:
            # Stays until a page arrives: the toast that said so is gone in 8 seconds.
            retry = " Retrying…" if self._loading else " Press r to retry."
            parts.append(f"Could not load applications: {self._failed}{retry}")
        if self._sort != "listed":
            parts.append(f"sorted {SORTS[self._sort][0]}")
        if self._quick != "all":
            parts.append(f"showing {QUICK[self._quick][0]}: {shown:,}")
        if self._query:
            parts.append(f"{shown:,} match “{self._query}”")
        if self._needs_all:
            read = min(len(self.tui.credentials), total)
            if read < total:
                parts.append(f"credentials read for {read:,} of {total:,}")
        if self._credentials_error:
            parts.append(f"Could not load credentials: {self._credentials_error}")
        if self._waiting:
            parts.append(self._waiting)
        self._set_status(" · ".join(parts))

    def _set_status(self, text: str) -> None:
        # The line changes with every keystroke and page: lay the screen out again only
        # when it needs another line (an error sentence at 80 columns), not each time.
        if text == self._status:
            return
        status = self.query_one("#apps-status", Static)
        width = status.content_region.width
        wraps = 0 < width < cell_len(text)
        lines = len(Text(text).wrap(self.app.console, width)) if wraps else 1
        status.update(text, layout=False)
        if lines != self._status_lines:
            status.styles.height = min(lines, STATUS_LINES)
        self._status, self._status_lines = text, lines

    # -- actions --------------------------------------------------------------------

    def action_refresh(self) -> None:
        cache = self.tui.credentials
        # Keep showing what was read until the new answers arrive.
        self._previous = {**self._previous, **cache}
        cache.clear()
        self._credentials_failed.clear()
        self._credentials_error = None
        gc.unfreeze()  # the rows about to be replaced can be collected again
        self.load_applications()

    def action_overview(self) -> None:
        from credtui.ui.screens.overview import OverviewScreen

        self.app.push_screen(OverviewScreen())

    @on(VirtualTable.Selected, "#apps-table")
    def _open(self, message: VirtualTable.Selected) -> None:
        from credtui.ui.screens.application import ApplicationScreen

        row = self._index.get(message.key)
        if row is not None:
            self.app.push_screen(ApplicationScreen(row.app))

    @on(ApiCallFailed)
    def _failed_call(self, message: ApiCallFailed) -> None:
        sentence = self.tui.report_failure(message.action, message.error)
        if message.action == "load applications":
            self._loading = False
            self._failed = sentence
        elif message.action == "load credentials":
            self._credentials_error = sentence
        self._show()
