"""Filter keystroke latency on the applications screen at 10,000 (and 50,000) applications.

For each keystroke of a few realistic queries (typed one character at a time, then
erased), measures inside the running app:
  - handle: the Input.Changed handler (match every row, hand the result to the table);
  - frame:  rendering every visible line of the table afterwards (what the
            compositor asks for to paint the new screen).
Keystroke latency = handle + frame (terminal I/O excluded). Target: median < 50 ms.

Then, as a person meets it (``measure_typing``): ``credtui`` on a tenant in another
process (``credtui emulator --seed N --latency 20``, as over a network), keys sent
to the app while pages arrive and after, each timed from the key to the first
frame painted with the filtered rows; baseline: a bare Textual Input, timed the
same way in the same run (target 1.3x). Also the resident memory once every page
is in (target 150 MB) and the filter passes per keystroke.

And the list loading every page from that tenant (``measure_load``: from the first
page asked for until every application is a row), against the time the tenant needs to
serve the same pages one after another to a client that only follows ``next``
(target 1.2x).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from common import Row, emit, stats  # noqa: E402
from tests.ui.scenarios import make_app, wait_until  # noqa: E402

from credtui.emulator.app import Emulator  # noqa: E402
from credtui.emulator.seed import seed_generated  # noqa: E402
from credtui.ui.screens.applications import ApplicationsScreen  # noqa: E402
from credtui.ui.widgets.virtual_table import VirtualTable  # noqa: E402

QUERIES = ("orders", "00042", "billing-agent", "zzz-no-match", "a")


async def measure(count: int) -> dict[str, float | list[float]]:
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
                screen.listing.filter(text.casefold())
                table.set_rows(screen.listing.shown)
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
        "total_ms": total,
    }


# --- keystroke to screen, against a bare Textual Input -----------------------------------


class _Painted:
    """Times the first frame the app paints once ``ready()`` holds."""

    def __init__(self, app: Any) -> None:
        self.ready: Callable[[], bool] = lambda: True
        self.at: float | None = None
        display = app._display

        def hooked(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if self.at is None and renderable is not None and self.ready():
                self.at = time.perf_counter()

        app._display = hooked

    async def key(self, app: Any, key: str, char: str | None, ready: Callable[[], bool]) -> float:
        """Milliseconds from sending ``key`` to the first frame painted after ``ready()``."""
        self.ready, self.at = ready, None
        event = events.Key(key, char)
        event.set_sender(app)
        start = time.perf_counter()
        app._driver.send_message(event)
        while self.at is None:
            await asyncio.sleep(0.0005)
            if time.perf_counter() - start > 30:
                raise RuntimeError("no frame painted")
        return (self.at - start) * 1000


async def _type_and_erase(
    app: Any, painted: _Painted, query: str, shows: Callable[[str], bool]
) -> list[float]:
    out = []
    for i in range(len(query)):
        text = query[: i + 1]
        out.append(await painted.key(app, query[i], query[i], lambda t=text: shows(t)))
    for i in range(len(query) - 1, -1, -1):
        text = query[:i]
        out.append(await painted.key(app, "backspace", None, lambda t=text: shows(t)))
    return out


async def bare_input(rounds: int) -> list[float]:
    """The baseline: an app that is one Textual Input."""

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    app = Bare()
    times: list[float] = []
    async with app.run_test(size=(120, 36)) as pilot:
        box = app.query_one(Input)
        box.focus()
        await pilot.pause()
        painted = _Painted(app)
        for _ in range(rounds):
            times += await _type_and_erase(app, painted, "orders", lambda t: box.value == t)
    return times


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


TENANT_OPTIONS = ("--rate-limit", "off", "--latency", "20")


@contextlib.contextmanager
def _tenant(count: int) -> Iterator[dict[str, str]]:
    """``credtui emulator --seed count`` in another process, as over a network; its ready line."""
    tenant = subprocess.Popen(
        [sys.executable, "-m", "credtui", "emulator", "--seed", str(count), *TENANT_OPTIONS],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert tenant.stdout is not None
        yield json.loads(tenant.stdout.readline())
    finally:
        tenant.terminate()
        tenant.wait()


def _app_on(ready: dict[str, str]) -> Any:
    """A new credtui app on the tenant of ``ready`` (its clock fixed, no cursor blink)."""
    from tests.ui.scenarios import FIXED_NOW

    from credtui.config import Config, Profile
    from credtui.ui.app import CredtuiApp
    from credtui.ui.state import ConfigStore

    profile = Profile(
        name="bench",
        domain=ready["base_url"],
        client_id=ready["client_id"],
        client_secret=ready["client_secret"],
    )
    return CredtuiApp(
        ConfigStore(Config().with_profile(profile), None),
        profile_name="bench",
        clock=lambda: FIXED_NOW,
        cursor_blink=False,
        environ={},
    )


async def measure_typing(count: int) -> list[Row]:
    with _tenant(count) as ready:
        baseline = await bare_input(4)
        app = _app_on(ready)
        during: list[float] = []
        after: list[float] = []
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_until(
                pilot,
                lambda: (
                    isinstance(app.screen, ApplicationsScreen)
                    and app.screen.query_one(VirtualTable).row_count > 0
                ),
                timeout=60,
            )
            screen = app.screen
            assert isinstance(screen, ApplicationsScreen)
            box = screen.query_one("#apps-filter", Input)
            painted = _Painted(app)
            await painted.key(app, "slash", "/", lambda: box.has_focus)

            def shows(text: str) -> bool:
                return box.value == text and screen.listing.query == text

            while screen.loading_pages:
                during += await _type_and_erase(app, painted, "orders", shows)
            await pilot.pause()
            rss = _rss_mb()
            passes = screen.listing.passes
            for _ in range(4):
                after += await _type_and_erase(app, painted, "orders", shows)
            per_key = (screen.listing.passes - passes) / (4 * 2 * len("orders"))
    base = stats(baseline).median
    size = f"{count:,} apps"
    return [
        Row.of("filter_latency", "bare Textual Input: key to screen", "ms", stats(baseline)),
        Row.of(
            "filter_latency",
            f"key to screen while loading, {size}",
            "ms",
            stats(during or [float("nan")]),
            baseline_name="bare Input",
            baseline=base,
            target=1.3,
        ),
        Row.of(
            "filter_latency",
            f"key to screen after loading, {size}",
            "ms",
            stats(after),
            baseline_name="bare Input",
            baseline=base,
            target=1.3,
        ),
        Row.of(
            "filter_latency",
            f"RSS with every page in, {size}",
            "MB",
            stats([rss]),
            baseline_name="target",
            baseline=150.0,
            target=1.0,
        ),
        Row.of("filter_latency", f"filter passes a keystroke, {size}", "", stats([per_key])),
    ]


def _serve_every_page(ready: dict[str, str]) -> float:
    """Seconds the tenant takes to serve every page of applications, one after another on
    one connection, to a client that does nothing with them but follow ``next``."""
    import http.client
    from urllib.parse import urlencode, urlsplit

    from credtui.api.client import APP_FIELDS, PAGE_SIZE

    url = urlsplit(ready["base_url"])
    conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port or 80)
    form = {
        "grant_type": "client_credentials",
        "client_id": ready["client_id"],
        "client_secret": ready["client_secret"],
        "audience": f"{ready['base_url']}/api/v2/",
    }
    conn.request("POST", "/oauth/token", json.dumps(form), {"Content-Type": "application/json"})
    auth = {"Authorization": f"Bearer {json.loads(conn.getresponse().read())['access_token']}"}
    query: dict[str, str | int] = {
        "fields": ",".join(APP_FIELDS),
        "include_fields": "true",
        "take": PAGE_SIZE,
    }
    start = time.perf_counter()
    while True:
        conn.request("GET", f"/api/v2/clients?{urlencode(query)}", headers=auth)
        page = json.loads(conn.getresponse().read())
        if not page.get("next") or not page.get("clients"):
            break
        query["from"] = page["next"]
    took = time.perf_counter() - start
    conn.close()
    return took


async def measure_load(count: int) -> list[Row]:
    """The applications screen loading every page from a tenant in another process, against
    the time that tenant needs to serve them (both taken twice, in turns)."""
    served: list[float] = []
    loaded: list[float] = []
    with _tenant(count) as ready:
        for _ in range(2):
            served.append(_serve_every_page(ready))
            app = _app_on(ready)
            async with app.run_test(size=(120, 36)) as pilot:

                def loading(app: Any = app) -> bool:
                    screen = app.screen
                    return isinstance(screen, ApplicationsScreen) and screen.loading_pages

                def all_in(app: Any = app) -> bool:
                    screen = app.screen
                    return (
                        isinstance(screen, ApplicationsScreen)
                        and not screen.loading_pages
                        and screen.query_one(VirtualTable).row_count > count
                    )

                await wait_until(pilot, lambda: loading() or all_in(), timeout=60)
                start = time.perf_counter()  # the first page asked for: the app has started
                await wait_until(pilot, all_in, timeout=600)
                loaded.append(time.perf_counter() - start)
    serve = stats(served)
    return [
        Row.of("filter_latency", f"tenant serving every page, {count:,} apps", "s", serve),
        Row.of(
            "filter_latency",
            f"the list loading every page, {count:,} apps",
            "s",
            stats(loaded),
            baseline_name="tenant serving them",
            baseline=serve.median,
            target=1.2,
        ),
    ]


def _in_a_fresh_process(what: str, count: int) -> list[Row]:
    # A process of its own, so that its memory is credtui's alone.
    out = subprocess.run(
        [sys.executable, __file__, what, str(count)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [Row(**fields) for fields in json.loads(out.splitlines()[-1])]


def main() -> None:
    """``filter_latency.py [--quick] [N ...]``: ``--quick`` measures 10,000 only."""
    if sys.argv[1:2] in (["--typing"], ["--load"]):
        measure_one = measure_typing if sys.argv[1] == "--typing" else measure_load
        rows = asyncio.run(measure_one(int(sys.argv[2])))
        print(json.dumps([asdict(r) for r in rows]))
        return
    args = [a for a in sys.argv[1:] if a != "--quick"]
    quick = len(args) < len(sys.argv) - 1
    sizes = [int(a) for a in args] or ([10_000] if quick else [10_000, 50_000])
    rows = []
    for size in sizes:
        result = asyncio.run(measure(size))
        total = result.pop("total_ms")
        print(result)
        assert isinstance(total, list)
        rows.append(Row.of("filter_latency", f"keystroke, {size:,} apps", "ms", stats(total)))
        load = result["load_all_pages_in_process_s"]
        assert isinstance(load, float)
        rows.append(
            Row.of(
                "filter_latency", f"load all pages in process, {size:,} apps", "s", stats([load])
            )
        )
        rows += _in_a_fresh_process("--typing", size)
        rows += _in_a_fresh_process("--load", size)
    emit(rows)


if __name__ == "__main__":
    main()
