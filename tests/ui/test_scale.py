"""10,000 applications: rows appear as pages arrive, filtering works while they do."""

from __future__ import annotations

import pytest
from textual import events
from textual.pilot import Pilot

from credtui.emulator.app import Emulator
from credtui.emulator.seed import seed_generated
from credtui.ui.screens.applications import ApplicationsScreen
from credtui.ui.widgets.virtual_table import VirtualTable
from tests.ui.scenarios import make_app, wait_until


async def type_like_a_person(pilot: Pilot[None], keys: str) -> None:
    """Send keys without Pilot's wait for an idle loop: in this test the in-process tenant
    keeps the loop busy serving pages, and a person does not wait for that either."""
    for key in keys:
        name = "slash" if key == "/" else key
        pilot.app.post_message(events.Key(name, key))
        await pilot.pause(0.01)


@pytest.mark.slow
async def test_ten_thousand_applications_stream_in_and_filter_while_loading() -> None:
    emu = Emulator(rng_seed=3, latency_ms=15)  # every page takes a little while, as over a network
    assert seed_generated(emu, 10_000) == 10_000
    app = make_app({"big": emu})
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen

        def table() -> VirtualTable:
            return app.screen.query_one("#apps-table", VirtualTable)

        await wait_until(
            pilot,
            lambda: isinstance(app.screen, ApplicationsScreen) and table().row_count > 0,
            timeout=20,
        )
        screen = app.screen
        assert isinstance(screen, ApplicationsScreen)
        # The first rows are on screen while later pages are still on their way.
        assert screen.loading_pages
        first_count = table().row_count
        assert 0 < first_count < 10_001

        # Filter while pages still arrive: matches grow as pages land.
        await type_like_a_person(pilot, "/00042")
        await wait_until(pilot, lambda: table().row_count >= 1, timeout=10)
        assert screen.loading_pages, "the filter was typed after loading had finished"
        assert all("00042" in row.cells[0].plain for row in table().rows)

        await wait_until(pilot, lambda: not screen.loading_pages, timeout=120)
        # Every application whose name holds 00042 (00042, 100420...10429 ranges) is there.
        expected = sum(1 for c in emu.tenant.iter_clients() if "00042" in c.name.casefold())
        await wait_until(pilot, lambda: table().row_count == expected)
        assert len(screen.applications) == 10_001  # and the management client
        await pilot.press("escape")
        await wait_until(pilot, lambda: table().row_count == 10_001)
