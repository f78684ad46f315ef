"""``?``: every key of the screen underneath, with what it does."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static


class HelpScreen(ModalScreen[None]):
    """The keys active on ``screen`` (its own, its focused widget's and the app's)."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="close-help"),
    ]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self._target = screen

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(f"Keys: {self._target.title or 'credtui'}", id="help-title", markup=False)
            table: DataTable[Text] = DataTable(
                id="help-keys", cursor_type="none", show_cursor=False
            )
            table.add_columns("Key", "Action", "Binding id")
            # credtui's own keys first (every one has an id, and may be remapped), then
            # Textual's moving and scrolling keys, apart: the keys this screen is about
            # are seen first, even in a short terminal.
            own: list[tuple[int, tuple[Text, Text, Text]]] = []
            generic: list[tuple[Text, Text, Text]] = []
            for key, active in self._target.active_bindings.items():
                binding = active.binding
                if not binding.description:
                    continue
                keys = binding.key_display or self.app.get_key_display(binding)
                row = (
                    Text(keys or key, style="bold"),
                    Text(binding.description + ("" if active.enabled else " (not available here)")),
                    Text(binding.id or "", style="dim"),
                )
                if binding.id:
                    # The screen's keys, then the app's, then the focused widget's.
                    rank = 0 if active.node is self._target else 1 if active.node is self.app else 2
                    own.append((rank, row))
                else:
                    generic.append(row)
            for _, row in sorted(own, key=lambda item: item[0]):
                table.add_row(*row)
            if generic:
                table.add_row(Text(""), Text("Moving and scrolling", style="italic"), Text(""))
                for row in generic:
                    table.add_row(*row)
            yield table
            yield Static(
                'esc closes · ↑↓ scroll · remap in the config file: [keys] binding-id = "key"',
                id="help-hint",
                markup=False,
            )
