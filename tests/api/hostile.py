"""A hostile or broken tenant on ``httpx.MockTransport``, for answers the emulator never gives.

The token endpoint answers normally unless ``token`` is set; every Management
API request goes to ``api``. Time is fake: the client's ``sleep`` advances
``now`` and records the pause, so a poisoned rate-limit reset costs nothing.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from credtui.api import ClientSecretSource, ManagementClient

BASE_URL = "http://127.0.0.1:8765"
START = 1_800_000_000.0
"""The fake clock's start (UNIX seconds, 2027)."""

Handler = Callable[[httpx.Request], httpx.Response]


def good_token(_: httpx.Request) -> httpx.Response:
    return httpx.Response(
        200, json={"access_token": "not-a-real-token", "expires_in": 86400, "token_type": "Bearer"}
    )


def json_response(data: Any, status: int = 200, /, **headers: str | bytes) -> httpx.Response:
    # Values may mix str and bytes; httpx's header types take one or the other, so all bytes,
    # encoded as httpx encodes a str (ASCII).
    raw = [
        (name.encode("ascii"), value.encode("ascii") if isinstance(value, str) else value)
        for name, value in headers.items()
    ]
    return httpx.Response(status, content=json.dumps(data).encode(), headers=raw)


class Counted:
    """An async body that yields ``total`` bytes in ``chunk``-sized pieces, counting what was read."""

    def __init__(self, total: int, chunk: int = 64 * 1024, prefix: bytes = b"[") -> None:
        self.total = total
        self.chunk = chunk
        self.prefix = prefix
        self.pulled = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        sent = 0
        piece = self.prefix + b" " * (self.chunk - len(self.prefix))
        while sent < self.total:
            data = piece[: min(self.chunk, self.total - sent)]
            piece = b" " * self.chunk
            sent += len(data)
            self.pulled = sent
            yield data


@dataclass
class Hostile:
    """The fake tenant: what it answers, what it received, and the client's fake time."""

    api: Handler = field(default=lambda _: json_response([]))
    token: Handler = good_token
    now: float = START
    sleeps: list[float] = field(default_factory=list)
    requests: list[httpx.Request] = field(default_factory=list)
    clients: list[ManagementClient] = field(default_factory=list)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/oauth/token":
            return self.token(request)
        return self.api(request)

    def api_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path.startswith("/api/v2")]

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)

    def client(self, **kw: Any) -> ManagementClient:
        kw.setdefault("clock", self.clock)
        kw.setdefault("sleep", self.sleep)
        c = ManagementClient(
            BASE_URL,
            ClientSecretSource("hostile-client", "not-a-real-secret"),
            transport=httpx.MockTransport(self.handle),
            **kw,
        )
        self.clients.append(c)
        return c

    async def close(self) -> None:
        for c in self.clients:
            await c.aclose()
