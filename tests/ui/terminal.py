"""What Textual actually writes to the terminal, and what in it a terminal would act on.

:func:`terminal_output` renders the whole screen (dialogs over the screens behind
them, toasts included) the way ``App._display`` does for a real terminal: the
compositor's update through a truecolor console, escape sequences and all.
:func:`problems` strips the sequences Textual itself writes (SGR styles, cursor
moves) and reports whatever else a terminal would act on or hide: any other
escape sequence (OSC 52 clipboard, OSC 8 link, OSC 0 title, CSI 2J), C0/C1
controls, format characters (bidi, zero-width, tags), separators, surrogates.
:func:`live_actions` lists the click actions and links the rendered text carries,
which tenant text must never create.
"""

from __future__ import annotations

import io
import re
import unicodedata

from rich.console import Console
from textual._compositor import LayoutUpdate
from textual.app import App

_TEXTUAL_OWN = re.compile(r"\x1b\[[0-9;:]*[mH]")
"""Select Graphic Rendition (colours, bold...) and cursor position: what Textual writes."""
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def terminal_output(app: App[object]) -> str:
    """The characters a full repaint of the current screen sends to the terminal."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert isinstance(update, LayoutUpdate)  # what a full update is
    return update.render_segments(console)


def problems(output: str) -> list[str]:
    """Every character of ``output``, outside Textual's own sequences and line breaks, that
    a terminal would act on or that hides text (with a little context)."""
    rest = _TEXTUAL_OWN.sub("", output).replace("\n", "")
    return [
        repr(rest[max(i - 12, 0) : i + 12])
        for i, c in enumerate(rest)
        if unicodedata.category(c) in _HIDDEN
    ]


def live_actions(app: App[object]) -> list[str]:
    """The ``@click`` actions and links in the segments of the current screen."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert isinstance(update, LayoutUpdate)  # what a full update is
    found: list[str] = []
    for line in update.strips:
        for strip in line:
            for segment in strip:
                style = segment.style
                if style is None:
                    continue
                if style.link:
                    found.append(f"link {style.link}")
                click = (style.meta or {}).get("@click")
                if click:
                    found.append(f"@click {click}")
    return found
