"""One plan for every change: what it sends, what it does, and whether it breaks anything.

Every change credtui makes (add with or without attach, attach, detach, a method,
JAR, binding, Token Vault or ID token signing change, delete, expiry, each rotation
step, and a new client secret) is an *intent* (:class:`AddCredential`,
:class:`Attach`, :class:`Detach`, :class:`SetAuth`, :class:`DeleteCredential`,
:class:`SetExpiry`, :class:`RotateClientSecret`). :func:`make_plan`
turns an intent and the application as read into a :class:`Plan`: the requests it
sends, the method and every slot before and after, and its :class:`Effect`\\ s,
each with a sentence for a person. A plan with any effect is *breaking*.

:func:`execute` is the only way a change reaches the tenant: it re-reads the
application, plans again on what the tenant holds now, refuses (sending nothing)
when that plan has an effect the caller did not accept, sends the requests, and
returns what the tenant holds afterwards. So a stale screen can never cause an
effect its person did not see, and "done" always means "read back".
The TUI, the command line and the rotation all go through here: one set of rules.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from credtui import rules
from credtui.checks import CheckedCredential, check_credential_draft, check_expiry
from credtui.errors import (
    ApiError,
    CredtuiError,
    LocalValidationError,
    PartialChangeError,
    describe_error,
)
from credtui.models import (
    Application,
    AuthChange,
    AuthMethod,
    Credential,
    CredentialDraft,
    CredentialType,
    Slot,
)
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
from credtui.rules import format_timestamp

if TYPE_CHECKING:
    from credtui.api.client import ManagementClient

__all__ = [
    "NEW_ID",
    "AddCredential",
    "Attach",
    "AuthState",
    "BreakingChangeError",
    "DeleteCredential",
    "Detach",
    "Effect",
    "Intent",
    "Outcome",
    "Plan",
    "PlannedRequest",
    "RotateClientSecret",
    "SetAuth",
    "SetExpiry",
    "execute",
    "make_plan",
]

NEW_ID = "(new)"
"""Stands for the credential an add will create, in a plan made before it exists."""

SIGNING_ALG = "RS256"
"""What ``jwt_configuration.alg`` becomes when a credential method needs an asymmetric one."""

_SECRET_METHODS = frozenset({AuthMethod.CLIENT_SECRET_POST, AuthMethod.CLIENT_SECRET_BASIC})


class Effect(StrEnum):
    """What a change does that can break an application (``../shared/product.md``)."""

    DETACHES_WORKING_CREDENTIAL = "detaches-working-credential"
    SWITCHES_METHOD = "switches-method"
    HIDES_CLIENT_SECRET = "hides-client-secret"
    CANNOT_AUTHENTICATE = "cannot-authenticate"
    CHANGES_ID_TOKEN_SIGNING = "changes-id-token-signing"
    LOCKS_OUT_CREDTUI = "locks-out-credtui"
    INVALIDATES_CLIENT_SECRET = "invalidates-client-secret"
    """A new client secret: whatever authenticates with the current one is refused."""


# --- intents ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddCredential:
    """Create a credential, then (``attach``) attach it to a slot beside what the slot holds.

    ``draft`` is a credential a form or command checked already (planned and sent as
    it is: no PEM is parsed again), or a bare draft, checked when it is planned.
    """

    draft: CredentialDraft | CheckedCredential
    attach: Slot | None = None

    def checked(self, now: datetime) -> CheckedCredential:
        """The credential to send, checked (once) and still current at ``now``."""
        if isinstance(self.draft, CheckedCredential):
            self.draft.check_still_current(now)
            return self.draft
        return check_credential_draft(self.draft, now)


@dataclass(frozen=True)
class Attach:
    """Attach credentials to a slot beside what it holds (switching method for an inactive one)."""

    slot: Slot
    credential_ids: tuple[str, ...]


@dataclass(frozen=True)
class Detach:
    """Detach one credential from every slot, or from ``only`` (``fallback``: see detach_change)."""

    credential_id: str
    only: Slot | None = None
    fallback: AuthMethod | None = None


@dataclass(frozen=True)
class SetAuth:
    """Set the method and its credentials, JAR, binding or Token Vault as ``change`` says."""

    change: AuthChange


@dataclass(frozen=True)
class DeleteCredential:
    """Delete a credential; ``detach`` first detaches it from every slot (Auth0 requires it)."""

    credential_id: str
    detach: bool = True
    fallback: AuthMethod | None = None


@dataclass(frozen=True)
class SetExpiry:
    """Set (or with None, clear) a ``public_key`` credential's expiry."""

    credential_id: str
    expires_at: datetime | None


@dataclass(frozen=True)
class RotateClientSecret:
    """Have the tenant make a new client secret; the current one stops working at once."""


