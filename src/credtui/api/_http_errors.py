"""A Management API answer that is not a 2xx, as a :mod:`credtui.errors` error.

The status, Auth0's ``errorCode`` and message (sanitised: it is the tenant's text)
and the request id choose the error: 401 :class:`AuthError`, 403
:class:`ScopeError` (with the missing scopes when Auth0 names them) or
:class:`ForbiddenError`, 404, 400/409/422 :class:`ValidationError` (with the
property Auth0 names), 429 :class:`RateLimitedError` (limit and reset), 5xx.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import httpx

from credtui.api._wire import (
    Answer,
    clean_request_id,
    clean_text,
    int_header,
    safe_datetime,
    timestamp_header,
)
from credtui.errors import (
    ApiError,
    AuthError,
    ForbiddenError,
    NotFoundError,
    PlanRequiredError,
    RateLimitedError,
    ScopeError,
    ServerError,
    ValidationError,
    looks_plan_gated,
    plan_feature_for,
)

__all__ = ["error_from_response", "plan_error", "request_id"]

_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-auth0-requestid", "cf-ray")


def request_id(resp: httpx.Response | Answer) -> str | None:
    """The tenant's id for this request, from the first header that has one (if it looks like one)."""
    for name in _REQUEST_ID_HEADERS:
        value: str | None = resp.headers.get(name)
        if value:
            return clean_request_id(value)
    return None


_PAYLOAD_PROP = re.compile(r" on property (?P<prop>[^\s(]+)")
_SCOPES = re.compile(r"expected (?:any|all) of[:;]?\s*(?P<scopes>.+)$", re.IGNORECASE)


def error_from_response(resp: httpx.Response | Answer, method: str, path: str) -> ApiError:
    """The :mod:`credtui.errors` instance for a non-2xx Management API answer."""
    answer = resp if isinstance(resp, Answer) else Answer.of(resp, method, path)
    status = answer.status
    body = answer.json_or_none()
    if not isinstance(body, dict):
        body = {}
    raw_message = body.get("message")
    message = clean_text(
        raw_message
        if isinstance(raw_message, str) and raw_message.strip()
        else (answer.reason or f"HTTP {status}")
    )
    code = body.get("errorCode")
    kw: dict[str, Any] = {
        "status": status,
        "error_code": clean_text(code, 100) if isinstance(code, str) else None,
        "request_id": request_id(answer),
        "method": method,
        "path": path,
    }
    if status == 401 or (status == 400 and kw["error_code"] == "Bearer"):
        return AuthError(message, **kw)
    if status == 403:
        if "cannot read the following fields" in message or "Some fields cannot be read" in message:
            return ScopeError(
                message, missing_scopes=("read:client_keys", "read:client_credentials"), **kw
            )
        m = _SCOPES.search(message)
        if kw["error_code"] == "insufficient_scope" or message.lower().startswith(
            "insufficient scope"
        ):
            scopes = tuple(s.strip() for s in m.group("scopes").rstrip(".").split(",")) if m else ()
            return ScopeError(message, missing_scopes=tuple(s for s in scopes if s), **kw)
        return ForbiddenError(message, **kw)
    if status == 404:
        return NotFoundError(message, **kw)
    if status in (400, 409, 422):
        prop = _PAYLOAD_PROP.search(message)
        return ValidationError(message, field=prop.group("prop") if prop else None, **kw)
    if status == 429:
        reset = timestamp_header(answer.headers, "x-ratelimit-reset")
        return RateLimitedError(
            message,
            limit=int_header(answer.headers, "x-ratelimit-limit") or None,
            reset_at=safe_datetime(reset) if reset else None,
            **kw,
        )
    if status >= 500:
        return ServerError(message, **kw)
    return ApiError(message, **kw)


def plan_error(exc: ForbiddenError, keys: Iterable[str]) -> ForbiddenError:
    """A 403 on a plan-gated change, as :class:`PlanRequiredError` (missing scopes stay)."""
    if isinstance(exc, ScopeError | PlanRequiredError):
        return exc

    def gated(feature: str, plan: str) -> PlanRequiredError:
        return PlanRequiredError(
            exc.message,
            feature=feature,
            plan=plan,
            status=exc.status,
            error_code=exc.error_code,
            request_id=exc.request_id,
            method=exc.method,
            path=exc.path,
        )

    for key in keys:
        found = plan_feature_for(key)
        if found:
            return gated(*found)
    if looks_plan_gated(exc.message):
        return gated("This feature", "a higher Auth0 plan or add-on")
    return exc
