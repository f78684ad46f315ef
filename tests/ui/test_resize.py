"""The terminal resized with any screen or dialog open: no crash, nothing typed lost.

Finding 9 (issue 19): at 120x36, ``a`` on an application, then 55x18: the add dialog's
wide layout was laid out once at the new width before its breakpoint class changed,
the PEM area got no columns, and Textual's TextArea raised ``ValueError`` wrapping its
placeholder at width 0 (credtui exited, with what had been typed).

Then every screen and dialog, opened at 120x36 with something typed where there is a
field, walks through ``WALK``: down to 40x12, up to 200x60, across every breakpoint,
with jumps from large to small and back (the crash needs a jump). At each size the
whole screen is drawn, and every field of every screen in the stack must still hold
what it held. One app session walks every screen (far cheaper than an app per size).
``HYPOTHESIS_PROFILE=thorough`` walks each screen through 12 set sizes and 41 seeded
random ones instead (a resize lays out every screen in the stack: about half a second).
"""

from __future__ import annotations

import asyncio
import os
import random
import time

import pytest
from textual import events
from textual.command import CommandPalette
from textual.drivers.headless_driver import HeadlessDriver
from textual.geometry import Size
from textual.pilot import Pilot
from textual.widgets import Input, Select

from credtui.ui.app import CredtuiApp
from credtui.ui.screens.add_credential import AddCredentialScreen
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.applications import ApplicationsScreen
from credtui.ui.screens.auth_method import AuthMethodScreen
from credtui.ui.screens.confirm import BreakingChangeScreen
from credtui.ui.screens.delete import DeleteScreen
from credtui.ui.screens.expiry import ExpiryScreen
from credtui.ui.screens.generate import GenerateScreen
from credtui.ui.screens.help import HelpScreen
from credtui.ui.screens.overview import OverviewScreen
from credtui.ui.screens.profile_form import ProfileFormScreen
from credtui.ui.screens.profiles import ProfilesScreen
from credtui.ui.screens.token_test import TokenTestScreen
from tests.ui.changes_support import (
    SIZE,
    app_on,
    open_app,
    open_dialog,
    select_row,
    set_value,
    settled,
    type_into,
)
from tests.ui.rotation_scenarios import rotate_from
from tests.ui.scenarios import list_loaded, screen_lines, wait_until

WALK = (
    (55, 18),  # the finding: straight from 120x36, across the breakpoints (100 wide, 32 tall)
    (40, 12),  # the smallest
    (200, 60),  # the largest
    (120, 36),  # and back
)
"""The sizes every screen visits, in order, from 120x36. Each step is a jump: a
screen is laid out once at the new size before its breakpoint classes change. (A jump
to 40x12 alone misses the finding: there the PEM area is scrolled out of sight.)"""
LONG_WALK = (
    (55, 18),
    (40, 12),
    (200, 60),
    (41, 13),
    (100, 31),
    (99, 32),
    (150, 45),
    (60, 20),
    (200, 12),
    (40, 60),
    (80, 24),
    (120, 36),
)
"""More sizes, for ``HYPOTHESIS_PROFILE=thorough`` (with a seeded random walk after it)."""
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"


def random_walk(seed: int, steps: int = 40) -> tuple[tuple[int, int], ...]:
    rng = random.Random(seed)
    sizes = [(rng.randint(40, 200), rng.randint(12, 60)) for _ in range(steps)]
    return (*sizes, (120, 36))


def typed_values(app: CredtuiApp) -> dict[tuple[int, str], str]:
    """Every text field of every screen in the stack: (screen depth, id) -> its text."""
    found: dict[tuple[int, str], str] = {}
    for depth, screen in enumerate(app.screen_stack):
        for field in screen.query("Input, TextArea"):
            text = field.value if isinstance(field, Input) else field.text  # type: ignore[attr-defined]
            found[(depth, field.id or type(field).__name__)] = text
    return found


async def resize(pilot: Pilot[None], size: tuple[int, int]) -> None:
    """Resize the terminal and wait until the screen has been laid out at that size."""
    app = pilot.app
    driver = app._driver
    assert isinstance(driver, HeadlessDriver)
    # What Pilot.resize_terminal does, without its wait for an idle process: the app
    # passes the new size on to its screens from a timer, so wait for that instead.
    driver._size = Size(*size)
    app.post_message(events.Resize(Size(*size), Size(*size)))
    deadline = time.monotonic() + 5
    while (app._resize_event is not None or app.size != size) and app._exception is None:
        assert time.monotonic() < deadline, f"never resized to {size}"
        await asyncio.sleep(0.001)
    await settled(pilot)


async def walk(pilot: Pilot[None], name: str, log: list[str]) -> None:
    """Walk the sizes with screen ``name`` on top: it stays, drawn whole, typed text kept."""
    app = pilot.app
    assert isinstance(app, CredtuiApp)
    top = app.screen
    before = typed_values(app)
    sizes = LONG_WALK + random_walk(len(log)) if THOROUGH else WALK
    for size in sizes:
        await resize(pilot, size)
        assert app._exception is None, f"{name} at {size}: {app._exception!r}"
        assert app.screen is top, f"{name} at {size}: {app.screen} on top"
        lines = screen_lines(app)  # the whole screen drawn at this size
        assert len(lines) == size[1], (name, size)
        assert typed_values(app) == before, f"{name} at {size}: typed text changed"
        log.append(f"{name} {size[0]}x{size[1]}")


