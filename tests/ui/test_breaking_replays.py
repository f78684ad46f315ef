"""Issue 18's findings 1 and 4 replayed at 80x24: a breaking change is asked about first,
Enter alone cancels it, and the tenant receives nothing.

Each test presses the keys a person would, lands on the breaking-change question
(focus on Cancel), presses Enter, and asserts on the emulator's request log (no
write), the tenant's state (unchanged) and the dialog behind (still open, still
holding what was typed).
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, RadioSet

from credtui.models import AuthMethod
from credtui.ui.screens.add_credential import AddCredentialScreen
from credtui.ui.screens.auth_method import METHODS, AuthMethodScreen
from credtui.ui.screens.confirm import BreakingChangeScreen
from tests import keyfactory
from tests.ui.changes_support import (
    app_on,
    client_named,
    last_seq,
    open_app,
    open_dialog,
    paste_pem,
    set_value,
    writes,
)
from tests.ui.scenarios import wait_until

SMALL = (80, 24)


async def enter_on_the_question(pilot: Pilot[None]) -> BreakingChangeScreen:
    """Wait for the breaking-change question, check the focus is on Cancel, press Enter."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, BreakingChangeScreen))
    question = app.screen
    assert isinstance(question, BreakingChangeScreen)
    await wait_until(pilot, lambda: question.focused is not None)
    assert question.focused is not None and question.focused.id == "confirm-cancel"
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.screen is not question)
    return question


def effects_of(question: BreakingChangeScreen) -> set[str]:
    return set(question.plan.effect_names)


@pytest.mark.slow
async def test_finding_1_attach_now_on_thermostat_fleet_asks_and_enter_sends_nothing() -> None:
    """A CA DN attached to tls_client_auth would detach the fleet's working certificate."""
    app, emu = app_on()
    name = "Thermostat Fleet"
    async with app.run_test(size=SMALL) as pilot:
        await open_app(pilot, name)
        client = client_named(emu, name)
        assert client.auth_methods is not None
        before = (client.token_endpoint_auth_method, dict(client.auth_methods))
        creds_before = set(client.credentials)
        seq = last_seq(emu)
        await open_dialog(pilot, "a", AddCredentialScreen)
        await set_value(pilot, "#kind", "ca_dn")
        await set_value(pilot, "#name", "fleet-ca")
        await set_value(pilot, "#subject-dn", "C=GB, O=Acme Corp, CN=fleet.acme.example")
        await set_value(pilot, "#attach", "tls_client_auth")
        await pilot.press("ctrl+s")
        question = await enter_on_the_question(pilot)

        assert {"detaches-working-credential", "switches-method"} <= effects_of(question)
        assert isinstance(app.screen, AddCredentialScreen)  # back in the form
        assert app.screen.query_one("#subject-dn", Input).value == (
            "C=GB, O=Acme Corp, CN=fleet.acme.example"
        )
        assert app.screen.query_one("#name", Input).value == "fleet-ca"
        assert writes(emu, seq) == []
        assert (client.token_endpoint_auth_method, dict(client.auth_methods)) == before
        assert set(client.credentials) == creds_before  # no orphan credential either


@pytest.mark.slow
async def test_finding_1_attach_now_on_a_client_secret_app_asks_and_enter_sends_nothing() -> None:
    """Attaching a key to a client-secret application hides its secret: asked first."""
    app, emu = app_on()
    name = "Nightly Batch (legacy)"
    async with app.run_test(size=SMALL) as pilot:
        await open_app(pilot, name)
        client = client_named(emu, name)
        seq = last_seq(emu)
        await open_dialog(pilot, "a", AddCredentialScreen)
        await set_value(pilot, "#name", "batch-2026")
        await paste_pem(pilot, keyfactory.spki_pem(keyfactory.rsa_key(2048, 3)))
        await set_value(pilot, "#attach", "private_key_jwt")
        await pilot.press("ctrl+s")
        question = await enter_on_the_question(pilot)

        assert {"hides-client-secret", "switches-method"} <= effects_of(question)
        assert isinstance(app.screen, AddCredentialScreen)
        assert writes(emu, seq) == []
        assert client.token_endpoint_auth_method == "client_secret_basic"
        assert client.credentials == {}


@pytest.mark.slow
async def test_finding_4_m_none_on_credtuis_own_application_asks_and_enter_sends_nothing() -> None:
    """Setting the profile's own management application to None would lock credtui out."""
    app, emu = app_on()
    own = emu.management
    async with app.run_test(size=SMALL) as pilot:
        await open_app(pilot, own.name)
        method_before = client_named(emu, own.name).token_endpoint_auth_method
        seq = last_seq(emu)
        await open_dialog(pilot, "m", AuthMethodScreen)
        radio = app.screen.query_one("#method", RadioSet)
        list(radio.query(RadioButton))[METHODS.index(AuthMethod.NONE)].value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        question = await enter_on_the_question(pilot)

        assert {"locks-out-credtui", "cannot-authenticate"} <= effects_of(question)
        assert isinstance(app.screen, AuthMethodScreen)
        assert writes(emu, seq) == []
        assert client_named(emu, own.name).token_endpoint_auth_method == method_before
