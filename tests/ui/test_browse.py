"""Pilot flows on the emulator: list, filter, open, back, switch profile, and error paths."""

from __future__ import annotations

import asyncio
import time

import pytest
from textual.notifications import Notify
from textual.widgets import Input

from credtui.config import Config, Profile
from credtui.ui.app import CredtuiApp
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.applications import ApplicationsScreen
from credtui.ui.screens.help import HelpScreen
from credtui.ui.screens.profiles import ProfilesScreen
from credtui.ui.widgets.virtual_table import VirtualTable
from tests.ui.scenarios import (
    BASE_URL,
    FIXED_NOW,
    Routed,
    make_app,
    other_tenant,
    profile_for,
    snapshot_tenant,
    type_keys,
    wait_until,
)


def table(app: CredtuiApp, selector: str = "#apps-table") -> VirtualTable:
    return app.screen.query_one(selector, VirtualTable)


def cells(app: CredtuiApp, selector: str = "#apps-table") -> list[list[str]]:
    return [[c.plain for c in row.cells] for row in table(app, selector).rows]


def names(app: CredtuiApp) -> list[str]:
    return [row[0] for row in cells(app)]


def loaded(app: CredtuiApp) -> bool:
    return (
        isinstance(app.screen, ApplicationsScreen)
        and "applications" in str(app.screen.query_one("#apps-status").render())
        and not str(app.screen.query_one("#apps-status").render()).startswith("Loading")
    )


async def test_walk_list_filter_open_back() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: loaded(app) and len(names(app)) == 9)
        assert "Payments API" in names(app)
        await wait_until(pilot, lambda: {r[0]: r for r in cells(app)}["Payments API"][4] == "2")
        rows = {r[0]: r for r in cells(app)}
        assert rows["Payments API"][2] == "Private Key JWT"
        assert rows["Payments API"][5] == "in 12 days"
        # Its only attached key expired 9 days ago: the cell says what that means.
        assert rows["Ledger Export"][5] == "cannot authenticate"
        assert table(app).rows[names(app).index("Ledger Export")].state == "expired"
        assert rows["Partner Portal"][3] == "yes"
        assert rows["Treasury Gateway (mTLS)"][2] == "mTLS (CA-signed)"

        await pilot.press("slash", *"BILL")
        await wait_until(pilot, lambda: names(app) == ["Billing Reconciler"])
        assert "1 match" in str(app.screen.query_one("#apps-status").render())
        await pilot.press("enter")  # one Enter opens the only match
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationScreen))
        await wait_until(pilot, lambda: len(cells(app, "#creds-table")) == 3)
        creds = {r[0]: r for r in cells(app, "#creds-table")}
        assert creds["billing-primary"][4] == "Private Key JWT"
        assert creds["billing-next (staged)"][4] == "not attached"
        assert creds["billing-old"][3].endswith("expired 40 days ago")
        room = str(app.screen.query_one("#app-room").render())
        assert "Private Key JWT: 1 of 2 attached" in room
        assert "3 of 4 credentials on this application (room for 1 more)" in room
        # The detail pane explains what an unattached credential means.
        await pilot.press("down")
        detail = str(app.screen.query_one("#cred-detail").render())
        assert "authenticates nothing" in detail or "Attached to" in detail

        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationsScreen))
        assert names(app) == ["Billing Reconciler"]
        await pilot.press("escape")
        assert len(names(app)) == 9


@pytest.mark.slow
async def test_application_shows_every_credential_type_and_attachment() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: loaded(app))
        for name, expected in (
            (
                "Treasury Gateway (mTLS)",
                ("CA subject DN", "mTLS (CA-signed)", "C=GB, O=Acme Corp, OU=Treasury"),
            ),
            ("Thermostat Fleet", ("Self-signed cert", "mTLS (self-signed)", "")),
            ("Partner Portal", ("Public key, shared", "JAR", "")),  # Payments API has it too
        ):
            t = table(app)
            t.cursor = names(app).index(name)
            await pilot.press("enter")
            await wait_until(
                pilot,
                lambda: (
                    isinstance(app.screen, ApplicationScreen)
                    and table(app, "#creds-table").row_count == 1
                ),
            )
            row = cells(app, "#creds-table")[0]
            assert row[1] == expected[0]
            assert row[4] == expected[1]
            assert expected[2] in row[5]
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, ApplicationsScreen))


