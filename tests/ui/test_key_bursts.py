"""Keys that arrive together are applied in the order typed, in every text field.

A terminal hands credtui a burst of keys at once (fast typing, a key macro, a paste
read as keys). Textual's fields insert a character where they read it but run their
editing keys (backspace, arrows, home, enter...) only once the key has bubbled up to
the app, so a character typed after a backspace could land before it (Textual issue
#6605): "2020-01-01", ten backspaces, "abc" left "202". ``burst`` sends keys the way a
terminal does (``Pilot.press`` lets the app go idle after every key, so it never shows
this); ``gap`` varies how fast they come. Before the fix, every burst below came out
wrong (48 of 48 in a first version of these tests).
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from credtui.ui.screens.add_credential import AddCredentialScreen
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.applications import ApplicationsScreen
from credtui.ui.screens.change_form import ChangeFormScreen
from credtui.ui.screens.expiry import ExpiryScreen
from credtui.ui.screens.generate import GenerateScreen
from credtui.ui.screens.profile_form import ProfileFormScreen
from credtui.ui.screens.profiles import ProfilesScreen
from credtui.ui.screens.token_test import TokenTestScreen
from tests.ui.changes_support import (
    SIZE,
    app_on,
    burst,
    open_app,
    open_dialog,
    select_row,
    settled,
)
from tests.ui.scenarios import list_loaded, wait_until

DATE_THEN_ABC = (*"2020-01-01", *["backspace"] * 10, *"abc")
"""The finding's burst: a date, erased, then "abc"."""
EDITS = ("left", "left", "X", "end", "Y", "home", "Z", "right", "backspace", "W")
"""Moves and deletions among characters, after DATE_THEN_ABC: "abc" becomes "ZWXbcY"."""
GAPS = (0, 2)
"""Event-loop turns between two keys: all at once, then slower arrivals."""

Result = tuple[str, int, str]


async def burst_into(pilot: Pilot[None], selector: str, results: list[Result], label: str) -> None:
    """DATE_THEN_ABC and EDITS as one burst at each gap into ``selector``, emptied before each."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    for gap in GAPS:
        field.value = ""
        await settled(pilot)
        await burst(pilot, *DATE_THEN_ABC, *EDITS, gap=gap)
        results.append((label, gap, field.value))


def wrong(results: list[Result], expected: str) -> list[Result]:
    return [r for r in results if r[2] != expected]


async def close_dialog(pilot: Pilot[None], back_to: type) -> None:
    """Escape, and yes to "lose what you typed?" when it asks."""
    await pilot.press("escape")
    await settled(pilot)
    if not isinstance(pilot.app.screen, back_to):
        await pilot.press("y")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, back_to))


@pytest.mark.slow
async def test_every_text_field_applies_a_burst_in_order() -> None:
    """Finding 10's burst, three times in the expiry and add dialogs; then a burst of
    edits in a text field of every dialog, the PEM area, the list's filter and the
    profile form."""
    app, _ = app_on()
    findings: list[tuple[str, str]] = []
    results: list[Result] = []
    areas: list[tuple[int, str]] = []
    forms: list[tuple[int, str, str, str, str]] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot, "Payments API")
        kind: type[ChangeFormScreen[Any]]
        for key, kind, fields in (
            ("a", AddCredentialScreen, ("#kid",)),
            ("g", GenerateScreen, ("#name",)),
            ("e", ExpiryScreen, ("#expires",)),
            ("t", TokenTestScreen, ("#kid",)),
        ):
            select_row(screen, "payments-2025-q4")
            dialog = await open_dialog(pilot, key, kind)
            if kind in (AddCredentialScreen, ExpiryScreen):
                field = dialog.first_field()
                assert isinstance(field, Input)  # these two open on an Input
                for _ in range(3):
                    field.value = ""
                    await settled(pilot)
                    await burst(pilot, *DATE_THEN_ABC)
                    findings.append((key, field.value))
            for selector in fields:
                await burst_into(pilot, selector, results, f"{key} {selector}")
            if kind is AddCredentialScreen:
                area = dialog.query_one("#pem", TextArea)
                area.focus()
                for gap in GAPS:
                    area.clear()
                    await settled(pilot)
                    await burst(pilot, *"abc", "backspace", "backspace", "d", "enter", *"ef",
                                "left", "X", "up", "end", "Y", gap=gap)  # fmt: skip
                    areas.append((gap, area.text))
            await close_dialog(pilot, ApplicationScreen)
        await close_dialog(pilot, ApplicationsScreen)
        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("slash")
        await burst_into(pilot, "#apps-filter", results, "filter")
        await pilot.press("escape")
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        await burst_into(pilot, "#domain", results, "profile #domain")
        # The whole form in one burst, the token source chosen from the keyboard on the way.
        form = app.screen
        for gap in GAPS:
            for field in form.query(Input):
                field.value = ""
            form.query_one("#source", Select).value = "secret_env"
            form.query_one("#name", Input).focus()
            await settled(pilot)
            await burst(pilot, *"acme-devX", "backspace", "tab", *"dev.eu.auth0.comm",
                        "backspace", "tab", "enter", "down", "down", "enter", "tab", *"AbCx",
                        "backspace", "d", "left", "left", "backspace", gap=gap)  # fmt: skip
            name, domain, client_id = (
                form.query_one(f, Input).value for f in ("#name", "#domain", "#client_id")
            )
            forms.append(
                (gap, name, domain, client_id, str(form.query_one("#source", Select).value))
            )
    assert [value for _, value in findings] == ["abc"] * 6, findings
    assert len(results) == 6 * len(GAPS)
    assert not wrong(results, "ZWXbcY"), (
        f"{len(wrong(results, 'ZWXbcY'))} of {len(results)} bursts out of order: "
        f"{wrong(results, 'ZWXbcY')}"
    )
    assert all(text == "adY\neXf" for _, text in areas), areas
    expected = ("acme-dev", "dev.eu.auth0.com", "ACd", "private_key")
    assert all(form[1:] == expected for form in forms), forms


@pytest.mark.slow
async def test_keys_typed_with_the_key_that_opens_a_dialog_or_the_filter_land_in_order() -> None:
    app, _ = app_on()
    seen: list[tuple[str, str]] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot, "Payments API")
        for key, kind, selector in (
            ("e", ExpiryScreen, "#expires"),
            ("a", AddCredentialScreen, "#name"),
            ("e", ExpiryScreen, "#expires"),
        ):
            select_row(screen, "payments-2025-q4")
            await burst(pilot, key, *DATE_THEN_ABC)
            await wait_until(pilot, lambda kind=kind: isinstance(app.screen, kind))  # type: ignore[misc]
            seen.append((key, app.screen.query_one(selector, Input).value))
            await close_dialog(pilot, ApplicationScreen)
        await close_dialog(pilot, ApplicationsScreen)
        await wait_until(pilot, lambda: list_loaded(app))
        await burst(pilot, "slash", *DATE_THEN_ABC)
        seen.append(("/", app.screen.query_one("#apps-filter", Input).value))
    assert [value for _, value in seen] == ["abc"] * 4, seen
