"""The one request path to the Management API.

Every call goes through :meth:`HttpCore.request`, which

1. paces itself by the tenant's ``X-RateLimit-*`` headers: when the bucket is
   empty, it waits until one request fits at the measured refill rate (or for
   ``X-RateLimit-Reset`` until the rate is known; see :mod:`.ratelimit`);
2. adds the management token (from the :class:`TokenCache`), and after a 401
   drops it, fetches a new one and tries once more;
3. retries 429 (after the reset), 5xx and connection failures, but only for
   idempotent calls (GET, DELETE, and the PATCHes credtui sends, which set
   absolute values). A POST is resent only after a 429, which is a refusal
   that proves nothing was done; every other POST failure is raised with
   ``maybe_processed`` set when the request may have reached the tenant;
4. turns any other answer into the :mod:`credtui.errors` hierarchy.

Nothing the tenant sends is trusted (:mod:`credtui.api._wire`): each attempt,
token request included, has a total deadline; bodies are capped; one call waits
for the rate limit ``max_rate_wait`` seconds at most in all: a reset further
away than that is not slept on (a short back-off instead), and the call ends
with :class:`RateLimitedError` naming the reset. Above all that, the whole call
(token, attempts, pauses) fits the time budgets in force (:mod:`.budget`): each
attempt's deadline, each pause and each rate-limit wait is cut to what is left,
and a call that runs out raises :class:`BudgetExceededError` naming the budget.

Clock and sleep are injected so tests never wait for real time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import quote

import httpx

from credtui.api._http_errors import error_from_response
from credtui.api._wire import (
    MAX_RESPONSE_BYTES,
    Answer,
    read_answer,
    retry_after,
    timestamp_header,
)
from credtui.api.budget import DEFAULT_BUDGET, Budget, Budgets, scoped
from credtui.api.ratelimit import RateLimiter, WaitObserver, WaitReason
from credtui.api.token_cache import TokenCache
from credtui.api.tokens import Token
from credtui.errors import (
    ApiError,
    BudgetExceededError,
    LocalValidationError,
    MalformedResponseError,
    RequestTimeoutError,
    ServerError,
    UnreachableError,
)

__all__ = ["Answer", "HttpCore", "RateLimiter", "api_path", "error_from_response"]

log = logging.getLogger("credtui.api")

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]

QUIET_WAIT = 1.0
"""Rate-limit pauses shorter than this (pacing between requests) are not told to observers."""
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


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


class HttpCore:
    """One ``httpx.AsyncClient``, one token cache, one rate limiter: every call goes here.

    ``deadline`` bounds the whole of one attempt (sending, and reading every byte
    of the answer), the token request included; ``max_rate_wait`` bounds the time
    one call spends waiting for the rate limit, in all; ``max_bytes`` caps a body.
    ``call_budget`` bounds one call in all (token, retries, pauses; None: no
    bound), ``budget`` every call of this core together (a command's), and a
    scoped budget (:func:`credtui.api.budget.within`) the calls of one block.
    Observers (:meth:`observe_waits`) hear of every pause.
    """

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
        max_bytes: int = MAX_RESPONSE_BYTES,
        call_budget: float | None = DEFAULT_BUDGET,
        budget: Budget | None = None,
    ) -> None:
        self.http = http
        self.call_budget = call_budget
        """Seconds one call may take in all, retries included (None: no bound)."""
        self.budget = budget
        """A budget every call shares (a command's ``--timeout``), or None."""
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
        self.max_bytes = max_bytes
        self.limiter = RateLimiter(clock, self._rate_pause, max_rate_wait)
        self.observers: list[WaitObserver] = []
        self.requests_sent = 0
        """Management requests handed to the transport (not token requests)."""

    def observe_waits(self, observer: WaitObserver) -> Callable[[], None]:
        """Tell ``observer`` of every pause; returns a function that stops telling it."""
        self.observers.append(observer)

        def stop() -> None:
            if observer in self.observers:
                self.observers.remove(observer)

        return stop

    async def pause(self, reason: WaitReason, seconds: float) -> None:
        """Sleep ``seconds``, telling the observers when the pause starts and ends."""
        if seconds <= 0:
            await self.sleep(seconds)
            return
        self._tell(reason, seconds)
        try:
            await self.sleep(seconds)
        finally:
            self._tell(reason, 0.0)

    async def _rate_pause(self, seconds: float) -> None:
        """The limiter's pause: pacing's short gaps go untold (they are the normal pace)."""
        if seconds < QUIET_WAIT:
            await self.sleep(seconds)
        else:
            await self.pause(WaitReason.RATE_LIMIT, seconds)

    def _tell(self, reason: WaitReason, seconds: float) -> None:
        for observer in list(self.observers):
            try:
                observer(reason, seconds)
            except Exception:  # an observer's bug must not break the call it watches
                log.exception("wait observer failed")

    def _delay(self, attempt: int) -> float:
        return float(min(self.max_backoff, self.backoff * (2**attempt)))

    def _rate_delay(self, answer: Answer, attempt: int) -> float:
        """How long the tenant asks to wait after a 429 (not yet bounded)."""
        reset = timestamp_header(answer.headers, "x-ratelimit-reset")
        after = retry_after(answer.headers, self.clock())
        if reset is not None:
            wait = reset - self.clock()
        elif after is not None:
            wait = after
        else:
            wait = self._delay(attempt)
        return max(wait, 0.0)

    def budgets(self) -> Budgets:
        """The budgets one call starting now must fit (its own, the core's, the block's)."""
        own = Budget(self.call_budget, self.clock) if self.call_budget is not None else None
        return Budgets(own, self.budget, scoped())

    def _exceeded(
        self, budgets: Budgets, method: str, path: str, *, maybe_processed: bool = False
    ) -> BudgetExceededError:
        """The error for a call that ran out of time: it names the budget that ran out."""
        tightest = budgets.tightest()
        seconds = tightest.seconds if tightest is not None else None
        within = f"within {seconds:g} s" if seconds is not None else "in time"
        err = BudgetExceededError(
            f"The tenant at {self.base_url} stopped answering: {method} {path} did not finish "
            f"{within}, retries included",
            seconds=seconds,
            method=method,
            path=path,
        )
        err.maybe_processed = maybe_processed
        return err

    def _attempt_seconds(
        self, budgets: Budgets, method: str, path: str
    ) -> tuple[float | None, bool]:
        """One attempt's deadline, and whether a budget (not the deadline) sets it; raises
        :class:`BudgetExceededError` when nothing is left for an attempt."""
        capped = budgets.cap(self.deadline)
        if capped is not None and capped <= 0:
            raise self._exceeded(budgets, method, path)
        return capped, capped is not None and (self.deadline is None or capped < self.deadline)

    async def _retry_pause(
        self, budgets: Budgets, seconds: float, method: str, path: str, failure: ApiError
    ) -> None:
        """The back-off before a retry; when it does not fit what is left, the call ends:
        with ``failure`` if the tenant answered, else with the budget named."""
        if seconds >= budgets.left():
            if isinstance(failure, RequestTimeoutError | UnreachableError):
                raise self._exceeded(
                    budgets, method, path, maybe_processed=failure.maybe_processed
                ) from None
            raise failure
        await self.pause(WaitReason.RETRY, seconds)

    async def token(self, budgets: Budgets | None = None) -> Token:
        """The management token, its request bounded like any other and retried when safe."""
        budgets = budgets or self.budgets()
        attempt = 0
        path = "/oauth/token"
        while True:
            seconds, by_budget = self._attempt_seconds(budgets, "POST", path)
            try:
                try:
                    # The token request has the same total deadline as any other.
                    async with asyncio.timeout(seconds):
                        return await self.tokens.get(self.http, self.base_url)
                except TimeoutError:
                    if by_budget:
                        raise self._exceeded(budgets, "POST", path) from None
                    raise RequestTimeoutError(
                        f"The tenant at {self.base_url} did not answer the token request in time",
                        seconds=self.deadline,
                        method="POST",
                        path=path,
                    ) from None
            except (ServerError, UnreachableError, RequestTimeoutError) as exc:
                # Nothing reached the Management API yet: retrying is always safe.
                if attempt >= self.max_retries or isinstance(exc, BudgetExceededError):
                    raise
                await self._retry_pause(budgets, self._delay(attempt), "POST", path, exc)
                attempt += 1

    async def post_form(
        self,
        path: str,
        form: Mapping[str, str],
        *,
        max_bytes: int,
        headers: Mapping[str, str] | None = None,
    ) -> Answer:
        """POST a form outside the Management API (``/oauth/token``), once, and return the answer.

        No management token, no retries (a refusal is an answer); the same total
        deadline, and bodies capped at ``max_bytes``. No answer is a typed error.
        ``headers`` are added to the request (the mTLS edge headers, local tenant only).
        """
        request = self.http.build_request(
            "POST", self.base_url + path, data=dict(form), headers=dict(headers or {})
        )
        budgets = self.budgets()
        seconds, by_budget = self._attempt_seconds(budgets, "POST", path)
        try:
            async with asyncio.timeout(seconds):
                return await read_answer(
                    self.http, request, method="POST", path=path, max_bytes=max_bytes
                )
        except TimeoutError:
            if by_budget:
                raise self._exceeded(budgets, "POST", path, maybe_processed=True) from None
            raise self._transport_error(TimeoutError(), "POST", path) from None
        except httpx.TransportError as exc:
            raise self._transport_error(exc, "POST", path) from None

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
        sent: asyncio.Event | None = None,
    ) -> Answer:
        """Send one Management API call and return its 2xx answer, or raise an ApiError.

        ``sent`` is set once the request is written out (the answer not yet read), when
        the transport says so (httpcore's trace; an in-process transport does not).
        """
        method = method.upper()
        retry_ok = method in IDEMPOTENT if idempotent is None else idempotent
        attempt = 0
        refreshed = False
        rate_waited = 0.0
        budgets = self.budgets()
        while True:
            token = await self.token(budgets)
            ticket, waited = await self.limiter.acquire(
                min(self.max_rate_wait - rate_waited, budgets.left())
            )
            rate_waited += waited
            try:
                seconds, by_budget = self._attempt_seconds(budgets, method, path)
            except BudgetExceededError:
                self.limiter.release(ticket, None)
                raise
            request = self.http.build_request(
                method,
                self.base_url + path,
                params=params,
                json=json,
                headers={"Authorization": f"Bearer {token.value}"},
            )
            if sent is not None:
                request.extensions["trace"] = _setting_when_sent(sent)
            try:
                self.requests_sent += 1
                # httpx's timeouts are per phase and restart with every byte; this bounds
                # the whole attempt, so a body trickled a byte at a time still ends.
                async with asyncio.timeout(seconds):
                    answer = await read_answer(
                        self.http, request, method=method, path=path, max_bytes=self.max_bytes
                    )
            except (httpx.TransportError, TimeoutError) as exc:
                self.limiter.release(ticket, None)
                err = self._transport_error(exc, method, path)
                if by_budget and isinstance(exc, TimeoutError):
                    raise self._exceeded(
                        budgets, method, path, maybe_processed=err.maybe_processed
                    ) from None
                if retry_ok and attempt < self.max_retries:
                    log.debug("%s %s: %s, retrying", method, path, type(exc).__name__)
                    await self._retry_pause(budgets, self._delay(attempt), method, path, err)
                    attempt += 1
                    continue
                raise err from None
            except asyncio.CancelledError:  # the caller gave up: the request is no longer out
                self.limiter.release(ticket, None)
                raise
            except MalformedResponseError as exc:  # too large: not retried, it would be again
                self.limiter.release(ticket, None)
                exc.maybe_processed = not retry_ok and not 400 <= exc.status < 500
                raise
            self.limiter.release(ticket, answer.headers)
            log.debug("%s %s -> %s", method, path, answer.status)
            status = answer.status
            if 200 <= status < 300:
                return answer
            if status == 401 and not refreshed and self.tokens.invalidate(token):
                refreshed = True  # a 401 means nothing was done: safe for any method
                continue
            if status == 429:
                self.limiter.note_limited(timestamp_header(answer.headers, "x-ratelimit-reset"))
                # A 429 is a refusal: resending proves nothing was done twice, even for POST.
                left = min(self.max_rate_wait - rate_waited, budgets.left())
                wait = self._rate_delay(answer, attempt)
                if wait > left:
                    # Longer than credtui waits: the reset may be poisoned, or name when a
                    # big bucket is full again rather than when one request fits. Back off
                    # briefly instead, within what is left; at the end, name the reset.
                    wait = min(self._delay(attempt), left)
                if attempt < self.max_retries and left > 0:
                    self.limiter.waits.append(wait)
                    await self.pause(WaitReason.RATE_LIMIT, wait)
                    rate_waited += wait
                    attempt += 1
                    continue
            err = error_from_response(answer, method, path)
            if status >= 500 and retry_ok and attempt < self.max_retries:
                await self._retry_pause(budgets, self._delay(attempt), method, path, err)
                attempt += 1
                continue
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


def _setting_when_sent(sent: asyncio.Event) -> Callable[[str, dict[str, Any]], Awaitable[None]]:
    """An httpcore ``trace`` callback that sets ``sent`` when the request body is written."""

    async def trace(event: str, info: dict[str, Any]) -> None:
        if event.endswith(".send_request_body.complete"):
            sent.set()

    return trace
