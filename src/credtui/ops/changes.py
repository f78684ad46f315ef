"""Changes to an application's credentials, checked and planned against its state.

The API client checks what a request holds (:mod:`credtui.checks`); this
module checks what only the application's current state can tell: room for one
more credential, the same key already there, a full slot, a credential of the
wrong type for a slot. It also plans the PATCH that attaches or detaches a
credential and says what a change sends in before/after terms. The plan of a
whole change, its effects and its sending are :mod:`credtui.ops.plan`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from credtui import rules
from credtui.checks import CheckedCredential, refusal
from credtui.models import (
    Application,
    AuthChange,
    AuthMethod,
    Credential,
    CredentialType,
    Slot,
    type_words,
)

__all__ = [
    "FieldChange",
    "attach_change",
    "check_add",
    "check_room",
    "check_slot_credentials",
    "describe_change",
    "detach_change",
    "detach_consequence",
    "slot_label",
    "slots_for",
]


@dataclass(frozen=True)
class FieldChange:
    """One field a change sends: its value now and the value sent (compact JSON)."""

    field: str
    before: str
    after: str


def slot_label(slot: Slot | AuthMethod | str) -> str:
    """A person's name for a slot, for a sentence: "Private Key JWT", "JAR (signed requests)"."""
    if isinstance(slot, Slot):
        return slot.long_label
    try:
        return Slot(slot).long_label
    except ValueError:
        pass
    try:
        return AuthMethod(slot).label
    except ValueError:
        return str(slot).replace("_", " ")


def slots_for(credential_type: CredentialType | str) -> tuple[Slot, ...]:
    """The slots a new credential of this type is offered for (add, generate, ``--attach``).

    Token Vault takes ``public_key`` credentials too (:data:`credtui.rules.CREDENTIAL_TYPE_FOR_SLOT`)
    but is not offered here: it is privileged access, not a way to authenticate,
    and is set on its own (``m``, ``credtui auth vault``).
    """
    value = (
        credential_type.value if isinstance(credential_type, CredentialType) else credential_type
    )
    return tuple(
        Slot(slot)
        for slot, ctype in rules.CREDENTIAL_TYPE_FOR_SLOT.items()
        if ctype == value and slot != Slot.TOKEN_VAULT_PRIVILEGED_ACCESS
    )


def _method_of(slot: Slot) -> AuthMethod | None:
    try:
        method = AuthMethod(slot.value)
    except ValueError:
        return None
    return method if method.uses_credentials else None


def _slot_ids_after_attach(app: Application, slot: Slot) -> tuple[str, ...]:
    """The ids a slot keeps beside a new attachment (none when attaching switches method)."""
    method = _method_of(slot)
    if method is not None and app.auth_method is not method:
        return ()
    return app.credential_ids_for(slot)


def check_add(
    app: Application,
    existing: Sequence[Credential],
    checked: CheckedCredential,
    attach: Slot | None,
) -> None:
    """Refuse, before anything is sent, an add Auth0 would refuse given the application's state."""
    _check_count(app, existing)
    new_key = checked.key_facts()
    for cred in existing:
        # The tenant's own rule (rules.same_key), on what Auth0 lists of ``cred``.
        listed = rules.KeyFacts(
            str(cred.credential_type), kid=cred.kid, thumbprint_sha256=cred.thumbprint_sha256
        )
        if rules.same_key(listed, new_key):
            raise refusal(
                "pem",
                f"This key is already on this application as {cred.display_name!r} "
                f"({rules.MSG_DUPLICATE_PUBLIC_KEY}).",
                "duplicate",
            )
    _check_attach(app, checked.credential_type, attach)


def check_room(
    app: Application,
    existing: Sequence[Credential],
    credential_type: CredentialType,
    attach: Slot | None,
) -> None:
    """:func:`check_add` before the credential is known (a key still to be made or chosen):
    room for one more credential, and a slot that takes its type and has room."""
    _check_count(app, existing)
    _check_attach(app, credential_type, attach)