async def test_switch_profile_shows_the_other_tenant() -> None:
    app = make_app({"acme-prod": snapshot_tenant(), "acme-staging": other_tenant()})
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: loaded(app) and len(names(app)) == 9)
        assert app.sub_title == f"acme-prod ({BASE_URL})"
        # The header as seen: title and profile joined by a middle dot, no icon glyph.
        header = app.screen._compositor.render_strips()[0].text
        assert header.split() == ["Applications", "·", "acme-prod", f"({BASE_URL})"], header
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: loaded(app) and "Staging Orders Service" in names(app))
        assert "Payments API" not in names(app)
        assert len(names(app)) == 3  # two applications and the management client
        assert app.sub_title.startswith("acme-staging (")
        assert app.profile_name == "acme-staging"


async def test_help_lists_the_keys_of_the_screen() -> None:
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: loaded(app))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        keys = app.screen.query_one("#help-keys")
        rows = [[str(c) for c in keys.get_row_at(i)] for i in range(keys.row_count)]  # type: ignore[attr-defined]
        actions = {r[1] for r in rows}
        assert {"Filter", "Refresh", "Quit", "Help", "Profiles", "Open"} <= actions
        ids = {r[2] for r in rows}
        assert {"filter", "refresh", "profiles"} <= ids
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationsScreen))


async def test_remapped_key_from_config_works() -> None:
    emu = snapshot_tenant()
    config = Config(keys={"filter": "f"}).with_profile(profile_for("acme-prod", emu, BASE_URL))
    app = make_app({"acme-prod": emu}, config=config)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: loaded(app))
        await pilot.press("f", *"ledger")
        await wait_until(pilot, lambda: names(app) == ["Ledger Export"])


@pytest.mark.slow
async def test_tenant_unreachable_is_a_toast_and_the_app_stays_usable() -> None:
    config = Config().with_profile(
        Profile(
            name="gone",
            domain="http://127.0.0.1:9",
            client_id="x",
            client_secret="s3cr3t-value-123",
        )
    )
    seen: list[Notify] = []
    app = make_app({}, config=config, transport=Routed({}))  # nothing listens there
    async with app.run_test(
        size=(120, 36), message_hook=lambda m: seen.append(m) if isinstance(m, Notify) else None
    ) as pilot:
        await wait_until(pilot, lambda: any(n.notification.severity == "error" for n in seen))
        message = next(n.notification for n in seen if n.notification.severity == "error")
        assert "could not reach the tenant at http://127.0.0.1:9" in message.message.lower()
        assert "s3cr3t" not in message.message
        status = str(app.screen.query_one("#apps-status").render())
        assert "Press r to retry" in status
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_missing_scope_names_the_scope() -> None:
    emu = snapshot_tenant()
    # Can list applications with their auth settings, cannot read credentials.
    limited = emu.create_management_app(["read:clients", "read:client_keys"], name="limited")
    config = Config().with_profile(
        Profile(
            name="limited",
            domain=BASE_URL,
            client_id=limited.client_id,
            client_secret=limited.client_secret,
        )
    )
    seen: list[Notify] = []
    app = make_app({"limited": emu}, config=config)
    async with app.run_test(
        size=(120, 36), message_hook=lambda m: seen.append(m) if isinstance(m, Notify) else None
    ) as pilot:
        await wait_until(pilot, lambda: any(n.notification.severity == "error" for n in seen))
        message = next(n.notification for n in seen if n.notification.severity == "error").message
        assert "read:client_credentials" in message, message
        # The list still loaded, and keys still work.
        await wait_until(pilot, lambda: len(names(app)) == 10)
        await pilot.press("slash", *"pay")
        await wait_until(pilot, lambda: names(app) == ["Payments API"])


@pytest.mark.parametrize("size", [(100, 30), (200, 50)])
async def test_columns_fit_small_and_large_terminals(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: loaded(app))
        t = table(app)
        widths = t._widths
        assert sum(w + 1 for w in widths) <= size[0] - 1
        labels = [c.label for c in t.columns]
        # Every header is readable in full.
        for label, width in zip(labels, widths, strict=True):
            assert len(label) <= width or label == "Client ID", (label, width)
        assert widths[0] >= 16


@pytest.mark.slow
async def test_rate_limit_storm_keeps_the_app_responsive() -> None:
    emu = snapshot_tenant()
    # Every credentials listing answers 429 for a while.
    emu.faults.add(method="GET", path="/api/v2/clients/*/credentials", status=429, times=60)
    seen: list[Notify] = []
    # The client's back-off takes real time here: the storm must last while keys are typed.
    app = make_app({"acme-prod": emu}, client_options={"sleep": asyncio.sleep})
    async with app.run_test(
        size=(120, 36), message_hook=lambda m: seen.append(m) if isinstance(m, Notify) else None
    ) as pilot:
        await wait_until(pilot, lambda: loaded(app) and len(names(app)) == 9)
        # Mid-storm, the keyboard still answers at once.
        started = time.monotonic()
        await pilot.press("slash", *"ledger")
        # The storm lasts longer than this bound (its error toast comes after about 4 s
        # here, up to 20 s on a loaded machine); the bound leaves room for a loaded CI.
        await wait_until(pilot, lambda: names(app) == ["Ledger Export"], timeout=3.0)
        assert time.monotonic() - started < 3.0
        assert not any(n.notification.severity == "error" for n in seen)  # still storming
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(names(app)) == 9)
        # The storm is reported in words, and the tenant did see the 429s.
        await wait_until(
            pilot, lambda: any(n.notification.severity == "error" for n in seen), timeout=20
        )
        message = next(n.notification for n in seen if n.notification.severity == "error").message
        assert "rate limit" in message.lower(), message
        assert sum(1 for e in emu.log.entries() if e.status == 429) >= 10
        # r retries once the storm has passed.
        emu.faults.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: loaded(app) and cells(app)[1][4] == "2", timeout=10)


