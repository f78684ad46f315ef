"""The secrets scan: run the main flows with known secrets, then look for them everywhere.

Known values: the management application's client secret, the private key of a
private_key_jwt profile (its PEM body), every access token the tenant issued
during the run (read back from the emulator, which mints them), and a private
key pasted where a public one belongs. Scanned: every screen at every step
(the SVG Textual exports), every log record at DEBUG, every notification, the
emulator's request log as its control route serves it, and the config file
where the secret was not meant to be stored.
"""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from textual.notifications import Notify

from credtui.config import Config, Profile
from credtui.ui.screens.profile_form import ProfileFormScreen
from credtui.ui.screens.profiles import ProfilesScreen
from tests.keyfactory import rsa_key
from tests.ui.scenarios import (
    BASE_URL,
    Routed,
    application_loaded,
    list_loaded,
    make_app,
    open_application,
    snapshot_tenant,
    wait_until,
)


class TokenRecorder(httpx.AsyncBaseTransport):
    """Passes requests on, keeping every access token the tenant hands out."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.tokens: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path == "/oauth/token":
            body = await response.aread()
            token = json.loads(body).get("access_token") if response.status_code == 200 else None
            if token:
                self.tokens.append(token)
            return httpx.Response(response.status_code, headers=response.headers, content=body)
        return response


_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}")


class Scan:
    """Collects everything produced and the secret values to look for."""

    def __init__(self) -> None:
        self.secrets: dict[str, str] = {}
        self.places: list[tuple[str, str]] = []

    def secret(self, label: str, value: str) -> None:
        self.secrets[label] = value

    def seen(self, where: str, text: str) -> None:
        self.places.append((where, text))

    def hits(self) -> list[str]:
        found = []
        for where, text in self.places:
            flat = text.replace("&#160;", " ")
            for label, value in self.secrets.items():
                if value and value in flat:
                    found.append(f"{label} in {where}")
            if _JWT.search(flat):
                found.append(f"a token in {where}")
        return found


def _pem_body(key_pem: str) -> str:
    """A run of the PEM's base64 body long enough to be unmistakable."""
    lines = [line for line in key_pem.splitlines() if line and not line.startswith("-----")]
    return lines[1][:48]


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    with caplog.at_level(logging.DEBUG):
        yield caplog


@pytest.mark.slow
async def test_secrets_never_appear_on_screen_in_logs_or_in_the_tenant_log(
    tmp_path: Path, debug_logs: pytest.LogCaptureFixture
) -> None:
    scan = Scan()
    emu = snapshot_tenant()
    scan.secret("client secret", emu.management.client_secret)
    # A second profile authenticates with private_key_jwt; its key lives in a file.
    key = rsa_key(2048, 60)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    scan.secret("private key", _pem_body(key_pem))
    pkj_app = emu.create_management_app(
        ["read:clients", "read:client_keys", "read:client_credentials"], name="credtui via key"
    )
    from credtui.emulator import credentials as cred_ops
    from tests.keyfactory import spki_pem

    cred = cred_ops.create(
        emu.tenant, pkj_app, {"credential_type": "public_key", "pem": spki_pem(key)}
    )
    pkj_app.auth_methods = {"private_key_jwt": [cred.id]}
    pkj_app.token_endpoint_auth_method = None
    key_file = tmp_path / "mgmt.pem"
    key_file.write_text(key_pem)
    key_file.chmod(0o600)
    path = tmp_path / "config.toml"
    config = (
        Config()
        .with_profile(
            Profile(
                name="acme-prod",
                domain=BASE_URL,
                client_id=emu.management.client_id,
                client_secret=emu.management.client_secret,
            )
        )
        .with_profile(
            Profile(
                name="by-key",
                domain=BASE_URL,
                client_id=pkj_app.client_id,
                private_key_file=str(key_file),
            )
        )
    )
    notes: list[str] = []
    wire = TokenRecorder(Routed({BASE_URL: emu}))
    app = make_app(
        {"acme-prod": emu},
        config=config,
        path=path,
        profile="acme-prod",
        transport=wire,
        client_options={"clock": emu.clock.timestamp},  # assertions signed at the tenant's time
    )

    async with app.run_test(
        size=(120, 36),
        message_hook=lambda m: (
            notes.append(m.notification.message) if isinstance(m, Notify) else None
        ),
    ) as pilot:

        def shot(step: str) -> None:
            scan.seen(f"screen: {step}", app.export_screenshot())

        await wait_until(pilot, lambda: list_loaded(app))
        shot("applications")
        await open_application(pilot, "Payments API")
        shot("application")
        await pilot.press("question_mark")
        await pilot.pause()
        shot("help")
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("ctrl+p")
        await pilot.pause()
        shot("palette")
        await pilot.press("escape")
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        shot("profiles")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        shot("profile form (secret kept, never shown)")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        # Switch to the private_key_jwt profile: a token from the key file.
        switched = False
        for _ in range(3):
            if app.profile_name == "by-key":
                switched = True
                break
            await pilot.press("down", "enter")
            await pilot.pause()
        assert switched
        try:
            await wait_until(pilot, lambda: list_loaded(app), timeout=10)
        except AssertionError:
            raise AssertionError(f"the key profile did not load: {notes}") from None
        shot("applications via private_key_jwt")
        await open_application(pilot, "Ledger Export")
        assert application_loaded(app, "Ledger Export")
        shot("application via private_key_jwt")

    issued = wire.tokens
    assert len(issued) >= 2, "the tenant issued no token to each profile: the flows did not run"
    for i, token in enumerate(issued):
        scan.secret(f"token {i}", token)
    for record in debug_logs.records:
        scan.seen(f"log {record.name}", record.getMessage())
    for text in notes:
        scan.seen("notification", text)
    for entry in emu.log.entries():
        scan.seen(f"tenant log {entry.method} {entry.path}", repr(entry))
    assert len(scan.places) >= 10
    assert scan.hits() == []