async def close_to(pilot: Pilot[None], kind: type) -> None:
    """Escape (and yes to "lose what you typed?") until ``kind`` is on top."""
    app = pilot.app
    for _ in range(4):
        if isinstance(app.screen, kind):
            return
        await pilot.press("escape")
        await settled(pilot)
        if app.screen.__class__.__name__ == "ConfirmScreen":
            await pilot.press("y")
            await settled(pilot)
    await wait_until(pilot, lambda: isinstance(app.screen, kind))


@pytest.mark.slow
async def test_finding_9_the_add_dialog_survives_shrinking_to_55x18() -> None:
    app, _ = app_on()
    async with app.run_test(size=SIZE) as pilot:
        await open_app(pilot, "Billing Reconciler")
        dialog = await open_dialog(pilot, "a", AddCredentialScreen)
        await pilot.press(*"typed")
        await resize(pilot, (55, 18))
        assert app._exception is None, repr(app._exception)
        assert app.screen is dialog
        assert dialog.query_one("#name", Input).value == "typed"
        assert any("Add a credential" in line for line in screen_lines(app))
        await resize(pilot, (120, 36))
        assert any("Paste a PEM public key" in line for line in screen_lines(app))


@pytest.mark.slow
async def test_every_screen_and_dialog_survives_a_walk_through_terminal_sizes() -> None:
    app, _ = app_on()
    log: list[str] = []
    started = time.monotonic()
    async with app.run_test(size=SIZE) as pilot:
        # The applications list, filter typed.
        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("slash", *"pay")
        await walk(pilot, "applications", log)
        await pilot.press("escape")

        # The application screen, and each of its dialogs with something typed.
        screen = await open_app(pilot, "Payments API")
        await walk(pilot, "application", log)
        dialogs: list[tuple[str, type, str | None]] = [
            ("a", AddCredentialScreen, "#kid"),
            ("g", GenerateScreen, "#name"),
            ("m", AuthMethodScreen, None),
            ("e", ExpiryScreen, "#expires"),
            ("d", DeleteScreen, None),
            ("t", TokenTestScreen, "#kid"),
        ]
        for key, kind, field in dialogs:
            select_row(screen, "payments-2025-q4")
            await open_dialog(pilot, key, kind)
            if field is not None:
                await type_into(pilot, field, "ty" + key)
            await walk(pilot, kind.__name__, log)
            if kind is AddCredentialScreen:  # and with its list of types open
                app.screen.query_one("#kind", Select).focus()
                await pilot.press("enter")
                await wait_until(pilot, lambda: app.screen.query_one("#kind", Select).expanded)
                await walk(pilot, "AddCredentialScreen, a list open", log)
            await close_to(pilot, ApplicationScreen)
        await rotate_from(pilot, "payments-2025-q4")
        await set_value(pilot, "#source", "generate")
        await type_into(pilot, "#name", "-ty")
        await walk(pilot, "RotationScreen", log)
        await close_to(pilot, ApplicationScreen)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await walk(pilot, "help", log)
        await close_to(pilot, ApplicationScreen)

        # The breaking-change question, over the add dialog holding what was typed.
        await close_to(pilot, ApplicationsScreen)
        await open_app(pilot, "Thermostat Fleet")
        await open_dialog(pilot, "a", AddCredentialScreen)
        await set_value(pilot, "#kind", "ca_dn")
        await type_into(pilot, "#name", "fleet-ca")
        await set_value(pilot, "#subject-dn", "C=GB, O=Acme Corp, CN=fleet.acme.example")
        await set_value(pilot, "#attach", "tls_client_auth")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, BreakingChangeScreen))
        await walk(pilot, "breaking question", log)
        await close_to(pilot, ApplicationsScreen)

        # The overview, the profiles and the profile form, the command palette.
        await pilot.press("x")
        await wait_until(
            pilot, lambda: isinstance(app.screen, OverviewScreen) and not app.screen.sweeping
        )
        await walk(pilot, "overview", log)
        await close_to(pilot, ApplicationsScreen)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        await walk(pilot, "profiles", log)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfileFormScreen))
        await type_into(pilot, "#name", "typ")
        await walk(pilot, "profile form", log)
        await close_to(pilot, ApplicationsScreen)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"refr")
        await walk(pilot, "palette", log)
    screens = {entry.rsplit(" ", 1)[0] for entry in log}
    assert len(screens) == 16, sorted(screens)
    assert len(log) == 16 * len(WALK) or THOROUGH  # 64 by default
    print(
        f"{len(screens)} screens x {len(log) // len(screens)} sizes in {time.monotonic() - started:.1f} s"
    )
