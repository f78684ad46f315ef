"""What credtui prints when it crashes: where it happened, never what the variables held.

Textual's own crash output is a Rich traceback with ``show_locals=True``: a bug
anywhere near a profile would print its client secret (issue 8, finding 1). The
report here keeps the frames (file, line, code) and the exception's type, and
leaves out both the local variables and the exception's text, since library
messages often repeat their input (``invalid literal for int(): '...'``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import rich
from rich.console import Group, RenderableType
from rich.text import Text
from textual.worker import WorkerFailed

if TYPE_CHECKING:
    from rich.traceback import Trace

EXIT_CRASH: Final = 70
"""The exit status after a crash (``EX_SOFTWARE``): distinct from every status the
commands give on purpose (0-4)."""

WITHHELD: Final = "(message not shown: it may hold a secret)"


def crash_report(error: BaseException) -> RenderableType:
    """A traceback of ``error`` without local variables or exception messages."""
    # Imported on a crash only: rich.traceback loads pygments and attrs (~30 ms at start).
    from rich.traceback import Traceback

    while isinstance(error, WorkerFailed):
        error = error.error  # Textual's wrapper: the worker's own error has the frames
    trace = Traceback.extract(type(error), error, error.__traceback__, show_locals=False)
    _withhold(trace)
    return Group(
        Traceback(trace, show_locals=False, width=None, suppress=[rich]),
        Text(
            "credtui stopped on an unexpected error. This is a bug: please report it with "
            "the lines above (they hold no variable values)."
        ),
    )


def _withhold(trace: Trace) -> None:
    for stack in trace.stacks:
        stack.exc_value = WITHHELD
        stack.notes = []
        if stack.syntax_error is not None:
            stack.syntax_error.line = ""
            stack.syntax_error.notes = []
        for frame in stack.frames:
            frame.locals = None
        for group in stack.exceptions:
            _withhold(group)
