"""``d``: delete a credential, detaching it first when it is attached.

Auth0 refuses to delete an attached credential, so for one the dialog explains
that and offers detach-then-delete as one step
(:class:`credtui.ops.plan.DeleteCredential`; a breaking one is confirmed again,
focus on Cancel). When detaching leaves the
active method with no credential it says what happens to the application's
authentication and lets the person choose: leave the method empty, or switch
to a client secret (or no authentication).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, RadioSet, Static

from credtui import rules
from credtui.models import Application, AuthMethod, Credential
from credtui.ops.changes import detach_consequence, slot_label
from credtui.ops.plan import DeleteCredential
from credtui.ui.rows import credential_identity, type_label
from credtui.ui.screens.change_form import PAGE_BINDINGS, ChangeFormScreen
from credtui.ui.widgets.keys_footer import QuietFooter
from credtui.ui.widgets.toggles import (
    CurrentRadioSet,
    MarkedRadioButton,
)

FALLBACKS = (
    (None, "Keep {method}, with no credential until one is attached"),
    (AuthMethod.CLIENT_SECRET_POST, "Switch to Client secret (post)"),
    (AuthMethod.CLIENT_SECRET_BASIC, "Switch to Client secret (basic)"),
    (AuthMethod.NONE, "Switch to no authentication (a public client)"),
)


class DeleteScreen(ChangeFormScreen[bool | None], inherit_bindings=False):
    """Confirm, then delete (or detach then delete); dismisses True once it is gone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Delete", id="delete-confirm"),
        Binding("escape", "cancel", "Cancel", id="delete-cancel"),
        Binding("q", "app.quit", "Quit", id="delete-quit", show=False),
        *PAGE_BINDINGS,
    ]
    BUSY_TEXT = "Deleting…"

    def __init__(
        self,
        application: Application,
        credential: Credential,
        credentials: Sequence[Credential] = (),
    ) -> None:
        super().__init__()
        self.application = application
        self.credential = credential
        self.credentials = tuple(credentials) or (credential,)
        self.slots = application.slots_of(credential.id)
        self.consequence = detach_consequence(application, credential.id)

    def compose(self) -> ComposeResult:
        cred = self.credential
        with Vertical(id="form-box", classes="change-form delete-form"):
            yield Static(f"Delete {cred.display_name}?", id="form-title", markup=False)
            with VerticalScroll(id="form-body"):
                yield from self._body()
            yield from self.compose_actions(
                "Detach and delete" if self.slots else "Delete", variant="error"
            )
        yield QuietFooter()

    def _body(self) -> ComposeResult:
        app, cred = self.application, self.credential
        ident = credential_identity(cred)
        yield Static(
            f"{type_label(cred)}{' · ' + ident if ident else ''}\non {app.name}",
            id="delete-what",
            markup=False,
        )
        if not self.slots:
            yield Static(
                "It is not attached: it authenticates nothing, so deleting it changes "
                "nothing for the application. This cannot be undone.",
                id="delete-explain",
                markup=False,
            )
        else:
            where = ", ".join(slot_label(s) for s in self.slots)
            yield Static(
                f"It is attached to {where}. Auth0 refuses to delete an attached "
                f'credential ("{rules.MSG_CREDENTIAL_STILL_ASSOCIATED}"), so credtui '
                "detaches it first, then deletes it: one step. This cannot be undone.",
                id="delete-explain",
                markup=False,
            )
            if self.consequence:
                yield Static(self.consequence, id="delete-consequence", markup=False)
                method = app.auth_method
                label = method.label if method else "the method"
                with Vertical(id="field-fallback", classes="form-field"):
                    yield Label("Then")
                    with CurrentRadioSet(id="fallback", compact=True):
                        for i, (_, text) in enumerate(FALLBACKS):
                            yield MarkedRadioButton(text.format(method=label), value=i == 0)

    def on_mount(self) -> None:
        super().on_mount()
        fallback = self.query("#fallback")
        (fallback.first() if fallback else self.query_one("#form-cancel")).focus()

    def fallback(self) -> AuthMethod | None:
        """The method chosen for after the detach (None: keep the method as it is)."""
        found = self.query("#fallback").results(RadioSet)
        radio = next(iter(found), None)
        if radio is None or radio.pressed_index < 0:
            return None
        return FALLBACKS[radio.pressed_index][0]

    async def action_save(self) -> None:
        if self.busy:
            return
        self.send(self.fallback())

    @work(group="delete-credential", exclusive=True, exit_on_error=False, description="delete")
    async def send(self, fallback: AuthMethod | None) -> None:
        self.busy = True
        outcome = await self.run_plan(
            DeleteCredential(self.credential.id, detach=True, fallback=fallback),
            self.application,
            self.credentials,
            action="delete the credential",
        )
        if outcome is None:
            return
        if outcome.error is not None:
            self.busy = False
            self.tui.report_failure("delete the credential", outcome.error)
            self.dismiss(False)  # part of it was done: the screen behind re-reads the tenant
            return
        self.dismiss(True)
