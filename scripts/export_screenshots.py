"""Write screenshots/*.svg from the snapshot scenarios: ``python scripts/export_screenshots.py``."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ui.scenarios import SCENARIOS, SIZE  # noqa: E402


async def export(name: str) -> Path:
    app, run_before = SCENARIOS[name]()
    async with app.run_test(size=SIZE) as pilot:
        await run_before(pilot)
        await pilot.pause()
        path = ROOT / "screenshots" / f"{name}.svg"
        path.write_text(app.export_screenshot(title=f"credtui: {name}"))
    return path


def main() -> None:
    for name in sys.argv[1:] or SCENARIOS:
        print(asyncio.run(export(name)).relative_to(ROOT))


if __name__ == "__main__":
    main()
