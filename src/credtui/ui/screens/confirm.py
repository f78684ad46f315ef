"""A yes/no question before anything irreversible, and the plan of a breaking change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from credtui.ui.widgets.keys_footer import QuietFooter

if TYPE_CHECKING:
    from credtui.ops.plan import Plan


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


class BreakingChangeScreen(ModalScreen[bool]):
    """A breaking change's plan and effects, in words; True only for an explicit "Apply anyway".

    The focus starts on Cancel and no single key confirms: Enter on the focused
    button cancels, escape cancels; applying takes moving to "Apply anyway" first.
    """

    BINDINGS = [
        Binding("escape", "answer(False)", "Cancel", id="breaking-cancel"),
    ]

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        plan = self.plan
        with Vertical(id="confirm-box", classes="breaking-box"):
            yield Static(f"Breaking change to {plan.app_name}", id="breaking-title", markup=False)
            with VerticalScroll(id="breaking-body"):
                for effect, why in plan.effects:
                    yield Static(
                        f"• {effect.value}: {why}", classes="breaking-effect", markup=False
                    )
                yield Static("\n".join(plan.body_lines()), id="breaking-plan", markup=False)
                for note in plan.notes:
                    yield Static(f"Note: {note}", classes="breaking-note", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("Cancel", id="confirm-cancel", variant="primary")
                yield Button("Apply anyway", id="confirm-yes", variant="error")
        yield QuietFooter()  # its own keys (escape), not those of the dialog behind

    def on_mount(self) -> None:
        self.query_one("#confirm-cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
