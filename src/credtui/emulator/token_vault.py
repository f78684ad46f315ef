"""``token_vault_privileged_access``: the fifth place a credential can be attached.

Auth0's client schema (auth0-python's ``ClientTokenVaultPrivilegedAccessWith*``
types, generated from the Management API spec): ``{credentials: [...],
ip_allowlist?: [string], grants?: [{connection, scopes: [string]}]}``. On
``POST /clients`` the credentials are full ``public_key`` definitions, created
and attached; on ``PATCH`` they are ``{"id"}`` references to ``public_key``
credentials the client holds. Changing it needs the scope
``update:client_token_vault_privileged_access``. The two-per-slot cap and the
still-attached delete refusal apply as to every slot (decision 27 in
:mod:`credtui.emulator`).
"""

from __future__ import annotations

import copy
from typing import Any

from credtui import rules

SLOT = rules.TOKEN_VAULT_PRIVILEGED_ACCESS
"""The client field, and the slot's name."""

SCOPE = "update:client_token_vault_privileged_access"
"""The scope a ``PATCH`` that sets :data:`SLOT` needs."""

CREDENTIAL_TYPE = rules.CREDENTIAL_TYPE_FOR_SLOT[SLOT]
"""The only credential type the slot takes (``public_key``)."""

_GRANT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["connection", "scopes"],
    "properties": {
        "connection": {"type": "string"},
        "scopes": {"type": "array", "items": {"type": "string"}},
    },
}


def schema(item: dict[str, Any]) -> dict[str, Any]:
    """The field's schema; ``item`` is an inline credential (create) or an id reference."""
    from credtui.emulator.credentials import list_schema  # credentials -> store -> here

    return {
        "type": ["object", "null"],
        "additionalProperties": False,
        "required": ["credentials"],
        "properties": {
            "credentials": list_schema(item),
            "ip_allowlist": {"type": "array", "items": {"type": "string"}},
            "grants": {"type": "array", "items": _GRANT},
        },
    }


def merged(
    current: dict[str, Any] | None, value: dict[str, Any], credential_ids: list[str]
) -> dict[str, Any]:
    """The stored setting after a write: ``credentials`` replaced, other keys given replace theirs."""
    out = copy.deepcopy(current) if current else {}
    for key in ("ip_allowlist", "grants"):
        if key in value:
            out[key] = copy.deepcopy(value[key])
    out["credentials"] = credential_ids
    return out


def to_json(stored: dict[str, Any], inline: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The field as Auth0 returns it: ``credentials`` first, inline objects only on create."""
    out: dict[str, Any] = {
        "credentials": [inline.get(i, {"id": i}) for i in stored.get("credentials", [])]
    }
    for key in ("ip_allowlist", "grants"):
        if key in stored:
            out[key] = copy.deepcopy(stored[key])
    return out
