"""The async Management API client: the one way credtui talks to a tenant.

One :class:`ManagementClient` holds one ``httpx.AsyncClient`` (its transport
injectable) and offers typed operations returning :mod:`credtui.models`
dataclasses. Every call goes through :class:`credtui.api._http.HttpCore`
(token, rate-limit pacing, retries, errors). Input is checked locally first
(:mod:`credtui.checks`): a refused input raises
:class:`~credtui.errors.LocalValidationError` and sends nothing.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Collection,
    Iterable,
    Mapping,
    Sequence,
)
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from credtui.api._http import Answer, Clock, HttpCore, Sleep, api_path
from credtui.api._wire import MAX_RESPONSE_BYTES
from credtui.api.budget import DEFAULT_BUDGET, Budget, Budgets, scoped, within
from credtui.api.paging import MAX_CURSOR, MAX_PAGES, PagingGuard
from credtui.api.ratelimit import WaitObserver
from credtui.api.tokens import (
    MAX_TOKEN_BYTES,
    TokenCache,
    TokenSource,
    base_url_from_domain,
    source_for_profile,
)
from credtui.checks import (
    CheckedCredential,
    check_auth_change,
    check_credential_draft,
    check_expiry,
)
from credtui.errors import (
    AmbiguousWriteError,
    ApiError,
    CredtuiError,
    ForbiddenError,
    LocalValidationError,
    MalformedResponseError,
    PagingError,
    PlanRequiredError,
    ScopeError,
    looks_plan_gated,
    plan_feature_for,
)
from credtui.models import (
    Application,
    ApplicationPage,
    AuthChange,
    Credential,
    CredentialDraft,
    CredentialType,
    NewClientSecret,
    format_timestamp,
)

if TYPE_CHECKING:
    import ssl

    from credtui.config import Profile

__all__ = ["APP_FIELDS", "CredentialsResult", "ManagementClient"]

log = logging.getLogger("credtui.api")

APP_FIELDS: tuple[str, ...] = (
    "client_id",
    "name",
    "app_type",
    "token_endpoint_auth_method",
    "client_authentication_methods",
    "signed_request_object",
    "token_vault_privileged_access",
    "require_proof_of_possession",
    "access_token",
    "jwt_configuration",
    "global",
)
"""The client fields the UI lists (asked for with ``fields=...&include_fields=true``).

``global`` marks the tenant's global client ("All Applications"): it holds no
credentials, so listings leave it out (:func:`_applications`) and plans refuse it."""

PAGE_SIZE = 100
"""Auth0's maximum for both ``take`` and ``per_page``."""
_OFFSET = "page:"
_M = TypeVar("_M")
_SAME = {
    CredentialType.PUBLIC_KEY: "with the same kid",
    CredentialType.X509_CERT: "with the same certificate",
    CredentialType.CERT_SUBJECT_DN: "with the same subject DN",
}
MAX_CREDENTIALS = 100
"""The longest credential list believed: Auth0 allows 4 per application."""


@dataclass(frozen=True)
class CredentialsResult:
    """The credentials of one application, or why they could not be listed."""

    index: int
    """Position of ``client_id`` in the order the caller asked."""
    client_id: str
    credentials: tuple[Credential, ...] | None
    error: CredtuiError | None = None

    @property
    def ok(self) -> bool:
        """Whether the listing succeeded."""
        return self.error is None


