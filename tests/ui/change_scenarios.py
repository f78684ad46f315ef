"""The change dialogs as pictures: fixed tenant, clock and PEMs (recorded public keys only).

One definition serves the snapshot tests (``tests/snapshots/test_snapshots.py``)
and ``screenshots/``: ``python scripts/export_screenshots.py`` writes
``screenshots/<name>.svg``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, RadioSet, Select, SelectionList, TextArea

from credtui.emulator.app import Emulator
from credtui.emulator.clock import TenantClock
from credtui.models import AuthMethod
from credtui.ui.app import CredtuiApp
from credtui.ui.screens.add_credential import AddCredentialScreen
from credtui.ui.screens.auth_method import METHODS, AuthMethodScreen
from credtui.ui.screens.client_secret import SecretRotationScreen
from credtui.ui.screens.delete import DeleteScreen
from credtui.ui.screens.jwt_alg import JwtAlgScreen
from tests.ui.scenarios import FIXED_NOW, make_app, open_application, pem, wait_until

RunBefore = Callable[[Pilot[None]], Any]
WIDE = (120, 36)
SMALL = (80, 24)


async def _open(pilot: Pilot[None], app_name: str, key: str, kind: type) -> Any:
    await open_application(pilot, app_name)
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind))
    await wait_until(pilot, lambda: pilot.app.screen.focused is not None)
    return pilot.app.screen


def _add(
    fill: Callable[[Any], None] | None = None, app_name: str = "Nightly Batch (legacy)"
) -> Callable[[], tuple[CredtuiApp, RunBefore]]:
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


def fresh_public_key() -> str:
    """A 2048-bit public key no application of the snapshot tenant holds, the same on every
    run (made from a seed), so the picture adds a new key, not one Payments API holds."""
    from tests.keyfactory import seeded_rsa_key, spki_pem

    return spki_pem(seeded_rsa_key(2026))


def _filled(dialog: Any) -> None:
    dialog.query_one("#name", Input).value = "batch-2026-q4"
    dialog.query_one("#pem", TextArea).load_text(fresh_public_key())
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


def _vault_tenant() -> Emulator:
    """One application with a Token Vault key, its allowlist and grants, and a spare key."""
    emu = Emulator(clock=TenantClock(frozen_at=FIXED_NOW), rng_seed=11)
    key = {"credential_type": "public_key", "name": "broker-vault-2026"}
    emu.create_application(
        "Agent Broker",
        extra={
            "token_vault_privileged_access": {
                "credentials": [{**key, "pem": pem("go_create_credential_first_spki.pem")}],
                "ip_allowlist": ["10.0.0.1", "192.168.1.0/24"],
                "grants": [
                    {"connection": "github", "scopes": ["repo"]},
                    {"connection": "google-oauth2", "scopes": ["calendar.readonly"]},
                ],
            }
        },
        unattached=[
            {**key, "name": "broker-vault-2027", "pem": pem("go_create_credential_second_spki.pem")}
        ],
    )
    return emu


def _method_vault() -> tuple[CredtuiApp, RunBefore]:
    app = make_app({"acme-prod": _vault_tenant()})

    async def run_before(pilot: Pilot[None]) -> None:
        dialog = await _open(pilot, "Agent Broker", "m", AuthMethodScreen)
        keys = dialog.query_one("#token-vault-credentials", SelectionList)
        keys.focus()
        keys.highlighted = 1
        await pilot.press("space")
        await wait_until(pilot, lambda: len(keys.selected) == 2)
        await pilot.pause()

    return app, run_before


def _delete_attached() -> tuple[CredtuiApp, RunBefore]:
    app = make_app()

    async def run_before(pilot: Pilot[None]) -> None:
        await _open(pilot, "Ledger Export", "d", DeleteScreen)
        await pilot.pause()

    return app, run_before


def _secret(rotated: bool) -> Callable[[], tuple[CredtuiApp, RunBefore]]:
    """credtui's own application (the profile in use): the question, or the new secret."""

    def build() -> tuple[CredtuiApp, RunBefore]:
        app = make_app()

        async def run_before(pilot: Pilot[None]) -> None:
            dialog = await _open(
                pilot, "credtui Management API (emulator)", "s", SecretRotationScreen
            )
            if rotated:
                await pilot.press("tab", "enter")  # from Cancel to "Rotate secret"
                await wait_until(pilot, lambda: dialog._secret is not None)
            await pilot.pause()

        return app, run_before

    return build


