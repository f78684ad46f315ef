"""Fixtures for the emulator tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from auth0.management import AsyncAuth0

from tests.conftest import EmulatorHarness


@pytest.fixture
async def sdk(emulator: EmulatorHarness) -> AsyncIterator[AsyncAuth0]:
    """Auth0's official Python SDK on the in-process emulator, as the management app."""
    async with httpx.AsyncClient(transport=emulator.transport) as http:
        yield AsyncAuth0(
            base_url=f"{emulator.base_url}/api/v2",
            token=emulator.token(),
            httpx_client=http,
            max_retries=0,
        )