class ManagementClient:
    """Typed Management API operations over one ``httpx.AsyncClient``.

    ``base_url`` is ``https://{tenant}`` (see :func:`base_url_from_domain`).
    ``transport`` replaces the network (tests pass the emulator's); ``timeout``
    bounds each phase of a request (connect, read...), and ``deadline`` (default
    twice ``timeout``) the whole attempt, the token request included;
    ``max_rate_wait`` bounds the seconds one call waits for the rate limit, in all;
    ``call_budget`` the seconds one call takes in all, token, retries and waits
    included (default 60; None: no bound), and ``total_budget`` every call of this
    client together, counted from now (a command's ``--timeout``; see
    :mod:`credtui.api.budget` and :meth:`action_budget`);
    ``max_response_bytes`` caps an answer; ``on_wait`` hears of every pause (see
    :meth:`observe_waits`); ``clock``/``sleep`` replace time; ``concurrency``
    bounds the requests :meth:`iter_credentials` keeps in flight; ``verify`` is
    httpx's (an ``ssl.SSLContext`` made ahead saves loading the CA bundle, ~50 ms,
    when the UI starts). Use as ``async with``.
    """

    def __init__(
        self,
        base_url: str,
        token_source: TokenSource,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 15.0,
        clock: Clock = time.time,
        sleep: Sleep = asyncio.sleep,
        max_retries: int = 3,
        concurrency: int = 8,
        user_agent: str = "credtui",
        deadline: float | None = None,
        max_rate_wait: float = 60.0,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        on_wait: WaitObserver | None = None,
        verify: ssl.SSLContext | bool = True,
        call_budget: float | None = DEFAULT_BUDGET,
        total_budget: float | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.concurrency = max(1, concurrency)
        self._http = httpx.AsyncClient(
            transport=transport,
            verify=verify,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": user_agent, "Accept": "application/json"},
            follow_redirects=False,
        )
        self.tokens = TokenCache(token_source, clock=clock)
        self.core = HttpCore(
            self._http,
            self.base_url,
            self.tokens,
            clock=clock,
            sleep=sleep,
            max_retries=max_retries,
            deadline=deadline if deadline is not None else timeout * 2,
            max_rate_wait=max_rate_wait,
            max_bytes=max_response_bytes,
            call_budget=call_budget,
            budget=Budget(total_budget, clock) if total_budget is not None else None,
        )
        if on_wait is not None:
            self.core.observe_waits(on_wait)
        self._clock = clock
        self.max_pages = MAX_PAGES
        """Pages one listing may take before it stops with :class:`PagingError`."""

    @classmethod
    def for_domain(cls, domain: str, token_source: TokenSource, **kwargs: Any) -> ManagementClient:
        """A client for a profile's domain (bare tenant domain or loopback URL)."""
        return cls(base_url_from_domain(domain), token_source, **kwargs)

    @classmethod
    def from_profile(
        cls,
        profile: Profile,
        *,
        config_path: Path | None = None,
        environ: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> ManagementClient:
        """A client for a tenant profile (its domain and token source).

        ``kwargs`` go to the constructor (``transport``, ``clock``, ``sleep``...).
        Raises ``ConfigError`` for an incomplete profile, LocalValidationError for
        a bad domain; the private key is read at the first token request.
        """
        source = source_for_profile(profile, config_path=config_path, environ=environ)
        return cls(base_url_from_domain(profile.domain), source, **kwargs)

    def __repr__(self) -> str:
        return f"ManagementClient(base_url={self.base_url!r}, tokens={self.tokens!r})"

    async def __aenter__(self) -> ManagementClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self._http.aclose()

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), UTC)

    def observe_waits(self, observer: WaitObserver) -> Callable[[], None]:
        """Call ``observer(reason, seconds)`` when a call pauses (and with 0 when it resumes).

        Returns a function that stops it. The UI uses it to say "Waiting 12 s for
        the tenant's rate limit…" instead of looking stuck.
        """
        return self.core.observe_waits(observer)

    def action_budget(self, seconds: float = DEFAULT_BUDGET) -> AbstractContextManager[Budget]:
        """``with client.action_budget(60):``: every call inside the block (and tasks
        started there) shares one budget of ``seconds``, on this client's clock.

        The TUI gives each action one, so that saving a change, say, ends within a
        minute however the tenant behaves; a call that runs out raises
        :class:`~credtui.errors.BudgetExceededError`. :meth:`budget_left` says what
        is left, for a status line.
        """
        return within(Budget(seconds, self._clock))

    def budget_left(self) -> float | None:
        """Seconds left of the tightest budget this code runs under beyond one call's own
        (the block's or the client's), or None when there is none."""
        left = Budgets(self.core.budget, scoped()).left()
        return None if math.isinf(left) else max(left, 0.0)

    async def post_token_form(
        self, form: Mapping[str, str], *, headers: Mapping[str, str] | None = None
    ) -> Answer:
        """POST ``form`` to the tenant's ``/oauth/token`` once and return its answer, any status.

        For testing a credential (the management token is not involved): the same
        transport, total deadline and a 1 MiB cap as every other call. Raises
        :class:`RequestTimeoutError`, :class:`UnreachableError` or
        :class:`ResponseTooLargeError` when no usable answer came; read the body
        with ``answer.json(dict)`` or ``answer.json_or_none()``.
        """
        return await self.core.post_form(
            "/oauth/token", form, max_bytes=MAX_TOKEN_BYTES, headers=headers
        )

    # --- applications ------------------------------------------------------------------

    async def get_application_page(
        self,
        next_from: str | None = None,
        *,
        index: int = 0,
        page_size: int = PAGE_SIZE,
        fields: Sequence[str] = APP_FIELDS,
    ) -> ApplicationPage:
        """One page of applications: the first (``next_from=None``) or the one a page pointed to.

        Uses checkpoint paging (``from``/``take``). If the tenant answers the first
        request with a bare array (no checkpoint paging), it asks again with offset
        paging (``page``/``per_page``/``include_totals``); such pages point onwards
        with a ``next_from`` of the form ``page:N``. A page longer than asked, or
        a cursor no tenant would send, is :class:`MalformedResponseError`.
        """
        if next_from is None or not next_from.startswith(_OFFSET):
            answer, data = await self._checkpoint_answer(next_from, page_size, fields)
            if isinstance(data, dict):
                return _checkpoint_page(answer, data, index, page_size)
            log.debug("the tenant ignored checkpoint paging; using page/per_page")
            next_from = f"{_OFFSET}0"
        return await self._offset_page(next_from, index, page_size, fields)

    async def _checkpoint_answer(
        self,
        next_from: str | None,
        page_size: int,
        fields: Sequence[str],
        sent: asyncio.Event | None = None,
    ) -> tuple[Answer, Any]:
        """The tenant's answer to a checkpoint page request, and its JSON (an object or array)."""
        params = {**_listed(fields), "take": page_size}
        if next_from is not None:
            params["from"] = next_from
        answer = await self.core.request("GET", api_path("clients"), params=params, sent=sent)
        return answer, answer.json((dict, list))

    async def _offset_page(
        self, next_from: str, index: int, page_size: int, fields: Sequence[str]
    ) -> ApplicationPage:
        page = _page_number(next_from)
        params = {**_listed(fields), "page": page, "per_page": page_size, "include_totals": "true"}
        answer = await self.core.request("GET", api_path("clients"), params=params)
        data = answer.json((dict, list))
        rows = data.get("clients") if isinstance(data, dict) else data
        raw_total = data.get("total") if isinstance(data, dict) else None
        total = raw_total if type(raw_total) is int and raw_total >= 0 else None
        apps = _applications(answer, rows, page_size)
        count = len(rows) if isinstance(rows, list) else 0  # the global client included
        done = count < page_size or (total is not None and page * page_size + count >= total)
        return ApplicationPage(
            apps, index, next_from=None if done else f"{_OFFSET}{page + 1}", total=total
        )

    async def iter_application_pages(
        self,
        *,
        page_size: int = PAGE_SIZE,
        fields: Sequence[str] = APP_FIELDS,
        first: Awaitable[ApplicationPage] | None = None,
    ) -> AsyncIterator[ApplicationPage]:
        """Yield pages of applications as they arrive (see :meth:`get_application_page`).

        ``first``, when given, is the first page already asked for (with the same
        ``page_size`` and ``fields``), such as the one the UI asks for while it starts:
        its credtui error is raised as this listing's own; any other failure and the
        first page is asked for again here. Stops with
        :class:`PagingError` rather than run forever (see
        :class:`~credtui.api.paging.PagingGuard`), after at most :attr:`max_pages`.
        """
        guard = PagingGuard(api_path("clients"), page_size, self.max_pages)
        requested: str | None = None
        ahead: asyncio.Future[tuple[Answer, Any]] | None = None
        try:
            page = await _taken(first) if first is not None else None
            while True:
                if page is None:
                    page, ahead = await self._next_page(guard, requested, ahead, page_size, fields)
                guard.arrived(page)
                if page.next_from is None:
                    yield page
                    return
                requested = guard.follow(page, requested)
                yield page
                page = None
        finally:
            if ahead is not None:
                ahead.cancel()  # stops it; on a finished one, marks its error as heard

    async def _next_page(
        self,
        guard: PagingGuard,
        requested: str | None,
        ahead: asyncio.Future[tuple[Answer, Any]] | None,
        page_size: int,
        fields: Sequence[str],
    ) -> tuple[ApplicationPage, asyncio.Future[tuple[Answer, Any]] | None]:
        """The page ``requested`` points to (its answer already asked for when ``ahead``),
        and the request for the page after it, sent before this one is read.

        Reading a page (its models, then the caller's work on it) then overlaps the next
        round trip, which checkpoint paging otherwise leaves idle. The next cursor passes
        the guard's checks before it is asked for; offset pages are one at a time.
        """
        if ahead is None and requested is not None and requested.startswith(_OFFSET):
            return await self._offset_page(requested, guard.pages, page_size, fields), None
        answer, data = await (ahead or self._checkpoint_answer(requested, page_size, fields))
        if not isinstance(data, dict):
            log.debug("the tenant ignored checkpoint paging; using page/per_page")
            return await self._offset_page(f"{_OFFSET}0", guard.pages, page_size, fields), None
        nxt, rows, following = data.get("next"), data.get("clients"), None
        if (
            isinstance(nxt, str)
            and 0 < len(nxt) <= MAX_CURSOR
            and isinstance(rows, list)
            and 0 < len(rows) <= page_size
        ):
            try:
                guard.check(nxt, requested, pages=guard.pages + 1, total=None)
            except PagingError:
                pass  # raised in its turn, once this page is read
            else:
                sent = asyncio.Event()
                following = asyncio.ensure_future(
                    self._checkpoint_answer(nxt, page_size, fields, sent=sent)
                )
                await _on_the_wire(sent, following)
        try:
            return _checkpoint_page(answer, data, guard.pages, page_size), following
        except BaseException:
            if following is not None:
                following.cancel()
            raise

    async def list_applications(self, *, fields: Sequence[str] = APP_FIELDS) -> list[Application]:
        """Every application of the tenant (all pages)."""
        apps: list[Application] = []
        async for page in self.iter_application_pages(fields=fields):
            apps.extend(page.applications)
        return apps

    async def get_application(
        self, client_id: str, *, fields: Sequence[str] = APP_FIELDS
    ) -> Application:
        """One application with the fields credtui uses."""
        params = {"fields": ",".join(fields), "include_fields": "true"}
        answer = await self.core.request(
            "GET", api_path("clients", ("client_id", client_id)), params=params
        )
        return _application(answer)

    async def update_authentication(self, client_id: str, change: AuthChange) -> Application:
        """Change the authentication method, JAR and token binding; returns the application.

        A 403 that is not a missing scope, on a change that touches a plan-gated
        feature, is raised as :class:`PlanRequiredError`.
        """
        check_auth_change(change)
        body = change.to_body()
        path = api_path("clients", ("client_id", client_id))
        try:
            answer = await self.core.request("PATCH", path, json=body, idempotent=True)
        except ForbiddenError as exc:
            raise _plan_error(exc, change.plan_keys) from None
        return _application(answer)

    async def rotate_client_secret(self, client_id: str) -> NewClientSecret:
        """``POST /clients/{id}/rotate-secret``: the application and its new client secret.

        From the tenant's answer on, the old secret no longer works. The POST is never
        resent (a second rotation would lose the first one's secret): a failure after it
        may have arrived has ``maybe_processed`` set, and so has a 2xx without a usable
        ``client_secret`` (the tenant did rotate). The secret is never logged.
        """
        path = api_path("clients", ("client_id", client_id), "rotate-secret")
        answer = await self.core.request("POST", path, idempotent=False)
        try:
            body = answer.json(dict)
            secret = body.get("client_secret")
            if not _usable_secret(secret):
                raise answer.refuse("an answer without a usable new client_secret")
            return NewClientSecret(_application(answer, body), str(secret))
        except MalformedResponseError as exc:
            exc.maybe_processed = True  # a 2xx: the tenant did act
            raise

    # --- credentials -------------------------------------------------------------------

    async def list_credentials(self, client_id: str) -> list[Credential]:
        """All credentials of one application (Auth0 does not page this list)."""
        path = api_path("clients", ("client_id", client_id), "credentials")
        answer = await self.core.request("GET", path)
        rows = answer.json(list)
        if len(rows) > MAX_CREDENTIALS:
            raise answer.refuse(
                f"a list of {len(rows):,} credentials (Auth0 allows 4 per application)"
            )
        return [_credential(answer, c) for c in rows if isinstance(c, dict)]

    async def get_credential(self, client_id: str, credential_id: str) -> Credential:
        """One credential."""
        path = api_path(
            "clients", ("client_id", client_id), "credentials", ("credential_id", credential_id)
        )
        return _credential(await self.core.request("GET", path))

    async def create_credential(
        self,
        client_id: str,
        draft: CredentialDraft | CheckedCredential,
        *,
        existing_ids: Collection[str] | None = None,
    ) -> Credential:
        """Check ``draft`` locally (unless it is checked already), then create it.

        The POST is never resent blindly: if it may have reached the tenant but no
        answer came (timeout, dropped connection, 5xx), the credentials are listed
        and a credential with the same kid, thumbprint or subject DN (and name)
        that was not there before the POST is returned as the result. A credential
        that was already there is never taken for the new one (an application may
        hold that DN already, or the tenant refused the duplicate). If none is
        there, the original error is raised saying so; if the check itself fails,
        :class:`AmbiguousWriteError`.

        ``existing_ids`` are the ids of the application's credentials as they stand
        just before this call (read by the caller moments ago). When it is None the
        credentials are listed here, before the POST: whether that list is needed
        is only known once the POST went unanswered, and by then it is too late to
        read it. One GET more per create is cheap (creates are rare); a failure of
        that GET is raised and nothing is created.
        """
        client_path = api_path("clients", ("client_id", client_id))  # checks the id first
        checked = (
            draft
            if isinstance(draft, CheckedCredential)
            else check_credential_draft(draft, self._now())
        )
        if existing_ids is None:
            before = frozenset(c.id for c in await self.list_credentials(client_id))
        else:
            before = frozenset(existing_ids)
        path = client_path + "/credentials"
        try:
            answer = await self.core.request(
                "POST", path, json=checked.draft.to_body(), idempotent=False
            )
            return _credential(answer)
        except ForbiddenError as exc:
            raise _plan_error(exc, (checked.credential_type.value,)) from None
        except MalformedResponseError as exc:
            # A 2xx that cannot be read: the tenant did act, so find out what it made.
            exc.maybe_processed = True
            return await self._reconcile_create(client_id, checked, before, exc)
        except ApiError as exc:
            if not exc.maybe_processed:
                raise
            return await self._reconcile_create(client_id, checked, before, exc)

    async def _reconcile_create(
        self, client_id: str, checked: CheckedCredential, before: frozenset[str], exc: ApiError
    ) -> Credential:
        """The credential an unanswered POST created, found among those not there ``before``."""
        log.info(
            "create on %s had no clear answer (%s); checking the credential list",
            client_id,
            exc.status,
        )
        try:
            existing = await self.list_credentials(client_id)
        except ApiError as check_exc:
            raise AmbiguousWriteError(
                f"The tenant may or may not have created the credential ({exc.message}), and "
                f"listing the credentials to find out failed too ({check_exc.message})",
                cause=exc,
                status=exc.status,
                method=exc.method,
                path=exc.path,
            ) from None
        name = checked.draft.name
        matches = [c for c in existing if checked.identity.matches(c, name)]
        new = [c for c in matches if c.id not in before]
        if new:
            newest = max(new, key=lambda c: c.created_at or datetime.min.replace(tzinfo=UTC))
            log.info("the credential was created after all: %s", newest.id)
            return newest
        exc.message = f"{exc.message}; the credential was not created"
        if matches:  # the same key or DN, but held from before: not this run's
            same = _SAME[checked.identity.credential_type]
            exc.message += f" ({matches[0].id}, {same}, was there before)"
        exc.args = (exc.message,)
        exc.maybe_processed = False
        raise exc

    async def update_credential_expiry(
        self, client_id: str, credential_id: str, expires_at: datetime | None
    ) -> Credential:
        """Set (or, with None, clear) a credential's expiry; only ``expires_at`` is sent."""
        if expires_at is not None:
            check_expiry(expires_at, self._now())
        path = api_path(
            "clients", ("client_id", client_id), "credentials", ("credential_id", credential_id)
        )
        body = {"expires_at": format_timestamp(expires_at) if expires_at is not None else None}
        return _credential(await self.core.request("PATCH", path, json=body, idempotent=True))

    async def delete_credential(self, client_id: str, credential_id: str) -> None:
        """Delete a credential (Auth0 answers 204 even if it was already gone)."""
        path = api_path(
            "clients", ("client_id", client_id), "credentials", ("credential_id", credential_id)
        )
        await self.core.request("DELETE", path)

    async def iter_credentials(
        self,
        client_ids: Iterable[str],
        *,
        concurrency: int | None = None,
        ordered: bool = False,
    ) -> AsyncIterator[CredentialsResult]:
        """List the credentials of many applications, at most ``concurrency`` in flight.

        Requests start in the order given (put the rows on screen first). Results
        are yielded as they complete, or in the order given with ``ordered=True``.
        A failure for one application is a result with ``error`` set, not an
        exception. Closing the iterator early cancels what is still in flight.
        """
        ids = list(client_ids)
        limit = max(1, concurrency or self.concurrency)

        async def one(i: int, cid: str) -> CredentialsResult:
            try:
                return CredentialsResult(i, cid, tuple(await self.list_credentials(cid)))
            except CredtuiError as exc:
                return CredentialsResult(i, cid, None, exc)

        running: set[asyncio.Task[CredentialsResult]] = set()
        buffered: dict[int, CredentialsResult] = {}
        next_start = next_yield = 0
        try:
            while next_yield < len(ids):
                while next_start < len(ids) and len(running) < limit:
                    running.add(asyncio.create_task(one(next_start, ids[next_start])))
                    next_start += 1
                done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in sorted(done, key=lambda t: t.result().index):
                    result = task.result()
                    if ordered:
                        buffered[result.index] = result
                    else:
                        next_yield += 1
                        yield result
                while ordered and next_yield in buffered:
                    next_yield += 1
                    yield buffered.pop(next_yield - 1)
        finally:
            for task in running:
                task.cancel()
            if running:
                await asyncio.gather(*running, return_exceptions=True)


