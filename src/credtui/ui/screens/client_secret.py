"""``s``: rotate an application's client secret, then show the new one once.

First the dialog says what happens (the plan of
:class:`~credtui.ops.plan.RotateClientSecret`, its effects in words) and which
credtui profiles get their token with this secret: credtui's own profile is the
dangerous one (this session stops at its next token refresh). The focus starts on
Cancel and no key confirms: rotating takes moving to "Rotate secret" and pressing
it, as for every breaking change.

Then the new secret is shown once, masked (``v`` shows it, ``c`` copies it with
OSC 52, which works over SSH), and for each profile that uses it the dialog says
how it gets the new one: ``u`` writes it where credtui keeps it (config file, as
the profile form saves, or the system keyring), or it says what to change by hand.
The secret lives only in this dialog: it is never in a toast, a log or a file
credtui did not write for a profile, and closing the dialog drops it (Textual's
own copy of the clipboard included).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from credtui.config import ConfigError
from credtui.connect import source_for_profile
from credtui.errors import CredtuiError, LocalValidationError, describe_error
from credtui.models import Application, Credential
from credtui.ops.client_secret import SecretUser, secret_users, update_profile_secret
from credtui.ops.plan import Plan, RotateClientSecret, execute, make_plan
from credtui.ui.screens.change_form import PAGE_BINDINGS, ChangeFormScreen
from credtui.ui.screens.confirm import ConfirmScreen
from credtui.ui.widgets.keys_footer import QuietFooter

MASK = "●" * 24


@dataclass(frozen=True)
class SecretRotated:
    """What the dialog hands back (never the secret): the application as read afterwards,
    and the profiles that were given the new secret."""

    application: Application
    updated: tuple[str, ...] = ()


class SecretRotationScreen(ChangeFormScreen[SecretRotated | None], inherit_bindings=False):
    """Ask, rotate, show the new secret once; dismisses with :class:`SecretRotated` after."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close", id="secret-close"),
        Binding("v", "reveal", "Show/hide", id="secret-reveal"),
        Binding("c", "copy", "Copy", id="secret-copy"),
        Binding("u", "update_profiles", "Update profiles", id="secret-update-profiles"),
        Binding("q", "app.quit", "Quit", id="form-quit", show=False),
        Binding("question_mark", "app.help", "Help", id="form-keys"),
        *PAGE_BINDINGS,
    ]
    BUSY_TEXT = "Rotating the client secret…"

    def __init__(self, application: Application, credentials: Sequence[Credential]) -> None:
        super().__init__()
        self.application = application
        self.credentials = tuple(credentials)
        self._secret: str | None = None
        self._revealed = False
        self._copied = False
        self._updated: dict[str, str] = {}
        """Profile name -> what was done, for the profiles given the new secret."""
        self._result: SecretRotated | None = None
        self.plan: Plan | None = None
        self.users: list[SecretUser] = []

    # --- the question --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.application
        self.users = secret_users(self.tui.store.config.profiles.values(), app.client_id)
        refused = ""
        try:
            self.plan = make_plan(
                RotateClientSecret(),
                app,
                self.credentials,
                now=self.tui.now(),
                own_client_id=self.client.tokens.client_id,
            )
        except LocalValidationError as exc:  # the screen checks first; this is a backstop
            refused = f"Not sent: {exc.message}"
        with Vertical(id="form-box", classes="change-form secret-form"):
            yield Static(f"Rotate the client secret of {app.name}", id="form-title", markup=False)
            with VerticalScroll(id="form-body"):
                with Vertical(id="secret-ask"):
                    yield from self._question()
                with Vertical(id="secret-new"):
                    yield Static("", id="secret-intro", markup=False)
                    yield Static("", id="secret-value", markup=False)
                    yield Static("", id="secret-profiles", markup=False)
            yield Static(refused, id="form-status", classes="-error", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Cancel", id="secret-cancel", variant="primary", compact=True)
                yield Button(
                    "Rotate secret",
                    id="secret-rotate",
                    classes="form-send",
                    variant="error",
                    compact=True,
                )
                yield Button("Copy (c)", id="secret-copy", compact=True)
                yield Button("Show (v)", id="secret-reveal", compact=True)
                yield Button("Update profiles (u)", id="secret-update", compact=True)
                yield Button("Close", id="secret-done", variant="primary", compact=True)
        yield QuietFooter()

    def _question(self) -> ComposeResult:
        plan = self.plan
        if plan is None:
            return
        yield Static("\n".join(self._user_lines()), id="secret-users", markup=False)
        for effect, why in plan.effects:
            yield Static(f"• {effect.value}: {why}", classes="secret-effect", markup=False)
        yield Static("\n".join(plan.body_lines()), id="secret-plan", markup=False)
        for note in plan.notes:
            yield Static(f"Note: {note}", classes="secret-note", markup=False)

    def _user_lines(self) -> list[str]:
        own = self.tui.profile_name
        if not self.users:
            return [
                "No credtui profile uses this secret. Whatever else authenticates with it "
                "(deployed services, scripts) needs the new one."
            ]
        lines = ["credtui profiles that get their token with this secret:"]
        for user in self.users:
            mark = " (this session)" if user.profile == own else ""
            after = (
                "after the rotation, u gives it the new secret." if user.updatable else user.advice
            )
            lines.append(f"  {user.profile}{mark}, secret in {user.where}: {after}")
        return lines

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#secret-new").display = False
        for button in ("#secret-copy", "#secret-reveal", "#secret-update", "#secret-done"):
            self.query_one(button).display = False
        self.query_one("#secret-rotate", Button).disabled = self.plan is None
        self.query_one("#secret-cancel", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        shown = self._secret is not None
        if action in ("reveal", "copy"):
            return shown
        if action == "update_profiles":
            return shown and any(u.updatable and u.profile not in self._updated for u in self.users)
        return True

    # --- rotating --------------------------------------------------------------------------

    async def action_save(self) -> None:
        """The "Rotate secret" button (no key does it: the focus starts on Cancel)."""
        if not self.busy and self.plan is not None and self._result is None:
            self.rotate(self.plan)

    @work(group="rotate-secret", exclusive=True, exit_on_error=False, description="rotate secret")
    async def rotate(self, plan: Plan) -> None:
        self.busy = True
        try:
            outcome = await execute(
                self.client,
                self.application.client_id,
                RotateClientSecret(),
                accept=plan.effect_names,
                now=self.tui.now(),
                seen=plan,
            )
        except CredtuiError as exc:
            self.busy = False
            self.show_failure("rotate the client secret", exc)
            # Back where the question starts (the disabled button lost the focus meanwhile).
            self.query_one("#secret-cancel", Button).focus()
            return
        finally:
            self.busy = False
        secret = outcome.new_secret
        if secret is None:  # pragma: no cover - a rotation that was sent made one, or raised
            return
        self._secret = secret
        self._result = SecretRotated(outcome.application)
        self._show_secret()
        if outcome.error is not None:
            # The secret was made; only reading the application back failed.
            self.set_status(describe_error(outcome.error, now=self.tui.now()))

    # --- the new secret --------------------------------------------------------------------

    def _show_secret(self) -> None:
        secret = self._secret
        assert secret is not None
        self.query_one("#secret-ask").display = False
        self.query_one("#secret-new").display = True
        self.query_one("#form-title", Static).update(
            f"New client secret of {self.application.name}"
        )
        self.query_one("#secret-intro", Static).update(
            "Shown once: credtui keeps no copy. Copy it now (c, works over SSH) and put it "
            "where it is needed; the old secret is already refused."
        )
        self._show_value()
        self._show_profiles()
        for button in ("#secret-cancel", "#secret-rotate"):
            self.query_one(button).display = False
        for button in ("#secret-copy", "#secret-reveal", "#secret-done"):
            self.query_one(button).display = True
        self.query_one("#secret-update").display = self._can_update()
        self.query_one("#secret-copy", Button).focus()
        self.refresh_bindings()

    def _can_update(self) -> bool:
        return any(u.updatable and u.profile not in self._updated for u in self.users)

    def _show_value(self) -> None:
        secret = self._secret or ""
        shown = secret if self._revealed else f"{MASK}  ({len(secret)} characters, hidden)"
        self.query_one("#secret-value", Static).update(shown)
        self.query_one("#secret-reveal", Button).label = (
            "Hide (v)" if self._revealed else "Show (v)"
        )

    def _show_profiles(self) -> None:
        own = self.tui.profile_name
        lines: list[str] = []
        for user in self.users:
            done = self._updated.get(user.profile)
            if done:
                lines.append(f"✓ {done}.")
            elif user.updatable:
                lines.append(
                    f"• Profile {user.profile} (secret in {user.where}) still has the old "
                    "secret: u gives it the new one."
                )
            else:
                lines.append(f"• {user.advice[0].upper()}{user.advice[1:]}")
        if any(u.profile == own and u.profile not in self._updated for u in self.users):
            lines.append(
                f"This session ({own}) keeps working until its token expires; after that it "
                "cannot get another until the profile has the new secret."
            )
        if not self.users:
            lines.append("No credtui profile uses this secret.")
        self.query_one("#secret-profiles", Static).update("\n".join(lines))

    def action_reveal(self) -> None:
        if self._secret is None:
            return
        self._revealed = not self._revealed
        self._show_value()

    def action_copy(self) -> None:
        if self._secret is None:
            return
        self.app.copy_to_clipboard(self._secret)
        self._copied = True
        self.notify(
            "Copied the new client secret (OSC 52). credtui keeps no copy of it.",
            title="Copied",
            markup=False,
        )

    def action_update_profiles(self) -> None:
        """Give every profile credtui can update the new secret (file or keyring)."""
        secret = self._secret
        if secret is None:
            return
        store = self.tui.store
        for user in self.users:
            if not user.updatable or user.profile in self._updated:
                continue
            profile = store.config.profiles.get(user.profile)
            if profile is None:
                continue
            if profile.client_secret_keyring and not store.persistent:
                self.notify(
                    f"Profile {user.profile}: the demo writes nothing, the system keyring "
                    "included.",
                    severity="warning",
                    markup=False,
                )
                continue
            try:
                done = update_profile_secret(profile, secret, store.apply)
            except (CredtuiError, ConfigError, OSError) as exc:
                self.notify(
                    f"Profile {user.profile} was not updated: {exc}",
                    severity="error",
                    markup=False,
                    timeout=10,
                )
                continue
            self._updated[user.profile] = done[0].upper() + done[1:]
            if user.profile == self.tui.profile_name:
                self._use_new_secret(user.profile)
        self._show_profiles()
        self.query_one("#secret-update").display = self._can_update()
        self.refresh_bindings()

    def _use_new_secret(self, name: str) -> None:
        """This session's next token comes with the profile as it is now (the new secret)."""
        store = self.tui.store
        profile = store.config.profiles[name]
        self.client.tokens.change_source(
            source_for_profile(profile, config_path=store.path, environ=self.tui.environ)
        )

    @on(Button.Pressed, "#secret-copy")
    def _copy_pressed(self) -> None:
        self.action_copy()

    @on(Button.Pressed, "#secret-reveal")
    def _reveal_pressed(self) -> None:
        self.action_reveal()

    @on(Button.Pressed, "#secret-update")
    def _update_pressed(self) -> None:
        self.action_update_profiles()

    @on(Button.Pressed, "#secret-cancel")
    @on(Button.Pressed, "#secret-done")
    def _close_pressed(self) -> None:
        self.action_cancel()

    # --- closing ---------------------------------------------------------------------------

    def has_unsaved_input(self) -> bool:
        """The new secret would be lost: shown, but neither copied nor given to a profile."""
        return self._secret is not None and not self._copied and not self._updated

    def action_cancel(self) -> None:
        if self._refuse_close():
            return
        if self._secret is None:
            self.dismiss(None)
            return
        if self.has_unsaved_input():

            def answered(yes: bool | None) -> None:
                if yes:
                    self._close()

            self.app.push_screen(
                ConfirmScreen(
                    "Close without copying the new secret? credtui keeps no copy: afterwards "
                    "it is only in the Auth0 Dashboard.",
                    yes_label="Close",
                ),
                answered,
            )
            return
        self._close()

    def _close(self) -> None:
        """Drop the secret (the widget, this dialog, Textual's clipboard copy), then close."""
        secret = self._secret
        self._secret = None
        self.query_one("#secret-value", Static).update("")
        if secret is not None and self.app.clipboard == secret:
            self.app._clipboard = ""  # the terminal's clipboard keeps it; Textual's need not
        result = self._result
        if result is not None:
            result = SecretRotated(result.application, tuple(self._updated))
        self.dismiss(result)

    def show_failure(self, action: str, error: CredtuiError) -> None:
        if isinstance(error, LocalValidationError):
            self.set_status(f"Not sent: {error.message}")
            return
        super().show_failure(action, error)
