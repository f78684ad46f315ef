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
