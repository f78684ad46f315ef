"""Issue 22, finding 9: the profiles table keeps "default" whole at 80 columns, and editing
the profile in use renames the title at once. Asserted on the rendered lines."""

from __future__ import annotations

from credtui.ui.screens.profile_form import ProfileFormScreen
from credtui.ui.screens.profiles import ProfilesScreen
from tests.ui.changes_support import app_on
from tests.ui.scenarios import fill, screen_lines, wait_until

SMALL = (80, 24)


async def test_profiles_table_keeps_default_whole_and_the_title_follows_an_edit() -> None:
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        await wait_until(pilot, lambda: app.client is not None)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.pause()
        row = next(line for line in screen_lines(app)[1:] if "acme-prod" in line)
        assert "default" in row.split()
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        await fill(pilot, "name", "acme-main")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.pause()
        assert "acme-main" in screen_lines(app)[0]  # the title, not the old name


async def test_a_toast_leaves_the_detail_pane_readable_at_80x24() -> None:
    """Finding 9: on the application screen a toast does not cover the selected
    credential's detail (the pane that says what a change just did)."""
    from tests.ui.changes_support import open_app, select_row

    app, _ = app_on()
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        screen = await open_app(pilot, "Payments API")
        select_row(screen, "payments-2025-q4")
        await pilot.pause()
        before = [line for line in screen_lines(app) if "Attached to Private Key JWT." in line]
        assert before
        await pilot.press("c")  # "Copied the kid: ...": a toast
        await wait_until(pilot, lambda: any("Copied" in line for line in screen_lines(app)))
        lines = screen_lines(app)
        assert any("Attached to Private Key JWT." in line for line in lines)
        assert any("created " in line and "expires in" in line for line in lines)


WIDE = (120, 36)


async def test_carried_over_at_120_columns() -> None:
    """Finding 11: at 120 columns the credential table keeps its identity column, a
    dialog's footer says "? Help" as the screens do, and the overview's footer is whole."""
    from credtui.ui.screens.expiry import ExpiryScreen
    from credtui.ui.screens.overview import OverviewScreen
    from tests.ui.changes_support import open_app, open_dialog, select_row

    app, _ = app_on()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_app(pilot, "Payments API")
        lines = screen_lines(app)
        assert any("Key ID / thumbprint / subject DN" in line for line in lines)
        assert any("4e7yYf0TKdyTLbVnpq2wLN6mZ8t7eb9UJkMksyHj9iU" in line for line in lines[:16])
        select_row(screen, "payments-2025-q4")
        await open_dialog(pilot, "e", ExpiryScreen)
        app.screen.query_one("#form-cancel").focus()  # a text field takes "?" as typed
        await pilot.pause()
        assert "? Help" in screen_lines(app)[-1] and "Keys" not in screen_lines(app)[-1]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.press("escape")
        await pilot.press("x")
        await wait_until(
            pilot, lambda: isinstance(app.screen, OverviewScreen) and not app.screen.sweeping
        )
        await pilot.pause()
        footer = screen_lines(app)[-1]
        assert footer.rstrip().endswith("? Help"), footer  # whole, nothing cut after it


async def test_escape_in_the_profile_form_asks_before_losing_what_was_typed() -> None:
    """Finding 11: escape in the profile form asks, as every change dialog does."""
    from credtui.ui.screens.confirm import ConfirmScreen

    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        await wait_until(pilot, lambda: app.client is not None)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        await pilot.press("escape")  # nothing typed: closes at once
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        await fill(pilot, "name", "acme-dev")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert any("lose what you typed" in line for line in screen_lines(app))
        await pilot.press("escape")  # no: back to the form, as typed
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        assert app.screen.query_one("#name").value == "acme-dev"  # type: ignore[attr-defined]


def test_the_add_filled_picture_adds_a_key_no_application_holds() -> None:
    """Finding 11: the add-filled snapshot's key is new to the tenant (not Payments API's)."""
    from credtui import keys
    from tests.ui.change_scenarios import fresh_public_key
    from tests.ui.scenarios import snapshot_tenant

    kid = keys.inspect_pem(fresh_public_key()).kid
    held = {
        c.kid
        for client in snapshot_tenant().tenant.iter_clients()
        for c in client.credentials.values()
    }
    assert kid and kid not in held


async def test_a_shared_key_is_flagged_on_its_row() -> None:
    """Finding 11: the shared-key flag is on the credential's row, not only in the detail
    pane (which names the other application when that row is selected)."""
    from tests.ui.changes_support import open_app, select_row

    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_app(pilot, "Payments API")
        select_row(screen, "payments-2025-q4")  # the detail is another key's
        await pilot.pause()
        lines = screen_lines(app)
        shared = next(line for line in lines if line.strip().startswith("payments-2026-q1 "))
        alone = next(line for line in lines if line.strip().startswith("payments-2025-q4 "))
        assert "Shared key" in shared and "Shared" not in alone
        assert not any("also used by" in line for line in lines)


async def test_editing_the_domain_of_the_profile_in_use_renames_the_title() -> None:
    """Finding 9: the title follows an edit of the domain of the profile in use too."""
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        await wait_until(pilot, lambda: app.client is not None)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        await fill(pilot, "domain", "http://127.0.0.1:8799")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.pause()
        assert "127.0.0.1:8799" in screen_lines(app)[0]
        assert "8765" not in screen_lines(app)[0]
