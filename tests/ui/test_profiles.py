"""Profiles from the TUI: first run, add, bad input, edit, default, delete; all through the config file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from textual.notifications import Notify
from textual.widgets import DataTable, Input, Select

from credtui.config import Config, Profile, load_config
from credtui.ui.screens.confirm import ConfirmScreen
from credtui.ui.screens.profile_form import ProfileFormScreen
from credtui.ui.screens.profiles import ProfilesScreen
from tests.ui.scenarios import (
    BASE_URL,
    add_token_env_profile,
    fill,
    make_app,
    profile_for,
    snapshot_tenant,
    wait_until,
)


async def test_first_run_opens_profiles_and_offers_the_demo(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    app = make_app({}, config=Config(), path=path)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        text = str(app.screen.query_one("#profiles-first-run").render())
        assert "credtui demo" in text
        assert not path.exists()


@pytest.mark.slow
async def test_add_a_profile_then_bad_input_keeps_the_form_and_the_file(tmp_path: Path) -> None:
    emu = snapshot_tenant()
    path = tmp_path / "config.toml"
    app = make_app({"acme-prod": emu}, config=Config(), path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        form = app.screen
        form.query_one("#source", Select).value = "secret"
        await pilot.pause()
        await fill(pilot, "name", "acme-prod")
        await fill(pilot, "domain", BASE_URL)
        await fill(pilot, "client_id", emu.management.client_id)
        await fill(pilot, "client_secret", emu.management.client_secret)
        secret_box = form.query_one("#client_secret", Input)
        assert secret_box.password  # typed into a password field
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        saved = load_config(path).config
        assert saved.profiles["acme-prod"].client_secret == emu.management.client_secret
        assert saved.default == "acme-prod"
        before = path.read_bytes()

        # A second profile with a domain credtui refuses: inline message, nothing written.
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        await fill(pilot, "name", "evil")
        await fill(pilot, "domain", "http://attacker.example")
        await fill(pilot, "client_id", "abc")
        await fill(pilot, "client_secret_env", "EVIL_SECRET")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProfileFormScreen)
        error = str(app.screen.query_one("#error-domain").render())
        assert "only for the local tenant" in error
        assert app.screen.query_one("#domain", Input).value == "http://attacker.example"
        assert app.screen.query_one("#name", Input).value == "evil"
        assert path.read_bytes() == before
        await pilot.press("escape")  # asks first: what was typed would be lost
        await wait_until(pilot, lambda: not isinstance(app.screen, ProfileFormScreen))
        await pilot.press("tab", "enter")  # "Close"
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        assert path.read_bytes() == before

        # Use it: the applications of that tenant appear.
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: app.profile_name == "acme-prod" and not isinstance(app.screen, ProfilesScreen),
        )


@pytest.mark.slow
async def test_edit_keeps_the_secret_when_left_empty_and_delete_asks_first(tmp_path: Path) -> None:
    emu = snapshot_tenant()
    path = tmp_path / "config.toml"
    config = Config().with_profile(profile_for("acme-prod", emu, BASE_URL))
    config = config.with_profile(
        profile_for("spare", emu, BASE_URL).__class__(
            name="spare", domain="spare.eu.auth0.com", token_env="SPARE_TOKEN"
        )
    )
    from credtui.config import save_config

    save_config(config, path)
    app = make_app({"acme-prod": emu}, config=load_config(path).config, path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.profile_name == "acme-prod" and app.client is not None)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        secret_box = app.screen.query_one("#client_secret", Input)
        assert secret_box.value == ""  # never shown again
        assert "unchanged" in secret_box.placeholder
        await fill(pilot, "name", "acme-production")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        saved = load_config(path).config
        assert list(saved.profiles) == ["acme-production", "spare"]
        assert saved.profiles["acme-production"].client_secret == emu.management.client_secret
        assert saved.default == "acme-production"

        # Make spare the default, then delete it (cancel first, then confirm).
        await pilot.press("down", "s")
        await wait_until(pilot, lambda: load_config(path).config.default == "spare")
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        assert "spare" in load_config(path).config.profiles
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_until(pilot, lambda: "spare" not in load_config(path).config.profiles)
        assert load_config(path).config.default == "acme-production"
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        # Leaving the screen reconnects with the edited profile.
        await pilot.press("escape")
        await wait_until(
            pilot,
            lambda: (
                app.profile_name == "acme-production"
                and app.sub_title.startswith("acme-production")
            ),
        )


# --- at 80x24, and typed fast ------------------------------------------------------------

TYPED_KEYS = {"\t": "tab", "\r": "enter", "↓": "down", ".": "full_stop", "-": "minus"}


async def type_at(app: object, text: str, interval: float = 0.03) -> None:
    """Send ``text`` as a terminal does for a person typing one key every ``interval`` s:
    each key arrives on time, whether or not the app has finished with the one before
    (``pilot.press`` would wait for each)."""
    import asyncio

    from textual import events

    for ch in text:
        key = TYPED_KEYS.get(ch, ch)
        app.post_message(events.Key(key, None if ch == "↓" else ch))  # type: ignore[attr-defined]
        await asyncio.sleep(interval)


@pytest.mark.slow
async def test_keys_typed_at_30_ms_after_changing_the_token_source_are_not_lost() -> None:
    """Name, domain, then the source changed from the keyboard (enter, down twice, enter), then
    tab and the client ID, one key every 30 ms: every key lands in the field it was typed
    for, and the fields shown are those of the source chosen."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.client is not None)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.press("a")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, ProfileFormScreen) and app.screen.focused is not None,
        )
        form = app.screen
        await type_at(app, "acme-dev\tdev.eu.auth0.com\t\r↓↓\r\tAbCdEfGhIj0123456789\tkey.pem")
        await wait_until(pilot, lambda: form.query_one("#private_key_file", Input).value != "")
        await pilot.pause()
        assert form.query_one("#source", Select).value == "private_key"
        assert form.query_one("#name", Input).value == "acme-dev"
        assert form.query_one("#domain", Input).value == "dev.eu.auth0.com"
        assert form.query_one("#client_id", Input).value == "AbCdEfGhIj0123456789"
        assert form.query_one("#private_key_file", Input).value == "key.pem"
        assert not form.query_one("#field-client_secret_env").display
        assert form.query_one("#field-private_key_file").display


