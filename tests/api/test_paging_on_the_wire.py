"""Paging over a real socket: the next page's request is written before a page is read."""

from __future__ import annotations

import asyncio

from credtui.api.client import ManagementClient
from credtui.api.tokens import ClientSecretSource
from credtui.emulator import Emulator
from credtui.emulator.server import start_in_thread
from tests.conftest import signing_key


async def test_the_next_page_is_on_the_wire_while_a_page_is_read() -> None:
    """Over a socket, httpcore says when a request is written, and the request for the
    next page has left while the caller is still working on a page."""
    emu = Emulator(signing_key=signing_key())
    for i in range(4):
        emu.create_application(f"App {i}")
    running = start_in_thread(emulator=emu)
    try:
        source = ClientSecretSource(running.client_id, running.client_secret)
        async with ManagementClient(running.base_url, source) as client:
            sent = asyncio.Event()
            answer = asyncio.ensure_future(
                client.core.request("GET", "/api/v2/clients", params={"take": 2}, sent=sent)
            )
            await asyncio.wait_for(sent.wait(), 10)
            assert not answer.done()
            await answer

            lists = [e for e in emu.log.entries() if e.path == "/api/v2/clients"]
            handed: list[int] = []
            async for page in client.iter_application_pages(page_size=2):
                # The caller's work on a page: a request not yet sent now would not be
                # sent until the caller asks for the next page.
                await asyncio.sleep(0.25)
                entries = [e for e in emu.log.entries() if e.path == "/api/v2/clients"]
                handed.append(len(entries) - len(lists))
                assert page.applications
            # 6 clients (the management app and the global one, listed last but not
            # handed on), 2 a page: page 3 has no next.
            assert handed == [2, 3, 3]
    finally:
        running.stop()
