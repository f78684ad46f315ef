"""Planning: an intent and the application as read make a :class:`~credtui.ops.plan.model.Plan`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from credtui import rules
from credtui.checks import check_expiry
from credtui.errors import LocalValidationError
from credtui.models import Application, AuthChange, AuthMethod, Credential, CredentialType
from credtui.ops.changes import (
    attach_change,
    check_add,
    check_slot_credentials,
    detach_change,
    detach_consequence,
    slot_label,
)
from credtui.ops.client_secret import rotation_refusal
from credtui.ops.expiry import check_expiry_change
from credtui.ops.plan.effects import effects_of, secret_effects
from credtui.ops.plan.intents import (
    NEW_ID,
    AddCredential,
    Attach,
    DeleteCredential,
    Detach,
    Intent,
    RotateClientSecret,
    SetAuth,
    SetExpiry,
)
from credtui.ops.plan.model import AuthState, Plan, PlannedRequest, method_label
from credtui.rules import format_timestamp

SIGNING_ALG = "RS256"
"""What ``jwt_configuration.alg`` becomes when a credential method needs an asymmetric one."""


# --- planning --------------------------------------------------------------------------------


def _client_path(client_id: str, *rest: str) -> str:
    return "/".join(["/api/v2/clients", client_id, *rest])


def _names(credentials: Sequence[Credential]) -> dict[str, str]:
    return {c.id: c.display_name for c in credentials}


def _needs_rs256(app: Application, change: AuthChange) -> bool:
    sends_method = change.method is not None and change.method.uses_credentials
    return sends_method and (app.jwt_alg is None or app.jwt_alg.upper() == "HS256")


def _with_signing(app: Application, change: AuthChange) -> AuthChange:
    """The change, plus RS256 when an HS256 application would get a credential method."""
    if _needs_rs256(app, change) and change.jwt_alg is None:
        return replace(change, jwt_alg=SIGNING_ALG)
    return change


def _pem_summary(body: dict[str, Any]) -> dict[str, Any]:
    if "pem" in body:
        body = {**body, "pem": f"(PEM, {len(body['pem'])} characters)"}
    return body


def make_plan(
    intent: Intent,
    app: Application,
    credentials: Sequence[Credential],
    *,
    now: datetime,
    own_client_id: str | None = None,
) -> Plan:
    """The plan for ``intent`` on ``app`` as read; raises LocalValidationError for a refusal.

    ``own_client_id`` is the application the profile gets its management token
    with (a change that stops it authenticating locks credtui out).
    """
    name = app.name or app.client_id
    if app.is_global:
        raise LocalValidationError(
            "client_id",
            f"{name} is the tenant's global client: it holds no credentials and credtui "
            "changes nothing on it. Choose one of the tenant's applications.",
            code="global_client",
        )
    names = _names(credentials)
    before = AuthState.of(app)
    cid = app.client_id
    new_ids: frozenset[str] = frozenset()
    change: AuthChange | None = None
    requests: list[PlannedRequest] = []
    notes: list[str] = []

    if isinstance(intent, AddCredential):
        checked = intent.checked(now)
        check_add(app, credentials, checked, intent.attach)
        intent = replace(intent, draft=checked)  # the plan holds it checked: sent as it is
        draft = checked.draft
        new_name = draft.name or (checked.identity.kid if checked.identity else None)
        names[NEW_ID] = new_name or f"the new {draft.credential_type.value} credential"
        requests.append(
            PlannedRequest(
                "POST",
                _client_path(cid, "credentials"),
                _pem_summary(draft.to_body()),
                f"create {names[NEW_ID]}",
            )
        )
        summary = f"Add {names[NEW_ID]} to {name}"
        if draft.credential_type is CredentialType.PUBLIC_KEY and draft.expires_at is None:
            if not draft.parse_expiry_from_cert:
                notes.append(f"{names[NEW_ID]} never expires.")
        elif draft.expires_at is not None:
            notes.append(f"{names[NEW_ID]} expires {format_timestamp(draft.expires_at)}.")
        if intent.attach is not None:
            change = _with_signing(app, attach_change(app, intent.attach, [NEW_ID]))
            new_ids = frozenset({NEW_ID})
            summary += f" and attach it to {slot_label(intent.attach)}"
    elif isinstance(intent, Attach):
        check_slot_credentials(app, intent.slot, intent.credential_ids, credentials)
        change = _with_signing(app, attach_change(app, intent.slot, intent.credential_ids))
        what = ", ".join(names.get(c, c) for c in intent.credential_ids)
        summary = f"Attach {what} to {slot_label(intent.slot)} of {name}"
    elif isinstance(intent, Detach):
        change = detach_change(
            app, intent.credential_id, fallback=intent.fallback, only=intent.only
        )
        where = slot_label(intent.only) if intent.only is not None else "every slot"
        summary = (
            f"Detach {names.get(intent.credential_id, intent.credential_id)} from {where} of {name}"
        )
    elif isinstance(intent, SetAuth):
        change = _with_signing(app, intent.change)
        _check_signing(app, before, change)
        summary = f"Change how {name} authenticates"
        if change.to_body().keys() == {"jwt_configuration"} and change.jwt_alg is not None:
            summary = f"Sign {name}'s ID tokens with {change.jwt_alg}"
        if change.jwt_alg == "PS256" and before.jwt_alg != "PS256":
            notes.append(
                "PS256 needs an Auth0 add-on; a tenant without it refuses the change, and "
                "nothing changes."
            )
    elif isinstance(intent, RotateClientSecret):
        refusal = rotation_refusal(app)
        if refusal:
            raise LocalValidationError("client_secret", refusal, code="no_client_secret")
        summary = f"Rotate the client secret of {name}"
        requests.append(
            PlannedRequest(
                "POST",
                _client_path(cid, "rotate-secret"),
                None,
                "make a new client secret (the current one stops working at once)",
            )
        )
        notes.append(
            "credtui keeps no copy of the new secret; Auth0 shows it again in the Dashboard "
            "(Applications > Credentials)."
        )
    elif isinstance(intent, DeleteCredential):
        target = _find(app, credentials, intent.credential_id)
        slots = app.slots_of(target.id)
        if slots and not intent.detach:
            where = ", ".join(slot_label(s) for s in slots)
            consequence = detach_consequence(app, target.id)
            raise LocalValidationError(
                "credential",
                f"{target.display_name} is attached to {where}; Auth0 refuses to delete an "
                "attached credential. Detach it first (--detach)."
                + (f" {consequence}" if consequence else ""),
                code="attached",
            )
        summary = f"Delete {target.display_name} ({target.id}) of {name}"
        if slots:
            change = detach_change(app, target.id, fallback=intent.fallback)
            summary = f"Detach {target.display_name} ({target.id}) and delete it from {name}"
    elif isinstance(intent, SetExpiry):
        target = _find(app, credentials, intent.credential_id)
        check_expiry_change(target)
        if intent.expires_at is not None:
            check_expiry(intent.expires_at, now)
        when = format_timestamp(intent.expires_at) if intent.expires_at else "never"
        summary = f"Set {target.display_name} of {name} to expire {when}"
        if intent.expires_at is None:
            notes.append(f"{target.display_name} will never expire.")
    else:  # pragma: no cover - every intent is handled above
        raise TypeError(intent)

    if change is not None and not change.to_body():
        change = None
    after = before
    if change is not None:
        after = before.after(change)
        requests.append(
            PlannedRequest(
                "PATCH", _client_path(cid), change.to_body(), _patch_words(before, change, names)
            )
        )
    if isinstance(intent, DeleteCredential):
        after = after.without(intent.credential_id)
        requests.append(
            PlannedRequest(
                "DELETE",
                _client_path(cid, "credentials", intent.credential_id),
                None,
                f"delete {names.get(intent.credential_id, intent.credential_id)}",
            )
        )
    elif isinstance(intent, SetExpiry):
        when_body = format_timestamp(intent.expires_at) if intent.expires_at else None
        requests.append(
            PlannedRequest(
                "PATCH",
                _client_path(cid, "credentials", intent.credential_id),
                {"expires_at": when_body},
                f"set the expiry of {names.get(intent.credential_id, intent.credential_id)}",
            )
        )
    if (
        change is not None
        and change.token_binding
        and after.method
        not in (
            AuthMethod.TLS_CLIENT_AUTH,
            AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH,
        )
    ):
        notes.append(
            "Certificate-bound tokens need an mTLS method; with "
            f"{method_label(after.method)} no certificate is presented to bind to."
        )
    if after.method is AuthMethod.NONE and before.method is not AuthMethod.NONE:
        notes.append(
            f"With no authentication, {name} is a public client: anyone with its client ID "
            "can use it where public clients are allowed."
        )
    effects = effects_of(
        app,
        before,
        after,
        credentials,
        now,
        own_client_id=own_client_id,
        new_ids=new_ids,
        names=names,
    )
    if isinstance(intent, RotateClientSecret):
        effects = secret_effects(name, own=own_client_id == cid)
    return Plan(
        intent=intent,
        client_id=cid,
        app_name=name,
        summary=summary,
        requests=tuple(requests),
        before=before,
        after=after,
        effects=tuple(effects),
        notes=tuple(notes),
        change=change,
        names=names,
    )


def _check_signing(app: Application, before: AuthState, change: AuthChange) -> None:
    """Refuse an ID token algorithm the method it would sign beside cannot take (HS256
    with a credential method): one rule, :func:`credtui.rules.check_jwt_alg`."""
    if change.jwt_alg is None:
        return
    method = change.method if change.method is not None else before.method
    label = method.label if method is not None and method.uses_credentials else None
    problem = rules.check_jwt_alg(change.jwt_alg, label)
    if problem:
        raise LocalValidationError("jwt_alg", problem, code="bad_jwt_alg")


def _find(app: Application, credentials: Sequence[Credential], credential_id: str) -> Credential:
    found = next((c for c in credentials if c.id == credential_id), None)
    if found is None:
        known = ", ".join(c.id for c in credentials) or "none"
        raise LocalValidationError(
            "credential",
            f"{app.name or app.client_id} has no credential {credential_id} "
            f"(its credentials: {known}).",
            code="unknown_credential",
        )
    return found


def _patch_words(before: AuthState, change: AuthChange, names: Mapping[str, str]) -> str:
    parts: list[str] = []
    if change.method is not None and change.method is not before.method:
        parts.append(f"switch the method to {change.method.label}")
    elif change.method is not None:
        ids = ", ".join(names.get(c, c) for c in change.credential_ids) or "nothing"
        parts.append(f"set what {change.method.label} holds to {ids}")
    if change.clear_jar or change.jar_credential_ids is not None or change.jar_required is not None:
        parts.append("update JAR")
    if change.token_vault_credential_ids is not None:
        parts.append("update Token Vault")
    if change.token_binding is not None:
        parts.append("update certificate-bound tokens")
    if change.jwt_alg is not None:
        parts.append(f"set ID token signing to {change.jwt_alg}")
    return "; ".join(parts) or "update the application"
