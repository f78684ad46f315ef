"""A yes/no question before anything irreversible."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Ask ``question``; dismisses with True only for an explicit yes."""

    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", id="confirm-no"),
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
    ]

    def __init__(self, question: str, *, yes_label: str = "Yes") -> None:
        super().__init__()
        self._question = question
        self._yes_label = yes_label

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self._question, id="confirm-question", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(self._yes_label, id="confirm-yes", variant="error")
                yield Button("Cancel", id="confirm-cancel")

    def on_mount(self) -> None:
        self.query_one("#confirm-cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
