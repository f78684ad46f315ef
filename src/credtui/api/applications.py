"""Reading a tenant's applications, a page at a time, over the one request path.

Checkpoint paging (``from``/``take``) first; a tenant that answers with a bare
array gets offset paging (``page``/``per_page``/``include_totals``), whose pages
point onwards with a ``next_from`` of the form ``page:N``. A listing sends the
next page's request before the page in hand is read (the round trip overlaps the
reading), and stops with :class:`PagingError` rather than run forever
(:class:`~credtui.api.paging.PagingGuard`). :class:`~credtui.api.client.ManagementClient`
offers these as its methods.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Mapping, Sequence
from typing import Any

from credtui.api._http import HttpCore, api_path
from credtui.api._wire import Answer, build, taken_ahead
from credtui.api.paging import MAX_CURSOR, PagingGuard
from credtui.errors import LocalValidationError, PagingError
from credtui.models import Application, ApplicationPage

__all__ = [
    "APP_FIELDS",
    "PAGE_SIZE",
    "application_page",
    "iter_application_pages",
    "listed",
    "read_application",
]

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
Ahead = asyncio.Future[tuple[Answer, Any]]
"""The answer to the next page's request, asked for before the page in hand is read."""

ON_THE_WIRE_WAIT = 0.02
"""Seconds a page waits for the next one's request to be written before it is read: a
request held back (by the rate limit, a slow connect) must not hold this page back."""


def listed(fields: Sequence[str]) -> dict[str, str | int]:
    """The query that asks for only ``fields`` of a client (every page, one application)."""
    return {"fields": ",".join(fields), "include_fields": "true"}


def read_application(answer: Answer, data: Any = None) -> Application:
    """The application in ``answer`` (or in ``data``, part of it)."""
    body = answer.json(dict) if data is None else data
    return build(answer, lambda: Application.from_api(body))


async def application_page(
    core: HttpCore,
    next_from: str | None = None,
    *,
    index: int = 0,
    page_size: int = PAGE_SIZE,
    fields: Sequence[str] = APP_FIELDS,
) -> ApplicationPage:
    """One page of applications: the first (``next_from=None``) or the one a page pointed to.

    A page longer than asked, or a cursor no tenant would send, is
    :class:`MalformedResponseError`.
    """
    if next_from is None or not next_from.startswith(_OFFSET):
        answer, data = await _checkpoint_answer(core, next_from, page_size, fields)
        if isinstance(data, dict):
            return _checkpoint_page(answer, data, index, page_size)
        log.debug("the tenant ignored checkpoint paging; using page/per_page")
        next_from = f"{_OFFSET}0"
    return await _offset_page(core, next_from, index, page_size, fields)


async def iter_application_pages(
    core: HttpCore,
    *,
    page_size: int = PAGE_SIZE,
    fields: Sequence[str] = APP_FIELDS,
    first: Awaitable[ApplicationPage] | None = None,
    max_pages: int,
) -> AsyncIterator[ApplicationPage]:
    """Yield pages of applications as they arrive (see :func:`application_page`).

    ``first``, when given, is the first page already asked for (with the same
    ``page_size`` and ``fields``): its credtui error is raised as this listing's
    own; any other failure and the first page is asked for again here. At most
    ``max_pages`` pages.
    """
    guard = PagingGuard(api_path("clients"), page_size, max_pages)
    requested: str | None = None
    ahead: Ahead | None = None
    try:
        page = await taken_ahead(first) if first is not None else None
        while True:
            if page is None:
                page, ahead = await _next_page(core, guard, requested, ahead, page_size, fields)
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


async def _checkpoint_answer(
    core: HttpCore,
    next_from: str | None,
    page_size: int,
    fields: Sequence[str],
    sent: asyncio.Event | None = None,
) -> tuple[Answer, Any]:
    """The tenant's answer to a checkpoint page request, and its JSON (an object or array)."""
    params = {**listed(fields), "take": page_size}
    if next_from is not None:
        params["from"] = next_from
    answer = await core.request("GET", api_path("clients"), params=params, sent=sent)
    return answer, answer.json((dict, list))


async def _offset_page(
    core: HttpCore, next_from: str, index: int, page_size: int, fields: Sequence[str]
) -> ApplicationPage:
    page = _page_number(next_from)
    params = {**listed(fields), "page": page, "per_page": page_size, "include_totals": "true"}
    answer = await core.request("GET", api_path("clients"), params=params)
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


async def _next_page(
    core: HttpCore,
    guard: PagingGuard,
    requested: str | None,
    ahead: Ahead | None,
    page_size: int,
    fields: Sequence[str],
) -> tuple[ApplicationPage, Ahead | None]:
    """The page ``requested`` points to (its answer already asked for when ``ahead``),
    and the request for the page after it, sent before this one is read.

    Reading a page (its models, then the caller's work on it) then overlaps the next
    round trip, which checkpoint paging otherwise leaves idle. The next cursor passes
    the guard's checks before it is asked for; offset pages are one at a time.
    """
    if ahead is None and requested is not None and requested.startswith(_OFFSET):
        return await _offset_page(core, requested, guard.pages, page_size, fields), None
    answer, data = await (ahead or _checkpoint_answer(core, requested, page_size, fields))
    if not isinstance(data, dict):
        log.debug("the tenant ignored checkpoint paging; using page/per_page")
        return await _offset_page(core, f"{_OFFSET}0", guard.pages, page_size, fields), None
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
                _checkpoint_answer(core, nxt, page_size, fields, sent=sent)
            )
            await _on_the_wire(sent, following)
    try:
        return _checkpoint_page(answer, data, guard.pages, page_size), following
    except BaseException:
        if following is not None:
            following.cancel()
        raise


def _page_number(next_from: str) -> int:
    """N from a ``page:N`` cursor (made by this module; anything else is refused)."""
    text = next_from[len(_OFFSET) :]
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        raise LocalValidationError("next_from", "not a page cursor credtui made", code="bad_cursor")
    return int(text)


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
    nothing on it (it stays readable by id, ``ManagementClient.get_application``).
    """
    if not isinstance(rows, list):
        raise answer.refuse("a page whose clients are not a list")
    if len(rows) > page_size:
        raise answer.refuse(
            f"a page longer than asked: credtui asked for {page_size} applications "
            f"and got {len(rows):,}"
        )
    apps = (read_application(answer, c) for c in rows if isinstance(c, dict))
    return tuple(a for a in apps if not a.is_global)


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
