"""Applications: create, update and read them as Auth0 does, including the auth-method rules."""

from __future__ import annotations

import copy
from collections.abc import Collection
from typing import Any

from credtui import rules
from credtui.emulator import client_schema, token_vault
from credtui.emulator import credentials as creds
from credtui.emulator import rules as err
from credtui.emulator.client_schema import slot_credentials_schema
from credtui.emulator.store import Client, Credential, Tenant


def _methods_schema(item: dict[str, Any] | None) -> dict[str, Any]:
    def slot(ctype: str) -> dict[str, Any]:
        items = item if item is not None else creds.INLINE_SCHEMAS[ctype]
        return {
            "type": "object",
            "additionalProperties": False,
            "required": ["credentials"],
            "properties": {
                "credentials": slot_credentials_schema(items),
            },
        }

    return {
        "type": ["object", "null"],
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
        "properties": {
            m: slot(rules.CREDENTIAL_TYPE_FOR_SLOT[m]) for m in rules.CREDENTIAL_METHODS
        },
    }


_ID_REF = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id"],
    "properties": {
        "id": {"type": "string", "description": "Credential ID", "format": "credential-id"}
    },
}


def _sro_schema(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": {
            "required": {"type": "boolean"},
            "credentials": slot_credentials_schema(item),
        },
    }


CREATE_SCHEMA: dict[str, Any] = client_schema.create_schema(
    {
        "client_authentication_methods": _methods_schema(None),
        "signed_request_object": _sro_schema(creds.INLINE_SCHEMAS[rules.PUBLIC_KEY]),
        token_vault.SLOT: token_vault.schema(creds.INLINE_SCHEMAS[token_vault.CREDENTIAL_TYPE]),
    }
)
"""``POST /clients`` (the spec's, :mod:`.client_schema`), with the credential fields' own."""

UPDATE_SCHEMA: dict[str, Any] = client_schema.update_schema(
    {
        "client_authentication_methods": _methods_schema(_ID_REF),
        "signed_request_object": _sro_schema(_ID_REF),
        token_vault.SLOT: token_vault.schema(_ID_REF),
    }
)
"""``PATCH /clients/{id}``: at least one property, nulls where the spec allows them."""

DEFAULT_GRANT_TYPES = ["authorization_code", "implicit", "refresh_token", "client_credentials"]
_MIXED = "token_endpoint_auth_method and client_authentication_methods are mutually exclusive"
_NEITHER = "One of token_endpoint_auth_method or client_authentication_methods must be set"
_NEEDS_ASYMMETRIC = (
    "client_authentication_methods requires jwt_configuration.alg to be RS256, RS512 or PS256"
)


def default_settings(body: dict[str, Any]) -> dict[str, Any]:
    """A new client's stored fields: Auth0's defaults overlaid with the request."""
    jwt: dict[str, Any] = {"secret_encoded": False}
    jwt.update(body.get("jwt_configuration") or {"lifetime_in_seconds": 36000})
    settings: dict[str, Any] = {
        "is_token_endpoint_ip_header_trusted": False,
        "name": body["name"],
        "is_first_party": True,
        "oidc_conformant": False,
        "sso_disabled": False,
        "cross_origin_authentication": False,
        "custom_login_page_on": True,
        "jwt_configuration": jwt,
        "grant_types": list(DEFAULT_GRANT_TYPES),
        "refresh_token": {
            "rotation_type": "non-rotating",
            "expiration_type": "non-expiring",
            "leeway": 0,
            "token_lifetime": 31557600,
            "infinite_token_lifetime": True,
            "infinite_idle_token_lifetime": True,
            "idle_token_lifetime": 2592000,
        },
    }
    if body.get("app_type") == "resource_server":
        # Recorded (go-auth0, 2025-08; facts 3.1): a resource server's client.
        settings["oidc_conformant"] = True
        settings["grant_types"] = []
        jwt.setdefault("alg", "RS256")
    for key, value in body.items():
        if key in (
            "jwt_configuration",
            "token_endpoint_auth_method",
            "client_authentication_methods",
            "signed_request_object",
            token_vault.SLOT,
        ):
            continue
        settings[client_schema.ALIASES.get(key, key)] = copy.deepcopy(value)
    return settings


