"""Helpers for the change-flow tests: the app on one emulated tenant, filling dialogs, the log.

Keys and certificates come from ``tests/keyfactory.py`` (generated at run time);
the tenant is the snapshot tenant (fixed data and clock), reached in-process
through the same transport the API tests use (so an injected dropped connection
looks to the client exactly as it does over a socket).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, TypeVar

from textual import events
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Select, TextArea

from credtui.emulator.app import Emulator
from credtui.emulator.store import Client
from credtui.ui.app import CredtuiApp
from credtui.ui.screens.application import ApplicationScreen
from credtui.ui.screens.confirm import BreakingChangeScreen
from credtui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import EmulatorTransport
from tests.ui.scenarios import (
    make_app,
    no_sleep,
    open_application,
    snapshot_tenant,
    type_keys,
    wait_until,
)

S = TypeVar("S", bound=Screen[Any])
SIZE = (120, 36)
WRITES = ("POST", "PATCH", "DELETE")


def app_on(emu: Emulator | None = None, **options: Any) -> tuple[CredtuiApp, Emulator]:
    """The app on ``emu`` (default: the snapshot tenant), retries without real waits."""
    emu = emu or snapshot_tenant()
    app = make_app(
        {"acme-prod": emu},
        transport=EmulatorTransport(app=emu),
        client_options={"sleep": no_sleep, "max_retries": 2},
        **options,
    )
    return app, emu


def client_named(emu: Emulator, name: str) -> Client:
    """The tenant's application called ``name``."""
    return next(c for c in emu.tenant.iter_clients() if c.name == name)


def api_log(emu: Emulator, since: int = 0) -> list[tuple[str, str]]:
    """(method, path) of every Management API request after sequence number ``since``."""
    return [
        (e.method, e.path)
        for e in emu.log.entries()
        if e.seq > since and e.path.startswith("/api/v2")
    ]


def last_seq(emu: Emulator) -> int:
    """The sequence number of the newest logged request (0 when none)."""
    entries = emu.log.entries()
    return entries[-1].seq if entries else 0


def writes(emu: Emulator, since: int = 0) -> list[tuple[str, str]]:
    """The changing requests (POST, PATCH, DELETE) after ``since``."""
    return [(m, p) for m, p in api_log(emu, since) if m in WRITES]


async def open_app(pilot: Pilot[None], name: str) -> ApplicationScreen:
    """Open the application ``name`` and wait for its credentials."""
    await open_application(pilot, name)
    screen = pilot.app.screen
    assert isinstance(screen, ApplicationScreen)
    return screen


async def open_dialog(pilot: Pilot[None], key: str, kind: type[S]) -> S:
    """Press ``key`` and wait until the dialog ``kind`` is on top and focused."""
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind))
    await wait_until(pilot, lambda: pilot.app.screen.focused is not None)
    dialog = pilot.app.screen
    assert isinstance(dialog, kind)
    return dialog


def select_row(screen: ApplicationScreen, name: str) -> None:
    """Put the credentials table's cursor on the credential called ``name``."""
    table = screen.query_one(VirtualTable)
    table.cursor = [r.cells[0].plain for r in table.rows].index(name)


def row_names(screen: ApplicationScreen) -> list[str]:
    """The credential names in the table, in order."""
    return [r.cells[0].plain for r in screen.query_one(VirtualTable).rows]


def rows(screen: ApplicationScreen) -> dict[str, list[str]]:
    """Credential rows by name: every cell as plain text."""
    return {
        r.cells[0].plain: [c.plain for c in r.cells] for r in screen.query_one(VirtualTable).rows
    }


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus an Input and type ``text`` key by key, as a person would (one burst)."""
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    await pilot.pause()
    await type_keys(pilot, *text)


async def set_value(pilot: Pilot[None], selector: str, value: object) -> None:
    """Set an Input's or a Select's value (a pick from a list, or a long text), then let
    the dialog react to it."""
    widget = pilot.app.screen.query_one(selector)
    if isinstance(widget, Input):
        widget.value = str(value)
    elif isinstance(widget, Select):
        widget.value = value
    else:  # pragma: no cover - a helper misuse
        raise TypeError(selector)
    await pilot.pause()


async def paste_pem(pilot: Pilot[None], text: str) -> None:
    """Paste ``text`` into the PEM area, as a terminal delivers a paste."""
    area = pilot.app.screen.query_one("#pem", TextArea)
    area.focus()
    await pilot.pause()
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def error_text(pilot: Pilot[None], key: str) -> str:
    """The error line under field ``key`` ("" when it shows none)."""
    widget = pilot.app.screen.query_one(f"#error-{key}")
    return str(widget.render()) if widget.display else ""


def status_text(pilot: Pilot[None]) -> str:
    """The dialog's status line."""
    return str(pilot.app.screen.query_one("#form-status").render())


def toasts(seen: list[object]) -> list[str]:
    """The text of every notification posted so far."""
    return [m.notification.message for m in seen if isinstance(m, Notify)]


async def back_on_application(pilot: Pilot[None], predicate: Any = None) -> ApplicationScreen:
    """Wait until the dialog closed and the application screen shows what ``predicate`` wants."""
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ApplicationScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ApplicationScreen)
    if predicate is not None:
        await wait_until(pilot, lambda: predicate(screen))
    return screen


async def apply_anyway(pilot: Pilot[None]) -> BreakingChangeScreen:
    """In the breaking-change question (focus on Cancel), move to "Apply anyway" and press it."""
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, BreakingChangeScreen))
    question = pilot.app.screen
    assert isinstance(question, BreakingChangeScreen)
    await wait_until(pilot, lambda: question.focused is not None)
    assert question.focused is not None and question.focused.id == "confirm-cancel"
    await pilot.press("tab")
    assert question.focused is not None and question.focused.id == "confirm-yes"
    await pilot.press("enter")
    return question


def key_event(key: str) -> events.Key:
    """The event a terminal's driver posts for ``key`` (a key name or one character),
    made as Textual's ``Pilot.press`` makes it."""
    import unicodedata

    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def settled(pilot: Pilot[None]) -> None:
    """Wait until the app and every widget of every screen have had no message left to
    read for a while (a message read can post another, a key can still be on its way)."""
    app = pilot.app

    def idle() -> bool:
        nodes = [app, *(n for s in app.screen_stack for n in s.walk_children(with_self=True))]
        return all(node._message_queue.empty() for node in nodes)

    deadline = time.monotonic() + 5
    quiet = 0
    while quiet < 20 and app.is_running and app._exception is None:
        if time.monotonic() > deadline:
            raise AssertionError("the app is still busy after 5 s")
        await asyncio.sleep(0)
        quiet = quiet + 1 if idle() else 0
    if app.is_running:
        await pilot.pause()


async def burst(pilot: Pilot[None], *keys: str, gap: int = 0) -> None:
    """Send ``keys`` as a terminal delivers a burst (fast typing, a key macro, a paste read
    as keys): every key posted to the app at once, none waited for, unlike ``Pilot.press``,
    which lets the app go idle after every key and so never sees keys overtake each other.
    ``gap`` lets the event loop run that many turns between two keys (other arrival rates)."""
    app = pilot.app
    driver = app._driver
    assert driver is not None
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        driver.send_message(event)
        for _ in range(gap):
            await asyncio.sleep(0)
    await settled(pilot)
