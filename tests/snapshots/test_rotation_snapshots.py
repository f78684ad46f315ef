"""Pictures of intent for the rotation dialog (``o``): the plan, at two sizes, and a resumed one.

The scenarios live in tests/ui/rotation_scenarios.py, which also writes
``screenshots/rotation-*.svg`` (``python scripts/export_screenshots.py``).
Update only after opening each SVG:
``pytest -n 0 tests/snapshots/test_rotation_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.rotation_scenarios import ROTATION_INTENT, ROTATION_SCENARIOS


@pytest.mark.parametrize("name", list(ROTATION_SCENARIOS))
def test_rotation_snapshot(name: str, snap_compare: Any) -> None:
    assert set(ROTATION_INTENT) == set(ROTATION_SCENARIOS)
    build, size = ROTATION_SCENARIOS[name]
    app, run_before = build()
    assert snap_compare(app, terminal_size=size, run_before=run_before), ROTATION_INTENT[name]


@pytest.mark.parametrize("name", list(ROTATION_SCENARIOS))
async def test_no_secret_in_any_rotation_picture(name: str) -> None:
    build, size = ROTATION_SCENARIOS[name]
    app, run_before = build()
    secrets = [p.client_secret for p in app.store.config.profiles.values() if p.client_secret]
    assert secrets
    async with app.run_test(size=size) as pilot:
        await run_before(pilot)
        picture = app.export_screenshot()
    for secret in secrets:
        assert secret not in picture and secret.replace("-", "&#8209;") not in picture
    assert "PRIV" + "ATE KEY" not in picture
