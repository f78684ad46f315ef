"""Issue 22, finding 7: in ``m`` the highlight starts on the current method, and every
radio button, checkbox and selection shows its state by its glyph, not by colour alone
(asserted on the rendered lines, as on a monochrome terminal)."""

from __future__ import annotations

from credtui.ui.screens.auth_method import AuthMethodScreen
from credtui.ui.screens.delete import DeleteScreen
from tests.ui.changes_support import app_on, open_app, open_dialog, select_row
from tests.ui.scenarios import screen_lines

SMALL = (80, 24)


def line_with(app: object, words: str) -> str:
    found = [line for line in screen_lines(app) if words in line]  # type: ignore[arg-type]
    assert len(found) == 1, (words, found)
    return found[0]


async def test_method_dialog_marks_the_current_method_and_highlights_it() -> None:
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        await open_app(pilot, "Partner Portal")  # client_secret_post, JAR required
        dialog = await open_dialog(pilot, "m", AuthMethodScreen)
        await pilot.pause()
        assert "▐●▌ Client secret (post)" in line_with(app, "Client secret (post)")
        for other in ("Private Key JWT", "mTLS (CA-signed)", "Client secret (basic)", "None"):
            assert "▐○▌" in line_with(app, f"▌ {other}"), other
        assert "▐X▌" in line_with(app, "Require signed authorization requests")
        radio = dialog.query_one("#method")
        assert radio._selected == radio.pressed_index == 3  # the highlight is on the current one
        # Enter on the highlight keeps the current method: nothing to apply.
        await pilot.press("enter")
        await pilot.pause()
        assert radio.pressed_index == 3
        # A selection list: the JAR key ticked, the Token Vault one blank.
        jar, vault = [line for line in screen_lines(app) if "partner-jar ·" in line]
        assert "▐X▌" in jar and "▐ ▌" in vault


async def test_delete_dialog_radio_buttons_show_which_is_chosen() -> None:
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_app(pilot, "Billing Reconciler")
        select_row(screen, "billing-primary")
        await pilot.pause()
        await open_dialog(pilot, "d", DeleteScreen)
        await pilot.pause()
        marks = [line for line in screen_lines(app) if "▐●▌" in line or "▐○▌" in line]
        assert len(marks) >= 2
        assert sum("▐●▌" in line for line in marks) == 1  # one chosen, the others drawn empty
