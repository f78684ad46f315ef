"""Keys typed right after the key that opens something: applied where they were meant.

Textual hands a key to the widget focused when the key is read, and runs a binding
only once the key has bubbled up to the app. Keys that arrive together (fast typing,
a paste read as keys, a key macro) are queued before either happens: the key that
opens the filter box or a dialog, and the characters typed right behind it. Those
characters reach the old focus (the table, the screen behind the dialog) and are lost.

So a screen opens the thing at once, from its ``on_key`` (:func:`open_at_once`),
and hands what follows to it until it has the focus (:func:`hand_over`). One
lesson, one implementation: the applications list's filter, the application's
change dialogs, every change form's first field, the profile form's fields.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

from textual import events
from textual.screen import Screen

from credtui.ui.widgets.text_fields import TextBox, TextInput

__all__ = ["hand_over", "open_at_once"]


async def open_at_once(screen: Screen[Any], event: events.Key, actions: Container[str]) -> bool:
    """Run now the action among ``actions`` that an enabled binding of ``screen`` has for
    ``event``'s key (the app's keymap applied), rather than once the key has reached the
    app: the keys typed behind it are then already queued. True, and ``event``
    stopped, when one ran."""
    action = next(
        (
            active.binding.action
            for bound, active in screen.active_bindings.items()
            if bound == event.key and active.enabled and active.binding.action in actions
        ),
        None,
    )
    if action is None:
        return False
    event.stop()
    event.prevent_default()
    await screen.run_action(action)
    return True


async def hand_over(event: events.Key, target: object) -> bool:
    """Give ``event`` to ``target``, for which it was typed before the focus got there.

    A text field applies it now, in the order typed (:meth:`TextInput.apply_key`); a
    screen (a dialog just opened on top) gets a copy of it. True, and ``event`` stopped,
    when the key was taken; False for any other target, or a key the field does not take.
    """
    if isinstance(target, Screen):
        target.post_message(events.Key(event.key, event.character))
        taken = True
    elif isinstance(target, TextInput | TextBox):
        taken = await target.apply_key(event)
    else:
        taken = False
    if taken:
        event.stop()
        event.prevent_default()
    return taken
