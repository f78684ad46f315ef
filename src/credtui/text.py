"""Text from outside (a tenant's answers, files, what a person pasted), made safe to show.

A terminal acts on what it is sent: an application named ``\\x1b[2J`` would clear
the screen, ``\\x1b]52;c;…`` would write the clipboard, a right-to-left override
would make ``gpj.exe`` read as ``exe.jpg``. Rich and Textual strip only a few C0
codes, so everything credtui shows or prints that came from outside goes
through :func:`safe_text` once, where it enters: the models built from a
tenant's JSON and the error text taken from a tenant's answers.

Each unsafe character becomes U+FFFD (�): visible, so a hostile name still looks
odd rather than clean, and never acted on. Markup is a separate matter: the TUI
shows outside text with markup off.
"""

from __future__ import annotations

import re

__all__ = ["quoted", "safe_text"]

# C0 and C1 controls and DEL; the bidi embeddings, overrides and isolates; the
# zero-width and invisible formatting characters that hide or reorder text.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_UNSAFE_ONE_LINE = re.compile(_UNSAFE.pattern[:-1] + "\t\n]")
REPLACEMENT = "\ufffd"


def safe_text(value: str, *, multiline: bool = False, limit: int | None = None) -> str:
    """``value`` with every control and invisible reordering character replaced by �.

    Tabs and newlines become spaces unless ``multiline`` (a subject DN keeps its
    newlines). ``limit`` cuts the result to that many characters, ending in ….
    """
    # The common case costs one C call: every unsafe character is Cc or Cf, never printable.
    cleaned = value if value.isprintable() else _clean(value, multiline)
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: max(limit - 1, 0)] + "…"
    return cleaned


def _clean(value: str, multiline: bool) -> str:
    pattern = _UNSAFE if multiline else _UNSAFE_ONE_LINE
    if not multiline:
        value = value.replace("\r\n", " ")
    return pattern.sub(lambda m: " " if m.group() in "\t\n" else REPLACEMENT, value)


def quoted(value: str, limit: int = 24) -> str:
    """What a person typed, quoted for an error message: one safe line, at most ``limit`` chars.

    Enough to find the mistake; never a whole pasted secret or a page of text.
    """
    return "'" + safe_text(value, limit=limit) + "'"
