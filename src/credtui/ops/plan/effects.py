"""What going from one :class:`~credtui.ops.plan.model.AuthState` to another breaks, in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from credtui import rules
from credtui.models import Application, AuthMethod, Credential, Slot
from credtui.ops.changes import slot_label
from credtui.ops.plan.intents import Effect
from credtui.ops.plan.model import AuthState, method_label

_SECRET_METHODS = frozenset({AuthMethod.CLIENT_SECRET_POST, AuthMethod.CLIENT_SECRET_BASIC})


def secret_effects(name: str, *, own: bool) -> list[tuple[Effect, str]]:
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


def effects_of(
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
                f"Switches {name} from {method_label(before.method)} to "
                f"{method_label(after.method)}: whatever authenticates the old way stops working.",
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
                f"no unexpired credential stays attached to {method_label(after.method)}, "
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
