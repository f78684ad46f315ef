"""The command palette: one Help (no Textual "Keys" beside it), Refresh wherever r works."""

from __future__ import annotations

from textual.app import SystemCommand

from credtui.emulator.app import Emulator
from credtui.ui.app import CredtuiApp
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.overview import OverviewScreen
from credtui.ui.screens.profiles import ProfilesScreen
from tests.ui.scenarios import (
    make_app,
    open_application,
    snapshot_tenant,
    wait_until,
)


def commands(app: CredtuiApp) -> dict[str, list[SystemCommand]]:
    found: dict[str, list[SystemCommand]] = {}
    for command in app.get_system_commands(app.screen):
        found.setdefault(command.title, []).append(command)
    return found


def gets(emu: Emulator) -> int:
    return sum(1 for e in emu.log.entries() if e.method == "GET")


async def test_one_help_and_a_refresh_on_every_screen_where_r_refreshes() -> None:
    emu = snapshot_tenant()
    app = make_app({"acme-prod": emu})
    async with app.run_test(size=(120, 36)) as pilot:
        await open_application(pilot, "Payments API")
        assert isinstance(app.screen, ApplicationScreen)
        found = commands(app)
        assert "Keys" not in found and len(found["Help"]) == 1
        assert [c.help for c in found["Refresh"]] == ["Refresh from the tenant (r)"]
        # The palette's Refresh reads the application again, as r does.
        before = gets(emu)
        app.screen.fresh = False
        app.call_later(found["Refresh"][0].callback)
        await wait_until(pilot, lambda: app.screen.fresh and gets(emu) > before)  # type: ignore[attr-defined]

        await pilot.press("escape")
        await wait_until(pilot, lambda: "Refresh" in commands(app) and "Filter" in commands(app))
        assert [c.help for c in commands(app)["Refresh"]] == ["Refresh from the tenant (r)"]

        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        assert [c.help for c in commands(app)["Refresh"]] == ["Re-sweep from the tenant (r)"]

        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        found = commands(app)
        assert "Refresh" not in found and "Keys" not in found and len(found["Help"]) == 1


async def test_help_lists_each_binding_once_with_all_its_keys() -> None:
    from textual.widgets import DataTable

    from credtui.ui.screens.help import HelpScreen
    from tests.ui.scenarios import list_loaded

    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        table = app.screen.query_one("#help-keys", DataTable)
        rows = [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        assert ("↑ k", "Up", "cursor-up") in rows
        assert ("r", "Refresh", "refresh") in rows and ("?", "Help", "help") in rows
        said = [(action, binding_id) for _, action, binding_id in rows]
        assert len(said) == len(set(said)), "a binding listed twice"
        assert not any(
            action in ("Keys", "Help") for action, _ in said[said.index(("Help", "help")) + 1 :]
        )
        # Textual's own moving and scrolling keys come after credtui's, under a heading.
        heading = said.index(("Moving and scrolling", ""))
        assert all(binding_id for _, binding_id in said[:heading])
        assert not any(binding_id for _, binding_id in said[heading + 1 :])
