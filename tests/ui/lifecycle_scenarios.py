"""Generate (``g``) and test (``t``) as pictures: the snapshot tenant, its fixed clock.

One definition serves the snapshot tests (``tests/snapshots/test_lifecycle_snapshots.py``)
and ``screenshots/``: ``python scripts/export_screenshots.py`` writes
``screenshots/<name>.svg``.

A token test needs a private key whose public part the tenant holds: the keys
are made at run time (``tests/keyfactory.py``) and written to a temporary folder
that lives as long as the app; the dialog is given that folder as its start, so
the picture shows a short relative path, never a machine path. Everything the
picture shows of a key is fixed: the credentials carry custom kids, and no
thumbprint appears. No private key and no token is ever on screen.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from cryptography.x509.oid import NameOID
from textual.pilot import Pilot
from textual.widgets import Input, Select

from credtui.emulator.app import Emulator
from credtui.ui.app import CredtuiApp
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.generate import GenerateScreen
from credtui.ui.screens.token_test import TokenTestScreen
from tests import keyfactory as kf
from tests.ui.changes_support import select_row
from tests.ui.scenarios import FIXED_NOW, make_app, open_application, snapshot_tenant, wait_until

RunBefore = Callable[[Pilot[None]], Any]
Build = Callable[[], tuple[CredtuiApp, RunBefore]]
WIDE = (120, 36)
SMALL = (80, 24)
ORDERS = "Orders Service"
TREASURY = "Treasury Gateway (mTLS)"
TREASURY_SUBJECT = kf.name(
    (NameOID.COUNTRY_NAME, "GB"),
    (NameOID.ORGANIZATION_NAME, "Acme Corp"),
    (NameOID.ORGANIZATIONAL_UNIT_NAME, "Treasury"),
    (NameOID.COMMON_NAME, "treasury-gateway.acme.example"),
)


def _stamp(days: int) -> str:
    return (FIXED_NOW + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def lifecycle_tenant(folder: Path) -> Emulator:
    """The snapshot tenant, plus Orders Service (one key attached, one staged) and key files.

    ``folder`` receives ``orders-2026.pem`` and ``orders-next.pem`` (0600), the
    private keys of the two credentials, and ``treasury-gateway.crt``/``.pem``, a
    CA-signed certificate for Treasury Gateway's subject DN and its key.
    """
    emu = snapshot_tenant()
    current, staged, gateway = kf.rsa_key(2048, 401), kf.rsa_key(2048, 402), kf.rsa_key(2048, 403)

    def public_key(name: str, key: Any, kid: str, days: int) -> dict[str, str]:
        return {
            "credential_type": "public_key",
            "name": name,
            "pem": kf.spki_pem(key),
            "kid": kid,
            "expires_at": _stamp(days),
        }

    emu.clock.freeze(FIXED_NOW - 245 * timedelta(days=1))  # added in March, as a tenant's history
    emu.create_application(
        ORDERS,
        method="private_key_jwt",
        credentials=[public_key("orders-2026", current, "orders-2026-current", 120)],
        unattached=[public_key("orders-next", staged, "orders-2027-next", 480)],
        grant_scopes=["read:clients", "read:client_credentials"],
    )
    emu.clock.freeze(FIXED_NOW)
    treasury = next(c for c in emu.tenant.iter_clients() if c.name == TREASURY)
    emu.grant(treasury.client_id, ["read:clients"])
    for name, key in (("orders-2026", current), ("orders-next", staged)):
        path = folder / f"{name}.pem"
        path.write_text(kf.private_pem(key))
        path.chmod(0o600)
    cert = kf.ca_signed_cert(gateway.public_key(), subject=TREASURY_SUBJECT)
    (folder / "treasury-gateway.crt").write_text(kf.cert_pem(cert))
    (folder / "treasury-gateway.pem").write_text(kf.private_pem(gateway))
    (folder / "treasury-gateway.pem").chmod(0o600)
    return emu


def _app() -> tuple[CredtuiApp, Path]:
    """The app on the lifecycle tenant; its key folder is removed when the app is."""
    folder = Path(tempfile.mkdtemp(prefix="credtui-lifecycle-"))
    app = make_app({"acme-prod": lifecycle_tenant(folder)})
    weakref.finalize(app, shutil.rmtree, folder, ignore_errors=True)  # lives as long as the app
    return app, folder


def _generate(kind: str = "public_key") -> Build:
    def build() -> tuple[CredtuiApp, RunBefore]:
        app = make_app()

        async def run_before(pilot: Pilot[None]) -> None:
            await open_application(pilot, "Nightly Batch (legacy)")
            await pilot.press("g")
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, GenerateScreen))
            dialog = pilot.app.screen
            await wait_until(pilot, lambda: dialog.focused is not None)
            if kind == "public_key":
                dialog.query_one("#name", Input).value = "nightly-2026-11"
                dialog.query_one("#attach", Select).value = "private_key_jwt"
            else:
                dialog.query_one("#kind", Select).value = kind
                await pilot.pause()
                dialog.query_one("#subject", Input).value = "CN=nightly-batch.acme.example"
                dialog.query_one("#name", Input).value = "nightly-mtls"
            await pilot.pause()
            dialog.query_one("#key-path", Input).focus()
            await pilot.pause()

        return app, run_before

    return build


def _token_test(app_name: str, credential: str, files: tuple[str, ...]) -> Build:
    """Open ``app_name``, select ``credential``, open its test with ``files``, request a token."""

    def build() -> tuple[CredtuiApp, RunBefore]:
        app, folder = _app()

        async def run_before(pilot: Pilot[None]) -> None:
            await open_application(pilot, app_name)
            screen = pilot.app.screen
            assert isinstance(screen, ApplicationScreen)
            select_row(screen, credential)
            await pilot.pause()
            # As `t` opens it, but starting in the key folder: the paths typed stay short.
            cred = screen._selected()
            assert cred is not None
            dialog = TokenTestScreen(screen.application, cred, folder)
            await pilot.app.push_screen(dialog)
            await wait_until(pilot, lambda: dialog.focused is not None)
            ids = ("cert-path", "key-path") if dialog.mtls else ("key-path",)
            for widget_id, file in zip(ids, files, strict=True):
                dialog.query_one(f"#{widget_id}", Input).value = file
            await pilot.press("ctrl+s")
            result = dialog.query_one("#test-result")
            await wait_until(pilot, lambda: result.display and not dialog.busy)
            dialog.query_one("#form-body").scroll_home(animate=False)
            dialog.query_one("#form-send").focus()
            await pilot.pause()

        return app, run_before

    return build


LIFECYCLE_SCENARIOS: dict[str, tuple[Build, tuple[int, int]]] = {
    "generate-key": (_generate(), WIDE),
    "generate-cert-80x24": (_generate("x509_cert"), SMALL),
    "token-test-passed": (_token_test(ORDERS, "orders-2026", ("orders-2026.pem",)), WIDE),
    "token-test-failed": (_token_test(ORDERS, "orders-next", ("orders-next.pem",)), WIDE),
    "token-test-mtls-passed": (
        _token_test(TREASURY, "treasury-gateway", ("treasury-gateway.crt", "treasury-gateway.pem")),
        WIDE,
    ),
}
"""Name -> (build, terminal size)."""

LIFECYCLE_INTENT = {
    "generate-key": "The generate dialog over Nightly Batch: an RSA 2048 key pair into "
    "./nightly-batch-legacy-20261123.pem, named nightly-2026-11, expiring in 90 days, attached "
    "to Private Key JWT; the note says the private key stays in that 0600 file and only the "
    "public part is sent.",
    "generate-cert-80x24": "The same at 80x24 for a self-signed certificate: subject and valid "
    "days shown, expiry hidden (it comes from the certificate); every field, the note and both "
    "buttons on screen.",
    "token-test-passed": "Testing orders-2026 of Orders Service with orders-2026.pem: RS256, its "
    "kid; in the success colour the token's type (Bearer), lifetime (86400 s) and scopes; the "
    "status line says Passed. No token shown.",
    "token-test-failed": "Testing orders-next with its own key: refused (401 access_denied), and "
    "why in words: uploaded but not attached to Private Key JWT; the status line says Failed.",
    "token-test-mtls-passed": "Testing Treasury Gateway's CA-signed credential with a certificate "
    "and key: the note on how the edge forwards it, the header sent (SUCCESS), the token's type, "
    "lifetime and scopes, and that its cnf.x5t#S256 matches the certificate.",
}