def _page_number(next_from: str) -> int:
    """N from a ``page:N`` cursor (made by this module; anything else is refused)."""
    text = next_from[len(_OFFSET) :]
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        raise LocalValidationError("next_from", "not a page cursor credtui made", code="bad_cursor")
    return int(text)


def _build(answer: Answer, build: Callable[[], _M]) -> _M:
    """A model from tenant JSON; anything the model cannot take is a typed error."""
    try:
        return build()
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        raise answer.refuse(f"not a shape credtui can read ({type(exc).__name__})") from None


def _application(answer: Answer, data: Any = None) -> Application:
    body = answer.json(dict) if data is None else data
    return _build(answer, lambda: Application.from_api(body))


MAX_SECRET_CHARS = 1024
"""The longest client secret believed (Auth0's are 64 characters)."""


def _usable_secret(value: object) -> bool:
    """A client secret credtui can hand on: printable ASCII without spaces, not too long."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= MAX_SECRET_CHARS
        and value.isascii()
        and value.isprintable()
        and " " not in value
    )


def _credential(answer: Answer, data: Any = None) -> Credential:
    body = answer.json(dict) if data is None else data
    return _build(answer, lambda: Credential.from_api(body))


def _listed(fields: Sequence[str]) -> dict[str, str | int]:
    """The query every page of applications asks with: only ``fields``."""
    return {"fields": ",".join(fields), "include_fields": "true"}


def _checkpoint_page(
    answer: Answer, data: Mapping[str, Any], index: int, page_size: int
) -> ApplicationPage:
    """A checkpoint page's applications and where the next one is (None: the last)."""
    rows = data.get("clients")
    apps = _applications(answer, rows, page_size)
    nxt = data.get("next")
    if isinstance(nxt, str) and len(nxt) > MAX_CURSOR:
        raise answer.refuse(f"a page whose next cursor is {len(nxt):,} characters")
    more = isinstance(nxt, str) and nxt != "" and bool(rows)
    return ApplicationPage(apps, index, next_from=nxt if more else None)


