"""Pictures of intent: one per screen and state a person would look at.

The scenarios (fixed data, clock, 120x36, animations and cursor blink off) live in
tests/ui/scenarios.py and also produce screenshots/ (scripts/export_screenshots.py).
Update only after opening each SVG: ``pytest tests/snapshots --snapshot-update``.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.change_scenarios import CHANGE_INTENT, CHANGE_SCENARIOS
from tests.ui.scenarios import SCENARIOS, SIZE, SMALL_SCENARIOS, SMALL_SIZE

INTENT = {
    "applications": "Every application with type, method, JAR, credential count and nearest "
    "expiry; Ledger Export's expired key in the error colour, Payments API's and Partner "
    "Portal's soon-expiring keys in the warning colour; the header reads "
    '"Applications · acme-prod (http://127.0.0.1:8765)", with no icon.',
    "filtered": 'The filter box holds "pay"; one application matches; the status line says so.',
    "application-mixed": "Billing Reconciler: one attached key, one staged and one expired, both "
    "not attached; the room line: 1 of 2 attached, 3 of 4 credentials; each name whole and "
    "each kid whole in the identity column (Alg gives way: the detail has it).",
    "expired-credential": "Ledger Export: its only attached key expired 9 days ago, with the date.",
    "profiles": "Two profiles, the active one marked and default; how each gets its token, no secret.",
    "help": "The keys of the applications screen with their binding ids.",
    "error-toast": "The tenant cannot be reached: a toast says so in one sentence; the status "
    "line keeps the reason and offers r to retry.",
    "overview": "Every credential sorted by expiry: two expired in the error colour, two within "
    "30 days in the warning colour, never last; the key Payments API shares with Partner Portal "
    "flagged on both rows and named on the line above the footer; the filters 1-7 in the footer. "
    "Above the table, the timeline a week a bar: 2 expired on the left, ▓ bars of 1 in the "
    "weeks of 30 Nov and 7 Dec, ░ bars of 1 in June and November 2027, today's ▲ under the "
    "first week and the +30 days ▲ (and its dotted line) under the week of 21 Dec, later 2 "
    "and never 1 at the right; month names and 2027 over the bars.",
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_snapshot(name: str, snap_compare: Any) -> None:
    assert set(INTENT) == set(SCENARIOS)
    app, run_before = SCENARIOS[name]()
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before), INTENT[name]


@pytest.mark.parametrize("name", list(SCENARIOS) + list(SMALL_SCENARIOS))
async def test_no_secret_in_any_picture(name: str) -> None:
    app, run_before = (SCENARIOS.get(name) or SMALL_SCENARIOS[name])()
    secrets = [p.client_secret for p in app.store.config.profiles.values() if p.client_secret]
    assert secrets
    size = SIZE if name in SCENARIOS else SMALL_SIZE
    async with app.run_test(size=size, notifications=True) as pilot:  # the toasts too
        await run_before(pilot)
        picture = app.export_screenshot()
    for secret in secrets:
        assert secret not in picture
        assert secret.replace("-", "&#8209;") not in picture


# --- at 80x24 ------------------------------------------------------------------------------

SMALL_INTENT = {
    "application-80x24": "Payments API at 80x24: the summary box, both keys attached to Private "
    "Key JWT in the table (Alg and the identity column give way; payments-2026-q1's type reads "
    "'Shared key': Partner Portal holds it too), the first key's detail "
    "with its kid, and the footer's change keys whole: esc Back, a Add, e Expiry, d Delete, "
    "m Method, g Generate, t Test, o Rotate, ? Help.",
    "profile-form-80x24": "The add-profile form for a private key at 80x24: its fields scrolled "
    "to the focused Key id field (a scrollbar says there is more above), Save and Cancel and "
    "the form's keys (^s Save, esc Cancel) on screen.",
    "help-80x24": "Help over the application screen at 80x24: the screen's own keys first "
    "(Back, Refresh, Add... including those the footer leaves out), a scrollbar for the rest, "
    "the hint on how to close and remap on screen.",
    "applications-80x24": "The list at 80x24: Type gives way, Client ID and Method shorten "
    "before any name is cut, Nearest expiry in whole words; the cursor on Ledger Export keeps "
    "its red 'cannot auth'; the footer's keys (Sort among them) all readable.",
    "overview-80x24": "The overview at 80x24: the timeline two weeks a bar, fitting the width "
    "(2 expired, ▓ 1 and ▓ 1 in the first two bars, ░ 1 in June and November, the today and "
    "+30 days marks, later 2 and never 1); its second bar (7-20 December) picked: underlined, "
    "'picked: 2026-12-07' in the legend, the status line 'showing the 2 weeks from 2026-12-07: "
    "1 · esc clears'; the table holds partner-jar alone, its shared key named below; the "
    "footer's filters 1-7 readable.",
}


@pytest.mark.parametrize("name", list(SMALL_SCENARIOS))
def test_small_snapshot(name: str, snap_compare: Any) -> None:
    assert set(SMALL_INTENT) == set(SMALL_SCENARIOS)
    app, run_before = SMALL_SCENARIOS[name]()
    assert snap_compare(app, terminal_size=SMALL_SIZE, run_before=run_before), SMALL_INTENT[name]


# --- the change dialogs (tests/ui/change_scenarios.py), each at its own terminal size ---------


@pytest.mark.parametrize("name", list(CHANGE_SCENARIOS))
def test_change_dialog_snapshot(name: str, snap_compare: Any) -> None:
    assert set(CHANGE_INTENT) == set(CHANGE_SCENARIOS)
    build, size = CHANGE_SCENARIOS[name]
    app, run_before = build()
    assert snap_compare(app, terminal_size=size, run_before=run_before), CHANGE_INTENT[name]


async def test_the_new_secret_is_masked_in_its_picture() -> None:
    """The secret-new picture holds the dots, never the secret the tenant just made."""
    build, size = CHANGE_SCENARIOS["secret-new-80x24"]
    app, run_before = build()
    async with app.run_test(size=size, notifications=True) as pilot:
        await run_before(pilot)
        picture = app.export_screenshot()
        dialog = app.screen
        new = getattr(dialog, "_secret", None)
    assert new
    assert new not in picture and new.replace("-", "&#8209;") not in picture
    assert "64&#160;characters,&#160;hidden" in picture or "64 characters, hidden" in picture
