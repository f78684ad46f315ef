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
from credtui.emulator import rules as err
from credtui.emulator.client_schema import slot_credentials_schema

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

ENTITLEMENT = SLOT
"""The plan key of the Early Access entitlement (:class:`credtui.emulator.plans.Plan`)."""


def check_limits(value: Any) -> None:
    """Auth0's cap on scopes across every grant (the other caps are in :func:`schema`)."""
    if not isinstance(value, dict) or not isinstance(value.get("grants"), list):
        return
    count = rules.token_vault_scope_count(value["grants"])
    if count > rules.TOKEN_VAULT_SCOPES_MAX:
        raise err.payload_error(
            f"Too many scopes in all grants ({count}), maximum {rules.TOKEN_VAULT_SCOPES_MAX}",
            f"{SLOT}.grants",
        )


def schema(item: dict[str, Any]) -> dict[str, Any]:
    """The field's schema; ``item`` is an inline credential (create) or an id reference."""
    return {
        "type": ["object", "null"],
        "additionalProperties": False,
        "required": ["credentials"],
        "properties": {
            "credentials": slot_credentials_schema(item),
            "ip_allowlist": {
                "type": "array",
                "maxItems": rules.TOKEN_VAULT_IP_ALLOWLIST_MAX,
                "items": {"type": "string", "format": rules.IP_OR_CIDR_FORMAT},
            },
            "grants": {
                "type": "array",
                "maxItems": rules.TOKEN_VAULT_GRANTS_MAX,
                "items": _GRANT,
            },
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
