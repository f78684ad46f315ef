"""Tenants to start from: ``demo`` (a dozen recognisable applications), ``empty``, or N generated.

The demo is :mod:`.demo_seed`, the generated tenants :mod:`.generated_seed`, what
both build with :mod:`.seed_parts`. Every key is generated at start-up and lives
in memory only.
"""

from __future__ import annotations

from credtui.emulator.demo_seed import DEMO_KEY_COUNT as DEMO_KEY_COUNT
from credtui.emulator.demo_seed import adopt_demo_keys as adopt_demo_keys
from credtui.emulator.demo_seed import seed_demo as seed_demo
from credtui.emulator.demo_seed import stand_in_keys as stand_in_keys
from credtui.emulator.generated_seed import seed_generated as seed_generated
from credtui.emulator.state import EmulatorState


def parse_seed(text: str) -> str | int:
    """Parse ``--seed``: ``demo``, ``empty`` or a number of applications (0-100000)."""
    value = text.strip().lower()
    if value in ("demo", "empty"):
        return value
    try:
        n = int(value)
    except ValueError:
        raise ValueError(
            f"--seed must be 'demo', 'empty' or a number of applications, not {text!r}"
        ) from None
    if not 0 <= n <= 100_000:
        raise ValueError(f"--seed takes 0 to 100000 applications, not {n}")
    return n


def apply_seed(emulator: EmulatorState, seed: str | int) -> int:
    """Seed ``emulator``; returns how many applications were created."""
    if seed == "demo":
        return seed_demo(emulator)
    if seed == "empty":
        return 0
    assert isinstance(seed, int)
    return seed_generated(emulator, seed)
