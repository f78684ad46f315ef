"""The applications list as a new user finds it: columns at every size, errors that stay,
honest expiry, loading, sorting and quick filters. Assertions read the rendered screen."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import pytest

from credtui.config import Config, Profile
from credtui.emulator.app import Emulator
from credtui.emulator.seed import seed_generated
from credtui.ui.app import CredtuiApp
from credtui.ui.screens.applications import ApplicationsScreen
from credtui.ui.screens.help import HelpScreen
from credtui.ui.widgets.virtual_table import VirtualTable
from tests.ui.scenarios import (
    BASE_URL,
    DAY,
    FIXED_NOW,
    Routed,
    _pk,
    list_loaded,
    make_app,
    screen_lines,
    snapshot_tenant,
    wait_until,
)


def row_line(app: CredtuiApp, name: str) -> str:
    """The rendered line of the application ``name`` (its first 16 characters identify it)."""
    found = [line for line in screen_lines(app) if line.startswith(" " + name[:16])]
    assert len(found) == 1, (name, screen_lines(app))
    return found[0]


def status(app: CredtuiApp) -> str:
    return str(app.screen.query_one("#apps-status").render())


def table(app: CredtuiApp) -> VirtualTable:
    return app.screen.query_one("#apps-table", VirtualTable)


def names(app: CredtuiApp) -> list[str]:
    return [str(row.values[0]) for row in table(app).rows]


def credentials_read(app: CredtuiApp) -> bool:
    return list_loaded(app) and all(row.values[4] != "…" for row in table(app).rows)


# -- columns ----------------------------------------------------------------------------

EXPIRY_FORMS = re.compile(
    r"^(in \d+ \w+|(expired )?\d+ \w+ ago|cannot authenticate|cannot auth|never|not attached"
    r"|unattached|—|…)$"
)


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (200, 50)])
async def test_columns_give_names_room_and_cut_no_date_mid_word(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: credentials_read(app))
        await pilot.pause()
        lines = screen_lines(app)
        header = next(line for line in lines if line.startswith(" Name "))
        # Every header shown is whole; Type is the one column that gives way at 80.
        shown = ["Name", "Method", "JAR", "Creds", "Nearest expiry", "Client ID"]
        for label in shown + ([] if size[0] == 80 else ["Type"]):
            assert re.search(rf"\b{re.escape(label)}\b", header), (label, header)
        if size[0] == 80:
            assert "Type" not in header
        # Names come first: every name here fits from 120 columns up, whole.
        if size[0] >= 120:
            assert row_line(app, "credtui Management API (emulator)")
            assert row_line(app, "Treasury Gateway (mTLS)")
        else:
            assert row_line(app, "Nightly Batch (legacy)")
        # Client ID gives way before a name is cut; it keeps at least 11 characters and "…".
        client_id = header.index("Client ID")
        line = row_line(app, "Payments API")
        cid = line[client_id:].split()[0]
        assert len(cid) >= 12
        if size[0] == 200:
            assert "…" not in cid  # room enough for all 32
            # And the columns sit beside the names, not across the screen.
            assert header.index("Type") <= len("credtui Management API (emulator)") + 3
        # The expiry column holds whole words only, at every size.
        start = header.index("Nearest expiry")
        end = client_id
        for row in table(app).rows:
            cell = row_line(app, str(row.values[0]))[start:end].strip()
            assert EXPIRY_FORMS.match(cell), (cell, size)
        # The footer is readable: the list's own keys and help are all there.
        footer = lines[-1]
        for key in ("Open", "/ Filter", "s Sort", "r Refresh", "? Help"):
            assert key in footer, footer


# -- honest expiry ------------------------------------------------------------------------


def honest_tenant() -> Emulator:
    emu = snapshot_tenant()
    # A client-secret application whose only keys are not attached: nothing to alarm about.
    emu.create_application(
        "Secret With Old Keys",
        method="client_secret_post",
        unattached=[
            _pk("old-a", "tf_rotation_credentials_3_cert.pem", FIXED_NOW - 60 * DAY),
            _pk("old-b", "tf_rotation_credentials_4_cert.pem", FIXED_NOW - 30 * DAY),
        ],
    )
    # Two attached keys, one expired: an alarm, yet it can still authenticate.
    emu.create_application(
        "Half Rotated",
        method="private_key_jwt",
        credentials=[
            _pk("gone", "tf_credentials_1_cert.pem", FIXED_NOW - 3 * DAY),
            _pk("live", "tf_credentials_2_cert.pem", FIXED_NOW + 90 * DAY),
        ],
    )
    return emu


async def test_nearest_expiry_counts_only_credentials_that_authenticate() -> None:
    app = make_app({"acme-prod": honest_tenant()})
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: credentials_read(app) and len(names(app)) == 11)
        await pilot.pause()
        rows = {str(r.values[0]): r for r in table(app).rows}
        # Unattached keys never raise the row's alarm: dimmed, in words.
        assert "not attached" in row_line(app, "Secret With Old Keys")
        assert "expired" not in row_line(app, "Secret With Old Keys")
        assert rows["Secret With Old Keys"].state == "muted"
        # Billing Reconciler's expired key is not attached: its nearest is its live key.
        assert "in 6 months" in row_line(app, "Billing Reconciler")
        assert rows["Billing Reconciler"].state is None
        # Ledger Export's only attached key expired: it cannot authenticate, and says so.
        assert "cannot authenticate" in row_line(app, "Ledger Export")
        assert rows["Ledger Export"].state == "expired"
        # One of two attached keys expired: red, with when; not "cannot authenticate".
        assert "expired 3 days ago" in row_line(app, "Half Rotated")
        assert rows["Half Rotated"].state == "expired"


# -- errors that stay ------------------------------------------------------------------


async def test_the_reason_stays_in_the_status_line_until_the_next_success() -> None:
    emu = snapshot_tenant()
    emu.faults.add(method="GET", path="/api/v2/clients", status=403, times=1)
    app = make_app({"acme-prod": emu})
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "retry" in status(app))
        app.clear_notifications()  # the toast has timed out
        await pilot.pause()
        text = " ".join(screen_lines(app))
        assert "Could not load applications:" in text
        assert "403" in status(app) or "scope" in status(app).lower(), status(app)
        assert "Press r to retry." in text
        assert "Could not load applications." in text  # where the rows would be
        await pilot.press("r")
        await wait_until(pilot, lambda: list_loaded(app))
        assert "Could not" not in " ".join(screen_lines(app))
        assert status(app).startswith("9 applications")


@pytest.mark.slow
async def test_an_unreachable_tenant_is_named_after_the_toast_is_gone() -> None:
    config = Config().with_profile(
        Profile(name="gone", domain="http://127.0.0.1:9", client_id="x", client_secret="s3cr3t-1")
    )
    app = make_app({}, config=config, transport=Routed({}))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "retry" in status(app))
        app.clear_notifications()
        await pilot.pause()
        text = " ".join(screen_lines(app))
        assert "could not reach the tenant at http://127.0.0.1:9" in text.lower()
        assert "s3cr3t" not in text


# -- loading ------------------------------------------------------------------------------


async def test_first_load_says_loading_then_counts_pages() -> None:
    emu = Emulator(rng_seed=3)
    seed_generated(emu, 150)  # two pages
    # Each page is held by the tenant until the test has looked at the screen.
    first = emu.faults.add(method="GET", path="/api/v2/clients", hold=True)
    second = emu.faults.add(method="GET", path="/api/v2/clients", hold=True)
    app = make_app({"big": emu})
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationsScreen))
        await wait_until(pilot, lambda: first.hits == 1)  # the first page asked for, held
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "Loading…" in text
        assert "No applications" not in text
        screen = app.screen
        assert isinstance(screen, ApplicationsScreen)
        first.release()
        await wait_until(pilot, lambda: table(app).row_count > 0)
        assert screen.loading_pages
        assert "Loading… 100 applications so far (1 page)" in status(app), status(app)
        second.release()
        await wait_until(pilot, lambda: not screen.loading_pages)
        assert status(app).startswith("151 applications")


async def test_refresh_keeps_what_was_read_until_new_answers_arrive() -> None:
    emu = snapshot_tenant()
    app = make_app({"acme-prod": emu})
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: credentials_read(app))
        before = {str(r.values[0]): (r.values[4], r.values[5]) for r in table(app).rows}
        # Every credentials read is held now: the list comes back before they do.
        emu.faults.add(method="GET", path="/api/v2/clients/*/credentials", hold=True, times=30)
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, ApplicationsScreen)
        await wait_until(pilot, lambda: not screen.loading_pages)
        await pilot.pause()
        assert not app.credentials  # nothing read again yet
        after = {str(r.values[0]): (r.values[4], r.values[5]) for r in table(app).rows}
        assert after == before
        header = next(line for line in screen_lines(app) if line.startswith(" Name "))
        creds = row_line(app, "Payments API")[header.index("Creds") : header.index("Client ID")]
        assert creds.split() == ["2", "in", "12", "days"]


# -- sorting and quick filters ---------------------------------------------------------


async def test_sort_cycles_by_name_expiry_method_and_back() -> None:
    app = make_app({"acme-prod": honest_tenant()})
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: credentials_read(app) and len(names(app)) == 11)
        listed = names(app)
        await pilot.press("s")
        assert names(app) == sorted(listed, key=str.casefold)
        assert "sorted by name" in status(app)
        await pilot.press("s")
        await wait_until(pilot, lambda: "credentials read" not in status(app))
        assert "sorted by nearest expiry" in status(app)
        order = names(app)
        # Those that cannot authenticate first, then soonest first; no date after "never".
        assert order[0] == "Ledger Export"
        assert order[1:5] == [
            "Half Rotated",
            "Payments API",
            "Partner Portal",
            "Billing Reconciler",
        ]
        assert order.index("Thermostat Fleet") < order.index("Treasury Gateway (mTLS)")
        await pilot.press("s")
        assert "sorted by method" in status(app)
        methods = [str(r.values[2]) for r in table(app).rows]
        assert methods == sorted(methods)
        await pilot.press("s")
        assert names(app) == listed
        assert "sorted" not in status(app)


class HeldCredentials(Routed):
    """The tenant, except that credentials are answered only once ``release`` is set."""

    def __init__(self, tenants: dict[str, Emulator]) -> None:
        super().__init__(tenants)
        self.release = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/credentials"):
            await self.release.wait()
        return await super().handle_async_request(request)


def credentials_held(app: CredtuiApp) -> bool:
    """Every page is in; no credential is (the tenant holds them back)."""
    screen = app.screen
    return isinstance(screen, ApplicationsScreen) and not screen.loading_pages


async def test_sorted_by_expiry_before_credentials_arrive_each_application_is_one_row() -> None:
    # Rows take their place as their credentials arrive; each moves, none is copied (a
    # row was taken out by a bisection for its old place after it showed its new one,
    # which stepped past it and left it listed twice).
    tenant = honest_tenant()
    held = HeldCredentials({BASE_URL: tenant})
    app = make_app({"acme-prod": tenant}, transport=held)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: credentials_held(app) and len(names(app)) == 11)
        await pilot.press("s", "s")
        assert "sorted by nearest expiry" in status(app)
        held.release.set()
        await wait_until(pilot, lambda: credentials_read(app) and "read for" not in status(app))
        keys = [row.key for row in table(app).rows]
        assert len(keys) == len(set(keys)) == 11, names(app)
        assert names(app)[0] == "Ledger Export"


@pytest.mark.parametrize(
    ("key", "label", "expected"),
    [
        ("2", "expired", {"Ledger Export", "Half Rotated"}),
        ("4", "expiring within 30 days", {"Payments API", "Partner Portal"}),
        ("7", "applications that cannot authenticate", {"Ledger Export"}),
    ],
)
async def test_quick_filters(key: str, label: str, expected: set[str]) -> None:
    app = make_app({"acme-prod": honest_tenant()})
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app) and len(names(app)) == 11)
        await pilot.press(key)
        await wait_until(pilot, lambda: set(names(app)) == expected)
        assert f"showing {label}: {len(expected)}" in status(app)
        for name in expected:
            assert row_line(app, name)
        # With the text filter on top (Down goes from the box into the results), and back.
        await pilot.press("slash", *"ledger", "down")
        await wait_until(pilot, lambda: set(names(app)) == expected & {"Ledger Export"})
        assert table(app).has_focus
        await pilot.press("escape", "1")
        await wait_until(pilot, lambda: len(names(app)) == 11)


async def test_sort_and_quick_filters_are_in_help_with_their_ids() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        keys: Any = app.screen.query_one("#help-keys")
        rows = [[str(c) for c in keys.get_row_at(i)] for i in range(keys.row_count)]
        ids = {r[2]: (r[0], r[1]) for r in rows}
        assert ids["sort"][0] == "s"
        assert ids["list-expired"] == ("2", "Show expired")
        assert ids["list-30-days"][0] == "4"
        assert ids["list-cannot-authenticate"][0] == "7"
        assert ids["list-all"][0] == "1"


# -- 50,000 rows' worth of care, at 2,000 -------------------------------------------------


async def test_rows_are_plain_values_and_each_keystroke_is_one_pass_at_most() -> None:
    emu = Emulator(rng_seed=3)
    seed_generated(emu, 2_000)
    app = make_app({"big": emu})
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(
            pilot, lambda: list_loaded(app) and table(app).row_count == 2_001, timeout=30
        )
        screen = app.screen
        assert isinstance(screen, ApplicationsScreen)
        # Pages and credentials arrived without a single pass over every row.
        assert screen.listing.passes == 0
        # No styled cell is kept: values are strings until a line is drawn.
        assert all(isinstance(v, str) for row in table(app).rows for v in row.values)
        await pilot.press("slash", *"agent")
        assert screen.listing.passes == 5  # one a keystroke

        def matches(text: str) -> bool:
            rows = table(app).rows
            return bool(rows) and all(
                text in f"{r.values[0]} {r.values[6]}".casefold() for r in rows
            )

        assert matches("agent")
        agent = table(app).row_count
        await pilot.press("backspace", "backspace")
        assert screen.listing.passes == 5  # "agen", "age": already known, no pass
        assert matches("age") and table(app).row_count >= agent
