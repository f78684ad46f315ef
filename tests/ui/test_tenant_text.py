"""What a hostile tenant names things, and the words of its errors, reach the screen inert.

Terminal escapes (clear screen, OSC 52 clipboard writes, hyperlinks), control
characters and bidi overrides become U+FFFD; markup shows as typed.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import jwt
import pytest
from textual.command import CommandInput, CommandList, CommandPalette
from textual.notifications import Notify
from textual.widgets import Input, Static

from credtui.emulator.app import Emulator
from credtui.emulator.clock import TenantClock
from credtui.ui.screens.profile_form import ProfileFormScreen
from credtui.ui.screens.profiles import ProfilesScreen
from credtui.ui.screens.token_test import TokenTestScreen
from tests import keyfactory as kf
from tests.fake_tenant import FakeTenant, credential, fake_app, stamp
from tests.ui.changes_support import open_dialog, rows, select_row
from tests.ui.scenarios import FIXED_NOW, list_loaded, make_app, open_application, wait_until
from tests.ui.terminal import live_actions, problems, terminal_output

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


# --- issue 19 (round 3) ----------------------------------------------------------------

ESCAPES = "\x1b]52;c;cHduZWQ=\x07\x1b]0;owned\x07\x1b[2J\x9b2J\u202e\U000e0041\u00ad"
"""OSC 52 (clipboard), OSC 0 (title), CSI 2J in 7-bit and C1 form, bidi, a tag, soft hyphen."""


async def _palette_prompts(pilot: Any, query: str) -> list[str]:
    """Type ``query`` into the open command palette; the hits' prompts once one matches."""
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    palette.query_one(CommandInput).value = query
    listing = palette.query_one(CommandList)

    def prompts() -> list[str]:
        return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]

    await wait_until(pilot, lambda: any("Open application" in p for p in prompts()))
    await pilot.pause()
    return prompts()


async def test_the_palette_shows_names_as_typed_never_as_markup() -> None:
    """Finding 2: a name with markup is no action, and a stray ``[/]`` no error."""
    tenant = FakeTenant()
    tenant.add("app1", "Payroll [@click=app.pwned]Run[/]")
    tenant.add("app2", "Broken [/] name")
    tenant.add("[@click=app.pwned]id[b]", "Huge " + "[b]x" * 30_000)
    app = fake_app(tenant)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        shown = await _palette_prompts(pilot, "Payroll")
        assert any("Open application: Payroll [@click=app.pwned]Run[/]" in p for p in shown)
        assert not [a for a in live_actions(app) if "pwned" in a]
        shown = await _palette_prompts(pilot, "Broken")
        assert any("Open application: Broken [/] name" in p for p in shown), shown
        shown = await _palette_prompts(pilot, "Huge")
        assert any("Open application: Huge [b]x[b]x" in p for p in shown), shown
        assert any("[@click=app.pwned]id[b]" in p for p in shown)  # the client id, as help
        assert max(len(line) for p in shown for line in p.splitlines()) < 200
        assert not [a for a in live_actions(app) if "pwned" in a]
        assert problems(terminal_output(app)) == []
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "ApplicationScreen")


def _key_file(folder: Path) -> Path:
    key = folder / "svc.pem"
    key.write_text(kf.private_pem(kf.rsa_key(2048, 72)))
    key.chmod(0o600)
    return key


@pytest.mark.slow
async def test_the_token_test_dialog_shows_the_token_endpoint_words_inert(
    tmp_path: Path,
) -> None:
    """Finding 1: error, description, type, scopes from /oauth/token never reach the
    terminal raw; what Textual writes is checked, not only the widget's text."""
    tenant = FakeTenant()
    tenant.add("app1", "Payroll", [credential("cred_1", "payroll-key")])
    key = _key_file(tmp_path)
    app = fake_app(tenant)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_application(pilot, "Payroll")
        select_row(app.screen, "payroll-key")
        for status, body in (
            (401, {"error": f"bad{ESCAPES}", "error_description": f"Unauthorized{ESCAPES}"}),
            (403, {"error": f"denied{ESCAPES}", "error_description": f"no grant{ESCAPES}"}),
            (
                200,
                {
                    "access_token": jwt.encode({"a": 1}, "k" * 32, algorithm="HS256"),
                    "token_type": f"Bearer{ESCAPES}",
                    "scope": f"read:clients{ESCAPES}",
                    "expires_in": 60,
                },
            ),
        ):
            tenant.token_answer = (status, body)
            dialog = await open_dialog(pilot, "t", TokenTestScreen)
            dialog.query_one("#key-path", Input).value = str(key)
            await pilot.press("ctrl+s")
            result = dialog.query_one("#test-result", Static)

            def answered(d: TokenTestScreen = dialog, r: Static = result) -> bool:
                return r.display and not d.busy

            await wait_until(pilot, answered)
            await pilot.pause()
            shown = str(result.render())
            assert "\ufffd]52;c;" in shown and not _ACTS.search(shown), repr(shown)
            assert problems(terminal_output(app)) == []
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, TokenTestScreen))


