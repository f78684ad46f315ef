"""Issue 18, findings 2 and 3: a resumed rotation keeps its old credential old, and Enter
never runs a breaking step nor loses the re-read, on the demo tenant at 80x24.

The tenant is the one ``credtui demo`` serves (``seed_demo``, with test keys for speed,
dated from the tests' fixed clock): Inventory Sync has one key, ``inventory-2026``
(28 days left); Payments API has ``payments-2025-q4`` (12 days left) and, added after
it, ``payments-2026-q1`` (365 days left), both attached: a rotation in progress.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Input

from credtui.emulator.app import Emulator
from credtui.emulator.clock import TenantClock
from credtui.emulator.seed import DEMO_KEY_COUNT, seed_demo
from credtui.ops.plan import Effect
from credtui.ops.rotation import RotationStep
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.confirm import BreakingChangeScreen
from credtui.ui.screens.rotation import RotationScreen
from credtui.ui.widgets.virtual_table import VirtualTable
from tests.keyfactory import rsa_key
from tests.ui.changes_support import (
    app_on,
    apply_anyway,
    back_on_application,
    client_named,
    last_seq,
    rows,
    set_value,
    status_text,
    writes,
)
from tests.ui.rotation_scenarios import SMALL, open_rotation, rotate_from
from tests.ui.scenarios import FIXED_NOW, wait_until
from tests.ui.test_rotation_screen import attached, names, next_step, text

INVENTORY = "Inventory Sync"
PAYMENTS = "Payments API"


def demo_tenant() -> Emulator:
    """The demo tenant, its dates relative to the app's fixed clock."""
    emu = Emulator(clock=TenantClock(frozen_at=FIXED_NOW))
    seed_demo(emu, [rsa_key(2048, 200 + i) for i in range(DEMO_KEY_COUNT)], now=FIXED_NOW)
    return emu


def cursor_name(screen: ApplicationScreen) -> str:
    """The name of the credential under the table's cursor."""
    table = screen.query_one(VirtualTable)
    key = table.cursor_key
    return next(c.display_name for c in screen.credentials or () if c.id == key)


def toasts(seen: list[object]) -> list[str]:
    return [m.notification.message for m in seen if isinstance(m, Notify)]


async def reopen(pilot: Pilot[None], name: str) -> RotationScreen:
    """On the application screen: put the cursor on ``name``, press o, wait for the read."""
    return await rotate_from(pilot, name)


async def add_and_attach(pilot: Pilot[None], tmp_path: Path) -> RotationScreen:
    """Inventory Sync: o on inventory-2026, a key pair made here, ctrl+s (add), ctrl+s (attach)."""
    dialog = await open_rotation(pilot, INVENTORY, "inventory-2026")
    assert dialog.state is not None and dialog.state.step is RotationStep.ADD
    await set_value(pilot, "#key-path", str(tmp_path / "inventory-next.pem"))
    await set_value(pilot, "#name", "inventory-next")
    assert await next_step(pilot, dialog) is RotationStep.ADD
    assert await next_step(pilot, dialog) is RotationStep.ATTACH
    assert dialog.state is not None and dialog.state.step is RotationStep.DEPLOY  # type: ignore[comparison-overlap]  # changed by the await above
    return dialog


