"""A table that renders only the rows on screen.

Textual's DataTable measures and stores every cell when rows are added (about
0.2 ms a row here: 2 s for 10,000 applications). This widget keeps rows as plain
tuples and draws a row only when it is visible, so replacing or filtering
50,000 rows costs a list assignment, and a keystroke never waits on the tenant's
size. Cells are ``rich.text.Text`` built by the caller with markup off, so
names from the tenant appear exactly as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
    """A narrower width used when the flexible columns would get less than their least."""


def fit_widths(columns: Sequence[Column], width: int) -> tuple[int, ...]:
    """Each column's width for a table ``width`` cells wide (one space before each column)."""
    widths = [c.width for c in columns]
    flex = [i for i, c in enumerate(columns) if c.flex]

    def spare() -> int:
        fixed = sum(w + 1 for i, w in enumerate(widths) if i not in flex)
        return width - fixed - len(flex)

    for i in reversed(range(len(columns))):
        if spare() >= sum(columns[j].width for j in flex):
            break
        if columns[i].shrink_to is not None:
            widths[i] = columns[i].shrink_to  # type: ignore[assignment]
    if flex:
        share, extra = divmod(max(spare(), 0), len(flex))
        for n, i in enumerate(flex):
            widths[i] = max(columns[i].width, share + (1 if n < extra else 0))
    return tuple(widths)


@dataclass(frozen=True)
class Row:
    """A row: a stable key (an Auth0 id), its cells, and an optional state class."""

    key: str
    cells: tuple[Text, ...]
    state: str | None = None
    """``expired``, ``expiring`` or None: colours the row's stateful columns."""


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
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = tuple(columns)
        self._widths = tuple(c.width for c in self.columns)
        self.empty_text = empty_text
        self.selectable = selectable
        self._rows: Sequence[Row] = ()
        self._last_visible: tuple[str, ...] = ()

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

    def set_rows(self, rows: Sequence[Row], *, keep_key: str | None = None) -> None:
        """Replace the rows; the cursor stays on ``keep_key`` (or the current row) if present."""
        wanted = keep_key if keep_key is not None else self.cursor_key
        self._rows = rows
        self.virtual_size = Size(self._table_width, len(rows) + 1)
        index = 0
        if wanted is not None:
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

    @property
    def _table_width(self) -> int:
        return sum(w + 1 for w in self._widths)

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
        widths = fit_widths(self.columns, self.scrollable_content_region.width)
        if widths != self._widths:
            self._widths = widths
            self.virtual_size = Size(self._table_width, len(self._rows) + 1)
            self.refresh()
        self._announce_visible()

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

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("virtual-table--header")
            cells = tuple(Text(c.label) for c in self.columns)
            strip = self._strip(cells, style)
        else:
            index = int(scroll_y) + y - 1
            if index >= len(self._rows):
                if index == 0 and not self._rows:
                    muted = base + self.get_component_rich_style("virtual-table--muted")
                    return Strip([Segment(f" {self.empty_text}".ljust(width), muted)], width)
                return Strip.blank(width, base)
            row = self._rows[index]
            style = base
            if index == self.cursor:
                style = style + self.get_component_rich_style("virtual-table--cursor")
            state_style = None
            if row.state in ("expired", "expiring", "muted") and index != self.cursor:
                # Only the colour, and not on the cursor row, where it would fight the
                # cursor's background; the cell's words say the state either way.
                component = self.get_component_rich_style(f"virtual-table--{row.state}")
                state_style = Style(color=component.color)
            strip = self._strip(row.cells, style, state_style)
        return strip.crop_extend(int(scroll_x), int(scroll_x) + width, style)

    def _strip(
        self, cells: Sequence[Text], row_style: Style, state_style: Style | None = None
    ) -> Strip:
        segments: list[Segment] = []
        for column, width, cell in zip(self.columns, self._widths, cells, strict=False):
            style = row_style + state_style if column.stateful and state_style else row_style
            text = cell.copy()
            text.truncate(width, overflow="ellipsis")
            text.align("right" if column.justify == "right" else "left", width)
            segments.append(Segment(" ", row_style))
            for seg in text.render(self.app.console):
                segments.append(Segment(seg.text, style + seg.style if seg.style else style))
        return Strip(segments)
