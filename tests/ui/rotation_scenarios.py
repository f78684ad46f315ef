"""The rotation dialog as pictures: the snapshot tenant, its fixed clock and recorded public keys.

One definition serves the snapshot tests (``tests/snapshots/test_rotation_snapshots.py``)
and ``screenshots/``: ``python scripts/export_screenshots.py`` writes
``screenshots/<name>.svg``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Select

from credtui.emulator.app import Emulator
from credtui.ui.app import CredtuiApp
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.rotation import RotationScreen
from tests.ui.changes_support import select_row
from tests.ui.scenarios import (
    DAY,
    FIXED_NOW,
    make_app,
    open_application,
    snapshot_tenant,
    wait_until,
)

RunBefore = Callable[[Pilot[None]], Any]
WIDE = (120, 36)
SMALL = (80, 24)


async def open_rotation(pilot: Pilot[None], app_name: str, credential: str) -> RotationScreen:
    """Open ``app_name``, select ``credential``, press o; wait until the dialog has read the tenant."""
    await open_application(pilot, app_name)
    return await rotate_from(pilot, credential)


async def rotate_from(pilot: Pilot[None], credential: str) -> RotationScreen:
    """On the application screen: select ``credential``, press o, wait for the dialog's read."""
    screen = pilot.app.screen
    assert isinstance(screen, ApplicationScreen)
    select_row(screen, credential)
    await pilot.press("o")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, RotationScreen))
    dialog = pilot.app.screen
    assert isinstance(dialog, RotationScreen)
    await wait_until(pilot, lambda: dialog.fresh and not dialog.busy)
    return dialog


def _plan(size_name: str = "") -> Callable[[], tuple[CredtuiApp, RunBefore]]:
    def build() -> tuple[CredtuiApp, RunBefore]:
        app = make_app()

        async def run_before(pilot: Pilot[None]) -> None:
            dialog = await open_rotation(pilot, "Payments API", "payments-2025-q4")
            # Start afresh: a new key pair made here, so the plan begins with making room.
            dialog.query_one("#source", Select).value = "generate"
            await wait_until(
                pilot,
                lambda: dialog.state is not None and dialog.state.step.value == "make_room",
            )
            dialog.query_one("#form-body").scroll_home(animate=False)
            await pilot.pause()

        return app, run_before

    return build


def dated_tenant() -> Emulator:
    """The snapshot tenant, with payments-2026-q1 uploaded after payments-2025-q4 (the
    snapshot tenant adds both at one instant): a rotation in progress the tenant shows."""
    emu = snapshot_tenant()
    payments = next(c for c in emu.tenant.iter_clients() if c.name == "Payments API")
    for cred in payments.credentials.values():
        if cred.name == "payments-2026-q1":
            cred.created_at = cred.updated_at = FIXED_NOW - DAY
    return emu


def _resumed() -> tuple[CredtuiApp, RunBefore]:
    app = make_app({"acme-prod": dated_tenant()})

    async def run_before(pilot: Pilot[None]) -> None:
        dialog = await open_rotation(pilot, "Payments API", "payments-2025-q4")
        await wait_until(
            pilot, lambda: dialog.state is not None and dialog.state.step.value == "deploy"
        )
        await pilot.pause()

    return app, run_before


def _undecided() -> tuple[CredtuiApp, RunBefore]:
    app = make_app()

    async def run_before(pilot: Pilot[None]) -> None:
        dialog = await open_rotation(pilot, "Payments API", "payments-2025-q4")
        await wait_until(pilot, lambda: dialog.ambiguous and dialog.choosing)
        await pilot.pause()

    return app, run_before


ROTATION_SCENARIOS: dict[
    str, tuple[Callable[[], tuple[CredtuiApp, RunBefore]], tuple[int, int]]
] = {
    "rotation-plan": (_plan(), WIDE),
    "rotation-plan-80x24": (_plan(), SMALL),
    "rotation-resumed": (_resumed, WIDE),
    "rotation-undecided-80x24": (_undecided, SMALL),
}
"""Name -> (build, terminal size)."""

ROTATION_INTENT = {
    "rotation-plan": "Rotating Payments API's payments-2025-q4 with a key pair made here: the six "
    "steps, step 1 (detach payments-2026-q1 to make room, with its warning) highlighted as next, "
    "what is attached now, and the new key's fields (file, size, name, expiry), the focus on New "
    "credential where it was chosen (the two keys were added at one instant: nothing is chosen "
    "for the person); ^s Do next step.",
    "rotation-plan-80x24": "The same at 80x24: the plan and the first fields visible, the body "
    "scrolls, the buttons and footer keys stay on screen.",
    "rotation-resumed": "Reopened on Payments API: payments-2026-q1, added after it and attached "
    "beside it, is taken as the new credential and the dialog says so; steps 1-3 done, paused at "
    "deploy with the test key and Confirm deployed.",
    "rotation-undecided-80x24": "Payments API's two keys were added at the same instant: the "
    "dialog says what the tenant holds (both keys, created and expiry) and that nothing is chosen; "
    "New credential reads Choose…, no step is marked next, Do next step is disabled and the "
    "status line asks for the choice.",
}
