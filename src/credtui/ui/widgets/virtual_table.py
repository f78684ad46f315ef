"""A table that renders only the rows on screen.

Textual's DataTable measures and stores every cell when rows are added (about
0.2 ms a row here: 2 s for 10,000 applications). This widget keeps rows as plain
tuples and draws a row only when it is visible, so replacing or filtering
50,000 rows costs a list assignment, and a keystroke never waits on the tenant's
size. A row holds plain values: a ``str`` is drawn as it is (never parsed as
markup, so names from the tenant appear exactly as typed); a ``rich.text.Text``
carries its own style. Styled cells exist only for the lines being drawn, so
50,000 rows cost their strings, not 350,000 ``Text`` objects.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from credtui.ui.widgets.table_layout import Column, Row, fit_plain, fit_widths

__all__ = ["VirtualTable"]


class VirtualTable(ScrollView, can_focus=True):
    """A keyboard-driven table whose cost per frame is the visible rows only."""

    DEFAULT_CSS = """
    VirtualTable {
        height: 1fr;
        scrollbar-gutter: stable;
        background: $surface;
        & > .virtual-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .virtual-table--cursor { background: $block-cursor-blurred-background; }
        &:focus > .virtual-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
        & > .virtual-table--expired { color: $error; }
        & > .virtual-table--expiring { color: $warning; }
        & > .virtual-table--muted { color: $text-muted; }
    }
    """
    COMPONENT_CLASSES = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--expired",
        "virtual-table--expiring",
        "virtual-table--muted",
    }
    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False, id="cursor-up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="cursor-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="page-down"),
        Binding("home", "first", "First", show=False, id="first-row"),
        Binding("end", "last", "Last", show=False, id="last-row"),
        Binding("enter", "select", "Open", id="open"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class _TableMessage(Message):
        def __init__(self, table: VirtualTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> VirtualTable:
            return self.table

    class Highlighted(_TableMessage):
        """The cursor moved to a row."""

        def __init__(self, table: VirtualTable, key: str | None) -> None:
            super().__init__(table)
            self.key = key

    class Selected(_TableMessage):
        """A row was chosen with enter."""

        def __init__(self, table: VirtualTable, key: str) -> None:
            super().__init__(table)
            self.key = key

    class VisibleRowsChanged(_TableMessage):
        """The rows on screen changed (scroll, resize, new rows): keys in view."""

        def __init__(self, table: VirtualTable, keys: tuple[str, ...]) -> None:
            super().__init__(table)
            self.keys = keys

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        empty_text: str = "Nothing to show",
        selectable: bool = True,
        state_on_cursor: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = tuple(columns)
        self._widths = tuple(c.width for c in self.columns)
        self.empty_text = empty_text
        self.selectable = selectable
        self.state_on_cursor = state_on_cursor
        """Whether the cursor row keeps its state's colour (as the stateful cells' background)."""
        self._rows: Sequence[Row] = ()
        self._shown_count = 0
        """How many rows were in ``_rows`` when last set (it may be a list grown in place)."""
        self._last_visible: tuple[str, ...] = ()
        self._wanted: dict[int, int] = {}
        self._frame: dict[str, Style] | None = None
        self._last_styles: dict[str, Style] = {}
        self._lines: dict[tuple[object, ...], Strip] = {}

    # -- data -----------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Row]:
        """The rows shown, in order."""
        return self._rows

    @property
    def row_count(self) -> int:
        """How many rows are shown."""
        return len(self._rows)

    @property
    def cursor_key(self) -> str | None:
        """The key of the highlighted row, or None when the table is empty."""
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor].key
        return None

    def set_rows(
        self, rows: Sequence[Row], *, keep_key: str | None = None, appended: bool = False
    ) -> None:
        """Replace the rows; the cursor stays on ``keep_key`` (or the current row) if present.

        ``appended``: ``rows`` is the list shown so far with rows added at its end only, so
        when the screen was already full nothing on it changes but the scrollbar.
        """
        wanted = keep_key if keep_key is not None else self.cursor_key
        below = int(self.scroll_offset.y) + self.scrollable_content_region.height
        unchanged = appended and rows is self._rows and self._shown_count >= below
        self._rows = rows
        self._shown_count = len(rows)
        self._resize_rows(len(rows), redraw=not unchanged)
        if unchanged:
            return
        index = 0
        if wanted is not None:
            cursor = self.cursor
            if cursor < len(rows) and rows[cursor].key == wanted:
                index = cursor  # the usual case (rows added below, a narrower filter): no scan
            else:
                for i, row in enumerate(rows):
                    if row.key == wanted:
                        index = i
                        break
        self.cursor = min(index, max(len(rows) - 1, 0))
        self.refresh()
        self.call_after_refresh(self._announce_visible)

    def key_index(self, key: str) -> int | None:
        """The index of the row with ``key``, or None."""
        for i, row in enumerate(self._rows):
            if row.key == key:
                return i
        return None

    def _resize_rows(self, count: int, *, redraw: bool = True) -> None:
        size = Size(self._table_width, count + 1)
        old = self.virtual_size
        height = self.scrollable_content_region.height
        if size.width != old.width or (size.height > height) != (old.height > height):
            self.virtual_size = size  # a scrollbar appears or goes: a layout pass
            return
        # Only the row count changed (each keystroke of the filter): no layout pass for the
        # whole screen, just the scrollbar and this widget.
        self.set_reactive(VirtualTable.virtual_size, size)
        self._scroll_update(size)
        if redraw:
            self.refresh()

    def want_width(self, column: int, width: int) -> None:
        """Tell a flexible column how wide its widest value is: it takes no more than that."""
        if self._wanted.get(column) != width:
            self._wanted[column] = width
            self._fit()

    @property
    def widths(self) -> tuple[int, ...]:
        """Each column's width as drawn now (0: the column is hidden at this width)."""
        return self._widths

    @property
    def _table_width(self) -> int:
        return sum(w + 1 for w in self._widths if w)

    # -- keys -------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.cursor = max(self.cursor - 1, 0)

    def action_cursor_down(self) -> None:
        self.cursor = min(self.cursor + 1, max(len(self._rows) - 1, 0))

    def action_page_up(self) -> None:
        self.cursor = max(self.cursor - self._page_rows, 0)

    def action_page_down(self) -> None:
        self.cursor = min(self.cursor + self._page_rows, max(len(self._rows) - 1, 0))

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = max(len(self._rows) - 1, 0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select":
            return self.selectable
        return True

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    @property
    def _page_rows(self) -> int:
        return max(self.scrollable_content_region.height - 2, 1)

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self, self.cursor_key))

    def _scroll_cursor_into_view(self) -> None:
        # Row i is drawn on line i + 1 (line 0 is the header), so reveal one
        # extra line above to keep the header from hiding the cursor row.
        self.scroll_to_region(
            Region(0, self.cursor, 1, 2), animate=False, force=True, immediate=True
        )

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_offset.y) + event.y - 1
        if event.y >= 1 and 0 <= row < len(self._rows):
            if row == self.cursor and event.chain > 1:
                self.action_select()
            self.cursor = row

    def on_resize(self) -> None:
        self._fit()
        self._announce_visible()

    def _fit(self) -> None:
        widths = fit_widths(self.columns, self.scrollable_content_region.width, self._wanted)
        if widths != self._widths:
            self._widths = widths
            self.virtual_size = Size(self._table_width, len(self._rows) + 1)
            self.refresh()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._announce_visible()

    @property
    def visible_keys(self) -> tuple[str, ...]:
        """The keys of the rows on screen, top to bottom."""
        start = int(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        return tuple(row.key for row in self._rows[start : start + max(height - 1, 0)])

    def _announce_visible(self) -> None:
        keys = self.visible_keys
        if keys != self._last_visible:
            self._last_visible = keys
            self.post_message(self.VisibleRowsChanged(self, keys))

    # -- drawing ------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # Styles looked up once a frame, not once a line; a line drawn before with the same
        # values, styles and widths is reused (typing in a filter redraws mostly the same rows).
        styles = self._styles()
        if styles != self._last_styles or len(self._lines) > 1024:
            self._lines.clear()
            self._last_styles = styles
        self._frame = styles
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _styles(self) -> dict[str, Style]:
        base = self.rich_style
        styles = {"base": base}
        for name in ("header", "cursor", "muted"):
            styles[name] = base + self.get_component_rich_style(f"virtual-table--{name}")
        for state in ("expired", "expiring", "muted"):
            color = self.get_component_rich_style(f"virtual-table--{state}").color
            styles[f"state-{state}"] = Style(color=color)
            # On the cursor row too, so the highlighted row still shows red or amber: there
            # the colour is the cell's background (red text on the cursor's blue is unreadable).
            styles[f"cursor-{state}"] = Style(color=base.bgcolor, bgcolor=color, bold=True)
        return styles

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        styles = self._frame or self._styles()
        base = styles["base"]
        if y == 0:
            style = styles["header"]
            strip = self._strip(tuple(c.label for c in self.columns), style)
        else:
            index = int(scroll_y) + y - 1
            if index >= len(self._rows):
                if index == 0 and not self._rows:
                    return Strip([Segment(f" {self.empty_text}".ljust(width), styles["muted"])])
                return Strip.blank(width, base)
            row = self._rows[index]
            on_cursor = index == self.cursor
            style = styles["cursor"] if on_cursor else base
            key: tuple[object, ...] | None = None
            try:
                cached = self._lines.get(
                    line := (row.key, row.values, row.state, on_cursor, self._widths)
                )
                key = line
            except TypeError:  # a Text value: not hashable, drawn each time
                cached = None
            if cached is None:
                state_style = None
                if row.state in ("expired", "expiring", "muted"):
                    if not on_cursor:
                        state_style = styles[f"state-{row.state}"]
                    elif self.state_on_cursor:
                        state_style = styles[f"cursor-{row.state}"]
                cached = self._strip(row.values, style, state_style)
                if key is not None:
                    self._lines[key] = cached
            strip = cached
        return strip.crop_extend(int(scroll_x), int(scroll_x) + width, style)

    def _strip(
        self, cells: Sequence[str | Text], row_style: Style, state_style: Style | None = None
    ) -> Strip:
        # Plain values in the row's style are joined into one segment: fewer segments make
        # every later step of the frame (cropping, measuring, compositing) cheaper.
        segments: list[Segment] = []
        run: list[str] = []
        total = 0
        for column, width, cell in zip(self.columns, self._widths, cells, strict=False):
            if not width:
                continue  # hidden at this width
            total += width + 1
            style = row_style + state_style if column.stateful and state_style else row_style
            if isinstance(cell, str) and style is row_style:
                run.append(" " + fit_plain(cell, width, column))
                continue
            run.append(" ")
            segments.append(Segment("".join(run), row_style))
            run = []
            if isinstance(cell, str):
                segments.append(Segment(fit_plain(cell, width, column), style))
                continue
            text = cell.copy()
            text.truncate(width, overflow="ellipsis")
            text.align("right" if column.justify == "right" else "left", width)
            for seg in text.render(self.app.console):
                segments.append(Segment(seg.text, style + seg.style if seg.style else style))
        if run:
            segments.append(Segment("".join(run), row_style))
        return Strip(segments, total)
