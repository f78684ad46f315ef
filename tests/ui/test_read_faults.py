"""The browse screens under every fault the tenant can throw, then recovering with ``r``.

For each screen and fault: the reason reaches the person in words, the keyboard
still answers, what was on screen stays, and ``r`` reads again once the tenant
is well. (The write flows' faults are in ``test_changes*.py``; the core's whole
matrix is ``tests/api/test_fault_matrix.py``.)
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual.notifications import Notify

from credtui.ui.screens.help import HelpScreen
from tests.ui.scenarios import (
    application_loaded,
    list_loaded,
    make_app,
    open_application,
    snapshot_tenant,
    wait_until,
)

FAULTS: dict[str, dict[str, Any]] = {
    "500": {"status": 500},
    "502": {"status": 502},
    "503": {"status": 503},
    "429 storm": {"status": 429},
    "dropped before": {"drop": True},
    "dropped after": {"drop": True, "after_processing": True},
    "slow past the deadline": {"delay_ms": 3000},
}
WORDS = {
    "500": "server error",
    "502": "server error",
    "503": "server error",
    "429 storm": "rate limit",
    "dropped before": "tenant",
    "dropped after": "tenant",
    "slow past the deadline": "did not answer",
}


async def _instant(_seconds: float) -> None:
    await asyncio.sleep(0)


@pytest.mark.slow
@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("screen", ["applications", "application"])
async def test_a_failing_read_is_explained_and_r_recovers(screen: str, fault: str) -> None:
    emu = snapshot_tenant()
    seen: list[Notify] = []
    # A short deadline, so that "slow" costs the test a fraction of a second.
    app = make_app({"acme-prod": emu}, client_options={"sleep": _instant, "deadline": 0.3})
    if screen == "applications":  # armed before the first read
        emu.faults.add(method="GET", path="/api/v2/clients", times=100, **FAULTS[fault])
    async with app.run_test(
        size=(120, 36), message_hook=lambda m: seen.append(m) if isinstance(m, Notify) else None
    ) as pilot:
        if screen == "application":
            await open_application(pilot, "Payments API")
            emu.faults.add(method="GET", path="/api/v2/clients/*", times=100, **FAULTS[fault])
            seen.clear()
            await pilot.press("r")
        await wait_until(pilot, lambda: any(n.notification.severity == "error" for n in seen))
        message = next(n.notification for n in seen if n.notification.severity == "error").message
        assert WORDS[fault] in message.lower(), message
        assert "Unexpected" not in message
        if screen == "application":  # what was read before is still there
            assert app.screen.query("#creds-table").first().row_count == 2  # type: ignore[attr-defined]
        # The keyboard still answers.
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))
        # Once the tenant is well, r reads again.
        emu.faults.clear()
        await pilot.press("r")
        if screen == "applications":
            await wait_until(pilot, lambda: list_loaded(app), timeout=10)
        else:
            await wait_until(pilot, lambda: application_loaded(app, "Payments API"), timeout=10)
