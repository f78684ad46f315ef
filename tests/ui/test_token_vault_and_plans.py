"""The fifth slot (Token Vault) and the plans, as the TUI shows them.

A key attached to ``token_vault_privileged_access`` is shown attached (never
"authenticates nothing"), deleting it detaches it first; a tenant whose plan
lacks a feature gets the reason in words, and nothing changes.
"""

from __future__ import annotations

import pytest

from credtui.emulator.app import Emulator
from credtui.emulator.clock import TenantClock
from credtui.emulator.plans import Plan
from credtui.ui.screens.add_credential import AddCredentialScreen
from credtui.ui.screens.delete import DeleteScreen
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
    set_value,
    toasts,
    writes,
)
from tests.ui.scenarios import FIXED_NOW, wait_until


def _tenant(**options: object) -> Emulator:
    emu = Emulator(clock=TenantClock(frozen_at=FIXED_NOW), rng_seed=5, **options)  # type: ignore[arg-type]
    emu.create_application(
        "Agent Broker",
        extra={
            "token_vault_privileged_access": {
                "credentials": [
                    {
                        "credential_type": "public_key",
                        "name": "vault-key",
                        "pem": keyfactory.spki_pem(keyfactory.rsa_key(2048, 70)),
                    }
                ]
            }
        },
    )
    emu.create_application("Nightly Batch (legacy)", method="client_secret_basic")
    return emu


async def test_a_token_vault_key_is_attached_and_deleted_by_detaching_first() -> None:
    app, emu = app_on(_tenant())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot, "Agent Broker")
        assert rows(screen)["vault-key"][4] == "Token Vault"
        room = str(screen.query_one("#app-room").render())
        assert "Token Vault: 1 of 2 attached" in room and "1 of 4 credentials" in room
        client = client_named(emu, "Agent Broker")
        (cid,) = client.credentials
        seq = last_seq(emu)
        dialog = await open_dialog(pilot, "d", DeleteScreen)
        explain = str(dialog.query_one("#delete-explain").render())
        assert "Token Vault" in explain and "Cannot delete credential still associated" in explain
        consequence = str(dialog.query_one("#delete-consequence").render())
        assert "only Token Vault key" in consequence
        await pilot.press("ctrl+s")
        await apply_anyway(pilot)  # breaking: confirmed with "Apply anyway"
        await back_on_application(pilot, lambda s: not rows(s))
        assert client.credentials == {}
        base = f"/api/v2/clients/{client.client_id}"
        assert writes(emu, seq) == [("PATCH", base), ("DELETE", f"{base}/credentials/{cid}")]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("plan", "kind", "words"),
    [
        ("free", "public_key", "Private Key JWT needs the Enterprise plan"),
        ("professional", "public_key", "Private Key JWT needs the Enterprise plan"),
        (
            Plan("enterprise", hri=False),
            "x509_cert",
            "mTLS client authentication needs the Highly Regulated Identity add-on",
        ),
    ],
    ids=["free", "professional", "enterprise-without-hri"],
)
async def test_a_plan_without_the_feature_is_explained_and_nothing_changes(
    plan: Plan | str, kind: str, words: str
) -> None:
    app, emu = app_on(_tenant(plan=plan))
    seen: list[object] = []
    key = keyfactory.rsa_key(2048, 71)
    pem = (
        keyfactory.spki_pem(key)
        if kind == "public_key"
        else keyfactory.cert_pem(keyfactory.self_signed_cert(key))
    )
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await open_app(pilot, "Nightly Batch (legacy)")
        client = client_named(emu, "Nightly Batch (legacy)")
        await open_dialog(pilot, "a", AddCredentialScreen)
        await set_value(pilot, "#kind", kind)
        await set_value(pilot, "#name", "batch-key")
        await paste_pem(pilot, pem)
        await pilot.press("ctrl+s")

        def said() -> str:
            status = str(app.screen.query_one("#form-status").render())
            return " ".join([status, *toasts(seen)])

        await wait_until(pilot, lambda: words in said())
        # The form stays open with what was typed; the tenant holds nothing new.
        assert isinstance(app.screen, AddCredentialScreen)
        assert app.screen.query_one("#name").value == "batch-key"  # type: ignore[attr-defined]
        assert client.credentials == {}
