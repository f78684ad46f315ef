"""Issue 19, finding 8 in the TUI: each action has one time budget, and the wait says so.

The tenant here takes 30 s of (fake) time for every attempt at the request under
test and then times out; the client's sleep is held open while the screen is
looked at, then moves the same fake clock. Before, an action retried such a
tenant four times, the token request too, for minutes; now it gives up within
its 60 s, saying so while it waits and naming the budget when it stops.
"""

from __future__ import annotations

import asyncio
import fnmatch
from pathlib import Path

import httpx
import pytest

from credtui.emulator.app import Emulator
from credtui.ui.app import CredtuiApp
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.expiry import ExpiryScreen
from credtui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import EmulatorTransport
from tests.ui.changes_support import (
    SIZE,
    client_named,
    open_app,
    open_dialog,
    select_row,
    set_value,
    status_text,
)
from tests.ui.scenarios import FIXED_NOW, list_loaded, make_app, snapshot_tenant, wait_until


class FakeTime:
    """A clock that moves only when slept on (or when the slow tenant takes its time);
    ``hold`` keeps each sleep open until ``release``."""

    def __init__(self) -> None:
        self.now = FIXED_NOW.timestamp()
        self.sleeps: list[float] = []
        self.gate = asyncio.Event()
        self.gate.set()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await self.gate.wait()
        self.now += seconds


class SlowTenant(EmulatorTransport):
    """Requests matching ``method pattern`` take 30 s of fake time, then time out."""

    def __init__(self, time: FakeTime, method: str, pattern: str, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.time, self.method, self.pattern = time, method, pattern
        self.attempts = 0
        self.armed = True

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if self.armed and request.method == self.method and fnmatch.fnmatch(path, self.pattern):
            self.attempts += 1
            self.time.now += 30
            raise httpx.ReadTimeout("the tenant took too long", request=request)
        return await super().handle_async_request(request)


def app_with_slow(method: str, pattern: str) -> tuple[CredtuiApp, SlowTenant, FakeTime]:
    emu = snapshot_tenant()
    time = FakeTime()
    slow = SlowTenant(time, method, pattern, app=emu)
    app = make_app(
        {"acme-prod": emu},
        transport=slow,
        client_options={"clock": time.clock, "sleep": time.sleep},
    )
    return app, slow, time


async def test_a_change_gives_up_within_its_budget_and_says_when() -> None:
    app, slow, time = app_with_slow("PATCH", "/api/v2/clients/*/credentials/*")
    emu = slow.app
    assert isinstance(emu, Emulator)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_app(pilot, "Billing Reconciler")
        select_row(screen, "billing-next (staged)")
        await pilot.pause()
        cred = next(
            c
            for c in client_named(emu, "Billing Reconciler").credentials.values()
            if c.name == "billing-next (staged)"
        )
        before = cred.expires_at
        dialog = await open_dialog(pilot, "e", ExpiryScreen)
        await set_value(pilot, "#expires", "2027-06-30")
        time.gate.clear()  # hold the back-off open to read the status line
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Retrying" in status_text(pilot))
        # 30 s spent on the first attempt: the back-off is shown, and what is left.
        assert status_text(pilot) == ("Sending to the tenant… Retrying in 1 s… Giving up in 30 s.")
        time.gate.set()
        await wait_until(pilot, lambda: "stopped answering" in status_text(pilot))
        assert "did not finish within 60 s, retries included" in status_text(pilot)
        assert slow.attempts == 2  # before: 4 attempts, and minutes
        assert app.is_running and app.screen is dialog and not dialog.busy
        assert cred.expires_at == before  # nothing reached the tenant


async def test_opening_an_application_gives_up_within_its_budget_and_says_when() -> None:
    emu_app = client_named(snapshot_tenant(), "Billing Reconciler")  # the same seeded ids
    app, slow, time = app_with_slow("GET", f"/api/v2/clients/{emu_app.client_id}")
    slow.armed = False
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: list_loaded(app))
        table = app.screen.query_one(VirtualTable)
        table.cursor = [r.cells[0].plain for r in table.rows].index("Billing Reconciler")
        slow.armed = True
        time.gate.clear()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationScreen))
        screen = app.screen

        def status() -> str:
            return str(screen.query_one("#app-status").render())

        await wait_until(pilot, lambda: "retrying" in status())
        assert "The tenant did not answer; retrying 2 of 4 in 1 s… Giving up in 30 s." in status()
        time.gate.set()
        await wait_until(pilot, lambda: "stopped answering" in status())
        assert "did not finish within 60 s, retries included" in status()
        assert slow.attempts == 2
        assert app.is_running


async def test_credtui_timeout_sets_the_tuis_budgets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``credtui --timeout 5`` reaches the TUI: each action's budget, each request's too."""
    import credtui.ui.launch
    from credtui.cli import main

    seen: dict[str, object] = {}
    monkeypatch.setattr(credtui.ui.launch, "run_tui", lambda loaded, **kw: seen.update(kw) or 0)
    for stream in ("stdin", "stdout"):  # as in a terminal (without one, credtui prints usage)
        monkeypatch.setattr(f"sys.{stream}.isatty", lambda: True)
    assert main(["--config", str(tmp_path / "none.toml"), "--timeout", "5"]) == 0
    assert seen["timeout"] == 5.0
    app = make_app({"acme-prod": snapshot_tenant()}, action_seconds=5.0)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.client is not None)
        assert app.client is not None and app.client.core.call_budget == 5.0
        assert app.action_seconds == 5.0
