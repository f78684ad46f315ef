"""The change dialogs as pictures: fixed tenant, clock and PEMs (recorded public keys only).

One definition serves the snapshot tests (``tests/snapshots/test_snapshots.py``)
and ``screenshots/``: ``python scripts/export_screenshots.py`` writes
``screenshots/<name>.svg``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, RadioSet, Select, TextArea

from credtui.models import AuthMethod
from credtui.ui.app import CredtuiApp
from credtui.ui.screens.add_credential import AddCredentialScreen
from credtui.ui.screens.auth_method import METHODS, AuthMethodScreen
from credtui.ui.screens.delete import DeleteScreen
from tests.ui.scenarios import make_app, open_application, pem, wait_until

RunBefore = Callable[[Pilot[None]], Any]
WIDE = (120, 36)
SMALL = (80, 24)


async def _open(pilot: Pilot[None], app_name: str, key: str, kind: type) -> Any:
    await open_application(pilot, app_name)
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind))
    await wait_until(pilot, lambda: pilot.app.screen.focused is not None)
    return pilot.app.screen


def _add(fill: Callable[[Any], None] | None = None, app_name: str = "Nightly Batch (legacy)"):
    def build() -> tuple[CredtuiApp, RunBefore]:
        app = make_app()

        async def run_before(pilot: Pilot[None]) -> None:
            dialog = await _open(pilot, app_name, "a", AddCredentialScreen)
            if fill is not None:
                fill(dialog)
                await pilot.pause()
                dialog.query_one("#name", Input).focus()
            await pilot.pause()

        return app, run_before

    return build


def _filled(dialog: Any) -> None:
    dialog.query_one("#name", Input).value = "batch-2026-q4"
    dialog.query_one("#pem", TextArea).load_text(pem("go_create_credential_first_spki.pem"))
    dialog.query_one("#attach", Select).value = "private_key_jwt"


def _field_error(dialog: Any) -> None:
    _filled(dialog)
    dialog.query_one("#kid", Input).value = "bad kid!"


def _method() -> tuple[CredtuiApp, RunBefore]:
    app = make_app()

    async def run_before(pilot: Pilot[None]) -> None:
        dialog = await _open(pilot, "Payments API", "m", AuthMethodScreen)
        buttons = list(dialog.query_one("#method", RadioSet).query("RadioButton"))
        buttons[METHODS.index(AuthMethod.CLIENT_SECRET_POST)].value = True
        await wait_until(
            pilot, lambda: "client_secret_post" in str(dialog.query_one("#method-diff").render())
        )

    return app, run_before


def _delete_attached() -> tuple[CredtuiApp, RunBefore]:
    app = make_app()

    async def run_before(pilot: Pilot[None]) -> None:
        await _open(pilot, "Ledger Export", "d", DeleteScreen)
        await pilot.pause()

    return app, run_before


CHANGE_SCENARIOS: dict[str, tuple[Callable[[], tuple[CredtuiApp, RunBefore]], tuple[int, int]]] = {
    "add-empty": (_add(), WIDE),
    "add-filled": (_add(_filled), WIDE),
    "add-field-error": (_add(_field_error), WIDE),
    "method-change": (_method, WIDE),
    "delete-attached": (_delete_attached, WIDE),
    "add-empty-80x24": (_add(), SMALL),
}
"""Name -> (build, terminal size)."""

CHANGE_INTENT = {
    "add-empty": "The add dialog over Nightly Batch: type public key, empty name and PEM, RS256, "
    "90 days, not attached; the preview asks for a key; footer shows ^s Save and esc Cancel.",
    "add-filled": "The same, filled: name, a recorded public key, attach to Private Key JWT; the "
    "preview shows the kid (thumbprint), RSA 2048-bit, RS256, the expiry 90 days on, and "
    "where it can be attached.",
    "add-field-error": "As filled, with the kid 'bad kid!': the kid field says why in the "
    "error colour and the preview asks to fix the fields.",
    "method-change": "Payments API switching to Client secret (post): the exact fields, before "
    "and after (client_authentication_methods -> null, token_endpoint_auth_method -> "
    "client_secret_post).",
    "delete-attached": "Deleting Ledger Export's only key: Auth0 refuses attached credentials, "
    "detach then delete is one step, what happens to the authentication, and the choices.",
    "add-empty-80x24": "The add dialog at 80x24: fields stacked, the preview below them, the "
    "buttons and footer keys visible; the body scrolls.",
}
