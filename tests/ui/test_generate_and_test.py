"""``g`` (generate locally, upload the public part) and ``t`` (a real token request with a local key).

Driven by keys against the in-process emulator; asserts on what the tenant stored
and received, on the key files written, and on what the screen shows (never the
private key, never the token).
"""

from __future__ import annotations

import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.notifications import Notify
from textual.pilot import Pilot

from credtui import keys
from credtui.emulator.app import Emulator
from credtui.ops.keyfiles import generate_key_files
from credtui.ui.app import CredtuiApp
from credtui.ui.screens import generate as generate_module
from credtui.ui.screens.generate import GenerateScreen
from credtui.ui.screens.token_test import TokenTestScreen
from tests.ui.changes_support import (
    SIZE,
    app_on,
    back_on_application,
    client_named,
    error_text,
    last_seq,
    open_app,
    open_dialog,
    rows,
    select_row,
    set_value,
    status_text,
    toasts,
    writes,
)
from tests.ui.scenarios import snapshot_tenant, wait_until

APP = "Token Tester"


def tenant() -> Emulator:
    """The snapshot tenant plus an application with a client grant, so it can get tokens."""
    emu = snapshot_tenant()
    emu.create_application(APP, method="client_secret_post", grant_scopes=["read:clients"])
    return emu


def pem_body_lines(path: Path) -> list[str]:
    """The base64 lines of a PEM file (the key material itself)."""
    return [x for x in path.read_text().splitlines() if x and not x.startswith("-----")]


def screen_text(app: CredtuiApp) -> str:
    return app.export_screenshot()


async def generate(pilot: Pilot[None], path: Path, *, name: str, attach: str) -> GenerateScreen:
    """Open ``g``, fill it and send it."""
    dialog = await open_dialog(pilot, "g", GenerateScreen)
    await set_value(pilot, "#key-path", str(path))
    await set_value(pilot, "#name", name)
    await set_value(pilot, "#attach", attach)
    await pilot.press("ctrl+s")
    assert isinstance(dialog, GenerateScreen)
    return dialog


async def test_generate_uploads_only_the_public_part_and_never_overwrites(tmp_path: Path) -> None:
    app, emu = app_on(tenant())
    out = tmp_path / "tester.pem"
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, APP)
        client = client_named(emu, APP)
        await generate(pilot, out, name="gen-key", attach="private_key_jwt")
        await back_on_application(pilot, lambda s: "gen-key" in rows(s))

        # The tenant holds the public key of the file written, attached to Private Key JWT.
        (cid,) = list(client.credentials)
        stored = client.credentials[cid]
        private = keys.load_private_key(out)
        assert stored.kid == keys.kid_for_public_key(private.public_key())
        assert client.auth_methods == {"private_key_jwt": [cid]}
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert out.with_suffix(".pub").exists()

        # No line of the private key reached the tenant or the screen.
        body = pem_body_lines(out)
        logged = "".join(repr(entry) for entry in emu.log.entries())
        assert "PRIVATE KEY" not in logged and not any(line in logged for line in body)
        # The log redacts a private PEM block: finding its mark would mean one was sent.
        assert "redacted private key" not in logged
        # The scan sees request bodies: the public part uploaded is there.
        assert pem_body_lines(out.with_suffix(".pub"))[0] in logged
        assert not any(line in screen_text(app) for line in body)
        assert "PRIVATE KEY" not in screen_text(app)

        # A second generate to the same path is refused before anything is made or sent.
        before = out.read_bytes()
        seq = last_seq(emu)
        dialog = await generate(pilot, out, name="again", attach="none")
        await wait_until(pilot, lambda: "already exists" in error_text(pilot, "path"))
        assert "never overwrites" in error_text(pilot, "path")
        assert app.screen is dialog and not dialog.busy
        assert out.read_bytes() == before
        assert writes(emu, seq) == [] and list(client.credentials) == [cid]


