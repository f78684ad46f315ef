"""``x``: every credential of the tenant in one table, sorted by expiry.

The tenant is swept in the background (:func:`credtui.ops.findings.sweep_tenant`,
at the pace the rate limit allows); rows appear as each application's
credentials arrive, and the filters, the cursor and escape work meanwhile. A
finished sweep is kept on the app for the session, so reopening asks nothing.
An application read again in the session (after a change made with ``a``,
``d``, ``e``, ``m``...) reaches the sweep through the app
(:meth:`~credtui.ui.app.CredtuiApp.application_read`); the rows follow the
sweep's :attr:`~credtui.ops.findings.Sweep.revision` when this screen is shown again.

Above the table, a timeline (:class:`~credtui.ui.widgets.timeline.TimelineChart`) of
the same credentials per week over the next twelve months, counted by
:func:`credtui.ops.timeline.count_expiries` from the rows' credentials each time they
are drawn, so it follows the sweep as the table does. Picking a week there (or the
expired, later, never) narrows the table to it, on top of the quick filter; the
status line says so, and escape clears it before it goes back.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from credtui.api import WaitReason
from credtui.errors import CredtuiError
from credtui.models import Application, Credential
from credtui.ops.findings import (
    FindingKind,
    Sweep,
    SweepProgress,
    find_problems,
    key_ids,
    sweep_tenant,
)
from credtui.ops.timeline import Span, count_expiries
from credtui.timefmt import ExpiryState, expiry_state
from credtui.ui.messages import ApiCallFailed
from credtui.ui.rows import attachment_label, type_label
from credtui.ui.screens.base import TenantScreen
from credtui.ui.widgets.keys_footer import KeysFooter
from credtui.ui.widgets.table_layout import Column, Row
from credtui.ui.widgets.timeline import TimelineChart
from credtui.ui.widgets.virtual_table import VirtualTable

COLUMNS = (
    Column("Application", 14, flex=True),
    Column("Credential", 14, flex=True),
    Column("Days left", 11, stateful=True),
    Column("Type", 16, shrink_to=10),
    Column("Attached to", 15, flex=True),
    Column("Shared", 6),
)
FLEX_COLUMNS = tuple(i for i, c in enumerate(COLUMNS) if c.flex)
DAY = 86400


@dataclass(frozen=True)
class Entry:
    """One row's facts: the application, its credential (None: it has none), its finding kinds."""

    app: Application
    cred: Credential | None
    kinds: frozenset[FindingKind]


# Which entries a quick filter keeps, at ``now`` (Credential's own rules decide expiry).
Keep = Callable[[Entry, datetime], bool]


def _within(days: int) -> Keep:
    # Not yet expired (that is the expired filter) and expiring within ``days``.
    def keep(entry: Entry, now: datetime) -> bool:
        cred = entry.cred
        return (
            cred is not None and not cred.is_expired(now) and cred.expires_within(now, days * DAY)
        )

    return keep


def _expired(entry: Entry, now: datetime) -> bool:
    return entry.cred is not None and entry.cred.is_expired(now)


FILTERS: dict[str, tuple[str, Keep]] = {
    "all": ("all credentials", lambda e, n: e.cred is not None),
    "expired": ("expired", _expired),
    "7": ("expiring within 7 days", _within(7)),
    "30": ("expiring within 30 days", _within(30)),
    "90": ("expiring within 90 days", _within(90)),
    "unattached": ("not attached", lambda e, n: FindingKind.UNATTACHED in e.kinds),
    "noauth": (
        "applications that cannot authenticate",
        lambda e, n: FindingKind.CANNOT_AUTHENTICATE in e.kinds,
    ),
}


