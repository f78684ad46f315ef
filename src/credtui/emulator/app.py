"""The emulated tenant as an ASGI application (Starlette routes plus an outer wrapper).

The outer wrapper does what Auth0's edge does and what tests need: it refuses a
``Host`` that is not loopback (:mod:`.guard`), logs every request (secrets
redacted, :mod:`.redact`), applies injected latency and faults, and runs the
tenant-wide rate limit on ``/api/v2``. ``/__emulator/…`` (test controls) needs
the control token and bypasses the log, faults and rate limit.
The tenant's state and direct helpers are :class:`~credtui.emulator.state.EmulatorState`,
which the routes take. The routes live in :mod:`.routes_oauth`, :mod:`.routes_clients`,
:mod:`.routes_credentials` and :mod:`.control_routes`; the shared HTTP helpers
in :mod:`.web`.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from credtui.emulator import control_routes, routes_clients, routes_credentials, routes_oauth
from credtui.emulator import rules as err
from credtui.emulator.controls import Fault, LoggedRequest
from credtui.emulator.guard import control_refusal, host_refusal, is_control_path
from credtui.emulator.state import EmulatorState
from credtui.emulator.web import EXCEPTION_HANDLERS, error_response, json_response

__all__ = ["DroppedConnection", "Emulator"]

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


class Emulator(EmulatorState):
    """One emulated tenant served as an ASGI app: :class:`~credtui.emulator.state.EmulatorState`
    behind the edge (loopback ``Host``, the request log, latency, faults, rate limit).

    Call it as an ASGI app.
    """

    _stopping = False

    @functools.cached_property
    def router(self) -> Starlette:
        """The routes, bound to this tenant (made on first use)."""
        return Starlette(routes=self._routes(), exception_handlers=EXCEPTION_HANDLERS)

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
