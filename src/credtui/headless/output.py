"""What the headless commands print, and where: results on stdout, the rest on stderr.

Results go to stdout (JSON with ``--json``, a table or ``key: value`` lines
otherwise); messages, warnings and progress go to stderr, and progress only when
stderr is a terminal. Text from the tenant is printed with control characters
replaced, so an application name cannot move the cursor or recolour the terminal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from credtui.text import escape_unsafe

__all__ = [
    "Progress",
    "clean",
    "emit_json",
    "message",
    "print_fields",
    "progress",
    "set_quiet",
]


def clean(value: object) -> str:
    """Text safe to print on a terminal: control characters become ``?``."""
    text = "" if value is None else str(value)
    return "".join(c if c.isprintable() else "?" for c in text)


_QUIET = False


def set_quiet(quiet: bool) -> None:
    """``--quiet``: from now on :func:`message` prints errors only."""
    global _QUIET
    _QUIET = quiet


def message(text: str, *, error: bool = False) -> None:
    """A line for the person on stderr (under ``--quiet``, only an ``error``)."""
    if _QUIET and not error:
        return
    print(f"credtui: {clean(text)}", file=sys.stderr, flush=True)


def emit_json(data: Any) -> None:
    """``data`` as indented JSON on stdout: the one place ``--json`` is written.

    Readable UTF-8, except what a terminal would act on or hide (C1 controls such as
    U+009B, bidi and other format characters, a lone surrogate no UTF-8 can carry),
    which is written as a ``\\uXXXX`` escape: same data, nothing to act on.
    """
    sys.stdout.write(escape_unsafe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")
    sys.stdout.flush()


def print_fields(pairs: Sequence[tuple[str, object]]) -> None:
    """``key: value`` lines on stdout, keys aligned."""
    width = max((len(k) for k, _ in pairs), default=0)
    for key, value in pairs:
        sys.stdout.write(f"{key + ':':<{width + 1}} {clean(value)}\n")


class Progress:
    """A one-line counter on stderr, drawn only when stderr is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.enabled = sys.stderr.isatty() and not _QUIET
        self._drawn = False

    def update(self, done: int, total: int | None) -> None:
        """Redraw the line with ``done`` of ``total``."""
        if not self.enabled:
            return
        of = f"/{total}" if total is not None else ""
        sys.stderr.write(f"\r{self.label} {done}{of}\x1b[K")
        sys.stderr.flush()
        self._drawn = True

    def clear(self) -> None:
        """Erase the line for now (before output goes to the same terminal); the next
        :meth:`update` draws it again."""
        self.close()

    def close(self) -> None:
        """Erase the line."""
        if self._drawn:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self._drawn = False


@contextmanager
def progress(label: str) -> Iterator[Progress]:
    """A :class:`Progress` erased when the block ends, however it ends."""
    bar = Progress(label)
    try:
        yield bar
    finally:
        bar.close()
