"""``i``: the algorithm that signs the application's ID tokens (``jwt_configuration.alg``).

RS256 and PS256 sign with the tenant's private key (verified with its JWKS), HS256
with the application's client secret. Every credential method (Private Key JWT,
mTLS) needs an RS algorithm, so HS256 is refused beside one, in words, before
anything is sent (:func:`credtui.rules.check_jwt_alg`, through the plan). The
plan shows what is sent and what changes for whatever verifies the ID tokens
(``changes-id-token-signing``); being breaking, it is confirmed in its own
dialog, focus on Cancel.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, RadioButton, RadioSet, Static

from credtui import rules
from credtui.errors import LocalValidationError
from credtui.models import Application, AuthChange, Credential
from credtui.ops.plan import Plan, SetAuth, make_plan
from credtui.ui.screens.change_form import ChangeFormScreen
from credtui.ui.widgets.keys_footer import QuietFooter


class JwtAlgScreen(ChangeFormScreen[Application | None]):
    """Dismisses with the application as the tenant stored it, once the change is applied."""

    BUSY_TEXT = "Applying the change…"

    def __init__(self, application: Application, credentials: Sequence[Credential]) -> None:
        super().__init__()
        self.application = application
        self.credentials = tuple(credentials)
        self.current = application.jwt_alg or rules.JWT_DEFAULT_ALG
        choices = list(rules.JWT_ALG_CHOICES)
        if self.current not in choices:
            choices.insert(0, self.current)  # RS512, as the tenant holds it
        self.choices = tuple(choices)
        self._change: AuthChange | None = None

    def compose(self) -> ComposeResult:
        app = self.application
        default = "" if app.jwt_alg else " (the default: the tenant sent none)"
        with Vertical(id="form-box", classes="change-form alg-form"):
            yield Static(f"ID token signing of {app.name}", id="form-title", markup=False)
            with VerticalScroll(id="form-body"):
                yield Static(f"Now: {self.current}{default}", id="alg-now", markup=False)
                with Vertical(classes="form-field", id="field-jwt-alg"):
                    yield Label("Sign ID tokens with")
                    with RadioSet(id="jwt-alg", compact=True):
                        for alg in self.choices:
                            label = rules.JWT_ALG_LABELS.get(alg, alg)
                            yield RadioButton(label, value=alg == self.current)
                    yield Static("", classes="field-error", id="error-jwt-alg", markup=False)
                yield Static("", id="alg-effects", markup=False)
                yield Static("", id="alg-plan", markup=False)
            yield from self.compose_actions("Apply")
        yield QuietFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#jwt-alg", RadioSet).focus()
        self._revalidate()

    def has_unsaved_input(self) -> bool:
        return self._change is not None

    @property
    def alg(self) -> str:
        """The algorithm picked."""
        index = self.query_one("#jwt-alg", RadioSet).pressed_index
        return self.choices[index] if index >= 0 else self.current

    @on(RadioSet.Changed, "#jwt-alg")
    def _picked(self) -> None:
        self._revalidate()

    def _revalidate(self) -> LocalValidationError | None:
        """Plan the change; show its effects and requests, or why it is refused."""
        error = self.query_one("#error-jwt-alg", Static)
        effects = self.query_one("#alg-effects", Static)
        preview = self.query_one("#alg-plan", Static)
        alg = self.alg
        self._change = None
        self.put_error(error, "")
        effects.display = False
        preview.display = True
        if alg == self.current:
            preview.update("Nothing changes yet.")
            return None
        change = AuthChange(jwt_alg=alg)
        try:
            plan = self._plan(change)
        except LocalValidationError as exc:
            self.put_error(error, exc.message)
            preview.display = False
            return exc
        self._change = change
        effects.update(
            "\n".join(
                [f"Breaking: {e.value}: {why}" for e, why in plan.effects]
                + [f"Note: {note}" for note in plan.notes]
            )
        )
        effects.display = bool(plan.effects or plan.notes)
        preview.update("\n".join(plan.body_lines()))
        return None

    def _plan(self, change: AuthChange) -> Plan:
        return make_plan(
            SetAuth(change),
            self.application,
            self.credentials,
            now=self.tui.now(),
            own_client_id=self.client.tokens.client_id,
        )

    def field_error_widget(self, field: str) -> Static | None:
        return self.query_one("#error-jwt-alg", Static) if field == "jwt_alg" else None

    async def action_save(self) -> None:
        if self.busy:
            return
        problem = self._revalidate()
        if problem is not None:
            self.set_status("Not sent: fix the choice marked above.")
            return
        if self._change is None:
            self.set_status("Not sent: nothing changes.")
            return
        self.send(self._change)

    @work(group="jwt-alg", exclusive=True, exit_on_error=False, description="set the ID token alg")
    async def send(self, change: AuthChange) -> None:
        outcome = await self.run_plan(
            SetAuth(change),
            self.application,
            self.credentials,
            action="change the ID token algorithm",
        )
        if outcome is not None:
            self.dismiss(outcome.application)
