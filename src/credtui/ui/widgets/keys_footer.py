"""A footer that keeps the keys that matter when the terminal is narrow.

Textual's :class:`~textual.widgets.Footer` shows every binding in one line and
cuts what does not fit at the right: at 80 columns the application screen lost
its change keys (``m``, ``g``, ``t``) behind ``q Quit`` and the palette. This
footer is compact, and below :attr:`KeysFooter.wide` columns it hides its
*minor* keys (copying, quitting, the palette: all still work and are listed by
``?``) so that the change keys stay in view; below :attr:`KeysFooter.tight`
columns its *spare* keys go too (the overview's Open and Re-sweep at 80 columns,
where its seven filters pushed ``esc Back`` and ``? Help`` off the line).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeysFooter(Footer):
    """A compact footer whose ``minor`` keys go when it is narrower than ``wide`` columns."""

    DEFAULT_CSS = """
    KeysFooter.-narrow FooterKey.-minor {
        display: none;
    }
    KeysFooter.-tight FooterKey.-spare {
        display: none;
    }
    """

    def __init__(
        self,
        *,
        minor: Iterable[str] = (),
        wide: int = 104,
        spare: Iterable[str] = (),
        tight: int = 0,
    ) -> None:
        super().__init__(compact=True)
        self.minor = frozenset(minor)
        """The keys (as bound: ``c``, ``C``, ``q``) hidden when narrow."""
        self.wide = wide
        self.spare = frozenset(spare)
        """More keys hidden when narrower still (below ``tight`` columns)."""
        self.tight = tight

    def compose(self) -> ComposeResult:
        # The palette's key is minor too: ctrl+p still opens it, and ? lists it.
        minor = self.minor | {self.app.COMMAND_PALETTE_BINDING}
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.key in minor:
                widget.add_class("-minor")
            if isinstance(widget, FooterKey) and widget.key in self.spare:
                widget.add_class("-spare")
            yield widget

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.wide, "-narrow")
        self.set_class(event.size.width < self.tight, "-tight")
