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


class QuietFooter(Footer):
    """Textual's footer, its keys built with the classes they end up with.

    A footer is rebuilt whenever the bindings change (each focus change, each
    ``refresh_bindings``). Textual's :class:`FooterKey` sets its ``-compact`` class
    when it is mounted, and takes it away again in a footer that is not compact:
    each a restyle of the key, about a millisecond, a dozen keys every time. Built
    with its compact value and class already set, the key mounts as it is
    (:meth:`key_classes` says which classes a key gets).
    """

    def key_compact(self, key: FooterKey) -> bool:
        """Whether ``key`` is drawn compact: as the footer is, but the palette's key
        (which Textual does not bind to the footer) always."""
        return True if key.has_class("-command-palette") else self.compact

    def key_classes(self, key: FooterKey) -> list[str]:
        """The classes ``key`` carries once mounted (besides Textual's own)."""
        return ["-compact"] if self.key_compact(key) else []

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Its compact value before it mounts, so that mounting changes nothing:
                # the key's own default (compact) would add the class, then the footer's
                # (not compact) take it away again, two restyles per key.
                widget.set_reactive(FooterKey.compact, self.key_compact(widget))
                classes = self.key_classes(widget)
                if classes:
                    widget.add_class(*classes, update=False)  # not mounted yet: no restyle
            yield widget


class KeysFooter(QuietFooter):
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

    def key_classes(self, key: FooterKey) -> list[str]:
        # The palette's key is minor too: ctrl+p still opens it, and ? lists it.
        classes = super().key_classes(key)
        if key.key in self.minor or key.key == self.app.COMMAND_PALETTE_BINDING:
            classes.append("-minor")
        if key.key in self.spare:
            classes.append("-spare")
        return classes

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.wide, "-narrow")
        self.set_class(event.size.width < self.tight, "-tight")
