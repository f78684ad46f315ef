"""Pictures of intent for generate (``g``) and the token test (``t``): passed, failed, mTLS.

The scenarios live in tests/ui/lifecycle_scenarios.py, which also writes
``screenshots/<name>.svg`` (``python scripts/export_screenshots.py``).
Update only after opening each SVG:
``pytest -n 0 tests/snapshots/test_lifecycle_snapshots.py --snapshot-update``.

Each picture is also checked for secrets in the same run (the state the
snapshot was taken from, not a second run): no client secret, no private key
(armour or any line of the key files the test read) and no token.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui.lifecycle_scenarios import LIFECYCLE_INTENT, LIFECYCLE_SCENARIOS


def assert_no_secret(app: Any, picture: str) -> None:
    """No client secret, private key or token in ``picture``."""
    secrets = [p.client_secret for p in app.store.config.profiles.values() if p.client_secret]
    assert secrets
    for secret in secrets:
        assert secret not in picture and secret.replace("-", "&#8209;") not in picture
    assert "PRIV" + "ATE KEY" not in picture
    assert "eyJ" not in picture  # no token, no assertion (a JWT's header starts so)
    folder = getattr(app, "_lifecycle_folder", None)
    if folder is not None:  # the token tests: no line of any private key file they read
        key_files = list(Path(folder.name).glob("*.pem"))
        assert key_files
        for path in key_files:
            body = [x for x in path.read_text().splitlines() if x and not x.startswith("-----")]
            assert body and not any(line in picture for line in body)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(LIFECYCLE_SCENARIOS))
def test_lifecycle_snapshot_holds_no_secret(name: str, snap_compare: Any) -> None:
    assert set(LIFECYCLE_INTENT) == set(LIFECYCLE_SCENARIOS)
    build, size = LIFECYCLE_SCENARIOS[name]
    app, run_before = build()
    pictures: list[str] = []

    async def then_keep_the_picture(pilot: Pilot[None]) -> None:
        await run_before(pilot)
        await pilot.pause()
        pictures.append(app.export_screenshot())

    assert snap_compare(app, terminal_size=size, run_before=then_keep_the_picture), (
        LIFECYCLE_INTENT[name]
    )
    (picture,) = pictures
    assert_no_secret(app, picture)
