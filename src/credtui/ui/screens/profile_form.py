"""Add or edit one tenant profile. Secrets go into password fields and are never shown again."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static

from credtui.config import (
    COMMAND_KEYS,
    AddProfile,
    Config,
    ConfigError,
    EditProfile,
    Profile,
    profile_problems,
    secret_sources,
)
from credtui.ui.early_keys import hand_over
from credtui.ui.screens.confirm import ConfirmScreen
from credtui.ui.widgets.keys_footer import QuietFooter
from credtui.ui.widgets.text_fields import TextInput
from credtui.vocabulary import ALGS, DEFAULT_ALG

SOURCES = (
    ("Client secret, stored in the config file", "secret"),
    ("Client secret, stored in the system keyring", "secret_keyring"),
    ("Client secret from an environment variable", "secret_env"),
    ("Client secret printed by a command", "secret_command"),
    ("Private key file (Private Key JWT)", "private_key"),
    ("Private key printed by a command (Private Key JWT)", "private_key_command"),
    ("Ready token from an environment variable", "token_env"),
)

_KEY_FIELDS = ("private_key_alg", "private_key_kid")
# Which inputs each source shows.
FIELDS_FOR = {
    "secret": ("client_id", "client_secret"),
    "secret_keyring": ("client_id", "client_secret"),
    "secret_env": ("client_id", "client_secret_env"),
    "secret_command": ("client_id", "client_secret_command"),
    "private_key": ("client_id", "private_key_file", *_KEY_FIELDS),
    "private_key_command": ("client_id", "private_key_command", *_KEY_FIELDS),
    "token_env": ("token_env",),
}
SOURCE_FIELD = {
    "secret": "client_secret",
    "secret_keyring": "client_secret",
    "secret_env": "client_secret_env",
    "secret_command": "client_secret_command",
    "private_key": "private_key_file",
    "private_key_command": "private_key_command",
    "token_env": "token_env",
}
"""The field that holds each source's secret (or where to find it): never left empty."""
REQUIRED = {
    "client_secret": "is empty; type the client secret",
    "client_secret_env": "is empty; type the name of the variable that holds the secret",
    "client_secret_command": "is empty; type the command that prints the secret",
    "private_key_file": "is empty; type the path of the PEM private key",
    "private_key_command": "is empty; type the command that prints the PEM private key",
    "token_env": "is empty; type the name of the variable that holds the token",
}


@dataclass(frozen=True)
class ProfileSaved:
    """What the form hands back: the profile, the name it replaces, a secret for the keyring.

    ``keyring_secret`` is the secret typed for a keyring profile (None: keep the one the
    keyring holds); the profiles screen stores it before the file is written.
    """

    profile: Profile
    replacing: str | None
    keyring_secret: str | None = field(default=None, repr=False)


FIELDS = (
    # (key, label, placeholder), in the order shown
    ("name", "Profile name", "acme-prod"),
    ("domain", "Tenant domain", "acme.eu.auth0.com"),
    ("source", "Management API token from", ""),
    ("client_id", "Client ID", ""),
    ("client_secret", "Client secret", ""),
    ("client_secret_env", "Environment variable holding the secret", "AUTH0_CLIENT_SECRET"),
    (
        "client_secret_command",
        "Command printing the secret (run without a shell)",
        "op read op://prod/auth0/secret",
    ),
    (
        "private_key_file",
        "Private key file (PEM; never leaves this machine)",
        "~/.config/credtui/mgmt.pem",
    ),
    (
        "private_key_command",
        "Command printing the PEM private key (kept in memory)",
        "op read op://prod/auth0/mgmt-key",
    ),
    ("private_key_alg", "Algorithm", ""),
    ("private_key_kid", "Key id (kid), optional", ""),
    ("token_env", "Environment variable holding the token", "AUTH0_MGMT_TOKEN"),
)
ALL_FIELDS = tuple(k for k, _, _ in FIELDS if k not in ("name", "domain", "source"))
"""The fields that depend on the token source."""


def _source_of(profile: Profile) -> str:
    return {
        "client_secret": "secret",
        "client_secret_keyring": "secret_keyring",
        "client_secret_env": "secret_env",
        "client_secret_command": "secret_command",
        "private_key_file": "private_key",
        "private_key_command": "private_key_command",
        "token_env": "token_env",
    }[profile.secret_source]


def _split(line: str | None) -> tuple[str, ...] | None:
    """A command line as its arguments; raises ValueError for an unclosed quote."""
    return tuple(shlex.split(line)) if line else None


