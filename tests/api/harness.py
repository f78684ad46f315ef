"""The harness for the API tests: a ManagementClient wired to the emulator.

Time is the tenant's clock: the client reads it, and the client's ``sleep``
advances it instead of waiting, so a 30 s rate-limit reset costs nothing. A
recording transport sits between client and emulator to see exactly what went
on the wire (raw paths, concurrency, and the requests as sent: the emulator's own
log redacts secrets, so a test that must read a token or an assertion the client
sent reads ``Harness.sent``).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import httpx

from credtui.api import ClientSecretSource, ManagementClient, TokenSource
from credtui.emulator.app import DroppedConnection, Emulator

TENANT_NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)
"""The tenant's frozen clock: inside the test certificates' validity (2026-01-15 + 1 year)."""


class WireTransport(httpx.AsyncBaseTransport):
    """Wraps a transport: records raw requests and the peak number in flight."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.raw: list[tuple[str, str]] = []
        self.sent: list[httpx.Request] = []
        """Every request as the client sent it (secrets included: never print these)."""
        self.in_flight = 0
        self.peak = 0
        self.started: list[str] = []
        self.lose_answers: list[tuple[str, str, type[httpx.TransportError]]] = []
        """(method, path glob, error): let the tenant act, then lose its answer."""

    def lose_next_answer(
        self, method: str, path: str, error: type[httpx.TransportError] = httpx.RemoteProtocolError
    ) -> None:
        """The next matching request reaches the tenant, which acts on it; the answer is lost."""
        self.lose_answers.append((method, path, error))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.raw.append((request.method, request.url.raw_path.decode()))
        await request.aread()
        self.sent.append(request)
        self.started.append(request.url.path)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            try:
                response = await self.inner.handle_async_request(request)
            except DroppedConnection as exc:  # the emulator cut the connection
                raise httpx.RemoteProtocolError(str(exc), request=request) from None
            for i, (method, pattern, error) in enumerate(self.lose_answers):
                if request.method == method and _glob(request.url.path, pattern):
                    del self.lose_answers[i]
                    await response.aread()
                    raise error("connection lost before the answer arrived", request=request)
            return response
        finally:
            self.in_flight -= 1

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass
class Harness:
    """The emulator, the wire, the fake time, and a way to make clients."""

    emu: Emulator
    wire: WireTransport
    base_url: str
    sleeps: list[float] = field(default_factory=list)
    clients: list[ManagementClient] = field(default_factory=list)

    async def sleep(self, seconds: float) -> None:
        """The client's sleep: move the tenant's clock instead of waiting."""
        self.sleeps.append(seconds)
        self.emu.clock.advance(seconds)
        await asyncio.sleep(0)

    def secret_source(self, scope: str | None = None) -> ClientSecretSource:
        m = self.emu.management
        return ClientSecretSource(m.client_id, m.client_secret, scope=scope)

    def client(self, source: TokenSource | None = None, **kw: Any) -> ManagementClient:
        kw.setdefault("clock", self.emu.clock.timestamp)
        kw.setdefault("sleep", self.sleep)
        c = ManagementClient(
            self.base_url, source or self.secret_source(), transport=self.wire, **kw
        )
        self.clients.append(c)
        return c

    def log(self, method: str | None = None, path: str | None = None) -> list[Any]:
        """Requests the emulator received (controls excluded), optionally filtered."""
        out = []
        for e in self.emu.log.entries():
            if method and e.method != method:
                continue
            if path and not _glob(e.path, path):
                continue
            out.append(e)
        return out

    def sent(self, method: str | None = None, path: str | None = None) -> list[httpx.Request]:
        """Requests as the client put them on the wire, unredacted (``path`` is a glob)."""
        return [
            r
            for r in self.wire.sent
            if (method is None or r.method == method) and (path is None or _glob(r.url.path, path))
        ]

    def api_log(self) -> list[Any]:
        return [e for e in self.emu.log.entries() if e.path.startswith("/api/v2")]

    def token_log(self) -> list[Any]:
        return self.log("POST", "/oauth/token")

    def clear(self) -> None:
        self.emu.log.clear()
        self.wire.raw.clear()
        self.wire.sent.clear()
        self.wire.started.clear()
        self.sleeps.clear()


def _glob(path: str, pattern: str) -> bool:
    import fnmatch

    return fnmatch.fnmatchcase(path, pattern)


def body_of(entry: Any) -> Any:
    """The parsed body of a logged request (JSON or form), or of a sent ``httpx.Request``."""
    ctype = entry.headers.get("content-type", "")
    text = entry.content.decode() if isinstance(entry, httpx.Request) else entry.body
    if ctype.startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(text, keep_blank_values=True))
    return json.loads(text) if text else None
