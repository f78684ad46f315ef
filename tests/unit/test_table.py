"""The table printer (fitted on a terminal, tab-separated in a pipe) and the expiry bar's counts."""

from __future__ import annotations

import io
import os
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from credtui.headless.check_report import expiry_bar
from credtui.headless.table import Column, TablePrinter, cell_width, fit_widths, truncate

COLUMNS = (
    Column("id", keep=True),
    Column("name", min_width=8),
    Column("extra", drop=1, min_width=10),
    Column("problem", min_width=12),
)
ROW = ("a" * 20, "a long application name", "x" * 30, "something is wrong with it " * 3)


def printed(rows: list[tuple[str, ...]], *, tty: bool, width: int = 80) -> list[str]:
    out = io.StringIO()
    table = TablePrinter(COLUMNS, out=out, tty=tty, width=width)
    table.add(rows)
    table.close()
    return out.getvalue().splitlines()


def test_piped_rows_are_tab_separated_whole_and_headerless() -> None:
    lines = printed([ROW, ("id2", "tab\there", "", "new\nline")], tty=False, width=20)
    assert lines == ["\t".join(ROW), "id2\ttab?here\t\tnew?line"]  # control characters: ?


def test_a_terminal_table_fits_its_width_ids_whole() -> None:
    for width in (60, 80, 120):
        lines = printed([ROW], tty=True, width=width)
        assert all(cell_width(line) <= width for line in lines), (width, lines)
        assert lines[1].startswith("a" * 20 + "  ")  # the id is never cut
        assert lines[0].startswith("ID  ")
    wide = printed([ROW], tty=True, width=300)
    assert wide[1].split() == " ".join(ROW).split()  # room enough: nothing cut
    assert "…" not in wide[1]


def test_the_least_important_column_goes_before_the_others_get_too_narrow() -> None:
    at_80 = printed([ROW], tty=True, width=80)
    assert at_80[0].split() == ["ID", "NAME", "EXTRA", "PROBLEM"]  # shortened, all there
    assert "…" in at_80[1]
    at_50 = printed([ROW], tty=True, width=50)
    assert at_50[0].split() == ["ID", "NAME", "PROBLEM"]  # extra left out
    widths = dict(fit_widths(COLUMNS, [ROW], 50))
    assert widths[0] == 20 and widths[1] >= 8 and widths[3] >= 12


def test_an_empty_table_on_a_terminal_shows_its_header_and_piped_nothing() -> None:
    assert printed([], tty=True) == ["ID  NAME  EXTRA  PROBLEM"]
    assert printed([], tty=False) == []


def test_batches_keep_the_first_batch_widths_and_reserve_what_is_expected() -> None:
    def streamed(columns: tuple[Column, ...]) -> list[str]:
        out = io.StringIO()
        table = TablePrinter(columns, out=out, tty=True, width=200, streamed=True)
        table.add([("id1", "short", "", "ok")])
        table.add([])
        table.add([("id2", "a much longer name than the first", "", "ok")])
        table.close()
        return out.getvalue().splitlines()

    header, first, second = streamed(COLUMNS)
    assert first == "id1  short  " + " " * 5 + "  ok"
    assert second == "id2  a mu…  " + " " * 5 + "  ok"  # cut to the first batch's width
    reserved = (COLUMNS[0], Column("name", expect=40), *COLUMNS[2:])
    header, first, second = streamed(reserved)
    assert header.startswith("ID   NAME" + " " * 38 + "EXTRA")
    assert "a much longer name than the first" in second


def test_wide_characters_count_two_cells() -> None:
    assert cell_width("名前") == 4 and cell_width("e\u0301") == 1
    assert truncate("名前名前", 5) == "名前…"
    assert cell_width(truncate("名前名前", 5)) == 5


THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"


@settings(max_examples=2000 if THOROUGH else 100, deadline=None)
@given(st.text(max_size=40), st.integers(min_value=1, max_value=30))
def test_truncate_never_exceeds_its_width(text: str, width: int) -> None:
    cut = truncate(text, width)
    assert cell_width(cut) <= max(width, cell_width(text) if cell_width(text) <= width else 0)
    if cell_width(text) <= width:
        assert cut == text
    else:
        assert cut.endswith("…")


def test_the_expiry_bar() -> None:
    months = [(date(2026, 6 + i, 1) if i < 7 else date(2027, i - 6, 1), n) for i, n in
              enumerate([1, 8, 0, 4, 0, 0, 0, 0, 0, 0, 0, 2])]  # fmt: skip
    assert expiry_bar(months) == (
        "expiring per month, Jun 2026 to May 2027: ▁█·▄·······▂ "
        "(1 8 0 4 0 0 0 0 0 0 0 2; 15 in all)"
    )
    none = [(m, 0) for m, _ in months]
    assert expiry_bar(none) == "no credential expires from Jun 2026 to May 2027"
