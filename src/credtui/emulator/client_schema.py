"""Every field Auth0's client schema declares for ``POST``/``PATCH /clients``, with its type.

Taken from the Management API spec as generated into auth0-python
(``auth0/management/clients/client.py``'s ``create``/``update`` and
``auth0/management/types/``). Top-level types and enumerations are checked;
nested objects are checked as objects (their inner shapes are Auth0's business,
not credtui's). The credential fields (``client_authentication_methods``,
``signed_request_object``, ``token_vault_privileged_access``) and
``token_endpoint_auth_method`` have exact schemas in :mod:`.clients`. An
undeclared field is refused with Auth0's "Additional properties not allowed".
Decision 29 in :mod:`credtui.emulator`.
"""

from __future__ import annotations

from typing import Any

APP_TYPES = [
    "native", "spa", "regular_web", "non_interactive", "resource_server",
    "express_configuration", "rms", "box", "cloudbees", "concur", "dropbox", "mscrm",
    "echosign", "egnyte", "newrelic", "office365", "salesforce", "sentry", "sharepoint",
    "slack", "springcm", "zendesk", "zoom", "sso_integration", "oag",
]  # fmt: skip

_STRING = {"type": "string"}
_STRINGS = {"type": "array", "items": {"type": "string"}}
_BOOL = {"type": "boolean"}
_OBJECT = {"type": "object"}
_OBJECT_OR_NULL = {"type": ["object", "null"]}


def _enum(*values: str, nullable: bool = False) -> dict[str, Any]:
    if nullable:
        return {"type": ["string", "null"], "enum": [*values, None]}
    return {"type": "string", "enum": list(values)}


def _enum_list(*values: str) -> dict[str, Any]:
    return {"type": "array", "items": _enum(*values)}


JWT_CONFIGURATION = {
    "type": "object",
    "properties": {
        "lifetime_in_seconds": {"type": "integer"},
        "secret_encoded": {"type": "boolean"},
        "scopes": {"type": "object"},
        "alg": {"type": "string", "enum": ["HS256", "RS256", "RS512", "PS256"]},
    },
}

COMMON: dict[str, Any] = {
    "description": {"type": "string", "maxLength": 140},
    "logo_uri": _STRING,
    "callbacks": _STRINGS,
    "oidc_logout": _OBJECT,
    "oidc_backchannel_logout": _OBJECT,
    "session_transfer": _OBJECT_OR_NULL,
    "allowed_origins": _STRINGS,
    "web_origins": _STRINGS,
    "client_aliases": _STRINGS,
    "allowed_clients": _STRINGS,
    "allowed_logout_urls": _STRINGS,
    "grant_types": _STRINGS,
    "is_token_endpoint_ip_header_trusted": _BOOL,
    "app_type": {"type": ["string", "null"], "enum": [*APP_TYPES, None]},
    "is_first_party": _BOOL,
    "oidc_conformant": _BOOL,
    "jwt_configuration": JWT_CONFIGURATION,
    "encryption_key": _OBJECT_OR_NULL,
    "sso": _BOOL,
    "cross_origin_authentication": _BOOL,
    "cross_origin_loc": {"type": ["string", "null"]},
    "sso_disabled": _BOOL,
    "custom_login_page_on": _BOOL,
    "custom_login_page": _STRING,
    "custom_login_page_preview": _STRING,
    "form_template": _STRING,
    "addons": _OBJECT,
    "client_metadata": _OBJECT,
    "mobile": _OBJECT,
    "initiate_login_uri": _STRING,
    "native_social_login": _OBJECT,
    "fedcm_login": _OBJECT,
    "refresh_token": _OBJECT_OR_NULL,
    "default_organization": _OBJECT_OR_NULL,
    "organization_usage": _enum("deny", "allow", "require"),
    "organization_require_behavior": _enum("no_prompt", "pre_login_prompt", "post_login_prompt"),
    "organization_discovery_methods": _enum_list("email", "organization_name"),
    "require_pushed_authorization_requests": _BOOL,
    "require_proof_of_possession": _BOOL,
    "compliance_level": _enum(
        "none",
        "fapi1_adv_pkj_par",
        "fapi1_adv_mtls_par",
        "fapi2_sp_pkj_mtls",
        "fapi2_sp_mtls_mtls",
        nullable=True,
    ),
    "skip_non_verifiable_callback_uri_confirmation_prompt": _BOOL,
    "token_exchange": _OBJECT_OR_NULL,
    "par_request_expiry": {"type": ["integer", "null"], "minimum": 5, "maximum": 600},
    "token_quota": _OBJECT_OR_NULL,
    "identity_assertion_authorization_grant": _OBJECT_OR_NULL,
    "anonymous_sessions": _OBJECT_OR_NULL,
    "enforce_anon_session_transfer_network_binding": _enum("ip", "asn", "none"),
    "third_party_security_mode": _enum("strict", "permissive"),
    "redirection_policy": _enum("allow_always", "open_redirect_protection"),
    "express_configuration": _OBJECT_OR_NULL,
    "b2b_integration_configuration": _OBJECT_OR_NULL,
    "my_organization_configuration": _OBJECT_OR_NULL,
    "async_approval_notification_channels": _enum_list("guardian-push", "email", "my-account"),
    "oidc_support": _OBJECT,
    "access_token": {
        # Legacy/undocumented toggle still used by Auth0 staff scripts (facts 3.1).
        "type": "object",
        "additionalProperties": False,
        "properties": {"tls_client_certificate_binding": {"type": "boolean"}},
    },
}
"""Fields both ``POST`` and ``PATCH`` accept (besides ``name`` and the credential fields)."""

CREATE_ONLY: dict[str, Any] = {"resource_server_identifier": _STRING}
UPDATE_ONLY: dict[str, Any] = {"client_secret": {"type": "string", "minLength": 1}}

NOT_RETURNED = frozenset({"oidc_support"})
"""Accepted and stored, but not part of the client Auth0 returns (the spec's ``Client``)."""

ALIASES = {"oidc_backchannel_logout": "oidc_logout"}
"""Deprecated request names stored (and returned) under their current name."""
