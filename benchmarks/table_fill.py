"""Why the applications list is not a DataTable: fill cost at 10,000 rows.

Fills Textual's DataTable and credtui's VirtualTable with the same 10,000 rows of
7 Text cells, in a mounted app at 120x36, and times the fill plus one refresh.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import Row as BenchRow  # noqa: E402
from common import emit, stats  # noqa: E402

from credtui.ui.screens.applications import COLUMNS  # noqa: E402
from credtui.ui.widgets.table_layout import Row  # noqa: E402
from credtui.ui.widgets.virtual_table import VirtualTable  # noqa: E402

N = 10_000
ROWS = [
    tuple(
        Text(x)
        for x in (f"service-{i:05d}", "M2M", "Private Key JWT", "", "2", "in 12 days", f"{i:032d}")
    )
    for i in range(N)
]


class Bench(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable(id="dt")
        yield VirtualTable(COLUMNS, id="vt")


async def main() -> None:
    app = Bench()
    async with app.run_test(size=(120, 36)) as pilot:
        dt = app.query_one(DataTable)
        dt.add_columns(*(c.label for c in COLUMNS))
        t0 = time.perf_counter()
        dt.add_rows(ROWS)
        await pilot.pause()
        t1 = time.perf_counter()
        vt = app.query_one(VirtualTable)
        t2 = time.perf_counter()
        vt.set_rows([Row(str(i), cells) for i, cells in enumerate(ROWS)])
        await pilot.pause()
        t3 = time.perf_counter()
    datatable = stats([(t1 - t0) * 1000])
    emit(
        [
            BenchRow.of("table_fill", f"DataTable fill, {N:,} rows", "ms", datatable),
            BenchRow.of(
                "table_fill",
                f"VirtualTable fill, {N:,} rows",
                "ms",
                stats([(t3 - t2) * 1000]),
                baseline_name="DataTable",
                baseline=datatable.median,
            ),
        ]
    )


if __name__ == "__main__":
    asyncio.run(main())
