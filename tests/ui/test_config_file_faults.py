"""The config file misbehaving under a running TUI: a clear error naming the file, never a
traceback or a wait without end (issue 19, findings 6 and 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Input, Select

import credtui.config.lock
from credtui.config import Config, Profile, load_config, save_config
from credtui.ui.screens.profile_form import ProfileFormScreen
from credtui.ui.screens.profiles import ProfilesScreen
from tests.lockholder import stopped_holder
from tests.ui.scenarios import make_app, wait_until


async def add_profile(pilot: Pilot[None], name: str) -> None:
    """From the profiles screen: ``a``, a profile whose token comes from a variable, ``ctrl+s``.

    The values are set, not typed: typing is covered elsewhere, and costs seconds here.
    """
    await pilot.press("a")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ProfileFormScreen))
    form = pilot.app.screen
    form.query_one("#source", Select).value = "token_env"
    await pilot.pause()
    for field, value in (("name", name), ("domain", f"{name}.eu.auth0.com"), ("token_env", "T")):
        form.query_one(f"#{field}", Input).value = value
    await pilot.pause()
    await pilot.press("ctrl+s")


def toasts(seen: list[object]) -> list[str]:
    return [str(m.notification.message) for m in seen if isinstance(m, Notify)]


async def test_a_deeply_nested_config_is_an_error_naming_the_file_not_a_crash(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    seen: list[object] = []
    app = make_app({}, config=Config(), path=path)
    async with app.run_test(size=(120, 36), message_hook=seen.append) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        nested = "x = " + "[" * 50_000
        path.write_text(nested)  # written by something else while credtui is open
        await add_profile(pilot, "staging")
        await wait_until(pilot, lambda: any("not saved" in t for t in toasts(seen)))
        (shown,) = [t for t in toasts(seen) if "not saved" in t]
        assert str(path) in shown and "nested hundreds of levels deep" in shown
        assert app.is_running and isinstance(app.screen, ProfilesScreen)
        assert path.read_text() == nested  # left as it was


async def test_a_stopped_lock_holder_is_named_and_the_tui_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(credtui.config.lock, "LOCK_WAIT_SECONDS", 0.05)  # no real 5 s wait
    path = tmp_path / "config.toml"
    first = Profile(name="first", domain="first.eu.auth0.com", token_env="T")
    save_config(Config().with_profile(first), path)
    seen: list[object] = []
    app = make_app({}, config=load_config(path).config, path=path)
    async with app.run_test(size=(120, 36), message_hook=seen.append) as pilot:
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        with stopped_holder(path) as pid:
            await add_profile(pilot, "staging")
            await wait_until(pilot, lambda: any("not saved" in t for t in toasts(seen)))
        (shown,) = [t for t in toasts(seen) if "not saved" in t]
        assert f"{path}: is locked by process {pid}" in shown and f"kill {pid}" in shown
        assert app.is_running and isinstance(app.screen, ProfilesScreen)
        assert list(load_config(path).config.profiles) == ["first"]