def test_pem_body_helper_is_not_empty() -> None:
    pem = (
        rsa_key(2048, 61)
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    body = _pem_body(pem)
    assert len(body) == 48 and base64.b64decode(body + "=" * (-len(body) % 4))


@pytest.mark.slow
async def test_a_pasted_private_key_never_reaches_the_screen_or_the_tenant(
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    from credtui.ui.screens.add_credential import AddCredentialScreen
    from tests.ui.changes_support import SIZE, app_on, open_app, open_dialog, paste_pem

    key = rsa_key(2048, 62)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    scan = Scan()
    scan.secret("private key", _pem_body(pem))
    app, emu = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, "Nightly Batch (legacy)")
        await open_dialog(pilot, "a", AddCredentialScreen)
        await paste_pem(pilot, pem)
        await pilot.pause()
        scan.seen("screen: add form after the paste", app.export_screenshot())
        await pilot.press("ctrl+s")
        await pilot.pause()
        scan.seen("screen: add form after save", app.export_screenshot())
        error = str(app.screen.query_one("#error-pem").render())
        assert "private key" in error.lower()
    for record in debug_logs.records:
        scan.seen(f"log {record.name}", record.getMessage())
    for entry in emu.log.entries():
        scan.seen(f"tenant log {entry.method} {entry.path}", repr(entry))
    assert not [e for e in emu.log.entries() if e.method == "POST" and "credentials" in e.path]
    assert scan.hits() == []


@pytest.mark.slow
async def test_token_test_generate_and_rotation_show_no_secret(
    tmp_path: Path, debug_logs: pytest.LogCaptureFixture
) -> None:
    """Issue 19: the new surfaces. A token test that gets a token (key) and one that
    explains (certificate), a key generated here, the rotation dialog generating the next
    key, and a private key given where a path belongs in each of them: every screen,
    notification, log record and the tenant's log, scanned for every key and token."""
    from textual.widgets import Input, Select, Static

    from credtui.ui.screens.generate import GenerateScreen
    from credtui.ui.screens.rotation import RotationScreen
    from credtui.ui.screens.token_test import TokenTestScreen
    from tests.ui.changes_support import back_on_application, open_dialog, select_row, set_value
    from tests.ui.lifecycle_scenarios import ORDERS, TREASURY, lifecycle_tenant

    emu = lifecycle_tenant(tmp_path)
    pasted = (
        rsa_key(2048, 63)
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    scan = Scan()
    scan.secret("client secret", emu.management.client_secret)
    scan.secret("pasted private key", _pem_body(pasted))
    for name in ("orders-2026", "orders-next", "treasury-gateway"):
        scan.secret(f"private key {name}", _pem_body((tmp_path / f"{name}.pem").read_text()))
    notes: list[str] = []
    wire = TokenRecorder(Routed({BASE_URL: emu}))
    app = make_app({"acme-prod": emu}, transport=wire)

    async with app.run_test(
        size=(120, 40),
        message_hook=lambda m: (
            notes.append(m.notification.message) if isinstance(m, Notify) else None
        ),
    ) as pilot:

        def shot(step: str) -> None:
            scan.seen(f"screen: {step}", app.export_screenshot())

        async def token_test(cred: str, fields: dict[str, str], step: str) -> None:
            select_row(app.screen, cred)  # type: ignore[arg-type]
            dialog = await open_dialog(pilot, "t", TokenTestScreen)
            for widget_id, value in fields.items():
                dialog.query_one(f"#{widget_id}", Input).value = value
            await pilot.press("ctrl+s")
            result = dialog.query_one("#test-result", Static)
            await wait_until(
                pilot, lambda: (result.display or bool(dialog.status_text)) and not dialog.busy
            )
            await pilot.pause()
            shot(step)
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, TokenTestScreen))

        await open_application(pilot, ORDERS)
        key = str(tmp_path / "orders-2026.pem")
        await token_test("orders-2026", {"key-path": key}, "token test: a token issued")
        assert "Token issued" in scan.places[-1][1].replace("&#160;", " ")
        await token_test("orders-2026", {"key-path": pasted}, "token test: a key as the path")
        assert "not a file path" in scan.places[-1][1].replace("&#160;", " ")

        # Generate a key pair here; its private key joins the secrets.
        made = tmp_path / "generated.pem"
        await open_dialog(pilot, "g", GenerateScreen)
        await set_value(pilot, "#key-path", str(made))
        await set_value(pilot, "#name", "generated-key")
        await set_value(pilot, "#attach", "none")
        shot("generate: filled")
        await pilot.press("ctrl+s")
        screen = await back_on_application(pilot)
        await wait_until(pilot, lambda: made.exists())
        shot("application after generate")
        scan.secret("generated private key", _pem_body(made.read_text()))
        await open_dialog(pilot, "g", GenerateScreen)
        await set_value(pilot, "#key-path", pasted)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "not a file path" in _flat(app))
        shot("generate: a key as the path")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)

        # Rotation: the next key generated here, then a PEM file that is a pasted key.
        select_row(screen, "orders-2026")
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, RotationScreen))
        rotation = app.screen
        await wait_until(pilot, lambda: rotation.fresh and not rotation.busy)  # type: ignore[attr-defined]
        rotation.query_one("#source", Select).value = "generate"
        await pilot.pause()
        shot("rotation: generate")
        rotation.query_one("#source", Select).value = "pem"
        await pilot.pause()
        rotation.query_one("#pem-path", Input).value = pasted
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "not a file path" in _flat(app))
        shot("rotation: a key as the PEM file")
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, RotationScreen))

        # mTLS: the certificate and its key, as the edge forwards it.
        await pilot.press("escape")
        await open_application(pilot, TREASURY)
        creds = app.screen.credentials  # type: ignore[attr-defined]
        dn = next(c for c in creds if c.credential_type == "cert_subject_dn")
        select_row(app.screen, dn.name)  # type: ignore[arg-type]
        await token_test(
            dn.name,
            {
                "cert-path": str(tmp_path / "treasury-gateway.crt"),
                "key-path": str(tmp_path / "treasury-gateway.pem"),
            },
            "token test: mTLS",
        )
        assert "Token issued" in scan.places[-1][1].replace("&#160;", " ")

    issued = wire.tokens
    assert len(issued) >= 3, "no token was issued to the key or the certificate"
    for i, token in enumerate(issued):
        scan.secret(f"token {i}", token)
    for record in debug_logs.records:
        scan.seen(f"log {record.name}", record.getMessage())
    for text in notes:
        scan.seen("notification", text)
    for entry in emu.log.entries():
        scan.seen(f"tenant log {entry.method} {entry.path}", repr(entry))
    assert len(scan.places) >= 10
    assert scan.hits() == []


def _flat(app: object) -> str:
    return str(app.export_screenshot()).replace("&#160;", " ")  # type: ignore[attr-defined]
