"""``s`` (rotate the client secret) and ``i`` (the ID token algorithm) at 80x24, on the emulator.

What a person sees (rendered lines), what the tenant holds afterwards, and where the
new secret is not: on screen once the dialog closed, in a toast, in the logs, in
Textual's clipboard copy, in the emulator's request log.
"""

from __future__ import annotations

import base64
import io
import logging
import stat
from pathlib import Path
from typing import Any

import httpx
import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen

from credtui.config import Config, load_config, save_config
from credtui.ui.app import CredtuiApp
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.client_secret import SecretRotationScreen
from credtui.ui.screens.confirm import ConfirmScreen
from credtui.ui.screens.jwt_alg import JwtAlgScreen
from tests.conftest import EmulatorTransport
from tests.ui.changes_support import (
    app_on,
    apply_anyway,
    back_on_application,
    client_named,
    last_seq,
    open_app,
    open_dialog,
    status_text,
    toasts,
    writes,
)
from tests.ui.scenarios import BASE_URL, profile_for, snapshot_tenant, wait_until

SMALL = (80, 24)


def screen_lines(app: CredtuiApp) -> list[str]:
    """The terminal as a person sees it, one string per line (the screens behind included)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text().splitlines()


def shown(app: CredtuiApp) -> str:
    """The screen's text, lines stripped of the dialog's frame and joined: a sentence the
    dialog wraps reads as one."""
    frame = " █▌▐│╭╮╰╯▀▄"
    return " ".join(" ".join(line.strip(frame) for line in screen_lines(app)).split())


async def token_status(emu: Any, client_id: str, secret: str, *, basic: bool = False) -> int:
    """What the tenant's ``/oauth/token`` answers ``client_id`` with ``secret``."""
    form = {"grant_type": "client_credentials", "audience": f"{BASE_URL}/api/v2/"}
    headers = {}
    if basic:
        pair = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        headers["Authorization"] = f"Basic {pair}"
    else:
        form |= {"client_id": client_id, "client_secret": secret}
    async with httpx.AsyncClient(transport=EmulatorTransport(app=emu), base_url=BASE_URL) as http:
        return (await http.post("/oauth/token", data=form, headers=headers)).status_code


async def rotate(pilot: Pilot[None]) -> SecretRotationScreen:
    """In the open dialog (focus on Cancel): move to "Rotate secret", press it, wait."""
    dialog = pilot.app.screen
    assert isinstance(dialog, SecretRotationScreen)
    assert dialog.focused is not None and dialog.focused.id == "secret-cancel"
    await pilot.press("tab")
    assert dialog.focused is not None and dialog.focused.id == "secret-rotate"
    await pilot.press("enter")
    await wait_until(pilot, lambda: dialog._secret is not None)
    await pilot.pause()
    return dialog


