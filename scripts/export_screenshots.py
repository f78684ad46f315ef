"""Write screenshots/*.svg from the snapshot scenarios: ``python scripts/export_screenshots.py [NAME...]``.

Every scenario registry the snapshot tests use, each picture at its own size:
the browse screens (120x36 and 80x24), the change dialogs, the lifecycle
dialogs (generate, token test) and the rotation dialog.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ui.change_scenarios import CHANGE_SCENARIOS  # noqa: E402
from tests.ui.lifecycle_scenarios import LIFECYCLE_SCENARIOS  # noqa: E402
from tests.ui.rotation_scenarios import ROTATION_SCENARIOS  # noqa: E402
from tests.ui.scenarios import SCENARIOS, SIZE, SMALL_SCENARIOS  # noqa: E402

Build = Callable[[], tuple[Any, Any]]


def every_scenario() -> dict[str, tuple[Build, tuple[int, int]]]:
    """Name -> (build, terminal size), for every registry."""
    found: dict[str, tuple[Build, tuple[int, int]]] = {}
    found.update({name: (build, SIZE) for name, build in SCENARIOS.items()})
    found.update({name: (build, (80, 24)) for name, build in SMALL_SCENARIOS.items()})
    for registry in (CHANGE_SCENARIOS, LIFECYCLE_SCENARIOS, ROTATION_SCENARIOS):
        found.update(registry)
    return found


async def export(build: Build, size: tuple[int, int], name: str) -> Path:
    app, run_before = build()
    # Toasts on, as under snap_compare (run_test turns them off by default).
    async with app.run_test(size=size, notifications=True) as pilot:
        await run_before(pilot)
        await pilot.pause()
        path = ROOT / "screenshots" / f"{name}.svg"
        path.write_text(app.export_screenshot(title=f"credtui: {name}"))
    return path


def main() -> None:
    scenarios = every_scenario()
    for name in sys.argv[1:] or scenarios:
        build, size = scenarios[name]
        print(asyncio.run(export(build, size, name)).relative_to(ROOT))


if __name__ == "__main__":
    main()
