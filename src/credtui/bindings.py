"""Every binding id of the TUI, for ``[keys]`` in the config file and the README's table.

The config is read without loading Textual (the command line never loads it), so the
ids are listed here rather than collected from the screens' ``BINDINGS``; a test
(``tests/unit/test_binding_ids.py``) checks this list against the real bindings, and
the README's table against :func:`markdown_table`. When a binding changes, change it
here too, then paste ``python -m credtui.bindings`` into the README.
"""

from __future__ import annotations

from typing import NamedTuple


class Spec(NamedTuple):
    """One binding: its id, Textual key(s), the class that declares it, what it does."""

    id: str
    key: str
    owner: str
    action: str


SCREENS = {
    "CredtuiApp": "every screen",
    "ApplicationsScreen": "applications",
    "VirtualTable": "applications, overview (table)",
    "TimelineChart": "overview (timeline)",
    "ApplicationScreen": "application",
    "OverviewScreen": "expiry overview",
    "ProfilesScreen": "profiles",
    "ProfileFormScreen": "profile form",
    "ChangeFormScreen": "change dialogs",
    "GenerateScreen": "generate dialog",
    "TokenTestScreen": "token test dialog",
    "DeleteScreen": "delete dialog",
    "RotationScreen": "rotation",
    "SecretRotationScreen": "client secret dialog",
    "ConfirmScreen": "confirm dialog",
    "BreakingChangeScreen": "breaking-change dialog",
    "PemFileScreen": "PEM file picker",
    "HelpScreen": "help",
}
"""The class that declares a binding, as the README names its screen."""