# --- every error at once, the demo's honest toast, the cursor on the profile in use -----


@pytest.mark.slow
async def test_every_field_error_shows_at_once_as_a_sentence_naming_the_field(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    app = make_app({}, config=Config(), path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        form = app.screen
        assert form.query_one("#source", Select).value == "secret_env"
        await fill(pilot, "name", "my prod")
        await fill(pilot, "domain", "")
        await fill(pilot, "client_secret_env", "1BAD")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProfileFormScreen)

        def error(key: str) -> str:
            return str(form.query_one(f"#error-{key}").render())

        assert error("name") == (
            "Profile name: use 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit."
        )
        assert error("domain") == (
            "Tenant domain: the domain is empty; give the tenant domain, such as acme.eu.auth0.com."
        )
        assert error("client_id") == (
            "Client ID: is missing; it names the Management API client that credtui signs in as."
        )
        assert error("client_secret_env").startswith(
            "Environment variable holding the secret: must be the name of an environment variable"
        )
        assert "1BAD" not in error("client_secret_env")  # never repeats what was typed
        assert str(form.query_one("#form-error").render()) == (
            "Not saved: check Profile name and Tenant domain and Client ID and "
            "Environment variable holding the secret."
        )
        assert form.focused is form.query_one("#name", Input)  # the first field to fix
        assert not path.exists()

        # Fixed, the errors go and the profile is written.
        await fill(pilot, "name", "acme-prod")
        await fill(pilot, "domain", "acme.eu.auth0.com")
        await fill(pilot, "client_id", "abc")
        await fill(pilot, "client_secret_env", "ACME_SECRET")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        assert load_config(path).config.profiles["acme-prod"].client_secret_env == "ACME_SECRET"


@pytest.mark.slow
async def test_a_taken_name_is_shown_under_the_name(tmp_path: Path) -> None:
    app = make_app()  # acme-prod, in memory
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.client is not None)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        await fill(pilot, "name", "acme-prod")
        await fill(pilot, "domain", "acme.eu.auth0.com")
        await fill(pilot, "client_id", "abc")
        await fill(pilot, "client_secret_env", "ACME_SECRET")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(app.screen.query_one("#error-name").render()) == (
            "Profile name: a profile named 'acme-prod' already exists."
        )


@pytest.mark.slow
async def test_the_demo_says_a_profile_is_kept_for_this_session_not_saved() -> None:
    seen: list[Notify] = []
    app = make_app()  # no file: the store is memory only, as in `credtui demo`
    assert not app.store.persistent
    async with app.run_test(
        size=(120, 40), message_hook=lambda m: seen.append(m) if isinstance(m, Notify) else None
    ) as pilot:
        await wait_until(pilot, lambda: app.client is not None)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        assert "memory only (demo): nothing is written" in str(
            app.screen.query_one("#profiles-path").render()
        )
        await add_token_env_profile(pilot, "staging", "acme-staging.eu.auth0.com", "STAGING_TOKEN")
        await wait_until(pilot, lambda: "staging" in app.store.config.profiles)
        toasts = [n.notification.message for n in seen]
        assert "Profile staging added for this session (the demo writes no file)" in toasts
        assert not any(t.startswith("Saved") for t in toasts)


async def test_profiles_open_on_the_profile_in_use_and_explain_the_mark() -> None:
    emu = snapshot_tenant()
    spare = Profile(name="spare", domain="spare.eu.auth0.com", token_env="SPARE_TOKEN")
    config = Config().with_profile(spare).with_profile(profile_for("acme-prod", emu, BASE_URL))
    assert list(config.profiles) == ["spare", "acme-prod"] and config.default == "spare"
    app = make_app({"acme-prod": emu}, config=config, profile="acme-prod")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.client is not None)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        screen = app.screen
        assert isinstance(screen, ProfilesScreen)
        assert screen.selected_name == "acme-prod"  # not the first row
        table = screen.query_one("#profiles-table", DataTable)
        assert str(table.get_row_at(table.cursor_row)[0]) == "●"
        assert str(table.get_row("spare")[2]) == "default"
        legend = str(screen.query_one("#profiles-legend").render())
        assert legend.startswith("● the profile in use · default: the one credtui opens")
        assert screen.query_one("#profiles-legend").region.bottom <= 23  # above the footer
