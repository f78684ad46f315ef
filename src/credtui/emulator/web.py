"""HTTP plumbing shared by the emulator's route modules.

JSON bodies and Auth0-shaped error responses, the bearer-token check every
Management API route starts with, request-body parsing, the client lookup, and
the Starlette exception handlers that turn raised errors into responses.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from credtui.emulator import rules as err
from credtui.emulator.oauth import TokenService
from credtui.emulator.store import Client, Tenant


def dumps(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def json_response(
    data: Any,
    status: int = 200,
    headers: dict[str, str] | None = None,
    content_type: str = err.JSON_CONTENT_TYPE,
) -> Response:
    return Response(dumps(data), status_code=status, headers=headers, media_type=content_type)


def error_response(exc: err.ApiError) -> Response:
    return json_response(exc.body(), exc.status, exc.headers)


def base_url_of(request: Request) -> str:
    return str(request.base_url).rstrip("/")


# --- request helpers -----------------------------------------------------------


async def authorize(tokens: TokenService, request: Request, any_of: Iterable[str]) -> set[str]:
    """The bearer token's scopes; 403 unless it holds one of ``any_of``."""
    scopes = tokens.authenticate(request.headers.get("authorization"), base_url_of(request))
    wanted = tuple(any_of)
    if not scopes & set(wanted):
        raise err.insufficient_scope(wanted)
    return scopes


async def json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        return {}
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/x-www-form-urlencoded"):
        return dict(parse_qsl(raw.decode()))
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise err.ApiError(400, "Invalid request payload JSON format") from None


def client_or_404(tenant: Tenant, client_id: str) -> Client:
    client = tenant.get_client(client_id)
    if client is None:
        raise err.client_not_found()
    return client


# --- exception handlers --------------------------------------------------------


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code in (404, 405):
        return error_response(err.not_found())
    return error_response(err.ApiError(exc.status_code, str(exc.detail)))


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, err.ApiError)
    return error_response(exc)


async def _oauth_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, err.OAuthError)
    return json_response(exc.body(), exc.status, content_type="application/json")


EXCEPTION_HANDLERS = {
    HTTPException: _http_exception,
    err.ApiError: _api_error,
    err.OAuthError: _oauth_error,
}
"""Starlette's ``exception_handlers``: every error leaves as Auth0's JSON shape."""
