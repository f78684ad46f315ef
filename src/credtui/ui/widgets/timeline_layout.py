"""The expiry timeline's geometry, apart from the widget: the layout at a width, the bars'
heights, where the labels go, and a line of styled cells (:class:`Line`).

:class:`~credtui.ui.widgets.timeline.TimelineChart` draws with these; they take a
:class:`~credtui.ops.timeline.ExpiryTimeline` and a width, and hold no state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from credtui.ops.timeline import Bar, ExpiryTimeline

GUTTER = 10
"""Left of the bars: the year, the expired's label and count, "today", the separator."""
SHAPES = ((1, 3), (1, 2), (2, 2), (4, 2))
"""(weeks a bar, cells a bar), widest first: the first that fits is drawn."""
GLYPH = {"expired": "█", "within": "▓", "later": "░", "horizon": "┊", "mark": "▲"}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
EXPIRED_ROWS = (2, 3)
"""The lines holding the expired's label and count."""


@dataclass(frozen=True)
class Shape:
    """How the timeline is laid out at a width."""

    weeks_per_bar: int
    cells_per_bar: int
    bars: int

    @property
    def width(self) -> int:
        """The gutter, the bars, the closing separator."""
        return GUTTER + self.bars * self.cells_per_bar + 1

    @property
    def count_width(self) -> int:
        """Cells for a bar's glyph and count (the bar's last cell is a gap)."""
        return self.cells_per_bar - 1


def shape_for(width: int, weeks: int) -> Shape:
    """The widest layout of ``weeks`` weeks that fits ``width`` cells (the narrowest if none does)."""
    shape = Shape(1, 2, weeks)
    for per, cells in SHAPES:
        shape = Shape(per, cells, math.ceil(weeks / per))
        if shape.width <= width:
            break
    return shape


def heights(bar: Bar, rows: int, scale: int) -> tuple[int, int]:
    """Rows for the within-30-days and the later part of ``bar``, bottom up.

    A row a credential while the fullest bar fits in ``rows``, in proportion past that;
    a part with any credential gets a row (the within part, when there is only one).
    """
    if not bar.total:
        return 0, 0
    tall = max(1, min(rows, math.ceil(rows * bar.total / max(scale, rows))))
    if not bar.later:
        return tall, 0
    if not bar.within_30_days:
        return 0, tall
    within = min(max(1, round(tall * bar.within_30_days / bar.total)), max(tall - 1, 1))
    return within, tall - within


def bar_x(shape: Shape, index: int) -> int:
    """The first cell of bar ``index`` (``shape.bars``: the closing separator)."""
    return GUTTER + index * shape.cells_per_bar


def month_labels(timeline: ExpiryTimeline, shape: Shape) -> list[tuple[int, str]]:
    """Each month's name (January's: its year) over the bar holding its 1st, that fit
    without touching: (x, text), left to right."""
    start = timeline.start
    labels: list[tuple[int, str]] = []
    year, month = start.year, start.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        first = start.replace(year=year, month=month, day=1)
        if first >= timeline.end:
            break
        text = f"{year:04d}" if month == 1 else MONTHS[month - 1]
        labels.append((bar_x(shape, timeline.bar_of(first, shape.weeks_per_bar)), text))
    if not labels or labels[0][0] - GUTTER >= 4:  # this month's name, if it fits
        labels.insert(0, (GUTTER, MONTHS[start.month - 1]))
    fitted, end, last = [], 0, bar_x(shape, shape.bars)
    for x, text in labels:
        if x >= end and x + len(text) <= last:
            fitted.append((x, text))
            end = x + len(text) + 1
    return fitted


def rest_labels(timeline: ExpiryTimeline, shape: Shape) -> list[tuple[int, str]]:
    """Where ``later N``, ``never N`` and (when there are any) ``unreadable N`` go on the
    marks line: ending with the bars."""
    texts = [f"later {timeline.later:,}", f"never {timeline.never:,}"]
    if timeline.unreadable:
        texts.append(f"unreadable {timeline.unreadable:,}")
    x = bar_x(shape, shape.bars) + 1 - sum(len(t) + 2 for t in texts)
    out = []
    for text in texts:
        out.append((x, text))
        x += len(text) + 2
    return out


class Line:
    """A line of cells, each a character and a style, made into a Strip at the end."""

    def __init__(self, width: int, style: Style) -> None:
        self.width = width
        self.chars = [" "] * width
        self.styles = [style] * width

    def put(self, x: int, text: str, style: Style) -> int:
        """Write ``text`` from ``x`` (what falls outside is dropped); the cell after it."""
        for i, char in enumerate(text):
            if 0 <= x + i < self.width:
                self.chars[x + i] = char
                self.styles[x + i] = style
        return x + len(text)

    def restyle(self, x: int, length: int, style: Style) -> None:
        """Lay ``style`` over the cells ``x`` to ``x + length`` (their colour gives way)."""
        for i in range(max(x, 0), min(x + length, self.width)):
            self.styles[i] = self.styles[i] + style

    def strip(self) -> Strip:
        segments: list[Segment] = []
        for char, style in zip(self.chars, self.styles, strict=True):
            if segments and segments[-1].style == style:
                segments[-1] = Segment(segments[-1].text + char, style)
            else:
                segments.append(Segment(char, style))
        return Strip(segments, self.width)
