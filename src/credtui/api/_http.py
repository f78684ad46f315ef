"""The one request path to the Management API.

Every call goes through :meth:`HttpCore.request`, which

1. paces itself by the tenant's ``X-RateLimit-*`` headers: when the last answers
   say the bucket is empty, it waits for ``X-RateLimit-Reset`` before sending;
2. adds the management token (from the :class:`TokenCache`), and after a 401
   drops it, fetches a new one and tries once more;
3. retries 429 (after the reset), 5xx and connection failures, but only for
   idempotent calls (GET, DELETE, and the PATCHes credtui sends, which set
   absolute values). A POST is resent only after a 429, which is a refusal
   that proves nothing was done; every other POST failure is raised with
   ``maybe_processed`` set when the request may have reached the tenant;
4. turns any other answer into the :mod:`credtui.errors` hierarchy.

Clock and sleep are injected so tests never wait for real time.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from credtui.api.tokens import TokenCache
from credtui.errors import (
    ApiError,
    AuthError,
    ForbiddenError,
    LocalValidationError,
    NotFoundError,
    RateLimitedError,
    RequestTimeoutError,
    ScopeError,
    ServerError,
    UnreachableError,
    ValidationError,
)

__all__ = ["HttpCore", "RateLimiter", "api_path", "error_from_response"]

log = logging.getLogger("credtui.api")

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-auth0-requestid", "cf-ray")


def api_path(*segments: tuple[str, str] | str) -> str:
    """``/api/v2/...`` from literal parts and ``(field, value)`` ids, each id percent-encoded.

    An id is encoded with no safe characters, so ``../tenants/settings`` stays one
    segment; ids that are empty, ``.`` or ``..`` are refused before sending.
    """
    parts = ["/api/v2"]
    for seg in segments:
        if isinstance(seg, tuple):
            field, value = seg
            if not isinstance(value, str) or value.strip(".") == "" or len(value) > 512:
                raise LocalValidationError(
                    field, f"{value!r} is not a valid {field}", code="bad_id"
                )
            parts.append(quote(value, safe=""))
        else:
            parts.append(seg)
    return "/".join(parts)


def request_id(resp: httpx.Response) -> str | None:
    """The tenant's id for this request, from the first header that has one."""
    for name in _REQUEST_ID_HEADERS:
        value: str | None = resp.headers.get(name)
        if value:
            return value
    return None


_PAYLOAD_PROP = re.compile(r" on property (?P<prop>[^\s(]+)")
_SCOPES = re.compile(r"expected (?:any|all) of[:;]?\s*(?P<scopes>.+)$", re.IGNORECASE)