@pytest.mark.slow
async def test_inventory_paused_after_attach_resumes_the_old_key_from_either_key(
    tmp_path: Path,
) -> None:
    app, emu = app_on(demo_tenant())
    seen: list[object] = []
    async with app.run_test(size=SMALL, message_hook=seen.append) as pilot:
        await add_and_attach(pilot, tmp_path)
        client = client_named(emu, INVENTORY)
        assert sorted(attached(client)) == ["inventory-2026", "inventory-next"]

        # escape: the cursor lands on the OLD key, where the toast says to press o.
        await pilot.press("escape")
        screen = await back_on_application(pilot, lambda s: "inventory-next" in rows(s))
        assert cursor_name(screen) == "inventory-2026"
        assert any("Press o on inventory-2026 to resume." in t for t in toasts(seen))

        # o there resumes the same rotation, at deploy: inventory-2026 is still the old key.
        dialog = await reopen(pilot, "inventory-2026")
        assert dialog.old.name == "inventory-2026"
        assert dialog.state is not None and dialog.state.step is RotationStep.DEPLOY
        assert dialog.state.new is not None and dialog.state.new.name == "inventory-next"
        await pilot.press("escape")
        await back_on_application(pilot)

        # o on the NEW key resumes that rotation too (old stays old), never a rotation of it.
        dialog = await reopen(pilot, "inventory-next")
        assert dialog.old.name == "inventory-2026"
        assert "Rotate inventory-2026 of Inventory Sync" in text(dialog, "#form-title")
        assert dialog.state is not None and dialog.state.step is RotationStep.DEPLOY
        assert dialog.state.new is not None and dialog.state.new.name == "inventory-next"
        assert "inventory-2026 stays the old credential" in text(dialog, "#rotation-candidate")

        # Carried to the end: the key expiring in 28 days goes, the new one stays.
        assert await next_step(pilot, dialog) is RotationStep.DEPLOY
        assert await next_step(pilot, dialog, breaking=True) is RotationStep.DETACH_OLD
        assert await next_step(pilot, dialog) is RotationStep.DELETE_OLD
        assert dialog.state.step is RotationStep.DONE  # type: ignore[comparison-overlap]  # changed by the await above
        assert names(client) == ["inventory-next"] and attached(client) == ["inventory-next"]
        assert "The rotation is complete." in text(dialog, "#rotation-now")
        assert not dialog.query_one("#rotation-candidate").display  # "resumes" is over
        await pilot.press("escape")
        screen = await back_on_application(pilot, lambda s: "inventory-2026" not in rows(s))
        assert cursor_name(screen) == "inventory-next"
        assert app.rotations == {}  # the session's record ends with the rotation


@pytest.mark.slow
async def test_payments_o_on_the_newer_key_resumes_its_rotation_and_keeps_the_365_day_key() -> None:
    app, emu = app_on(demo_tenant())
    async with app.run_test(size=SMALL) as pilot:
        # payments-2026-q1 was added after payments-2025-q4: it is that rotation's new key.
        dialog = await open_rotation(pilot, PAYMENTS, "payments-2026-q1")
        assert dialog.old.name == "payments-2025-q4"
        assert "Rotate payments-2025-q4 of Payments API" in text(dialog, "#form-title")
        assert dialog.state is not None and dialog.state.step is RotationStep.DEPLOY
        assert dialog.state.new is not None and dialog.state.new.name == "payments-2026-q1"
        assert text(dialog, "#rotation-candidate").startswith(
            "payments-2026-q1 was added after payments-2025-q4 and is attached to Private Key "
            "JWT beside it: this resumes the rotation of payments-2025-q4 to payments-2026-q1"
        )
        # Three steps on: the key with 12 days left is deleted, the 365-day key carries on.
        client = client_named(emu, PAYMENTS)
        assert await next_step(pilot, dialog) is RotationStep.DEPLOY
        assert await next_step(pilot, dialog, breaking=True) is RotationStep.DETACH_OLD
        assert await next_step(pilot, dialog) is RotationStep.DELETE_OLD
        assert dialog.state.step is RotationStep.DONE  # type: ignore[comparison-overlap]  # changed by the await above
        assert names(client) == ["payments-2026-q1"]
        assert attached(client) == ["payments-2026-q1"]


