"""The text fields every credtui screen uses: Textual's Input and TextArea, with two fixes.

**Keys in the order typed.** Input and TextArea insert a printable key in their own
``_on_key``, but their editing keys (backspace, delete, arrows, home, ctrl+w...) are
bindings, which Textual runs only once the key has bubbled through every ancestor's
message queue up to the app. Keys that arrive together (fast typing, a burst from the
terminal, a key macro) therefore overtake each other: "2020-01-01", ten backspaces, "abc"
leaves "202", because "abc" is inserted while the backspaces are still on their way up.
The deeper the field sits in a dialog, the likelier it is. Textual's issue #6605
(open, fix proposed in PR #6631). Here the field runs its own bindings as soon as it
reads the key, in the same place and order as a typed character.

**No crash at zero width.** TextArea wraps its placeholder at its content width, and
wrapping at 0 raises ``ValueError`` in Rich's ``chop_cells``. A layout can leave a
field no columns for a moment: when the terminal shrinks, Textual lays a screen out
at the new size before it switches the screen's breakpoint classes, so the add
dialog's wide layout (fields beside a 50-column preview) was drawn once at 55
columns. credtui exited, with what had been typed. Nothing fits in no columns, so
nothing is drawn; the next layout gives the columns back.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, TextArea


def own_bindings(widget: Widget, key: str) -> list[Binding]:
    """``widget``'s own non-priority bindings for ``key``, the app's keymap applied."""
    bindings = widget._bindings.copy()
    keymap = widget.app._keymap
    if keymap:
        bindings.apply_keymap(keymap)
    return [b for b in bindings.key_to_bindings.get(key, ()) if not b.priority]


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run ``widget``'s own binding for ``event`` now (True when one ran).

    What Textual would run once the key reached the app, since the focused widget is
    the first place its binding chain looks, but before the next key is read.
    """
    for binding in own_bindings(widget, event.key):
        if await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return True
    return False


class TextInput(Input):
    """Textual's Input, whose editing keys keep their place among typed characters."""

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)

    async def apply_key(self, event: events.Key) -> bool:
        """Apply a key that reached another widget first (typed before the focus
        arrived here), as if this field had read it; True when it took the key."""
        if await run_own_binding(self, event):
            return True
        if event.is_printable and event.character:
            self.insert_text_at_cursor(event.character)
            return True
        return False


class TextBox(TextArea):
    """Textual's TextArea, with its editing keys in order and no crash at zero width."""

    async def _on_key(self, event: events.Key) -> None:
        if not await run_own_binding(self, event):
            await super()._on_key(event)

    async def apply_key(self, event: events.Key) -> bool:
        """As :meth:`TextInput.apply_key`."""
        if await run_own_binding(self, event):
            return True
        if event.is_printable and event.character:
            self.insert(event.character)
            return True
        return False

    def render_line(self, y: int) -> Strip:
        if self.content_size.width <= 0:
            return Strip.blank(0)
        return super().render_line(y)
