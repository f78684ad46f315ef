"""What is wrong with a tenant's credentials, and the sweep that reads them all.

:func:`find_problems` is pure: given one application, its credentials and a
clock, it lists what ``credtui check`` reports (and the TUI's expiry overview
shows): credentials expired or expiring within the window, or whose expiry the
tenant sent in a form credtui cannot read, credentials attached
to nothing, credentials attached to a method the application does not use, and
applications whose method has no usable credential.

:func:`sweep_tenant` reads every application (all pages) and then every
application's credentials through
:meth:`~credtui.api.client.ManagementClient.iter_credentials`, whose requests
go at the pace the tenant's rate-limit headers allow; a callback hears about
progress after each page and each application.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from credtui.errors import CredtuiError
from credtui.models import UNREADABLE_SHOWN_MAX, Application, Credential
from credtui.text import quoted
from credtui.timefmt import UNREADABLE_WORDS, describe_expiry

if TYPE_CHECKING:
    from credtui.api.client import ManagementClient

__all__ = [
    "SEVERITY",
    "Finding",
    "FindingKind",
    "Severity",
    "Sweep",
    "SweepProgress",
    "find_problems",
    "sweep_tenant",
]


class FindingKind(StrEnum):
    """The kinds of problem :func:`find_problems` reports (stable: scripts read them)."""

    EXPIRED = "expired"
    EXPIRING = "expiring"
    UNATTACHED = "unattached"
    UNUSED_METHOD = "unused_method"
    """Attached to a credential method the application does not use."""
    CANNOT_AUTHENTICATE = "cannot_authenticate"
    """The application's method needs a credential and has no usable one."""
    UNREADABLE_EXPIRY = "unreadable_expiry"
    """The tenant sent an expiry credtui cannot read: it may have expired, or may soon."""


class Severity(StrEnum):
    """How bad a finding is (stable: CI reports read them)."""

    ERROR = "error"
    """Something that fails now: a credential past its expiry, an application without a
    usable credential."""
    WARNING = "warning"
    """Something to act on before it fails: an expiry inside the window, a credential
    attached to nothing or to a method the application does not use."""


SEVERITY: Mapping[FindingKind, Severity] = {
    FindingKind.EXPIRED: Severity.ERROR,
    FindingKind.CANNOT_AUTHENTICATE: Severity.ERROR,
    # Unknown is not vouched for: the credential may already have expired.
    FindingKind.UNREADABLE_EXPIRY: Severity.ERROR,
    FindingKind.EXPIRING: Severity.WARNING,
    FindingKind.UNATTACHED: Severity.WARNING,
    FindingKind.UNUSED_METHOD: Severity.WARNING,
}
"""The severity of each kind of finding (one per kind, so ``--ignore`` and severity agree)."""


@dataclass(frozen=True)
class Finding:
    """One problem: which application, which credential (if any), and a sentence about it."""

    kind: FindingKind
    client_id: str
    application: str
    message: str
    credential_id: str | None = None
    credential_name: str | None = None
    expires_at: datetime | None = None

    @property
    def severity(self) -> Severity:
        """:data:`SEVERITY` of this finding's kind."""
        return SEVERITY[self.kind]


def _cred_finding(kind: FindingKind, app: Application, cred: Credential, message: str) -> Finding:
    return Finding(
        kind,
        app.client_id,
        app.name,
        message,
        credential_id=cred.id,
        credential_name=cred.display_name,
        expires_at=cred.expires_at,
    )


def _where(app: Application, cred: Credential) -> str:
    slots = app.slots_of(cred.id)
    return f"attached to {', '.join(s.value for s in slots)}" if slots else "not attached"


def find_problems(
    app: Application, credentials: Sequence[Credential], now: datetime, within: timedelta
) -> list[Finding]:
    """Every problem of one application, credential by credential, then the application's."""
    out: list[Finding] = []
    active = app.auth_method
    for cred in credentials:
        name = cred.display_name
        if cred.is_expired(now):
            out.append(
                _cred_finding(
                    FindingKind.EXPIRED,
                    app,
                    cred,
                    f"{name} {describe_expiry(cred.expires_at, now)} ({_where(app, cred)})",
                )
            )
        elif cred.expires_at_unreadable is not None:
            out.append(
                _cred_finding(
                    FindingKind.UNREADABLE_EXPIRY,
                    app,
                    cred,
                    f"{name} {UNREADABLE_WORDS}: the tenant sent "
                    f"{quoted(cred.expires_at_unreadable, UNREADABLE_SHOWN_MAX)}, not a time, so "
                    f"credtui cannot tell when it expires ({_where(app, cred)})",
                )
            )
        elif cred.expires_within(now, within.total_seconds()):
            out.append(
                _cred_finding(
                    FindingKind.EXPIRING,
                    app,
                    cred,
                    f"{name} {describe_expiry(cred.expires_at, now)} ({_where(app, cred)})",
                )
            )
        slots = app.slots_of(cred.id)
        if not slots:
            out.append(
                _cred_finding(
                    FindingKind.UNATTACHED,
                    app,
                    cred,
                    f"{name} is attached to nothing, so it authenticates nothing",
                )
            )
        for method, ids in app.method_credentials:
            if cred.id in ids and (method is not active or app.token_endpoint_auth_method):
                in_use = app.token_endpoint_auth_method or (active.value if active else "none")
                out.append(
                    _cred_finding(
                        FindingKind.UNUSED_METHOD,
                        app,
                        cred,
                        f"{name} is attached to {method.value}, but the application "
                        f"authenticates with {in_use}",
                    )
                )
    problem = _cannot_authenticate(app, credentials, now)
    if problem:
        out.append(Finding(FindingKind.CANNOT_AUTHENTICATE, app.client_id, app.name, problem))
    return out


