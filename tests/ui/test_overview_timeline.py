"""The expiry overview's timeline, as a person sees it: the lines drawn, the keys, the table.

The tenant is the snapshot tenant plus keys due in 3 and 60 days (``filter_tenant``), at
FIXED_NOW, Monday 2026-11-23 12:00 UTC, so week 0 is 23-29 November and the credentials
fall in known weeks: due-in-3 in week 0, payments-2025-q4 (12 days) in week 1,
partner-jar (20 days, a Sunday) in week 2, due-in-60 in week 8, billing-primary
(200 days) in week 28, payments-2026-q1 (365 days) in week 52; two expired, two after
the timeline (billing-next, the 2033 certificate), one that never expires. Today is in
week 0 and the 30-day horizon (23 December) in week 4.

At 120 columns a bar is a week, two cells wide, from x=10 of the chart's content; at 80
a bar is two weeks.
"""

from __future__ import annotations

from textual.pilot import Pilot

from credtui.ui.app import CredtuiApp
from credtui.ui.screens.applications import ApplicationsScreen
from credtui.ui.screens.overview import OverviewScreen
from credtui.ui.widgets.timeline import TimelineChart
from credtui.ui.widgets.virtual_table import VirtualTable
from tests.ui.scenarios import make_app, wait_until
from tests.ui.test_overview import cells, filter_tenant, open_overview, status

LEGEND, AXIS, TOP, MIDDLE, BOTTOM, COUNTS, MARKS = range(7)


def chart_of(app: CredtuiApp) -> TimelineChart:
    return app.screen.query_one(TimelineChart)


def lines(app: CredtuiApp) -> list[str]:
    """The chart's lines as drawn (its content, without the padding)."""
    chart = chart_of(app)
    return [chart.render_line(y).text for y in range(chart.size.height)]


def marks_at(line: str, x0: int = 10) -> dict[int, str]:
    """Every non-blank cell right of the gutter: x -> character."""
    return {x: c for x, c in enumerate(line) if x >= x0 and c not in " │┊"}


def table_lines(app: CredtuiApp) -> list[str]:
    table = app.screen.query_one(VirtualTable)
    return [table.render_line(y).text.rstrip() for y in range(table.size.height)]


def detail(app: CredtuiApp) -> str:
    return str(app.screen.query_one("#overview-detail").render())


async def test_at_120x36_a_bar_a_week_with_counts_today_and_the_horizon() -> None:
    app = make_app({"acme-prod": filter_tenant()})
    async with app.run_test(size=(120, 36)) as pilot:
        await open_overview(pilot)
        drawn = lines(app)
        assert len(drawn) == 7 and all(len(line) == 118 for line in drawn)
        assert drawn[LEGEND].startswith(
            "Expiries per week  █ expired  ▓ ≤30 days  ░ >30 days  (tab: pick a week)"
        )
        assert drawn[AXIS].startswith("    2026 │  Dec     2027      Feb ")
        # Weeks 0, 1, 2, 8, 28, 52 at x = 10 + 2 * week; one each.
        assert marks_at(drawn[COUNTS]) == {10: "1", 12: "1", 14: "1", 26: "1", 66: "1", 114: "1"}
        # One row each: the three within 30 days in ▓, the later ones in ░.
        assert marks_at(drawn[BOTTOM]) == {10: "▓", 12: "▓", 14: "▓", 26: "░", 66: "░", 114: "░"}
        assert marks_at(drawn[MIDDLE]) == marks_at(drawn[TOP]) == {}
        # The 30-day horizon's dotted line runs up the empty cells of week 4 (x = 18).
        assert drawn[TOP][18] == drawn[MIDDLE][18] == drawn[BOTTOM][18] == "┊"
        marks = drawn[MARKS]
        assert marks.startswith("    today ▲       ▲ +30 days ")
        assert marks.index("▲") == 10 and marks.index("▲ +30 days") == 18
        assert marks.rstrip().endswith("later 2  never 1")
        assert drawn[TOP].startswith(" expired │") and drawn[MIDDLE].startswith("     █ 2 │")
        assert cells(app) and "showing all credentials: 11" in status(app)


async def test_at_80x24_two_weeks_a_bar_and_the_table_keeps_its_rows() -> None:
    app = make_app({"acme-prod": filter_tenant()})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_overview(pilot)
        drawn = lines(app)
        assert all(len(line) == 78 for line in drawn)
        assert drawn[LEGEND].startswith("Expiries per 2 weeks  █ expired  ▓ ≤30 days  ░ >30 days")
        # Bars of two weeks at x = 10 + 2 * bar: weeks 0-1 hold two, then weeks 2-3, 8-9,
        # 28-29 and 52 (the last bar holds one week) one each.
        assert marks_at(drawn[COUNTS]) == {10: "2", 12: "1", 18: "1", 38: "1", 62: "1"}
        assert marks_at(drawn[BOTTOM]) == {10: "▓", 12: "▓", 18: "░", 38: "░", 62: "░"}
        assert marks_at(drawn[MIDDLE]) == {10: "▓"}  # two credentials: two rows high
        assert drawn[MARKS].startswith("    today ▲   ▲ +30 days")  # the horizon in weeks 4-5
        assert drawn[MARKS].rstrip().endswith("later 2  never 1")
        # Under it, the table: its header and all eleven rows.
        shown = [line for line in table_lines(app) if line.strip()]
        assert shown[0].strip().startswith("Application") and len(shown) == 12
        assert "billing-old" in shown[1] and "-40 expired" in shown[1]


