"""Shared fixtures: a local Auth0 tenant (the emulator) for every API and UI test.

``emulator`` (function scope) — an :class:`EmulatorHarness`, in-process, empty
tenant, rate limit **off**, wall-clock time (freeze/advance it through ``clock``):

* ``app`` — the :class:`credtui.emulator.Emulator` (an ASGI app);
  ``tenant`` — its :class:`~credtui.emulator.Tenant` (state); ``clock`` — its
  :class:`~credtui.emulator.TenantClock` (``freeze(dt)``, ``advance(seconds)``);
* ``client_id`` / ``client_secret`` — the management application (every scope);
* ``base_url`` — ``http://127.0.0.1:8765`` (a loopback URL, so profile domain rules
  hold); ``transport`` — an :class:`httpx.ASGITransport` subclass that turns an
  injected dropped connection into :class:`httpx.RemoteProtocolError`;
* ``http()`` — an :class:`httpx.AsyncClient` on that transport and base URL;
* ``control_token`` / ``controls()`` — the run's control token, and an AsyncClient
  that sends it (``X-Emulator-Token``) for the ``/__emulator`` controls;
* ``token(client_id=None)`` / ``auth_headers(client_id=None)`` — a Management API
  token for the management app or any client with a grant;
* ``management_app(scopes)`` — a new management app with only ``scopes`` (403 tests);
* ``requests(path=None, method=None)`` — the request log (``LoggedRequest``:
  ``method, path, query, headers, body, status, fault``; secrets redacted);
  ``clear_requests()``;
* ``fault(method, path, status=, delay_ms=, drop=, times=, body=)`` — misbehave on the
  next ``times`` matching requests (``path`` is a glob);
* ``set_rate_limit("50/20" | None)``, ``set_latency(ms)``;
* ``create_app(name, method=…, credentials=[…], unattached=[…], jar=[…], …)`` — an
  application with credentials, Auth0's rules applied (see ``Emulator.create_application``);
* ``public_key_body(index=0, bits=2048, **fields)``,
  ``x509_body(index=0, **fields)``, ``subject_dn_body(dn=…, **fields)`` — credential
  definitions built from cached test keys (``tests/keyfactory.py``).

``mgmt`` (function scope) — an :class:`httpx.AsyncClient` on ``emulator`` that already
carries the management app's bearer token. ``ctl`` — one that carries the control token.

``live_emulator`` (module scope) — the same served by uvicorn on a real loopback
socket (``RunningEmulator``: ``base_url``, ``client_id``, ``client_secret``,
``control_token``, ``emulator``, ``stop()``), empty seed, rate limit off.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from credtui.emulator import Emulator, Tenant, TenantClock
from credtui.emulator.app import DroppedConnection
from credtui.emulator.controls import Fault, LoggedRequest
from credtui.emulator.guard import CONTROL_TOKEN_HEADER
from credtui.emulator.server import RunningEmulator, start_in_thread
from credtui.emulator.store import Client
from tests import keyfactory

EMULATOR_BASE_URL = "http://127.0.0.1:8765"


class EmulatorTransport(httpx.ASGITransport):
    """ASGITransport that reports an injected dropped connection as httpx does over a socket."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except DroppedConnection:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a complete response.", request=request
            ) from None


def signing_key() -> Any:
    """The tenant's token-signing key (cached, shared by every test tenant)."""
    return keyfactory.rsa_key(2048, 90)


