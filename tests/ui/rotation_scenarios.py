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

from credtui.ui.app import CredtuiApp
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.rotation import RotationScreen
from tests.ui.changes_support import select_row
from tests.ui.scenarios import make_app, open_application, wait_until

RunBefore = Callable[[Pilot[None]], Any]
WIDE = (120, 36)
SMALL = (80, 24)


async def open_rotation(pilot: Pilot[None], app_name: str, credential: str) -> RotationScreen:
    """Open ``app_name``, select ``credential``, press o; wait until the dialog has read the tenant."""
    await open_application(pilot, app_name)
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


def _resumed() -> tuple[CredtuiApp, RunBefore]:
    app = make_app()

    async def run_before(pilot: Pilot[None]) -> None:
        dialog = await open_rotation(pilot, "Payments API", "payments-2025-q4")
        await wait_until(
            pilot, lambda: dialog.state is not None and dialog.state.step.value == "deploy"
        )
        await pilot.pause()

    return app, run_before


ROTATION_SCENARIOS: dict[
    str, tuple[Callable[[], tuple[CredtuiApp, RunBefore]], tuple[int, int]]
] = {
    "rotation-plan": (_plan(), WIDE),
    "rotation-plan-80x24": (_plan(), SMALL),
    "rotation-resumed": (_resumed, WIDE),
}
"""Name -> (build, terminal size)."""

ROTATION_INTENT = {
    "rotation-plan": "Rotating Payments API's payments-2025-q4 with a key pair made here: the six "
    "steps, step 1 (detach payments-2026-q1 to make room, with its warning) highlighted as next, "
    "what is attached now, and the new key's fields (file, size, name, expiry); ^s Do next step.",
    "rotation-plan-80x24": "The same at 80x24: the plan and the first fields visible, the body "
    "scrolls, the buttons and footer keys stay on screen.",
    "rotation-resumed": "Reopened on Payments API: payments-2026-q1, attached beside it, is taken "
    "as the new credential and the dialog says so; steps 1-3 done, paused at deploy with the "
    "test key and Confirm deployed.",
}
