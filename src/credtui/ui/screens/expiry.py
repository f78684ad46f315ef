"""``e``: set or change a public key's expiry (a date, a quick choice, or never)."""

from __future__ import annotations

from datetime import datetime

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from credtui.errors import LocalValidationError
from credtui.models import Application, Credential
from credtui.ops.expiry import NEVER_WARNING, QUICK_CHOICES, parse_expiry
from credtui.ops.plan import SetExpiry
from credtui.text import quoted
from credtui.timefmt import absolute, describe_expiry
from credtui.ui.screens.change_form import ChangeFormScreen
from credtui.ui.widgets.keys_footer import QuietFooter
from credtui.ui.widgets.text_fields import TextInput

CHOICES = (
    ("A date I type", "typed"),
    *((label, code) for code, label in QUICK_CHOICES),
    ("Never (not recommended)", "never"),
)


class ExpiryScreen(ChangeFormScreen[Credential | None]):
    """Dismisses with the credential as the tenant stored it, once it has."""

    def __init__(self, application: Application, credential: Credential) -> None:
        super().__init__()
        self.application = application
        self.credential = credential
        self._when: datetime | None = None

    def compose(self) -> ComposeResult:
        cred = self.credential
        now = self.tui.now()
        if cred.expires_at_unreadable is not None:
            current = f"unreadable: the tenant sent {quoted(cred.expires_at_unreadable, 40)}"
        elif cred.expires_at:
            current = f"{absolute(cred.expires_at)} ({describe_expiry(cred.expires_at, now)})"
        else:
            current = "never"
        with Vertical(id="form-box", classes="change-form expiry-form"):
            yield Static(f"Expiry of {cred.display_name}", id="form-title", markup=False)
            with VerticalScroll(id="form-body"):
                yield Static(f"Now: {current}", id="expiry-now", markup=False)
                with Vertical(classes="form-field", id="field-expiry"):
                    with Horizontal(classes="field-row"):
                        yield Label("New expiry", classes="field-label")
                        yield Select(
                            CHOICES,
                            value="typed",
                            allow_blank=False,
                            id="expiry-choice",
                            compact=True,
                        )
                    with Horizontal(classes="field-row"):
                        yield Label("", classes="field-label")
                        yield TextInput(
                            id="expires",
                            placeholder="2027-01-31, 2027-01-31T12:00:00Z or +6m",
                            compact=True,
                        )
                    yield Static("", classes="field-error", id="error-expiry", markup=False)
                yield Static("", id="expiry-after", markup=False)
            yield from self.compose_actions("Set expiry")
        yield QuietFooter()

    def first_field(self) -> Input:
        return self.query_one("#expires", Input)

    def on_mount(self) -> None:
        super().on_mount()
        self._revalidate()

    def has_unsaved_input(self) -> bool:
        return bool(self.query_one("#expires", Input).value.strip())

    def field_error_widget(self, field: str) -> Static | None:
        return self.query_one("#error-expiry", Static) if field == "expires_at" else None

    @on(Select.Changed, "#expiry-choice")
    def _choice_changed(self) -> None:
        typed = self.query_one("#expiry-choice", Select).value == "typed"
        self.query_one("#expires", Input).parent.display = typed  # type: ignore[union-attr]
        if typed:
            self.query_one("#expires", Input).focus()
        self._revalidate()

    @on(Input.Changed, "#expires")
    def _typed(self) -> None:
        self._revalidate()

    @on(Input.Changed, "#expires")
    @on(Select.Changed, "#expiry-choice")
    def _edited(self) -> None:
        """A refusal of what was there before is no longer news: the line under the field
        speaks for what is there now."""
        if self.status_text.startswith("Not sent") and not self.busy:
            self.set_status("")

    def _revalidate(self) -> str | None:
        """Parse the choice; show the problem or the new expiry; return the problem."""
        choice = str(self.query_one("#expiry-choice", Select).value)
        error = self.query_one("#error-expiry", Static)
        after = self.query_one("#expiry-after", Static)
        now = self.tui.now()
        self._when = None
        if choice == "never":
            self.put_error(error, "")
            after.update(f"New expiry: never. {NEVER_WARNING}")
            return None
        text = self.query_one("#expires", Input).value if choice == "typed" else choice
        if choice == "typed" and not text.strip():
            self.put_error(error, "")
            after.update("Type a date, or pick one of the choices above.")
            return "Type a date, or pick one of the choices above."
        try:
            when = parse_expiry(text, now)
        except LocalValidationError as exc:
            self.put_error(error, exc.message)
            after.update("")
            return exc.message
        self._when = when
        self.put_error(error, "")
        after.update(f"New expiry: {absolute(when)} ({describe_expiry(when, now)})")
        return None

    async def action_save(self) -> None:
        if self.busy:
            return
        problem = self._revalidate()
        if problem:
            self.set_status(f"Not sent: {problem}")
            return
        self.send(self._when)

    @work(group="set-expiry", exclusive=True, exit_on_error=False, description="set expiry")
    async def send(self, when: datetime | None) -> None:
        self.busy = True
        outcome = await self.run_plan(
            SetExpiry(self.credential.id, when),
            self.application,
            (self.credential,),
            action="set the expiry",
        )
        if outcome is None:
            return
        updated = next((c for c in outcome.credentials if c.id == self.credential.id), None)
        self.dismiss(updated)
