"""Issue 22, finding 7: in ``m`` the highlight starts on the current method, and every
radio button, checkbox and selection shows its state by its glyph, not by colour alone
(asserted on the rendered lines, as on a monochrome terminal)."""

from __future__ import annotations

from textual.widgets import RadioButton, RadioSet, SelectionList

from credtui.ui.app import CredtuiApp
from credtui.ui.screens.auth_method import AuthMethodScreen
from credtui.ui.screens.delete import DeleteScreen
from tests.ui.changes_support import app_on, open_app, open_dialog, select_row
from tests.ui.scenarios import screen_lines

SMALL = (80, 24)


def line_with(app: CredtuiApp, words: str) -> str:
    found = [line for line in screen_lines(app) if words in line]
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
        radio = dialog.query_one("#method", RadioSet)
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


async def test_each_list_offers_only_the_credentials_its_slot_takes() -> None:
    """Finding 4: Treasury Gateway holds a CA subject DN; the JAR list (public keys) does not
    offer it, and switching to self-signed mTLS or Private Key JWT offers nothing of it."""
    app, _ = app_on()
    async with app.run_test(size=SMALL) as pilot:
        await open_app(pilot, "Treasury Gateway (mTLS)")
        dialog = await open_dialog(pilot, "m", AuthMethodScreen)
        await pilot.pause()
        methods = dialog.query_one("#credentials", SelectionList)
        methods.scroll_visible(animate=False)
        await pilot.pause()
        assert any("treasury-gateway ·" in line for line in screen_lines(app))  # its own method
        jar = dialog.query_one("#jar-credentials", SelectionList)
        assert jar.option_count == 0
        jar.scroll_visible(animate=False)
        await pilot.pause()
        label = [i for i, line in enumerate(screen_lines(app)) if "JAR keys" in line]
        assert label and "treasury-gateway" not in screen_lines(app)[label[0] + 1]
        for index in (0, 2):  # Private Key JWT, then mTLS (self-signed)
            dialog.query_one("#method", RadioSet).query(RadioButton)[index].value = True
            await pilot.pause()
            assert methods.option_count == 0, index
