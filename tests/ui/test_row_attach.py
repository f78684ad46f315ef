"""Attach or detach a credential from its own row (``space``), as the Dashboard's
credential menu enables and disables it: planned, a breaking detach confirmed with the
focus on Cancel, and what the tenant holds read back. Against the emulator, at 80x24."""

from __future__ import annotations

from credtui.ui.screens.confirm import BreakingChangeScreen
from tests.ui.changes_support import app_on, client_named, open_app, select_row, writes
from tests.ui.scenarios import screen_lines, wait_until

SMALL = (80, 24)


def _row(app: object, name: str) -> str:
    return next(line for line in screen_lines(app) if line.strip().startswith(f"{name} "))  # type: ignore[arg-type]


async def test_space_detaches_after_confirming_and_attaches_back() -> None:
    app, emu = app_on()
    client = client_named(emu, "Payments API")
    old = next(c.id for c in client.credentials.values() if c.name == "payments-2025-q4")
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_app(pilot, "Payments API")
        select_row(screen, "payments-2025-q4")
        await pilot.press("space")
        # Detaching a working credential is breaking: asked, the focus on Cancel, so
        # enter alone sends nothing.
        await wait_until(pilot, lambda: isinstance(app.screen, BreakingChangeScreen))
        assert app.screen.focused is not None and app.screen.focused.id == "confirm-cancel"
        assert any("Breaking change to Payments API" in line for line in screen_lines(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert writes(emu) == []
        assert old in (client.auth_methods or {})["private_key_jwt"]

        await pilot.press("space")
        await wait_until(pilot, lambda: isinstance(app.screen, BreakingChangeScreen))
        await pilot.press("tab", "enter")  # to "Apply anyway", then apply
        await wait_until(
            pilot, lambda: app.screen is screen and "not attached" in _row(app, "payments-2025-q4")
        )
        assert old not in (client.auth_methods or {})["private_key_jwt"]

        # Attaching it back to the method in use breaks nothing: sent at once.
        select_row(screen, "payments-2025-q4")
        await pilot.press("space")
        await wait_until(pilot, lambda: "Private Key JWT" in _row(app, "payments-2025-q4"))
        assert not isinstance(app.screen, BreakingChangeScreen)
        assert old in (client.auth_methods or {})["private_key_jwt"]


async def test_space_says_why_when_two_slots_would_do() -> None:
    """A key on an application with a client secret fits Private Key JWT and JAR: nothing
    is chosen for the person, and nothing is sent."""
    from tests import keyfactory
    from tests.ui.scenarios import snapshot_tenant

    emu = snapshot_tenant()
    emu.create_application(
        "Spare Keys",
        method="client_secret_post",
        unattached=[
            {
                "credential_type": "public_key",
                "name": "spare-key",
                "pem": keyfactory.spki_pem(keyfactory.rsa_key(2048, 31)),
            }
        ],
    )
    app, _ = app_on(emu)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        screen = await open_app(pilot, "Spare Keys")
        select_row(screen, "spare-key")
        await pilot.press("space")
        await pilot.pause()
        assert any("press m to choose" in line for line in screen_lines(app))
        assert writes(emu) == []


async def test_help_lists_the_row_key() -> None:
    from credtui.ui.screens.help import HelpScreen

    app, _ = app_on()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_app(pilot, "Payments API")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        assert any("space" in line and "Attach/detach" in line for line in screen_lines(app))
