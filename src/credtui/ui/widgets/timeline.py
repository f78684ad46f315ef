"""The expiry overview's timeline: credentials per week over the next twelve months.

It draws an :class:`~credtui.ops.timeline.ExpiryTimeline` (the counting is in ops) with
plain characters, so it reads the same in any terminal, over SSH and in monochrome.
The snapshot tenant at 120 columns, its first 24 weeks of 53::

    Expiries per week  █ expired  ▓ ≤30 days  ░ >30 days  (tab: pick a week)
        2026 │  Dec     2027      Feb     Mar     Apr     May
     expired │        ┊
         █ 2 │        ┊
             │  ▓ ▓   ┊
             │  1 1
       today ▲       ▲ +30 days

A bar a week, drawn with the glyph of its state (▓ expiring within 30 days, ░ later;
a bar with both has both, stacked) and the state's colour (never colour alone); its
count under it (``+``: more than fits; the line below the table gives it exactly
when the cursor is on it); today and the 30-day horizon marked under the bars that
hold them, the horizon's dotted line up its bar. The expired are counted on the
left; those expiring after the last week and those that never expire at the right
end of the marks line (``later 2  never 1``), then, when there are any, those whose
expiry the tenant sent in a form credtui cannot read (``unreadable 1``: they may
have expired, so they are never counted as "never"). Bars are a row a credential while
the fullest fits in the height, in proportion past that.

Widths: a bar is its glyph and a gap (so that two counts side by side never read as
one number), after a gutter of 10 cells and before a closing separator. A week a
bar from 117 cells (a 120-column terminal), three cells a week and counts up to 99
from 170 (200 columns); two weeks a bar from 65 cells (80 columns), four below that.

Keys, once focused (tab): left/right (h/l, home, end) move among the expired, the
bars, later, never and unreadable, and :class:`Highlighted` says in words what the cursor is on;
enter or space picks it (again: unpicks); escape unpicks (with nothing picked, it
goes on to the screen). A click picks what it lands on. :class:`Picked` tells the
screen, which filters its table with the span; the legend's end says what is picked
(or, focused, what enter does).
"""

from __future__ import annotations

from datetime import datetime

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from credtui.ops.timeline import WEEK, Bucket, ExpiryTimeline, Span, count_expiries, count_text
from credtui.ui.widgets.timeline_layout import (
    EXPIRED_ROWS,
    GLYPH,
    GUTTER,
    Line,
    Shape,
    bar_x,
    heights,
    month_labels,
    rest_labels,
    shape_for,
)


