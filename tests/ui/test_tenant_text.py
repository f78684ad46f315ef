"""What a hostile tenant names things, and the words of its errors, reach the screen inert.

Terminal escapes (clear screen, OSC 52 clipboard writes, hyperlinks), control
characters and bidi overrides become U+FFFD; markup shows as typed.
"""

from __future__ import annotations

import asyncio
import re

from textual.notifications import Notify

from credtui.emulator.app import Emulator
from credtui.emulator.clock import TenantClock
from tests.ui.scenarios import FIXED_NOW, list_loaded, make_app, open_application, wait_until

HOSTILE_NAME = "\x1b]52;c;cHduZWQ=\x07Pay\x1b[2Jroll\u202egpj.exe [b]x[/b]"
SHOWN_NAME = "\ufffd]52;c;cHduZWQ=\ufffdPay\ufffd[2Jroll\ufffdgpj.exe [b]x[/b]"
MARKUP_NAME = "[prod] Admin [red]Console[/]"  # Rich markup, shown as typed, never styled
_ACTS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


async def _instant(_seconds: float) -> None:
    await asyncio.sleep(0)


async def test_hostile_names_and_error_text_are_shown_inert() -> None:
    emu = Emulator(clock=TenantClock(frozen_at=FIXED_NOW), rng_seed=3)
    emu.create_application(HOSTILE_NAME, method="client_secret_post")
    emu.create_application(MARKUP_NAME, app_type="regular_web", method="client_secret_post")
    seen: list[Notify] = []
    app = make_app({"acme-prod": emu}, client_options={"sleep": _instant})
    async with app.run_test(
        size=(160, 30), message_hook=lambda m: seen.append(m) if isinstance(m, Notify) else None
    ) as pilot:
        await wait_until(pilot, lambda: list_loaded(app))
        table = app.screen.query_one("#apps-table")
        names = [row.cells[0].plain for row in table.rows]  # type: ignore[attr-defined]
        assert SHOWN_NAME in names
        assert MARKUP_NAME in names
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        assert any(line.startswith(f" {MARKUP_NAME} ") for line in lines), lines
        picture = app.export_screenshot()
        assert "\x1b" not in picture and "&#27;" not in picture and "\u202e" not in picture
        assert "gpj.exe" in picture.replace("&#160;", " ")
        await open_application(pilot, SHOWN_NAME)
        # The tenant's error text, escapes and all, reaches the toast inert.
        emu.faults.add(
            method="GET",
            path="/api/v2/clients/*",
            times=10,
            status=400,
            body={
                "statusCode": 400,
                "error": "Bad Request",
                "message": "nope\x1b[2J\x1b]52;c;aGk=\x07\u202eevil",
                "errorCode": "x\x1b[31m",
            },
        )
        seen.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: any(n.notification.severity == "error" for n in seen))
        message = next(n.notification for n in seen if n.notification.severity == "error").message
        assert "nope" in message and not _ACTS.search(message), repr(message)
