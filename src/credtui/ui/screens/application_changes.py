"""The application screen's changes: add, expiry, delete, method, copy, the client
secret, the ID token algorithm, and attaching or detaching the selected credential.

Each key opens a dialog (:mod:`.add_credential`, :mod:`.expiry`, :mod:`.delete`,
:mod:`.auth_method`, :mod:`.client_secret`, :mod:`.jwt_alg`); the dialog sends the change itself, and once it closes
with a result the screen re-reads the application and its credentials, so it
shows what the tenant stored. Keys typed or pasted right after the key that
opened a dialog are handed to the dialog instead of being lost.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events, work

from credtui import rules
from credtui.errors import CredtuiError, LocalValidationError, describe_error
from credtui.models import Application, Credential, Slot
from credtui.ops.changes import slot_label, slots_for
from credtui.ops.client_secret import rotation_refusal
from credtui.ops.expiry import expiry_change_refusal
from credtui.ops.plan import Attach, Detach, Intent, execute, make_plan
from credtui.timefmt import describe_expiry
from credtui.ui.early_keys import hand_over, open_at_once
from credtui.ui.screens.add_credential import AddCredentialScreen, AddOutcome
from credtui.ui.screens.auth_method import AuthMethodScreen
from credtui.ui.screens.base import TenantScreen
from credtui.ui.screens.change_form import ChangeFormScreen
from credtui.ui.screens.client_secret import SecretRotated, SecretRotationScreen
from credtui.ui.screens.confirm import BreakingChangeScreen
from credtui.ui.screens.delete import DeleteScreen
from credtui.ui.screens.expiry import ExpiryScreen
from credtui.ui.screens.generate import GenerateOutcome, GenerateScreen
from credtui.ui.screens.jwt_alg import JwtAlgScreen
from credtui.ui.screens.token_test import TokenTestScreen, token_test_refusal
from credtui.ui.widgets.virtual_table import VirtualTable

DIALOG_ACTIONS = (
    "add",
    "expiry",
    "delete",
    "method",
    "generate",
    "test",
    "rotate_secret",
    "jwt_alg",
)
"""Actions that open a dialog (and so must open it before queued keys are lost)."""


class CredentialChanges(TenantScreen):
    """The change keys of the application screen (a base class of ``ApplicationScreen``)."""

    # What ApplicationScreen provides (its state, and its load worker).
    application: Application
    credentials: tuple[Credential, ...] | None
    _select_after_load: str | None
    load_application: Callable[[], object]

    # --- changes: each opens a dialog; the tenant is re-read after every change ----------

    def _selected(self) -> Credential | None:
        key = self.query_one(VirtualTable).cursor_key
        return next((c for c in self.credentials or () if c.id == key), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("expiry", "delete", "test", "toggle_attached"):
            return self._selected() is not None or None
        return True

    async def on_key(self, event: events.Key) -> None:
        # A key that opens a dialog opens it now, and the keys typed right behind it that
        # still arrive here go to the dialog on top (credtui.ui.early_keys).
        top = self.app.screen
        if top is not self:
            if isinstance(top, ChangeFormScreen):
                await hand_over(event, top)
            return
        await open_at_once(self, event, DIALOG_ACTIONS)

    def on_paste(self, event: events.Paste) -> None:
        top = self.app.screen
        if top is not self and isinstance(top, ChangeFormScreen):
            top.post_message(ChangeFormScreen.EarlyPaste(event.text))
            event.stop()

    def _reload(self, select: str | None = None) -> None:
        """Every change dialog ends here: what the session read of this application is
        stale (the overview's sweep too) until the re-read lands (``application_read``)."""
        self._select_after_load = select
        self.tui.application_changed(self.application.client_id)
        self.load_application()

    def _room_to_add(self) -> tuple[Credential, ...] | None:
        """The credentials, when one more may be added (else say why and return None)."""
        creds = self.credentials
        if creds is None:
            self.notify("The credentials are still loading.", severity="warning", markup=False)
            return None
        problem = rules.check_credential_count(len(creds))
        if problem:
            self.notify(
                f"{self.application.name} already has {len(creds)} credentials: {problem} "
                "Delete one before adding another.",
                title="Cannot add",
                severity="error",
                markup=False,
                timeout=8,
            )
            return None
        return creds

    def action_add(self) -> None:
        creds = self._room_to_add()
        if creds is None:
            return
        self.app.push_screen(
            AddCredentialScreen(self.application, creds, Path.cwd()), self._credential_added
        )

    def _credential_added(self, outcome: AddOutcome | None) -> None:
        """Say what an add (from ``a`` or ``g``) did, then re-read the application."""
        if outcome is None:
            return
        result = outcome.result
        cred = result.created
        if cred is None:  # pragma: no cover - an add that was sent created it, or failed
            self._reload()
            return
        if outcome.info is not None and outcome.info.is_certificate:
            self.tui.local_certificates[cred.id] = outcome.info
        if result.error is not None:
            self.notify(
                f"{cred.display_name} was added but not attached: "
                f"{describe_error(result.error, now=self.tui.now())} "
                "Press m to attach it.",
                title="Added, not attached",
                severity="warning",
                markup=False,
                timeout=10,
            )
        else:
            slots = result.application.slots_of(cred.id)
            where = " and attached to " + ", ".join(slot_label(x) for x in slots) if slots else ""
            self.notify(f"Added {cred.display_name}{where}.", markup=False)
        self._reload(cred.id)

    def action_generate(self) -> None:
        creds = self._room_to_add()
        if creds is None:
            return

        def done(outcome: GenerateOutcome | None) -> None:
            if outcome is not None:
                created = outcome.added.result.created
                if created is not None:  # t offers this key file for this credential
                    self.tui.key_files[created.id] = outcome.files.private_key
                # The path only: the key itself never reaches the screen.
                self.notify(
                    f"Private key written to {outcome.files.private_key} (0600); "
                    "keep it on this machine.",
                    title="Generated",
                    markup=False,
                    timeout=10,
                )
                self._credential_added(outcome.added)

        self.app.push_screen(GenerateScreen(self.application, creds, Path.cwd()), done)

    def action_test(self) -> None:
        cred = self._selected()
        if cred is None:
            return
        refusal = token_test_refusal(cred)
        if refusal:
            self.notify(refusal, title="Test", severity="warning", markup=False, timeout=8)
            return
        key_file = self.tui.key_files.get(cred.id)
        self.app.push_screen(TokenTestScreen(self.application, cred, Path.cwd(), key_file))

    def action_expiry(self) -> None:
        cred = self._selected()
        if cred is None:
            return
        refusal = expiry_change_refusal(cred)
        if refusal:
            self.notify(refusal, title="Expiry", severity="warning", markup=False)
            return

        def done(updated: Credential | None) -> None:
            if updated is not None:
                self.notify(
                    f"{updated.display_name} "
                    f"{describe_expiry(updated.expires_at, self.tui.now(), unreadable=updated.expiry_unreadable)}.",
                    markup=False,
                )
                self._reload(updated.id)

        self.app.push_screen(ExpiryScreen(self.application, cred), done)

    def action_delete(self) -> None:
        cred = self._selected()
        if cred is None:
            return

        def done(deleted: bool | None) -> None:
            if deleted is None:
                return  # cancelled: nothing was sent
            if deleted:
                self.notify(f"Deleted {cred.display_name}.", markup=False)
            self._reload()  # False: part of it was done (the dialog said what); show the tenant

        self.app.push_screen(DeleteScreen(self.application, cred, self.credentials or ()), done)

    def action_method(self) -> None:
        if self.credentials is None:
            self.notify("The credentials are still loading.", severity="warning", markup=False)
            return

        def done(updated: Application | None) -> None:
            if updated is not None:
                self.notify(f"Authentication of {updated.name} changed.", markup=False)
                self._reload()

        self.app.push_screen(AuthMethodScreen(self.application, self.credentials), done)

    def action_rotate_secret(self) -> None:
        """``s``: a new client secret, shown once (refused, in words, without one in use)."""
        if self.credentials is None:
            self.notify("The credentials are still loading.", severity="warning", markup=False)
            return
        refusal = rotation_refusal(self.application)
        if refusal:
            self.notify(
                refusal, title="Client secret", severity="warning", markup=False, timeout=10
            )
            return

        def done(result: SecretRotated | None) -> None:
            if result is None:
                return
            said = f"Rotated the client secret of {self.application.name}."
            if result.updated:
                said += f" Updated profile {', '.join(result.updated)}."
            self.notify(said, markup=False)
            self._reload()

        self.app.push_screen(SecretRotationScreen(self.application, self.credentials), done)

    def action_jwt_alg(self) -> None:
        """``i``: the algorithm that signs the application's ID tokens."""
        if self.credentials is None:
            self.notify("The credentials are still loading.", severity="warning", markup=False)
            return

        def done(updated: Application | None) -> None:
            if updated is not None:
                self.notify(
                    f"{updated.name}'s ID tokens are signed with {updated.jwt_alg or 'HS256'}.",
                    markup=False,
                )
                self._reload()

        self.app.push_screen(JwtAlgScreen(self.application, self.credentials), done)

    def action_copy_client_id(self) -> None:
        self.app.copy_to_clipboard(self.application.client_id)
        self.notify(
            f"Copied the client ID: {self.application.client_id}", title="Copied", markup=False
        )

    def action_copy(self) -> None:
        cred = self._selected()
        identity = cred.identity if cred is not None else None
        what, value = identity or ("client ID", self.application.client_id)
        self.app.copy_to_clipboard(value)
        shown = ", ".join(value.splitlines())
        shown = shown if len(shown) <= 60 else shown[:57] + "…"
        self.notify(f"Copied the {what}: {shown}", title="Copied", markup=False)

    # --- attach or detach from the row (the Dashboard's credential menu) ------------------

    def action_toggle_attached(self) -> None:
        """``space``: detach the selected credential if attached, else attach it to the
        slot that fits (:func:`fitting_slot`); planned, and a breaking plan is confirmed
        (:class:`BreakingChangeScreen`, focus on Cancel) exactly as ``m`` does."""
        cred = self._selected()
        if cred is None or self.credentials is None:
            return
        app = self.application
        intent: Intent
        if app.slots_of(cred.id):
            intent = Detach(cred.id)
        else:
            slot, why = fitting_slot(app, cred)
            if slot is None:
                self.notify(why, title="Attach", severity="warning", markup=False, timeout=8)
                return
            intent = Attach(slot, (cred.id,))
        self.send_toggle(intent, cred)

    @work(group="toggle-attached", exclusive=True, exit_on_error=False, description="attach")
    async def send_toggle(self, intent: Intent, cred: Credential) -> None:
        app, creds, now = self.application, self.credentials or (), self.tui.now()
        doing = "detach" if isinstance(intent, Detach) else "attach"
        try:
            plan = make_plan(
                intent, app, creds, now=now, own_client_id=self.client.tokens.client_id
            )
        except LocalValidationError as exc:
            self.notify(exc.message, title=f"Cannot {doing}", severity="warning", markup=False)
            return
        if plan.breaking and not await self.app.push_screen_wait(BreakingChangeScreen(plan)):
            self.notify(f"Not sent: {cred.display_name} is as it was.", markup=False)
            return
        try:
            with self.client.action_budget(self.tui.action_seconds):
                outcome = await execute(
                    self.client, app.client_id, intent, accept=plan.effect_names, now=now, seen=plan
                )
        except CredtuiError as exc:
            self.tui.report_failure(f"{doing} {cred.display_name}", exc)
            self._reload(cred.id)
            return
        if outcome.error is not None:
            self.tui.report_failure(f"{doing} {cred.display_name}", outcome.error)
        else:
            self.notify(plan.summary + ".", markup=False)
        self._reload(cred.id)


def fitting_slot(app: Application, cred: Credential) -> tuple[Slot | None, str]:
    """Where ``space`` attaches ``cred``: the slot of the method in use when it takes the
    credential's type, else JAR for a key on an application that signs its requests, else
    the one slot its type fits (switching the method: a breaking plan, confirmed). When
    two would do, none is chosen (the reason, in words, names ``m``)."""
    fits = slots_for(cred.credential_type)
    method = app.auth_method
    current = next((s for s in fits if method is not None and s.value == method.value), None)
    if current is not None:
        return current, ""
    if Slot.SIGNED_REQUEST_OBJECT in fits and (app.jar_required or app.jar_credential_ids):
        return Slot.SIGNED_REQUEST_OBJECT, ""
    if len(fits) == 1:
        return fits[0], ""
    if not fits:
        return None, f"credtui cannot attach {cred.display_name}: no slot takes its type."
    return None, (
        f"{cred.display_name} can be attached to {' or '.join(slot_label(s) for s in fits)}: "
        "press m to choose."
    )
