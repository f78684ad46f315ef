"""An application's credentials over the one request path: read, created, listed in bulk.

A create is never resent blindly (:func:`create_credential`): when the POST may have
reached the tenant but no usable answer came, the credentials are listed and the
new one found among them. :func:`iter_credentials` lists many applications'
credentials with a bounded number of requests in flight.
:class:`~credtui.api.client.ManagementClient` offers these as its methods.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from credtui.api._http import HttpCore, api_path
from credtui.api._http_errors import plan_error
from credtui.api._wire import Answer, build
from credtui.checks import CheckedCredential
from credtui.errors import (
    AmbiguousWriteError,
    ApiError,
    CredtuiError,
    ForbiddenError,
    MalformedResponseError,
)
from credtui.models import Credential, CredentialType

__all__ = [
    "MAX_CREDENTIALS",
    "CredentialsResult",
    "create_credential",
    "credential_path",
    "iter_credentials",
    "list_credentials",
    "read_credential",
]

log = logging.getLogger("credtui.api")

MAX_CREDENTIALS = 100
"""The longest credential list believed: Auth0 allows 4 per application."""
_SAME = {
    CredentialType.PUBLIC_KEY: "with the same kid",
    CredentialType.X509_CERT: "with the same certificate",
    CredentialType.CERT_SUBJECT_DN: "with the same subject DN",
}


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


def read_credential(answer: Answer, data: Any = None) -> Credential:
    """The credential in ``answer`` (or in ``data``, part of it)."""
    body = answer.json(dict) if data is None else data
    return build(answer, lambda: Credential.from_api(body))


def credential_path(client_id: str, credential_id: str) -> str:
    """``/api/v2/clients/{client_id}/credentials/{credential_id}``, each id checked."""
    return api_path(
        "clients", ("client_id", client_id), "credentials", ("credential_id", credential_id)
    )


async def list_credentials(core: HttpCore, client_id: str) -> list[Credential]:
    """All credentials of one application (Auth0 does not page this list)."""
    path = api_path("clients", ("client_id", client_id), "credentials")
    answer = await core.request("GET", path)
    rows = answer.json(list)
    if len(rows) > MAX_CREDENTIALS:
        raise answer.refuse(f"a list of {len(rows):,} credentials (Auth0 allows 4 per application)")
    return [read_credential(answer, c) for c in rows if isinstance(c, dict)]


async def create_credential(
    core: HttpCore, client_id: str, checked: CheckedCredential, before: frozenset[str]
) -> Credential:
    """POST the checked draft; when it may have been processed without a usable answer,
    the credential it made, found among those not there ``before`` (see
    ``ManagementClient.create_credential``)."""
    path = api_path("clients", ("client_id", client_id), "credentials")
    try:
        answer = await core.request("POST", path, json=checked.draft.to_body(), idempotent=False)
        return read_credential(answer)
    except ForbiddenError as exc:
        raise plan_error(exc, (checked.credential_type.value,)) from None
    except MalformedResponseError as exc:
        # A 2xx that cannot be read: the tenant did act, so find out what it made.
        exc.maybe_processed = True
        return await _reconcile_create(core, client_id, checked, before, exc)
    except ApiError as exc:
        if not exc.maybe_processed:
            raise
        return await _reconcile_create(core, client_id, checked, before, exc)


async def _reconcile_create(
    core: HttpCore,
    client_id: str,
    checked: CheckedCredential,
    before: frozenset[str],
    exc: ApiError,
) -> Credential:
    """The credential an unanswered POST created, found among those not there ``before``."""
    log.info(
        "create on %s had no clear answer (%s); checking the credential list",
        client_id,
        exc.status,
    )
    try:
        existing = await list_credentials(core, client_id)
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


async def iter_credentials(
    list_one: Callable[[str], Awaitable[list[Credential]]],
    client_ids: Iterable[str],
    *,
    limit: int,
    ordered: bool = False,
) -> AsyncGenerator[CredentialsResult, None]:
    """``list_one`` for each of ``client_ids``, at most ``limit`` in flight (see
    ``ManagementClient.iter_credentials``)."""
    ids = list(client_ids)
    limit = max(1, limit)

    async def one(i: int, cid: str) -> CredentialsResult:
        try:
            return CredentialsResult(i, cid, tuple(await list_one(cid)))
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