Intent = (
    AddCredential | Attach | Detach | SetAuth | DeleteCredential | SetExpiry | RotateClientSecret
)


# --- the plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthState:
    """How an application authenticates: its method and what each slot holds."""

    method: AuthMethod | None
    method_ids: tuple[str, ...] = ()
    jar_required: bool = False
    jar_ids: tuple[str, ...] = ()
    vault_ids: tuple[str, ...] = ()
    jwt_alg: str | None = None
    token_binding: bool = False

    @classmethod
    def of(cls, app: Application) -> AuthState:
        """The state ``app`` is in."""
        method = app.auth_method
        return cls(
            method=method,
            method_ids=app.credential_ids_for(method)
            if method is not None and method.uses_credentials
            else (),
            jar_required=app.jar_required,
            jar_ids=app.jar_credential_ids,
            vault_ids=app.token_vault_credential_ids,
            jwt_alg=app.jwt_alg,
            token_binding=app.token_binding,
        )

    def slots(self) -> dict[Slot, tuple[str, ...]]:
        """Every slot that can hold credentials now: the active credential method, JAR, Token Vault."""
        out: dict[Slot, tuple[str, ...]] = {}
        if self.method is not None and self.method.uses_credentials:
            out[Slot(self.method.value)] = self.method_ids
        out[Slot.SIGNED_REQUEST_OBJECT] = self.jar_ids
        out[Slot.TOKEN_VAULT_PRIVILEGED_ACCESS] = self.vault_ids
        return out

    def after(self, change: AuthChange) -> AuthState:
        """The state once ``change`` is applied (Auth0 merges JAR and ``jwt_configuration``)."""
        state = self
        if change.method is not None:
            ids = change.credential_ids if change.method.uses_credentials else ()
            state = replace(state, method=change.method, method_ids=ids)
        if change.clear_jar:
            state = replace(state, jar_required=False, jar_ids=())
        else:
            if change.jar_required is not None:
                state = replace(state, jar_required=change.jar_required)
            if change.jar_credential_ids is not None:
                state = replace(state, jar_ids=change.jar_credential_ids)
        if change.token_vault_credential_ids is not None:
            state = replace(state, vault_ids=change.token_vault_credential_ids)
        if change.token_binding is not None:
            state = replace(state, token_binding=change.token_binding)
        if change.jwt_alg is not None:
            state = replace(state, jwt_alg=change.jwt_alg)
        return state

    def without(self, credential_id: str) -> AuthState:
        """The state with one credential gone from every slot (a delete)."""
        return replace(
            self,
            method_ids=tuple(c for c in self.method_ids if c != credential_id),
            jar_ids=tuple(c for c in self.jar_ids if c != credential_id),
            vault_ids=tuple(c for c in self.vault_ids if c != credential_id),
        )

    def to_json(self) -> dict[str, Any]:
        """The state for ``--json``."""
        return {
            "method": self.method.value if self.method is not None else None,
            "credentials": {slot.value: list(ids) for slot, ids in self.slots().items()},
            "jar_required": self.jar_required,
            "token_binding": self.token_binding,
            "jwt_alg": self.jwt_alg,
        }


@dataclass(frozen=True)
class PlannedRequest:
    """One request a plan sends (a PEM body is shown by size: it is long, not secret)."""

    verb: str
    path: str
    body: Mapping[str, Any] | None
    what: str

    def to_json(self) -> dict[str, Any]:
        """The request for ``--json``."""
        return {"method": self.verb, "path": self.path, "body": self.body, "what": self.what}


