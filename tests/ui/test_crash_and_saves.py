"""A crash prints no secret and exits non-zero; the profile form survives hostile input;
a TUI save keeps profiles saved elsewhere meanwhile (issue 8, findings 1 and 9)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from credtui.config import Config, Profile, load_config, save_config
from credtui.ui.crash import EXIT_CRASH
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

ROOT = Path(__file__).resolve().parents[2]

# The TUI, headless, on a config holding a client secret, crashing where a local
# variable holds that secret and the exception's text repeats it.
CRASHING_TUI = textwrap.dedent(
    """
    import sys
    from functools import partialmethod
    from pathlib import Path
    from textual.app import App
    from credtui.config import load_config
    from credtui.ui.app import CredtuiApp
    from credtui.ui.launch import run_tui

    CredtuiApp.run = partialmethod(App.run, headless=True, size=(100, 30))

    def parse_port(secret):
        return int(secret)  # ValueError: invalid literal for int() ...: '<the secret>'

    async def in_a_worker(app):
        secret = app.store.config.get(None).client_secret
        parse_port(secret)

    def on_mount(self):
        secret = self.store.config.get(None).client_secret
        if sys.argv[2] == "worker":
            self.run_worker(in_a_worker(self), exit_on_error=True)
        else:
            parse_port(secret)

    CredtuiApp.on_mount = on_mount
    sys.exit(run_tui(load_config(Path(sys.argv[1]))))
    """
)


@pytest.mark.parametrize("where", ["handler", "worker"])
def test_a_crash_prints_no_variable_and_no_secret_and_exits_non_zero(
    tmp_path: Path, where: str
) -> None:
    secret = "s3cr3t-" + secrets.token_urlsafe(32)
    path = tmp_path / "config.toml"
    path.write_text(
        '[profiles.local]\ndomain = "http://127.0.0.1:9"\nclient_id = "abc"\n'
        f'client_secret = "{secret}"\n'
    )
    os.chmod(path, 0o600)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CREDTUI_", "TEXTUAL"))}
    done = subprocess.run(
        [sys.executable, "-c", CRASHING_TUI, str(path), where],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    output = done.stdout + done.stderr
    assert done.returncode == EXIT_CRASH, output
    assert secret not in output
    assert secret[7:20] not in output  # not even a fragment of it
    assert "secret =" not in output and "locals" not in output.lower()
    # What a bug report needs is still there: the type and where it happened.
    assert "ValueError" in done.stderr
    assert "parse_port" in done.stderr
    assert "credtui stopped on an unexpected error" in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("port", ["1²", "٣٠٠٠", "８０"])
async def test_a_port_in_another_script_is_an_inline_error_not_a_crash(
    tmp_path: Path, port: str
) -> None:
    secret = "s3cr3t-" + secrets.token_urlsafe(32)
    path = tmp_path / "config.toml"
    app = make_app({}, config=Config(), path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        app.screen.query_one("#source", Select).value = "secret"
        await pilot.pause()
        await fill(pilot, "name", "local")
        app.screen.query_one("#domain", Input).value = f"http://127.0.0.1:{port}"
        await fill(pilot, "client_id", "abc")
        await fill(pilot, "client_secret", secret)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ProfileFormScreen)
        error = str(app.screen.query_one("#error-domain").render())
        assert "port is not a number from 1 to 65535" in error
        assert secret not in error
        assert not path.exists()


@pytest.mark.slow
async def test_a_tui_save_keeps_a_profile_saved_elsewhere_meanwhile(tmp_path: Path) -> None:
    emu = snapshot_tenant()
    path = tmp_path / "config.toml"
    save_config(Config().with_profile(profile_for("acme-prod", emu, BASE_URL)), path)
    app = make_app({"acme-prod": emu}, config=load_config(path).config, path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.profile_name == "acme-prod" and app.client is not None)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))

        # Another credtui (or the CLI) adds a profile while this one is open.
        elsewhere = Profile(name="ci", domain="ci.eu.auth0.com", token_env="CI_TOKEN")
        save_config(load_config(path).config.with_profile(elsewhere), path)

        await add_token_env_profile(pilot, "staging", "staging.eu.auth0.com", "STAGING_TOKEN")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        saved = load_config(path).config
        assert list(saved.profiles) == ["acme-prod", "ci", "staging"]
        assert saved.profiles["ci"].token_env == "CI_TOKEN"
        # The table shows what the file holds now, the other profile included.
        table = app.screen.query_one("#profiles-table")
        assert table.row_count == 3  # type: ignore[attr-defined]

        # Making a profile default keeps it too, and so does deleting another.
        await pilot.press("s")
        await wait_until(pilot, lambda: load_config(path).config.default != "acme-prod")
        assert list(load_config(path).config.profiles) == ["acme-prod", "ci", "staging"]