class ProfileFormScreen(ModalScreen[ProfileSaved | None]):
    """Dismisses with a :class:`ProfileSaved` once the profile passes every check."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save-form"),
        Binding("escape", "cancel", "Cancel", id="cancel-form"),
        Binding("question_mark", "app.help", "Help", id="form-help"),
        # Keys that move the focus act as they arrive (priority), in order with the keys
        # typed after them. Textual hands each key to the widget focused when it arrives;
        # had these keys waited in a widget's queue (tab bubbling up, the source list
        # opening and closing and then refocusing itself), the keys typed meanwhile would
        # go to the widget being left: lost, or typed into a field about to be hidden.
        Binding("tab", "move(1)", "Next field", id="form-next", show=False, priority=True),
        Binding(
            "shift+tab", "move(-1)", "Previous field", id="form-previous", show=False, priority=True
        ),
        Binding("enter,space", "source_key('pick')", show=False, priority=True),
        Binding("down", "source_key('down')", show=False, priority=True),
        Binding("up", "source_key('up')", show=False, priority=True),
        Binding("escape", "source_close", show=False, priority=True),
    ]

    def __init__(self, config: Config, editing: str | None) -> None:
        super().__init__()
        self.config = config
        self.editing = editing
        self.original = config.profiles.get(editing) if editing else None
        self._initial: dict[str, object] = {}
        """The fields as the form opened (escape asks only when they changed)."""

    def compose(self) -> ComposeResult:
        p = self.original
        with Vertical(id="form-box"):
            yield Static("Edit profile" if p else "Add a tenant profile", id="form-title")
            with VerticalScroll(id="form-fields"):
                for key, label, placeholder in FIELDS:
                    if key == "source":
                        value = _source_of(p) if p else "secret_env"
                        yield from self._field(
                            key,
                            label,
                            Select(SOURCES, value=value, allow_blank=False, id=key, compact=True),
                        )
                    elif key == "private_key_alg":
                        alg = p.private_key_alg if p else DEFAULT_ALG
                        choices = [(a, a) for a in ALGS]
                        yield from self._field(
                            key,
                            label,
                            Select(choices, value=alg, allow_blank=False, id=key, compact=True),
                        )
                    elif key == "client_secret":
                        # Never shown again: the field starts empty; empty keeps the stored one.
                        kept = p is not None and (
                            p.client_secret is not None or p.client_secret_keyring
                        )
                        hint = "unchanged: leave empty to keep it" if kept else ""
                        yield from self._field(
                            key,
                            label,
                            TextInput(password=True, id=key, placeholder=hint, compact=True),
                        )
                    else:
                        value = (getattr(p, key) or "") if p else ""
                        if isinstance(value, tuple):
                            value = shlex.join(value)
                        yield from self._field(
                            key,
                            label,
                            TextInput(value=value, id=key, placeholder=placeholder, compact=True),
                        )
            yield Static("", id="form-error", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Save", id="form-save", variant="primary", compact=True)
                yield Button("Cancel", id="form-cancel", compact=True)
        yield QuietFooter()

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
        self._initial = self._typed()

    @on(Select.Changed, "#source")
    def _show_fields(self) -> None:
        # Only the fields that depend on the source change; the focus stays where it is
        # (on the source, or wherever the person has moved on to).
        source = str(self.query_one("#source", Select).value)
        shown = FIELDS_FOR.get(source, ())
        for key in ALL_FIELDS:
            field = self.query_one(f"#field-{key}")
            if field.display != (key in shown):
                field.display = key in shown

    # --- keys that move the focus, handled as they arrive ----------------------------------

    def _source_parts(self) -> tuple[Select[str], OptionList]:
        """The token source and its list of choices (Textual's SelectOverlay, an OptionList)."""
        select: Select[str] = self.query_one("#source", Select)
        return select, select.query_one("SelectOverlay", OptionList)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("source_key", "source_close"):
            # Only while the token source (or its open list) has the focus; any other
            # widget gets these keys as usual.
            select, overlay = self._source_parts()
            focused = self.focused
            return focused is overlay if action == "source_close" else focused in (select, overlay)
        return True

    def action_move(self, step: int) -> None:
        self._close_source()
        self._show_fields()  # the fields of the source chosen, before the focus moves on
        (self.focus_next if step > 0 else self.focus_previous)()

    def action_source_key(self, pressed: str) -> None:
        select, overlay = self._source_parts()
        if self.focused is select:
            # Open the list now (Select's own opening focuses it later, after the keys
            # already waiting, which would then go to the closed list).
            select.set_reactive(Select.expanded, True)
            select.add_class("-expanded")
            options = [value for _, value in SOURCES]
            overlay.highlighted = options.index(str(select.value))
            self.set_focus(overlay, scroll_visible=False)
            return
        if pressed == "down":
            overlay.action_cursor_down()
        elif pressed == "up":
            overlay.action_cursor_up()
        else:
            index = overlay.highlighted
            if index is not None:
                select.value = SOURCES[index][1]
            self._close_source()
            self._show_fields()

    def action_source_close(self) -> None:
        self._close_source()

    def _close_source(self) -> None:
        select, overlay = self._source_parts()
        if select.expanded or select.has_class("-expanded"):
            select.expanded = False
            select.remove_class("-expanded")
            if self.focused is overlay:
                self.set_focus(select, scroll_visible=False)

    async def on_key(self, event: events.Key) -> None:
        # A printable key reaches the screen only when no widget took it: it was sent to
        # the widget that had the focus when the key arrived (the source list, say) and
        # the focus moved on before that widget read it. Put it where the person now is.
        if event.is_printable and event.character:
            await hand_over(event, self.focused)

    def _typed(self) -> dict[str, object]:
        """Every field's value now (the secret's too: only compared, never shown)."""
        values: dict[str, object] = {i.id or "": i.value for i in self.query(Input)}
        values.update((s.id or "", s.value) for s in self.query(Select))
        return values

    def action_cancel(self) -> None:
        """``escape``: close, asking first when something typed would be thrown away (as
        the change dialogs do; the Cancel button, an explicit choice, does not ask)."""
        if self._typed() == self._initial:
            self.dismiss(None)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Close this form and lose what you typed?", yes_label="Close"), answered
        )

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
        original = self.original
        keyring = source == "secret_keyring"
        kept = original if secret is None else None  # left empty: keep what it holds
        if source == "secret" and kept is not None and kept.client_secret:
            secret = kept.client_secret
        problems: dict[str, str] = {}
        main = SOURCE_FIELD[source]
        keeps_keyring = keyring and kept is not None and kept.client_secret_keyring
        if value(main) is None and not (
            (main == "client_secret" and secret is not None) or keeps_keyring
        ):
            problems[main] = REQUIRED[main]
        if keyring and (unavailable := secret_sources.keyring_problem()):
            problems["source"] = unavailable  # said at once: never the file instead
        commands: dict[str, tuple[str, ...] | None] = {}
        for key in COMMAND_KEYS:  # typed as one line, split as a shell would
            try:
                commands[key] = _split(value(key))
            except ValueError as exc:
                problems[key] = f"cannot be split into arguments ({exc})"
                commands[key] = None
        profile = Profile(
            name=self.query_one("#name", Input).value.strip(),
            domain=self.query_one("#domain", Input).value.strip(),
            client_id=value("client_id"),
            client_secret=None if keyring else secret,
            client_secret_env=value("client_secret_env"),
            client_secret_keyring=keyring,
            client_secret_command=commands["client_secret_command"],
            private_key_file=value("private_key_file"),
            private_key_command=commands["private_key_command"],
            private_key_alg=value("private_key_alg") or DEFAULT_ALG,
            private_key_kid=value("private_key_kid"),
            token_env=value("token_env"),
        )
        try:
            # The config's own checks (one implementation), every problem at once.
            for problem in profile_problems(profile):
                key = problem.key or ""
                key = "client_secret" if key == "client_secret_keyring" else key
                if key in ("name", "domain", *shown):
                    problems.setdefault(key, problem.reason)
            if not problems:
                # The same change the profiles screen saves, tried on this screen's copy
                # so that a clash (a name taken) is shown here, with the input kept.
                change = (
                    AddProfile(profile)
                    if self.editing is None
                    else EditProfile(self.editing, profile)
                )
                change.apply(self.config)
        except ConfigError as exc:
            problems[exc.key or ""] = exc.reason
        except ValueError:
            # Any other refusal is a bug, but never a crash, and its text (which may
            # repeat what was typed, a secret included) is not shown.
            problems[""] = "This profile could not be checked; nothing was saved."
        if problems:
            self._show_problems(problems)
            return
        self.dismiss(ProfileSaved(profile, self.editing, secret if keyring else None))

    def _show_problems(self, problems: dict[str, str]) -> None:
        """Each problem under its field, as a sentence naming the field; the first gets the focus."""
        labels = {key: label for key, label, _ in FIELDS}
        named: list[str] = []
        for key, _, _ in FIELDS:
            if key not in problems:
                continue
            reason = problems[key].rstrip(".")
            self.query_one(f"#error-{key}", Static).update(f"{labels[key]}: {reason}.")
            if not named:
                self.query_one(f"#{key}").focus()
            named.append(labels[key])
        other = [reason for key, reason in problems.items() if key not in labels]
        summary = f"Not saved: check {' and '.join(named)}." if named else ""
        self.query_one("#form-error", Static).update(" ".join([*other, summary]).strip())
