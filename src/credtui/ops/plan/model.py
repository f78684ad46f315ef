"""A plan as made: the requests it sends, the state before and after, its effects in words."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from credtui.errors import LocalValidationError
from credtui.models import Application, AuthChange, AuthMethod, Slot
from credtui.ops.changes import slot_label
from credtui.ops.plan.intents import Effect, Intent

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
            out.append(f"Method: {method_label(b.method)} -> {method_label(a.method)}")
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


def method_label(method: AuthMethod | None) -> str:
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