def _check_count(app: Application, existing: Sequence[Credential]) -> None:
    problem = rules.check_credential_count(len(existing))
    if problem:
        raise refusal(
            "credentials",
            f"{app.name or app.client_id} already has {len(existing)} credentials: {problem} "
            "Delete one first.",
            "too_many",
        )


def _check_attach(app: Application, ctype: CredentialType, attach: Slot | None) -> None:
    if attach is None:
        return
    wanted = rules.CREDENTIAL_TYPE_FOR_SLOT.get(attach.value)
    if wanted is None:
        raise refusal(
            "attach", f"credtui cannot attach credentials to {slot_label(attach)}.", "bad_slot"
        )
    if ctype.value != wanted:
        raise refusal(
            "attach",
            f"{slot_label(attach)} takes {type_words(wanted, plural=True)}, "
            f"not {type_words(ctype)}.",
            "wrong_type",
        )
    keeps = _slot_ids_after_attach(app, attach)
    too_many = rules.check_attached_count(len(keeps) + 1)
    if too_many:
        raise refusal(
            "attach",
            f"{slot_label(attach)} already has {len(keeps)} credentials attached, the most "
            "Auth0 allows on one method; detach one first, or add this one without attaching it.",
            "too_many",
        )


_SLOT_FIELDS = {
    Slot.SIGNED_REQUEST_OBJECT: "jar_credentials",
    Slot.TOKEN_VAULT_PRIVILEGED_ACCESS: "token_vault_credentials",
}
"""The field a refusal names (as :func:`credtui.checks.check_auth_change` does)."""


def check_slot_credentials(
    app: Application, slot: Slot, credential_ids: Sequence[str], credentials: Sequence[Credential]
) -> None:
    """Refuse ids that are not this application's credentials, or not of the type ``slot`` takes.

    The TUI's method form and ``credtui auth`` both check with this, so they
    refuse the same choices with the same words.
    """
    by_id = {c.id: c for c in credentials}
    wanted = rules.CREDENTIAL_TYPE_FOR_SLOT.get(slot.value)
    field = _SLOT_FIELDS.get(slot, "credentials")
    for cid in credential_ids:
        cred = by_id.get(cid)
        if cred is None:
            known = ", ".join(by_id) or "none"
            raise refusal(
                field,
                f"{app.name or app.client_id} has no credential {cid} (its credentials: {known}).",
                "unknown_credential",
            )
        if wanted is not None and str(cred.credential_type) != wanted:
            raise refusal(
                field,
                f"{cred.display_name} is {type_words(cred.credential_type)}; "
                f"{slot_label(slot)} takes {type_words(wanted, plural=True)}.",
                "wrong_type",
            )


def attach_change(app: Application, slot: Slot, credential_ids: Sequence[str]) -> AuthChange:
    """The change that attaches ``credential_ids`` to ``slot`` beside what it holds.

    For a method slot whose method is not active, the change switches the
    application to that method with just these credentials.
    """
    ids = tuple(credential_ids)
    if slot is Slot.SIGNED_REQUEST_OBJECT:
        kept = tuple(c for c in app.jar_credential_ids if c not in ids)
        return AuthChange(jar_credential_ids=kept + ids)
    if slot is Slot.TOKEN_VAULT_PRIVILEGED_ACCESS:
        kept = tuple(c for c in app.token_vault_credential_ids if c not in ids)
        return AuthChange(token_vault_credential_ids=kept + ids)
    method = _method_of(slot)
    if method is None:
        raise refusal(
            "attach", f"credtui cannot attach credentials to {slot_label(slot)}.", "bad_slot"
        )
    kept = tuple(c for c in _slot_ids_after_attach(app, slot) if c not in ids)
    return AuthChange(method=method, credential_ids=kept + ids)