async def test_generate_a_self_signed_certificate_off_the_ui_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, emu = app_on(tenant())
    during: list[tuple[bool, str]] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        # What the person sees while the key is being made, and on which thread it is made.
        status = str(app.screen.query_one("#form-status").render())
        during.append((threading.current_thread() is threading.main_thread(), status))
        return generate_key_files(*args, **kwargs)

    monkeypatch.setattr(generate_module, "generate_key_files", watched)
    out = tmp_path / "cert-key.pem"
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, APP)
        client = client_named(emu, APP)
        dialog = await open_dialog(pilot, "g", GenerateScreen)
        await set_value(pilot, "#kind", "x509_cert")
        assert dialog.query_one("#field-subject").display
        assert not dialog.query_one("#field-expiry").display
        await set_value(pilot, "#subject", "CN=tester.acme.example")
        await set_value(pilot, "#key-path", str(out))
        await set_value(pilot, "#name", "gen-cert")
        await set_value(pilot, "#attach", "self_signed_tls_client_auth")
        await set_value(pilot, "#bits", 4096)
        await pilot.press("ctrl+s")
        await back_on_application(pilot, lambda s: "gen-cert" in rows(s))
        # The key was made off the UI thread, with the dialog saying so meanwhile.
        assert during == [(False, "Generating a 4096-bit key and a self-signed certificate…")]
        (cid,) = list(client.credentials)
        stored = client.credentials[cid]
        info = keys.inspect_pem(out.with_suffix(".crt").read_text())
        assert stored.credential_type == "x509_cert"
        assert stored.thumbprint_sha256 == info.thumbprint_sha256
        assert client.auth_methods == {"self_signed_tls_client_auth": [cid]}
        assert stat.S_IMODE(out.stat().st_mode) == 0o600


async def test_token_test_passes_for_the_attached_key_and_explains_a_foreign_one(
    tmp_path: Path,
) -> None:
    app, emu = app_on(tenant())
    out = tmp_path / "tester.pem"
    stranger = generate_key_files(tmp_path / "stranger.pem").private_key
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, APP)
        await generate(pilot, out, name="gen-key", attach="private_key_jwt")
        screen = await back_on_application(pilot, lambda s: "gen-key" in rows(s))
        select_row(screen, "gen-key")

        dialog = await open_dialog(pilot, "t", TokenTestScreen)
        await set_value(pilot, "#key-path", str(out))
        await pilot.press("ctrl+s")
        result = dialog.query_one("#test-result")
        await wait_until(pilot, lambda: result.display and not dialog.busy)
        shown = str(result.render())
        assert "Token issued to Token Tester." in shown
        assert "Type: Bearer" in shown and "Scopes: read:clients" in shown
        assert "Passed" in status_text(pilot)
        tokens = [e for e in emu.log.entries() if e.path == "/oauth/token"]
        assert tokens and tokens[-1].status == 200
        assert "eyJ" not in screen_text(app)  # no token (nor assertion) on screen

        # A key the application does not hold: refused, and the reason in words.
        seq = last_seq(emu)
        await set_value(pilot, "#key-path", str(stranger))
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: not dialog.busy and last_seq(emu) > seq and "Refused" in str(result.render()),
        )
        shown = str(result.render())
        assert "Refused (401" in shown
        # The kid sent is gen-key's (the default), so the tenant finds it and the signature fails.
        assert "the key does not match what the application holds" in shown
        assert "Failed" in status_text(pilot)

        # Without the kid, the key is judged by itself: not one of the application's keys.
        seq = last_seq(emu)
        await set_value(pilot, "#kid", "")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not dialog.busy and last_seq(emu) > seq)
        await wait_until(pilot, lambda: "not one of" in str(result.render()))
        shown = str(result.render())
        assert "This key is not one of Token Tester's credentials" in shown
        assert "Failed" in status_text(pilot)
        assert not any(line in screen_text(app) for line in pem_body_lines(stranger))


async def test_token_test_refuses_a_missing_file_and_an_mtls_credential(tmp_path: Path) -> None:
    seen: list[object] = []
    app, emu = app_on(tenant())
    async with app.run_test(
        size=SIZE, message_hook=lambda m: seen.append(m) if isinstance(m, Notify) else None
    ) as pilot:
        await open_app(pilot, "Billing Reconciler")
        dialog = await open_dialog(pilot, "t", TokenTestScreen)
        seq = last_seq(emu)
        await set_value(pilot, "#key-path", str(tmp_path / "missing.pem"))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Cannot read" in error_text(pilot, "key"))
        assert last_seq(emu) == seq  # nothing was sent
        assert not dialog.query_one("#test-result").display
        await pilot.press("escape")
        await back_on_application(pilot)
        await pilot.press("escape")

        await open_app(pilot, "Thermostat Fleet")
        await pilot.press("t")
        await wait_until(
            pilot, lambda: any("Testing works with public keys" in t for t in toasts(seen))
        )
        assert not isinstance(app.screen, TokenTestScreen)
