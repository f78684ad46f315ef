"""What every dialog that changes the tenant shares.

* Its own footer: the dialog's keys (save, cancel), not those of the screen behind.
* An in-flight state: while a change is being sent, the dialog says so, its
  save key and button are disabled (a change cannot be sent twice) and it
  cannot be closed (closing would cancel a request the tenant may be acting on).
* The change has one time budget (60 s, retries included): while it waits for a
  retry or the rate limit, the status line says so and when it will give up.
* A failure keeps the dialog open with everything as typed: a refusal made
  before sending goes under its field, the tenant's answer into the status line
  and a toast, in words (:func:`credtui.errors.describe_error`).
* Keys typed or pasted right after the key that opened it (before focus reaches
  its first field) go into that field instead of being lost.
* :meth:`has_unsaved_input` lets ``q`` and ``escape`` ask before throwing typed
  input away (the Cancel button, an explicit choice, does not ask).
"""

from __future__ import annotations

import contextvars
from collections.abc import Sequence
from typing import ClassVar, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static, TextArea
from textual.widgets.button import ButtonVariant

from credtui.api import WaitReason
from credtui.errors import CredtuiError, LocalValidationError, describe_error
from credtui.models import Application, Credential
from credtui.ops.plan import Intent, Outcome, execute, make_plan
from credtui.ui.early_keys import hand_over
from credtui.ui.screens.base import TenantAccess
from credtui.ui.screens.confirm import BreakingChangeScreen, ConfirmScreen

ResultT = TypeVar("ResultT")

TEXT_WIDGETS = (Input, TextArea)
_SENDING: contextvars.ContextVar[object] = contextvars.ContextVar("change_form_sending")
"""The dialog whose change the current task sends (tasks started there inherit it)."""


PAGE_BINDINGS: tuple[BindingType, ...] = (
    Binding("pagedown", "page_body(1)", "Page down", show=False),
    Binding("pageup", "page_body(-1)", "Page up", show=False),
)
"""The dialog's body a page at a time, wherever the focus is (every dialog has them)."""


