"""What every change dialog shares: in flight it cannot be sent twice, q asks before
losing typed input, each fits an 80x24 terminal and shows its own keys."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, Footer, Input

from credtui.ui.screens.add_credential import AddCredentialScreen
from credtui.ui.screens.auth_method import AuthMethodScreen
from credtui.ui.screens.confirm import ConfirmScreen
from credtui.ui.screens.delete import DeleteScreen
from credtui.ui.screens.expiry import ExpiryScreen
from credtui.ui.screens.generate import GenerateScreen
from credtui.ui.screens.token_test import TokenTestScreen
from tests import keyfactory
from tests.ui.changes_support import (
    SIZE,
    api_log,
    app_on,
    back_on_application,
    client_named,
    last_seq,
    open_app,
    open_dialog,
    paste_pem,
    rows,
    select_row,
    set_value,
    status_text,
    type_into,
)
from tests.ui.scenarios import wait_until


@pytest.mark.slow
async def test_in_flight_the_form_says_so_and_cannot_send_twice() -> None:
    app, emu = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, "Nightly Batch (legacy)")
        dialog = await open_dialog(pilot, "a", AddCredentialScreen)
        await set_value(pilot, "#name", "once")
        await paste_pem(pilot, keyfactory.spki_pem(keyfactory.rsa_key(2048, 12)))
        seq = last_seq(emu)
        held = emu.faults.add(method="POST", path="/api/v2/clients/*/credentials", hold=True)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: dialog.busy)
        assert "Sending to the tenant" in status_text(pilot)
        assert dialog.query_one("#form-send").disabled
        await pilot.press("ctrl+s", "escape")  # neither sends again nor closes mid-request
        assert app.screen is dialog and dialog.busy
        held.release()
        await back_on_application(pilot, lambda s: "once" in rows(s))
        posts = [p for m, p in api_log(emu, seq) if m == "POST"]
        assert len(posts) == 1
        assert len(client_named(emu, "Nightly Batch (legacy)").credentials) == 1


@pytest.mark.slow
async def test_q_asks_before_throwing_typed_input_away() -> None:
    app, _ = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, "Billing Reconciler")
        dialog = await open_dialog(pilot, "a", AddCredentialScreen)
        await type_into(pilot, "#name", "q")  # q typed in a field is just a letter
        assert dialog.query_one("#name", Input).value == "q"
        dialog.query_one("#kind").focus()
        await pilot.pause()
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is dialog)
        assert dialog.query_one("#name", Input).value == "q"
        assert app.is_running


def inside(box: Region, widget: Widget) -> bool:
    """Whether ``widget`` is drawn within ``box`` (a Select's closed list is not drawn)."""
    region = widget.region
    return not region.area or (
        box.y < region.y < region.bottom < box.bottom and box.x < region.x < box.right
    )


@pytest.mark.slow
async def test_every_dialog_fits_80x24_with_its_own_keys_in_the_footer() -> None:
    app, _ = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_app(pilot, "Ledger Export")
        select_row(screen, "ledger-2025")
        for key, kind, send in (
            ("a", AddCredentialScreen, "Add credential"),
            ("e", ExpiryScreen, "Set expiry"),
            ("d", DeleteScreen, "Detach and delete"),
            ("m", AuthMethodScreen, "Apply"),
            ("g", GenerateScreen, "Generate and add"),
            ("t", TokenTestScreen, "Request a token"),
        ):
            dialog = await open_dialog(pilot, key, kind)
            await pilot.pause()
            box = dialog.query_one("#form-box").region
            assert box.x >= 0 and box.y >= 0 and box.right <= 80 and box.bottom <= 23, kind
            button = dialog.query_one("#form-send", Button)
            assert str(button.label) == send
            assert button.region.bottom <= box.bottom, f"{kind}: the send button is cut off"
            # Every field and button is reached by tab, and is then inside the dialog
            # (scrolled into view where the dialog scrolls).
            chain = dialog.focus_chain
            assert {"form-send", "form-cancel"} <= {w.id for w in chain}, kind
            if not all(inside(box, w) for w in chain):
                # It scrolls: walk it by tab (slower: each focus change restyles).
                first = dialog.focused
                for _ in range(len(chain)):
                    focused = dialog.focused
                    assert focused is not None and inside(box, focused), f"{kind}: {focused}"
                    await pilot.press("tab")
                assert dialog.focused is first, kind
            footer_keys = {b.binding.action for b in dialog.active_bindings.values()}
            assert {"save", "cancel"} <= footer_keys
            assert "refresh" not in footer_keys and "add" not in footer_keys
            assert dialog.query(Footer)
            await pilot.press("escape")
            await back_on_application(pilot)
