"""``o``: rotate a credential without downtime, one step at a time, the tenant saying where.

The plan is :meth:`credtui.ops.rotation.RotationState.plan` (shown by
:mod:`credtui.ui.widgets.rotation_plan`); every step that changes the tenant is
planned (:func:`credtui.ops.rotation.plan_step`), a breaking one (``make_room``,
``detach_old``) is shown whole and confirmed in
:class:`~credtui.ui.screens.confirm.BreakingChangeScreen` (focus on Cancel: Enter
alone never detaches), then sent by :func:`credtui.ops.rotation.run_step` and
followed by a re-read of the application and :func:`~credtui.ops.rotation.locate`
again, so what the dialog shows next is what the tenant holds, not what it expected.
Which credential is old and which new is the rotation's own (the tenant, and this
session's record: :mod:`.rotation_start`), never the cursor's. The new credential
is made by :class:`~credtui.ui.screens.rotation_new.NewCredentialForm`. At
``deploy`` the dialog pauses until the person confirms; ``t`` tests the new key
with a real token request. A failed step stops the dialog where it is, with the
application's state in words. Closing it always hands the application screen a
result, so it re-reads the tenant and puts the cursor on the rotation's old
credential while the rotation is unfinished; ``o`` on the old or new one resumes it.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Select, Static

from credtui.errors import CredtuiError, LocalValidationError, describe_error
from credtui.models import Credential, CredentialType
from credtui.ops.changes import slot_label
from credtui.ops.keyfiles import default_key_name
from credtui.ops.rotation import (
    ORDER,
    RotationState,
    RotationStep,
    describe_state,
    locate,
    plan_step,
    run_step,
)
from credtui.ui.screens.change_form import PAGE_BINDINGS
from credtui.ui.screens.confirm import BreakingChangeScreen
from credtui.ui.screens.rotation_new import ERROR_IDS, EXISTING, NewCredentialForm, RotationOutcome
from credtui.ui.screens.token_test import TokenTestScreen
from credtui.ui.widgets.key_fields import form_field
from credtui.ui.widgets.keys_footer import QuietFooter
from credtui.ui.widgets.rotation_plan import DeploySection, RotationPlan

__all__ = ["RotationOutcome", "RotationScreen"]

ACTIONS = {
    RotationStep.MAKE_ROOM: "make room",
    RotationStep.ADD: "add the new credential",
    RotationStep.ATTACH: "attach the new credential",
    RotationStep.DEPLOY: "re-read the application",
    RotationStep.DETACH_OLD: "detach the old credential",
    RotationStep.DELETE_OLD: "delete the old credential",
}


class RotationScreen(NewCredentialForm, inherit_bindings=False):
    """The plan, the new credential, and one step at a time; closes whenever asked."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Do next step", id="rotation-next"),
        Binding("t", "test", "Test new key", id="rotation-test"),
        Binding("ctrl+r", "reread", "Re-read", id="rotation-reread"),
        Binding("escape", "cancel", "Close", id="rotation-close"),
        Binding("q", "app.quit", "Quit", id="rotation-quit", show=False),
        *PAGE_BINDINGS,
    ]
    BUSY_TEXT = "Working on the tenant…"

    # Where the rotation stands, as last located (set on each instance from mount on).
    state: RotationState | None = None
    stuck: str | None = None
    """Why the rotation cannot go on from the tenant's state (locate refused)."""
    changed = False
    fresh = False
    """Whether the tenant has been re-read since the dialog opened."""
    failure: str | None = None
    _shown: object = None

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        stem = Path(default_key_name(self.application.name, self.tui.now().strftime("%Y%m%d"))).stem
        with Vertical(id="form-box", classes="change-form rotation-form"):
            yield Static(
                f"Rotate {self.old.display_name} of {self.application.name}",
                id="form-title",
                markup=False,
            )
            with VerticalScroll(id="form-body"):
                yield form_field(
                    "slot",
                    "Rotate in",
                    Select(
                        [(slot_label(s), s.value) for s in self.slots],
                        value=self.slot.value,
                        allow_blank=False,
                        id="slot",
                        compact=True,
                    ),
                )
                yield RotationPlan(id="plan-section")
                yield from self.compose_new(stem)
                yield DeploySection(id="deploy-section")
            yield from self.compose_actions("Do next step")
        yield QuietFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#field-slot").display = len(self.slots) > 1
        self.query_one("#form-cancel", Button).label = "Close"  # nothing to cancel: steps are done
        self._slot_changed()
        self.query_one("#source" if self.state and self.state.new is None else "#form-send").focus()
        self.reread()

    # --- where the rotation stands ----------------------------------------------------------

    def _relocate(self) -> None:
        new_id, identity = self._target()
        try:
            self.state = locate(
                self.application,
                self.credentials,
                slot=self.slot,
                old_id=self.old.id,
                new_id=new_id,
                new_identity=identity,
                deployed=self.deployed,
            )
            self.stuck = None
            if self.state.old is None:  # deleted: its name (as opened) still says which it was
                self.state = replace(self.state, old=self.old)
        except LocalValidationError as exc:
            self.state, self.stuck = None, exc.message
        self._show()

    @property
    def choosing(self) -> bool:
        """The person has yet to choose the new credential (nothing was chosen for them)."""
        return self.source == "" and self.new_id is None

    def _show(self) -> None:
        shown = (
            self.state,
            self.stuck,
            self.failure,
            self.candidate_note,
            self.source,
            self.new_expiry(),
        )
        seen = (self.new_id, self.generated, self.busy, self.application, self.credentials)
        if (shown, seen) == self._shown:
            return  # nothing to redraw (typing a name, say)
        self._shown = (shown, seen)
        state = self.state
        plan = self.query_one(RotationPlan)
        send = self.query_one("#form-send", Button)
        new_section = self.query_one("#new-section")
        deploy = self.query_one(DeploySection)
        if state is None:
            plan.show_stuck(self.stuck or "")
            new_section.display = deploy.display = False
            send.disabled = True
            self._status(self.failure or "Close with escape.", error=bool(self.failure))
            self.refresh_bindings()
            return
        choosing = self.choosing
        done = state.step is RotationStep.DONE
        plan.show_state(
            state,
            now=describe_state(self.application, self.credentials, state),
            choosing=choosing,
            add_note=self.new_expiry(),
            candidate=self.candidate_note if self.new_id is None and not done else "",
        )
        new_section.display = (
            self.new_id is None
            and (state.new is None or self.source.startswith(EXISTING))
            and not done
        )
        self.query_one("#source", Select).disabled = self.new_id is not None
        deploy.show(state, self._key_file(state.new) if state.new else None)
        number = ORDER.index(state.step) + 1
        button = "Confirm deployed" if state.step is RotationStep.DEPLOY else "Do next step"
        hint = (
            "Done: close with escape."
            if done
            else "Choose the new credential above: nothing is chosen for you."
            if choosing
            else f"Next: step {number}. Press ctrl+s ({button})."
        )
        if str(send.label) != button:
            send.label = button
            send.refresh(layout=True)  # a Button's label is no layout reactive: resize it
        send.disabled = self.busy or done or choosing
        self._status(self.failure or hint, error=bool(self.failure))
        self.refresh_bindings()

    def _status(self, text: str, *, error: bool) -> None:
        if not self.busy:
            self.set_status(text, error=error)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            ready = (
                self.state is not None
                and self.state.step is not RotationStep.DONE
                and not self.choosing
            )
            return None if self.busy or not ready else True
        if action == "test":
            new = self.state.new if self.state else None
            return (
                new is not None
                and new.credential_type is CredentialType.PUBLIC_KEY
                and new.id in self.application.attachments()
            )
        return True

    # --- doing it ---------------------------------------------------------------------------

    async def action_save(self) -> None:
        if self.busy or self.state is None or self.state.step is RotationStep.DONE or self.choosing:
            return
        for key in ERROR_IDS:
            self.put_error(self.query_one(f"#error-{key}", Static), "")
        self.failure = None
        self.busy = True
        self.advance(self.state)

    @work(group="rotation", exclusive=True, exit_on_error=False, description="rotation step")
    async def advance(self, state: RotationState) -> None:
        failure: str | None = None
        cancelled = False
        try:
            if state.step is RotationStep.DEPLOY:
                self.deployed = True  # the person's word: the one step the tenant cannot show
            else:
                cancelled = not await self._step(state)
        except LocalValidationError as exc:
            self.show_failure(ACTIONS[state.step], exc)
            said = "Nothing was sent" in exc.message
            failure = f"Not done: {exc.message}" + (
                "" if said else " Nothing was changed on the tenant."
            )
        except CredtuiError as exc:
            self.show_failure(ACTIONS[state.step], exc)
            failure = (
                f"Could not {ACTIONS[state.step]}: {describe_error(exc, now=self.tui.now())} "
                "Press ctrl+s to try again, or close with escape and press o on "
                f"{self.old.display_name} later: the rotation resumes from the tenant's state."
            )
        except BaseException:
            self.busy = False
            raise
        if cancelled:
            failure = (
                f"Not done: {ACTIONS[state.step]} was cancelled; nothing was sent. "
                f"{self.old.display_name} carries on."
            )
        else:
            unread = await self._read_tenant()
            if unread is not None:
                failure = (failure or f"{ACTIONS[state.step].capitalize()}: done.") + (
                    f" The application could not be re-read ({describe_error(unread)}); what "
                    "is shown is what was last read. Press ctrl+r to re-read."
                )
        self.failure = failure
        self.busy = False
        if failure is None:
            # How the new credential was found ("attached nowhere"...) is moot once a step
            # is done: the plan and the state line say where the tenant stands now.
            self.candidate_note = ""
        self._refresh_sources()
        self._relocate()
        if failure is None:
            self._record()
        self._focus_next_step()

    async def _step(self, state: RotationState) -> bool:
        """Plan the step, have a breaking one confirmed, send it; False when cancelled.

        The new credential is made (or read) and checked as the add form does
        first, for ``add``. The plan is made on what the dialog shows; a breaking
        one is sent only after an explicit "Apply anyway", with exactly its
        effects accepted (``run_step`` refuses anything the tenant adds meanwhile).
        """
        now = self.tui.now()
        draft = checked = None
        if state.step is RotationStep.ADD:
            checked = await self._new_draft(now)
            self.identity = checked.identity
            draft = checked
        plan = plan_step(
            self.application,
            self.credentials,
            state,
            now=now,
            draft=draft,
            own_client_id=self.client.tokens.client_id,
        )
        if plan is None:
            return True
        if plan.breaking:
            self.busy = False  # the question is on top; nothing is in flight meanwhile
            confirmed = await self.app.push_screen_wait(BreakingChangeScreen(plan))
            if not confirmed:
                return False
            self.busy = True
        if state.step is RotationStep.ADD:
            self.set_status("Adding the new credential…", error=False)
        outcome = await run_step(
            self.client,
            self.application,
            state,
            now=now,
            draft=draft,
            accept=plan.effect_names,
            seen=plan,
        )
        if outcome is None:
            return True
        self.changed = self.changed or outcome.sent
        made = outcome.created
        if made is not None:
            self.new_id = made.id
            if checked is not None and checked.info is not None and checked.info.is_certificate:
                self.tui.local_certificates[made.id] = checked.info
        if outcome.error is not None:
            raise outcome.error
        return True

    def _record(self) -> None:
        """Keep this session's record of the rotation: old and new, until it is done."""
        key = (self.application.client_id, self.slot)
        state = self.state
        if state is None:
            return
        if state.step is RotationStep.DONE:
            self.tui.rotations.pop(key, None)
            self.recorded.pop(self.slot, None)
        elif state.new is not None:
            pair = (self.old.id, state.new.id)
            self.tui.rotations[key] = self.recorded[self.slot] = pair

    def _focus_next_step(self) -> None:
        """After a step, the focus goes back to the step button (never left on Close)."""
        send = self.query_one("#form-send", Button)
        focused = self.focused
        lost = focused is None or not focused.display or focused.id == "form-cancel"
        if not send.disabled and (lost or focused is send):
            send.focus()

    async def _read_tenant(self) -> CredtuiError | None:
        """Re-read the application and its credentials (the failure, if it could not)."""
        cid = self.application.client_id
        try:
            app, creds = await asyncio.gather(
                self.client.get_application(cid), self.client.list_credentials(cid)
            )
        except CredtuiError as exc:
            return exc
        self.application, self.credentials = app, tuple(creds)
        self.tui.application_read(app, self.credentials)
        self.fresh = True
        return None

    @work(group="rotation", exclusive=True, exit_on_error=False, description="re-read")
    async def reread(self) -> None:
        first = not self.fresh and not self.changed and self.new_id is None
        unread = await self._read_tenant()
        if unread is not None:
            self.tui.report_failure("re-read the application", unread)
            self.failure = (
                f"Could not re-read the application ({describe_error(unread)}); what is shown "
                "is what was last read. Press ctrl+r to try again."
            )
        else:
            self.failure = None
        if first and unread is None:
            self._slot_changed()  # which rotation this is, from what the tenant holds now
        else:
            self._refresh_sources()
        self._relocate()

    def action_reread(self) -> None:
        if not self.busy:
            self.reread()

    async def action_test(self) -> None:
        new = self.state.new if self.state else None
        if new is None or not self.check_action("test", ()):
            return
        screen = TokenTestScreen(self.application, new, self.start, self._key_file(new))
        await self.app.push_screen(screen)

    def _key_file(self, new: Credential) -> Path | None:
        """The private key file generated for ``new``, by this dialog or earlier this session."""
        if self.generated is not None and new.kid == self.generated.kid:
            self.tui.key_files[new.id] = self.generated.private_key
        return self.tui.key_files.get(new.id)

    @on(Button.Pressed, "#rotation-test-button")
    async def _test_pressed(self) -> None:
        await self.run_action("test")

    @on(Button.Pressed, ".form-cancel")
    def _close_pressed(self, event: Button.Pressed) -> None:
        # Close is escape: a result for the application screen, which re-reads the tenant
        # (the form's Cancel would dismiss with none, after steps that changed it).
        event.prevent_default()
        event.stop()
        self.action_cancel()

    def action_cancel(self) -> None:
        if self.busy:
            super().action_cancel()
            return
        state = self.state
        new = state.new if state else None
        old = self.old.display_name
        done = state is not None and state.step is RotationStep.DONE
        old_exists = any(c.id == self.old.id for c in self.credentials)
        if done and new is not None:
            summary = f"Rotated {old} to {new.display_name} on {slot_label(self.slot)}."
        elif state is not None:
            words = dict((s, w) for s, w, _ in state.plan())[state.step]
            summary = f"Rotation of {old} paused before: {words}. Press o on {old} to resume."
        else:
            summary = f"Rotation of {old} stopped: {self.stuck}"
        # The cursor goes where the toast says: the old credential while it exists (the
        # rotation is unfinished), else the new one.
        select = new.id if new is not None and (done or not old_exists) else self.old.id
        # Said when something happened: a change, or the person's word that it is deployed
        # (which a resumed rotation asks for again: the tenant cannot show it).
        said = summary if self.changed or self.deployed or done else ""
        self.dismiss(RotationOutcome(self.changed, said, select))
