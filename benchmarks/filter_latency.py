"""Filter keystroke latency on the applications screen at 10,000 (and 50,000) applications.

For each keystroke of a few realistic queries (typed one character at a time, then
erased), measures inside the running app:
  - handle: the Input.Changed handler (match every row, hand the result to the table);
  - frame:  rendering every visible line of the table afterwards (what the
            compositor asks for to paint the new screen).
Keystroke latency = handle + frame (terminal I/O excluded). Target: median < 50 ms.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ui.scenarios import make_app, wait_until  # noqa: E402

from credtui.emulator.app import Emulator  # noqa: E402
from credtui.emulator.seed import seed_generated  # noqa: E402
from credtui.ui.screens.applications import ApplicationsScreen  # noqa: E402
from credtui.ui.widgets.virtual_table import VirtualTable  # noqa: E402

QUERIES = ("orders", "00042", "billing-agent", "zzz-no-match", "a")


async def measure(count: int) -> dict[str, float]:
    emu = Emulator(rng_seed=3)
    seed_generated(emu, count)
    app = make_app({"bench": emu})
    handle: list[float] = []
    frame: list[float] = []
    started = time.perf_counter()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, ApplicationsScreen)
                and not app.screen.loading_pages
                and app.screen.query_one(VirtualTable).row_count == count + 1
            ),
            timeout=600,
        )
        load_seconds = time.perf_counter() - started
        screen = app.screen
        assert isinstance(screen, ApplicationsScreen)
        table = screen.query_one(VirtualTable)
        height = table.scrollable_content_region.height
        for query in QUERIES:
            typed = [query[: i + 1] for i in range(len(query))]
            erased = [query[:i] for i in range(len(query) - 1, -1, -1)]
            for text in typed + erased:
                t0 = time.perf_counter()
                screen._query = text.casefold()
                screen._apply_filter()
                t1 = time.perf_counter()
                for y in range(height):
                    table.render_line(y)
                t2 = time.perf_counter()
                handle.append((t1 - t0) * 1000)
                frame.append((t2 - t1) * 1000)
                await pilot.pause(0)
    total = [h + f for h, f in zip(handle, frame, strict=True)]
    return {
        "applications": count,
        "keystrokes": len(total),
        "load_all_pages_in_process_s": round(load_seconds, 2),
        "median_ms": round(statistics.median(total), 2),
        "p95_ms": round(sorted(total)[int(len(total) * 0.95) - 1], 2),
        "max_ms": round(max(total), 2),
        "median_handle_ms": round(statistics.median(handle), 2),
        "median_frame_ms": round(statistics.median(frame), 2),
    }


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 50_000]
    for size in sizes:
        print(asyncio.run(measure(size)))


if __name__ == "__main__":
    main()
