"""``p``: tenant profiles: switch, add, edit, delete, make default."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from credtui.config import (
    AddProfile,
    ConfigChange,
    ConfigError,
    EditProfile,
    Profile,
    RemoveProfile,
    SetDefault,
    TokenSourceKind,
    secret_sources,
)
from credtui.config.secret_sources import SecretSourceError
from credtui.ui.screens.confirm import ConfirmScreen
from credtui.ui.screens.profile_form import ProfileFormScreen, ProfileSaved
from credtui.ui.state import ConfigStore
from credtui.ui.widgets.keys_footer import QuietFooter

SOURCE_LABELS = {
    TokenSourceKind.CLIENT_SECRET: "client secret",
    TokenSourceKind.PRIVATE_KEY_JWT: "private key (Private Key JWT)",
    TokenSourceKind.TOKEN: "ready token",
}


def source_label(profile: Profile) -> str:
    """How the profile gets its token, in words (never the secret itself)."""
    label = SOURCE_LABELS[profile.token_source]
    if profile.client_secret_env:
        label += f" from ${profile.client_secret_env}"
    elif profile.token_env:
        label += f" from ${profile.token_env}"
    elif profile.client_secret is not None:
        label += " in config file"
    elif profile.client_secret_keyring:
        label += " in system keyring"
    elif profile.client_secret_command or profile.private_key_command:
        label += " from a command"
    return label


class ProfilesScreen(Screen[None]):
    """Every tenant profile in the config; the active one is marked."""

    TITLE = "Tenant profiles"
    BINDINGS = [
        Binding("escape", "back", "Back", id="back"),
        Binding("enter", "use", "Use", id="use-profile", priority=True),
        Binding("a", "add", "Add", id="add-profile"),
        Binding("e", "edit", "Edit", id="edit-profile"),
        Binding("d", "delete", "Delete", id="delete-profile"),
        Binding("s", "make_default", "Default", id="default-profile"),
        # The app's p does nothing here: kept out of the footer, which fits 80 columns.
        Binding("p", "app.profiles", "Profiles", id="profiles", show=False),
    ]

    def __init__(self, store: ConfigStore, *, active: str | None, first_run: bool = False) -> None:
        super().__init__()
        self.store = store
        self.active = active
        self.first_run = first_run
        self._active_edited = False
        """The profile in use was edited: reconnect when leaving this screen."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="profiles-body"):
            if self.first_run:
                yield Static(
                    "No tenant profiles yet. Press a to add one (tenant domain and a Management "
                    "API client), or quit and run `credtui demo` to try credtui on a local demo tenant.",
                    id="profiles-first-run",
                    markup=False,
                )
            where = (
                str(self.store.path)
                if self.store.path
                else "memory only (demo): nothing is written"
            )
            yield Static(f"Config: {where}", id="profiles-path", markup=False)
            table: DataTable[Text] = DataTable(
                id="profiles-table", cursor_type="row", zebra_stripes=True
            )
            yield table
            yield Static(
                "● the profile in use · default: the one credtui opens (unless --profile)",
                id="profiles-legend",
                markup=False,
            )
        yield QuietFooter()

    def on_mount(self) -> None:
        table = self.query_one("#profiles-table", DataTable)
        table.add_column("", key="mark", width=2)
        table.add_column("Profile", key="name")
        # Beside the name, whole: at 80 columns a long token source cuts what comes last.
        table.add_column("", key="default", width=7)
        table.add_column("Domain", key="domain")
        table.add_column("Token from", key="source")
        self.refresh_table(keep=self.active)  # the cursor starts on the profile in use
        table.focus()

    def refresh_table(self, keep: str | None = None) -> None:
        table: DataTable[Text] = self.query_one("#profiles-table", DataTable)
        current = keep or self.selected_name
        table.clear()
        config = self.store.config
        for name, profile in config.profiles.items():
            table.add_row(
                Text("●" if name == self.active else ""),
                Text(name, style="bold" if name == self.active else ""),
                Text("default" if name == config.default else "", style="italic"),
                Text(profile.domain),
                Text(source_label(profile)),
                key=name,
            )
        if current is not None and current in config.profiles:
            table.move_cursor(row=table.get_row_index(current))
        self.refresh_bindings()

    @property
    def selected_name(self) -> str | None:
        table: DataTable[Text] = self.query_one("#profiles-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("use", "edit", "delete", "make_default"):
            return self.selected_name is not None
        if action == "back":
            return self.active is not None
        return True

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        if self._active_edited and self.active is not None:
            self.app.switch_profile(self.active, reconnect=True)  # type: ignore[attr-defined]
        else:
            self.dismiss()

    def action_use(self) -> None:
        name = self.selected_name
        if name is not None:
            reconnect = self._active_edited and name == self.active
            self.app.switch_profile(name, reconnect=reconnect)  # type: ignore[attr-defined]

    def action_add(self) -> None:
        self.app.push_screen(ProfileFormScreen(self.store.config, None), self._saved)

    def action_edit(self) -> None:
        name = self.selected_name
        if name is not None:
            self.app.push_screen(ProfileFormScreen(self.store.config, name), self._saved)

    def _save(self, change: ConfigChange, done: str, failed: str) -> bool:
        """Apply ``change`` to the config file as it is now; say so either way.

        The store re-reads the file under a lock, so a profile another credtui
        saved meanwhile is kept (and shown once the table is refreshed).
        """
        try:
            self.store.apply(change)
        except (ConfigError, OSError) as exc:
            self.notify(f"{failed}: {exc}", severity="error", markup=False)
            return False
        self.notify(done, markup=False)
        return True

    def _saved(self, result: ProfileSaved | None) -> None:
        if result is None:
            return
        profile, replacing = result.profile, result.replacing
        change = AddProfile(profile) if replacing is None else EditProfile(replacing, profile)
        if self.store.persistent:
            done = f"Saved profile {profile.name}"
        else:
            done = (
                f"Profile {profile.name} {'added' if replacing is None else 'changed'} for "
                "this session (the demo writes no file)"
            )
        previous = self.store.config.profiles.get(replacing) if replacing else None
        if profile.client_secret_keyring and not self.store.persistent:
            self.notify(
                "The demo writes nothing, the system keyring included: choose another source "
                "for this session.",
                severity="warning",
                markup=False,
            )
            return
        try:
            # The keyring first: the file never names a keyring secret that is not there.
            keyring_moved = self._keep_in_keyring(result, previous)
        except SecretSourceError as exc:
            self.notify(f"The profile was not saved: {exc.message}", severity="error", markup=False)
            return
        if not self._save(change, done, "The profile was not saved"):
            return
        if keyring_moved and previous is not None:
            self._forget_keyring(previous.name)
        elif (
            previous is not None
            and previous.client_secret_keyring
            and not profile.client_secret_keyring
        ):  # moved to another source: no secret left behind in the keyring
            self._forget_keyring(previous.name)
        if replacing is not None and self.active == replacing:
            self.active = profile.name
            self._active_edited = True
            # The title names what the session will use (it reconnects on leaving this screen).
            self.app.sub_title = f"{profile.name} ({profile.domain})"
        self.refresh_table(keep=profile.name)

    def _keep_in_keyring(self, result: ProfileSaved, previous: Profile | None) -> bool:
        """Store a typed keyring secret, or carry the kept one to a new name.

        Returns whether the secret was copied from the previous name (to forget there
        once the file is saved). Raises :class:`SecretSourceError`.
        """
        profile = result.profile
        if not profile.client_secret_keyring:
            return False
        if result.keyring_secret is not None:
            secret_sources.store_keyring_secret(profile.name, result.keyring_secret)
            return previous is not None and previous.name != profile.name
        if previous is not None and previous.name != profile.name:
            secret_sources.store_keyring_secret(
                profile.name, secret_sources.keyring_secret(previous.name)
            )
            return True
        return False

    def _forget_keyring(self, name: str) -> None:
        try:
            secret_sources.forget_keyring_secret(name)
        except SecretSourceError as exc:
            self.notify(
                f"The secret of {name} may remain in the system keyring: {exc.message}",
                severity="warning",
                markup=False,
            )

    def action_delete(self) -> None:
        name = self.selected_name
        if name is None:
            return
        if name == self.active:
            self.notify(
                "Switch to another profile before deleting the one in use.", severity="warning"
            )
            return

        removed = self.store.config.profiles.get(name)

        def confirmed(yes: bool | None) -> None:
            if yes and self._save(
                RemoveProfile(name),
                f"Deleted profile {name}",
                "The profile was not deleted",
            ):
                if removed is not None and removed.client_secret_keyring:
                    self._forget_keyring(name)
                self.refresh_table()

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the profile {name}? Its secret, if stored in the config or the "
                "system keyring, goes too.",
                yes_label="Delete",
            ),
            confirmed,
        )

    def action_make_default(self) -> None:
        name = self.selected_name
        if name is None:
            return
        if self._save(
            SetDefault(name),
            f"{name} is now the default profile",
            "The default was not changed",
        ):
            self.refresh_table(keep=name)