@dataclass(frozen=True)
class Plan:
    """What one change sends and does, made before anything is sent."""

    intent: Intent
    client_id: str
    app_name: str
    summary: str
    """One sentence: "Add billing-2027 and attach it to Private Key JWT"."""
    requests: tuple[PlannedRequest, ...]
    before: AuthState
    after: AuthState
    effects: tuple[tuple[Effect, str], ...] = ()
    """Each effect with the sentence that says what it means for this application."""
    notes: tuple[str, ...] = ()
    """Worth reading, but not breaking (a key that never expires, a public client...)."""
    change: AuthChange | None = None
    """The PATCH of the application this plan sends, if any."""
    names: Mapping[str, str] = field(default_factory=dict)
    """A display name for each credential id the plan mentions."""

    @property
    def effect_names(self) -> tuple[Effect, ...]:
        """The effects alone, in the contract's order."""
        return tuple(effect for effect, _ in self.effects)

    @property
    def breaking(self) -> bool:
        """Whether the change needs an explicit confirmation (or ``--allow-breaking``)."""
        return bool(self.effects)

    def unaccepted(self, accepted: Collection[Effect]) -> tuple[Effect, ...]:
        """The effects not among ``accepted``."""
        return tuple(e for e in self.effect_names if e not in accepted)

    def name(self, credential_id: str) -> str:
        """A credential's display name (its id when the plan does not know it)."""
        return self.names.get(credential_id, credential_id)

    def _ids(self, ids: Sequence[str]) -> str:
        return ", ".join(self.name(c) for c in ids) or "nothing"

    def changes(self) -> list[str]:
        """Before -> after for the method and every slot that changes, in words."""
        out: list[str] = []
        b, a = self.before, self.after
        if a.method != b.method:
            out.append(f"Method: {_method_label(b.method)} -> {_method_label(a.method)}")
        before_slots, after_slots = b.slots(), a.slots()
        for slot in dict.fromkeys([*before_slots, *after_slots]):
            old, new = before_slots.get(slot, ()), after_slots.get(slot, ())
            if old != new:
                out.append(f"{slot_label(slot)}: {self._ids(old)} -> {self._ids(new)}")
        if a.jar_required != b.jar_required:
            out.append(f"JAR required: {_yes(b.jar_required)} -> {_yes(a.jar_required)}")
        if a.token_binding != b.token_binding:
            out.append(
                f"Certificate-bound tokens: {_yes(b.token_binding)} -> {_yes(a.token_binding)}"
            )
        if a.jwt_alg != b.jwt_alg:
            out.append(
                f"ID token signing (jwt_configuration.alg): {b.jwt_alg or 'HS256'} -> {a.jwt_alg}"
            )
        return out

    def body_lines(self) -> list[str]:
        """The summary, the requests in order and before -> after, in words."""
        out = [f"{self.summary}."]
        out += [f"  {i}. {r.what}: {r.verb} {r.path}" for i, r in enumerate(self.requests, 1)]
        if not self.requests:
            out.append("  Nothing to send: the tenant already holds this.")
        out += [f"  {line}" for line in self.changes()]
        return out

    def lines(self) -> list[str]:
        """The whole plan in words: summary, requests, before/after, effects, notes."""
        out = self.body_lines()
        if self.effects:
            out.append("Breaking:")
            out += [f"  {effect.value}: {why}" for effect, why in self.effects]
        out += [f"Note: {note}" for note in self.notes]
        return out

    def to_json(self) -> dict[str, Any]:
        """The plan for ``--json`` (``effects`` beside it is the effect names alone)."""
        return {
            "summary": self.summary,
            "client_id": self.client_id,
            "requests": [r.to_json() for r in self.requests],
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "effects": [{"effect": e.value, "why": why} for e, why in self.effects],
            "notes": list(self.notes),
        }


def _method_label(method: AuthMethod | None) -> str:
    return method.label if method is not None else "unknown"


def _yes(value: bool) -> str:
    return "yes" if value else "no"


