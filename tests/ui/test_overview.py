"""``x``: the expiry overview across the tenant, driven by keys against the emulator."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import pytest
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets._footer import FooterKey

from credtui.emulator.app import Emulator
from credtui.ui.app import CredtuiApp
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.applications import ApplicationsScreen
from credtui.ui.screens.overview import OverviewScreen
from credtui.ui.widgets.virtual_table import VirtualTable
from tests import keyfactory
from tests.ui.scenarios import (
    DAY,
    FIXED_NOW,
    application_loaded,
    list_loaded,
    make_app,
    screen_lines,
    snapshot_tenant,
    wait_until,
)

CREDENTIALS_PATH = "/api/v2/clients/*/credentials"

# The snapshot tenant, as the overview shows it at FIXED_NOW: expired first, never last.
# Payments API's 2026 key and Partner Portal's JAR key are the same public key.
ALL_ROWS = [
    ("Billing Reconciler", "billing-old", "-40 expired", "Public key", "not attached: authenticates nothing", ""),
    ("Ledger Export", "ledger-2025", "-9 expired", "Public key", "Private Key JWT", ""),
    ("Payments API", "payments-2025-q4", "12", "Public key", "Private Key JWT", ""),
    ("Partner Portal", "partner-jar", "20", "Public key", "JAR", "shared"),
    ("Billing Reconciler", "billing-primary", "200", "Public key", "Private Key JWT", ""),
    ("Payments API", "payments-2026-q1", "365", "Public key", "Private Key JWT", "shared"),
    ("Billing Reconciler", "billing-next (staged)", "565", "Public key", "not attached: authenticates nothing", ""),
    ("Thermostat Fleet", "fleet-cert", "2,362", "Self-signed cert", "mTLS (self-signed)", ""),
    ("Treasury Gateway (mTLS)", "treasury-gateway", "never", "CA subject DN", "mTLS (CA-signed)", ""),
]  # fmt: skip


def _key(name: str, index: int, expires: datetime) -> dict[str, Any]:
    return {
        "credential_type": "public_key",
        "name": name,
        "pem": keyfactory.spki_pem(keyfactory.rsa_key(2048, index)),
        "expires_at": expires.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
    }


def filter_tenant() -> Emulator:
    """The snapshot tenant plus keys due in 3 and 60 days and an application with no key."""
    emu = snapshot_tenant()
    emu.create_application(
        "Rotation Due",
        method="private_key_jwt",
        credentials=[
            _key("due-in-3", 0, FIXED_NOW + 3 * DAY),
            _key("due-in-60", 1, FIXED_NOW + 60 * DAY),
        ],
    )
    emu.create_application("Keyless Worker", method="private_key_jwt")
    return emu


def screen_of(app: CredtuiApp) -> OverviewScreen:
    screen = app.screen
    assert isinstance(screen, OverviewScreen)
    return screen


def cells(app: CredtuiApp) -> list[tuple[str, ...]]:
    return [tuple(c.plain for c in row.cells) for row in app.screen.query_one(VirtualTable).rows]


def status(app: CredtuiApp) -> str:
    return str(app.screen.query_one("#overview-status").render())


def swept(app: CredtuiApp) -> bool:
    screen = app.screen
    return isinstance(screen, OverviewScreen) and not screen.sweeping and screen.filter == "all"


async def open_overview(pilot: Pilot[None]) -> CredtuiApp:
    app: CredtuiApp = pilot.app  # type: ignore[assignment]
    await wait_until(pilot, lambda: list_loaded(app))
    await pilot.press("x")
    await wait_until(pilot, lambda: swept(app) and "applications read" in status(app))
    return app


async def test_every_credential_sorted_by_expiry() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_overview(pilot)
        assert cells(app) == ALL_ROWS
        assert "9 applications read · showing all credentials: 9" in status(app)
        states = [row.state for row in app.screen.query_one(VirtualTable).rows]
        assert states[:4] == ["expired", "expired", "expiring", "expiring"]


async def test_at_200_columns_names_take_what_they_need_and_attachments_are_whole() -> None:
    """The names' columns stop at their widest value; the spare width goes to "Attached to"
    (before, the two name columns took every spare cell and the attachment was cut)."""
    app = make_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await open_overview(pilot)
        lines = screen_lines(app)
        header = next(line for line in lines if line.lstrip().startswith("Application"))
        # "Treasury Gateway (mTLS)" is the widest name: 23 cells and one space.
        assert header.index("Credential") - header.index("Application") == 24
        unattached = [line for line in lines if "billing-old" in line]
        assert len(unattached) == 1
        assert "not attached: authenticates nothing" in unattached[0]


FILTERS = {
    "2": ["billing-old", "ledger-2025"],
    "3": ["due-in-3"],
    "4": ["due-in-3", "payments-2025-q4", "partner-jar"],
    "5": ["due-in-3", "payments-2025-q4", "partner-jar", "due-in-60"],
    "6": ["billing-old", "billing-next (staged)"],
    # Ledger Export's only attached key expired; Keyless Worker has none at all.
    "7": ["ledger-2025", "(no credential)"],
    "1": [r[1] for r in ALL_ROWS[:2]] + ["due-in-3"],
}


@pytest.mark.parametrize("key", list(FILTERS))
async def test_each_quick_filter(key: str) -> None:
    app = make_app({"acme-prod": filter_tenant()})
    async with app.run_test(size=(120, 36)) as pilot:
        await open_overview(pilot)
        assert len(cells(app)) == 11  # the snapshot tenant's 9 and the two due keys
        await pilot.press(key)
        names = [row[1] for row in cells(app)]
        if key == "1":
            assert names[:3] == FILTERS[key] and len(names) == 11
        else:
            assert names == FILTERS[key]
            assert f": {len(names)}" in status(app)


async def test_reopening_sends_nothing_and_r_sweeps_again() -> None:
    emu = snapshot_tenant()
    app = make_app({"acme-prod": emu})
    async with app.run_test(size=(120, 36)) as pilot:
        await open_overview(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationsScreen))
        before = len(emu.log.entries())
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        await pilot.pause()
        assert cells(app) == ALL_ROWS
        assert len(emu.log.entries()) == before
        await pilot.press("r")
        await wait_until(pilot, lambda: len(emu.log.entries()) >= before + 9)
        await wait_until(pilot, lambda: swept(app))
        reads = [e for e in emu.log.entries()[before:] if e.path.endswith("/credentials")]
        assert len(reads) == 9  # one read per application
        assert cells(app) == ALL_ROWS


async def test_usable_while_the_sweep_fills() -> None:
    emu = snapshot_tenant()
    app = make_app({"acme-prod": emu})
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app))
        # The first read is quick and the rest held: progress shows while most is to come.
        emu.faults.add(method="GET", path=CREDENTIALS_PATH, delay_ms=100, times=1)
        rest = emu.faults.add(method="GET", path=CREDENTIALS_PATH, hold=True, times=8)
        await pilot.press("x")
        await wait_until(pilot, lambda: "read 1 of 9 applications, about" in status(app))
        screen = screen_of(app)
        assert screen.sweeping and "s left" in status(app)
        await pilot.press("2")
        assert screen.sweeping and "showing expired" in status(app)
        await pilot.press("down", "up")  # the cursor answers too
        assert screen.sweeping
        rest.release()
        await wait_until(pilot, lambda: not screen.sweeping)
        assert [row[1] for row in cells(app)] == ["billing-old", "ledger-2025"]
        assert "9 applications read" in status(app)


async def test_escape_while_filling_goes_back_and_reopening_sweeps_afresh() -> None:
    emu = snapshot_tenant()
    app = make_app({"acme-prod": emu})
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app))
        # Held by the tenant: no machine finishes the sweep before escape arrives.
        held = emu.faults.add(method="GET", path=CREDENTIALS_PATH, hold=True, times=8)
        await pilot.press("x")
        await wait_until(pilot, lambda: "Sweeping: read" in status(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationsScreen))
        assert app.sweeps == {}  # half a sweep is not kept
        held.release()
        await pilot.press("x")
        await wait_until(pilot, lambda: swept(app) and cells(app) == ALL_ROWS)


async def test_a_key_used_by_two_applications_is_flagged() -> None:
    emu = snapshot_tenant()
    shared = keyfactory.spki_pem(keyfactory.rsa_key(2048, 2))
    for name in ("Alpha Sync", "[b]Beta[/b] Sync"):  # a name with markup shows as typed
        body = {"credential_type": "public_key", "name": f"{name} key", "pem": shared}
        emu.create_application(name, method="private_key_jwt", credentials=[body])
    emu.create_application(
        "Gamma Sync",
        method="private_key_jwt",
        credentials=[_key("gamma key", 3, FIXED_NOW + 9 * DAY)],
    )
    app = make_app({"acme-prod": emu})
    async with app.run_test(size=(120, 36)) as pilot:
        await open_overview(pilot)
        flags = {row[1]: row[5] for row in cells(app)}
        assert flags["Alpha Sync key"] == flags["[b]Beta[/b] Sync key"] == "shared"
        assert flags["gamma key"] == flags["billing-primary"] == ""
        table = app.screen.query_one(VirtualTable)
        table.cursor = [row[1] for row in cells(app)].index("Alpha Sync key")
        detail = app.screen.query_one("#overview-detail")
        await wait_until(pilot, lambda: "Beta" in str(detail.render()))
        assert str(detail.render()) == "Shared key: also used by [b]Beta[/b] Sync"
        table.cursor = [row[1] for row in cells(app)].index("payments-2026-q1")
        await wait_until(pilot, lambda: "Partner Portal" in str(detail.render()))


async def test_enter_opens_the_application() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_overview(pilot)
        await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: application_loaded(app, "Ledger Export"))
        assert isinstance(app.screen, ApplicationScreen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))


async def test_at_80x24_every_header_and_every_filter_key_is_readable() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_overview(pilot)
        table = app.screen.query_one(VirtualTable)
        assert (
            table.virtual_size.width <= table.scrollable_content_region.width
        )  # nothing off-screen
        header = table.render_line(0).text
        for column in ("Application", "Credential", "Days left", "Type", "Attached to", "Shared"):
            assert column in header
        first = table.render_line(1).text
        assert "-40 expired" in first and "Public key" in first
        partner = table.render_line(4).text
        assert "Partner Portal" in partner and "20" in partner and "shared" in partner
        await pilot.pause()
        visible = {
            key.key
            for key in app.screen.query(FooterKey)
            if key.region.width and key.region.right <= 80
        }
        assert set("1234567") <= visible


async def _instant(_seconds: float) -> None:
    await asyncio.sleep(0)


async def test_a_failed_sweep_is_explained_and_r_recovers() -> None:
    emu = snapshot_tenant()
    seen: list[Notify] = []
    app = make_app({"acme-prod": emu}, client_options={"sleep": _instant})
    hook = lambda m: seen.append(m) if isinstance(m, Notify) else None  # noqa: E731
    async with app.run_test(size=(120, 36), message_hook=hook) as pilot:
        await wait_until(pilot, lambda: list_loaded(app))
        emu.faults.add(method="GET", path="/api/v2/clients", status=500, times=100)
        await pilot.press("x")
        await wait_until(pilot, lambda: "Press r to retry" in status(app))
        await wait_until(pilot, lambda: any(n.notification.severity == "error" for n in seen))
        toast = next(n.notification for n in seen if n.notification.severity == "error")
        assert toast.title == "Could not sweep the tenant" and "server error" in toast.message
        assert app.sweeps == {} and cells(app) == []
        emu.faults.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: swept(app) and cells(app) == ALL_ROWS)


async def test_a_credential_deleted_with_d_is_gone_from_the_overview() -> None:
    """The overview read earlier in the session follows a delete made since (finding 10)."""
    from credtui.ui.screens.delete import DeleteScreen
    from tests.ui.changes_support import (
        app_on,
        back_on_application,
        open_app,
        open_dialog,
        rows,
        select_row,
    )

    app, emu = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_overview(pilot)
        assert "billing-old" in [row[1] for row in cells(app)]
        await pilot.press("escape")
        screen = await open_app(pilot, "Billing Reconciler")
        select_row(screen, "billing-old")
        await pilot.pause()
        await open_dialog(pilot, "d", DeleteScreen)
        await pilot.press("ctrl+s")
        await back_on_application(pilot, lambda s: "billing-old" not in rows(s))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationsScreen))
        before = len(emu.log.entries())
        await pilot.press("x")
        await wait_until(pilot, lambda: swept(app))
        await pilot.pause()
        names = [row[1] for row in cells(app)]
        assert "billing-old" not in names
        assert names == [r[1] for r in ALL_ROWS if r[1] != "billing-old"]
        assert "8 credentials" not in status(app) and "could not be read" not in status(app)
        assert len(emu.log.entries()) == before  # from the session's own reads: nothing asked


@pytest.mark.slow
async def test_an_expiry_changed_from_the_overview_shows_on_return() -> None:
    """Enter on a row, change its expiry with e, escape: the overview shows the new date."""
    from credtui.ui.screens.expiry import ExpiryScreen
    from tests.ui.changes_support import (
        app_on,
        back_on_application,
        open_dialog,
        rows,
        select_row,
        set_value,
    )

    app, _ = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_overview(pilot)
        assert ("billing-next (staged)", "565") in [(r[1], r[2]) for r in cells(app)]
        table = app.screen.query_one(VirtualTable)
        table.cursor = [row[1] for row in cells(app)].index("billing-next (staged)")
        await pilot.press("enter")
        await wait_until(pilot, lambda: application_loaded(app, "Billing Reconciler"))
        screen = app.screen
        assert isinstance(screen, ApplicationScreen)
        select_row(screen, "billing-next (staged)")
        await pilot.pause()
        await open_dialog(pilot, "e", ExpiryScreen)
        await set_value(pilot, "#expiry-choice", "+90d")
        await pilot.press("ctrl+s")
        await back_on_application(
            pilot, lambda s: rows(s)["billing-next (staged)"][3].startswith("2027-02-21")
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        await wait_until(
            pilot, lambda: ("billing-next (staged)", "90") in [(r[1], r[2]) for r in cells(app)]
        )