class TimelineChart(Widget, can_focus=True):
    """Credentials per week, the expired, later and never: pick one to filter by it."""

    DEFAULT_CSS = """
    TimelineChart {
        height: 7;
        padding: 0 1;
        & > .timeline--expired { color: $error; }
        & > .timeline--within { color: $warning; }
        & > .timeline--later { color: $primary; }
        & > .timeline--muted { color: $text-muted; }
        & > .timeline--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
        & > .timeline--cursor-column { background: $block-cursor-background 25%; }
        & > .timeline--picked { text-style: bold underline; background: $accent 50%; }
        & > .timeline--picked-column { background: $accent 25%; }
    }
    """
    COMPONENT_CLASSES = {
        "timeline--expired",
        "timeline--within",
        "timeline--later",
        "timeline--muted",
        "timeline--cursor",
        "timeline--cursor-column",
        "timeline--picked",
        "timeline--picked-column",
    }
    BINDINGS = [
        Binding("left,h", "move(-1)", "Earlier", show=False, id="timeline-earlier"),
        Binding("right,l", "move(1)", "Later", show=False, id="timeline-later"),
        Binding("home", "move_to(0)", "First", show=False, id="timeline-first"),
        Binding("end", "move_to(-1)", "Last", show=False, id="timeline-last"),
        Binding("enter,space", "pick", "Pick week", show=False, id="timeline-pick"),
        Binding("escape", "unpick", "Clear week", show=False, id="timeline-clear"),
    ]

    class Picked(Message):
        """A span was picked (None: unpicked)."""

        def __init__(self, chart: TimelineChart, span: Span | None) -> None:
            super().__init__()
            self.chart = chart
            self.span = span

        @property
        def control(self) -> TimelineChart:
            return self.chart

    class Highlighted(Message):
        """The cursor moved: what it is on, in words."""

        def __init__(self, chart: TimelineChart, text: str) -> None:
            super().__init__()
            self.chart = chart
            self.text = text

        @property
        def control(self) -> TimelineChart:
            return self.chart

    def __init__(self, now: datetime, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timeline = count_expiries((), now)
        self.picked: Span | None = None
        self._spans: list[Span] = []
        self._shape: Shape | None = None
        self.cursor = 1
        """Index in :meth:`stops`: 0 the expired, then each bar, then later, never, unreadable."""

    # -- what is drawn ---------------------------------------------------------------

    @property
    def shape(self) -> Shape:
        return shape_for(self.content_region.width or 80, len(self.timeline.weeks))

    def stops(self) -> list[tuple[Span, int, int]]:
        """Where the cursor can go, in order: (span, within 30 days, the rest)."""
        spans = self.timeline.spans()
        bars = self.timeline.bars(self.shape.weeks_per_bar)
        unreadable = self.timeline.unreadable  # a stop only when there are any
        return [
            (spans[Bucket.EXPIRED], 0, self.timeline.expired),
            *((b.span, b.within_30_days, b.later) for b in bars),
            (spans[Bucket.LATER], 0, self.timeline.later),
            (spans[Bucket.NEVER], 0, self.timeline.never),
            *([(spans[Bucket.UNREADABLE], 0, self.timeline.unreadable)] if unreadable else []),
        ]

    def set_timeline(self, timeline: ExpiryTimeline) -> None:
        """Draw ``timeline`` (the sweep moved, or the session changed a credential)."""
        if timeline != self.timeline:
            self.timeline = timeline
            self.cursor = min(self.cursor, len(self.stops()) - 1)  # the unreadable may be gone
            self.refresh()
            if self.has_focus:  # the counts under the cursor may have moved
                self.post_message(self.Highlighted(self, self.describe()))

    def pick(self, span: Span | None) -> None:
        """Show ``span`` as picked (the screen's filter), without telling anyone."""
        self.picked = span
        self.refresh()

    def describe(self, index: int | None = None) -> str:
        """The stop at ``index`` (the cursor) in words, with its counts."""
        stops = self.stops()
        span, within, rest = stops[self.cursor if index is None else index]
        total = within + rest
        what = f"{total:,} credential{'s' if total != 1 else ''}"
        if span.bucket is Bucket.WEEK:
            what += f", {within:,} within 30 days" if within else ""
        if span.bucket is Bucket.WEEK and span.start is not None:
            weeks = "Week" if span.end == span.start + WEEK else "Weeks"
            return f"{weeks} {span.start.date().isoformat()} to {span.last_day()}: {what}"
        head = span.describe()
        return f"{head[0].upper()}{head[1:]}: {what}"

    # -- keys and the mouse ------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self._set_cursor(self.cursor + step)

    def action_move_to(self, index: int) -> None:
        self._set_cursor(index if index >= 0 else len(self.stops()) - 1)

    def action_pick(self) -> None:
        span = self.stops()[self.cursor][0]
        self._choose(None if span == self.picked else span)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With nothing picked, escape is the screen's (back).
        return self.picked is not None if action == "unpick" else True

    def action_unpick(self) -> None:
        self._choose(None)

    def on_click(self, event: events.Click) -> None:
        index = self.stop_at(event.x - self.gutter.left, event.y - self.gutter.top)
        if index is not None:
            self.focus()
            self._set_cursor(index)
            self.action_pick()

    def stop_at(self, x: int, y: int) -> int | None:
        """The stop drawn at ``x``, ``y`` of the content (a bar from the axis to the marks), or None."""
        shape = self.shape
        if y in EXPIRED_ROWS and 0 <= x < GUTTER - 1:
            return 0
        if y == self.bar_rows + 3:
            for i, (left, text) in enumerate(rest_labels(self.timeline, shape)):
                if left <= x < left + len(text):
                    return shape.bars + 1 + i
        if y >= 1 and GUTTER <= x < bar_x(shape, shape.bars):
            return 1 + (x - GUTTER) // shape.cells_per_bar
        return None

    def on_focus(self) -> None:
        self.refresh()
        self.post_message(self.Highlighted(self, self.describe()))

    def on_blur(self) -> None:
        self.refresh()

    def _choose(self, span: Span | None) -> None:
        self.pick(span)
        self.post_message(self.Picked(self, span))
        self.post_message(self.Highlighted(self, self.describe()))

    def _set_cursor(self, index: int) -> None:
        self.cursor = max(0, min(index, len(self.stops()) - 1))
        self.refresh()
        self.post_message(self.Highlighted(self, self.describe()))

    def _spans_now(self) -> list[Span]:
        return [span for span, _, _ in self.stops()]

    def on_resize(self) -> None:
        # Bars merged or split: the cursor goes to the bar holding the week it was on.
        old, new = self._shape, self.shape
        self._shape = new
        if old is None or old == new:
            return
        if self.cursor > old.bars:  # later or never
            self.cursor += new.bars - old.bars
        elif self.cursor >= 1:
            week = (self.cursor - 1) * old.weeks_per_bar
            self.cursor = 1 + min(week // new.weeks_per_bar, new.bars - 1)
        if self.has_focus:
            self.post_message(self.Highlighted(self, self.describe()))

    # -- drawing ------------------------------------------------------------------------

    @property
    def bar_rows(self) -> int:
        """Lines of bars: what the height leaves after the legend, axis, counts and marks."""
        return max(self.size.height - 4, 1)

    def render_line(self, y: int) -> Strip:
        base = self.rich_style
        s = {
            name: base + self.get_component_rich_style(f"timeline--{name}")
            for name in ("expired", "within", "later", "muted", "cursor")
        }
        # Laid over what is drawn: the column's background and emphasis, the glyph's colour kept.
        for name in ("cursor-column", "picked", "picked-column"):
            part = self.get_component_rich_style(f"timeline--{name}")
            s[name] = Style(bgcolor=part.bgcolor, bold=part.bold, underline=part.underline)
        s["base"] = base
        shape = self.shape
        self._spans = self._spans_now()
        line = Line(self.content_region.width, base)
        rows = self.bar_rows
        if y == 0:
            self._legend(line, s, shape)
            return line.strip()
        if y == 1:
            self._axis(line, s, shape)
        elif y < 2 + rows:
            self._bars(line, s, shape, rows - (y - 2))
        elif y == 2 + rows:
            self._counts(line, s, shape)
        elif y == 3 + rows:
            self._marks(line, s, shape)
            return line.strip()
        else:
            return line.strip()
        if y in EXPIRED_ROWS:
            if y == EXPIRED_ROWS[0]:
                line.put(GUTTER - 2 - len("expired"), "expired", s["base"])
            else:
                count = f"{self.timeline.expired:,}"
                line.put(GUTTER - 2 - len(count) - 2, GLYPH["expired"], s["expired"])
                line.put(GUTTER - 2 - len(count), count, s["expired"])
            style = self._stop_style(0, s)
            if style is not None:
                line.restyle(0, GUTTER - 1, style)
        line.put(GUTTER - 1, "│", s["muted"])
        line.put(bar_x(shape, shape.bars), "│", s["muted"])
        return line.strip()

    def _legend(self, line: Line, s: dict[str, Style], shape: Shape) -> None:
        per = shape.weeks_per_bar
        title = "Expiries per week" if per == 1 else f"Expiries per {per} weeks"
        x = line.put(0, title, s["base"] + Style(bold=True))
        for key, label in (("expired", "expired"), ("within", "≤30 days"), ("later", ">30 days")):
            x = line.put(x + 2, GLYPH[key], s[key])
            x = line.put(x + 1, label, s["base"])
        picked = self.picked
        if picked is not None:
            what = picked.start.date().isoformat() if picked.start else picked.bucket.value
            if picked.bucket is Bucket.LATER:
                what = "later"
            style = s["base"] + s["picked"]
            hints = [(f"picked: {what} (esc clears)", style), (f"picked: {what}", style)]
        elif self.has_focus:
            hints = [("(enter filters the table)", s["muted"]), ("(enter: filter)", s["muted"])]
        else:
            hint = "(tab: pick a week)" if per == 1 else "(tab: pick weeks)"
            hints = [(hint, s["muted"])]
        for hint, style in hints:
            if x + 2 + len(hint) <= line.width:
                line.put(x + 2, hint, style)
                break

    def _axis(self, line: Line, s: dict[str, Style], shape: Shape) -> None:
        """The year, then each month's name (January's: its year) over the bar holding its 1st."""
        line.put(GUTTER - 2 - 4, f"{self.timeline.start.year:04d}", s["muted"])
        for x, text in month_labels(self.timeline, shape):
            line.put(x, text, s["muted"])

    def _bars(self, line: Line, s: dict[str, Style], shape: Shape, level: int) -> None:
        """Bar line ``level`` (1 is the bottom one)."""
        bars = self.timeline.bars(shape.weeks_per_bar)
        scale = max((b.total for b in bars), default=0)
        horizon = self.timeline.bar_of(self.timeline.horizon, shape.weeks_per_bar)
        for i, bar in enumerate(bars):
            within, later = heights(bar, self.bar_rows, scale)
            x = bar_x(shape, i)
            if level <= within:
                line.put(x, GLYPH["within"] * shape.count_width, s["within"])
            elif level <= within + later:
                line.put(x, GLYPH["later"] * shape.count_width, s["later"])
            elif i == horizon:
                line.put(x, GLYPH["horizon"], s["muted"])
            self._column_style(line, s, shape, i, "-column")

    def _counts(self, line: Line, s: dict[str, Style], shape: Shape) -> None:
        for i, bar in enumerate(self.timeline.bars(shape.weeks_per_bar)):
            text = count_text(bar.total, shape.count_width)
            style = s["within"] if bar.within_30_days else s["later"]
            line.put(bar_x(shape, i) + shape.count_width - len(text), text, style)
            self._column_style(line, s, shape, i)

    def _marks(self, line: Line, s: dict[str, Style], shape: Shape) -> None:
        """Today and the 30-day horizon under their bars; later and never at the end."""
        today = self.timeline.bar_of(self.timeline.now, shape.weeks_per_bar)
        horizon = self.timeline.bar_of(self.timeline.horizon, shape.weeks_per_bar)
        line.put(GUTTER - 6, "today ", s["base"])
        line.put(bar_x(shape, today), GLYPH["mark"], s["base"] + Style(bold=True))
        x = line.put(bar_x(shape, horizon), GLYPH["mark"], s["within"] + Style(bold=True))
        line.put(x + 1, "+30 days", s["base"])
        for i, (x, text) in enumerate(rest_labels(self.timeline, shape)):
            line.put(x, text, s["base"])
            style = self._stop_style(shape.bars + 1 + i, s)
            if style is not None:
                line.restyle(x, len(text), style)

    def _stop_style(self, index: int, s: dict[str, Style], part: str = "") -> Style | None:
        """The picked stop's style, the cursor's over it when focused; None for the rest.

        ``part`` ``-column``: the lighter styles of a bar's column above its count, so
        that the cursor is not mistaken for a tall bar.
        """
        style = s[f"picked{part}"] if self._spans[index] == self.picked else None
        if index == self.cursor and self.has_focus:
            cursor = s[f"cursor{part}"]
            style = cursor if style is None else style + cursor
        return style

    def _column_style(
        self, line: Line, s: dict[str, Style], shape: Shape, bar: int, part: str = ""
    ) -> None:
        style = self._stop_style(bar + 1, s, part)
        if style is not None:
            line.restyle(bar_x(shape, bar), shape.count_width, style)
