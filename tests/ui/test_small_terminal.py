"""At 80x24: every screen and dialog (but the list, tested with it) fits or scrolls, every
field and button can be reached with tab and is then on screen, footers are not cut, and
the keys left out of a footer are listed by ``?``. Also the application screen's status
line (reading, retrying, stale) and its honest alarm."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Input, Select

from credtui.ui.app import CredtuiApp
from credtui.ui.screens.add_credential import AddCredentialScreen
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.confirm import ConfirmScreen
from credtui.ui.screens.help import HelpScreen
from credtui.ui.screens.profile_form import ProfileFormScreen
from credtui.ui.screens.profiles import ProfilesScreen
from tests.ui.changes_support import app_on, open_app, open_dialog
from tests.ui.scenarios import screen_lines, wait_until

SMALL = (80, 24)


def on_screen(app: CredtuiApp, widget: Widget) -> bool:
    """Whether ``widget`` is drawn entirely inside the terminal and its scrolling parents."""
    region = widget.region
    if not region.area or region.bottom > app.size[1] or region.right > app.size[0]:
        return False
    parent = widget.parent
    while isinstance(parent, Widget):
        if parent.is_scrollable and not parent.content_region.contains_region(region):
            return False
        parent = parent.parent
    return True


def footer_line(app: CredtuiApp) -> str:
    return screen_lines(app)[-1]


async def open_profile_form(pilot: Pilot[None], app: CredtuiApp) -> ProfileFormScreen:
    await wait_until(pilot, lambda: app.client is not None)
    await pilot.press("p")
    await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
    await pilot.press("a")
    await wait_until(
        pilot, lambda: isinstance(app.screen, ProfileFormScreen) and app.screen.focused is not None
    )
    screen = app.screen
    assert isinstance(screen, ProfileFormScreen)
    return screen


@pytest.mark.slow
async def test_profile_form_every_field_and_button_is_reached_by_tab_and_shown() -> None:
    """The longest form (private key: seven fields) walked by tab end to end, each field
    and its label on screen when focused; for every other source, its own field."""
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        form = await open_profile_form(pilot, app)

        def shown() -> list[Widget]:
            return [
                w
                for w in form.query("Input, Select, Button").results(Widget)
                if all(a.display for a in w.ancestors_with_self if isinstance(a, Widget))
            ]

        async def walk(source: str, steps: int) -> list[Widget]:
            form.query_one("#source", Select).value = source
            form.query_one("#name", Input).focus()
            await pilot.pause()
            reached: list[Widget] = []
            for _ in range(steps):
                focused = form.focused
                assert focused is not None
                assert on_screen(app, focused), f"{source}: {focused.id} is out of sight"
                if isinstance(focused, Input | Select):
                    label = focused.parent.children[0]  # type: ignore[union-attr]
                    assert on_screen(app, label), (source, focused.id)
                reached.append(focused)
                await pilot.press("tab")
            return reached

        reached = await walk("private_key", 9)  # seven fields, Save, Cancel
        assert [w.id for w in reached] == [w.id for w in shown()]
        assert reached[-2:] == [form.query_one("#form-save"), form.query_one("#form-cancel")]
        for source, field in (
            ("secret", "client_secret"),
            ("secret_env", "client_secret_env"),
            ("token_env", "token_env"),
        ):
            reached = await walk(source, 5)
            assert field in [w.id for w in reached], source
        assert any("Save" in line and "Cancel" in line for line in screen_lines(app))
        box = form.query_one("#form-box").region
        assert box.bottom <= 23 and box.right <= 80
        assert "^s Save" in footer_line(app) and "esc Cancel" in footer_line(app)


@pytest.mark.slow
async def test_help_fits_scrolls_and_lists_every_key_the_footer_leaves_out() -> None:
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_app(pilot, "Billing Reconciler")
        footer = footer_line(app)
        hidden = {
            b.binding.id
            for b in screen.active_bindings.values()
            if b.binding.id and (not b.binding.show or b.binding.description not in footer)
        }
        # At 80 columns the footer keeps the change keys and leaves out copying and quitting.
        assert {"refresh", "copy", "copy-client-id"} <= hidden
        assert not {"test", "generate", "auth-method"} & hidden
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        box = help_screen.query_one("#help-box").region
        assert box.y >= 0 and box.bottom <= 24 and box.right <= 80
        lines = screen_lines(app)
        assert any("esc closes" in line for line in lines)  # the hint under the table is shown
        table = help_screen.query_one(DataTable)
        ids = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert hidden <= ids
        # The table scrolls: its last row can be brought into view.
        seen: set[str] = set()
        for _ in range(table.row_count):
            seen.update(line for line in screen_lines(app))
            await pilot.press("down")
        text = "\n".join(seen)
        for binding_id in hidden:
            assert binding_id in text, binding_id
        assert "Copy client ID" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert footer_line(app) == footer


async def test_application_screen_shows_whole_names_and_dates_and_a_footer_that_fits() -> None:
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_app(pilot, "Billing Reconciler")
        await pilot.pause()
        lines = screen_lines(app)
        text = "\n".join(lines)
        for name in ("billing-primary", "billing-next (staged)", "billing-old"):
            assert name in text
        assert "expired 40 days ago" in text and "in 18 months" in text
        footer = footer_line(app)
        for key in ("esc Back", "a Add", "e Expiry", "d Delete", "m Method", "g Generate",
                    "t Test", "o Rotate", "? Help"):  # fmt: skip
            assert key in footer, key
        shown = [b for b in screen.active_bindings.values() if b.binding.show]
        for active in shown:
            if active.binding.key in (
                "c",
                "C",
                "q",
            ):  # narrow: left to ? (tests/ui/test_footer_keys)
                continue
            assert active.binding.description in footer, active.binding.description
        # The highlighted credential's identity is in full below the table.
        assert any("Key ID (kid): " in line and "…" not in line for line in lines)


async def test_profiles_footer_fits_80_columns() -> None:
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        await wait_until(pilot, lambda: app.client is not None)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.pause()
        footer = footer_line(app)
        for key in ("Use", "esc Back", "a Add", "e Edit", "d Delete", "s Default", "? Help"):
            assert key in footer, key


@pytest.mark.slow
async def test_question_mark_in_a_dialog_lists_that_dialogs_keys() -> None:
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        await open_app(pilot, "Billing Reconciler")
        dialog = await open_dialog(pilot, "a", AddCredentialScreen)
        dialog.query_one("#kind").focus()
        await pilot.pause()
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = "\n".join(screen_lines(app))
        for words in ("Save", "form-save", "Cancel", "form-cancel"):
            assert words in text, words
        assert "add-credential" not in text  # not the keys of the screen behind
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is dialog)
        # In a text field, ? is just a character.
        await pilot.click("#name")
        await pilot.press("question_mark")
        assert dialog.query_one("#name", Input).value == "?"
        assert app.screen is dialog


@pytest.mark.slow
async def test_escape_asks_before_throwing_typed_input_away_and_no_keeps_it() -> None:
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_app(pilot, "Billing Reconciler")
        dialog = await open_dialog(pilot, "a", AddCredentialScreen)
        await pilot.press(*"typed")
        assert dialog.query_one("#name", Input).value == "typed"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is dialog)
        assert dialog.query_one("#name", Input).value == "typed"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen)
        # Nothing typed: escape closes at once.
        await open_dialog(pilot, "a", AddCredentialScreen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)


async def test_a_failed_refresh_keeps_the_data_marked_stale_with_why_until_the_next_success() -> (
    None
):
    app, emu = app_on()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_app(pilot, "Ledger Export")
        status = screen.query_one("#app-status")
        assert "Up to date: read 2026-11-23 12:00 UTC" in str(status.render())
        # Honest expiry: its only attached key has expired, so it cannot authenticate.
        assert "Cannot authenticate" in "\n".join(screen_lines(app))
        seen: list[str] = []
        emu.faults.add(method="GET", path="/api/v2/clients/*/credentials", status=503, times=10)
        original = screen._show_status

        def spy() -> None:
            original()
            seen.append(str(status.render()))

        screen._show_status = spy  # type: ignore[method-assign]
        await pilot.press("r")
        await wait_until(pilot, lambda: not screen.reading and screen._error != "")
        assert any("retrying 2 of 3" in s for s in seen), seen  # max_retries=2 in app_on
        stale = str(status.render())
        assert stale.startswith("Stale: showing what was read 2026-11-23 12:00 UTC.")
        assert "Could not refresh:" in stale and "Press r to retry." in stale
        assert "ledger-2025" in "\n".join(screen_lines(app))  # the data stays
        emu.faults.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: not screen.reading and not screen._error)
        assert str(status.render()).startswith("Up to date")


async def test_unattached_credentials_are_no_alarm() -> None:
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_app(pilot, "Billing Reconciler")
        states = {r.values[0]: r.state for r in screen.query_one("#creds-table").rows}  # type: ignore[attr-defined]
        assert states["billing-old"] == "muted"  # expired, but attached to nothing
        assert "Cannot authenticate" not in "\n".join(screen_lines(app))
        assert isinstance(screen, ApplicationScreen)
