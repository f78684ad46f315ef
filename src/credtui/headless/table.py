"""The one table printer of the command line: fitted on a terminal, tab-separated in a pipe.

On a terminal (stdout is a tty) the columns are sized to its width: the widest
cells that may be shortened lose characters first (cut with ``…``), down to a
readable minimum; if the table still does not fit, the least important columns
are left out, one at a time, and the rest sized again. Columns a person copies
(client and credential ids) are never shortened.

In a pipe or a file the rows are tab-separated and complete, with no header
line, as ``gh`` prints them: ``credtui apps list | cut -f1`` is the client ids.

Rows can come in batches (:meth:`TablePrinter.add`, as ``apps list`` streams its
pages): on a terminal the widths are fixed by the first batch and later cells are
cut to them, so a line is printed as soon as its page arrives.
"""

from __future__ import annotations

import shutil
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from credtui.headless.output import clean

__all__ = ["Column", "TablePrinter", "cell_width", "fit_widths", "print_table", "truncate"]

GAP = 2
"""Spaces between two columns on a terminal."""


@dataclass(frozen=True)
class Column:
    """One column: its header and how it may give way on a narrow terminal."""

    header: str
    keep: bool = False
    """Never shortened (ids a person copies whole)."""
    drop: int = 0
    """0: always shown. Otherwise left out when the terminal is too narrow, highest first."""
    min_width: int = 12
    """A shortened cell keeps at least this many cells (or its header's width)."""
    expect: int = 0
    """In a streamed table, the width reserved for cells of later batches (a name
    column: 40), when the first batch's are narrower."""


def _column(c: str | Column) -> Column:
    return c if isinstance(c, Column) else Column(c)


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes (wide East Asian characters take two)."""
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


def truncate(text: str, width: int, ellipsis: str = "…") -> str:
    """``text`` cut to ``width`` cells, ending in ``ellipsis`` when anything was cut."""
    if cell_width(text) <= width:
        return text
    room = width - cell_width(ellipsis)
    if room < 0:
        return ellipsis[:width]
    out, used = [], 0
    for ch in text:
        w = _char_width(ch)
        if used + w > room:
            break
        out.append(ch)
        used += w
    return "".join(out) + ellipsis


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_width(text))


def _shrunk(
    columns: Sequence[Column], shown: list[int], natural: list[int], width: int
) -> dict[int, int] | None:
    """Widths of the ``shown`` columns that fit ``width``, or None when they cannot."""
    widths = {i: natural[i] for i in shown}
    excess = sum(widths.values()) + GAP * (len(shown) - 1) - width
    if excess <= 0:
        return widths
    floor = {
        i: natural[i]
        if columns[i].keep
        else min(natural[i], max(columns[i].min_width, cell_width(columns[i].header)))
        for i in shown
    }
    if sum(widths[i] - floor[i] for i in shown) < excess:
        return None
    while excess > 0:  # the widest shortenable column gives one cell at a time
        i = max((i for i in shown if widths[i] > floor[i]), key=lambda i: widths[i])
        widths[i] -= 1
        excess -= 1
    return widths


def fit_widths(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int, *, streamed: bool = False
) -> list[tuple[int, int]]:
    """``(column index, width)`` of each column shown at ``width`` terminal cells
    (``streamed``: more rows will follow, so each column's ``expect`` is reserved)."""
    natural = [
        max([cell_width(c.header), c.expect if streamed else 0, *(cell_width(r[i]) for r in rows)])
        for i, c in enumerate(columns)
    ]
    shown = list(range(len(columns)))
    while True:
        widths = _shrunk(columns, shown, natural, width)
        if widths is not None:
            return [(i, widths[i]) for i in shown]
        droppable = [i for i in shown if columns[i].drop > 0]
        if not droppable:
            break
        shown.remove(max(droppable, key=lambda i: (columns[i].drop, i)))
    # Even the columns that stay do not fit: every shortenable one at its minimum, and
    # the terminal wraps what is left (ids are never cut).
    return [
        (
            i,
            natural[i]
            if columns[i].keep
            else min(natural[i], max(columns[i].min_width, cell_width(columns[i].header))),
        )
        for i in shown
    ]


def _ellipsis(out: TextIO) -> str:
    try:
        "…".encode(out.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return "~"
    return "…"


class TablePrinter:
    """Prints a table to ``out`` (stdout), batch by batch (see the module docstring).

    ``tty`` and ``width`` default to what ``out`` is: a terminal and its width
    (``$COLUMNS`` first, as :func:`shutil.get_terminal_size` reads it). ``streamed``:
    rows come in several batches, so the layout reserves each column's ``expect``.
    """

    def __init__(
        self,
        columns: Sequence[str | Column],
        *,
        out: TextIO | None = None,
        tty: bool | None = None,
        width: int | None = None,
        streamed: bool = False,
    ) -> None:
        self.columns = [_column(c) for c in columns]
        self.streamed = streamed
        self.out = out if out is not None else sys.stdout
        self.tty = self.out.isatty() if tty is None else tty
        self.width = width if width is not None else shutil.get_terminal_size((100, 24)).columns
        self._layout: list[tuple[int, int]] | None = None
        self._ellipsis = _ellipsis(self.out)

    def add(self, rows: Iterable[Sequence[object]]) -> None:
        """Print ``rows`` now (and, first on a terminal, the header)."""
        cells = [[clean(c) for c in row] for row in rows]
        for row in cells:
            if len(row) != len(self.columns):
                raise ValueError(f"a row of {len(row)} cells in a table of {len(self.columns)}")
        if not self.tty:
            if cells:
                self.out.write("".join("\t".join(row) + "\n" for row in cells))
                self.out.flush()
            return
        if not cells and self._layout is None:
            return  # widths come from the first rows
        lines = self._header(cells) if self._layout is None else []
        lines += [self._line(row) for row in cells]
        self.out.write("".join(line + "\n" for line in lines))
        self.out.flush()

    def close(self) -> None:
        """End the table: on a terminal, a table without rows still shows its header."""
        if self.tty and self._layout is None:
            self.out.write("".join(line + "\n" for line in self._header([])))
            self.out.flush()

    def _header(self, cells: Sequence[Sequence[str]]) -> list[str]:
        self._layout = fit_widths(self.columns, cells, self.width, streamed=self.streamed)
        return [self._line([c.header.upper() for c in self.columns])]

    def _line(self, row: Sequence[str]) -> str:
        assert self._layout is not None
        parts = [
            _pad(row[i] if self.columns[i].keep else truncate(row[i], w, self._ellipsis), w)
            for i, w in self._layout
        ]
        return (" " * GAP).join(parts).rstrip()


def print_table(headers: Sequence[str | Column], rows: Sequence[Sequence[object]]) -> None:
    """A whole table on stdout: fitted to the terminal, or tab-separated when piped."""
    printer = TablePrinter(headers)
    printer.add(rows)
    printer.close()