def days_left(cred: Credential | None, now: datetime) -> str:
    """Whole days until expiry (``-9 expired`` when past, ``never``, or ``—`` for no credential)."""
    if cred is None:
        return "—"
    if cred.expiry_unreadable:
        return "unreadable"
    if cred.expires_at is None:
        return "never"
    days = int((cred.expires_at - now).total_seconds() // DAY)
    return f"{days:,} expired" if cred.is_expired(now) else f"{days:,}"


class OverviewScreen(TenantScreen):
    """Every credential of the active tenant, sorted by expiry, with quick filters."""

    TITLE = "Expiry overview"
    BINDINGS = [
        Binding("1", "show('all')", "All", id="overview-all"),
        Binding("2", "show('expired')", "Expired", id="overview-expired"),
        Binding("3", "show('7')", "≤7d", id="overview-7-days"),
        Binding("4", "show('30')", "≤30d", id="overview-30-days"),
        Binding("5", "show('90')", "≤90d", id="overview-90-days"),
        Binding("6", "show('unattached')", "Unattached", id="overview-unattached"),
        Binding("7", "show('noauth')", "No auth", id="overview-cannot-authenticate"),
        # After the filters, so that at 80 columns the footer still shows every filter.
        Binding("r", "refresh", "Re-sweep", id="refresh"),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = "all"
        self.span: Span | None = None
        """The stretch picked on the timeline (None: every expiry)."""
        self.sweeping = False
        self._entries: dict[str, Entry] = {}
        self._rows: dict[str, Row] = {}
        self._order: list[tuple[tuple[object, ...], str]] = []
        self._owners: dict[str, set[str]] = {}
        """Key id -> client ids of the applications using it."""
        self._holders: dict[str, list[str]] = {}
        """Key id -> row keys of the credentials with it."""
        self._absorbed: set[str] = set()
        self._names: dict[str, str] = {}
        """Client id -> application name, for naming who shares a key."""
        self._progress = ""
        self._waiting = ""
        self._errors = 0
        self._flush_pending = False
        self._stop_watching: Callable[[], None] | None = None
        self._sweep: Sweep | None = None
        """The sweep the rows come from (reading, or the app's finished one)."""
        self._revision = 0
        """The sweep's revision the rows show."""
        self._counted: tuple[object, ...] = ()
        """What the timeline was counted from (the sweep, its revision, the rows, the minute)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="overview-status", markup=False)
        yield TimelineChart(self.tui.now(), id="overview-timeline")
        yield VirtualTable(COLUMNS, id="overview-table", empty_text="Nothing yet")
        yield Static("", id="overview-detail", markup=False)
        # q, p and the palette still work and ? lists them: below 132 columns the footer
        # keeps the filters, Re-sweep, Back and Help whole instead of cutting them; below
        # 96 Open and Re-sweep go too (enter and r still work), so that every filter,
        # Back and Help stay whole at 80.
        yield KeysFooter(minor=("q", "p"), wide=132, spare=("enter", "r"), tight=96)

    def on_mount(self) -> None:
        self.query_one(VirtualTable).focus()
        self._stop_watching = self.client.observe_waits(self._wait_changed)
        cached = self.tui.sweeps.get(self.tui.profile_name or "")
        if cached is None:
            self.load_sweep()
        else:
            self._absorb(cached)
            self._progress = f"{len(cached.applications):,} applications read"
            self._flush()

    def on_screen_resume(self) -> None:
        # Back from an application opened here: a change made there is in the sweep now.
        if self._sweep is not None and self._sweep.revision != self._revision:
            self._absorb(self._sweep)
            self._flush()

    def on_unmount(self) -> None:
        if self._stop_watching is not None:
            self._stop_watching()

    def _wait_changed(self, reason: WaitReason, seconds: float) -> None:
        self._waiting = reason.describe(seconds)
        self._update_status()

    # -- the sweep ------------------------------------------------------------------

    @work(group="overview", exclusive=True, exit_on_error=False, description="sweep the tenant")
    async def load_sweep(self) -> None:
        self._reset()
        self.sweeping = True
        self._progress = "Listing applications…"
        self._flush()
        sweep = Sweep()
        profile = self.tui.profile_name or ""
        self.tui.sweeps_reading[profile] = sweep  # changes made meanwhile reach it too
        started: list[float] = []  # when the listing ended: the reading rate counts from there

        def progress(p: SweepProgress) -> None:
            # Runs on the event loop between requests: cheap, and the table redraws later.
            total = f"{p.applications:,}" if p.listing_done else f"{p.applications:,}+"
            self._progress = f"Sweeping: read {p.credentials_read:,} of {total} applications"
            if p.listing_done and not started:
                started.append(time.monotonic())
            elif p.credentials_read and started:
                rate = p.credentials_read / max(time.monotonic() - started[0], 1e-3)
                left = (p.applications - p.credentials_read) / rate
                self._progress += f", about {left:,.0f} s left"
            self._absorb(sweep)
            self._schedule_flush()

        try:
            await sweep_tenant(self.client, on_progress=progress, into=sweep)
        except CredtuiError as exc:
            self.sweeping = False
            self._progress = "The sweep stopped (the message says why). Press r to retry."
            self._flush()
            self.post_message(ApiCallFailed("sweep the tenant", exc))
            return
        finally:  # finished, failed or cancelled (escape, r): half a sweep is not kept
            if self.tui.sweeps_reading.get(profile) is sweep:
                del self.tui.sweeps_reading[profile]
        self.sweeping = False
        self.tui.sweeps[profile] = sweep
        self._absorb(sweep)
        self._progress = f"{len(sweep.applications):,} applications read"
        self._flush()

    def _reset(self) -> None:
        for store in (self._entries, self._rows, self._owners, self._holders):
            store.clear()
        self._order.clear()
        self._absorbed.clear()
        self._names.clear()
        self._errors = 0

    def _absorb(self, sweep: Sweep) -> None:
        """Turn the applications read since the last call into rows (all of them again
        when the sweep changed otherwise: an application read anew, or forgotten)."""
        if sweep is not self._sweep or sweep.revision != self._revision:
            self._reset()
            self._sweep, self._revision = sweep, sweep.revision
        apps = {a.client_id: a for a in sweep.applications}
        for client_id in [c for c in sweep.credentials if c not in self._absorbed]:
            self._absorbed.add(client_id)
            self._add_application(apps[client_id], sweep.credentials[client_id])
        self._errors = len(sweep.errors)

    def _add_application(self, app: Application, creds: tuple[Credential, ...]) -> None:
        self._names[app.client_id] = app.name
        findings = find_problems(app, creds, self.tui.now(), timedelta(0))
        app_kinds = {f.kind for f in findings if f.credential_id is None}
        entries = [
            (
                f"{app.client_id}/{cred.id}",
                Entry(
                    app,
                    cred,
                    frozenset(app_kinds | {f.kind for f in findings if f.credential_id == cred.id}),
                ),
            )
            for cred in creds
        ]
        if not creds and app_kinds:
            # No credential at all, yet the method needs one: a row for the cannot-authenticate view.
            entries.append((f"{app.client_id}/", Entry(app, None, frozenset(app_kinds))))
        stale: set[str] = set()
        for key, entry in entries:
            self._entries[key] = entry
            if entry.cred is not None:
                for kid in key_ids(entry.cred):
                    owners = self._owners.setdefault(kid, set())
                    owners.add(app.client_id)
                    holders = self._holders.setdefault(kid, [])
                    holders.append(key)
                    if len(owners) > 1:
                        stale.update(holders)
            bisect.insort(self._order, (self._sort_key(entry, key), key))
        for key in stale | {k for k, _ in entries}:
            self._rows[key] = self._row(key, self._entries[key])

    @staticmethod
    def _sort_key(entry: Entry, key: str) -> tuple[object, ...]:
        expires = entry.cred.expires_at if entry.cred else None
        return (
            entry.cred is None,
            expires is None,
            expires.timestamp() if expires else 0.0,
            entry.app.name.casefold(),
            key,
        )

    def sharers(self, key: str) -> list[str]:
        """Names of the other applications using the same key as the row ``key``."""
        entry = self._entries[key]
        if entry.cred is None:
            return []
        others = {o for kid in key_ids(entry.cred) for o in self._owners.get(kid, ())}
        others.discard(entry.app.client_id)
        return sorted(self._names.get(o, o) for o in others)

    def _row(self, key: str, entry: Entry) -> Row:
        cred, app = entry.cred, entry.app
        if cred is None:
            blank = (Text("—"), Text("—"), Text("—"), Text(""))
            return Row(key, (Text(app.name), Text("(no credential)"), *blank), "expired")
        now = self.tui.now()
        state = expiry_state(cred.expires_at, now, unreadable=cred.expiry_unreadable)
        shared = any(len(self._owners.get(k, ())) > 1 for k in key_ids(cred))
        cells = (
            Text(app.name),
            Text(cred.display_name),
            Text(days_left(cred, now)),
            Text(type_label(cred)),
            Text(attachment_label(app, cred)),
            Text("shared" if shared else ""),
        )
        flagged = state in (ExpiryState.EXPIRED, ExpiryState.EXPIRING, ExpiryState.UNREADABLE)
        return Row(key, cells, state.value if flagged else None)

    # -- showing --------------------------------------------------------------------

    def _schedule_flush(self) -> None:
        # Many applications can arrive in a second: redraw at most ten times a second.
        if not self._flush_pending:
            self._flush_pending = True
            self.set_timer(0.1, self._flush)

    def _flush(self) -> None:
        self._flush_pending = False
        keep = FILTERS[self.filter][1]
        now = self.tui.now()
        span = self.span
        rows = [
            self._rows[k]
            for _, k in self._order
            if keep(self._entries[k], now) and (span is None or self._in_span(k, span, now))
        ]
        minute = now.replace(second=0, microsecond=0)
        counted = (id(self._sweep), self._revision, len(self._entries), minute)
        if counted != self._counted:  # not again for a filter key: the rows are the same
            self._counted = counted
            creds = (e.cred for e in self._entries.values() if e.cred is not None)
            self.query_one(TimelineChart).set_timeline(count_expiries(creds, now))
        table = self.query_one(VirtualTable)
        table.empty_text = "Reading the tenant…" if self.sweeping else "No credential matches"
        table.set_rows(rows)
        # Names and attachments take the room they need, no more: at 200 columns the
        # attachment is whole instead of the names taking every spare cell.
        for column in FLEX_COLUMNS:
            table.want_width(column, max((len(str(r.values[column])) for r in rows), default=0))
        self._update_status()
        self._update_detail(table.cursor_key)

    def _in_span(self, key: str, span: Span, now: datetime) -> bool:
        cred = self._entries[key].cred
        return cred is not None and span.holds(cred, now)

    def _update_status(self) -> None:
        shown = self.query_one(VirtualTable).row_count
        what = FILTERS[self.filter][0]
        if self.span is not None:
            what = (
                self.span.describe() if self.filter == "all" else f"{what}, {self.span.describe()}"
            )
        parts = [self._progress, f"showing {what}: {shown:,}"]
        if self.span is not None:
            parts.append("esc clears")
        if self._errors:
            parts.append(f"{self._errors:,} applications could not be read (r retries)")
        if self._waiting:
            parts.append(self._waiting)
        self.query_one("#overview-status", Static).update(" · ".join(p for p in parts if p))

    @on(VirtualTable.Highlighted, "#overview-table")
    def _highlighted(self, message: VirtualTable.Highlighted) -> None:
        self._update_detail(message.key)

    @on(TimelineChart.Picked, "#overview-timeline")
    def _picked(self, message: TimelineChart.Picked) -> None:
        self.span = message.span
        self._flush()

    @on(TimelineChart.Highlighted, "#overview-timeline")
    def _chart_highlighted(self, message: TimelineChart.Highlighted) -> None:
        self.query_one("#overview-detail", Static).update(message.text)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, VirtualTable):
            self._update_detail(event.widget.cursor_key)

    def _update_detail(self, key: str | None) -> None:
        if self.query_one(TimelineChart).has_focus:
            return  # the line speaks of the timeline's cursor
        text = ""
        if key is not None and key in self._entries:
            sharers = self.sharers(key)
            if sharers:
                text = f"Shared key: also used by {', '.join(sharers)}"
        self.query_one("#overview-detail", Static).update(text)

    # -- actions --------------------------------------------------------------------

    def action_show(self, name: str) -> None:
        """Switch the quick filter."""
        self.filter = name
        self._flush()

    def action_refresh(self) -> None:
        self.tui.sweeps.pop(self.tui.profile_name or "", None)
        self.load_sweep()

    def action_back(self) -> None:
        if self.span is not None:  # the timeline's pick first, as the list's filter
            self.span = None
            self.query_one(TimelineChart).pick(None)
            self._flush()
            return
        self.dismiss()

    @on(VirtualTable.Selected, "#overview-table")
    def _open(self, message: VirtualTable.Selected) -> None:
        entry = self._entries.get(message.key)
        if entry is not None:
            self.tui.open_application(entry.app)

    @on(ApiCallFailed)
    def _failed_call(self, message: ApiCallFailed) -> None:
        self.tui.report_failure(message.action, message.error)
