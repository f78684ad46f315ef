"""One application: how it authenticates and every credential it holds.

Each credential row says what identifies it (kid, certificate thumbprint or
subject DN), when it expires, and where it is attached: a credential that is
not attached exists but authenticates nothing. The two-per-method and
four-per-application limits are spelled out so a person knows whether there is
room for another.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, Static

from credtui import rules
from credtui.api import WaitReason
from credtui.errors import CredtuiError, describe_error
from credtui.models import Application, Credential, CredentialType
from credtui.ops.findings import FindingKind, find_problems, sharing_clients
from credtui.text import quoted
from credtui.timefmt import absolute, describe_expiry
from credtui.ui.messages import ApiCallFailed, ApplicationLoaded
from credtui.ui.rows import (
    app_type_label,
    attachment_label,
    credential_identity,
    expiry_cell,
    fit_expiry,
    fit_label,
    method_label,
    room_summary,
    type_label,
)
from credtui.ui.screens.application_changes import CredentialChanges
from credtui.ui.screens.rotation import RotationOutcome, RotationScreen
from credtui.ui.screens.rotation_start import recorded_rotations, rotation_refusal
from credtui.ui.widgets.credential_preview import certificate_lines
from credtui.ui.widgets.keys_footer import KeysFooter
from credtui.ui.widgets.table_layout import Column, Row
from credtui.ui.widgets.virtual_table import VirtualTable
from credtui.vocabulary import CERTIFICATE_CREDENTIAL_TYPES


def jwt_alg_label(app: Application) -> str:
    """``RS256``, or ``HS256 (default)`` when the tenant holds no ``jwt_configuration.alg``."""
    return app.jwt_alg or f"{rules.JWT_DEFAULT_ALG} (default)"


def _jar_keys(count: int) -> str:
    """``, 1 key attached`` / ``, 2 keys attached`` (nothing for none)."""
    return f", {count} key{'s' if count != 1 else ''} attached" if count else ""


def _relative_only(value: str, width: int) -> str:
    """``2026-10-14 · expired 40 days ago`` without its date when the date does not fit
    (the detail below has it), then shortened by whole words."""
    return fit_expiry(value.rpartition(" · ")[2], width)


def _common_name(value: str, width: int) -> str:
    """A subject DN too long for the column, as its CN (what names the certificate)."""
    head, sep, cn = value.rpartition("CN=")
    return f"…CN={cn}" if sep and head else value


COLUMNS = (
    Column("Name", 18, flex=True),
    Column("Type", 16, shrink_to=12, fit=fit_label),
    Column("Alg", 5, hide_order=1),  # the detail below has it: gone first
    Column("Expires", 32, stateful=True, shrink_to=20, fit=_relative_only),
    Column("Attached to", 20, shrink_to=15, fit=fit_label),  # "Private Key JWT" whole
    # A kid or thumbprint (43 characters) whole, or the column hidden (first): the
    # detail below always has it in full. A long subject DN shows its CN.
    Column("Key ID / thumbprint / subject DN", 43, hide_order=2, fit=_common_name),
)
_LOADING: contextvars.ContextVar[object] = contextvars.ContextVar("application_load")
"""Set by the screen's load: a wait heard in a task that carries it is that load's."""
IDENTITY_LABEL = {
    "kid": "Key ID (kid)",
    "thumbprint": "Thumbprint (SHA-256)",  # one line with the value at 80 columns
    "dn": "Subject DN",
}


class ApplicationScreen(CredentialChanges):
    """Details and credentials of one application."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="back"),
        # The footer keeps the common keys (it fits 80 columns); ? lists every one.
        Binding("r", "refresh", "Refresh", id="refresh", show=False),
        Binding("a", "add", "Add", id="add-credential"),
        Binding("e", "expiry", "Expiry", id="edit-expiry"),
        Binding("d", "delete", "Delete", id="delete-credential"),
        Binding("m", "method", "Method", id="auth-method"),
        Binding("g", "generate", "Generate", id="generate"),
        Binding("t", "test", "Test", id="test"),
        Binding("o", "rotate", "Rotate", id="rotate"),
        # As the Dashboard's credential menu: on the row, attach or detach (planned). Listed
        # by ? (the footer has no room left at 120 columns).
        Binding("space", "toggle_attached", "Attach/detach", id="toggle-attached", show=False),
        Binding("s", "rotate_secret", "Rotate secret", id="rotate-secret", show=False),
        Binding("i", "jwt_alg", "ID token alg", id="jwt-alg", show=False),
        Binding("c", "copy", "Copy", id="copy"),
        Binding("C", "copy_client_id", "Copy client ID", id="copy-client-id"),
        # The app's p, kept out of this footer (same id: remapping it remaps both).
        Binding("p", "app.profiles", "Profiles", id="profiles", show=False),
    ]

    def __init__(self, application: Application) -> None:
        super().__init__()
        self.application = application
        self.credentials: tuple[Credential, ...] | None = None
        self.fresh = False
        """Whether the tenant has answered since the screen opened."""
        self._select_after_load: str | None = None
        self.title = application.name
        self.read_at: datetime | None = None
        """When the tenant last answered (the screen's clock)."""
        self.reading = False
        self._error = ""
        """The last failed read, in words; kept until the next success."""
        self._retries: dict[object, int] = {}
        self._waiting = ""
        self._stop_watching: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="app-details"):
            yield Static("", id="app-summary", markup=False)
            yield Static("", id="app-room", markup=False)
            yield Static("", id="app-alarm", markup=False)
        yield Static("", id="app-status", markup=False)
        yield VirtualTable(
            COLUMNS,
            id="creds-table",
            empty_text="This application has no credentials.",
            selectable=False,
        )
        yield Static("", id="cred-detail", markup=False)
        yield KeysFooter(minor=("c", "C", "q"))

    def on_mount(self) -> None:
        cached = self.tui.credentials.get(self.application.client_id)
        if cached is not None:
            self.credentials = cached
        self._show()
        self.query_one(VirtualTable).focus()
        self._stop_watching = self.client.observe_waits(self._wait_changed)
        self.load_application()

    def on_unmount(self) -> None:
        if self._stop_watching is not None:
            self._stop_watching()

    def _wait_changed(self, reason: WaitReason, seconds: float) -> None:
        # Called in the task that waits: only this screen's load counts (the list behind
        # may be reading too), and each of its two calls keeps its own count of retries.
        if _LOADING.get(None) is not self:
            return
        task = asyncio.current_task()
        if reason is WaitReason.RETRY and seconds > 0:
            self._retries[task] = self._retries.get(task, 0) + 1
        if seconds <= 0:
            self._waiting = ""
        elif reason is WaitReason.RETRY:
            attempt = max(self._retries.values(), default=0) + 1
            total = self.client.core.max_retries + 1
            self._waiting = (
                f"The tenant did not answer; retrying {attempt} of {total} in "
                f"{max(1, round(seconds))} s…"
            )
        else:
            self._waiting = reason.describe(seconds)
        left = self.client.budget_left()
        if self._waiting and left is not None:
            self._waiting += f" Giving up in {max(1, round(left))} s."
        self._show_status()

    @work(group="application", exclusive=True, exit_on_error=False, description="load application")
    async def load_application(self) -> None:
        client = self.client
        _LOADING.set(self)
        self._retries = {}
        self._waiting = ""
        self.reading = True
        self._show_status()
        if self.credentials is None:
            self.query_one("#cred-detail", Static).update("Loading…")
        try:
            # One budget for both reads, retries included: the screen says when it gives up.
            with client.action_budget(self.tui.action_seconds):
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
        self.tui.application_read(message.application, message.credentials)
        self.title = self.application.name
        self.reading = False
        self._error = ""
        self._waiting = ""
        self.read_at = self.tui.now()
        self._show()
        self._show_status()

    @on(ApiCallFailed)
    def _failed(self, message: ApiCallFailed) -> None:
        self.reading = False
        self._waiting = ""
        self._error = describe_error(message.error, now=self.tui.now())
        if self.credentials is None:
            self.query_one("#cred-detail", Static).update(
                "Could not load from the tenant. Press r to retry."
            )
        self._show_status()
        self.tui.report_failure(message.action, message.error)

    def _show_status(self) -> None:
        """Reading, retrying, when last read; after a failure, that what is shown is stale
        and why (kept until the next success, when the toast is long gone)."""
        status = self.query_one("#app-status", Static)
        read = f"read {absolute(self.read_at)}" if self.read_at else ""
        if self.reading:
            text = self._waiting or "Reading from the tenant…"
            if read:
                text += f" (showing what was {read})"
        elif self._error:
            text = (
                f"Stale: showing what was {read}. " if read else ""
            ) + f"Could not refresh: {self._error} Press r to retry."
        else:
            text = f"Up to date: {read}. r refreshes." if read else ""
        status.update(text)
        status.set_class(bool(self._error) and not self.reading, "-stale")

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
            + _jar_keys(len(app.jar_credential_ids))
            + f" · ID tokens: {jwt_alg_label(app)}",
        ]
        self.query_one("#app-summary", Static).update("\n".join(lines))
        creds = self.credentials
        if creds is None:
            self.query_one("#app-room", Static).update("")
            return
        self.query_one("#app-room", Static).update(room_summary(app, creds))
        alarm = self.query_one("#app-alarm", Static)
        cannot = [
            f.message
            for f in find_problems(app, creds, now, timedelta(0))
            if f.kind is FindingKind.CANNOT_AUTHENTICATE
        ]
        alarm.update(f"Cannot authenticate: {cannot[0]}." if cannot else "")
        alarm.display = bool(cannot)
        order = {cid: i for i, cid in enumerate(app.attachments())}
        rows = []
        for cred in sorted(creds, key=lambda c: (order.get(c.id, len(order)), c.created_at or now)):
            expires, state = expiry_cell(
                cred.expires_at, now, with_date=True, unreadable=cred.expiry_unreadable
            )
            slots = app.slots_of(cred.id)
            if not slots:
                # Not attached, it authenticates nothing: its expiry is no alarm.
                state = "muted"
            rows.append(
                Row(
                    cred.id,
                    (
                        cred.name or "(no name)",
                        # Shared keys are flagged on the row, not only in the detail pane.
                        type_label(cred) + (", shared" if self._sharers(cred) else ""),
                        cred.alg or "—",
                        expires.plain,
                        attachment_label(app, cred) if slots else "not attached",
                        credential_identity(cred),
                    ),
                    state,
                )
            )
        table = self.query_one(VirtualTable)
        table.set_rows(rows, keep_key=self._select_after_load)
        # Name and identity take the room they need, no more (whole names first).
        table.want_width(0, max((len(r.values[0]) for r in rows), default=0))
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
        if cred.expires_at_unreadable is not None:
            when.append(
                f"expiry unreadable (the tenant sent {quoted(cred.expires_at_unreadable, 40)})"
            )
        elif cred.expires_at is not None:
            when.append(f"{describe_expiry(cred.expires_at, now)} ({absolute(cred.expires_at)})")
        else:
            when.append("never expires")
        lines.append(" · ".join(w for w in when if w))
        lines.append(
            f"Attached to {attachment_label(self.application, cred)}."
            if slots
            else "Not attached: this credential exists but authenticates nothing."
        )
        sharers = self._sharers(cred)
        if sharers:
            lines.append(f"Shared key: also used by {', '.join(sharers)}")
        lines += self._certificate_lines(cred)
        detail.update("\n".join(lines))

    def _sharers(self, cred: Credential) -> list[str]:
        """Other applications known to use ``cred``'s key: from credentials read this
        session and the profile's last finished sweep. Unknown is not claimed."""
        sweep = self.tui.sweeps.get(self.tui.profile_name or "")
        known = dict(sweep.credentials) if sweep else {}
        known.update(self.tui.credentials)
        names = {a.client_id: a.name for a in sweep.applications} if sweep else {}
        names.update((a.client_id, a.name) for a in self.tui.listed_applications())
        client_id = self.application.client_id
        return sorted(names.get(o, o) for o in sharing_clients(cred, client_id, known))

    def _certificate_lines(self, cred: Credential) -> list[str]:
        """Subject, issuer, serial and validity when the certificate is known on this machine
        (it was added from here this session: Auth0 keeps none of them)."""
        if cred.credential_type not in CERTIFICATE_CREDENTIAL_TYPES:
            return []
        info = self.tui.local_certificates.get(cred.id)
        if info is not None and info.is_certificate:
            return certificate_lines(info, self.tui.now())
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

    def action_rotate(self) -> None:
        """``o``: the guided rotation of the selected credential (refused, in words, if unattached)."""
        cred = self._selected()
        if cred is None or self.credentials is None:
            return
        # The rotation's old and new credentials are its own (the tenant's, and this
        # session's record), not the cursor's: o on either resumes the same rotation.
        recorded = recorded_rotations(self.tui.rotations, self.application.client_id)
        refusal = rotation_refusal(self.application, self.credentials, cred, recorded)
        if refusal:
            self.notify(refusal, title="Cannot rotate", severity="warning", markup=False, timeout=8)
            return

        def done(outcome: RotationOutcome | None) -> None:
            if outcome is None:
                return
            if outcome.summary:
                self.notify(outcome.summary, title="Rotation", markup=False, timeout=10)
            self._reload(outcome.select)  # the dialog read the tenant: show what it holds

        screen = RotationScreen(
            self.application, self.credentials, cred, Path.cwd(), recorded=recorded
        )
        self.app.push_screen(screen, done)

    def action_back(self) -> None:
        self.dismiss()

    def action_refresh(self) -> None:
        self.load_application()