class EmulatorHarness:
    """An in-process emulated tenant plus the helpers tests need."""

    def __init__(
        self,
        *,
        base_url: str = EMULATOR_BASE_URL,
        rate_limit: str | None = None,
        clock: TenantClock | None = None,
        rng_seed: int | None = None,
    ) -> None:
        self.clock = clock or TenantClock()
        self.app = Emulator(
            tenant=Tenant(clock=self.clock, rng_seed=rng_seed),
            signing_key=signing_key(),
            rate_limit=rate_limit,
        )
        self.tenant = self.app.tenant
        self.client_id = self.app.management.client_id
        self.client_secret = self.app.management.client_secret
        self.control_token = self.app.control_token
        self.base_url = base_url
        self.transport = EmulatorTransport(app=self.app)

    # HTTP
    def http(self, **kwargs: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=self.transport, base_url=self.base_url, **kwargs)

    def controls(self, **kwargs: Any) -> httpx.AsyncClient:
        """An AsyncClient for the ``/__emulator`` controls (it sends the control token)."""
        headers = {CONTROL_TOKEN_HEADER: self.control_token, **kwargs.pop("headers", {})}
        return self.http(headers=headers, **kwargs)

    def token(self, client_id: str | None = None) -> str:
        return self.app.token(client_id, self.base_url)

    def auth_headers(self, client_id: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(client_id)}"}

    def management_app(self, scopes: Iterable[str]) -> Client:
        return self.app.create_management_app(scopes, name="Restricted management client")

    # Controls
    def requests(self, path: str | None = None, method: str | None = None) -> list[LoggedRequest]:
        return [
            e
            for e in self.app.log.entries()
            if (path is None or e.path == path) and (method is None or e.method == method)
        ]

    def clear_requests(self) -> None:
        self.app.log.clear()

    def fault(self, method: str = "*", path: str = "*", **kwargs: Any) -> Fault:
        return self.app.faults.add(method=method, path=path, **kwargs)

    def set_rate_limit(self, value: str | None) -> None:
        self.app.set_rate_limit(value)

    def set_latency(self, ms: int) -> None:
        self.app.latency_ms = ms

    # Data
    def create_app(self, name: str = "Test application", **kwargs: Any) -> Client:
        return self.app.create_application(name, **kwargs)

    @staticmethod
    def public_key_body(index: int = 0, bits: int = 2048, **fields: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "credential_type": "public_key",
            "pem": keyfactory.spki_pem(keyfactory.rsa_key(bits, index)),
        }
        body.update(fields)
        return body

    @staticmethod
    def x509_body(
        index: int = 0, *, not_after: datetime | None = None, **fields: Any
    ) -> dict[str, Any]:
        cert = keyfactory.self_signed_cert(keyfactory.rsa_key(2048, index), not_after=not_after)
        body: dict[str, Any] = {"credential_type": "x509_cert", "pem": keyfactory.cert_pem(cert)}
        body.update(fields)
        return body

    @staticmethod
    def subject_dn_body(
        dn: str = "C=es\nST=Madrid\nL=Madrid\nO=Okta\nOU=DX-CDT\nCN=Developer Experience",
        **fields: Any,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"credential_type": "cert_subject_dn", "subject_dn": dn}
        body.update(fields)
        return body


@pytest.fixture
def emulator() -> EmulatorHarness:
    """An empty in-process tenant, rate limit off (see the module docstring)."""
    return EmulatorHarness()


@pytest.fixture
async def mgmt(emulator: EmulatorHarness) -> AsyncIterator[httpx.AsyncClient]:
    """An AsyncClient on the emulator carrying the management app's bearer token."""
    async with emulator.http(headers=emulator.auth_headers()) as client:
        yield client


@pytest.fixture
async def ctl(emulator: EmulatorHarness) -> AsyncIterator[httpx.AsyncClient]:
    """An AsyncClient on the emulator carrying the control token (``/__emulator`` routes)."""
    async with emulator.controls() as client:
        yield client


@pytest.fixture(scope="module")
def live_emulator() -> Iterator[RunningEmulator]:
    """The emulator on a real loopback socket (module scope), empty, rate limit off."""
    emu = Emulator(signing_key=signing_key())
    running = start_in_thread(emulator=emu)
    try:
        yield running
    finally:
        running.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that compares a screenshot (``snap_compare``) is marked ``snapshot``; the
    files with the most ``slow`` tests go first, each file's own order kept.

    With ``--dist loadfile --no-loadscope-reorder`` xdist hands out files in this order,
    so the long files start at once instead of one of them ending the run alone.
    """
    for item in items:
        if "snap_compare" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.snapshot)
    slow: dict[Any, int] = {}
    for item in items:
        slow[item.path] = slow.get(item.path, 0) + bool(item.get_closest_marker("slow"))
    items.sort(key=lambda item: -slow[item.path])


def dump(data: Any) -> str:
    """Compact JSON, as Auth0 writes it (handy in assertions)."""
    return json.dumps(data, separators=(",", ":"))
