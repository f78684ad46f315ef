"""``/__emulator/…``: test-only controls. They exist only in the emulator, never in Auth0.

Every request needs the run's control token in ``X-Emulator-Token`` (401
otherwise), a loopback ``Host`` (403) and, with a body, ``Content-Type:
application/json`` (415): checked by :mod:`.guard` before any route runs.

| Method and path | Body / result |
|---|---|
| ``GET /__emulator`` | ``{base_url, client_id, client_secret, tenant, domain}`` |
| ``GET /__emulator/requests`` | ``{"requests": [...]}`` oldest first (``?since=SEQ``), secrets redacted |
| ``DELETE /__emulator/requests`` | clear the log |
| ``GET /__emulator/faults`` | armed faults |
| ``POST /__emulator/faults`` | ``{method, path, status?, delay_ms?, drop?, after_processing?, times?, body?}`` → the fault |
| ``DELETE /__emulator/faults`` | disarm all |
| ``GET /__emulator/rate-limit`` | ``{limit, per_second, remaining}`` |
| ``PUT /__emulator/rate-limit`` | ``{"value": "50/20"}`` or ``{"value": "off"}`` or ``{limit, per_second}`` |
| ``GET/PUT /__emulator/latency`` | ``{"ms": N}`` |
| ``POST /__emulator/seed`` | ``{"count": N}`` → ``{"created": N, "total": M}`` |
| ``POST /__emulator/clock`` | ``{"advance_seconds": S}`` → ``{"now": "…"}`` |
| ``POST /__emulator/management-apps`` | ``{"scopes": [...], "name"?}`` → ``{client_id, client_secret, scopes}`` |
| ``POST /__emulator/grants`` | ``{"client_id", "scopes": [...]}`` → Management API grant |
| ``GET/PUT /__emulator/plan`` | ``{"plan": "free"|"professional"|"enterprise", "hri"?: bool, "token_vault"?: bool}`` |

The demo seed's private keys are never served (decision 25 in :mod:`credtui.emulator`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from credtui.emulator.generated_seed import seed_generated
from credtui.emulator.plans import Plan
from credtui.emulator.ratelimit import RateLimitSetting, parse_rate_limit

if TYPE_CHECKING:
    from credtui.emulator.state import EmulatorState


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data), status_code=status, media_type="application/json")


def _problem(message: str) -> Response:
    return _json({"error": message}, 400)


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def routes(emu: EmulatorState) -> list[Route]:
    """The control routes bound to ``emu``."""

    async def info(request: Request) -> Response:
        return _json(
            {
                "base_url": str(request.base_url).rstrip("/"),
                "client_id": emu.management.client_id,
                "client_secret": emu.management.client_secret,
                "tenant": emu.tenant.name,
                "domain": emu.tenant.domain,
                "clients": emu.tenant.client_count(),
                **emu.plan.to_json(),
            }
        )

    async def requests(request: Request) -> Response:
        if request.method == "DELETE":
            emu.log.clear()
            return Response(status_code=204)
        try:
            since = int(request.query_params.get("since", "0") or 0)
        except ValueError:
            return _problem("since must be a request sequence number")
        return _json({"requests": [e.to_json() for e in emu.log.entries() if e.seq > since]})

    async def faults(request: Request) -> Response:
        if request.method == "DELETE":
            emu.faults.clear()
            return Response(status_code=204)
        if request.method == "GET":
            return _json({"faults": [f.to_json() for f in emu.faults.list()]})
        try:
            data = await _body(request)
            fault = emu.faults.add(
                method=str(data.get("method", "*")),
                path=str(data.get("path", "*")),
                status=int(data["status"]) if data.get("status") is not None else None,
                delay_ms=int(data.get("delay_ms", 0)),
                drop=bool(data.get("drop", False)),
                after_processing=bool(data.get("after_processing", False)),
                times=int(data.get("times", 1)),
                body=data.get("body"),
            )
        except (ValueError, TypeError) as exc:
            return _problem(str(exc))
        return _json(fault.to_json(), 201)

    async def rate_limit(request: Request) -> Response:
        if request.method == "PUT":
            try:
                data = await _body(request)
                setting: RateLimitSetting | None
                if "value" in data:
                    setting = parse_rate_limit(str(data["value"]))
                elif data.get("enabled") is False:
                    setting = None
                else:
                    setting = parse_rate_limit(f"{int(data['limit'])}/{float(data['per_second'])}")
            except (ValueError, KeyError, TypeError) as exc:
                return _problem(str(exc))
            emu.set_rate_limit(setting)
        return _json(emu.bucket.state())

    async def latency(request: Request) -> Response:
        if request.method == "PUT":
            try:
                ms = int((await _body(request))["ms"])
                if ms < 0:
                    raise ValueError("ms must be >= 0")
            except (ValueError, KeyError, TypeError) as exc:
                return _problem(str(exc))
            emu.latency_ms = ms
        return _json({"ms": emu.latency_ms})

    async def seed(request: Request) -> Response:
        try:
            count = int((await _body(request))["count"])
            if not 0 <= count <= 100_000:
                raise ValueError("count must be 0..100000")
        except (ValueError, KeyError, TypeError) as exc:
            return _problem(str(exc))
        created = seed_generated(emu, count)
        return _json({"created": created, "total": emu.tenant.client_count()}, 201)

    async def clock(request: Request) -> Response:
        try:
            seconds = float((await _body(request)).get("advance_seconds", 0))
        except (ValueError, TypeError) as exc:
            return _problem(str(exc))
        emu.clock.advance(seconds)
        return _json({"now": emu.clock.now().isoformat()})

    async def management_apps(request: Request) -> Response:
        try:
            data = await _body(request)
            scopes = [str(s) for s in data.get("scopes", [])]
            name = str(data.get("name", "Restricted management client"))
        except (ValueError, TypeError) as exc:
            return _problem(str(exc))
        client = emu.create_management_app(scopes, name=name)
        return _json(
            {
                "client_id": client.client_id,
                "client_secret": client.client_secret,
                "scopes": scopes,
            },
            201,
        )

    async def grants(request: Request) -> Response:
        try:
            data = await _body(request)
            client_id = str(data["client_id"])
            scopes = [str(s) for s in data.get("scopes", [])]
        except (ValueError, KeyError, TypeError) as exc:
            return _problem(str(exc))
        if emu.tenant.get_client(client_id) is None:
            return _json({"error": "no such client"}, 404)
        emu.grant(client_id, scopes)
        return _json({"client_id": client_id, "scopes": scopes}, 201)

    async def plan(request: Request) -> Response:
        if request.method == "PUT":
            try:
                data = await _body(request)
                name = str(data["plan"])
                hri = data.get("hri", name == "enterprise")
                vault = data.get("token_vault", True)
                if not isinstance(hri, bool) or not isinstance(vault, bool):
                    raise ValueError("hri and token_vault must be true or false")
                emu.plan = Plan(name, hri=hri, token_vault=vault)
            except (ValueError, KeyError, TypeError) as exc:
                return _problem(str(exc))
        return _json(emu.plan.to_json())

    return [
        Route("/__emulator", info, methods=["GET"]),
        Route("/__emulator/plan", plan, methods=["GET", "PUT"]),
        Route("/__emulator/requests", requests, methods=["GET", "DELETE"]),
        Route("/__emulator/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route("/__emulator/rate-limit", rate_limit, methods=["GET", "PUT"]),
        Route("/__emulator/latency", latency, methods=["GET", "PUT"]),
        Route("/__emulator/seed", seed, methods=["POST"]),
        Route("/__emulator/clock", clock, methods=["POST"]),
        Route("/__emulator/management-apps", management_apps, methods=["POST"]),
        Route("/__emulator/grants", grants, methods=["POST"]),
    ]