def detach_change(
    app: Application,
    credential_id: str,
    *,
    fallback: AuthMethod | None = None,
    only: Slot | None = None,
) -> AuthChange | None:
    """The change that removes one credential from every slot it is in (None if in none).

    When that empties the active method and ``fallback`` (a secret method or
    ``none``) is given, the change switches the application to it instead of
    leaving the method with no credential. ``only`` limits the change to one slot.
    """
    slots = tuple(s for s in app.slots_of(credential_id) if only is None or s is only)
    if not slots:
        return None
    if fallback is not None and fallback.uses_credentials:
        raise ValueError("fallback must be client_secret_post, client_secret_basic or none")
    method: AuthMethod | None = None
    ids: tuple[str, ...] = ()
    jar: tuple[str, ...] | None = None
    vault: tuple[str, ...] | None = None
    for slot in slots:
        if slot is Slot.SIGNED_REQUEST_OBJECT:
            jar = tuple(c for c in app.jar_credential_ids if c != credential_id)
            continue
        if slot is Slot.TOKEN_VAULT_PRIVILEGED_ACCESS:
            vault = tuple(c for c in app.token_vault_credential_ids if c != credential_id)
            continue
        slot_method = _method_of(slot)
        if slot_method is None:
            raise refusal(
                "attach",
                f"credtui cannot detach credentials from {slot_label(slot)}; "
                "detach it in the Auth0 Dashboard.",
                "bad_slot",
            )
        ids = tuple(c for c in app.credential_ids_for(slot) if c != credential_id)
        method = fallback if not ids and fallback is not None else slot_method
    return AuthChange(
        method=method,
        credential_ids=ids if method and method.uses_credentials else (),
        jar_credential_ids=jar,
        token_vault_credential_ids=vault,
    )


def detach_consequence(app: Application, credential_id: str) -> str | None:
    """What detaching one credential does to the application's authentication, if anything."""
    name = app.name or app.client_id
    sentences: list[str] = []
    method = app.auth_method
    if method is not None and method.uses_credentials:
        ids = app.credential_ids_for(method)
        if ids == (credential_id,):
            sentences.append(
                f"It is the only credential of {method.label}, {name}'s authentication method: "
                f"without it {name} cannot get tokens until another credential is attached "
                "or the method is switched to a client secret."
            )
    if app.jar_required and app.jar_credential_ids == (credential_id,):
        sentences.append(
            f"It is the only JAR key and JAR is required: {name}'s signed authorization "
            "requests will be refused until another key is attached."
        )
    if app.token_vault_credential_ids == (credential_id,):
        sentences.append(
            f"It is the only Token Vault key: {name}'s privileged access to Token Vault "
            "stops until another key is attached."
        )
    return " ".join(sentences) or None


def _json(value: Any) -> str:
    return json.dumps(value, separators=(", ", ": "))


def _refs(ids: Sequence[str]) -> list[dict[str, str]]:
    return [{"id": c} for c in ids]


def _current(app: Application, key: str) -> Any:
    if key == "client_authentication_methods":
        if not app.method_credentials:
            return None
        return {m.value: {"credentials": _refs(ids)} for m, ids in app.method_credentials}
    if key == "token_endpoint_auth_method":
        return app.token_endpoint_auth_method
    if key == "signed_request_object":
        return {"required": app.jar_required, "credentials": _refs(app.jar_credential_ids)}
    if key == "access_token":
        return {"tls_client_certificate_binding": app.token_binding}
    if key == "require_proof_of_possession":
        return app.require_proof_of_possession
    if key == "token_vault_privileged_access":
        return {"credentials": _refs(app.token_vault_credential_ids)}
    if key == "jwt_configuration":
        return {"alg": app.jwt_alg or "HS256"}
    return None


def describe_change(app: Application, change: AuthChange) -> list[FieldChange]:
    """Each field the change sends, with its current value and the value sent."""
    return [
        FieldChange(key, _json(_current(app, key)), _json(value))
        for key, value in change.to_body().items()
    ]