@pytest.mark.slow
async def test_a_pasted_private_key_is_refused_where_a_path_belongs(tmp_path: Path) -> None:
    """Finding 4, in the TUI: the token test's key field and the profile form's key file."""
    from textual.widgets import Select

    pem = kf.private_pem(kf.rsa_key(2048, 73))
    body = [line for line in pem.splitlines() if not line.startswith("-----")][1][:40]
    tenant = FakeTenant()
    tenant.add("app1", "Payroll", [credential("cred_1", "payroll-key")])
    config_file = tmp_path / "config.toml"
    app = fake_app(tenant, path=config_file)
    seen: list[str] = []
    async with app.run_test(
        size=(120, 40),
        message_hook=lambda m: (
            seen.append(m.notification.message) if isinstance(m, Notify) else None
        ),
    ) as pilot:
        await open_application(pilot, "Payroll")
        select_row(app.screen, "payroll-key")
        dialog = await open_dialog(pilot, "t", TokenTestScreen)
        dialog.query_one("#key-path", Input).value = pem
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not dialog.busy and "not a file path" in _flat(app))
        assert body not in _flat(app) and not any(body in n for n in seen)
        assert not [r for r in tenant.requests if r.url.path == "/oauth/token"][1:]
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, TokenTestScreen))
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfilesScreen))
        form = await open_dialog(pilot, "a", ProfileFormScreen)
        form.query_one("#source", Select).value = "private_key"
        await pilot.pause()
        for field, value in (
            ("name", "leak"),
            ("domain", "example.auth0.com"),
            ("client_id", "AbCdEfGhIj0123456789"),
            ("private_key_file", pem),
        ):
            form.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "not a file path" in _flat(app))
        assert isinstance(app.screen, ProfileFormScreen)  # not saved
        assert body not in _flat(app) and not any(body in n for n in seen)
    assert not config_file.exists() or "leak" not in config_file.read_text()


def _flat(app: Any) -> str:
    return str(app.export_screenshot()).replace("&#160;", " ")


async def test_an_unreadable_expiry_reads_unreadable_never_never(tmp_path: Path) -> None:
    """Finding 11, in the TUI: the list, the credentials table, the detail, the overview."""
    from credtui.ui.screens.overview import OverviewScreen
    from credtui.ui.widgets.timeline import TimelineChart
    from credtui.ui.widgets.virtual_table import VirtualTable

    tenant = FakeTenant()
    tenant.add(
        "app1",
        "Payroll",
        [credential("cred_1", "odd-key", expires_at="soon\x1b[2J")],
    )
    tenant.add("app2", "Ledger", [credential("cred_2", "old-key", expires_at=stamp(-9))])
    app = fake_app(tenant)
    async with app.run_test(size=(140, 36)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app))
        listed = {
            r.cells[0].plain: [c.plain for c in r.cells]
            for r in app.screen.query_one(VirtualTable).rows
        }
        assert "unreadable" in listed["Payroll"] and "never" not in listed["Payroll"]
        await open_application(pilot, "Payroll")
        cells = rows(app.screen)["odd-key"]
        assert "unreadable" in cells and "never" not in cells
        detail = str(app.screen.query_one("#cred-detail", Static).render())
        assert "expiry unreadable (the tenant sent 'soon\ufffd[2J')" in detail, detail
        assert "never expires" not in detail
        await pilot.press("escape")
        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        screen = app.screen
        await wait_until(
            pilot, lambda: not screen.sweeping and len(screen.query_one(VirtualTable).rows) == 2
        )
        days = {r.cells[1].plain: r.cells[2].plain for r in screen.query_one(VirtualTable).rows}
        assert days["odd-key"] == "unreadable"
        # The timeline counts it apart: not "never" (it may be past), a stop of its own.
        chart = screen.query_one(TimelineChart)
        marks = chart.render_line(chart.size.height - 1).text.rstrip()
        assert marks.endswith("later 0  never 0  unreadable 1"), marks
        await pilot.press("tab")
        await wait_until(pilot, lambda: chart.has_focus)
        await pilot.press("end", "enter")
        await wait_until(pilot, lambda: len(screen.query_one(VirtualTable).rows) == 1)
        assert screen.query_one(VirtualTable).rows[0].cells[1].plain == "odd-key"
        assert "with an unreadable expiry" in str(screen.query_one("#overview-status").render())
