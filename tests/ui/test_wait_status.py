"""Issue 8, finding 8: while a call waits for the tenant's rate limit, the list says so."""

from __future__ import annotations

import asyncio

from credtui.ui.app import CredtuiApp
from credtui.ui.screens.applications import ApplicationsScreen
from tests.ui.scenarios import make_app, snapshot_tenant, wait_until


def status(app: CredtuiApp) -> str:
    if not isinstance(app.screen, ApplicationsScreen):
        return ""
    return str(app.screen.query_one("#apps-status").render())


async def test_the_status_line_says_what_is_waited_for() -> None:
    emu = snapshot_tenant()
    emu.set_rate_limit("5/0.5")  # burst 5, full again 10 s after it is emptied
    for _ in range(5):
        assert emu.bucket.take()[0]
    gate = asyncio.Event()
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        await gate.wait()  # hold the wait open while the screen is looked at

    app = make_app(
        {"acme-prod": emu}, client_options={"clock": emu.clock.timestamp, "sleep": sleep}
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: "Waiting 10 s for the tenant's rate limit…" in status(app))
        assert status(app).startswith("Loading…")
        assert sleeps == [10.0]
        emu.set_rate_limit(None)
        gate.set()
        await wait_until(pilot, lambda: status(app).startswith("9 applications"))
        assert "Waiting" not in status(app)
    assert [e.status for e in emu.log.entries() if e.path == "/api/v2/clients"][:2] == [429, 200]
