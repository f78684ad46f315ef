"""``m``: how the application authenticates, JAR, and certificate-bound tokens.

The person picks a method (Private Key JWT, mTLS CA-signed or self-signed,
client secret post or basic, or none) and, for a credential method, at most two
credentials of the fitting type; JAR (required or not, with its keys); and
certificate-bound access tokens. Before anything is sent the dialog shows the
exact fields of the PATCH, before and after
(:func:`credtui.ops.changes.describe_change`), and the warnings of
:func:`credtui.ops.changes.change_warnings`.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import (
    Checkbox,
    Footer,
    Label,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from credtui.api.checks import check_auth_change
from credtui.errors import CredtuiError, LocalValidationError
from credtui.models import Application, AuthChange, AuthMethod, Credential, Slot
from credtui.ops.changes import (
    change_warnings,
    check_slot_credentials,
    describe_change,
)
from credtui.timefmt import describe_expiry
from credtui.ui.rows import type_label
from credtui.ui.screens.change_form import ChangeFormScreen

METHODS = (
    AuthMethod.PRIVATE_KEY_JWT,
    AuthMethod.TLS_CLIENT_AUTH,
    AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH,
    AuthMethod.CLIENT_SECRET_POST,
    AuthMethod.CLIENT_SECRET_BASIC,
    AuthMethod.NONE,
)


class AuthMethodScreen(ChangeFormScreen[Application | None]):
    """Dismisses with the application as the tenant stored it, once the change is applied."""

    BUSY_TEXT = "Applying the change…"

    def __init__(self, application: Application, credentials: Sequence[Credential]) -> None:
        super().__init__()
        self.application = application
        self.credentials = tuple(credentials)
        self._change: AuthChange | None = None

    def _choices(self, selected: Sequence[str]) -> list[Selection[str]]:
        now = self.tui.now()
        return [
            Selection(
                Text(f"{c.display_name} · {type_label(c)} · {describe_expiry(c.expires_at, now)}"),
                c.id,
                c.id in selected,
            )
            for c in self.credentials
        ]

    def compose(self) -> ComposeResult:
        app = self.application
        current = app.auth_method
        with Vertical(id="form-box", classes="change-form method-form"):
            yield Static(f"Authentication of {app.name}", id="form-title", markup=False)
            with VerticalScroll(id="form-body"):
                with Vertical(classes="form-field", id="field-method"):
                    yield Label("Method")
                    with RadioSet(id="method", compact=True):
                        for method in METHODS:
                            yield RadioButton(method.label, value=method is current)
                with Vertical(classes="form-field", id="field-credentials"):
                    yield Label("Credentials for this method (at most 2, of its type)")
                    yield SelectionList[str](
                        *self._choices(app.attached_credential_ids), id="credentials", compact=True
                    )
                    yield Static("", classes="field-error", id="error-credentials", markup=False)
                with Vertical(classes="form-field", id="field-jar"):
                    yield Checkbox(
                        "Require signed authorization requests (JAR)",
                        app.jar_required,
                        id="jar-required",
                        compact=True,
                    )
                    yield Label("JAR keys (public keys, at most 2)")
                    yield SelectionList[str](
                        *self._choices(app.jar_credential_ids), id="jar-credentials", compact=True
                    )
                    yield Static(
                        "", classes="field-error", id="error-jar-credentials", markup=False
                    )
                with Vertical(classes="form-field", id="field-binding"):
                    yield Checkbox(
                        "Certificate-bound access tokens (mTLS token binding)",
                        app.token_binding,
                        id="token-binding",
                        compact=True,
                    )
                yield Label("What will be sent, field by field", id="diff-label")
                yield Static("", id="method-diff", markup=False)
                yield Static("", id="method-warnings", markup=False)
            yield from self.compose_actions("Apply")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#method", RadioSet).focus()
        self._revalidate()

    def has_unsaved_input(self) -> bool:
        return self._change is not None

    @property
    def method(self) -> AuthMethod | None:
        """The method picked (None while none is, e.g. an unknown current method)."""
        index = self.query_one("#method", RadioSet).pressed_index
        return METHODS[index] if index >= 0 else None

    @on(RadioSet.Changed, "#method")
    def _method_changed(self) -> None:
        # Start from what the chosen method holds now (nothing, for a method not active).
        method = self.method
        keep = self.application.credential_ids_for(method) if method is not None else ()
        listing = self.query_one("#credentials", SelectionList)
        with self.prevent(SelectionList.SelectedChanged):
            listing.deselect_all()
            for cid in keep:
                listing.select(cid)
        self._revalidate()

    @on(SelectionList.SelectedChanged)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self._revalidate()

    def build_change(self) -> AuthChange | None:
        """The change the form describes, or None when it changes nothing."""
        app = self.application
        method = self.method
        creds = tuple(self.query_one("#credentials", SelectionList).selected)
        jar_ids = tuple(self.query_one("#jar-credentials", SelectionList).selected)
        jar_required = self.query_one("#jar-required", Checkbox).value
        binding = self.query_one("#token-binding", Checkbox).value
        send_method = method is not None and (
            method is not app.auth_method
            or (method.uses_credentials and set(creds) != set(app.credential_ids_for(method)))
        )
        change = AuthChange(
            method=method if send_method else None,
            credential_ids=creds if send_method and method and method.uses_credentials else (),
            jar_required=jar_required if jar_required != app.jar_required else None,
            jar_credential_ids=jar_ids if set(jar_ids) != set(app.jar_credential_ids) else None,
            token_binding=binding if binding != app.token_binding else None,
        )
        return change if change.to_body() else None

    def _revalidate(self) -> LocalValidationError | None:
        """Check the change; show the diff and warnings, or the problem; return the problem."""
        method = self.method
        uses = method is not None and method.uses_credentials
        self.query_one("#field-credentials").display = uses
        for key in ("credentials", "jar-credentials"):
            self.put_error(self.query_one(f"#error-{key}", Static), "")
        change = self._change = self.build_change()
        diff = self.query_one("#method-diff", Static)
        warnings = self.query_one("#method-warnings", Static)
        if change is None:
            diff.update("Nothing changes yet.")
            warnings.update("")
            return None
        try:
            if change.method is not None and change.method.uses_credentials:
                check_slot_credentials(
                    self.application,
                    Slot(change.method.value),
                    change.credential_ids,
                    self.credentials,
                )
            if change.jar_credential_ids:
                check_slot_credentials(
                    self.application,
                    Slot.SIGNED_REQUEST_OBJECT,
                    change.jar_credential_ids,
                    self.credentials,
                )
            check_auth_change(change)
        except LocalValidationError as exc:
            key = "jar-credentials" if exc.field == "jar_credentials" else "credentials"
            self.put_error(self.query_one(f"#error-{key}", Static), exc.message)
            diff.update("")
            warnings.update("")
            return exc
        diff.update(
            "\n".join(
                f"{f.field}\n  before  {f.before}\n  after   {f.after}"
                for f in describe_change(self.application, change)
            )
        )
        found = change_warnings(self.application, change, self.credentials, self.tui.now())
        warnings.update("\n".join(f"Warning: {w}" for w in found))
        return None

    async def action_save(self) -> None:
        if self.busy:
            return
        problem = self._revalidate()
        if problem is not None:
            self.set_status(f"Not sent: {problem.message}")
            return
        if self._change is None:
            self.set_status("Not sent: nothing changes.")
            return
        self.busy = True
        self.send(self._change)

    @work(group="change-method", exclusive=True, exit_on_error=False, description="change method")
    async def send(self, change: AuthChange) -> None:
        try:
            updated = await self.client.update_authentication(self.application.client_id, change)
        except CredtuiError as exc:
            self.busy = False
            self.show_failure("change the authentication", exc)
            return
        except BaseException:
            self.busy = False
            raise
        self.dismiss(updated)
