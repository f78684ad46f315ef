"""What the rotation dialog shows of where a rotation stands: the plan, a step a line
(done, next, to come), the slot's state in words, how the new credential was found, and
the deploy step's pause. Plain display: :class:`credtui.ui.screens.rotation.RotationScreen`
locates the rotation and hands each widget what to show."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Label, Static

from credtui.models import CredentialType
from credtui.ops.rotation import ORDER, RotationState, RotationStep


class RotationPlan(Vertical):
    """The plan's steps (``#step-<step>``), the state line (``#rotation-now``) and the
    note on how the new credential was found (``#rotation-candidate``)."""

    DEFAULT_CSS = "RotationPlan { height: auto; }"

    def compose(self) -> ComposeResult:
        yield Label("Plan (read from the tenant after every step)", id="plan-title")
        with Vertical(id="rotation-plan"):
            for step in ORDER[:-1]:
                yield Static("", id=f"step-{step.value}", classes="plan-step", markup=False)
        yield Static("", id="rotation-now", markup=False)
        yield Static("", id="rotation-candidate", markup=False)

    def show_stuck(self, why: str) -> None:
        """The rotation cannot go on: no step is current, and why."""
        for step in ORDER[:-1]:
            self.query_one(f"#step-{step.value}").set_classes("plan-step")
        self.query_one("#rotation-now", Static).update(f"The rotation cannot go on: {why}")
        self.query_one("#rotation-candidate").display = False

    def show_state(
        self, state: RotationState, *, now: str, choosing: bool, add_note: str, candidate: str
    ) -> None:
        """Each step marked; ``add_note`` follows the add step until it is done (when the
        new credential expires); ``candidate`` is shown while not empty."""
        for number, (step, words, done) in enumerate(state.plan(), 1):
            current = step is state.step and not choosing  # no next step until chosen
            mark = "✓" if done else "▶" if current else " "
            if step is RotationStep.ADD and not done:
                words += add_note
            row = self.query_one(f"#step-{step.value}", Static)
            row.update(f"{mark} {number}. {words}" + ("   ← next" if current else ""))
            row.set_class(done, "-done")
            row.set_class(current, "-current")
        complete = state.step is RotationStep.DONE
        self.query_one("#rotation-now", Static).update(
            now + (" The rotation is complete." if complete else "")
        )
        note = self.query_one("#rotation-candidate", Static)
        note.update(candidate)
        note.display = bool(candidate)


class DeploySection(Vertical):
    """The pause at ``deploy``: what to do before confirming, and the test button."""

    def compose(self) -> ComposeResult:
        yield Static("", id="deploy-text", markup=False)
        yield Button("Test the new key (t)", id="rotation-test-button", compact=True)

    def show(self, state: RotationState, key_file: Path | None) -> None:
        """Shown at the deploy step only; says where the generated private key is."""
        self.display = state.step is RotationStep.DEPLOY
        new = state.new
        if new is None or not self.display:
            return
        testable = new.credential_type is CredentialType.PUBLIC_KEY
        old = state.old.display_name if state.old else state.old_id
        text = (
            f"Paused: deploy {new.display_name} where the application runs and test it"
            + ("; press t to test it here with a real token request." if testable else ".")
            + " Both work meanwhile; nothing changes on the tenant until you confirm. Once the "
            f"application uses {new.display_name}, confirm with ctrl+s: {old} is then detached "
            "and deleted."
        )
        if key_file is not None:
            text += f" Its private key is in {key_file} (0600)."
        self.query_one("#deploy-text", Static).update(text)
        self.query_one("#rotation-test-button").display = testable
