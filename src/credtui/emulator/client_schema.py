"""The ``POST``/``PATCH /clients`` schemas: the spec's, generated, plus what the spec lacks.

The base is :mod:`.spec_client`, generated from the Management API OpenAPI document
by ``scripts/generate_client_schema.py`` (every field with its type, nullability,
enumeration, pattern, bounds, format and required nested keys, ``$ref`` inlined).
On top of it, by name, and nothing else:

* :data:`SDK_ONLY`: fields the official SDKs send (auth0-python 6.x, Node SDK 7.1.0)
  that this copy of the spec does not declare, with the SDKs' types;
* the credential fields (``client_authentication_methods``, ``signed_request_object``,
  ``token_vault_privileged_access``), whose exact schemas (the inline credential
  shapes, the two-per-slot cap the server enforces) are :mod:`.clients`' and
  :mod:`.token_vault`'s.

An undeclared field is refused with Auth0's "Additional properties not allowed".
Decisions 29 and 34 in :mod:`credtui.emulator`.
"""

from __future__ import annotations

import copy
from typing import Any

from credtui import rules
from credtui.emulator import spec_client

APP_TYPES: list[str] = list(spec_client.CREATE_CLIENT["properties"]["app_type"]["enum"])

_NULLABLE_OBJECT: dict[str, Any] = {"type": ["object", "null"]}

SDK_ONLY: dict[str, dict[str, Any]] = {
    "fedcm_login": {**_NULLABLE_OBJECT, "description": "Configure FedCM login settings"},
    "identity_assertion_authorization_grant": _NULLABLE_OBJECT,
    "anonymous_sessions": _NULLABLE_OBJECT,
    "enforce_anon_session_transfer_network_binding": {
        "type": "string",
        "enum": ["ip", "asn", "none"],
    },
    "b2b_integration_configuration": _NULLABLE_OBJECT,
    "oidc_support": {"type": "object"},
    "access_token": {
        # Legacy/undocumented toggle still used by Auth0 staff scripts (facts 3.1).
        "type": "object",
        "additionalProperties": False,
        "properties": {"tls_client_certificate_binding": {"type": "boolean"}},
    },
}
"""Fields the SDKs declare and this copy of the spec does not (``access_token``: the
legacy token-binding toggle, decision 13)."""

PATCH_NULLABLE = ("native_social_login",)
"""``PATCH`` fields the SDK 7.1.0 types make nullable where this copy of the spec does not
(facts 3.1: infrastructure-as-code tools send ``null`` to unset)."""

NOT_RETURNED = frozenset({"oidc_support"})
"""Accepted and stored, but not part of the client Auth0 returns (the spec's ``Client``)."""

ALIASES = {"oidc_backchannel_logout": "oidc_logout"}
"""Deprecated request names stored (and returned) under their current name."""


def _with(base: dict[str, Any], own: dict[str, Any], *, patch: bool) -> dict[str, Any]:
    out = copy.deepcopy(base)
    props: dict[str, Any] = out["properties"]
    props.update(copy.deepcopy(SDK_ONLY))
    if patch:
        for name in PATCH_NULLABLE:
            types = props[name]["type"]
            props[name]["type"] = [types, "null"] if isinstance(types, str) else [*types, "null"]
    props.update(own)
    return out


def create_schema(own: dict[str, Any]) -> dict[str, Any]:
    """``POST /clients``: the spec's body with :data:`SDK_ONLY` and ``own`` (the credential
    fields) in place."""
    return _with(spec_client.CREATE_CLIENT, own, patch=False)


def update_schema(own: dict[str, Any]) -> dict[str, Any]:
    """``PATCH /clients/{id}``: the spec's body (at least one property) likewise."""
    return _with(spec_client.UPDATE_CLIENT, own, patch=True)


def slot_credentials_schema(items: dict[str, Any]) -> dict[str, Any]:
    """A slot's ``credentials`` array: Auth0 takes at most two per method, JAR or Token Vault."""
    return {"type": "array", "maxItems": rules.MAX_ATTACHED_PER_METHOD, "items": items}
