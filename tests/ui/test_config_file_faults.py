"""The config file misbehaving under a running TUI: a clear error naming the file, never a
traceback, and typed input kept (issue 19, findings 6, 7 and 13)."""

from __future__ import annotations

from pathlib import Path

from textual.notifications import Notify

from credtui.config import Config
from credtui.ui.screens.profiles import ProfilesScreen
from tests.ui.scenarios import add_token_env_profile, make_app, wait_until


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
        await add_token_env_profile(pilot, "staging", "staging.eu.auth0.com", "STAGING_TOKEN")
        await wait_until(pilot, lambda: any("not saved" in t for t in toasts(seen)))
        (shown,) = [t for t in toasts(seen) if "not saved" in t]
        assert str(path) in shown and "nested hundreds of levels deep" in shown
        assert app.is_running and isinstance(app.screen, ProfilesScreen)
        assert path.read_text() == nested  # left as it was
