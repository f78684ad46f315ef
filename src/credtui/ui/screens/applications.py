"""The first screen: every application, how it authenticates, and its nearest expiry.

Pages are shown as they arrive; the list, the cursor and the filter work while
the rest loads. Credentials are fetched for the rows on screen (the tenant's
list of clients does not carry them), a bounded number at a time, so scrolling
through 50,000 applications asks the tenant only for what a person looks at.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Input, Static

from credtui.api import WaitReason
from credtui.errors import CredtuiError
from credtui.models import Application, Credential
from credtui.ui.messages import (
    ApiCallFailed,
    ApplicationsLoaded,
    ApplicationsPageLoaded,
    CredentialsBatchLoaded,
)
from credtui.ui.rows import app_type_label, expiry_cell, method_label, nearest_expiry
from credtui.ui.screens.base import TenantScreen
from credtui.ui.widgets.virtual_table import Column, Row, VirtualTable

COLUMNS = (
    Column("Name", 16, flex=True),
    Column("Type", 11),
    Column("Method", 21),
    Column("JAR", 3),
    Column("Creds", 5, justify="right"),
    Column("Nearest expiry", 20, stateful=True),
    Column("Client ID", 32, shrink_to=12),
)


class ApplicationsScreen(TenantScreen):
    """All applications of the active tenant."""

    TITLE = "Applications"
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("x", "overview", "Expiry overview", id="overview"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="clear-filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.applications: list[Application] = []
        self._rows: list[Row] = []
        self._haystacks: list[str] = []
        self._index: dict[str, int] = {}
        self._query = ""
        self._loading = False
        self._pages = 0
        self._failed: str | None = None
        self._filter_opening = False
        self._credentials_failed: set[str] = set()
        """Applications whose credentials could not be read; retried only on r."""
        self._waiting = ""
        """What a call is waiting for ("Waiting 12 s for the tenant's rate limit…"), if any."""
        self._stop_watching: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder="Filter by name or client ID",
            id="apps-filter",
            classes="-hidden",
            select_on_focus=False,
        )
        yield Static("", id="apps-status", markup=False)
        yield VirtualTable(COLUMNS, id="apps-table", empty_text="No applications")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = self.tui.cursor_blink
        self.query_one(VirtualTable).focus()
        # A poisoned or honest rate limit can hold a call for up to a minute: say so.
        self._stop_watching = self.client.observe_waits(self._wait_changed)
        self.load_applications()

    def on_unmount(self) -> None:
        if self._stop_watching is not None:
            self._stop_watching()

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
        self._failed = None
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
        cache = self.tui.credentials
        for app in message.page.applications:
            if app.client_id in self._index:
                continue
            self._index[app.client_id] = len(self.applications)
            self.applications.append(app)
            row = self._row(app, cache.get(app.client_id))
            self._rows.append(row)
            self._haystacks.append(f"{app.name}\n{app.client_id}".casefold())
        self._pages += 1
        self._apply_filter()

    @on(ApplicationsLoaded)
    def _all_loaded(self, message: ApplicationsLoaded) -> None:
        self._loading = False
        if message.count == 0:
            self._reset()
            self._apply_filter()
        self._update_status()
        self._request_credentials(self.query_one(VirtualTable).visible_keys)

    def _reset(self) -> None:
        self.query_one(VirtualTable).empty_text = "No applications"
        self.applications.clear()
        self._rows.clear()
        self._haystacks.clear()
        self._index.clear()
        self._pages = 0

    def _row(self, app: Application, credentials: tuple[Credential, ...] | None) -> Row:
        if credentials is None:
            creds, expiry, state = Text("…"), Text("…"), None
        else:
            creds = Text(str(len(credentials)))
            nearest = nearest_expiry(app, credentials)
            expiry, state = expiry_cell(nearest, self.now) if nearest else (Text("—"), None)
        cells = (
            Text(app.name),
            Text(app_type_label(app)),
            Text(method_label(app)),
            Text("yes" if app.jar_required else ""),
            creds,
            expiry,
            Text(app.client_id),
        )
        return Row(app.client_id, cells, state)

    # -- credentials for the rows on screen ---------------------------------------------

    @on(VirtualTable.VisibleRowsChanged, "#apps-table")
    def _visible_changed(self, message: VirtualTable.VisibleRowsChanged) -> None:
        self._request_credentials(message.keys)

    def _request_credentials(self, keys: tuple[str, ...]) -> None:
        cache = self.tui.credentials
        missing = [k for k in keys if k not in cache and k not in self._credentials_failed]
        if missing:
            self.load_credentials(missing)

    @work(group="credentials", exclusive=True, exit_on_error=False, description="load credentials")
    async def load_credentials(self, client_ids: list[str]) -> None:
        client = self.client
        batch = []
        async for result in client.iter_credentials(client_ids):
            batch.append(result)
            if len(batch) >= 4:
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
                index = self._index.get(result.client_id)
                if index is not None:
                    self._rows[index] = self._row(self.applications[index], result.credentials)
            elif result.error is not None:
                self._credentials_failed.add(result.client_id)
                errors.append(result.error)
        if errors:
            self.post_message(ApiCallFailed("load credentials", errors[0]))
        self._apply_filter()

    # -- filtering ----------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#apps-filter", Input)
        box.remove_class("-hidden")
        box.focus()
        self._filter_opening = True

    def on_key(self, event: events.Key) -> None:
        # Keys reach on_key before the screen's bindings run, and focus moves only
        # after the keys already queued: characters typed right after "/" (fast
        # typing, a paste) would reach the table and be lost. So the filter opens
        # here, and what follows goes into the box until it has the focus.
        box = self.query_one("#apps-filter", Input)
        if box.has_focus:
            return
        if not self._filter_opening and self._is_filter_key(event.key):
            self.action_filter()
        elif self._filter_opening and event.is_printable and event.character:
            box.insert_text_at_cursor(event.character)
        else:
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
        self._query = event.value.strip().casefold()
        self._apply_filter()

    @on(Input.Submitted, "#apps-filter")
    def _filter_submitted(self) -> None:
        self.query_one(VirtualTable).focus()

    def _apply_filter(self) -> None:
        table = self.query_one(VirtualTable)
        query = self._query
        if query:
            rows = [
                row for row, hay in zip(self._rows, self._haystacks, strict=True) if query in hay
            ]
        else:
            rows = list(self._rows)
        table.set_rows(rows)
        self._update_status()

    def _update_status(self) -> None:
        total = len(self._rows)
        shown = self.query_one(VirtualTable).row_count
        parts = []
        if self._failed:
            parts.append("Could not load applications (the message says why). Press r to retry.")
        elif self._loading:
            parts.append(f"Loading… {total:,} applications so far ({self._pages} pages)")
        else:
            parts.append(f"{total:,} applications")
        if self._query:
            parts.append(f"{shown:,} match “{self._query}”")
        if self._waiting:
            parts.append(self._waiting)
        self.query_one("#apps-status", Static).update(" · ".join(parts))

    # -- actions --------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.tui.credentials.clear()
        self._credentials_failed.clear()
        self.load_applications()

    def action_overview(self) -> None:
        from credtui.ui.screens.overview import OverviewScreen

        self.app.push_screen(OverviewScreen())

    @on(VirtualTable.Selected, "#apps-table")
    def _open(self, message: VirtualTable.Selected) -> None:
        from credtui.ui.screens.application import ApplicationScreen

        index = self._index.get(message.key)
        if index is not None:
            self.app.push_screen(ApplicationScreen(self.applications[index]))

    @on(ApiCallFailed)
    def _failed_call(self, message: ApiCallFailed) -> None:
        if message.action == "load applications":
            self._loading = False
            from credtui.errors import describe_error

            self._failed = describe_error(message.error)
            table = self.query_one(VirtualTable)
            if not self._rows:
                table.empty_text = "Could not load applications."
                table.refresh()
            self._update_status()
        self.tui.report_failure(message.action, message.error)
