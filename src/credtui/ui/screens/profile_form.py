"""Add or edit one tenant profile. Secrets go into password fields and are never shown again."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from credtui.config import (
    ALGORITHMS,
    AddProfile,
    Config,
    ConfigError,
    EditProfile,
    Profile,
    TokenSource,
)

SOURCES = (
    ("Client secret, stored in the config file", "secret"),
    ("Client secret from an environment variable", "secret_env"),
    ("Private key file (Private Key JWT)", "private_key"),
    ("Ready token from an environment variable", "token_env"),
)

# Which inputs each source shows.
FIELDS_FOR = {
    "secret": ("client_id", "client_secret"),
    "secret_env": ("client_id", "client_secret_env"),
    "private_key": ("client_id", "private_key_file", "private_key_alg", "private_key_kid"),
    "token_env": ("token_env",),
}
FIELDS = (
    # (key, label, placeholder), in the order shown
    ("name", "Profile name", "acme-prod"),
    ("domain", "Tenant domain", "acme.eu.auth0.com"),
    ("source", "Management API token from", ""),
    ("client_id", "Client ID", ""),
    ("client_secret", "Client secret", ""),
    ("client_secret_env", "Environment variable holding the secret", "AUTH0_CLIENT_SECRET"),
    (
        "private_key_file",
        "Private key file (PEM; never leaves this machine)",
        "~/.config/credtui/mgmt.pem",
    ),
    ("private_key_alg", "Algorithm", ""),
    ("private_key_kid", "Key id (kid), optional", ""),
    ("token_env", "Environment variable holding the token", "AUTH0_MGMT_TOKEN"),
)
ALL_FIELDS = tuple(k for k, _, _ in FIELDS if k not in ("name", "domain", "source"))
"""The fields that depend on the token source."""


def _source_of(profile: Profile) -> str:
    if profile.token_source is TokenSource.TOKEN:
        return "token_env"
    if profile.token_source is TokenSource.PRIVATE_KEY_JWT:
        return "private_key"
    return "secret_env" if profile.client_secret_env else "secret"


class ProfileFormScreen(ModalScreen[tuple[Profile, str | None] | None]):
    """Dismisses with (profile, name it replaces) once the profile passes every check."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel-form"),
        Binding("ctrl+s", "save", "Save", id="save-form"),
    ]

    def __init__(self, config: Config, editing: str | None) -> None:
        super().__init__()
        self.config = config
        self.editing = editing
        self.original = config.profiles.get(editing) if editing else None

    def compose(self) -> ComposeResult:
        p = self.original
        with Vertical(id="form-box"):
            yield Static("Edit profile" if p else "Add a tenant profile", id="form-title")
            with VerticalScroll(id="form-fields"):
                for key, label, placeholder in FIELDS:
                    if key == "source":
                        value = _source_of(p) if p else "secret_env"
                        yield from self._field(
                            key, label, Select(SOURCES, value=value, allow_blank=False, id=key)
                        )
                    elif key == "private_key_alg":
                        alg = p.private_key_alg if p else "RS256"
                        choices = [(a, a) for a in ALGORITHMS]
                        yield from self._field(
                            key, label, Select(choices, value=alg, allow_blank=False, id=key)
                        )
                    elif key == "client_secret":
                        # Never shown again: the field starts empty; empty keeps the stored one.
                        hint = "unchanged: leave empty to keep it" if p and p.client_secret else ""
                        yield from self._field(
                            key, label, Input(password=True, id=key, placeholder=hint)
                        )
                    else:
                        value = (getattr(p, key) or "") if p else ""
                        yield from self._field(
                            key, label, Input(value=value, id=key, placeholder=placeholder)
                        )
            yield Static("", id="form-error", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Save", id="form-save", variant="primary")
                yield Button("Cancel", id="form-cancel")

    def _field(self, key: str, label: str, widget: Input | Select[str]) -> ComposeResult:
        with Vertical(classes="form-field", id=f"field-{key}"):
            yield Label(label)
            yield widget
            yield Static("", classes="field-error", id=f"error-{key}", markup=False)

    def on_mount(self) -> None:
        for inp in self.query(Input):
            inp.cursor_blink = self.app.cursor_blink if hasattr(self.app, "cursor_blink") else True
        self._show_fields()
        self.query_one("#name", Input).focus()

    @on(Select.Changed, "#source")
    def _show_fields(self) -> None:
        source = str(self.query_one("#source", Select).value)
        shown = FIELDS_FOR.get(source, ())
        for key in ALL_FIELDS:
            self.query_one(f"#field-{key}").display = key in shown

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#form-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#form-save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        for error in self.query(".field-error"):
            error.update("")  # type: ignore[attr-defined]
        self.query_one("#form-error", Static).update("")
        source = str(self.query_one("#source", Select).value)
        shown = FIELDS_FOR[source]

        def value(key: str) -> str | None:
            if key not in shown:
                return None
            widget = self.query_one(f"#{key}")
            text = str(widget.value) if isinstance(widget, Input | Select) else ""
            return text.strip() or None

        secret = value("client_secret")
        if source == "secret" and secret is None and self.original and self.original.client_secret:
            secret = self.original.client_secret  # left empty: keep the stored one
        if source == "secret" and secret is None:
            self._error("client_secret", "is empty: type the client secret")
            return
        name = self.query_one("#name", Input).value.strip()
        try:
            profile = Profile(
                name=name,
                domain=self.query_one("#domain", Input).value.strip(),
                client_id=value("client_id"),
                client_secret=secret,
                client_secret_env=value("client_secret_env"),
                private_key_file=value("private_key_file"),
                private_key_alg=value("private_key_alg") or "RS256",
                private_key_kid=value("private_key_kid"),
                token_env=value("token_env"),
            )
            # The same change the profiles screen saves, tried on this screen's copy
            # so that a clash (a name taken) is shown here, with the input kept.
            change = (
                AddProfile(profile) if self.editing is None else EditProfile(self.editing, profile)
            )
            change.apply(self.config)
        except ConfigError as exc:
            self._error(exc.key or "", exc.reason)
            return
        except ValueError:
            # Any other refusal is a bug, but never a crash, and its text (which may
            # repeat what was typed, a secret included) is not shown.
            self._error("", "This profile could not be checked; nothing was saved.")
            return
        self.dismiss((profile, self.editing))

    def _error(self, key: str, message: str) -> None:
        label = {"client_secret": "Client secret"}.get(key, key.replace("_", " ").capitalize())
        target = self.query(f"#error-{key}")
        if key and target:
            target.first(Static).update(f"{label} {message}")
            widget = self.query(f"#{key}")
            if widget:
                widget.first().focus()
        else:
            self.query_one("#form-error", Static).update(message)
