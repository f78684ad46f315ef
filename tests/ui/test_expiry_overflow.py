"""An expiry typed at the edge of the calendar is refused in the dialog, never a crash.

``9999-12-31T23:59:59-01:00`` is a valid timestamp whose UTC instant is in the year
10000; ``0001-01-01T00:00:00+01:00`` is one whose UTC instant is before the year 1.
Both once escaped the parser as OverflowError and ended credtui (exit 70).
"""

from __future__ import annotations

import pytest

from credtui.ui.screens.add_credential import AddCredentialScreen
from credtui.ui.screens.expiry import ExpiryScreen
from tests import keyfactory
from tests.ui.changes_support import (
    SIZE,
    app_on,
    error_text,
    last_seq,
    open_app,
    open_dialog,
    paste_pem,
    select_row,
    set_value,
    status_text,
    writes,
)
from tests.ui.scenarios import wait_until

EDGES = (
    ("9999-12-31T23:59:59-01:00", "past the year 9999"),
    ("0001-01-01T00:00:00+01:00", "is not in the future"),
)


async def test_set_expiry_refuses_a_date_past_the_calendar() -> None:
    app, emu = app_on()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot, "Billing Reconciler")
        select_row(screen, "billing-next (staged)")
        await pilot.pause()
        seq = last_seq(emu)
        dialog = await open_dialog(pilot, "e", ExpiryScreen)
        for typed, words in EDGES:
            await set_value(pilot, "#expires", typed)
            await wait_until(pilot, lambda w=words: w in error_text(pilot, "expiry"))  # type: ignore[misc]
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.is_running and app.screen is dialog
            assert f"Not sent: {error_text(pilot, 'expiry')}" == status_text(pilot)
        assert writes(emu, seq) == []


@pytest.mark.slow
async def test_add_form_refuses_a_date_past_the_calendar() -> None:
    app, emu = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, "Nightly Batch (legacy)")
        seq = last_seq(emu)
        dialog = await open_dialog(pilot, "a", AddCredentialScreen)
        await paste_pem(pilot, keyfactory.spki_pem(keyfactory.rsa_key(2048, 6)))
        await set_value(pilot, "#expiry-choice", "typed")
        for typed, words in EDGES:
            await set_value(pilot, "#expires", typed)
            await wait_until(pilot, lambda w=words: w in error_text(pilot, "expiry"))  # type: ignore[misc]
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.is_running and app.screen is dialog
        assert writes(emu, seq) == []