@pytest.mark.slow
async def test_the_new_secret_is_shown_once_masked_and_only_it_works(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    app, emu = app_on()
    batch = client_named(emu, "Nightly Batch (legacy)")
    emu.grant(batch.client_id, ["read:clients"])
    old = batch.client_secret
    seen: list[object] = []
    async with app.run_test(size=SMALL, message_hook=seen.append) as pilot:
        await open_app(pilot, "Nightly Batch (legacy)")
        await open_dialog(pilot, "s", SecretRotationScreen)
        text = shown(app)
        assert "Rotate the client secret of Nightly Batch (legacy)" in text
        assert "No credtui profile uses this secret." in text
        assert "invalidates-client-secret: Auth0 replaces" in text
        assert "Cancel" in text and "Rotate secret" in text  # the buttons fit 80x24
        # Enter alone (the focus is on Cancel) sends nothing.
        mark = last_seq(emu)
        await pilot.press("enter")
        await back_on_application(pilot)
        assert writes(emu, mark) == [] and batch.client_secret == old

        await open_dialog(pilot, "s", SecretRotationScreen)
        # The tenant refuses first (a token without update:client_keys): said, nothing shown.
        scope = {"statusCode": 403, "error": "Forbidden", "errorCode": "insufficient_scope",
                 "message": "Insufficient scope, expected any of: update:client_keys"}  # fmt: skip
        emu.faults.add(method="POST", path="*/rotate-secret", status=403, body=scope)
        await pilot.press("tab", "enter")
        dialog: Screen[Any] = app.screen  # the same dialog rotate() returns below
        assert isinstance(dialog, SecretRotationScreen)
        await wait_until(pilot, lambda: "update:client_keys" in status_text(pilot))
        assert "lacks the scope update:client_keys" in shown(app)
        assert dialog._secret is None and batch.client_secret == old
        # The refusal ends by putting the focus back on Cancel: let that land first.
        await wait_until(pilot, lambda: not any(w.is_running for w in app.workers))
        await pilot.pause()
        dialog = await rotate(pilot)

        new = batch.client_secret
        assert new != old
        rotated = ("POST", f"/api/v2/clients/{batch.client_id}/rotate-secret")
        assert writes(emu, mark) == [rotated, rotated]  # the refused one, then this one
        text = shown(app)
        assert "New client secret of Nightly Batch (legacy)" in text
        assert "(64 characters, hidden)" in text and new not in text
        await pilot.press("v")
        assert new in shown(app)
        await pilot.press("v")
        assert new not in shown(app)
        await pilot.press("c")
        assert app.clipboard == new
        await pilot.press("escape")  # copied: it closes without asking
        screen = await back_on_application(pilot, lambda s: s.fresh)
        await pilot.pause()

        assert not dialog.is_attached
        assert new not in shown(app) and new not in app.export_screenshot()
        assert app.clipboard != new  # Textual's own copy is dropped; the terminal has it
        assert isinstance(screen, ApplicationScreen)
        said = toasts(seen)
        assert "Rotated the client secret of Nightly Batch (legacy)." in said
        assert all(new not in t and old not in t for t in said)
    assert await token_status(emu, batch.client_id, old, basic=True) == 401
    assert await token_status(emu, batch.client_id, new, basic=True) == 200
    assert new not in caplog.text
    assert all(new not in repr(e.to_json()) for e in emu.log.entries())


@pytest.mark.slow
async def test_credtuis_own_secret_u_writes_it_into_the_profile_and_the_session_goes_on(
    tmp_path: Path,
) -> None:
    emu = snapshot_tenant()
    me = emu.management
    old = me.client_secret
    path = tmp_path / "config.toml"
    save_config(Config().with_profile(profile_for("acme-prod", emu, BASE_URL)), path)
    app, _ = app_on(emu, path=path, config=load_config(path).config)
    async with app.run_test(size=SMALL) as pilot:
        await open_app(pilot, "credtui Management API (emulator)")
        await open_dialog(pilot, "s", SecretRotationScreen)
        text = shown(app)
        assert "acme-prod (this session), secret in the config file" in text
        assert "locks-out-credtui" in text
        dialog = await rotate(pilot)
        new = me.client_secret
        text = shown(app)
        assert "still has the old secret: u gives it the new one" in text
        assert "This session (acme-prod) keeps working until its token expires" in text
        # Neither copied nor given to a profile yet: closing asks first.
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Close without copying the new secret?" in shown(app)
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is dialog)
        assert dialog._secret == new

        await pilot.press("u")
        await pilot.pause()

        assert f'client_secret = "{new}"' in path.read_text()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert app.store.config.profiles["acme-prod"].client_secret == new
        text = shown(app)
        assert "Profile acme-prod now has the new secret (config file)." in text
        assert "keeps working until its token expires" not in text
        await pilot.press("escape")  # given to the profile: closes without asking
        screen = await back_on_application(pilot)
        assert dialog._secret is None and new not in shown(app)
        # The session's next token comes with the new secret.
        assert app.client is not None
        app.client.tokens._token = None
        screen.fresh = False
        await pilot.press("r")
        await wait_until(pilot, lambda: screen.fresh)
        assert "Could not refresh" not in shown(app)
    assert await token_status(emu, me.client_id, old) == 401
    assert await token_status(emu, me.client_id, new) == 200


# --- i: the ID token algorithm ----------------------------------------------------------------


@pytest.mark.slow
async def test_on_private_key_jwt_s_says_why_and_i_takes_ps256_but_refuses_hs256() -> None:
    app, emu = app_on()
    payments = client_named(emu, "Payments API")
    seen: list[object] = []
    async with app.run_test(size=SMALL, message_hook=seen.append) as pilot:
        await open_app(pilot, "Payments API")
        # The algorithm in the summary, on the JAR line: no line more at 80 columns.
        assert any(
            "Signed requests (JAR): not required · ID tokens: RS256" in line
            for line in screen_lines(app)
        )
        mark = last_seq(emu)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ApplicationScreen)
        (said,) = [t for t in toasts(seen) if "client secret" in t]
        assert said.startswith("Payments API authenticates with Private Key JWT")
        assert writes(emu, mark) == []

        await open_dialog(pilot, "i", JwtAlgScreen)
        await pilot.press("down", "down", "enter")  # RS256 -> HS256
        text = shown(app)
        assert "HS256 cannot be used with Private Key JWT: Auth0 needs RS256 or PS256" in text
        mark = last_seq(emu)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not sent" in status_text(pilot)
        assert isinstance(app.screen, JwtAlgScreen)
        assert writes(emu, mark) == []
        assert payments.settings["jwt_configuration"]["alg"] == "RS256"

        dialog = app.screen
        await pilot.press("up", "enter")  # PS256 instead: fine beside Private Key JWT
        text = shown(app)
        assert "changes-id-token-signing: Payments API's ID tokens will be signed" in text
        assert "Note: PS256 needs an Auth0 add-on" in text
        await pilot.press("ctrl+s")
        await apply_anyway(pilot)
        await back_on_application(pilot, lambda s: s.application.jwt_alg == "PS256")
        assert writes(emu, mark) == [("PATCH", f"/api/v2/clients/{payments.client_id}")]
        assert payments.settings["jwt_configuration"]["alg"] == "PS256"
        assert "ID tokens: PS256" in shown(app)
        assert not dialog.is_attached
