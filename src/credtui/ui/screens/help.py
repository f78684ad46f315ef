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
            # One row per binding: the keys of one binding (up and k, ctrl+c and super+c)
            # share it, rather than two rows saying the same thing.
            rows: dict[tuple[str, str], tuple[int, list[str], str]] = {}
            for key, active in self._target.active_bindings.items():
                binding = active.binding
                if not binding.description:
                    continue
                shown = binding.key_display or self.app.get_key_display(binding) or key
                description = binding.description + (
                    "" if active.enabled else " (not available here)"
                )
                if binding.id:
                    # The screen's keys, then the app's, then the focused widget's.
                    rank = 0 if active.node is self._target else 1 if active.node is self.app else 2
                else:
                    rank = 3
                row = rows.setdefault((binding.id or "", description), (rank, [], binding.id or ""))
                if shown not in row[1]:
                    row[1].append(shown)
            generic = False
            for (_, description), (rank, keys, binding_id) in sorted(
                rows.items(), key=lambda item: item[1][0]
            ):
                if rank == 3 and not generic:
                    generic = True
                    table.add_row(Text(""), Text("Moving and scrolling", style="italic"), Text(""))
                table.add_row(
                    Text(" ".join(keys), style="bold"),
                    Text(description),
                    Text(binding_id, style="dim"),
                )
            yield table
            yield Static(
                'esc closes · ↑↓ scroll · remap in the config file: [keys] binding-id = "key"',
                id="help-hint",
                markup=False,
            )
