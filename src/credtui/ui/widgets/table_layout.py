"""What a :class:`~credtui.ui.widgets.virtual_table.VirtualTable` holds, without Textual:
its columns, how they share a width, its rows, and a plain value fitted to a cell.

A row holds plain values: a ``str`` is drawn as it is (never parsed as markup, so
names from the tenant appear exactly as typed); a ``rich.text.Text`` carries its own
style. Lists of rows (:mod:`credtui.ui.listing`) are built and tested from here alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.text import Text

__all__ = ["Column", "Row", "fit_plain", "fit_widths"]


@dataclass(frozen=True)
class Column:
    """A column: header label, width in cells, and alignment."""

    label: str
    width: int
    """Cells; for a flexible column, the least it gets."""
    justify: str = "left"
    stateful: bool = False
    """Whether the row's state (expired, expiring) colours this column."""
    flex: bool = False
    """Takes a share of the width the fixed columns leave."""
    shrink_to: int | None = None
    """A narrower width the column gives up to, cell by cell, when the flexible columns
    would get less than they want; the rightmost shrinkable column gives first."""
    hide_order: int | None = None
    """Dropped (lowest first) when even the shrunk columns leave the flexible ones less
    than their least; None: never dropped."""
    fit: Callable[[str, int], str] | None = None
    """Shortens a plain value to a width (whole words, a shorter form...); without it a
    value too wide is cut with an ellipsis."""


def fit_widths(
    columns: Sequence[Column], width: int, wanted: Mapping[int, int] | None = None
) -> tuple[int, ...]:
    """Each column's width for a table ``width`` cells wide (one space before each shown column).

    A hidden column gets 0. A flexible column listed in ``wanted`` (its widest
    value) takes up to that much and no more, so the other columns stay beside
    the text rather than across the screen; to give it that, the shrinkable
    columns give up cells from the right. Columns with a ``hide_order`` are
    dropped only when the flexible ones would get less than their least.
    """
    n = len(columns)
    flex = [i for i, c in enumerate(columns) if c.flex]
    least = sum(columns[i].width for i in flex)
    want = sum(max(columns[i].width, (wanted or {}).get(i, 0)) for i in flex)
    droppable = sorted((c.hide_order, i) for i, c in enumerate(columns) if c.hide_order is not None)
    hidden: set[int] = set()

    def room(widths: list[int]) -> int:
        fixed = sum(w + 1 for i, w in enumerate(widths) if i not in flex and i not in hidden)
        return width - fixed - len(flex)

    while True:
        widths = [0 if i in hidden else c.width for i, c in enumerate(columns)]
        for i in reversed(range(n)):
            short = columns[i].shrink_to
            if i in hidden or short is None or room(widths) >= want:
                continue
            widths[i] = max(short, widths[i] - (want - room(widths)))
        if room(widths) >= least or not droppable:
            break
        hidden.add(droppable.pop(0)[1])
    if flex:
        share, extra = divmod(max(room(widths), 0), len(flex))
        for k, i in enumerate(flex):
            cap = (wanted or {}).get(i)
            got = share + (1 if k < extra else 0)
            widths[i] = max(columns[i].width, min(got, cap) if cap is not None else got)
    return tuple(widths)


class Row:
    """A row: a stable key (an Auth0 id), its values, and an optional state class.

    Values are plain ``str`` (drawn as typed, never as markup) or ``rich.text.Text``
    when a cell needs its own style; :attr:`cells` makes ``Text`` of each on demand.
    """

    __slots__ = ("key", "state", "values")

    def __init__(self, key: str, values: Sequence[str | Text], state: str | None = None) -> None:
        self.key = key
        self.values: tuple[str | Text, ...] = tuple(values)
        self.state = state
        """``expired``, ``expiring``, ``muted`` or None: colours the row's stateful columns."""

    @property
    def cells(self) -> tuple[Text, ...]:
        """The values as ``Text`` (built on each call: for reading, not for storing)."""
        return tuple(v if isinstance(v, Text) else Text(v) for v in self.values)

    def __repr__(self) -> str:
        return f"Row({self.key!r}, {self.values!r}, {self.state!r})"


def fit_plain(value: str, width: int, column: Column) -> str:
    """``value`` in exactly ``width`` cells: shortened by the column's ``fit`` or cut with an
    ellipsis, then padded on the side its alignment says. (Tenant text is made safe where it
    enters, :func:`credtui.text.safe_text`.)"""
    size = cell_len(value)
    if size > width:
        if column.fit is not None:
            value = column.fit(value, width)
            size = cell_len(value)
        if size > width:
            value = set_cell_size(value, width - 1) + "…" if width > 1 else "…"[:width]
            size = cell_len(value)
    pad = " " * (width - size)
    return pad + value if column.justify == "right" else value + pad
