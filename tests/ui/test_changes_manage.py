"""Method, JAR, token binding, expiry and delete from the TUI, each checked on the tenant."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, RadioButton, RadioSet

from credtui.models import AuthMethod
from credtui.rules import format_timestamp
from credtui.ui.screens.add_credential import AddCredentialScreen
from credtui.ui.screens.auth_method import METHODS, AuthMethodScreen
from credtui.ui.screens.delete import DeleteScreen
from credtui.ui.screens.expiry import ExpiryScreen
from tests import keyfactory
from tests.ui.changes_support import (
    SIZE,
    app_on,
    apply_anyway,
    back_on_application,
    client_named,
    last_seq,
    open_app,
    open_dialog,
    paste_pem,
    rows,
    select_row,
    set_value,
    toasts,
    writes,
)
from tests.ui.scenarios import FIXED_NOW, type_keys, wait_until


def pick_method(pilot: object, method: AuthMethod) -> None:
    radio = pilot.app.screen.query_one("#method", RadioSet)  # type: ignore[attr-defined]
    list(radio.query("RadioButton"))[METHODS.index(method)].value = True


@pytest.mark.slow
async def test_require_jar_with_a_key() -> None:
    app, emu = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, "Nightly Batch (legacy)")
        client = client_named(emu, "Nightly Batch (legacy)")
        await open_dialog(pilot, "a", AddCredentialScreen)
        await set_value(pilot, "#name", "jar-key")
        await paste_pem(pilot, keyfactory.spki_pem(keyfactory.rsa_key(2048, 8)))
        await set_value(pilot, "#attach", "signed_request_object")
        await pilot.press("ctrl+s")
        screen = await back_on_application(pilot, lambda s: "jar-key" in rows(s))
        (cid,) = client.credentials
        assert client.signed_request_object == {"credentials": [cid]}
        assert client.token_endpoint_auth_method == "client_secret_basic"  # unchanged

        seq = last_seq(emu)
        await open_dialog(pilot, "m", AuthMethodScreen)
        app.screen.query_one("#jar-required", Checkbox).value = True
        await pilot.pause()
        diff = str(app.screen.query_one("#method-diff").render())
        assert "signed_request_object" in diff and '"required": true' in diff
        await pilot.press("ctrl+s")
        screen = await back_on_application(
            pilot,
            lambda s: "required" in str(s.query_one("#app-summary").render()).split("JAR")[1][:20],
        )
        assert client.signed_request_object == {"required": True, "credentials": [cid]}
        assert writes(emu, seq) == [("PATCH", f"/api/v2/clients/{client.client_id}")]
        assert "Signed requests (JAR): required" in str(screen.query_one("#app-summary").render())


@pytest.mark.slow
async def test_certificate_bound_tokens_off_then_on() -> None:
    app, emu = app_on()
    name = "Treasury Gateway (mTLS)"
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, name)
        client = client_named(emu, name)
        for wanted in (False, True):
            await open_dialog(pilot, "m", AuthMethodScreen)
            app.screen.query_one("#token-binding", Checkbox).value = wanted
            await pilot.pause()
            assert "tls_client_certificate_binding" in str(
                app.screen.query_one("#method-diff").render()
            )
            await pilot.press("ctrl+s")
            await back_on_application(
                pilot,
                lambda s, w=wanted: (
                    ("certificate-bound" in str(s.query_one("#app-summary").render())) == w
                ),
            )
            assert client.settings["access_token"]["tls_client_certificate_binding"] is wanted
        assert client.auth_methods is not None and "tls_client_auth" in client.auth_methods


async def test_revert_to_client_secret_post_shows_before_and_after() -> None:
    app, emu = app_on()
    name = "Payments API"
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, name)
        client = client_named(emu, name)
        await open_dialog(pilot, "m", AuthMethodScreen)
        pick_method(pilot, AuthMethod.CLIENT_SECRET_POST)
        await pilot.pause()
        diff = str(app.screen.query_one("#method-diff").render())
        assert 'client_authentication_methods\n  before  {"private_key_jwt"' in diff
        assert "  after   null\ntoken_endpoint_auth_method\n  before  null" in diff
        assert diff.endswith('  after   "client_secret_post"')
        await pilot.press("ctrl+s")
        await apply_anyway(pilot)  # breaking: confirmed with "Apply anyway"
        screen = await back_on_application(
            pilot, lambda s: "Client secret (post)" in str(s.query_one("#app-summary").render())
        )
        assert client.auth_methods is None
        assert client.token_endpoint_auth_method == "client_secret_post"
        assert all(r[4] == "not attached" for r in rows(screen).values())


async def test_set_then_change_expiry() -> None:
    app, emu = app_on()
    name = "Billing Reconciler"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot, name)
        client = client_named(emu, name)
        cred = next(c for c in client.credentials.values() if c.name == "billing-next (staged)")
        select_row(screen, "billing-next (staged)")
        await pilot.pause()
        seq = last_seq(emu)
        await open_dialog(pilot, "e", ExpiryScreen)
        await type_keys(pilot, *"2027-06-30")
        await wait_until(
            pilot,
            lambda: "2027-06-30 00:00 UTC" in str(app.screen.query_one("#expiry-after").render()),
        )
        await pilot.press("ctrl+s")
        await back_on_application(
            pilot, lambda s: rows(s)["billing-next (staged)"][3].startswith("2027-06-30")
        )
        assert cred.expires_at is not None
        assert format_timestamp(cred.expires_at) == "2027-06-30T00:00:00.000Z"

        await open_dialog(pilot, "e", ExpiryScreen)
        await set_value(pilot, "#expiry-choice", "+1y")
        await pilot.press("ctrl+s")
        await back_on_application(
            pilot, lambda s: rows(s)["billing-next (staged)"][3].startswith("2027-11-23")
        )
        assert cred.expires_at == FIXED_NOW.replace(year=2027)
        path = f"/api/v2/clients/{client.client_id}/credentials/{cred.id}"
        assert writes(emu, seq) == [("PATCH", path), ("PATCH", path)]


async def test_delete_an_unattached_credential() -> None:
    app, emu = app_on()
    seen: list[object] = []
    name = "Billing Reconciler"
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        screen = await open_app(pilot, name)
        client = client_named(emu, name)
        old = next(c for c in client.credentials.values() if c.name == "billing-old")
        select_row(screen, "billing-old")
        await pilot.pause()
        seq = last_seq(emu)
        dialog = await open_dialog(pilot, "d", DeleteScreen)
        assert "not attached" in str(dialog.query_one("#delete-explain").render())
        await pilot.press("ctrl+s")
        await back_on_application(pilot, lambda s: "billing-old" not in rows(s))
        assert old.id not in client.credentials
        assert writes(emu, seq) == [
            ("DELETE", f"/api/v2/clients/{client.client_id}/credentials/{old.id}")
        ]
        assert "Deleted billing-old." in toasts(seen)


async def test_detach_then_delete_the_only_key_switching_to_a_client_secret() -> None:
    app, emu = app_on()
    name = "Ledger Export"
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, name)
        client = client_named(emu, name)
        (cid,) = client.credentials
        seq = last_seq(emu)
        dialog = await open_dialog(pilot, "d", DeleteScreen)
        assert "Auth0 refuses to delete an attached credential" in str(
            dialog.query_one("#delete-explain").render()
        )
        consequence = str(dialog.query_one("#delete-consequence").render())
        assert "cannot get tokens" in consequence
        radio = dialog.query_one("#fallback", RadioSet)
        list(radio.query(RadioButton))[1].value = True  # switch to client_secret_post
        await pilot.pause()
        await pilot.press("ctrl+s")
        await apply_anyway(pilot)  # breaking: confirmed with "Apply anyway"
        screen = await back_on_application(pilot, lambda s: not rows(s))
        assert client.credentials == {}
        assert client.auth_methods is None
        assert client.token_endpoint_auth_method == "client_secret_post"
        base = f"/api/v2/clients/{client.client_id}"
        assert writes(emu, seq) == [("PATCH", base), ("DELETE", f"{base}/credentials/{cid}")]
        assert "Client secret (post)" in str(screen.query_one("#app-summary").render())


@pytest.mark.slow
async def test_cancel_sends_nothing_and_copy_puts_the_kid_on_the_clipboard() -> None:
    app, emu = app_on()
    seen: list[object] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        screen = await open_app(pilot, "Payments API")
        seq = last_seq(emu)
        for key, kind in (("d", DeleteScreen), ("m", AuthMethodScreen), ("e", ExpiryScreen)):
            await open_dialog(pilot, key, kind)
            await pilot.press("escape")
            await back_on_application(pilot)
        assert writes(emu, seq) == []
        select_row(screen, "payments-2026-q1")
        await pilot.pause()
        cred = next(
            c
            for c in client_named(emu, "Payments API").credentials.values()
            if c.name == "payments-2026-q1"
        )
        await pilot.press("c")
        assert app.clipboard == cred.kid
        assert f"Copied the kid: {cred.kid}" in toasts(seen)
        await pilot.press("C")
        assert app.clipboard == client_named(emu, "Payments API").client_id
        assert writes(emu, seq) == []
