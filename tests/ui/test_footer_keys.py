"""Issue 22, finding 1: the application screen's footer shows the change keys.

Asserted on the rendered bottom line, at 80 and 120 columns: the change keys
(``m``, ``g``, ``t``) always, the copy keys (``c``, ``C``), ``q`` and the palette
when there is room; ``? Help`` (which lists them all) always.
"""

from __future__ import annotations

import pytest

from tests.ui.changes_support import app_on, open_app
from tests.ui.scenarios import screen_lines


@pytest.mark.parametrize(
    ("size", "shown", "hidden"),
    [
        ((80, 24), ["m Method", "g Generate", "t Test", "o Rotate", "? Help"],
         ["c Copy", "q Quit", "palette"]),
        ((120, 36), ["m Method", "g Generate", "t Test", "c Copy", "C Copy client ID",
                     "q Quit", "? Help", "^p palette"], []),
    ],
)  # fmt: skip
async def test_the_footer_shows_the_change_keys(
    size: tuple[int, int], shown: list[str], hidden: list[str]
) -> None:
    app, _ = app_on()
    async with app.run_test(size=size) as pilot:
        await open_app(pilot, "Billing Reconciler")
        await pilot.pause()
        footer = screen_lines(app)[-1]
        for key in ["esc Back", "a Add", "e Expiry", "d Delete", *shown]:
            assert key in footer, (key, footer)
        for key in hidden:
            assert key not in footer, (key, footer)
        assert len(footer.rstrip()) <= size[0]


async def test_shrinking_hides_the_minor_keys_and_keeps_help() -> None:
    app, _ = app_on()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_app(pilot, "Billing Reconciler")
        assert "q Quit" in screen_lines(app)[-1]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        footer = screen_lines(app)[-1]
        assert "? Help" in footer and "t Test" in footer and "q Quit" not in footer


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_overview_footer_keeps_back_and_help_whole(size: tuple[int, int]) -> None:
    """At 80 columns the overview's footer was cut after "esc": Back and Help were lost."""
    from tests.ui.scenarios import list_loaded, wait_until

    app, _ = app_on()
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: list_loaded(app))
        await pilot.press("x")
        await wait_until(pilot, lambda: "applications read" in "\n".join(screen_lines(app)))
        footer = screen_lines(app)[-1]
        for key in ["1 All", "2 Expired", "3 ≤7d", "4 ≤30d", "5 ≤90d", "6 Unattached"]:
            assert key in footer, (key, footer)
        for key in ["7 No auth", "esc Back", "? Help"]:
            assert key in footer, (key, footer)
        assert ("r Re-sweep" in footer) is (size[0] >= 96), footer