class BreakingChangeError(LocalValidationError):
    """A change refused before sending: its plan has effects nobody accepted."""

    def __init__(self, plan: Plan, effects: Sequence[Effect], *, stale: bool = False) -> None:
        names = ", ".join(e.value for e in effects)
        whys = " ".join(why for e, why in plan.effects if e in effects)
        if stale:
            text = (
                f"{plan.app_name} changed since it was read: this change would now also "
                f"have these effects: {names}. {whys} Nothing was sent; review the change again."
            )
        else:
            text = f"This change is breaking ({names}): {whys} Nothing was sent."
        super().__init__("plan", text, code="breaking")
        self.plan = plan
        self.effects = tuple(effects)


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
            f"{_method_label(after.method)} no certificate is presented to bind to."
        )
    if after.method is AuthMethod.NONE and before.method is not AuthMethod.NONE:
        notes.append(
            f"With no authentication, {name} is a public client: anyone with its client ID "
            "can use it where public clients are allowed."
        )
    effects = _effects(
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
        effects = _secret_effects(name, own=own_client_id == cid)
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


def _secret_effects(name: str, *, own: bool) -> list[tuple[Effect, str]]:
    """A new client secret: the old one is refused from the answer on (and, for the
    application credtui authenticates with, credtui too once its token expires)."""
    out = [
        (
            Effect.INVALIDATES_CLIENT_SECRET,
            f"Auth0 replaces {name}'s client secret at once: everything that authenticates "
            "with the current secret (deployed services, scripts, credtui profiles) is "
            "refused from then on, until it is given the new one.",
        )
    ]
    if own:
        out.append(
            (
                Effect.LOCKS_OUT_CREDTUI,
                f"{name} is the application this profile gets its management token with: "
                "credtui keeps working until its current token expires, then cannot get "
                "another until the profile holds the new secret.",
            )
        )
    return out


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


def _effects(
    app: Application,
    before: AuthState,
    after: AuthState,
    credentials: Sequence[Credential],
    now: datetime,
    *,
    own_client_id: str | None,
    new_ids: frozenset[str],
    names: Mapping[str, str],
) -> list[tuple[Effect, str]]:
    """Each effect of going from ``before`` to ``after``, with its sentence."""
    name = app.name or app.client_id
    by_id = {c.id: c for c in credentials}

    def working(cid: str) -> bool:
        # An id the tenant names but did not list counts as working: better a question too many.
        cred = by_id.get(cid)
        return cid in new_ids or cred is None or not cred.is_expired(now)

    def can_authenticate(state: AuthState) -> bool:
        if state.method is None:
            return True  # unknown: never claim a change breaks what credtui cannot read
        if state.method is AuthMethod.NONE:
            return False
        if state.method in _SECRET_METHODS:
            return True
        return any(working(c) for c in state.method_ids)

    def jar_usable(state: AuthState) -> bool:
        return not state.jar_required or any(working(c) for c in state.jar_ids)

    out: list[tuple[Effect, str]] = []
    lost: list[tuple[str, Slot]] = []
    before_slots, after_slots = before.slots(), after.slots()
    for slot, ids in before_slots.items():
        kept = after_slots.get(slot, ())
        lost += [(c, slot) for c in ids if c not in kept and working(c)]
    if lost:
        listed = "; ".join(f"{names.get(c, c)} from {slot_label(s)}" for c, s in lost)
        out.append(
            (
                Effect.DETACHES_WORKING_CREDENTIAL,
                f"Detaches {listed}: anything still using "
                f"{'it' if len(lost) == 1 else 'them'} stops working.",
            )
        )
    switched = after.method is not None and after.method != before.method
    if switched:
        out.append(
            (
                Effect.SWITCHES_METHOD,
                f"Switches {name} from {_method_label(before.method)} to "
                f"{_method_label(after.method)}: whatever authenticates the old way stops working.",
            )
        )
    if (
        before.method in _SECRET_METHODS
        and after.method is not None
        and after.method.uses_credentials
    ):
        out.append(
            (
                Effect.HIDES_CLIENT_SECRET,
                f"Auth0 hides {name}'s client secret while {after.method.label} is active; "
                "switching back to a client secret method shows it again.",
            )
        )
    why_not: list[str] = []
    method_broken = can_authenticate(before) and not can_authenticate(after)
    if method_broken:
        if after.method is AuthMethod.NONE:
            why_not.append(f"with no authentication method {name} cannot authenticate.")
        else:
            why_not.append(
                f"no unexpired credential stays attached to {_method_label(after.method)}, "
                f"so {name} cannot get tokens."
            )
    if jar_usable(before) and not jar_usable(after):
        why_not.append(
            f"JAR is required but no unexpired key stays attached: {name}'s authorization "
            "requests will be refused."
        )
    if why_not:
        out.append((Effect.CANNOT_AUTHENTICATE, "Afterwards " + " ".join(why_not)))
    if after.jwt_alg != before.jwt_alg:
        out.append((Effect.CHANGES_ID_TOKEN_SIGNING, _signing_words(name, before, after)))
    if own_client_id is not None and own_client_id == app.client_id:
        active = (
            Slot(before.method.value) if before.method and before.method.uses_credentials else None
        )
        own_lost = any(s is active for _, s in lost)
        if switched or own_lost or method_broken:
            out.append(
                (
                    Effect.LOCKS_OUT_CREDTUI,
                    f"{name} is the application this profile gets its management token with: "
                    "afterwards credtui may no longer get one, and the next start fails until the "
                    "profile is changed to match.",
                )
            )
    return out


def _signing_words(name: str, before: AuthState, after: AuthState) -> str:
    """What a new ``jwt_configuration.alg`` means for whatever verifies ID tokens."""
    old = before.jwt_alg or rules.JWT_DEFAULT_ALG
    new = after.jwt_alg or rules.JWT_DEFAULT_ALG
    symmetric = rules.SYMMETRIC_JWT_ALG
    if old == symmetric:
        why = (
            f"credential methods need {new}, so "
            if after.method is not None and after.method.uses_credentials
            else ""
        )
        return (
            f"{name} signs ID tokens with {old}; {why}ID tokens will be signed with {new} "
            f"by the tenant's private key. Anything that verifies {name}'s ID tokens with the "
            "client secret must switch to the tenant's public keys (JWKS)."
        )
    if new == symmetric:
        return (
            f"{name}'s ID tokens will be signed with {new}, using its client secret instead "
            f"of the tenant's private key ({old}). Anything that verifies them with the "
            "tenant's public keys (JWKS) must switch to the client secret."
        )
    return (
        f"{name}'s ID tokens will be signed with {new} instead of {old} (still the "
        f"tenant's key): anything that verifies them must accept {new}."
    )


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
