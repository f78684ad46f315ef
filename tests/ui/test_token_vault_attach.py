"""Token Vault through ``m`` at 80x24: its public keys, its allowlist and grants, attached on
the tenant; detaching its only key asks first, focus on Cancel."""

from __future__ import annotations

from textual.widgets import Button, SelectionList

from credtui.emulator.app import Emulator
from credtui.emulator.clock import TenantClock
from credtui.ui.screens.auth_method import AuthMethodScreen
from credtui.ui.screens.confirm import BreakingChangeScreen
from tests import keyfactory
from tests.ui.changes_support import (
    app_on,
    back_on_application,
    client_named,
    last_seq,
    open_app,
    open_dialog,
    rows,
    writes,
)
from tests.ui.scenarios import FIXED_NOW, wait_until

SMALL = (80, 24)
NAME = "Agent Broker"
SETTINGS = {
    "ip_allowlist": ["10.0.0.1", "192.168.1.0/24"],
    "grants": [{"connection": "github", "scopes": ["repo"]}],
}


def _tenant() -> Emulator:
    emu = Emulator(clock=TenantClock(frozen_at=FIXED_NOW), rng_seed=5)
    key = keyfactory.rsa_key(2048, 72)
    emu.create_application(
        NAME,
        extra={
            "token_vault_privileged_access": {
                "credentials": [
                    {
                        "credential_type": "public_key",
                        "name": "vault-key",
                        "pem": keyfactory.spki_pem(keyfactory.rsa_key(2048, 70)),
                    }
                ],
                **SETTINGS,
            }
        },
        unattached=[
            {
                "credential_type": "public_key",
                "name": "vault-next",
                "pem": keyfactory.spki_pem(keyfactory.rsa_key(2048, 71)),
            },
            {
                "credential_type": "x509_cert",
                "name": "edge-cert",
                "pem": keyfactory.cert_pem(keyfactory.self_signed_cert(key)),
            },
        ],
    )
    return emu


def _ids_by_name(emu: Emulator) -> dict[str, str]:
    client = client_named(emu, NAME)
    return {c.name or "": c.id for c in client.credentials.values()}


async def test_attach_a_key_to_token_vault_through_m_at_80x24() -> None:
    app, emu = app_on(_tenant())
    ids = _ids_by_name(emu)
    client = client_named(emu, NAME)
    async with app.run_test(size=SMALL) as pilot:
        await open_app(pilot, NAME)
        seq = last_seq(emu)
        dialog = await open_dialog(pilot, "m", AuthMethodScreen)
        keys = dialog.query_one("#token-vault-credentials", SelectionList)
        # Public keys only: the certificate cannot be a Token Vault key.
        options = [keys.get_option_at_index(i).value for i in range(keys.option_count)]
        assert options == [ids["vault-key"], ids["vault-next"]]
        assert keys.selected == [ids["vault-key"]]
        settings = str(dialog.query_one("#token-vault-settings").render())
        assert "IP allowlist: 10.0.0.1, 192.168.1.0/24" in settings
        assert "Grants: github: repo" in settings

        keys.focus()
        # At 80x24 the body scrolls the whole section into view: the keys, the allowlist
        # and the grants; the buttons stay on screen below it.
        parts = (keys, dialog.query_one("#token-vault-settings"))

        def in_view() -> bool:
            body = dialog.query_one("#form-body").region
            return all(p.region.height > 0 and body.contains_region(p.region) for p in parts)

        await wait_until(pilot, in_view)  # the scroll comes after a refresh
        assert dialog.query_one("#form-send", Button).region.bottom <= SMALL[1]
        keys.highlighted = 1
        await pilot.press("space")
        await wait_until(pilot, lambda: len(keys.selected) == 2)
        diff = str(dialog.query_one("#method-diff").render())
        assert "Token Vault (privileged access): vault-key -> vault-key, vault-next" in diff
        assert "token_vault_privileged_access" in diff
        assert str(dialog.query_one("#method-warnings").render()) == ""  # nothing breaks

        await pilot.press("ctrl+s")
        screen = await back_on_application(pilot, lambda s: "Token Vault" in rows(s)["vault-next"])
        assert client.token_vault == {
            "credentials": [ids["vault-key"], ids["vault-next"]],
            **SETTINGS,
        }
        assert writes(emu, seq) == [("PATCH", f"/api/v2/clients/{client.client_id}")]
        assert rows(screen)["edge-cert"][4] != "Token Vault"


async def test_detaching_the_only_token_vault_key_asks_first() -> None:
    app, emu = app_on(_tenant())
    ids = _ids_by_name(emu)
    client = client_named(emu, NAME)
    async with app.run_test(size=SMALL) as pilot:
        await open_app(pilot, NAME)
        seq = last_seq(emu)
        dialog = await open_dialog(pilot, "m", AuthMethodScreen)
        keys = dialog.query_one("#token-vault-credentials", SelectionList)
        keys.focus()
        keys.highlighted = 0
        await pilot.press("space")
        await wait_until(pilot, lambda: keys.selected == [])
        warnings = str(dialog.query_one("#method-warnings").render())
        assert "detaches-working-credential" in warnings and "vault-key" in warnings

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BreakingChangeScreen))
        await wait_until(pilot, lambda: app.screen.focused is not None)
        await pilot.press("enter")  # Enter alone never confirms: the focus is on Cancel
        await wait_until(pilot, lambda: isinstance(app.screen, AuthMethodScreen))
        assert writes(emu, seq) == []
        assert client.token_vault == {"credentials": [ids["vault-key"]], **SETTINGS}
