"""The first screen: every application, how it authenticates, and its nearest expiry.

Pages are shown as they arrive; the list, the cursor and the filter work while
the rest loads. Credentials are fetched for the rows on screen (the tenant's
list of clients does not carry them), a bounded number at a time, so scrolling
through 50,000 applications asks the tenant only for what a person looks at.
Sorting by nearest expiry and the quick filters need every application's
credentials: choosing one reads them all, at the pace the rate limit allows,
and rows take their place as they arrive.

The rows, their sort and filters and what the status line says are
:class:`~credtui.ui.listing.AppListing`'s (no Textual there); this screen reads the
tenant, hands it what arrives, and shows it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import datetime

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Header, Input, Static

from credtui.api import WaitReason
from credtui.errors import CredtuiError
from credtui.models import Application
from credtui.ui.early_keys import hand_over, open_at_once
from credtui.ui.listing import AppListing
from credtui.ui.messages import (
    ApiCallFailed,
    ApplicationsLoaded,
    ApplicationsPageLoaded,
    CredentialsBatchLoaded,
)
from credtui.ui.rows import fit_expiry, fit_label, fit_words
from credtui.ui.screens.base import TenantScreen
from credtui.ui.widgets.keys_footer import QuietFooter
from credtui.ui.widgets.table_layout import Column
from credtui.ui.widgets.text_fields import TextInput
from credtui.ui.widgets.virtual_table import VirtualTable

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
        self.listing = AppListing()
        self._filter_opening = False
        self._waiting = ""
        """What a call is waiting for ("Waiting 12 s for the tenant's rate limit…"), if any."""
        self._stop_watching: Callable[[], None] | None = None
        self._status = ""
        self._status_lines = 1
        self._visible_timer: Timer | None = None

    @property
    def applications(self) -> list[Application]:
        """The applications listed so far, in the tenant's order."""
        return self.listing.applications

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
        yield QuietFooter(compact=True)

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
        known = self.tui.credentials
        changed = self.listing.changed_rows(self.query_one(VirtualTable).visible_keys, known)
        for row in changed:
            self.listing.update(row, known[row.key], self.now)
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
        return self.listing.loading

    @property
    def now(self) -> datetime:
        return self.tui.now()

    @work(
        group="applications", exclusive=True, exit_on_error=False, description="load applications"
    )
    async def load_applications(self) -> None:
        client = self.client
        self.listing.loading = True
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
        page, listing = message.page, self.listing
        appended = listing.add_page(page.index, page.applications, self.tui.credentials, self.now)
        if listing.pages % FREEZE_EVERY == 0:
            # The rows live as long as the screen. Without this, each of Python's full
            # collections scans every row again: at 50,000 applications, 15 pauses of up to
            # 0.4 s while loading (1.5x the load time), each one a keystroke left waiting.
            # Garbage that was alive when frozen waits for gc.unfreeze() (on r, on close).
            gc.freeze()
        if listing.widest:
            self.query_one(VirtualTable).want_width(0, min(listing.widest, NAME_WIDEST))
        self._show(appended=appended)
        self._read_all_if_needed()

    @on(ApplicationsLoaded)
    def _all_loaded(self, message: ApplicationsLoaded) -> None:
        self.listing.all_listed(message.count)
        self._show()
        self._request_credentials(self.query_one(VirtualTable).visible_keys)
        self._read_all_if_needed()

    def _show(self, *, appended: bool = False) -> None:
        table = self.query_one(VirtualTable)
        table.empty_text = self.listing.empty_text(reading_all=self._reading_all)
        table.set_rows(self.listing.shown, appended=appended)
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
        known, failed = self.tui.credentials, self.listing.unreadable
        missing = [k for k in keys if k not in known and k not in failed]
        if missing:
            self.load_credentials(missing)

    @work(group="credentials", exclusive=True, exit_on_error=False, description="load credentials")
    async def load_credentials(self, client_ids: list[str]) -> None:
        await self._read(client_ids, 4)

    @property
    def _reading_all(self) -> bool:
        return any(w.group == "all-credentials" and not w.is_finished for w in self.workers)

    def _read_all_if_needed(self) -> None:
        if not self.listing.needs_all:
            self.workers.cancel_group(self, "all-credentials")
        elif not self._reading_all and self.listing.unread(self.tui.credentials):
            self.load_all_credentials()
        self._update_status()

    @work(
        group="all-credentials",
        exclusive=True,
        exit_on_error=False,
        description="read every application's credentials",
    )
    async def load_all_credentials(self) -> None:
        # Pages may still be arriving: read what is unread until nothing is.
        while missing := self.listing.unread(self.tui.credentials):
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
        errors = self.listing.credentials_read(message.results, self.tui.credentials, self.now)
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
        # The filter opens here, not from the binding, and the keys typed right behind
        # "/" go into the box until it has the focus (credtui.ui.early_keys).
        box = self.query_one("#apps-filter", TextInput)
        if box.has_focus:
            if event.key == "down":  # from the box into the results, as in any search list
                self.query_one(VirtualTable).focus()
                event.stop()
                event.prevent_default()
        elif self._filter_opening:
            await hand_over(event, box)
        else:
            await open_at_once(self, event, ("filter",))

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
        if self.listing.filter(event.value.strip().casefold()):
            self._show()

    @on(Input.Submitted, "#apps-filter")
    def _filter_submitted(self) -> None:
        # One Enter opens the highlighted match (the filter stays, for coming back).
        table = self.query_one(VirtualTable)
        table.focus()
        table.action_select()

    # -- sort and quick filters ---------------------------------------------------------

    def action_sort(self) -> None:
        """Next sort: by name, by nearest expiry, by method, as the tenant lists them."""
        self.listing.next_sort()
        self._show()
        self._read_all_if_needed()

    def action_show(self, name: str) -> None:
        """Switch the quick filter (reading every application's credentials if need be)."""
        self.listing.show_only(name)
        self._show()
        self._read_all_if_needed()

    # -- the status line -------------------------------------------------------------

    def _update_status(self) -> None:
        read = len(self.tui.credentials)
        self._set_status(self.listing.status(read=read, waiting=self._waiting))

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
        known = self.tui.credentials
        self.listing.refresh(known)  # what was read stays shown until the answers arrive
        known.clear()
        gc.unfreeze()  # the rows about to be replaced can be collected again
        self.load_applications()

    def action_overview(self) -> None:
        self.tui.open_overview()

    @on(VirtualTable.Selected, "#apps-table")
    def _open(self, message: VirtualTable.Selected) -> None:
        row = self.listing.row(message.key)
        if row is not None:
            self.tui.open_application(row.app)

    @on(ApiCallFailed)
    def _failed_call(self, message: ApiCallFailed) -> None:
        sentence = self.tui.report_failure(message.action, message.error)
        if message.action == "load applications":
            self.listing.list_failed(sentence)
        elif message.action == "load credentials":
            self.listing.credentials_error = sentence
        self._show()
