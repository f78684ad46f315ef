"""``m``: how the application authenticates, JAR, certificate-bound tokens and Token Vault.

The person picks a method (Private Key JWT, mTLS CA-signed or self-signed,
client secret post or basic, or none) and, for a credential method, at most two
credentials of the fitting type; JAR (required or not, with its keys);
certificate-bound access tokens; and the Token Vault privileged access keys (at
most two public keys; its IP allowlist and grants are shown, and kept as the
tenant holds them). Before anything is sent the dialog shows the
plan (:func:`credtui.ops.plan.make_plan`): its requests, the method and slots
before and after, the exact fields of the PATCH
(:func:`credtui.ops.changes.describe_change`), and any breaking effect first;
a breaking change is confirmed in its own dialog, focus on Cancel.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import (
    Checkbox,
    Label,
    RadioSet,
    SelectionList,
    Static,
)
from textual.widgets.selection_list import Selection

from credtui import rules
from credtui.checks import check_auth_change
from credtui.errors import LocalValidationError
from credtui.models import (
    Application,
    AuthChange,
    AuthMethod,
    Credential,
    Slot,
)
from credtui.ops.changes import check_slot_credentials, describe_change
from credtui.ops.plan import SetAuth, make_plan
from credtui.timefmt import describe_expiry
from credtui.ui.rows import type_label
from credtui.ui.screens.change_form import ChangeFormScreen
from credtui.ui.widgets.keys_footer import QuietFooter
from credtui.ui.widgets.toggles import (
    CurrentRadioSet,
    MarkedCheckbox,
    MarkedRadioButton,
    MarkedSelectionList,
)

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

    def _choices(
        self, selected: Sequence[str], credentials: Sequence[Credential] | None = None
    ) -> list[Selection[str]]:
        now = self.tui.now()
        return [
            Selection(
                Text(
                    f"{c.display_name} · {type_label(c)} · "
                    f"{describe_expiry(c.expires_at, now, unreadable=c.expiry_unreadable)}"
                ),
                c.id,
                c.id in selected,
            )
            for c in (self.credentials if credentials is None else credentials)
        ]

    def _slot_choices(self, slot: Slot | None, selected: Sequence[str]) -> list[Selection[str]]:
        """Only the credentials ``slot`` can take (its type); one selected that does not fit,
        or that is not listed, is still shown ticked, so nothing is detached unseen."""
        wanted = rules.CREDENTIAL_TYPE_FOR_SLOT.get(slot.value) if slot is not None else None
        fitting = [
            c
            for c in self.credentials
            if (wanted is not None and str(c.credential_type) == wanted) or c.id in selected
        ]
        known = {c.id for c in self.credentials}
        unlisted = [cid for cid in selected if cid not in known]
        return [
            *self._choices(selected, fitting),
            *(Selection(Text(f"{cid} · not listed"), cid, True) for cid in unlisted),
        ]

    def _vault_choices(self) -> list[Selection[str]]:
        """The application's public keys (and whatever Token Vault holds now)."""
        return self._slot_choices(
            Slot.TOKEN_VAULT_PRIVILEGED_ACCESS, self.application.token_vault_credential_ids
        )

    def _vault_settings(self) -> str:
        """The Token Vault settings credtui keeps as they are (tenant text: shown markup off)."""
        app = self.application
        if not app.token_vault_ip_allowlist and not app.token_vault_grants:
            return "IP allowlist: none · Grants: none"
        grants = "; ".join(g.text() for g in app.token_vault_grants)
        return "\n".join(
            [
                f"IP allowlist: {', '.join(app.token_vault_ip_allowlist) or 'none'}",
                f"Grants: {grants or 'none'}",
                "Only the keys change here: the allowlist and grants stay as they are.",
            ]
        )

    def compose(self) -> ComposeResult:
        app = self.application
        current = app.auth_method
        with Vertical(id="form-box", classes="change-form method-form"):
            yield Static(f"Authentication of {app.name}", id="form-title", markup=False)
            with VerticalScroll(id="form-body"):
                with Vertical(classes="form-field", id="field-method"):
                    yield Label("Method")
                    with CurrentRadioSet(id="method", compact=True):
                        for method in METHODS:
                            yield MarkedRadioButton(method.label, value=method is current)
                with Vertical(classes="form-field", id="field-credentials"):
                    yield Label("Credentials for this method (at most 2, of its type)")
                    yield MarkedSelectionList(
                        *self._slot_choices(
                            Slot(current.value) if current and current.uses_credentials else None,
                            app.attached_credential_ids,
                        ),
                        id="credentials",
                        compact=True,
                    )
                    yield Static("", classes="field-error", id="error-credentials", markup=False)
                with Vertical(classes="form-field", id="field-jar"):
                    yield MarkedCheckbox(
                        "Require signed authorization requests (JAR)",
                        app.jar_required,
                        id="jar-required",
                        compact=True,
                    )
                    yield Label("JAR keys (public keys, at most 2)")
                    yield MarkedSelectionList(
                        *self._slot_choices(Slot.SIGNED_REQUEST_OBJECT, app.jar_credential_ids),
                        id="jar-credentials",
                        compact=True,
                    )
                    yield Static(
                        "", classes="field-error", id="error-jar-credentials", markup=False
                    )
                with Vertical(classes="form-field", id="field-token-vault"):
                    yield Label("Token Vault privileged access keys (public keys, at most 2)")
                    yield MarkedSelectionList(
                        *self._vault_choices(), id="token-vault-credentials", compact=True
                    )
                    yield Static(
                        "", classes="field-error", id="error-token-vault-credentials", markup=False
                    )
                    yield Static(self._vault_settings(), id="token-vault-settings", markup=False)
                with Vertical(classes="form-field", id="field-binding"):
                    yield MarkedCheckbox(
                        "Certificate-bound access tokens (mTLS token binding)",
                        app.token_binding,
                        id="token-binding",
                        compact=True,
                    )
                yield Static("", id="method-warnings", markup=False)
                yield Label("What will be sent", id="diff-label")
                yield Static("", id="method-diff", markup=False)
            yield from self.compose_actions("Apply")
        yield QuietFooter()

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
        slot = Slot(method.value) if method is not None and method.uses_credentials else None
        with self.prevent(SelectionList.SelectedChanged):
            # Only what this method takes is offered (a public key is no mTLS certificate).
            listing.clear_options()
            listing.add_options(self._slot_choices(slot, keep))
        self._revalidate()

    @on(events.DescendantFocus, "#token-vault-credentials")
    def _vault_focused(self) -> None:
        # The keys come with the allowlist and grants they serve: bring the whole section
        # into view (at 80x24 the body scrolls), not just the list.
        self.query_one("#field-token-vault").scroll_visible(animate=False)

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
        vault_ids = tuple(self.query_one("#token-vault-credentials", SelectionList).selected)
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
            token_vault_credential_ids=(
                vault_ids if set(vault_ids) != set(app.token_vault_credential_ids) else None
            ),
        )
        return change if change.to_body() else None

    def _revalidate(self) -> LocalValidationError | None:
        """Check the change; show the diff and warnings, or the problem; return the problem."""
        method = self.method
        uses = method is not None and method.uses_credentials
        self.query_one("#field-credentials").display = uses
        for key in ("credentials", "jar-credentials", "token-vault-credentials"):
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
            if change.token_vault_credential_ids:
                check_slot_credentials(
                    self.application,
                    Slot.TOKEN_VAULT_PRIVILEGED_ACCESS,
                    change.token_vault_credential_ids,
                    self.credentials,
                )
            check_auth_change(change)
        except LocalValidationError as exc:
            target = self.field_error_widget(exc.field)
            self.put_error(target or self.query_one("#error-credentials", Static), exc.message)
            diff.update("")
            warnings.update("")
            return exc
        try:
            plan = make_plan(
                SetAuth(change),
                self.application,
                self.credentials,
                now=self.tui.now(),
                own_client_id=self.client.tokens.client_id,
            )
        except LocalValidationError as exc:
            self.put_error(self.query_one("#error-credentials", Static), exc.message)
            diff.update("")
            warnings.update("")
            return exc
        effects = [f"Breaking: {effect.value}: {why}" for effect, why in plan.effects]
        warnings.update("\n".join([*effects, *(f"Note: {n}" for n in plan.notes)]))
        diff.update(
            "\n".join(
                [
                    *plan.body_lines(),
                    *(
                        f"{f.field}\n  before  {f.before}\n  after   {f.after}"
                        for f in describe_change(self.application, plan.change or change)
                    ),
                ]
            )
        )
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
        self.send(self._change)

    @work(group="change-method", exclusive=True, exit_on_error=False, description="change method")
    async def send(self, change: AuthChange) -> None:
        outcome = await self.run_plan(
            SetAuth(change),
            self.application,
            self.credentials,
            action="change the authentication",
        )
        if outcome is not None:
            self.dismiss(outcome.application)