async def test_command_palette_opens_an_application_by_name() -> None:
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: loaded(app) and len(names(app)) == 9)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"ledger")
        await wait_until(
            pilot,
            lambda: (
                "Open application: Ledger Export"
                in str(app.screen.query_one("CommandList").get_option_at_index(0).prompt)  # type: ignore[attr-defined]
                if app.screen.query("CommandList")
                and app.screen.query_one("CommandList").option_count  # type: ignore[attr-defined]
                else False
            ),
        )
        await pilot.press("down", "enter")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, ApplicationScreen)
                and app.screen.application.name == "Ledger Export"
            ),
        )


@pytest.mark.slow
async def test_command_palette_switches_profile() -> None:
    from textual.command import CommandList, CommandPalette

    app = make_app({"acme-prod": snapshot_tenant(), "acme-staging": other_tenant()})
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: loaded(app) and len(names(app)) == 9)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await type_keys(pilot, *"switch to profile: acme-staging")
        await wait_until(
            pilot,
            lambda: (
                bool(app.screen.query("CommandList"))
                and app.screen.query_one("CommandList", CommandList).option_count > 0
            ),
        )
        await pilot.press("down", "enter")
        await wait_until(
            pilot,
            lambda: (
                app.profile_name == "acme-staging"
                and loaded(app)
                and "Staging Orders Service" in names(app)
            ),
        )


@pytest.mark.slow
async def test_walk_the_demo_tenant() -> None:
    """The tenant `credtui demo` serves: start, list, filter, open, attachments, back."""
    from credtui.emulator.app import Emulator
    from credtui.emulator.clock import TenantClock
    from credtui.emulator.seed import seed_demo

    # The demo's dates are relative to its clock; the app's clock is FIXED_NOW.
    emu = Emulator(clock=TenantClock(frozen_at=FIXED_NOW))
    seed_demo(emu)
    app = make_app({"demo": emu})
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: loaded(app) and len(names(app)) == 13)
        await wait_until(pilot, lambda: all(r[4] != "…" for r in cells(app)))
        rows = {r[0]: r for r in cells(app)}
        assert rows["Fraud Scoring Service"][4] == "2"  # two credentials, neither attached
        assert rows["Ledger Export"][5] == "cannot authenticate"  # its only key expired
        await pilot.press("slash", *"fraud", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationScreen))
        await wait_until(pilot, lambda: table(app, "#creds-table").row_count == 2)
        assert {r[4] for r in cells(app, "#creds-table")} == {"not attached"}
        room = str(app.screen.query_one("#app-room").render())
        assert "2 of 4 credentials" in room
        await pilot.press("escape", "escape")
        await wait_until(
            pilot, lambda: isinstance(app.screen, ApplicationsScreen) and len(names(app)) == 13
        )
        await type_keys(pilot, *"/payments", "enter")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, ApplicationScreen)
                and table(app, "#creds-table").row_count == 2
            ),
        )
        attached = [r[4] for r in cells(app, "#creds-table")]
        assert attached == ["Private Key JWT", "Private Key JWT"]  # two keys mid-rotation


@pytest.mark.slow
async def test_characters_typed_right_after_slash_reach_the_filter() -> None:
    """A fast typist (or a paste): every key is queued before focus moves to the box."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: loaded(app) and len(names(app)) == 9)
        for key, char in (("slash", "/"), ("l", "l"), ("e", "e"), ("d", "d")):
            app.post_message(events.Key(key, char))
        await wait_until(pilot, lambda: names(app) == ["Ledger Export"])
        assert app.screen.query_one("#apps-filter", Input).value == "led"
        # Once the box has focus, keys are typed normally; one Enter opens the match.
        await pilot.press("g")
        assert app.screen.query_one("#apps-filter", Input).value == "ledg"
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, ApplicationScreen)
                and app.screen.application.name == "Ledger Export"
            ),
        )
