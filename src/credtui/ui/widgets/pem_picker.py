"""Choosing a PEM file: a typed path that completes, and a tree that starts in the current folder.

The tree lists folders and PEM-like files (``.pem``, ``.crt``, ``.cer``, ``.pub``);
``ctrl+t`` shows every file. Hidden entries stay hidden. Paths are shown as
typed or relative to the folder the tree started in, never as a machine path
in a picture.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import DirectoryTree, Input, Static

from credtui.files import path_refusal, shown_path
from credtui.ui.widgets.keys_footer import QuietFooter
from credtui.ui.widgets.text_fields import TextInput

PEM_SUFFIXES = frozenset({".pem", ".crt", ".cer", ".pub", ".der"})
MAX_ENTRIES = 2000
"""A folder listing stops here: completion must never stall on a huge folder."""


def is_pem_like(path: Path) -> bool:
    """Whether a file name looks like a PEM public key or certificate."""
    return path.suffix.lower() in PEM_SUFFIXES


def complete_path(value: str, base: Path) -> str | None:
    """``value`` completed to the first matching entry (PEM-like files and folders first).

    Relative paths are taken from ``base``; ``~`` is the home folder. A folder
    completes with a trailing ``/``. None when nothing matches.
    """
    if not value or path_refusal(value) is not None:
        return None
    typed = Path(value).expanduser()
    full = typed if typed.is_absolute() else base / typed
    folder, stem = (full, "") if value.endswith(("/", "\\")) else (full.parent, full.name)
    try:
        entries = []
        for i, entry in enumerate(folder.iterdir()):
            if i >= MAX_ENTRIES:
                break
            if entry.name.startswith(".") and not stem.startswith("."):
                continue
            if entry.name.lower().startswith(stem.lower()):
                entries.append(entry)
    except OSError:
        return None
    if not entries:
        return None
    entries.sort(key=lambda p: (not (p.is_dir() or is_pem_like(p)), p.name.lower()))
    best = entries[0]
    rest = best.name[len(stem) :]
    return value + rest + ("/" if best.is_dir() else "")


class PathSuggester(Suggester):
    """Completes a typed file path (accept with the right arrow)."""

    def __init__(self, base: Path) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.base = base

    async def get_suggestion(self, value: str) -> str | None:
        """The completed path, or None."""
        return complete_path(value, self.base)


class PemTree(DirectoryTree):
    """Folders and PEM-like files (every file when ``show_all``)."""

    show_all = False

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p
            for p in paths
            if not p.name.startswith(".") and (self.show_all or p.is_dir() or is_pem_like(p))
        ]


class PemFileScreen(ModalScreen[Path | None]):
    """Pick a file: type its path (with completion) or walk the tree; enter chooses."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker-cancel"),
        Binding("ctrl+t", "toggle_all", "All files", id="picker-all-files"),
    ]

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static("Choose a PEM file (public key or certificate)", id="picker-title")
            yield TextInput(
                placeholder="path/to/cert.pem (right arrow completes, enter chooses)",
                id="picker-path",
                suggester=PathSuggester(self.start),
            )
            yield Static("", id="picker-error", classes="field-error", markup=False)
            yield PemTree(self.start, id="picker-tree")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.query_one("#picker-path", Input).cursor_blink = getattr(self.app, "cursor_blink", True)
        self.query_one("#picker-path", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_toggle_all(self) -> None:
        tree = self.query_one(PemTree)
        tree.show_all = not tree.show_all
        tree.reload()

    @on(DirectoryTree.FileSelected)
    def _chosen_in_tree(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(event.path)

    @on(Input.Submitted, "#picker-path")
    def _typed(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        refusal = path_refusal(value)
        if refusal is not None:
            self.query_one("#picker-error", Static).update(refusal)
            return
        typed = Path(value).expanduser()
        path = typed if typed.is_absolute() else self.start / typed
        if not value or not path.is_file():
            self.query_one("#picker-error", Static).update(
                f"No file at {shown_path(value) or '(empty)'}; type a path or pick one below."
            )
            return
        self.dismiss(path)