def _applications(answer: Answer, rows: object, page_size: int) -> tuple[Application, ...]:
    """A page's applications, refusing a page that is not a list or longer than asked.

    The tenant's global client is left out: it holds no credentials and credtui changes
    nothing on it (it stays readable by id, :meth:`ManagementClient.get_application`).
    """
    if not isinstance(rows, list):
        raise answer.refuse("a page whose clients are not a list")
    if len(rows) > page_size:
        raise answer.refuse(
            f"a page longer than asked: credtui asked for {page_size} applications "
            f"and got {len(rows):,}"
        )
    apps = (_application(answer, c) for c in rows if isinstance(c, dict))
    return tuple(a for a in apps if not a.is_global)


def _plan_error(exc: ForbiddenError, keys: Iterable[str]) -> ForbiddenError:
    """A 403 on a plan-gated change, as :class:`PlanRequiredError` (missing scopes stay)."""
    if isinstance(exc, ScopeError | PlanRequiredError):
        return exc

    def plan_error(feature: str, plan: str) -> PlanRequiredError:
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
            return plan_error(*found)
    if looks_plan_gated(exc.message):
        return plan_error("This feature", "a higher Auth0 plan or add-on")
    return exc


ON_THE_WIRE_WAIT = 0.02
"""Seconds a page waits for the next one's request to be written before it is read: a
request held back (by the rate limit, a slow connect) must not hold this page back."""


async def _on_the_wire(sent: asyncio.Event, request: asyncio.Future[Any]) -> None:
    """Return once ``request`` is written out (``sent``), done, or ON_THE_WIRE_WAIT has passed.

    A task starts only when the current one yields; without this, the work on the page
    in hand would run before the next request even left.
    """
    waiting = asyncio.ensure_future(sent.wait())
    try:
        await asyncio.wait(
            {waiting, request}, timeout=ON_THE_WIRE_WAIT, return_when=asyncio.FIRST_COMPLETED
        )
    finally:
        waiting.cancel()


async def _taken(page: Awaitable[ApplicationPage]) -> ApplicationPage | None:
    """``page``'s answer, or its credtui error raised; None if it failed any other way
    (the caller then asks again)."""
    try:
        return await page
    except CredtuiError:
        raise
    except Exception:
        return None