def _has_inline_credentials(body: dict[str, Any]) -> bool:
    if body.get("client_authentication_methods"):
        return True
    sro = body.get("signed_request_object")
    vault = body.get(token_vault.SLOT)
    return bool(sro and sro.get("credentials")) or bool(vault and vault.get("credentials"))


def needs_create_credentials_scope(body: Any) -> bool:
    return isinstance(body, dict) and _has_inline_credentials(body)


def _check_alg(settings: dict[str, Any], methods: dict[str, Any]) -> None:
    """The ID token algorithm beside a credential method: the one rule,
    :func:`credtui.rules.check_jwt_alg`, refused in Auth0's words."""
    alg = (settings.get("jwt_configuration") or {}).get("alg", rules.JWT_DEFAULT_ALG)
    if rules.check_jwt_alg(alg, next(iter(methods), "a credential method")) is not None:
        raise err.bad_request(_NEEDS_ASYMMETRIC, "invalid_body")


def create(tenant: Tenant, body: Any) -> tuple[Client, list[Credential]]:
    """``POST /clients``; returns the client and the credentials created inline."""
    err.validate(body, CREATE_SCHEMA)
    token_vault.check_limits(body.get(token_vault.SLOT))
    methods = body.get("client_authentication_methods")
    team = body.get("token_endpoint_auth_method")
    if methods and team is not None:
        raise err.bad_request(_MIXED, "invalid_body")
    prepared: list[tuple[str, creds.PreparedCredential]] = []
    if methods:
        ((method, slot),) = methods.items()
        for i, item in enumerate(slot["credentials"]):
            prepared.append(
                (
                    method,
                    creds.prepare(item, f"client_authentication_methods.{method}.credentials[{i}]"),
                )
            )
    sro_body = body.get("signed_request_object") or None
    if sro_body:
        for i, item in enumerate(sro_body.get("credentials", [])):
            prepared.append(("sro", creds.prepare(item, f"signed_request_object.credentials[{i}]")))
    vault_body = body.get(token_vault.SLOT)
    if vault_body is not None:
        for i, item in enumerate(vault_body["credentials"]):
            where = f"{token_vault.SLOT}.credentials[{i}]"
            prepared.append((token_vault.SLOT, creds.prepare(item, where)))
    settings = default_settings(body)
    if methods:
        _check_alg(settings, methods)
    client = Client(
        client_id=tenant.new_client_id(),
        client_secret=tenant.new_secret(),
        seq=0,
        settings=settings,
        token_endpoint_auth_method=team,
        created_at=tenant.clock.now(),
    )
    if prepared:
        creds.check_room(client, [p for _, p in prepared])
    with tenant.lock:
        tenant.add_client(client)
        created: list[Credential] = []
        slots: dict[str, list[str]] = {}
        for where, p in prepared:
            cred = creds.commit(tenant, client, p)
            created.append(cred)
            slots.setdefault(where, []).append(cred.id)
        if methods:
            (method,) = methods
            client.auth_methods = {method: slots.get(method, [])}
        if sro_body is not None:
            client.signed_request_object = {}
            if "required" in sro_body:
                client.signed_request_object["required"] = sro_body["required"]
            client.signed_request_object["credentials"] = slots.get("sro", [])
        if vault_body is not None:
            client.token_vault = token_vault.merged(
                None, vault_body, slots.get(token_vault.SLOT, [])
            )
    return client, created


def _resolve_refs(
    client: Client, where: str, slot_type: str, refs: list[dict[str, str]]
) -> list[str]:
    ids = [r["id"] for r in refs]
    missing = [i for i in ids if i not in client.credentials]
    if missing:
        raise err.bad_request(
            f"One or more of the credentials referenced in {where} do not exist: "
            + ", ".join(missing)
        )
    for i in ids:
        ctype = client.credentials[i].credential_type
        if ctype != slot_type:
            raise err.bad_request(
                f"Credential {i} is of type {ctype}; {where} accepts only {slot_type} credentials"
            )
    return list(dict.fromkeys(ids))


def _nulls_a_method(body: dict[str, Any]) -> bool:
    return any(
        k in body and body[k] is None
        for k in ("token_endpoint_auth_method", "client_authentication_methods")
    )