@pytest.mark.slow
async def test_enter_at_detach_old_asks_first_and_a_second_enter_sends_nothing(
    tmp_path: Path,
) -> None:
    app, emu = app_on(demo_tenant())
    async with app.run_test(size=SMALL) as pilot:
        dialog = await add_and_attach(pilot, tmp_path)
        client = client_named(emu, INVENTORY)
        send = dialog.query_one("#form-send")
        send.focus()
        await pilot.pause()
        assert str(send.render()).strip() == "Confirm deployed"
        await pilot.press("enter")  # the person's word: nothing changes on the tenant
        await wait_until(
            pilot,
            lambda: dialog.state is not None and dialog.state.step is RotationStep.DETACH_OLD,
        )

        # Enter on "Do next step" at detach_old asks first, the focus on Cancel; a second
        # Enter cancels, and nothing is sent.
        send.focus()
        await pilot.pause()
        seq = last_seq(emu)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BreakingChangeScreen))
        question = app.screen
        assert isinstance(question, BreakingChangeScreen)
        assert question.plan.effect_names == (Effect.DETACHES_WORKING_CREDENTIAL,)
        assert "Detach inventory-2026 from Private Key JWT" in question.plan.summary
        await wait_until(pilot, lambda: question.focused is not None)
        assert question.focused is not None and question.focused.id == "confirm-cancel"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is dialog and not dialog.busy)
        await wait_until(pilot, lambda: "was cancelled; nothing was sent" in status_text(pilot))
        assert writes(emu, seq) == []
        assert sorted(attached(client)) == ["inventory-2026", "inventory-next"]
        assert dialog.state is not None and dialog.state.step is RotationStep.DETACH_OLD
        # The focus is back on the step button (not on Close): Enter asks again.
        await wait_until(pilot, lambda: dialog.focused is send)
        await pilot.press("enter")
        await apply_anyway(pilot)
        await wait_until(
            pilot,
            lambda: dialog.state is not None and dialog.state.step is RotationStep.DELETE_OLD,
        )
        assert attached(client) == ["inventory-next"] and len(writes(emu, seq)) == 1


@pytest.mark.slow
async def test_after_a_step_the_focus_is_on_the_step_button_not_close(tmp_path: Path) -> None:
    app, _ = app_on(demo_tenant())
    async with app.run_test(size=SMALL) as pilot:
        dialog = await add_and_attach(pilot, tmp_path)
        # ctrl+s from the key fields: those are hidden once the key is added; the focus
        # goes to the step button, never falls to Close.
        await wait_until(pilot, lambda: dialog.focused is dialog.query_one("#form-send"))


@pytest.mark.slow
async def test_closing_after_a_step_rereads_the_application(tmp_path: Path) -> None:
    app, emu = app_on(demo_tenant())
    async with app.run_test(size=SMALL) as pilot:
        dialog = await add_and_attach(pilot, tmp_path)
        client = client_named(emu, INVENTORY)
        # Close, pressed with Enter, hands the application screen a result: it re-reads.
        dialog.query_one("#form-cancel").focus()
        await pilot.pause()
        await pilot.press("enter")
        screen = await back_on_application(pilot, lambda s: "inventory-next" in rows(s))
        assert rows(screen)["inventory-next"][4] == "Private Key JWT"
        assert rows(screen)["inventory-2026"][4] == "Private Key JWT"
        assert sorted(attached(client)) == ["inventory-2026", "inventory-next"]
        assert cursor_name(screen) == "inventory-2026"  # unfinished: the old key, to resume


@pytest.mark.slow
async def test_a_resumed_rotation_offers_its_key_file_and_a_confirmed_deploy_says_how_to_resume(
    tmp_path: Path,
) -> None:
    """Seen by hand at 80x24: after escape, the test asked for the key file again, and
    escape after "Confirm deployed" left no word on how to resume."""
    app, _ = app_on(demo_tenant())
    seen: list[object] = []
    async with app.run_test(size=SMALL, message_hook=seen.append) as pilot:
        await add_and_attach(pilot, tmp_path)
        await pilot.press("escape")
        await back_on_application(pilot, lambda s: "inventory-next" in rows(s))

        dialog = await reopen(pilot, "inventory-next")
        assert str(tmp_path / "inventory-next.pem") in text(dialog, "#deploy-text")
        await pilot.press("t")
        await wait_until(pilot, lambda: bool(app.screen.query("#key-path")))
        field = app.screen.query_one("#key-path", Input)
        assert field.value == str(tmp_path / "inventory-next.pem")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is dialog)

        before = len(toasts(seen))
        assert await next_step(pilot, dialog) is RotationStep.DEPLOY  # nothing sent
        await pilot.press("escape")
        await back_on_application(pilot)
        await wait_until(pilot, lambda: len(toasts(seen)) > before)
        assert "paused before: Detach inventory-2026" in toasts(seen)[-1]
        assert "Press o on inventory-2026 to resume." in toasts(seen)[-1]