def _jwt_alg() -> tuple[CredtuiApp, RunBefore]:
    app = make_app()

    async def run_before(pilot: Pilot[None]) -> None:
        dialog = await _open(pilot, "Nightly Batch (legacy)", "i", JwtAlgScreen)
        dialog.query_one(RadioSet).focus()
        await pilot.press("down", "enter")  # RS256 -> PS256
        await pilot.pause()

    return app, run_before


CHANGE_SCENARIOS: dict[str, tuple[Callable[[], tuple[CredtuiApp, RunBefore]], tuple[int, int]]] = {
    "add-empty": (_add(), WIDE),
    "add-filled": (_add(_filled), WIDE),
    "add-field-error": (_add(_field_error), WIDE),
    "method-change": (_method, WIDE),
    "method-token-vault-80x24": (_method_vault, SMALL),
    "delete-attached": (_delete_attached, WIDE),
    "add-empty-80x24": (_add(), SMALL),
    "secret-ask": (_secret(False), WIDE),
    "secret-new-80x24": (_secret(True), SMALL),
    "jwt-alg-80x24": (_jwt_alg, SMALL),
}
"""Name -> (build, terminal size)."""

CHANGE_INTENT = {
    "add-empty": "The add dialog over Nightly Batch: type public key, empty name, Expires "
    "'90 days, to 2027-02-21' under it, empty PEM, RS256, not attached; the preview asks for a key; footer shows ^s Save and esc Cancel.",
    "add-filled": "The same, filled: name, a public key no application holds, attach to Private "
    "Key JWT; the preview shows the type in words, the kid (thumbprint), RSA 2048-bit, RS256, "
    "the expiry 90 days on, and 'Can be attached to Private Key JWT or JAR'.",
    "add-field-error": "As filled, with the kid 'bad kid!': the kid field says why in the "
    "error colour and the preview asks to fix the fields.",
    "method-change": "Payments API switching to Client secret (post): above, its two public keys "
    "offered for JAR and for Token Vault (no allowlist, no grants); below, the breaking effects "
    "(detaches-working-credential, switches-method) in the warning colour, then the plan; the "
    "exact fields follow further down the scrolling body.",
    "method-token-vault-80x24": "Agent Broker at 80x24, a second key ticked for Token Vault: "
    "the list holds its two public keys only, its IP allowlist and grants read-only below it "
    "(kept as they are), the body scrolled to the list, Apply and Cancel and the footer visible.",
    "delete-attached": "Deleting Ledger Export's only key: Auth0 refuses attached credentials, "
    "detach then delete is one step, what happens to the authentication, and the choices.",
    "add-empty-80x24": "The add dialog at 80x24: fields stacked (Expires '90 days, to "
    "2027-02-21' third, above the fold), the preview below them, the buttons and footer keys "
    "visible; the body scrolls.",
    "secret-ask": "Rotating the secret of credtui's own management application: a red frame; "
    "acme-prod (this session) named as the profile that uses it, with the config file and u; "
    "the effects invalidates-client-secret and locks-out-credtui; the POST; the note that the "
    "secret is shown once; Cancel (focused) and Rotate secret; footer esc Close, ? Keys.",
    "secret-new-80x24": "The new secret at 80x24, masked: a row of dots and '(64 characters, "
    "hidden)', never the secret; acme-prod still has the old one (u gives it the new one) and "
    "this session stops at its next token; Copy, Show, Update profiles, Close and the footer's "
    "v, c, u keys visible.",
    "jwt-alg-80x24": "Nightly Batch's ID token algorithm at 80x24, PS256 picked: now RS256; the "
    "three choices with what signs them; the breaking effect and the add-on note in the "
    "warning colour; the PATCH below; Apply and Cancel visible.",
}
