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
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Collection,
    Iterable,
    Mapping,
    Sequence,
)
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx

from credtui.api._http import Answer, Clock, HttpCore, Sleep, api_path
from credtui.api._http_errors import plan_error
from credtui.api._wire import MAX_RESPONSE_BYTES
from credtui.api.applications import (
    APP_FIELDS,
    PAGE_SIZE,
    application_page,
    iter_application_pages,
    listed,
    read_application,
)
from credtui.api.budget import DEFAULT_BUDGET, Budget, Budgets, scoped, within
from credtui.api.credentials import (
    CredentialsResult,
    create_credential,
    credential_path,
    iter_credentials,
    list_credentials,
    read_credential,
)
from credtui.api.paging import MAX_PAGES
from credtui.api.ratelimit import WaitObserver
from credtui.api.token_cache import TokenCache
from credtui.api.tokens import MAX_TOKEN_BYTES, Token, TokenSource, base_url_from_domain
from credtui.checks import (
    CheckedCredential,
    check_auth_change,
    check_credential_draft,
    check_expiry,
)
from credtui.errors import (
    ForbiddenError,
    MalformedResponseError,
)
from credtui.models import (
    Application,
    ApplicationPage,
    AuthChange,
    Credential,
    CredentialDraft,
    NewClientSecret,
    format_timestamp,
)

if TYPE_CHECKING:
    import ssl
    from concurrent.futures import Future

__all__ = ["APP_FIELDS", "PAGE_SIZE", "CredentialsResult", "ManagementClient"]

log = logging.getLogger("credtui.api")


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
    when the UI starts). ``prefetched_token`` and ``prefetched_page`` are the token
    and first page of applications already asked for, in another thread (the UI's
    head start, :class:`credtui.connect.HeadStart`): the first token request and
    the first listing take them instead of asking again. Use as ``async with``.
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
        prefetched_token: Future[Token] | None = None,
        prefetched_page: Future[ApplicationPage] | None = None,
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
        self.tokens = TokenCache(token_source, clock=clock, prefetched=prefetched_token)
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
        self._prefetched_page = prefetched_page

    @classmethod
    def for_domain(cls, domain: str, token_source: TokenSource, **kwargs: Any) -> ManagementClient:
        """A client for a profile's domain (bare tenant domain or loopback URL)."""
        return cls(base_url_from_domain(domain), token_source, **kwargs)

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

    async def token(self) -> Token:
        """The management token (cached; asked for when there is none or it is stale), its
        request bounded and retried like any call: for asking for it ahead of the first call."""
        return await self.core.token()

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
        return await application_page(
            self.core, next_from, index=index, page_size=page_size, fields=fields
        )

    def iter_application_pages(
        self,
        *,
        page_size: int = PAGE_SIZE,
        fields: Sequence[str] = APP_FIELDS,
        first: Awaitable[ApplicationPage] | None = None,
    ) -> AsyncIterator[ApplicationPage]:
        """Yield pages of applications as they arrive (see :meth:`get_application_page`).

        ``first``, when given, is the first page already asked for (with the same
        ``page_size`` and ``fields``): its credtui error is raised as this listing's
        own; any other failure and the first page is asked for again here. Without
        it, the first listing of the default fields takes the page prefetched when
        this client was made (``prefetched_page``), once. Stops with
        :class:`PagingError` rather than run forever (see
        :class:`~credtui.api.paging.PagingGuard`), after at most :attr:`max_pages`.
        """
        if first is None and page_size == PAGE_SIZE and tuple(fields) == APP_FIELDS:
            first = self._take_prefetched_page()
        return iter_application_pages(
            self.core, page_size=page_size, fields=fields, first=first, max_pages=self.max_pages
        )

    def _take_prefetched_page(self) -> Awaitable[ApplicationPage] | None:
        page, self._prefetched_page = self._prefetched_page, None
        if page is None or page.cancelled():
            return None
        return asyncio.wrap_future(page)

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
        path = api_path("clients", ("client_id", client_id))
        answer = await self.core.request("GET", path, params=listed(fields))
        return read_application(answer)

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
            raise plan_error(exc, change.plan_keys) from None
        return read_application(answer)

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
            return NewClientSecret(read_application(answer, body), str(secret))
        except MalformedResponseError as exc:
            exc.maybe_processed = True  # a 2xx: the tenant did act
            raise

    # --- credentials -------------------------------------------------------------------

    async def list_credentials(self, client_id: str) -> list[Credential]:
        """All credentials of one application (Auth0 does not page this list)."""
        return await list_credentials(self.core, client_id)

    async def get_credential(self, client_id: str, credential_id: str) -> Credential:
        """One credential."""
        path = credential_path(client_id, credential_id)
        return read_credential(await self.core.request("GET", path))

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
        api_path("clients", ("client_id", client_id))  # the id is checked first
        checked = (
            draft
            if isinstance(draft, CheckedCredential)
            else check_credential_draft(draft, self._now())
        )
        if existing_ids is None:
            before = frozenset(c.id for c in await self.list_credentials(client_id))
        else:
            before = frozenset(existing_ids)
        return await create_credential(self.core, client_id, checked, before)

    async def update_credential_expiry(
        self, client_id: str, credential_id: str, expires_at: datetime | None
    ) -> Credential:
        """Set (or, with None, clear) a credential's expiry; only ``expires_at`` is sent."""
        if expires_at is not None:
            check_expiry(expires_at, self._now())
        path = credential_path(client_id, credential_id)
        body = {"expires_at": format_timestamp(expires_at) if expires_at is not None else None}
        return read_credential(await self.core.request("PATCH", path, json=body, idempotent=True))

    async def delete_credential(self, client_id: str, credential_id: str) -> None:
        """Delete a credential (Auth0 answers 204 even if it was already gone)."""
        await self.core.request("DELETE", credential_path(client_id, credential_id))

    def iter_credentials(
        self,
        client_ids: Iterable[str],
        *,
        concurrency: int | None = None,
        ordered: bool = False,
    ) -> AsyncGenerator[CredentialsResult, None]:
        """List the credentials of many applications, at most ``concurrency`` in flight.

        Requests start in the order given (put the rows on screen first). Results
        are yielded as they complete, or in the order given with ``ordered=True``.
        A failure for one application is a result with ``error`` set, not an
        exception. Closing the iterator early cancels what is still in flight.
        """
        limit = concurrency or self.concurrency
        return iter_credentials(self.list_credentials, client_ids, limit=limit, ordered=ordered)


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
