"""Sending: :func:`execute` is the only way a change reaches the tenant."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from credtui.errors import ApiError, CredtuiError, PartialChangeError, describe_error
from credtui.models import Application, Credential, Slot
from credtui.ops.changes import slot_label
from credtui.ops.plan.intents import (
    AddCredential,
    Attach,
    DeleteCredential,
    Effect,
    Intent,
    RotateClientSecret,
    SetExpiry,
)
from credtui.ops.plan.making import make_plan
from credtui.ops.plan.model import BreakingChangeError, Plan

if TYPE_CHECKING:
    from credtui.api.client import ManagementClient

# --- execution -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the tenant holds after a change (read back, never assumed)."""

    plan: Plan
    """The plan as made on the state read just before sending."""
    application: Application
    credentials: tuple[Credential, ...]
    created: Credential | None = None
    """The credential this run created (never one that was there before)."""
    sent: bool = True
    error: CredtuiError | None = None
    """A failure after an earlier request of the plan succeeded (say what was done)."""
    new_secret: str | None = field(default=None, repr=False)
    """The client secret a :class:`RotateClientSecret` made: shown once, never kept."""


async def _read(client: ManagementClient, client_id: str) -> tuple[Application, list[Credential]]:
    app = await client.get_application(client_id)
    return app, await client.list_credentials(client_id)


async def execute(
    client: ManagementClient,
    client_id: str,
    intent: Intent,
    *,
    accept: Collection[Effect] = (),
    now: datetime,
    seen: Plan | None = None,
    state: tuple[Application, Sequence[Credential]] | None = None,
) -> Outcome:
    """Plan ``intent`` on what the tenant holds now, send it, and read back the result.

    Nothing is sent when the fresh plan has an effect outside ``accept``
    (:class:`BreakingChangeError`; ``stale`` when ``seen``, the plan a person
    looked at, did not have it). A failure after part of the plan was sent comes
    back as :attr:`Outcome.error` with the tenant's state as it is. ``state`` is
    the application and its credentials when the caller has just read them (the
    command line reads, plans and asks in one go); a screen passes None.
    """
    app, credentials = state if state is not None else await _read(client, client_id)
    own = client.tokens.client_id
    plan = make_plan(intent, app, credentials, now=now, own_client_id=own)
    extra = plan.unaccepted(accept)
    if extra:
        stale = seen is not None and any(e not in seen.effect_names for e in extra)
        raise BreakingChangeError(plan, extra, stale=stale)
    if not plan.requests:
        return Outcome(plan, app, tuple(credentials), sent=False)
    created: Credential | None = None
    error: CredtuiError | None = None
    new_secret: str | None = None
    if isinstance(intent, RotateClientSecret):
        new_secret = await _rotate_secret(client, plan)
    elif isinstance(plan.intent, AddCredential):
        intent = plan.intent  # its credential checked by make_plan: not checked again
        created = await client.create_credential(client_id, intent.draft)
        if intent.attach is not None:
            error = await _attach_created(client, plan, app, created, intent.attach, now, own)
    elif isinstance(intent, SetExpiry):
        await client.update_credential_expiry(client_id, intent.credential_id, intent.expires_at)
    else:
        if plan.change is not None:
            await client.update_authentication(client_id, plan.change)
        if isinstance(intent, DeleteCredential):
            try:
                await client.delete_credential(client_id, intent.credential_id)
            except CredtuiError as exc:
                if plan.change is None:
                    raise
                error = PartialChangeError(
                    f"The credential was detached but not deleted: {describe_error(exc)} "
                    "It authenticates nothing now; delete it again when the tenant answers.",
                    cause=exc,
                )
    try:
        app_after, creds_after = await _read(client, client_id)
    except CredtuiError as exc:
        if error is None and created is None and new_secret is None:
            raise PartialChangeError(
                f"The change was sent but reading {plan.app_name} back failed: "
                f"{describe_error(exc)} Refresh to see what the tenant holds.",
                cause=exc,
            ) from None
        app_after, creds_after = app, list(credentials)
        error = error or PartialChangeError(
            f"Reading {plan.app_name} back failed: {describe_error(exc)}", cause=exc
        )
    return Outcome(plan, app_after, tuple(creds_after), created, True, error, new_secret)


async def _rotate_secret(client: ManagementClient, plan: Plan) -> str:
    """Send the rotation; an answer that may have been lost says what that means."""
    try:
        return (await client.rotate_client_secret(plan.client_id)).secret
    except ApiError as exc:
        if not exc.maybe_processed:
            raise
        raise PartialChangeError(
            f"The rotation of {plan.app_name}'s client secret was sent, but no usable answer "
            f"came ({describe_error(exc)}) The tenant may have made a new secret: if the "
            "current one is now refused, read the new one in the Auth0 Dashboard "
            "(Applications > Credentials) rather than rotating again.",
            cause=exc,
        ) from None


async def _attach_created(
    client: ManagementClient,
    added: Plan,
    app: Application,
    created: Credential,
    slot: Slot,
    now: datetime,
    own: str | None,
) -> CredtuiError | None:
    """Attach the credential just created, unless the application changed into a worse plan."""
    try:
        fresh, credentials = await _read(client, app.client_id)
        plan = make_plan(
            Attach(slot, (created.id,)), fresh, credentials, now=now, own_client_id=own
        )
        extra = plan.unaccepted(added.effect_names)
        if extra:
            raise BreakingChangeError(plan, extra, stale=True)
        if plan.change is not None:
            await client.update_authentication(app.client_id, plan.change)
    except CredtuiError as exc:
        return PartialChangeError(
            f"{created.display_name} ({created.id}) was created but not attached to "
            f"{slot_label(slot)}: {describe_error(exc)}",
            cause=exc,
        )
    return None