async def _focus_chart(pilot: Pilot[None], app: CredtuiApp) -> TimelineChart:
    await pilot.press("tab")
    chart = chart_of(app)
    await wait_until(pilot, lambda: chart.has_focus)
    return chart


async def test_keys_pick_a_week_filter_the_table_and_escape_clears_it() -> None:
    app = make_app({"acme-prod": filter_tenant()})
    async with app.run_test(size=(120, 36)) as pilot:
        await open_overview(pilot)
        await _focus_chart(pilot, app)
        # The cursor starts on this week; the line under the table says what it holds.
        assert detail(app) == "Week 2026-11-23 to 2026-11-29: 1 credential, 1 within 30 days"
        assert lines(app)[LEGEND].rstrip().endswith("░ >30 days  (enter filters the table)")
        await pilot.press("right")
        assert detail(app).startswith("Week 2026-11-30 to 2026-12-06: 1 credential")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(cells(app)) == 1)
        rows = table_lines(app)
        assert "payments-2025-q4" in rows[1] and "12" in rows[1] and not rows[2].strip()
        assert "showing the week of 2026-11-30: 1 · esc clears" in status(app)
        assert "picked: 2026-11-30 (esc clears)" in lines(app)[LEGEND]
        await pilot.press("right")
        assert detail(app) == "Week 2026-12-07 to 2026-12-13: 1 credential, 1 within 30 days"
        await pilot.press("left")
        # A quick filter narrows the week further; the status line says both.
        await pilot.press("2")
        assert cells(app) == [] and "showing expired, the week of 2026-11-30: 0" in status(app)
        await pilot.press("1")
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(cells(app)) == 11)
        assert "showing all credentials: 11" in status(app) and "esc clears" not in status(app)
        assert "picked" not in lines(app)[LEGEND]
        assert isinstance(app.screen, OverviewScreen)  # escape cleared; it did not go back
        # Left of this week: the expired; right of the last week: later, then never.
        await pilot.press("home", "space")
        await wait_until(pilot, lambda: len(cells(app)) == 2)
        assert [row[1] for row in cells(app)] == ["billing-old", "ledger-2025"]
        await pilot.press("end", "enter")
        await wait_until(pilot, lambda: [row[1] for row in cells(app)] == ["treasury-gateway"])
        await pilot.press("left", "enter")
        await wait_until(
            pilot, lambda: [row[1] for row in cells(app)] == ["billing-next (staged)", "fleet-cert"]
        )
        assert "showing expiring from 2027-11-29: 2" in status(app)
        await pilot.press("enter")  # enter on the picked one unpicks it
        await wait_until(pilot, lambda: len(cells(app)) == 11)
        # With nothing picked, escape is the screen's again: back to the list.
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationsScreen))


async def test_escape_from_the_table_clears_the_week_before_going_back() -> None:
    app = make_app({"acme-prod": filter_tenant()})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_overview(pilot)
        await _focus_chart(pilot, app)
        await pilot.press("right", "right", "right", "right", "enter")  # weeks 8-9: due-in-60
        await wait_until(pilot, lambda: [row[1] for row in cells(app)] == ["due-in-60"])
        assert "showing the 2 weeks from 2027-01-18: 1 · esc clears" in status(app)
        await pilot.press("tab")  # to the table
        assert app.screen.query_one(VirtualTable).has_focus
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(cells(app)) == 11)
        assert chart_of(app).picked is None and "picked" not in lines(app)[LEGEND]
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationsScreen))


async def test_a_click_picks_the_week_or_the_count_it_lands_on() -> None:
    app = make_app({"acme-prod": filter_tenant()})
    async with app.run_test(size=(120, 36)) as pilot:
        await open_overview(pilot)
        chart = chart_of(app)
        # The chart's padding is one cell: content x 26 (week 8) is x 27 of the widget.
        assert await pilot.click(TimelineChart, offset=(27, COUNTS))
        await wait_until(pilot, lambda: [row[1] for row in cells(app)] == ["due-in-60"])
        assert chart.has_focus and "showing the week of 2027-01-18: 1" in status(app)
        never = lines(app)[MARKS].index("never 1")
        assert await pilot.click(TimelineChart, offset=(never + 1 + 2, MARKS))
        await wait_until(pilot, lambda: [row[1] for row in cells(app)] == ["treasury-gateway"])
        assert await pilot.click(TimelineChart, offset=(never + 1 + 2, MARKS))  # again: unpicks
        await wait_until(pilot, lambda: len(cells(app)) == 11)


