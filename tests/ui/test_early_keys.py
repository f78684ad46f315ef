"""The one helper for keys typed right behind the key that opens something (credtui.ui.early_keys).

A bare app, no tenant: "/" opens a filter box, "a" opens a dialog with a field. A
burst (keys posted at once, as a terminal delivers fast typing) must land whole in
what was opened, in the order typed. Without the helper the characters behind the
opening key reach the old focus and are lost (the first test checks that too).
"""

from __future__ import annotations

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from credtui.ui.early_keys import hand_over, open_at_once
from credtui.ui.widgets.text_fields import TextInput
from tests.ui.changes_support import burst


class Dialog(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield TextInput(id="dialog-field")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(TextInput))


class ListScreen(Screen[None]):
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="t-filter"),
        Binding("a", "add", "Add", id="t-add"),
    ]

    def __init__(self, *, helped: bool) -> None:
        super().__init__()
        self.helped = helped
        self.opening = False

    def compose(self) -> ComposeResult:
        yield TextInput(id="box", disabled=True)
        yield Static("list", id="list")

    def on_mount(self) -> None:
        listed = self.query_one("#list")
        listed.can_focus = True
        listed.focus()

    def action_filter(self) -> None:
        box = self.query_one("#box", TextInput)
        box.disabled = False
        box.focus()
        self.opening = True

    def action_add(self) -> None:
        self.app.push_screen(Dialog())

    def on_descendant_focus(self) -> None:
        self.opening = False

    async def on_key(self, event: events.Key) -> None:
        if not self.helped:
            return
        top = self.app.screen
        if top is not self:
            await hand_over(event, top)
        elif self.opening:
            await hand_over(event, self.query_one("#box"))
        else:
            await open_at_once(self, event, ("filter", "add"))


class KeysApp(App[None]):
    def __init__(self, *, helped: bool) -> None:
        super().__init__()
        self.helped = helped

    def on_mount(self) -> None:
        self.push_screen(ListScreen(helped=self.helped))


async def test_keys_behind_the_filter_key_land_in_the_box_in_order() -> None:
    for helped, expected in ((True, "ac"), (False, None)):
        app = KeysApp(helped=helped)
        async with app.run_test() as pilot:
            await pilot.pause()
            await burst(pilot, "slash", "a", "b", "backspace", "c")
            listed = next(s for s in app.screen_stack if isinstance(s, ListScreen))
            value = listed.query_one("#box", TextInput).value
            if expected is not None:
                assert value == expected and app.screen is listed
            else:  # what the helper is for: "a" opened the dialog, the rest went astray
                assert value != "ac" and isinstance(app.screen, Dialog)


async def test_keys_behind_a_dialog_key_land_in_the_dialog_in_order() -> None:
    app = KeysApp(helped=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        await burst(pilot, "a", "x", "y", "backspace", "z")
        assert isinstance(app.screen, Dialog)
        assert app.screen.query_one(TextInput).value == "xz"


async def test_a_key_nobody_takes_is_left_alone() -> None:
    app = KeysApp(helped=True)
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        event = events.Key("f1", None)
        assert not await hand_over(event, screen.query_one("#list"))
        assert not await hand_over(event, screen.query_one("#box", TextInput))
        assert event._stop_propagation is False
        assert not await open_at_once(screen, events.Key("q", "q"), ("filter",))
        assert not await open_at_once(screen, events.Key("slash", "/"), ("add",))
        assert app.screen is screen and not screen.query_one("#box").has_focus
