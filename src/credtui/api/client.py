"""The async Management API client: the one way credtui talks to a tenant.

One :class:`ManagementClient` holds one ``httpx.AsyncClient`` (its transport
injectable) and offers typed operations returning :mod:`credtui.models`
dataclasses. Every call goes through :class:`credtui.api._http.HttpCore`
(token, rate-limit pacing, retries, errors). Input is checked locally first
(:mod:`credtui.api.checks`): a refused input raises
:class:`~credtui.errors.LocalValidationError` and sends nothing.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx

from credtui.api._http import Clock, HttpCore, Sleep, api_path
from credtui.api.checks import (
    LocalIdentity,
    check_auth_change,
    check_credential_draft,
    check_expiry,
)
from credtui.api.tokens import TokenCache, TokenSource, base_url_from_domain, source_for_profile
from credtui.errors import (
    AmbiguousWriteError,
    ApiError,
    CredtuiError,
    ForbiddenError,
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
    format_timestamp,
)

if TYPE_CHECKING:
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
    "require_proof_of_possession",
    "access_token",
    "jwt_configuration",
)
"""The client fields the UI lists (asked for with ``fields=...&include_fields=true``)."""

PAGE_SIZE = 100
_OFFSET = "page:"
"""Auth0's maximum for both ``take`` and ``per_page``."""


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
    bounds each phase of a request (connect, read...), and twice it the whole attempt;
    ``clock``/``sleep`` replace time; ``concurrency`` bounds the requests
    :meth:`iter_credentials` keeps in flight. Use as ``async with``.
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
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.concurrency = max(1, concurrency)
        self._http = httpx.AsyncClient(
            transport=transport,
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
            deadline=timeout * 2,
        )
        self._clock = clock

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
        with a ``next_from`` of the form ``page:N``.
        """
        base: dict[str, str | int] = {"fields": ",".join(fields), "include_fields": "true"}
        path = api_path("clients")
        if next_from is None or not next_from.startswith(_OFFSET):
            params = {**base, "take": page_size}
            if next_from is not None:
                params["from"] = next_from
            data = (await self.core.request("GET", path, params=params)).json()
            if isinstance(data, dict) and "clients" in data:
                nxt = data.get("next")
                rows = data["clients"] if isinstance(data["clients"], list) else []
                apps = tuple(Application.from_api(c) for c in rows if isinstance(c, dict))
                more = isinstance(nxt, str) and nxt != "" and nxt != next_from and bool(apps)
                return ApplicationPage(apps, index, next_from=nxt if more else None)
            log.debug("the tenant ignored checkpoint paging; using page/per_page")
            next_from = f"{_OFFSET}0"
        page = int(next_from[len(_OFFSET) :])
        params = {**base, "page": page, "per_page": page_size, "include_totals": "true"}
        data = (await self.core.request("GET", path, params=params)).json()
        rows = data.get("clients", []) if isinstance(data, dict) else data
        total = data.get("total") if isinstance(data, dict) else None
        apps = tuple(Application.from_api(c) for c in rows if isinstance(c, dict))
        done = len(apps) < page_size or (
            isinstance(total, int) and page * page_size + len(apps) >= total
        )
        return ApplicationPage(
            apps,
            index,
            next_from=None if done else f"{_OFFSET}{page + 1}",
            total=total if isinstance(total, int) else None,
        )

    async def iter_application_pages(
        self, *, page_size: int = PAGE_SIZE, fields: Sequence[str] = APP_FIELDS
    ) -> AsyncIterator[ApplicationPage]:
        """Yield pages of applications as they arrive (see :meth:`get_application_page`)."""
        next_from: str | None = None
        index = 0
        while True:
            page = await self.get_application_page(
                next_from, index=index, page_size=page_size, fields=fields
            )
            yield page
            if page.next_from is None:
                return
            next_from, index = page.next_from, index + 1

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
        resp = await self.core.request(
            "GET", api_path("clients", ("client_id", client_id)), params=params
        )
        return Application.from_api(resp.json())

    async def update_authentication(self, client_id: str, change: AuthChange) -> Application:
        """Change the authentication method, JAR and token binding; returns the application.

        A 403 that is not a missing scope, on a change that touches a plan-gated
        feature, is raised as :class:`PlanRequiredError`.
        """
        check_auth_change(change)
        body = change.to_body()
        path = api_path("clients", ("client_id", client_id))
        try:
            resp = await self.core.request("PATCH", path, json=body, idempotent=True)
        except ForbiddenError as exc:
            raise _plan_error(exc, change.plan_keys) from None
        return Application.from_api(resp.json())

    # --- credentials -------------------------------------------------------------------

    async def list_credentials(self, client_id: str) -> list[Credential]:
        """All credentials of one application (Auth0 does not page this list)."""
        path = api_path("clients", ("client_id", client_id), "credentials")
        data = (await self.core.request("GET", path)).json()
        return (
            [Credential.from_api(c) for c in data if isinstance(c, dict)]
            if isinstance(data, list)
            else []
        )

    async def get_credential(self, client_id: str, credential_id: str) -> Credential:
        """One credential."""
        path = api_path(
            "clients", ("client_id", client_id), "credentials", ("credential_id", credential_id)
        )
        return Credential.from_api((await self.core.request("GET", path)).json())

    async def create_credential(self, client_id: str, draft: CredentialDraft) -> Credential:
        """Check ``draft`` locally, then create it.

        The POST is never resent blindly: if it may have reached the tenant but no
        answer came (timeout, dropped connection, 5xx), the credentials are listed
        and a credential with the same kid, thumbprint or subject DN (and name) is
        returned as the result. If none is there, the original error is raised
        saying so; if the check itself fails, :class:`AmbiguousWriteError`.
        """
        client_path = api_path("clients", ("client_id", client_id))  # checks the id first
        checked = check_credential_draft(draft, self._now())
        path = client_path + "/credentials"
        try:
            resp = await self.core.request(
                "POST", path, json=checked.draft.to_body(), idempotent=False
            )
        except ForbiddenError as exc:
            raise _plan_error(exc, (draft.credential_type.value,)) from None
        except ApiError as exc:
            if not exc.maybe_processed:
                raise
            return await self._reconcile_create(client_id, checked.draft, checked.identity, exc)
        return Credential.from_api(resp.json())

    async def _reconcile_create(
        self, client_id: str, draft: CredentialDraft, identity: LocalIdentity, exc: ApiError
    ) -> Credential:
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
        matches = [c for c in existing if identity.matches(c, draft.name)]
        if matches:
            newest = max(matches, key=lambda c: c.created_at or datetime.min.replace(tzinfo=UTC))
            log.info("the credential was created after all: %s", newest.id)
            return newest
        exc.message = f"{exc.message}; the credential was not created"
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
        resp = await self.core.request("PATCH", path, json=body, idempotent=True)
        return Credential.from_api(resp.json())

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
