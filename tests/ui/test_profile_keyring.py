"""The profile form keeps a client secret in the system keyring (issue 24).

The keyring is the in-memory backend of ``tests/keyring_support.py``. After each
flow the secret is looked for in the config file and on every screen shown: it
is in the keyring and nowhere else.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from credtui.config import Config, load_config
from credtui.ui.app import CredtuiApp
from credtui.ui.screens.confirm import ConfirmScreen
from credtui.ui.screens.profile_form import ProfileFormScreen
from credtui.ui.screens.profiles import ProfilesScreen
from tests.keyring_support import MemoryKeyring, memory_keyring, no_keyring
from tests.ui.scenarios import fill, make_app, wait_until

__all__ = ["memory_keyring", "no_keyring"]  # fixtures

SECRET = "Xq7-keyring-secret-that-must-never-show-0123456789abcdefABCDEFGHIJ"


async def add_keyring_profile(pilot: Pilot[None], app: CredtuiApp) -> ProfileFormScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
    await pilot.press("a")
    await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
    form = app.screen
    assert isinstance(form, ProfileFormScreen)
    form.query_one("#source", Select).value = "secret_keyring"
    await pilot.pause()
    await fill(pilot, "name", "acme-prod")
    await fill(pilot, "domain", "acme.eu.auth0.com")
    await fill(pilot, "client_id", "abc")
    form.query_one("#client_secret", Input).value = SECRET  # pasted: typing 66 keys adds nothing
    await pilot.press("ctrl+s")
    await pilot.pause()
    return form


def screen_text(app: CredtuiApp) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query("*") if hasattr(w, "render"))


@pytest.mark.slow
async def test_the_form_stores_the_secret_in_the_keyring_and_delete_removes_it(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    path = tmp_path / "config.toml"
    app = make_app({}, config=Config(), path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await add_keyring_profile(pilot, app)
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        assert memory_keyring.store == {("credtui", "acme-prod"): SECRET}
        profile = load_config(path).config.profiles["acme-prod"]
        assert profile.client_secret_keyring and profile.client_secret is None
        assert SECRET not in path.read_text()
        table = app.screen.query_one(DataTable)
        assert "client secret in system keyring" in str(table.get_row_at(0))
        assert SECRET not in screen_text(app)

        # Renamed in the form with the secret left empty: the keyring entry follows.
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        assert app.screen.query_one("#client_secret", Input).placeholder.startswith("unchanged")
        await fill(pilot, "name", "acme-eu")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        assert memory_keyring.store == {("credtui", "acme-eu"): SECRET}

        # Deleted from the profiles screen (not the profile in use): the keyring entry goes.
        screen = app.screen
        assert isinstance(screen, ProfilesScreen)
        assert screen.active != "acme-eu"
        table = screen.query_one(DataTable)
        rows = [str(table.get_row_at(i)) for i in range(table.row_count)]
        table.move_cursor(row=next(i for i, row in enumerate(rows) if "acme-eu" in row))
        await pilot.pause()
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: "acme-eu" not in load_config(path).config.profiles)
        assert memory_keyring.store == {}


@pytest.mark.slow
async def test_no_keyring_backend_is_said_under_the_source_and_nothing_is_saved(
    tmp_path: Path, no_keyring: None
) -> None:
    path = tmp_path / "config.toml"
    app = make_app({}, config=Config(), path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await add_keyring_profile(pilot, app)
        assert app.screen is form  # still open, input kept
        error = str(form.query_one("#error-source").render())
        assert "no system keyring is available here" in error
        assert "client_secret_command" in error
        secret_box = form.query_one("#client_secret", Input)
        assert secret_box.value == SECRET  # kept, never shown (password)
        assert not path.exists()