def _int_header(headers: httpx.Headers, name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return int(float(value))
    except ValueError:
        return None


def error_from_response(resp: httpx.Response, method: str, path: str) -> ApiError:
    """The :mod:`credtui.errors` instance for a non-2xx Management API answer."""
    status = resp.status_code
    body: Any
    try:
        body = resp.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        body = {}
    raw_message = body.get("message")
    message = (
        raw_message
        if isinstance(raw_message, str) and raw_message
        else (resp.reason_phrase or f"HTTP {status}")
    )
    code = body.get("errorCode")
    kw: dict[str, Any] = {
        "status": status,
        "error_code": code if isinstance(code, str) else None,
        "request_id": request_id(resp),
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
        reset = _int_header(resp.headers, "x-ratelimit-reset")
        return RateLimitedError(
            message,
            limit=_int_header(resp.headers, "x-ratelimit-limit"),
            reset_at=datetime.fromtimestamp(reset, UTC) if reset else None,
            **kw,
        )
    if status >= 500:
        return ServerError(message, **kw)
    return ApiError(message, **kw)


class RateLimiter:
    """Paces requests by ``X-RateLimit-*`` so a burst does not run into a known-empty bucket.

    It keeps an estimate of the remaining budget: the last header value minus the
    requests sent since. When the estimate reaches zero before the reset time,
    callers wait until the reset; afterwards the budget is the full limit again.
    """

    def __init__(self, clock: Clock, sleep: Sleep, max_wait: float = 60.0) -> None:
        self._clock = clock
        self._sleep = sleep
        self._max_wait = max_wait
        self._lock = asyncio.Lock()
        self.limit: int | None = None
        self.remaining: int | None = None
        self.reset: float | None = None
        self.in_flight = 0
        self.waits: list[float] = []
        """Every pause taken, in seconds (for tests and the benchmark)."""

    async def acquire(self) -> None:
        """Wait, if the bucket is known to be empty, then count one request as sent."""
        async with self._lock:
            if self.remaining is not None and self.remaining <= 0 and self.reset is not None:
                wait = self.reset - self._clock()
                if wait > 0:
                    wait = min(wait, self._max_wait)
                    self.waits.append(wait)
                    log.debug("rate limit: bucket empty, waiting %.2f s for the reset", wait)
                    await self._sleep(wait)
                self.remaining = self.limit
            if self.remaining is not None:
                self.remaining -= 1
            self.in_flight += 1

    def release(self, headers: httpx.Headers | None) -> None:
        """Record an answer's headers (None when no answer came)."""
        self.in_flight -= 1
        if headers is None:
            return
        remaining = _int_header(headers, "x-ratelimit-remaining")
        reset = _int_header(headers, "x-ratelimit-reset")
        limit = _int_header(headers, "x-ratelimit-limit")
        if limit is not None:
            self.limit = limit
        if remaining is None:
            return
        # Answers to concurrent requests can arrive out of order: within one window
        # keep the lower estimate; a later reset time starts a new window.
        estimate = remaining - self.in_flight
        if reset is not None and (self.reset is None or reset > self.reset):
            self.reset, self.remaining = float(reset), estimate
        elif self.remaining is None:
            self.remaining = estimate
        else:
            self.remaining = min(self.remaining, estimate)

    def note_limited(self, reset: float | None) -> None:
        """A 429 arrived: the bucket is empty until ``reset``."""
        self.remaining = 0
        if reset is not None:
            self.reset = reset


class HttpCore:
    """One ``httpx.AsyncClient``, one token cache, one rate limiter: every call goes here."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        tokens: TokenCache,
        *,
        clock: Clock = time.time,
        sleep: Sleep = asyncio.sleep,
        max_retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        max_rate_wait: float = 60.0,
        deadline: float | None = None,
    ) -> None:
        self.http = http
        self.deadline = deadline
        """Seconds one attempt may take in all (None: only httpx's own timeouts)."""
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.clock = clock
        self.sleep = sleep
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_rate_wait = max_rate_wait
        self.limiter = RateLimiter(clock, sleep, max_rate_wait)
        self.requests_sent = 0
        """Management requests handed to the transport (not token requests)."""

    def _delay(self, attempt: int) -> float:
        return float(min(self.max_backoff, self.backoff * (2**attempt)))

    def _rate_delay(self, resp: httpx.Response, attempt: int) -> float:
        reset = _int_header(resp.headers, "x-ratelimit-reset")
        retry_after = _int_header(resp.headers, "retry-after")
        if reset is not None:
            wait = reset - self.clock()
        elif retry_after is not None:
            wait = retry_after
        else:
            wait = self._delay(attempt)
        return float(min(max(wait, 0.0), self.max_rate_wait))

    async def _token(self) -> Any:
        attempt = 0
        while True:
            try:
                return await self.tokens.get(self.http, self.base_url)
            except (ServerError, UnreachableError, RequestTimeoutError):
                # Nothing reached the Management API yet: retrying is always safe.
                if attempt >= self.max_retries:
                    raise
                await self.sleep(self._delay(attempt))
                attempt += 1

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
    ) -> httpx.Response:
        """Send one Management API call and return its 2xx response, or raise an ApiError."""
        method = method.upper()
        retry_ok = method in IDEMPOTENT if idempotent is None else idempotent
        attempt = 0
        refreshed = False
        while True:
            token = await self._token()
            await self.limiter.acquire()
            headers = {"Authorization": f"Bearer {token.value}"}
            resp: httpx.Response | None = None
            try:
                self.requests_sent += 1
                # httpx's timeouts are per phase (and absent in-process); this bounds the whole call.
                async with asyncio.timeout(self.deadline):
                    resp = await self.http.request(
                        method, self.base_url + path, params=params, json=json, headers=headers
                    )
            except (httpx.TransportError, TimeoutError) as exc:
                self.limiter.release(None)
                err = self._transport_error(exc, method, path)
                if retry_ok and attempt < self.max_retries:
                    log.debug("%s %s: %s, retrying", method, path, type(exc).__name__)
                    await self.sleep(self._delay(attempt))
                    attempt += 1
                    continue
                raise err from None
            self.limiter.release(resp.headers)
            log.debug("%s %s -> %s", method, path, resp.status_code)
            status = resp.status_code
            if 200 <= status < 300:
                return resp
            if status == 401 and not refreshed and self.tokens.invalidate(token):
                refreshed = True  # a 401 means nothing was done: safe for any method
                continue
            if status == 429:
                self.limiter.note_limited(_int_header(resp.headers, "x-ratelimit-reset"))
                # A 429 is a refusal: resending proves nothing was done twice, even for POST.
                if attempt < self.max_retries:
                    wait = self._rate_delay(resp, attempt)
                    self.limiter.waits.append(wait)
                    await self.sleep(wait)
                    attempt += 1
                    continue
            elif status >= 500 and retry_ok and attempt < self.max_retries:
                await self.sleep(self._delay(attempt))
                attempt += 1
                continue
            err = error_from_response(resp, method, path)
            if status >= 500 and not retry_ok:
                err.maybe_processed = True
            raise err

    def _transport_error(
        self, exc: httpx.TransportError | TimeoutError, method: str, path: str
    ) -> ApiError:
        """A typed error for a failure with no answer; ``maybe_processed`` if it may have arrived."""
        not_sent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
        err: ApiError
        if isinstance(exc, httpx.TimeoutException | TimeoutError):
            timeout = self.deadline if isinstance(exc, TimeoutError) else self.http.timeout.read
            err = RequestTimeoutError(
                f"The tenant at {self.base_url} did not answer {method} {path} in time",
                seconds=timeout,
                method=method,
                path=path,
            )
        else:
            what = "refused or failed the connection" if not_sent else "dropped the connection"
            err = UnreachableError(
                f"The tenant at {self.base_url} {what} ({type(exc).__name__}) on {method} {path}",
                url=self.base_url,
                method=method,
                path=path,
            )
        err.maybe_processed = not not_sent
        return err
