"""The emulated tenant as an ASGI application (Starlette routes plus an outer wrapper).

The outer wrapper does what Auth0's edge does and what tests need: it refuses a
``Host`` that is not loopback (:mod:`.guard`), logs every request (secrets
redacted, :mod:`.redact`), applies injected latency and faults, and runs the
tenant-wide rate limit on ``/api/v2``. ``/__emulator/…`` (test controls) needs
the control token and bypasses the log, faults and rate limit.
The routes live in :mod:`.routes_oauth`, :mod:`.routes_clients`,
:mod:`.routes_credentials` and :mod:`.control_routes`; the shared HTTP helpers
in :mod:`.web`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from credtui import rules
from credtui.emulator import clients as client_ops
from credtui.emulator import control_routes, routes_clients, routes_credentials, routes_oauth
from credtui.emulator import credentials as cred_ops
from credtui.emulator import rules as err
from credtui.emulator.clock import TenantClock
from credtui.emulator.controls import Fault, FaultBook, LoggedRequest, RequestLog
from credtui.emulator.guard import control_refusal, host_refusal, is_control_path, new_control_token
from credtui.emulator.oauth import TokenService
from credtui.emulator.plans import ENTERPRISE_HRI, Plan, parse_plan
from credtui.emulator.ratelimit import RateLimitSetting, TokenBucket, parse_rate_limit
from credtui.emulator.routes_oauth import generate_signing_key, signing_cert
from credtui.emulator.store import MANAGEMENT_SCOPES, Client, Credential, Tenant
from credtui.emulator.web import EXCEPTION_HANDLERS, error_response, json_response

__all__ = ["DroppedConnection", "Emulator", "generate_signing_key"]

_STOP_CHECK_SECONDS = 0.05
"""How often a held request looks whether the server is stopping."""
_HOLD_CHECK_SECONDS = 0.002
"""How often a request held by a ``hold`` fault looks whether it is released."""

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class DroppedConnection(Exception):
    """Raised by the app to cut the connection (an injected ``drop`` fault).

    Over a socket, uvicorn closes the connection after the response head, so the
    client sees the peer hang up. In-process, the test transport turns it into
    :class:`httpx.RemoteProtocolError`.
    """


class Emulator:
    """One emulated tenant: state, token service, controls and the ASGI app.

    Call it as an ASGI app. ``management`` is the management application (all
    Management API scopes) whose ``client_id``/``client_secret`` get a token.
    """

    def __init__(
        self,
        *,
        tenant: Tenant | None = None,
        clock: TenantClock | None = None,
        signing_key: RSAPrivateKey | None = None,
        rate_limit: RateLimitSetting | str | None = None,
        latency_ms: int = 0,
        management_scopes: Iterable[str] = MANAGEMENT_SCOPES,
        rng_seed: int | None = None,
        control_token: str | None = None,
        plan: Plan | str | None = None,
    ) -> None:
        self.tenant = tenant or Tenant(clock=clock, rng_seed=rng_seed)
        self.clock = self.tenant.clock
        self.tokens = TokenService(self.tenant, signing_key or generate_signing_key())
        if not self.tenant.signing_cert_pem:
            self.tenant.signing_cert_pem = signing_cert(self.tokens.signing_key, self.tenant.domain)
        if isinstance(rate_limit, str):
            rate_limit = parse_rate_limit(rate_limit)
        self.bucket = TokenBucket(rate_limit, self.clock.timestamp)
        self.latency_ms = latency_ms
        self.plan: Plan = parse_plan(plan) if isinstance(plan, str) else plan or ENTERPRISE_HRI
        """What writes may use (``credtui emulator --plan``); seeding ignores it."""
        self.control_token = control_token or new_control_token()
        """The per-run secret the ``/__emulator`` controls need (``X-Emulator-Token``)."""
        self.log = RequestLog()
        self.faults = FaultBook()
        self._stopping = False
        self.demo_private_keys: dict[str, str] = {}
        """Private keys (PEM) of seeded demo credentials, by credential id; memory only."""
        self.management = self.create_management_app(
            management_scopes, name="credtui Management API (emulator)"
        )
        self.router = Starlette(routes=self._routes(), exception_handlers=EXCEPTION_HANDLERS)

    # --- direct helpers (for tests and seeding) ------------------------------

    def create_management_app(
        self, scopes: Iterable[str], *, name: str = "Management client"
    ) -> Client:
        """A machine-to-machine app with a Management API grant of ``scopes``."""
        client, _ = client_ops.create(
            self.tenant,
            {
                "name": name,
                "app_type": "non_interactive",
                "grant_types": ["client_credentials"],
                "jwt_configuration": {"alg": "RS256"},
                "token_endpoint_auth_method": "client_secret_post",
            },
        )
        self.tenant.grants[client.client_id] = tuple(scopes)
        return client

    def grant(self, client_id: str, scopes: Iterable[str]) -> None:
        """Give ``client_id`` a Management API client grant."""
        self.tenant.grants[client_id] = tuple(scopes)

    def grant_organizations(
        self, client_id: str, organization_ids: Iterable[str] = (), *, allow_any: bool = False
    ) -> None:
        """Record client grants naming organisations (what the list's ``q`` filter matches)."""
        self.tenant.organization_grants.setdefault(client_id, set()).update(organization_ids)
        if allow_any:
            self.tenant.any_organization_grants.add(client_id)

    def create_application(
        self,
        name: str = "Test application",
        *,
        app_type: str | None = "non_interactive",
        method: str | None = "client_secret_post",
        credentials: list[dict[str, Any]] | None = None,
        unattached: list[dict[str, Any]] | None = None,
        jar: list[dict[str, Any]] | None = None,
        jar_required: bool | None = None,
        extra: dict[str, Any] | None = None,
        grant_scopes: Iterable[str] | None = None,
    ) -> Client:
        """Create an application directly (no HTTP), Auth0's rules applied.

        ``method`` is a ``token_endpoint_auth_method`` value, one of the three
        credential methods, or None: created without either, as most real
        applications are (Auth0 then returns neither key and takes the client
        secret, facts 3.1); ``credentials`` are inline definitions (as on
        ``POST /clients``) attached to that method; ``unattached`` are created
        afterwards through the credentials rules and left unattached; ``jar``
        inline ``public_key`` definitions for ``signed_request_object``.
        """
        body: dict[str, Any] = {"name": name, "jwt_configuration": {"alg": "RS256"}}
        if app_type is not None:  # None: created without one (no ``app_type`` key)
            body["app_type"] = app_type
        if app_type == "non_interactive":
            body["grant_types"] = ["client_credentials"]
        if method in rules.CREDENTIAL_METHODS:
            body["client_authentication_methods"] = {method: {"credentials": credentials or []}}
        elif method is not None:
            body["token_endpoint_auth_method"] = method
        if jar is not None or jar_required is not None:
            sro: dict[str, Any] = {"credentials": jar or []}
            if jar_required is not None:
                sro["required"] = jar_required
            body["signed_request_object"] = sro
        body.update(extra or {})
        client, _ = client_ops.create(self.tenant, body)
        for item in unattached or []:
            cred_ops.create(self.tenant, client, item)
        if grant_scopes is not None:
            self.grant(client.client_id, grant_scopes)
        return client

    def add_credential(self, client_id: str, body: dict[str, Any]) -> Credential:
        """Create a credential directly (``POST …/credentials`` rules)."""
        client = self.tenant.get_client(client_id)
        if client is None:
            raise err.client_not_found()
        return cred_ops.create(self.tenant, client, body)

    def token(self, client_id: str | None = None, base_url: str = "http://127.0.0.1") -> str:
        """A Management API access token for ``client_id`` (default: the management app)."""
        return self.tokens.token_for(client_id or self.management.client_id, base_url)

    def set_rate_limit(self, setting: RateLimitSetting | str | None) -> None:
        if isinstance(setting, str):
            setting = parse_rate_limit(setting)
        self.bucket.configure(setting)

    # --- ASGI ----------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.router(scope, receive, send)
            return
        refused = host_refusal(scope["headers"])
        if refused is not None:
            await error_response(err.ApiError(403, refused))(scope, receive, send)
            return
        if is_control_path(scope["path"]):
            problem = control_refusal(scope["method"], scope["headers"], self.control_token)
            if problem is not None:
                status, why = problem
                await json_response({"error": why}, status)(scope, receive, send)
                return
            await self.router(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        method, path = scope["method"], scope["path"]
        entry = self.log.add(
            time=err.format_timestamp(datetime.now(UTC)),
            method=method,
            path=path,
            query=scope.get("query_string", b"").decode("latin-1"),
            headers=headers,
            body=body.decode("utf-8", "replace"),
        )
        stopped = not await self._pause(self.latency_ms / 1000)
        fault = None if stopped else self.faults.take(method, path)
        if fault is not None and not await self._pause(fault.delay_ms / 1000):
            stopped = True
        if fault is not None and fault.hold and not await self._hold(fault):
            stopped = True
        if stopped:
            entry.fault = "cut short: the emulator is stopping"
            entry.status = 503
            stopping = err.ApiError(503, "The emulator is stopping.")
            await error_response(stopping)(scope, replay, send)
            return
        if fault is not None:
            if fault.drop and fault.after_processing:
                entry.fault = "drop after processing"
                await self._process_then_drop(scope, replay, send, entry)
            if fault.drop:
                entry.fault = entry.fault or "drop"
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", b"1024"),
                        ],
                    }
                )
                raise DroppedConnection(f"{method} {path}")
            if fault.status is not None:
                entry.fault = f"status {fault.status}"
                entry.status = fault.status
                response = self._fault_response(fault.status, fault.body)
                await response(scope, replay, send)
                return
        extra_headers: dict[str, str] = {}
        if path.startswith("/api/v2"):
            allowed, extra_headers = self.bucket.take()
            if not allowed:
                entry.status = 429
                await error_response(err.rate_limited(extra_headers))(scope, replay, send)
                return

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]
                if 200 <= message["status"] < 300 and extra_headers:
                    message = dict(message)
                    message["headers"] = list(message.get("headers", [])) + [
                        (k.encode(), v.encode()) for k, v in extra_headers.items()
                    ]
            await send(message)

        await self.router(scope, replay, send_wrapper)

    def stop_waiting(self) -> None:
        """End every injected delay now, and any that starts later (the server is stopping).

        A held request then answers 503, so stopping never waits for a delay
        (``delay_ms`` or ``--latency``) that may last minutes. Safe from any thread.
        """
        self._stopping = True

    async def _pause(self, seconds: float) -> bool:
        """Wait ``seconds``, or less when :meth:`stop_waiting` is called; False then."""
        if seconds <= 0:
            return True
        end = time.monotonic() + seconds
        while not self._stopping:
            left = end - time.monotonic()
            if left <= 0:
                return True
            await asyncio.sleep(min(left, _STOP_CHECK_SECONDS))
        return False

    async def _hold(self, fault: Fault) -> bool:
        """Wait until ``fault`` is released, or :meth:`stop_waiting` is called; False then."""
        while not fault.released:
            if self._stopping:
                return False
            await asyncio.sleep(_HOLD_CHECK_SECONDS)
        return True

    async def _process_then_drop(
        self, scope: Scope, receive: Receive, send: Send, entry: LoggedRequest
    ) -> None:
        """Act on the request, keep the answer from the client (then the caller cuts the line)."""

        async def swallow(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]

        await self.router(scope, receive, swallow)

    def _fault_response(self, status: int, body: Any) -> Response:
        if body is not None:
            return json_response(body, status)
        if status == 429:
            _, headers = self.bucket.take() if self.bucket.setting else (True, {})
            return error_response(err.rate_limited(headers))
        return error_response(err.ApiError(status, err.reason(status)))

    # --- routes -------------------------------------------------------------

    def _routes(self) -> list[Route]:
        return [
            *routes_oauth.routes(self),
            *routes_clients.routes(self),
            *routes_credentials.routes(self),
            *control_routes.routes(self),
        ]