def _cannot_authenticate(
    app: Application, credentials: Sequence[Credential], now: datetime
) -> str | None:
    method = app.auth_method
    if method is None or not method.uses_credentials:
        return None
    by_id = {c.id: c for c in credentials}
    attached = [by_id[i] for i in app.credential_ids_for(method) if i in by_id]
    if not attached:
        return (
            f"it authenticates with {method.label} but no credential is attached: "
            "it cannot get tokens"
        )
    if all(c.is_expired(now) for c in attached):
        return f"every credential attached to {method.label} has expired: it cannot get tokens"
    return None


# --- the sweep ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepProgress:
    """Where a sweep stands: applications listed so far, and credentials read of those."""

    applications: int
    credentials_read: int
    listing_done: bool


@dataclass
class Sweep:
    """What a sweep read: the applications, each one's credentials, and what failed."""

    applications: list[Application] = field(default_factory=list)
    credentials: dict[str, tuple[Credential, ...]] = field(default_factory=dict)
    errors: dict[str, CredtuiError] = field(default_factory=dict)
    """Applications (or, when the sweep was given client ids, applications named) whose
    credentials could not be read, by client id."""
    revision: int = 0
    """Counts the changes made by :meth:`update` and :meth:`forget` (not the reading):
    whoever turned this sweep into rows redraws them when it moves."""

    def update(self, application: Application, credentials: Sequence[Credential]) -> None:
        """``application`` and its credentials as read again since (after a change, say).

        Only an application this sweep listed is taken: one it never listed stays out.
        The revision moves only when something differs (reading alone changes nothing).
        """
        cid, creds = application.client_id, tuple(credentials)
        i = next((i for i, a in enumerate(self.applications) if a.client_id == cid), None)
        if i is None:
            return
        if self.applications[i] == application and self.credentials.get(cid) == creds:
            return
        self.applications[i] = application
        self.credentials[cid] = creds
        self.errors.pop(cid, None)
        self.revision += 1

    def forget(self, client_id: str, reason: CredtuiError) -> None:
        """What was read of ``client_id`` no longer holds (a change was sent): until
        :meth:`update` brings it back, it counts as unread, for ``reason``."""
        if client_id in self.credentials:
            del self.credentials[client_id]
            self.errors[client_id] = reason
            self.revision += 1

    def findings(self, now: datetime, within: timedelta) -> list[Finding]:
        """:func:`find_problems` over every application whose credentials were read."""
        out: list[Finding] = []
        for app in self.applications:
            creds = self.credentials.get(app.client_id)
            if creds is not None:
                out.extend(find_problems(app, creds, now, within))
        return out


ProgressCallback = Callable[[SweepProgress], None]


async def sweep_tenant(
    client: ManagementClient,
    *,
    client_ids: Sequence[str] | None = None,
    on_progress: ProgressCallback | None = None,
    concurrency: int | None = None,
    into: Sweep | None = None,
) -> Sweep:
    """Read applications (all of them, or ``client_ids``) and every one's credentials.

    Failing to list the applications raises; failing to read one of ``client_ids``, or
    one application's credentials, is recorded in :attr:`Sweep.errors` and the sweep
    goes on.
    ``into`` (an empty :class:`Sweep`) is filled in place, so a caller can show
    what has been read so far each time ``on_progress`` runs.
    """
    sweep = into if into is not None else Sweep()

    def report(done: bool) -> None:
        if on_progress is not None:
            read = len(sweep.credentials) + len(sweep.errors)
            on_progress(SweepProgress(len(sweep.applications), read, done))

    if client_ids is None:
        async for page in client.iter_application_pages():
            sweep.applications.extend(page.applications)
            report(False)
    else:
        for cid in dict.fromkeys(client_ids):
            try:
                sweep.applications.append(await client.get_application(cid))
            except CredtuiError as exc:
                # One client named that cannot be read (a typo, a deleted one): said beside
                # the others' findings, not instead of them.
                sweep.errors[cid] = exc
            report(False)
    report(True)
    ids = [a.client_id for a in sweep.applications]
    async for result in client.iter_credentials(ids, concurrency=concurrency):
        if result.credentials is not None:
            sweep.credentials[result.client_id] = result.credentials
            sweep.errors.pop(result.client_id, None)
        elif result.error is not None:
            sweep.errors[result.client_id] = result.error
        report(True)
    return sweep


def key_ids(cred: Credential) -> tuple[str, ...]:
    """What makes two credentials the same key: the kid and the certificate thumbprint."""
    return tuple(
        f"{kind}:{value}"
        for kind, value in (("kid", cred.kid), ("x5t", cred.thumbprint_sha256))
        if value
    )


def sharing_clients(
    cred: Credential, client_id: str, known: Mapping[str, Sequence[Credential]]
) -> set[str]:
    """Client ids of the other applications in ``known`` (credentials by client id, as
    far as they were read) that use the same key as ``cred``; empty when none is known."""
    mine = set(key_ids(cred))
    if not mine:
        return set()
    return {
        other
        for other, creds in known.items()
        if other != client_id and any(mine & set(key_ids(c)) for c in creds)
    }
