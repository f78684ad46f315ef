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

__all__ = ["escape_unsafe", "quoted", "safe_text"]

# Everything a terminal acts on or that hides or reorders text, by Unicode category
# (Unicode 14, Python 3.11): the C0 and C1 controls and DEL (Cc); every format
# character (Cf: the soft hyphen, the bidi embeddings, overrides, isolates and marks,
# the zero-width characters, the Mongolian vowel separator, the interlinear
# annotation and Egyptian/musical format controls, the tag characters of plane 14);
# the line and paragraph separators (Zl, Zp); and the surrogates (Cs), which no
# UTF-8 stream can carry alone. A test compares the class with ``unicodedata``.
_UNSAFE_CLASS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ud800-\udfff\ufeff"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
_UNSAFE_ONE_LINE = re.compile(f"[{_UNSAFE_CLASS}\t\n]")
REPLACEMENT = "\ufffd"


def safe_text(value: str, *, multiline: bool = False, limit: int | None = None) -> str:
    """``value`` with every control and invisible reordering character replaced by �.

    Tabs and newlines become spaces unless ``multiline`` (a subject DN keeps its
    newlines). ``limit`` cuts the result to that many characters, ending in ….
    """
    # The common case costs one C call: every unsafe character is non-printable.
    cleaned = value if value.isprintable() else _clean(value, multiline)
    if limit is not None and len(cleaned) > limit:
        cleaned = cleaned[: max(limit - 1, 0)] + "…"
    return cleaned


def _clean(value: str, multiline: bool) -> str:
    pattern = _UNSAFE if multiline else _UNSAFE_ONE_LINE
    if not multiline:
        value = value.replace("\r\n", " ")
    return pattern.sub(lambda m: " " if m.group() in "\t\n" else REPLACEMENT, value)


def escape_unsafe(text: str) -> str:
    """``text`` with every character :func:`safe_text` would replace written as a JSON
    ``\\uXXXX`` escape (a UTF-16 pair beyond the BMP; a lone surrogate as itself).

    For JSON already serialised with ``ensure_ascii=False`` (which escapes C0 controls
    itself, so its line breaks are layout): the others can only stand inside its
    strings, where the escape means the same character, so the data
    is unchanged while nothing a terminal acts on (U+009B is CSI to xterm), nothing
    invisible and nothing UTF-8 cannot encode is written.
    """
    return text if text.isprintable() else _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def quoted(value: str, limit: int = 24) -> str:
    """What a person typed, quoted for an error message: one safe line, at most ``limit`` chars.

    Enough to find the mistake; never a whole pasted secret or a page of text.
    """
    return "'" + safe_text(value, limit=limit) + "'"