async def test_the_timeline_follows_an_expiry_changed_in_the_session() -> None:
    """e on billing-next (565 days, after the timeline) to +90d: it moves into week 12."""
    from credtui.ui.screens.application import ApplicationScreen
    from credtui.ui.screens.expiry import ExpiryScreen
    from tests.ui.changes_support import (
        app_on,
        back_on_application,
        open_dialog,
        select_row,
        set_value,
    )
    from tests.ui.changes_support import rows as app_rows
    from tests.ui.scenarios import application_loaded

    app, _ = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_overview(pilot)
        before = lines(app)
        assert before[MARKS].rstrip().endswith("later 2  never 1")
        assert 22 not in marks_at(before[COUNTS])
        table = app.screen.query_one(VirtualTable)
        table.cursor = [row[1] for row in cells(app)].index("billing-next (staged)")
        await pilot.press("enter")
        await wait_until(pilot, lambda: application_loaded(app, "Billing Reconciler"))
        screen = app.screen
        assert isinstance(screen, ApplicationScreen)
        select_row(screen, "billing-next (staged)")
        await pilot.pause()
        await open_dialog(pilot, "e", ExpiryScreen)
        await set_value(pilot, "#expiry-choice", "+90d")
        await pilot.press("ctrl+s")
        await back_on_application(
            pilot, lambda s: app_rows(s)["billing-next (staged)"][3].startswith("2027-02-21")
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        await wait_until(pilot, lambda: lines(app)[MARKS].rstrip().endswith("later 1  never 1"))
        # 2027-02-21 is in week 12: the bar of weeks 12-13, x = 10 + 2 * 6.
        assert marks_at(lines(app)[COUNTS])[22] == "1"
        assert marks_at(lines(app)[BOTTOM])[22] == "░"


async def test_a_resize_keeps_the_cursor_on_its_week() -> None:
    app = make_app({"acme-prod": filter_tenant()})
    async with app.run_test(size=(120, 36)) as pilot:
        await open_overview(pilot)
        await _focus_chart(pilot, app)
        await pilot.press(*["right"] * 8)
        assert detail(app).startswith("Week 2027-01-18 to 2027-01-24: 1 credential")
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: lines(app)[LEGEND].startswith("Expiries per 2 weeks"))
        await wait_until(
            pilot, lambda: detail(app).startswith("Weeks 2027-01-18 to 2027-01-31: 1 credential")
        )
        await pilot.press("end")  # never; back to 120 columns, it stays on never
        await pilot.resize_terminal(120, 36)
        await wait_until(pilot, lambda: lines(app)[LEGEND].startswith("Expiries per week"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: [row[1] for row in cells(app)] == ["treasury-gateway"])


async def test_month_names_stay_inside_the_bars() -> None:
    """From 5 December 2026 the last bar holds 1 December 2027: no room for "Dec" before the
    closing separator, so it is left out rather than cut ("De│", seen in tmux)."""
    from datetime import UTC, datetime

    from textual.app import App, ComposeResult

    from credtui.ops.timeline import count_expiries

    now = datetime(2026, 12, 5, 9, tzinfo=UTC)

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield TimelineChart(now)

    app = One()
    async with app.run_test(size=(80, 10)) as pilot:
        chart = app.query_one(TimelineChart)
        chart.set_timeline(count_expiries((), now))
        await pilot.pause()
        axis = chart.render_line(AXIS).text
        assert axis.startswith("    2026 │Dec 2027") and axis.index("│", 10) == 64
        assert axis[10:64].split()[-1] == "Nov"  # the last whole name


async def test_the_line_under_the_table_follows_counts_that_arrive_while_focused() -> None:
    """Payments API's credentials are held back until the cursor is on their week."""
    import asyncio

    import httpx

    from tests.ui.scenarios import BASE_URL, Routed, list_loaded

    emu = filter_tenant()
    payments = next(c for c in emu.tenant.iter_clients() if c.name == "Payments API").client_id
    release = asyncio.Event()
    holding: list[bool] = []  # from when the list is in: it reads credentials too

    class Held(Routed):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if holding and request.url.path == f"/api/v2/clients/{payments}/credentials":
                await release.wait()
            return await super().handle_async_request(request)

    app = make_app({"acme-prod": emu}, transport=Held({BASE_URL: emu}))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_until(pilot, lambda: list_loaded(app))
        holding.append(True)
        await pilot.press("x")
        await wait_until(pilot, lambda: "read 10 of 11 applications" in status(app))
        await _focus_chart(pilot, app)
        await pilot.press("right")  # week 1: payments-2025-q4's, not read yet
        assert detail(app) == "Week 2026-11-30 to 2026-12-06: 0 credentials"
        release.set()
        await wait_until(pilot, lambda: "11 applications read" in status(app))
        await wait_until(
            pilot,
            lambda: detail(app) == "Week 2026-11-30 to 2026-12-06: 1 credential, 1 within 30 days",
        )
        assert marks_at(lines(app)[COUNTS])[12] == "1"