BINDINGS: tuple[Spec, ...] = (
    Spec("quit", "q", "CredtuiApp", "Quit"),
    Spec("help", "question_mark", "CredtuiApp", "Help"),
    Spec("profiles", "p", "CredtuiApp", "Profiles"),
    Spec("back", "escape", "ApplicationScreen", "Back"),
    Spec("refresh", "r", "ApplicationScreen", "Refresh"),
    Spec("add-credential", "a", "ApplicationScreen", "Add"),
    Spec("edit-expiry", "e", "ApplicationScreen", "Expiry"),
    Spec("delete-credential", "d", "ApplicationScreen", "Delete"),
    Spec("auth-method", "m", "ApplicationScreen", "Method"),
    Spec("generate", "g", "ApplicationScreen", "Generate"),
    Spec("test", "t", "ApplicationScreen", "Test"),
    Spec("rotate", "o", "ApplicationScreen", "Rotate"),
    Spec("rotate-secret", "s", "ApplicationScreen", "Rotate secret"),
    Spec("jwt-alg", "i", "ApplicationScreen", "ID token alg"),
    Spec("copy", "c", "ApplicationScreen", "Copy"),
    Spec("copy-client-id", "C", "ApplicationScreen", "Copy client ID"),
    Spec("toggle-attached", "space", "ApplicationScreen", "Attach/detach"),
    Spec("profiles", "p", "ApplicationScreen", "Profiles"),
    Spec("filter", "slash", "ApplicationsScreen", "Filter"),
    Spec("sort", "s", "ApplicationsScreen", "Sort"),
    Spec("refresh", "r", "ApplicationsScreen", "Refresh"),
    Spec("overview", "x", "ApplicationsScreen", "Overview"),
    Spec("list-all", "1", "ApplicationsScreen", "Show all applications"),
    Spec("list-expired", "2", "ApplicationsScreen", "Show expired"),
    Spec("list-30-days", "4", "ApplicationsScreen", "Show expiring within 30 days"),
    Spec(
        "list-cannot-authenticate", "7", "ApplicationsScreen", "Show those that cannot authenticate"
    ),
    Spec("clear-filter", "escape", "ApplicationsScreen", "Clear filter"),
    Spec("form-save", "ctrl+s", "ChangeFormScreen", "Save"),
    Spec("form-cancel", "escape", "ChangeFormScreen", "Cancel"),
    Spec("form-quit", "q", "ChangeFormScreen", "Quit"),
    Spec("form-keys", "question_mark", "ChangeFormScreen", "Help"),
    Spec("confirm-no", "escape,n", "ConfirmScreen", "No"),
    Spec("confirm-yes", "y", "ConfirmScreen", "Yes"),
    Spec("breaking-cancel", "escape", "BreakingChangeScreen", "Cancel"),
    Spec("delete-confirm", "ctrl+s", "DeleteScreen", "Delete"),
    Spec("delete-cancel", "escape", "DeleteScreen", "Cancel"),
    Spec("delete-quit", "q", "DeleteScreen", "Quit"),
    Spec("form-save", "ctrl+s", "GenerateScreen", "Generate and add"),
    Spec("secret-close", "escape", "SecretRotationScreen", "Close"),
    Spec("secret-reveal", "v", "SecretRotationScreen", "Show/hide"),
    Spec("secret-copy", "c", "SecretRotationScreen", "Copy"),
    Spec("secret-update-profiles", "u", "SecretRotationScreen", "Update profiles"),
    Spec("form-quit", "q", "SecretRotationScreen", "Quit"),
    Spec("form-keys", "question_mark", "SecretRotationScreen", "Help"),
    Spec("close-help", "escape,q,question_mark", "HelpScreen", "Close"),
    Spec("overview-all", "1", "OverviewScreen", "All"),
    Spec("overview-expired", "2", "OverviewScreen", "Expired"),
    Spec("overview-7-days", "3", "OverviewScreen", "≤7d"),
    Spec("overview-30-days", "4", "OverviewScreen", "≤30d"),
    Spec("overview-90-days", "5", "OverviewScreen", "≤90d"),
    Spec("overview-unattached", "6", "OverviewScreen", "Unattached"),
    Spec("overview-cannot-authenticate", "7", "OverviewScreen", "No auth"),
    Spec("refresh", "r", "OverviewScreen", "Re-sweep"),
    Spec("back", "escape", "OverviewScreen", "Back"),
    Spec("save-form", "ctrl+s", "ProfileFormScreen", "Save"),
    Spec("cancel-form", "escape", "ProfileFormScreen", "Cancel"),
    Spec("form-help", "question_mark", "ProfileFormScreen", "Help"),
    Spec("form-next", "tab", "ProfileFormScreen", "Next field"),
    Spec("form-previous", "shift+tab", "ProfileFormScreen", "Previous field"),
    Spec("back", "escape", "ProfilesScreen", "Back"),
    Spec("use-profile", "enter", "ProfilesScreen", "Use"),
    Spec("add-profile", "a", "ProfilesScreen", "Add"),
    Spec("edit-profile", "e", "ProfilesScreen", "Edit"),
    Spec("delete-profile", "d", "ProfilesScreen", "Delete"),
    Spec("default-profile", "s", "ProfilesScreen", "Default"),
    Spec("profiles", "p", "ProfilesScreen", "Profiles"),
    Spec("rotation-next", "ctrl+s", "RotationScreen", "Do next step"),
    Spec("rotation-test", "t", "RotationScreen", "Test new key"),
    Spec("rotation-reread", "ctrl+r", "RotationScreen", "Re-read"),
    Spec("rotation-close", "escape", "RotationScreen", "Close"),
    Spec("rotation-quit", "q", "RotationScreen", "Quit"),
    Spec("form-save", "ctrl+s", "TokenTestScreen", "Request a token"),
    Spec("picker-cancel", "escape", "PemFileScreen", "Cancel"),
    Spec("picker-all-files", "ctrl+t", "PemFileScreen", "All files"),
    Spec("cursor-up", "up,k", "VirtualTable", "Up"),
    Spec("cursor-down", "down,j", "VirtualTable", "Down"),
    Spec("page-up", "pageup", "VirtualTable", "Page up"),
    Spec("page-down", "pagedown", "VirtualTable", "Page down"),
    Spec("first-row", "home", "VirtualTable", "First"),
    Spec("last-row", "end", "VirtualTable", "Last"),
    Spec("open", "enter", "VirtualTable", "Open"),
    Spec("timeline-earlier", "left,h", "TimelineChart", "Earlier"),
    Spec("timeline-later", "right,l", "TimelineChart", "Later"),
    Spec("timeline-first", "home", "TimelineChart", "First"),
    Spec("timeline-last", "end", "TimelineChart", "Last"),
    Spec("timeline-pick", "enter,space", "TimelineChart", "Pick week"),
    Spec("timeline-clear", "escape", "TimelineChart", "Clear week"),
)

BINDING_IDS = frozenset(spec.id for spec in BINDINGS)
"""The ids ``[keys]`` may remap (one id may be on several screens: remapping it remaps all)."""

_KEY_NAMES = {"question_mark": "?", "slash": "/"}


def _keys(key: str) -> str:
    return " ".join(f"`{_KEY_NAMES.get(k, k)}`" for k in key.split(","))


def markdown_table() -> str:
    """The README's table of binding ids: id, key, screen, action; by screen, then id."""
    order = list(SCREENS)
    rows = sorted(BINDINGS, key=lambda s: (order.index(s.owner), s.id))
    lines = ["| id | key | screen | action |", "|---|---|---|---|"]
    lines += [f"| `{s.id}` | {_keys(s.key)} | {SCREENS[s.owner]} | {s.action} |" for s in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
