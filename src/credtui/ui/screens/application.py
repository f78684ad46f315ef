"""One application: how it authenticates and every credential it holds.

Each credential row says what identifies it (kid, certificate thumbprint or
subject DN), when it expires, and where it is attached: a credential that is
not attached exists but authenticates nothing. The two-per-method and
four-per-application limits are spelled out so a person knows whether there is
room for another.
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, Static

from credtui.errors import CredtuiError
from credtui.models import Application, Credential, CredentialType
from credtui.timefmt import absolute, describe_expiry
from credtui.ui.messages import ApiCallFailed, ApplicationLoaded
from credtui.ui.rows import (
    app_type_label,
    attachment_label,
    credential_identity,
    expiry_cell,
    method_label,
    room_summary,
    type_label,
)
from credtui.ui.screens.application_changes import CredentialChanges
from credtui.ui.widgets.credential_preview import certificate_lines
from credtui.ui.widgets.virtual_table import Column, Row, VirtualTable

COLUMNS = (
    Column("Name", 14, flex=True),
    Column("Type", 16),
    Column("Alg", 5),
    Column("Expires", 32, stateful=True),
    Column("Attached to", 20),
    Column("Key ID / thumbprint / subject DN", 16, flex=True),
)
IDENTITY_LABEL = {
    "kid": "Key ID (kid)",
    "thumbprint": "Certificate thumbprint (SHA-256)",
    "dn": "Subject DN",
}


class ApplicationScreen(CredentialChanges):
    """Details and credentials of one application."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="back"),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("a", "add", "Add", id="add-credential"),
        Binding("e", "expiry", "Expiry", id="edit-expiry"),
        Binding("d", "delete", "Delete", id="delete-credential"),
        Binding("m", "method", "Method", id="auth-method"),
        Binding("g", "generate", "Generate", id="generate"),
        Binding("t", "test", "Test", id="test"),
        Binding("c", "copy", "Copy", id="copy"),
        Binding("C", "copy_client_id", "Copy client ID", id="copy-client-id", show=False),
    ]

    def __init__(self, application: Application) -> None:
        super().__init__()
        self.application = application
        self.credentials: tuple[Credential, ...] | None = None
        self.fresh = False
        """Whether the tenant has answered since the screen opened."""
        self._select_after_load: str | None = None
        self.title = application.name

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="app-details"):
            yield Static("", id="app-summary", markup=False)
            yield Static("", id="app-room", markup=False)
        yield VirtualTable(
            COLUMNS,
            id="creds-table",
            empty_text="This application has no credentials.",
            selectable=False,
        )
        yield Static("", id="cred-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        cached = self.tui.credentials.get(self.application.client_id)
        if cached is not None:
            self.credentials = cached
        self._show()
        self.query_one(VirtualTable).focus()
        self.load_application()

    @work(group="application", exclusive=True, exit_on_error=False, description="load application")
    async def load_application(self) -> None:
        client = self.client
        if self.credentials is None:
            self.query_one("#cred-detail", Static).update("Loading…")
        try:
            app, creds = await asyncio.gather(
                client.get_application(self.application.client_id),
                client.list_credentials(self.application.client_id),
            )
        except CredtuiError as exc:
            self.post_message(ApiCallFailed("load the application", exc))
            return
        self.post_message(ApplicationLoaded(app, tuple(creds)))

    @on(ApplicationLoaded)
    def _loaded(self, message: ApplicationLoaded) -> None:
        if message.application.client_id != self.application.client_id:
            return
        self.application = message.application
        self.credentials = message.credentials
        self.fresh = True
        self.tui.credentials[self.application.client_id] = message.credentials
        self.title = self.application.name
        self._show()

    @on(ApiCallFailed)
    def _failed(self, message: ApiCallFailed) -> None:
        if self.credentials is None:
            self.query_one("#cred-detail", Static).update(
                "Could not load from the tenant. Press r to retry."
            )
        self.tui.report_failure(message.action, message.error)

    def _show(self) -> None:
        app = self.application
        now = self.tui.now()
        lines = [
            f"{app.name}   ({app_type_label(app)}, client ID {app.client_id})",
            f"Authentication: {method_label(app)}"
            + (" · certificate-bound tokens" if app.token_binding else "")
            + (" · proof of possession required" if app.require_proof_of_possession else ""),
            "Signed requests (JAR): "
            + ("required" if app.jar_required else "not required")
            + (
                f", {len(app.jar_credential_ids)} key(s) attached" if app.jar_credential_ids else ""
            ),
        ]
        self.query_one("#app-summary", Static).update("\n".join(lines))
        creds = self.credentials
        if creds is None:
            self.query_one("#app-room", Static).update("")
            return
        self.query_one("#app-room", Static).update(room_summary(app, creds))
        order = {cid: i for i, cid in enumerate(app.attachments())}
        rows = []
        for cred in sorted(creds, key=lambda c: (order.get(c.id, len(order)), c.created_at or now)):
            expires, state = expiry_cell(cred.expires_at, now, with_date=True)
            slots = app.slots_of(cred.id)
            rows.append(
                Row(
                    cred.id,
                    (
                        Text(cred.name or "(no name)", style="" if cred.name else "italic"),
                        Text(type_label(cred)),
                        Text(cred.alg or "—"),
                        expires,
                        Text(
                            attachment_label(app, cred) if slots else "not attached",
                            style="" if slots else "italic",
                        ),
                        Text(credential_identity(cred)),
                    ),
                    state,
                )
            )
        self.query_one(VirtualTable).set_rows(rows, keep_key=self._select_after_load)
        self._select_after_load = None
        self._show_detail()

    @on(VirtualTable.Highlighted, "#creds-table")
    def _show_detail(self) -> None:
        detail = self.query_one("#cred-detail", Static)
        key = self.query_one(VirtualTable).cursor_key
        cred = next((c for c in self.credentials or () if c.id == key), None)
        if cred is None:
            detail.update("")
            return
        now = self.tui.now()
        slots = self.application.slots_of(cred.id)
        lines = [
            f"{cred.name or '(no name)'} · {type_label(cred)}"
            + (f" · {cred.alg}" if cred.alg else "")
            + f" · {cred.id}",
        ]
        if cred.kid:
            lines.append(f"{IDENTITY_LABEL['kid']}: {cred.kid}")
        if cred.thumbprint_sha256:
            lines.append(f"{IDENTITY_LABEL['thumbprint']}: {cred.thumbprint_sha256}")
        if cred.subject_dn:
            lines.append(f"{IDENTITY_LABEL['dn']}: {', '.join(cred.subject_dn.splitlines())}")
        when = [f"created {absolute(cred.created_at)}" if cred.created_at else None]
        if cred.expires_at is not None:
            when.append(f"{describe_expiry(cred.expires_at, now)} ({absolute(cred.expires_at)})")
        else:
            when.append("never expires")
        lines.append(" · ".join(w for w in when if w))
        lines.append(
            f"Attached to {attachment_label(self.application, cred)}."
            if slots
            else "Not attached: this credential exists but authenticates nothing."
        )
        lines += self._certificate_lines(cred)
        detail.update("\n".join(lines))

    def _certificate_lines(self, cred: Credential) -> list[str]:
        """Subject, issuer, serial and validity when the certificate is known on this machine."""
        if cred.credential_type not in (CredentialType.X509_CERT, CredentialType.CERT_SUBJECT_DN):
            return []
        info = self.tui.local_certificates.get(cred.id)
        if info is not None and info.is_certificate:
            return ["Certificate (as added from this machine):"] + [
                "  " + line for line in certificate_lines(info, self.tui.now())
            ]
        return [
            "Certificate details: Auth0 stores only the "
            + (
                "thumbprint and expiry"
                if cred.credential_type is CredentialType.X509_CERT
                else "subject DN"
            )
            + "; subject, issuer, serial and validity show here for certificates added from "
            "this machine in this session."
        ]

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.load_application()
