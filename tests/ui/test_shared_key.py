"""The application screen flags a key another application uses, only where that is known."""

from __future__ import annotations

from typing import Any

from credtui.emulator.app import Emulator
from credtui.emulator.clock import TenantClock
from tests import keyfactory
from tests.ui.scenarios import DAY, FIXED_NOW, make_app, open_application, wait_until


def _key(name: str, index: int) -> dict[str, Any]:
    return {
        "credential_type": "public_key",
        "name": name,
        "pem": keyfactory.spki_pem(keyfactory.rsa_key(2048, index)),
    }


def _tenant(fillers: int) -> Emulator:
    """ "Payments API" and "Orders Service" share one key, ``fillers`` applications apart."""
    emu = Emulator(clock=TenantClock(frozen_at=FIXED_NOW - 10 * DAY), rng_seed=7)
    emu.create_application(
        "Payments API", method="private_key_jwt", credentials=[_key("payments-key", 230)]
    )
    for i in range(fillers):
        emu.create_application(f"Batch Worker {i:02}", method="client_secret_post")
    emu.create_application(
        "Orders Service", method="private_key_jwt", credentials=[_key("orders-key", 230)]
    )
    emu.create_application(
        "Audit Service", method="private_key_jwt", credentials=[_key("audit-key", 231)]
    )
    return emu


def detail(app: Any) -> str:
    return str(app.screen.query_one("#cred-detail").render())


async def test_a_key_another_application_was_read_with_is_flagged() -> None:
    app = make_app({"acme-prod": _tenant(0)})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_application(pilot, "Payments API")
        await wait_until(pilot, lambda: "payments-key" in detail(app))
        assert "Shared key: also used by Orders Service" in detail(app)
        await pilot.press("escape")
        await open_application(pilot, "Audit Service")  # its own key: nothing claimed
        await wait_until(pilot, lambda: "audit-key" in detail(app))
        assert "Shared key" not in detail(app)


async def test_nothing_is_claimed_while_the_other_application_is_unread() -> None:
    app = make_app({"acme-prod": _tenant(40)})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_application(pilot, "Payments API")
        await wait_until(pilot, lambda: "payments-key" in detail(app))
        orders = [c for c in app.credentials.values() if any(x.name == "orders-key" for x in c)]
        assert not orders  # Orders Service is off screen, its credentials unread
        assert "Shared key" not in detail(app)

        # A finished sweep of the tenant makes it known.
        await pilot.press("escape", "x")
        await wait_until(pilot, lambda: "acme-prod" in app.sweeps, timeout=10)
        await pilot.press("escape")
        await open_application(pilot, "Payments API")
        await wait_until(pilot, lambda: "payments-key" in detail(app))
        assert "Shared key: also used by Orders Service" in detail(app)
