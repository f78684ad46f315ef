"""Bad input is refused before anything is sent; faults during a change keep the dialog.

Every refusal shows a specific sentence at its field (or in a toast) and the
emulator's request log stays empty: not one request, not even a read. Faults
(500, a dropped connection after the tenant acted, 429) leave the dialog open
with what was typed, say what happened, and never create a credential twice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.widgets import Input, RadioButton, RadioSet, SelectionList, TextArea

from credtui.models import AuthMethod
from credtui.ui.screens.add_credential import AddCredentialScreen
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.auth_method import METHODS, AuthMethodScreen
from credtui.ui.screens.confirm import ConfirmScreen
from tests import keyfactory
from tests.ui.changes_support import (
    SIZE,
    api_log,
    app_on,
    apply_anyway,
    back_on_application,
    client_named,
    error_text,
    last_seq,
    open_app,
    open_dialog,
    paste_pem,
    rows,
    set_value,
    status_text,
    toasts,
)
from tests.ui.scenarios import pem, wait_until

Pilot = Any
GOOD_KEY = keyfactory.spki_pem(keyfactory.rsa_key(2048, 10))


async def long_name(pilot: Pilot) -> None:
    await paste_pem(pilot, GOOD_KEY)
    await set_value(pilot, "#name", "n" * 129)


async def bad_kid(pilot: Pilot) -> None:
    await paste_pem(pilot, GOOD_KEY)
    await set_value(pilot, "#kid", "short")


async def past_expiry(pilot: Pilot) -> None:
    await paste_pem(pilot, GOOD_KEY)
    await set_value(pilot, "#expiry-choice", "typed")
    await set_value(pilot, "#expires", "2020-01-01")


async def small_key(pilot: Pilot) -> None:
    await paste_pem(pilot, keyfactory.spki_pem(keyfactory.rsa_key(1024, 0)))


async def long_dn(pilot: Pilot) -> None:
    await set_value(pilot, "#kind", "ca_dn")
    await set_value(pilot, "#subject-dn", "C=GB, O=Acme, CN=" + "x" * 300)


async def duplicate(pilot: Pilot) -> None:
    await paste_pem(pilot, pem("tf_credentials_2_cert.pem"))  # billing-primary's key


async def third_on_method(pilot: Pilot) -> None:
    await paste_pem(pilot, GOOD_KEY)
    await set_value(pilot, "#attach", "private_key_jwt")


REFUSALS: dict[str, tuple[str, str, Callable[[Pilot], Awaitable[None]], str]] = {
    # name: (application, field, fill, expected words at the field)
    "over-long name": (
        "Billing Reconciler",
        "name",
        long_name,
        "The name is 129 characters long; Auth0 allows at most 128.",
    ),
    "bad kid": (
        "Billing Reconciler",
        "kid",
        bad_kid,
        "The kid is 5 characters long; Auth0 needs 10 to 64.",
    ),
    "past expiry": ("Billing Reconciler", "expiry", past_expiry, "is not in the future"),
    "key too small": ("Billing Reconciler", "pem", small_key, "This is a 1024-bit RSA key"),
    "DN too long": ("Billing Reconciler", "subject-dn", long_dn, "Auth0 allows at most 256"),
    "duplicate key": (
        "Billing Reconciler",
        "pem",
        duplicate,
        "already on this application as 'billing-primary'",
    ),
    "third credential on a method": (
        "Payments API",
        "attach",
        third_on_method,
        "Private Key JWT already has 2 credentials attached, the most Auth0 allows on one method",
    ),
}


@pytest.mark.slow
async def test_add_refusals_are_specific_and_send_nothing() -> None:
    """Each case in one session (one app start): the field says why, nothing is sent."""
    app, emu = app_on()
    async with app.run_test(size=SIZE) as pilot:
        for case, (name, field, fill, expected) in REFUSALS.items():
            if not (
                isinstance(app.screen, ApplicationScreen) and app.screen.application.name == name
            ):
                if isinstance(app.screen, ApplicationScreen):
                    await pilot.press("escape")
                await open_app(pilot, name)
            before = len(client_named(emu, name).credentials)
            seq = last_seq(emu)
            await open_dialog(pilot, "a", AddCredentialScreen)
            await fill(pilot)

            def field_says(f: str = field, e: str = expected) -> bool:
                return e in error_text(pilot, f)

            await wait_until(pilot, field_says)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, AddCredentialScreen), case
            assert status_text(pilot).startswith("Not sent"), case
            assert api_log(emu, seq) == [], case
            assert len(client_named(emu, name).credentials) == before, case
            await pilot.press("escape")
            if isinstance(app.screen, ConfirmScreen):  # escape asks before losing typed input
                await pilot.press("y")
            await back_on_application(pilot)


async def test_a_pasted_private_key_is_cleared_and_nothing_else_is_lost() -> None:
    app, emu = app_on()
    private = keyfactory.private_pem(keyfactory.rsa_key(2048, 11))
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, "Billing Reconciler")
        seq = last_seq(emu)
        await open_dialog(pilot, "a", AddCredentialScreen)
        await set_value(pilot, "#name", "kept")
        await set_value(pilot, "#kid", "my-kid-0001")
        await paste_pem(pilot, private)
        await wait_until(pilot, lambda: "private key" in error_text(pilot, "pem").lower())
        assert app.screen.query_one("#pem", TextArea).text == ""
        assert app.screen.query_one("#name", Input).value == "kept"
        assert app.screen.query_one("#kid", Input).value == "my-kid-0001"
        assert private.splitlines()[1] not in app.export_screenshot()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AddCredentialScreen)
        assert api_log(emu, seq) == []


async def test_a_fifth_credential_is_refused_before_the_form_opens() -> None:
    app, emu = app_on()
    seen: list[object] = []
    client = client_named(emu, "Billing Reconciler")
    emu.add_credential(
        client.client_id,
        {"credential_type": "public_key", "name": "fourth", "pem": GOOD_KEY},
    )
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await open_app(pilot, "Billing Reconciler")
        seq = last_seq(emu)
        await pilot.press("a")
        await wait_until(pilot, lambda: any("already has 4 credentials" in t for t in toasts(seen)))
        assert any("A client can have a maximum of 4 credentials." in t for t in toasts(seen))
        assert isinstance(app.screen, ApplicationScreen)
        assert api_log(emu, seq) == []


async def test_a_credential_of_the_wrong_type_for_a_method_is_refused() -> None:
    app, emu = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, "Payments API")
        seq = last_seq(emu)
        dialog = await open_dialog(pilot, "m", AuthMethodScreen)
        radio = dialog.query_one("#method", RadioSet)
        index = METHODS.index(AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH)
        list(radio.query(RadioButton))[index].value = True
        await pilot.pause()
        listing = dialog.query_one("#credentials", SelectionList)
        auth_methods = client_named(emu, "Payments API").auth_methods
        assert auth_methods is not None
        listing.select(auth_methods["private_key_jwt"][0])
        await wait_until(
            pilot,
            lambda: (
                "mTLS (self-signed) takes self-signed certificates"
                in error_text(pilot, "credentials")
            ),
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AuthMethodScreen)
        assert status_text(pilot).startswith("Not sent")
        assert api_log(emu, seq) == []


# --- faults during a change -----------------------------------------------------------

CREATE = "/api/v2/clients/*/credentials"


async def start_add(pilot: Pilot, emu: Any, name: str = "kept-name") -> Any:
    await open_app(pilot, "Nightly Batch (legacy)")
    await open_dialog(pilot, "a", AddCredentialScreen)
    await set_value(pilot, "#name", name)
    await paste_pem(pilot, GOOD_KEY)
    return client_named(emu, "Nightly Batch (legacy)")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ({"status": 500}, "server error (500)"),
        ({"status": 429}, "rate limit"),
    ],
)
async def test_a_failed_create_keeps_the_form_and_creates_nothing(
    fault: dict[str, Any], words: str
) -> None:
    app, emu = app_on()
    async with app.run_test(size=SIZE) as pilot:
        client = await start_add(pilot, emu)
        emu.faults.add(method="POST", path=CREATE, times=10, **fault)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Could not add the credential" in status_text(pilot))
        assert words in status_text(pilot)
        assert isinstance(app.screen, AddCredentialScreen)
        assert app.screen.query_one("#name", Input).value == "kept-name"
        assert app.screen.query_one("#pem", TextArea).text.strip() == GOOD_KEY.strip()
        assert client.credentials == {}
        # The tenant recovers: the same form sends once, and one credential exists.
        emu.faults.clear()
        await pilot.press("ctrl+s")
        await back_on_application(pilot, lambda s: "kept-name" in rows(s))
        assert [c.name for c in client.credentials.values()] == ["kept-name"]


@pytest.mark.slow
async def test_a_create_answered_by_a_dropped_connection_is_found_not_repeated() -> None:
    app, emu = app_on()
    seen: list[object] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        client = await start_add(pilot, emu)
        seq = last_seq(emu)
        emu.faults.add(method="POST", path=CREATE, drop=True, after_processing=True)
        await pilot.press("ctrl+s")
        await back_on_application(pilot, lambda s: "kept-name" in rows(s))
        assert [c.name for c in client.credentials.values()] == ["kept-name"]
        posts = [m for m, _ in api_log(emu, seq) if m == "POST"]
        assert posts == ["POST"]  # never resent blindly: the list showed it was created
        assert "Added kept-name." in toasts(seen)


@pytest.mark.slow
async def test_a_failed_method_change_keeps_the_dialog_and_changes_nothing() -> None:
    app, emu = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, "Payments API")
        client = client_named(emu, "Payments API")
        dialog = await open_dialog(pilot, "m", AuthMethodScreen)
        list(dialog.query_one("#method", RadioSet).query(RadioButton))[3].value = True
        await pilot.pause()
        emu.faults.add(method="PATCH", path="/api/v2/clients/*", status=503, times=10)
        await pilot.press("ctrl+s")
        await apply_anyway(pilot)  # breaking: confirmed with "Apply anyway"
        await wait_until(pilot, lambda: "Could not change the authentication" in status_text(pilot))
        assert "server error (503)" in status_text(pilot)
        assert isinstance(app.screen, AuthMethodScreen)
        assert dialog.method is AuthMethod.CLIENT_SECRET_POST
        assert client.auth_methods is not None and "private_key_jwt" in client.auth_methods