class ChangeFormScreen(TenantAccess, ModalScreen[ResultT]):
    """Base of the change dialogs; subclasses implement :meth:`action_save`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form-save"),
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        # Modal screens hide the app's keys: q must still quit (asking first), and ? lists
        # this dialog's keys (both only where no text field takes the letter).
        Binding("q", "app.quit", "Quit", id="form-quit", show=False),
        Binding("question_mark", "app.help", "Help", id="form-keys"),
        *PAGE_BINDINGS,
    ]
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (100, "-wide"),
    ]
    busy: reactive[bool] = reactive(False, init=False)
    """A change is in flight."""
    BUSY_TEXT = "Sending to the tenant…"

    def __init__(self) -> None:
        super().__init__()
        self._opening = True
        self.status_text = ""
        """What the status line says now."""

    def compose_actions(
        self, send_label: str, *, variant: ButtonVariant = "primary"
    ) -> ComposeResult:
        """The dialog's status line and its send and cancel buttons (every dialog's last rows)."""
        yield Static("", id="form-status", markup=False)
        with Horizontal(id="form-buttons"):
            yield Button(
                send_label,
                id="form-send",
                classes="form-send",
                variant=variant,
                compact=True,
            )
            yield Button("Cancel", id="form-cancel", classes="form-cancel", compact=True)

    # --- what subclasses provide --------------------------------------------------------

    def first_field(self) -> Input | TextArea | None:
        """The field that gets the focus when the dialog opens (and early keys)."""
        return None

    def has_unsaved_input(self) -> bool:
        """Whether closing would throw away something the person typed."""
        return False

    # --- opening: focus, and keys that arrive before it ----------------------------------

    def on_mount(self) -> None:
        blink = getattr(self.app, "cursor_blink", True)
        for widget in self.query(Input):
            widget.cursor_blink = blink
        for area in self.query(TextArea):
            area.cursor_blink = blink
        target = self.first_field()
        if target is not None:
            # Now, not after a refresh: keys already queued must find the field focused.
            self.set_focus(target)

    def _early_target(self) -> Input | TextArea | None:
        focused = self.focused
        if isinstance(focused, TEXT_WIDGETS):
            return focused
        return self.first_field() if self._opening else None

    async def on_key(self, event: events.Key) -> None:
        # A printable or editing key reaches the screen itself only when no text field
        # took it: it was queued before the first field had the focus (fast typing, a
        # paste as keys). Apply it to the field the person meant, now and in the order
        # typed (an editing key left to bubble up to the app would run after the
        # characters typed behind it); a tab typed that early moves on from the first
        # field, as the person expects.
        if event.key in ("tab", "shift+tab"):
            # Moved here, not by the app's binding once the key has bubbled up: the
            # keys typed after it are already queued and must land in the next field.
            first = self.first_field()
            if self._opening and first is not None and self.focused is None:
                self.set_focus(first)
            (self.focus_next if event.key == "tab" else self.focus_previous)()
            event.stop()
            event.prevent_default()
            return
        await hand_over(event, self._early_target())

    class EarlyPaste(Message):
        """A paste that reached the screen behind while this dialog was opening."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def on_change_form_screen_early_paste(self, message: EarlyPaste) -> None:
        target = self.focused if isinstance(self.focused, TEXT_WIDGETS) else self.first_field()
        if target is not None:
            self.paste_early(target, message.text)

    def paste_early(self, target: Input | TextArea, text: str) -> None:
        """Put text pasted before the focus arrived into ``target`` (subclasses may route it)."""
        if isinstance(target, Input):
            target.insert_text_at_cursor(text)
        else:
            target.insert(text)

    @on(events.DescendantFocus)
    def _focused(self, event: events.DescendantFocus) -> None:
        self._opening = False

    def action_page_body(self, step: int) -> None:
        """``pagedown``/``pageup``: scroll the dialog's body a page, wherever the focus is
        (a button has no scrolling of its own: at 80x24 the rest would be out of reach)."""
        for body in self.query("#form-body"):
            (body.scroll_page_down if step > 0 else body.scroll_page_up)(animate=False)

    # --- in flight -----------------------------------------------------------------------

    def watch_busy(self, busy: bool) -> None:
        for button in self.query(".form-send").results(Button):
            button.disabled = busy
        self.set_status(self.BUSY_TEXT if busy else "", error=False)
        # No class on the screen for it: no style reads one, and a class on the screen
        # restyles every widget of the dialog (about 40 ms per save, twice).
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save" and self.busy:
            return None  # shown, but disabled
        return True

    def set_status(self, text: str, *, error: bool = True) -> None:
        """The line above the buttons: progress, or what went wrong."""
        self.status_text = text
        status = self.query("#form-status").results(Static)
        for widget in status:
            widget.update(text)
            widget.set_class(error and bool(text), "-error")

    def action_cancel(self) -> None:
        """``escape``: close, asking first when something typed would be thrown away."""
        if self._refuse_close():
            return
        if self.has_unsaved_input():

            def answered(yes: bool | None) -> None:
                if yes:
                    self.dismiss(None)

            self.app.push_screen(
                ConfirmScreen("Close this form and lose what you typed?", yes_label="Close"),
                answered,
            )
            return
        self.dismiss(None)

    def _refuse_close(self) -> bool:
        if self.busy:
            self.notify(
                "The change is being sent; wait for the tenant's answer.",
                severity="warning",
                markup=False,
            )
        return self.busy

    @on(Button.Pressed, ".form-cancel")
    def _cancel_pressed(self) -> None:
        if not self._refuse_close():
            self.dismiss(None)

    @on(Button.Pressed, ".form-send")
    async def _send_pressed(self) -> None:
        await self.run_action("save")

    async def action_save(self) -> None:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    # --- planned changes -----------------------------------------------------------------

    async def run_plan(
        self,
        intent: Intent,
        application: Application,
        credentials: Sequence[Credential],
        *,
        action: str,
    ) -> Outcome | None:
        """Plan ``intent``, ask first when it is breaking, send it; None when it was not sent.

        Call from a worker. The plan is made on what the dialog shows; a breaking
        one is shown whole (:class:`BreakingChangeScreen`, focus on Cancel) and sent
        only on an explicit yes; :func:`credtui.ops.plan.execute` then refuses
        anything the tenant's current state adds to what the person accepted.
        A refusal or failure is shown in the dialog, which stays open as typed.
        """
        now = self.tui.now()
        try:
            plan = make_plan(
                intent,
                application,
                credentials,
                now=now,
                own_client_id=self.client.tokens.client_id,
            )
        except LocalValidationError as exc:
            self.busy = False
            self.show_failure(action, self.map_refusal(exc))
            return None
        if plan.breaking:
            self.busy = False
            if not await self.app.push_screen_wait(BreakingChangeScreen(plan)):
                self.set_status("Not sent: the breaking change was cancelled.")
                return None
        self.busy = True
        _SENDING.set(self)
        stop_watching = self.client.observe_waits(self._wait_changed)
        try:
            # One budget for the whole change, retries included (the status line counts down).
            with self.client.action_budget(self.tui.action_seconds):
                outcome = await execute(
                    self.client,
                    application.client_id,
                    intent,
                    accept=plan.effect_names,
                    now=now,
                    seen=plan,
                )
        except CredtuiError as exc:
            self.busy = False
            self.show_failure(
                action, self.map_refusal(exc) if isinstance(exc, LocalValidationError) else exc
            )
            return None
        except BaseException:
            self.busy = False
            raise
        finally:
            stop_watching()
        return outcome

    def _wait_changed(self, reason: WaitReason, seconds: float) -> None:
        """While this dialog's change waits (a retry, the rate limit), say so, and when it
        gives up; called in the waiting task, so only this dialog's sending counts."""
        if _SENDING.get(None) is not self or not self.busy:
            return
        text = reason.describe(seconds)
        left = self.client.budget_left()
        if text and left is not None:
            text += f" Giving up in {max(1, round(left))} s."
        self.set_status(f"{self.BUSY_TEXT} {text}" if text else self.BUSY_TEXT, error=False)

    def map_refusal(self, error: LocalValidationError) -> LocalValidationError:
        """A core refusal with its field renamed to this dialog's (subclasses map names)."""
        return error

    # --- errors --------------------------------------------------------------------------

    def field_error_widget(self, field: str) -> Static | None:
        """The error line under ``field`` (subclasses map core field names to widgets)."""
        found = self.query(f"#error-{field.replace('_', '-')}").results(Static)
        return next(iter(found), None)

    @staticmethod
    def put_error(widget: Static, message: str) -> None:
        """Show ``message`` on an error line (hidden while empty, so fields stay compact)."""
        widget.update(message)
        widget.display = bool(message)

    def show_failure(self, action: str, error: CredtuiError) -> None:
        """A refusal under its field, or the tenant's answer in the status line and a toast."""
        if isinstance(error, LocalValidationError):
            target = self.field_error_widget(error.field)
            if target is not None and target.parent is not None and target.parent.display:
                self.put_error(target, error.message)
                target.scroll_visible(animate=False)
                self.set_status("Not sent: fix the field marked above.")
                return
            self.set_status(f"Not sent: {error.message}")
            return
        text = describe_error(error, now=self.tui.now())
        self.set_status(f"Could not {action}: {text}")
        self.tui.report_failure(action, error)