def update(tenant: Tenant, client: Client, body: Any, scopes: Collection[str]) -> Client:
    """``PATCH /clients/{id}`` (a merge: absent fields are left as they are)."""
    err.validate(body, UPDATE_SCHEMA)
    token_vault.check_limits(body.get(token_vault.SLOT))
    if "client_secret" in body and "update:client_keys" not in scopes:
        raise err.insufficient_scope(["update:client_keys"])
    if (
        "client_authentication_methods" in body or "signed_request_object" in body
    ) and "update:client_credentials" not in scopes:
        raise err.insufficient_scope(["update:client_credentials"])
    if token_vault.SLOT in body and token_vault.SCOPE not in scopes:
        raise err.insufficient_scope([token_vault.SCOPE])
    with tenant.lock:
        settings = copy.deepcopy(client.settings)
        for key, value in body.items():
            if key in (
                "token_endpoint_auth_method",
                "client_authentication_methods",
                "signed_request_object",
                token_vault.SLOT,
                "client_secret",
            ):
                continue
            key = client_schema.ALIASES.get(key, key)
            if key in ("jwt_configuration", "access_token") and isinstance(value, dict):
                merged = dict(settings.get(key) or {})
                merged.update(value)
                settings[key] = merged
            else:
                settings[key] = copy.deepcopy(value)

        team = client.token_endpoint_auth_method
        methods = client.auth_methods
        if "token_endpoint_auth_method" in body:
            team = body["token_endpoint_auth_method"]
        if "client_authentication_methods" in body:
            value = body["client_authentication_methods"]
            if value is None:
                methods = None
            else:
                ((method, slot),) = value.items()
                ids = _resolve_refs(
                    client,
                    f"client_authentication_methods.{method}",
                    rules.CREDENTIAL_TYPE_FOR_SLOT[method],
                    slot["credentials"],
                )
                methods = {method: ids}
        if methods is not None and team is not None:
            raise err.bad_request(_MIXED, "invalid_body")
        if methods is None and team is None and _nulls_a_method(body):
            # A client created without either has neither (facts 3.1) and stays valid;
            # a PATCH that takes the last one away is refused (facts 3.2, ENG).
            raise err.bad_request(_NEITHER, "invalid_body")
        if methods is not None and "client_authentication_methods" in body:
            _check_alg(settings, methods)

        sro = client.signed_request_object
        if "signed_request_object" in body:
            value = body["signed_request_object"]
            if value is None:
                sro = None
            else:
                sro = dict(sro or {})
                if "required" in value:
                    sro["required"] = value["required"]
                if "credentials" in value:
                    sro["credentials"] = _resolve_refs(
                        client, "signed_request_object", rules.PUBLIC_KEY, value["credentials"]
                    )
                sro.setdefault("credentials", [])

        vault = client.token_vault
        if token_vault.SLOT in body:
            value = body[token_vault.SLOT]
            if value is None:
                vault = None
            else:
                ids = _resolve_refs(
                    client, token_vault.SLOT, token_vault.CREDENTIAL_TYPE, value["credentials"]
                )
                vault = token_vault.merged(vault, value, ids)

        client.settings = settings
        client.token_endpoint_auth_method = team
        client.auth_methods = methods
        client.signed_request_object = sro
        client.token_vault = vault
        client.updated_at = tenant.clock.now()
        if "client_secret" in body:
            client.client_secret = body["client_secret"]
    return client


KEY_FIELDS = ("client_secret", "client_authentication_methods")
"""Fields (and their dotted sub-fields) only ``read:client_keys``/``…credentials`` read."""


def project(data: dict[str, Any], fields: list[str] | None, include: bool) -> dict[str, Any]:
    """Apply ``fields``/``include_fields``; ``tenant`` is always kept, as Auth0 does.

    A dotted name (``jwt_configuration.alg``, as the spec's ``fields`` pattern allows)
    keeps, or leaves out, that key of the object; an object left with nothing asked for
    is not returned (decision 32).
    """
    if not fields:
        return data
    whole = {f for f in fields if "." not in f}
    parts: dict[str, list[str]] = {}
    for f in fields:
        if "." in f:
            head, _, rest = f.partition(".")
            parts.setdefault(head, []).append(rest)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "tenant":
            out[key] = value
        elif include:
            if key in whole:
                out[key] = value
            elif key in parts and isinstance(value, dict):
                sub = project(value, parts[key], True)
                if sub:
                    out[key] = sub
        elif key not in whole:
            out[key] = (
                project(value, parts[key], False)
                if key in parts and isinstance(value, dict)
                else value
            )
    return out
