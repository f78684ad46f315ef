"""Fixtures for the API tests (the harness itself is in ``harness.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.api.harness import TENANT_NOW, Harness, WireTransport
from tests.conftest import EmulatorHarness


@pytest.fixture
async def h(emulator: EmulatorHarness) -> AsyncIterator[Harness]:
    """The shared in-process emulator, its clock frozen at TENANT_NOW, behind a wire recorder."""
    emulator.clock.freeze(TENANT_NOW)
    harness = Harness(emulator.app, WireTransport(emulator.transport), emulator.base_url)
    yield harness
    for c in harness.clients:
        await c.aclose()
