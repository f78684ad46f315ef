"""Auth0's client schemas, generated from the Management API OpenAPI document.

Do not edit: run ``python scripts/generate_client_schema.py SPEC`` (see that script).
Source: management-api.yml, version 2.0, sha256 5a971d86ee97d08d.
"""

from typing import Any

CLIENT_FIELDS: tuple[str, ...] = (
    "name",
    "description",
    "callbacks",
    "oidc_backchannel_logout",
    "oidc_logout",
    "session_transfer",
    "allowed_origins",
    "web_origins",
    "client_id",
    "tenant",
    "global",
    "config_route",
    "callback_url_template",
    "jwt_configuration",
    "jwt_configuration.lifetime_in_seconds",
    "jwt_configuration.secret_encoded",
    "jwt_configuration.scopes",
    "jwt_configuration.alg",
    "api_type",
    "logo_uri",
    "allowed_clients",
    "owners",
    "custom_login_page",
    "custom_login_page_on",
    "sso",
    "addons",
    "form_template",
    "custom_login_page_preview",
    "encryption_key",
    "encryption_key.pub",
    "encryption_key.cert",
    "client_secret",
    "signing_keys",
    "mobile",
    "mobile.android",
    "mobile.ios",
    "token_endpoint_auth_method",
    "allowed_logout_urls",
    "app_type",
    "is_first_party",
    "oidc_conformant",
    "client_metadata",
    "is_token_endpoint_ip_header_trusted",
    "initiate_login_uri",
    "grant_types",
    "refresh_token",
    "refresh_token.rotation_type",
    "refresh_token.expiration_type",
    "refresh_token.leeway",
    "refresh_token.policies",
    "refresh_token.token_lifetime",
    "default_organization",
    "organization_usage",
    "organization_require_behavior",
    "organization_discovery_methods",
    "client_authentication_methods",
    "client_authentication_methods.private_key_jwt",
    "require_pushed_authorization_requests",
    "require_proof_of_possession",
    "id_token",
    "signed_request_object",
    "signed_request_object.required",
    "signed_request_object.credentials",
    "compliance_level",
    "skip_non_verifiable_callback_uri_confirmation_prompt",
    "token_exchange",
    "token_exchange.allow_any_profile_of_type",
    "token_quota",
    "identity_assertion_authorization_grant",
    "third_party_security_mode",
    "subject_type_authorization",
    "resource_server_identifier",
    "express_configuration",
    "my_organization_configuration",
    "async_approval_notification_channels",
    "token_vault_privileged_access",
    "token_vault_privileged_access.credentials",
    "registration_type",
    "external_metadata_type",
    "external_metadata_created_by",
    "external_client_id",
    "redirection_policy",
)
"""The names ``fields`` may list (dotted sub-fields included), in the spec's order."""

LIST_QUERY: dict[str, Any] = {
    "fields": {
        "type": "string",
        "pattern": "^((name)|(description)|(callbacks)|(oidc_backchannel_logout)|(oidc_logout)|(session_transfer)|(allowed_origins)|(web_origins)|(client_id)|(tenant)|(global)|(config_route)|(callback_url_template)|(jwt_configuration)|(jwt_configuration\\.lifetime_in_seconds)|(jwt_configuration\\.secret_encoded)|(jwt_configuration\\.scopes)|(jwt_configuration\\.alg)|(api_type)|(logo_uri)|(allowed_clients)|(owners)|(custom_login_page)|(custom_login_page_on)|(sso)|(addons)|(form_template)|(custom_login_page_preview)|(encryption_key)|(encryption_key\\.pub)|(encryption_key\\.cert)|(client_secret)|(signing_keys)|(mobile)|(mobile\\.android)|(mobile\\.ios)|(token_endpoint_auth_method)|(allowed_logout_urls)|(app_type)|(is_first_party)|(oidc_conformant)|(client_metadata)|(is_token_endpoint_ip_header_trusted)|(initiate_login_uri)|(grant_types)|(refresh_token)|(refresh_token\\.rotation_type)|(refresh_token\\.expiration_type)|(refresh_token\\.leeway)|(refresh_token\\.policies)|(refresh_token\\.token_lifetime)|(default_organization)|(organization_usage)|(organization_require_behavior)|(organization_discovery_methods)|(client_authentication_methods)|(client_authentication_methods\\.private_key_jwt)|(require_pushed_authorization_requests)|(require_proof_of_possession)|(id_token)|(signed_request_object)|(signed_request_object\\.required)|(signed_request_object\\.credentials)|(compliance_level)|(skip_non_verifiable_callback_uri_confirmation_prompt)|(token_exchange)|(token_exchange\\.allow_any_profile_of_type)|(token_quota)|(identity_assertion_authorization_grant)|(third_party_security_mode)|(subject_type_authorization)|(resource_server_identifier)|(express_configuration)|(my_organization_configuration)|(async_approval_notification_channels)|(token_vault_privileged_access)|(token_vault_privileged_access\\.credentials)|(registration_type)|(external_metadata_type)|(external_metadata_created_by)|(external_client_id)|(redirection_policy))(,((name)|(description)|(callbacks)|(oidc_backchannel_logout)|(oidc_logout)|(session_transfer)|(allowed_origins)|(web_origins)|(client_id)|(tenant)|(global)|(config_route)|(callback_url_template)|(jwt_configuration)|(jwt_configuration\\.lifetime_in_seconds)|(jwt_configuration\\.secret_encoded)|(jwt_configuration\\.scopes)|(jwt_configuration\\.alg)|(api_type)|(logo_uri)|(allowed_clients)|(owners)|(custom_login_page)|(custom_login_page_on)|(sso)|(addons)|(form_template)|(custom_login_page_preview)|(encryption_key)|(encryption_key\\.pub)|(encryption_key\\.cert)|(client_secret)|(signing_keys)|(mobile)|(mobile\\.android)|(mobile\\.ios)|(token_endpoint_auth_method)|(allowed_logout_urls)|(app_type)|(is_first_party)|(oidc_conformant)|(client_metadata)|(is_token_endpoint_ip_header_trusted)|(initiate_login_uri)|(grant_types)|(refresh_token)|(refresh_token\\.rotation_type)|(refresh_token\\.expiration_type)|(refresh_token\\.leeway)|(refresh_token\\.policies)|(refresh_token\\.token_lifetime)|(default_organization)|(organization_usage)|(organization_require_behavior)|(organization_discovery_methods)|(client_authentication_methods)|(client_authentication_methods\\.private_key_jwt)|(require_pushed_authorization_requests)|(require_proof_of_possession)|(id_token)|(signed_request_object)|(signed_request_object\\.required)|(signed_request_object\\.credentials)|(compliance_level)|(skip_non_verifiable_callback_uri_confirmation_prompt)|(token_exchange)|(token_exchange\\.allow_any_profile_of_type)|(token_quota)|(identity_assertion_authorization_grant)|(third_party_security_mode)|(subject_type_authorization)|(resource_server_identifier)|(express_configuration)|(my_organization_configuration)|(async_approval_notification_channels)|(token_vault_privileged_access)|(token_vault_privileged_access\\.credentials)|(registration_type)|(external_metadata_type)|(external_metadata_created_by)|(external_client_id)|(redirection_policy)))*$",
        "description": "Comma-separated list of fields to include or exclude (based on value "
        "provided for include_fields) in the result. Leave empty to retrieve "
        "all fields.",
    },
    "include_fields": {
        "type": "boolean",
        "description": "Whether specified fields are to be included (true) or excluded (false).",
    },
    "page": {
        "type": "integer",
        "minimum": 0,
        "description": "Page index of the results to return. First page is 0.",
    },
    "per_page": {
        "type": "integer",
        "minimum": 0,
        "maximum": 100,
        "description": "Number of results per page. Default value is 50, maximum value is 100",
    },
    "include_totals": {
        "type": "boolean",
        "description": "Return results inside an object that contains the total result "
        "count (true) or as a direct array of results (false, "
        "default).",
    },
    "from": {"type": "string", "description": "Optional Id from which to start selection."},
    "take": {
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "description": "Number of results per page. Defaults to 50.",
    },
    "is_global": {
        "type": "boolean",
        "description": "Optional filter on the global client parameter.",
    },
    "is_first_party": {
        "type": "boolean",
        "description": "Optional filter on whether or not a client is a first-party client.",
    },
    "app_type": {
        "type": "string",
        "pattern": "^((native)|(spa)|(regular_web)|(non_interactive)|(resource_server)|(express_configuration)|(rms)|(box)|(cloudbees)|(concur)|(dropbox)|(mscrm)|(echosign)|(egnyte)|(newrelic)|(office365)|(salesforce)|(sentry)|(sharepoint)|(slack)|(springcm)|(zendesk)|(zoom)|(sso_integration)|(oag))(,((native)|(spa)|(regular_web)|(non_interactive)|(resource_server)|(express_configuration)|(rms)|(box)|(cloudbees)|(concur)|(dropbox)|(mscrm)|(echosign)|(egnyte)|(newrelic)|(office365)|(salesforce)|(sentry)|(sharepoint)|(slack)|(springcm)|(zendesk)|(zoom)|(sso_integration)|(oag)))*$",
        "description": "Optional filter by a comma-separated list of application types.",
    },
    "external_client_id": {
        "type": "string",
        "minLength": 1,
        "maxLength": 120,
        "description": "Optional filter by the <a "
        'href="https://www.ietf.org/archive/id/draft-ietf-oauth-client-id-metadata-document-04.html">Client '
        "ID Metadata Document</a> URI for CIMD-registered clients.",
    },
    "q": {
        "type": "string",
        "description": "Advanced Query in <a "
        'href="https://lucene.apache.org/core/2_9_4/queryparsersyntax.html">Lucene</a> '
        "syntax.<br /><b>Permitted Queries</b>:<br "
        "/><ul><li><i>client_grant.organization_id:{organization_id}</i></li><li><i>client_grant.allow_any_organization:true</i></li></ul><b>Additional "
        "Restrictions</b>:<br /><ul><li>Cannot be used in combination with other "
        "filters</li><li>Requires use of the <i>from</i> and <i>take</i> paging "
        "parameters (checkpoint paginatinon)</li><li>Reduced rate limits apply. See "
        "<a "
        'href="https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy/rate-limit-configurations/enterprise-public">Rate '
        "Limit Configurations</a></li></ul><i><b>Note</b>: Recent updates may not be "
        "immediately reflected in query results</i>",
    },
}
"""``GET /clients`` query parameters."""

GET_QUERY: dict[str, Any] = {
    "fields": {
        "type": "string",
        "pattern": "^((name)|(description)|(callbacks)|(oidc_backchannel_logout)|(oidc_logout)|(session_transfer)|(allowed_origins)|(web_origins)|(client_id)|(tenant)|(global)|(config_route)|(callback_url_template)|(jwt_configuration)|(jwt_configuration\\.lifetime_in_seconds)|(jwt_configuration\\.secret_encoded)|(jwt_configuration\\.scopes)|(jwt_configuration\\.alg)|(api_type)|(logo_uri)|(allowed_clients)|(owners)|(custom_login_page)|(custom_login_page_on)|(sso)|(addons)|(form_template)|(custom_login_page_preview)|(encryption_key)|(encryption_key\\.pub)|(encryption_key\\.cert)|(client_secret)|(signing_keys)|(mobile)|(mobile\\.android)|(mobile\\.ios)|(token_endpoint_auth_method)|(allowed_logout_urls)|(app_type)|(is_first_party)|(oidc_conformant)|(client_metadata)|(is_token_endpoint_ip_header_trusted)|(initiate_login_uri)|(grant_types)|(refresh_token)|(refresh_token\\.rotation_type)|(refresh_token\\.expiration_type)|(refresh_token\\.leeway)|(refresh_token\\.policies)|(refresh_token\\.token_lifetime)|(default_organization)|(organization_usage)|(organization_require_behavior)|(organization_discovery_methods)|(client_authentication_methods)|(client_authentication_methods\\.private_key_jwt)|(require_pushed_authorization_requests)|(require_proof_of_possession)|(id_token)|(signed_request_object)|(signed_request_object\\.required)|(signed_request_object\\.credentials)|(compliance_level)|(skip_non_verifiable_callback_uri_confirmation_prompt)|(token_exchange)|(token_exchange\\.allow_any_profile_of_type)|(token_quota)|(identity_assertion_authorization_grant)|(third_party_security_mode)|(subject_type_authorization)|(resource_server_identifier)|(express_configuration)|(my_organization_configuration)|(async_approval_notification_channels)|(token_vault_privileged_access)|(token_vault_privileged_access\\.credentials)|(registration_type)|(external_metadata_type)|(external_metadata_created_by)|(external_client_id)|(redirection_policy))(,((name)|(description)|(callbacks)|(oidc_backchannel_logout)|(oidc_logout)|(session_transfer)|(allowed_origins)|(web_origins)|(client_id)|(tenant)|(global)|(config_route)|(callback_url_template)|(jwt_configuration)|(jwt_configuration\\.lifetime_in_seconds)|(jwt_configuration\\.secret_encoded)|(jwt_configuration\\.scopes)|(jwt_configuration\\.alg)|(api_type)|(logo_uri)|(allowed_clients)|(owners)|(custom_login_page)|(custom_login_page_on)|(sso)|(addons)|(form_template)|(custom_login_page_preview)|(encryption_key)|(encryption_key\\.pub)|(encryption_key\\.cert)|(client_secret)|(signing_keys)|(mobile)|(mobile\\.android)|(mobile\\.ios)|(token_endpoint_auth_method)|(allowed_logout_urls)|(app_type)|(is_first_party)|(oidc_conformant)|(client_metadata)|(is_token_endpoint_ip_header_trusted)|(initiate_login_uri)|(grant_types)|(refresh_token)|(refresh_token\\.rotation_type)|(refresh_token\\.expiration_type)|(refresh_token\\.leeway)|(refresh_token\\.policies)|(refresh_token\\.token_lifetime)|(default_organization)|(organization_usage)|(organization_require_behavior)|(organization_discovery_methods)|(client_authentication_methods)|(client_authentication_methods\\.private_key_jwt)|(require_pushed_authorization_requests)|(require_proof_of_possession)|(id_token)|(signed_request_object)|(signed_request_object\\.required)|(signed_request_object\\.credentials)|(compliance_level)|(skip_non_verifiable_callback_uri_confirmation_prompt)|(token_exchange)|(token_exchange\\.allow_any_profile_of_type)|(token_quota)|(identity_assertion_authorization_grant)|(third_party_security_mode)|(subject_type_authorization)|(resource_server_identifier)|(express_configuration)|(my_organization_configuration)|(async_approval_notification_channels)|(token_vault_privileged_access)|(token_vault_privileged_access\\.credentials)|(registration_type)|(external_metadata_type)|(external_metadata_created_by)|(external_client_id)|(redirection_policy)))*$",
        "description": "Comma-separated list of fields to include or exclude (based on value "
        "provided for include_fields) in the result. Leave empty to retrieve "
        "all fields.",
    },
    "include_fields": {
        "type": "boolean",
        "description": "Whether specified fields are to be included (true) or excluded (false).",
    },
}
"""``GET /clients/{id}`` query parameters."""

CREATE_CLIENT: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {
        "name": {
            "type": "string",
            "description": "Name of this client (min length: 1 character, does not "
            "allow `<` or `>`).",
            "pattern": "^[^<>]+$",
        },
        "description": {
            "type": "string",
            "description": "Free text description of this client (max length: 140 characters).",
            "maxLength": 140,
        },
        "logo_uri": {
            "type": "string",
            "description": "URL of the logo to display for this client. "
            "Recommended size is 150x150 pixels.",
            "format": "absolute-uri-or-empty",
        },
        "callbacks": {
            "type": "array",
            "description": "Comma-separated list of URLs whitelisted for Auth0 "
            "to use as a callback to the client after "
            "authentication.",
            "items": {"type": "string", "format": "callback-url"},
        },
        "oidc_logout": {
            "type": "object",
            "description": "Configuration for OIDC backchannel logout",
            "additionalProperties": True,
            "properties": {
                "backchannel_logout_urls": {
                    "type": "array",
                    "items": {
                        "type": "string",
                        "format": "absolute-https-uri-with-placeholders-or-empty",
                    },
                },
                "backchannel_logout_initiators": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "mode": {"type": "string", "enum": ["custom", "all"]},
                        "selected_initiators": {
                            "type": "array",
                            "items": {
                                "type": "string",
                                "enum": [
                                    "rp-logout",
                                    "idp-logout",
                                    "password-changed",
                                    "session-expired",
                                    "session-revoked",
                                    "account-deleted",
                                    "email-identifier-changed",
                                    "mfa-phone-unenrolled",
                                    "account-deactivated",
                                ],
                            },
                        },
                    },
                },
                "backchannel_logout_session_metadata": {
                    "type": ["object", "null"],
                    "additionalProperties": True,
                    "properties": {"include": {"type": "boolean"}},
                },
            },
        },
        "oidc_backchannel_logout": {
            "type": "object",
            "description": "Configuration for OIDC backchannel "
            "logout (deprecated, in favor of "
            "oidc_logout)",
            "additionalProperties": True,
            "properties": {
                "backchannel_logout_urls": {
                    "type": "array",
                    "items": {
                        "type": "string",
                        "format": "absolute-https-uri-with-placeholders-or-empty",
                    },
                },
                "backchannel_logout_initiators": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "mode": {"type": "string", "enum": ["custom", "all"]},
                        "selected_initiators": {
                            "type": "array",
                            "items": {
                                "type": "string",
                                "enum": [
                                    "rp-logout",
                                    "idp-logout",
                                    "password-changed",
                                    "session-expired",
                                    "session-revoked",
                                    "account-deleted",
                                    "email-identifier-changed",
                                    "mfa-phone-unenrolled",
                                    "account-deactivated",
                                ],
                            },
                        },
                    },
                },
                "backchannel_logout_session_metadata": {
                    "type": ["object", "null"],
                    "additionalProperties": True,
                    "properties": {"include": {"type": "boolean"}},
                },
            },
        },
        "session_transfer": {
            "type": ["object", "null"],
            "description": "Native to Web SSO Configuration",
            "additionalProperties": False,
            "properties": {
                "can_create_session_transfer_token": {"type": "boolean"},
                "enforce_cascade_revocation": {"type": "boolean"},
                "allowed_authentication_methods": {
                    "type": ["array", "null"],
                    "items": {"type": "string", "enum": ["cookie", "query"]},
                },
                "enforce_device_binding": {"type": "string", "enum": ["ip", "asn", "none"]},
                "allow_refresh_token": {"type": "boolean"},
                "enforce_online_refresh_tokens": {"type": "boolean"},
                "delegation": {
                    "type": ["object", "null"],
                    "additionalProperties": False,
                    "properties": {
                        "allow_delegated_access": {"type": "boolean"},
                        "enforce_device_binding": {"type": "string", "enum": ["ip", "asn"]},
                    },
                },
            },
        },
        "allowed_origins": {
            "type": "array",
            "description": "Comma-separated list of URLs allowed to make "
            "requests from JavaScript to Auth0 API "
            "(typically used with CORS). By default, all "
            "your callback URLs will be allowed. This field "
            "allows you to enter other origins if "
            "necessary. You can also use wildcards at the "
            "subdomain level (e.g., https://*.contoso.com). "
            "Query strings and hash information are not "
            "taken into account when validating these URLs.",
            "items": {"type": "string", "format": "url-with-placeholders"},
        },
        "web_origins": {
            "type": "array",
            "description": "Comma-separated list of allowed origins for use "
            "with <a "
            "href='https://auth0.com/docs/cross-origin-authentication'>Cross-Origin "
            "Authentication</a>, <a "
            "href='https://auth0.com/docs/flows/concepts/device-auth'>Device "
            "Flow</a>, and <a "
            "href='https://auth0.com/docs/protocols/oauth2#how-response-mode-works'>web "
            "message response mode</a>.",
            "items": {"type": "string", "format": "url-with-placeholders"},
        },
        "client_aliases": {
            "type": "array",
            "description": "List of audiences/realms for SAML protocol. Used by the wsfed addon.",
            "items": {"type": "string", "minLength": 1},
        },
        "allowed_clients": {
            "type": "array",
            "description": "List of allow clients and API ids that are "
            "allowed to make delegation requests. Empty "
            "means all all your clients are allowed.",
            "items": {"type": "string", "minLength": 1},
        },
        "allowed_logout_urls": {
            "type": "array",
            "description": "Comma-separated list of URLs that are "
            "valid to redirect to after logout from "
            "Auth0. Wildcards are allowed for "
            "subdomains.",
            "items": {"type": "string", "format": "url-with-placeholders"},
        },
        "grant_types": {
            "type": "array",
            "description": "List of grant types supported for this "
            "application. Can include `authorization_code`, "
            "`implicit`, `refresh_token`, `client_credentials`, "
            "`password`, "
            "`http://auth0.com/oauth/grant-type/password-realm`, "
            "`http://auth0.com/oauth/grant-type/mfa-oob`, "
            "`http://auth0.com/oauth/grant-type/mfa-otp`, "
            "`http://auth0.com/oauth/grant-type/mfa-recovery-code`, "
            "`urn:openid:params:grant-type:ciba`, "
            "`urn:ietf:params:oauth:grant-type:device_code`, "
            "and "
            "`urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token`.",
            "items": {"type": "string", "minLength": 1},
        },
        "token_endpoint_auth_method": {
            "type": "string",
            "description": "Defines the requested "
            "authentication method for the token "
            "endpoint. Can be `none` (public "
            "client without a client secret), "
            "`client_secret_post` (client uses "
            "HTTP POST parameters), or "
            "`client_secret_basic` (client uses "
            "HTTP Basic).",
            "enum": ["none", "client_secret_post", "client_secret_basic"],
        },
        "is_token_endpoint_ip_header_trusted": {
            "type": "boolean",
            "description": "If true, trust that the IP "
            "specified in the "
            "`auth0-forwarded-for` "
            "header is the end-user's "
            "IP for "
            "brute-force-protection on "
            "token endpoint.",
        },
        "app_type": {
            "type": "string",
            "description": "The type of application this client represents",
            "enum": [
                "native",
                "spa",
                "regular_web",
                "non_interactive",
                "resource_server",
                "express_configuration",
                "rms",
                "box",
                "cloudbees",
                "concur",
                "dropbox",
                "mscrm",
                "echosign",
                "egnyte",
                "newrelic",
                "office365",
                "salesforce",
                "sentry",
                "sharepoint",
                "slack",
                "springcm",
                "zendesk",
                "zoom",
                "sso_integration",
                "oag",
            ],
        },
        "is_first_party": {
            "type": "boolean",
            "description": "Whether this client a first party client or not",
        },
        "oidc_conformant": {
            "type": "boolean",
            "description": "Whether this client conforms to <a "
            "href='https://auth0.com/docs/api-auth/tutorials/adoption'>strict "
            "OIDC specifications</a> (true) or uses legacy "
            "features (false).",
        },
        "jwt_configuration": {
            "type": "object",
            "description": "Configuration related to JWTs for the client.",
            "additionalProperties": True,
            "properties": {
                "lifetime_in_seconds": {"type": "integer"},
                "secret_encoded": {"type": "boolean"},
                "scopes": {"type": "object", "additionalProperties": True},
                "alg": {"type": "string", "enum": ["HS256", "RS256", "RS512", "PS256"]},
            },
        },
        "encryption_key": {
            "type": ["object", "null"],
            "description": "Encryption used for WsFed responses with this client.",
            "additionalProperties": True,
            "properties": {
                "pub": {"type": "string"},
                "cert": {"type": "string"},
                "subject": {"type": "string"},
            },
        },
        "sso": {
            "type": "boolean",
            "description": "Applies only to SSO clients and determines whether Auth0 "
            "will handle Single Sign On (true) or whether the Identity "
            "Provider will (false).",
        },
        "cross_origin_authentication": {
            "type": "boolean",
            "description": "Whether this client can be used to "
            "make cross-origin authentication "
            "requests (true) or it is not "
            "allowed to make such requests "
            "(false).",
        },
        "cross_origin_loc": {
            "type": "string",
            "description": "URL of the location in your site where the "
            "cross origin verification takes place for the "
            "cross-origin auth flow when performing Auth "
            "in your own domain instead of Auth0 hosted "
            "login page.",
            "format": "url",
        },
        "sso_disabled": {
            "type": "boolean",
            "description": "<code>true</code> to disable Single Sign On, "
            "<code>false</code> otherwise (default: "
            "<code>false</code>)",
        },
        "custom_login_page_on": {
            "type": "boolean",
            "description": "<code>true</code> if the custom login "
            "page is to be used, <code>false</code> "
            "otherwise. Defaults to <code>true</code>",
        },
        "custom_login_page": {
            "type": "string",
            "description": "The content (HTML, CSS, JS) of the custom login page.",
            "minLength": 1,
        },
        "custom_login_page_preview": {
            "type": "string",
            "description": "The content (HTML, CSS, JS) of the "
            "custom login page. (Used on "
            "Previews)",
            "minLength": 1,
        },
        "form_template": {
            "type": "string",
            "description": "HTML form template to be used for WS-Federation.",
            "minLength": 1,
        },
        "addons": {
            "type": "object",
            "description": "Addons enabled for this client and their associated configurations.",
            "additionalProperties": False,
            "properties": {
                "aws": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "principal": {"type": "string"},
                        "role": {"type": "string"},
                        "lifetime_in_seconds": {
                            "type": "integer",
                            "minimum": 900,
                            "maximum": 43200,
                        },
                    },
                },
                "azure_blob": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "accountName": {"type": "string", "pattern": "^([a-z0-9]){3,24}$"},
                        "storageAccessKey": {
                            "type": "string",
                            "pattern": "^([A-Za-z0-9+/]){86}==$",
                        },
                        "containerName": {
                            "type": "string",
                            "pattern": "^([a-z0-9]){1}([a-z0-9-]){2,62}$",
                        },
                        "blobName": {"type": "string", "pattern": "^(.){1,1024}$"},
                        "expiration": {"type": "integer", "minimum": 0},
                        "signedIdentifier": {"type": "string"},
                        "blob_read": {"type": "boolean"},
                        "blob_write": {"type": "boolean"},
                        "blob_delete": {"type": "boolean"},
                        "container_read": {"type": "boolean"},
                        "container_write": {"type": "boolean"},
                        "container_delete": {"type": "boolean"},
                        "container_list": {"type": "boolean"},
                    },
                },
                "azure_sb": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "namespace": {"type": "string"},
                        "sasKeyName": {"type": "string"},
                        "sasKey": {"type": "string"},
                        "entityPath": {"type": "string"},
                        "expiration": {"type": "integer"},
                    },
                },
                "rms": {
                    "type": "object",
                    "additionalProperties": True,
                    "required": ["url"],
                    "properties": {"url": {"type": "string", "format": "url"}},
                },
                "mscrm": {
                    "type": "object",
                    "additionalProperties": True,
                    "required": ["url"],
                    "properties": {"url": {"type": "string", "format": "url"}},
                },
                "slack": {
                    "type": "object",
                    "additionalProperties": True,
                    "required": ["team"],
                    "properties": {"team": {"type": "string"}},
                },
                "sentry": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"org_slug": {"type": "string"}, "base_url": {"type": "string"}},
                },
                "box": {"type": "object", "additionalProperties": True},
                "cloudbees": {"type": "object", "additionalProperties": True},
                "concur": {"type": "object", "additionalProperties": True},
                "dropbox": {"type": "object", "additionalProperties": True},
                "echosign": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"domain": {"type": "string"}},
                },
                "egnyte": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"domain": {"type": "string"}},
                },
                "firebase": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "secret": {"type": "string"},
                        "private_key_id": {"type": "string"},
                        "private_key": {"type": "string"},
                        "client_email": {"type": "string"},
                        "lifetime_in_seconds": {"type": "integer"},
                    },
                },
                "newrelic": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"account": {"type": "string"}},
                },
                "office365": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"domain": {"type": "string"}, "connection": {"type": "string"}},
                },
                "salesforce": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"entity_id": {"type": "string", "format": "url"}},
                },
                "salesforce_api": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "clientid": {"type": "string"},
                        "principal": {"type": "string"},
                        "communityName": {"type": "string"},
                        "community_url_section": {"type": "string"},
                    },
                },
                "salesforce_sandbox_api": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "clientid": {"type": "string"},
                        "principal": {"type": "string"},
                        "communityName": {"type": "string"},
                        "community_url_section": {"type": "string"},
                    },
                },
                "samlp": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "mappings": {"type": "object", "additionalProperties": True},
                        "audience": {"type": "string"},
                        "recipient": {"type": "string"},
                        "createUpnClaim": {"type": "boolean"},
                        "mapUnknownClaimsAsIs": {"type": "boolean"},
                        "passthroughClaimsWithNoMapping": {"type": "boolean"},
                        "mapIdentities": {"type": "boolean"},
                        "signatureAlgorithm": {"type": "string"},
                        "digestAlgorithm": {"type": "string"},
                        "issuer": {"type": "string"},
                        "destination": {"type": "string"},
                        "lifetimeInSeconds": {"type": "integer"},
                        "signResponse": {"type": "boolean"},
                        "nameIdentifierFormat": {"type": "string"},
                        "nameIdentifierProbes": {
                            "type": "array",
                            "items": {"type": "string", "minLength": 1},
                        },
                        "authnContextClassRef": {"type": "string"},
                    },
                },
                "layer": {
                    "type": "object",
                    "additionalProperties": True,
                    "required": ["providerId", "keyId", "privateKey"],
                    "properties": {
                        "providerId": {"type": "string"},
                        "keyId": {"type": "string"},
                        "privateKey": {"type": "string"},
                        "principal": {"type": "string"},
                        "expiration": {"type": "integer", "minimum": 0},
                    },
                },
                "sap_api": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "clientid": {"type": "string"},
                        "usernameAttribute": {"type": "string"},
                        "tokenEndpointUrl": {"type": "string", "format": "url"},
                        "scope": {"type": "string"},
                        "servicePassword": {"type": "string"},
                        "nameIdentifierFormat": {"type": "string"},
                    },
                },
                "sharepoint": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "url": {"type": "string"},
                        "external_url": {
                            "oneOf": [
                                {"type": "array", "items": {"type": "string"}},
                                {"type": "string"},
                            ]
                        },
                    },
                },
                "springcm": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"acsurl": {"type": "string"}},
                },
                "wams": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"masterkey": {"type": "string"}},
                },
                "wsfed": {"type": "object", "additionalProperties": True},
                "zendesk": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"accountName": {"type": "string"}},
                },
                "zoom": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"account": {"type": "string"}},
                },
                "sso_integration": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"name": {"type": "string"}, "version": {"type": "string"}},
                },
                "oag": {
                    "type": ["object", "null"],
                    "additionalProperties": False,
                    "properties": {},
                },
            },
        },
        "client_metadata": {
            "type": "object",
            "description": "Metadata associated with the client, in the "
            "form of an object with string values (max 255 "
            "chars). Maximum of 10 metadata properties "
            "allowed. Field names (max 255 chars) are "
            "alphanumeric and may only include the "
            "following special characters: "
            ':,-+=_*?"/\\()<>@ [Tab] [Space]',
            "additionalProperties": True,
            "maxProperties": 10,
        },
        "mobile": {
            "type": "object",
            "description": "Additional configuration for native mobile apps.",
            "additionalProperties": True,
            "properties": {
                "android": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "app_package_name": {"type": "string"},
                        "sha256_cert_fingerprints": {
                            "type": "array",
                            "minItems": 1,
                            "items": {"type": "string", "minLength": 1},
                        },
                    },
                },
                "ios": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "team_id": {"type": "string"},
                        "app_bundle_identifier": {"type": "string"},
                    },
                },
            },
        },
        "initiate_login_uri": {
            "type": "string",
            "description": "Initiate login uri, must be https",
            "format": "absolute-https-uri-with-placeholders-or-empty",
        },
        "native_social_login": {
            "type": "object",
            "description": "Configure native social settings",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {
                "apple": {
                    "type": "object",
                    "additionalProperties": False,
                    "minProperties": 1,
                    "properties": {"enabled": {"type": "boolean"}},
                },
                "facebook": {
                    "type": "object",
                    "additionalProperties": False,
                    "minProperties": 1,
                    "properties": {"enabled": {"type": "boolean"}},
                },
                "google": {
                    "type": "object",
                    "additionalProperties": False,
                    "minProperties": 1,
                    "properties": {"enabled": {"type": "boolean"}},
                },
            },
        },
        "refresh_token": {
            "type": ["object", "null"],
            "description": "Refresh token configuration",
            "additionalProperties": False,
            "required": ["rotation_type", "expiration_type"],
            "properties": {
                "rotation_type": {"type": "string", "enum": ["rotating", "non-rotating"]},
                "expiration_type": {"type": "string", "enum": ["expiring", "non-expiring"]},
                "leeway": {"type": "integer", "minimum": 0},
                "token_lifetime": {"type": "integer", "minimum": 1, "maximum": 157788000},
                "infinite_token_lifetime": {"type": "boolean"},
                "idle_token_lifetime": {"type": "integer", "minimum": 1},
                "infinite_idle_token_lifetime": {"type": "boolean"},
                "policies": {
                    "type": ["array", "null"],
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["audience", "scope"],
                        "properties": {
                            "audience": {"type": "string", "minLength": 1, "maxLength": 600},
                            "scope": {
                                "type": "array",
                                "items": {"type": "string", "minLength": 1, "maxLength": 280},
                            },
                        },
                    },
                },
            },
        },
        "default_organization": {
            "type": ["object", "null"],
            "description": "Defines the default Organization ID and flows",
            "additionalProperties": False,
            "required": ["organization_id", "flows"],
            "properties": {
                "organization_id": {"type": "string", "format": "organization-id"},
                "flows": {
                    "type": "array",
                    "items": {"type": "string", "enum": ["client_credentials"]},
                },
            },
        },
        "organization_usage": {
            "type": "string",
            "description": "Defines how to proceed during an "
            "authentication transaction with regards an "
            "organization. Can be `deny` (default), "
            "`allow` or `require`.",
            "enum": ["deny", "allow", "require"],
        },
        "organization_require_behavior": {
            "type": "string",
            "description": "Defines how to proceed during an "
            "authentication transaction when "
            "`client.organization_usage: "
            "'require'`. Can be `no_prompt` "
            "(default), `pre_login_prompt` or "
            "`post_login_prompt`. "
            "`post_login_prompt` requires "
            "`oidc_conformant: true`.",
            "enum": ["no_prompt", "pre_login_prompt", "post_login_prompt"],
        },
        "organization_discovery_methods": {
            "type": "array",
            "description": "Defines the available methods "
            "for organization discovery "
            "during the `pre_login_prompt`. "
            "Users can discover their "
            "organization either by `email`, "
            "`organization_name` or both.",
            "minItems": 1,
            "items": {"type": "string", "enum": ["email", "organization_name"]},
        },
        "client_authentication_methods": {
            "type": "object",
            "description": "Defines client authentication methods.",
            "additionalProperties": False,
            "minProperties": 1,
            "maxProperties": 1,
            "properties": {
                "private_key_jwt": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["credentials"],
                    "properties": {
                        "credentials": {
                            "type": "array",
                            "minItems": 0,
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["credential_type", "pem"],
                                "properties": {
                                    "credential_type": {"type": "string", "enum": ["public_key"]},
                                    "name": {"type": "string", "maxLength": 128},
                                    "pem": {"type": "string"},
                                    "alg": {"type": "string", "enum": ["RS256", "RS384", "PS256"]},
                                    "parse_expiry_from_cert": {"type": "boolean"},
                                    "expires_at": {"type": "string", "format": "date-time"},
                                    "kid": {
                                        "type": "string",
                                        "minLength": 10,
                                        "maxLength": 64,
                                        "pattern": "^([0-9a-zA-Z-_]{10,64})$",
                                    },
                                },
                            },
                        }
                    },
                },
                "tls_client_auth": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["credentials"],
                    "properties": {
                        "credentials": {
                            "type": "array",
                            "minItems": 0,
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["credential_type"],
                                "properties": {
                                    "credential_type": {
                                        "type": "string",
                                        "enum": ["cert_subject_dn"],
                                    },
                                    "name": {"type": "string", "maxLength": 128},
                                    "subject_dn": {
                                        "type": "string",
                                        "minLength": 1,
                                        "maxLength": 256,
                                    },
                                    "pem": {"type": "string", "minLength": 1, "maxLength": 4096},
                                },
                            },
                        }
                    },
                },
                "self_signed_tls_client_auth": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["credentials"],
                    "properties": {
                        "credentials": {
                            "type": "array",
                            "minItems": 0,
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["credential_type", "pem"],
                                "properties": {
                                    "credential_type": {"type": "string", "enum": ["x509_cert"]},
                                    "name": {"type": "string", "maxLength": 128},
                                    "pem": {"type": "string", "minLength": 1, "maxLength": 4096},
                                },
                            },
                        }
                    },
                },
            },
        },
        "require_pushed_authorization_requests": {
            "type": "boolean",
            "description": "Makes the use of Pushed "
            "Authorization Requests "
            "mandatory for this "
            "client",
        },
        "require_proof_of_possession": {
            "type": "boolean",
            "description": "Makes the use of Proof-of-Possession mandatory for this client",
        },
        "signed_request_object": {
            "type": "object",
            "description": "JWT-secured Authorization Requests (JAR) settings.",
            "additionalProperties": False,
            "properties": {
                "required": {"type": "boolean"},
                "credentials": {
                    "type": "array",
                    "minItems": 0,
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["credential_type", "pem"],
                        "properties": {
                            "credential_type": {"type": "string", "enum": ["public_key"]},
                            "name": {"type": "string", "maxLength": 128},
                            "pem": {"type": "string"},
                            "alg": {"type": "string", "enum": ["RS256", "RS384", "PS256"]},
                            "parse_expiry_from_cert": {"type": "boolean"},
                            "expires_at": {"type": "string", "format": "date-time"},
                            "kid": {
                                "type": "string",
                                "minLength": 10,
                                "maxLength": 64,
                                "pattern": "^([0-9a-zA-Z-_]{10,64})$",
                            },
                        },
                    },
                },
            },
        },
        "compliance_level": {
            "type": ["string", "null"],
            "description": "Defines the compliance level for this client, "
            "which may restrict it's capabilities",
            "enum": [
                "none",
                "fapi1_adv_pkj_par",
                "fapi1_adv_mtls_par",
                "fapi2_sp_pkj_mtls",
                "fapi2_sp_mtls_mtls",
                None,
            ],
        },
        "skip_non_verifiable_callback_uri_confirmation_prompt": {
            "type": "boolean",
            "description": "Controls "
            "whether a "
            "confirmation "
            "prompt is "
            "shown "
            "during "
            "login "
            "flows "
            "when the "
            "redirect "
            "URI uses "
            "non-verifiable "
            "callback "
            "URIs (for "
            "example, "
            "a custom "
            "URI "
            "schema "
            "such as "
            "`myapp://`, "
            "or "
            "`localhost`). "
            "If set to "
            "true, a "
            "confirmation "
            "prompt "
            "will not "
            "be shown. "
            "We "
            "recommend "
            "that this "
            "is set to "
            "false for "
            "improved "
            "protection "
            "from "
            "malicious "
            "apps. See "
            "https://auth0.com/docs/secure/security-guidance/measures-against-app-impersonation "
            "for more "
            "information.",
        },
        "token_exchange": {
            "type": "object",
            "description": "Configuration for token exchange.",
            "additionalProperties": False,
            "properties": {
                "allow_any_profile_of_type": {
                    "type": "array",
                    "minItems": 0,
                    "items": {
                        "type": "string",
                        "minLength": 1,
                        "enum": ["custom_authentication", "on_behalf_of_token_exchange"],
                    },
                }
            },
        },
        "par_request_expiry": {
            "type": ["integer", "null"],
            "description": "Specifies how long, in seconds, a Pushed "
            "Authorization Request URI remains valid",
            "minimum": 10,
            "maximum": 600,
        },
        "token_quota": {
            "type": "object",
            "additionalProperties": False,
            "required": ["client_credentials"],
            "properties": {
                "client_credentials": {
                    "type": "object",
                    "additionalProperties": False,
                    "minProperties": 1,
                    "properties": {
                        "enforce": {"type": "boolean"},
                        "per_day": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                        "per_hour": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                    },
                }
            },
        },
        "resource_server_identifier": {
            "type": "string",
            "description": "The identifier of the resource server that this client is linked to.",
            "minLength": 1,
            "maxLength": 600,
        },
        "third_party_security_mode": {
            "type": "string",
            "description": "Security mode for third-party "
            "clients. `strict` enforces <a "
            'href="https://auth0.com/docs/get-started/applications/third-party-applications/security-controls">enhanced '
            "security controls</a>: OAuth 2.1 "
            "alignment, explicit API "
            "authorization, and a curated set of "
            "supported features. `permissive` "
            "preserves <a "
            'href="https://auth0.com/docs/get-started/applications/third-party-applications/permissive-mode">pre-existing '
            "behavior</a> and is only available "
            "to tenants with prior third-party "
            "client usage. Set on creation and "
            "cannot be modified.",
            "enum": ["strict", "permissive"],
        },
        "redirection_policy": {
            "type": "string",
            "description": "Controls whether Auth0 redirects users to "
            "the application's callback URL on "
            "authentication errors or in email "
            "verification flows. "
            "`open_redirect_protection` shows an error "
            "page instead of redirecting, and hides the "
            "callback domain from email templates. "
            "`allow_always` enables standard redirect "
            "behavior. Defaults to "
            "`open_redirect_protection` for third-party "
            "clients. Only applies when `is_first_party` "
            "is `false` and `third_party_security_mode` "
            "is `strict`. To learn more, read <a "
            'href="https://auth0.com/docs/get-started/applications/third-party-applications/security-controls#redirect-protection">Redirect '
            "protection</a>.",
            "enum": ["allow_always", "open_redirect_protection"],
        },
        "express_configuration": {
            "type": "object",
            "description": "Application specific configuration for "
            "use with the OIN Express Configuration "
            "feature.",
            "additionalProperties": False,
            "required": [
                "initiate_login_uri_template",
                "user_attribute_profile_id",
                "connection_profile_id",
                "enable_client",
                "enable_organization",
                "okta_oin_client_id",
                "admin_login_domain",
            ],
            "properties": {
                "initiate_login_uri_template": {
                    "type": "string",
                    "format": "ec-initiate-login-uri-template-url",
                },
                "user_attribute_profile_id": {
                    "type": "string",
                    "format": "user-attribute-profile-id",
                },
                "connection_profile_id": {"type": "string", "format": "connection-profile-id"},
                "enable_client": {"type": "boolean"},
                "enable_organization": {"type": "boolean"},
                "linked_clients": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["client_id"],
                        "properties": {"client_id": {"type": "string", "format": "client-id"}},
                    },
                },
                "okta_oin_client_id": {"type": "string", "format": "client-id"},
                "admin_login_domain": {"type": "string", "minLength": 1},
                "oin_submission_id": {"type": "string", "minLength": 1, "maxLength": 200},
            },
        },
        "my_organization_configuration": {
            "type": "object",
            "description": "Configuration related to the My "
            "Organization Configuration for "
            "the client.",
            "additionalProperties": False,
            "required": ["allowed_strategies", "connection_deletion_behavior"],
            "properties": {
                "connection_profile_id": {"type": "string", "format": "connection-profile-id"},
                "user_attribute_profile_id": {
                    "type": "string",
                    "format": "user-attribute-profile-id",
                },
                "allowed_strategies": {
                    "type": "array",
                    "items": {
                        "type": "string",
                        "enum": [
                            "pingfederate",
                            "adfs",
                            "waad",
                            "google-apps",
                            "okta",
                            "oidc",
                            "samlp",
                        ],
                    },
                },
                "connection_deletion_behavior": {
                    "type": "string",
                    "enum": ["allow", "allow_if_empty"],
                },
            },
        },
        "async_approval_notification_channels": {
            "type": "array",
            "description": "Array of notification "
            "channels for contacting "
            "the user when their "
            "approval is required. "
            "Valid values are "
            "`guardian-push`, `email`.",
            "minItems": 1,
            "items": {"type": "string", "enum": ["guardian-push", "email"]},
        },
    },
}
"""``POST /clients`` body (CreateClientRequestContent)."""

UPDATE_CLIENT: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "minProperties": 1,
    "properties": {
        "name": {
            "type": "string",
            "description": "The name of the client. Must contain at least one "
            "character. Does not allow '<' or '>'.",
            "pattern": "^[^<>]+$",
        },
        "description": {
            "type": "string",
            "description": "Free text description of the purpose of the "
            "Client. (Max character length: <code>140</code>)",
            "maxLength": 140,
        },
        "client_secret": {
            "type": "string",
            "description": "The secret used to sign tokens for the client",
            "minLength": 1,
        },
        "logo_uri": {
            "type": "string",
            "description": "The URL of the client logo (recommended size: 150x150)",
            "format": "absolute-uri-or-empty",
        },
        "callbacks": {
            "type": "array",
            "description": "A set of URLs that are valid to call back from Auth0 "
            "when authenticating users",
            "items": {"type": "string", "format": "callback-url"},
        },
        "oidc_logout": {
            "type": "object",
            "description": "Configuration for OIDC backchannel logout",
            "additionalProperties": True,
            "properties": {
                "backchannel_logout_urls": {
                    "type": "array",
                    "items": {
                        "type": "string",
                        "format": "absolute-https-uri-with-placeholders-or-empty",
                    },
                },
                "backchannel_logout_initiators": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "mode": {"type": "string", "enum": ["custom", "all"]},
                        "selected_initiators": {
                            "type": "array",
                            "items": {
                                "type": "string",
                                "enum": [
                                    "rp-logout",
                                    "idp-logout",
                                    "password-changed",
                                    "session-expired",
                                    "session-revoked",
                                    "account-deleted",
                                    "email-identifier-changed",
                                    "mfa-phone-unenrolled",
                                    "account-deactivated",
                                ],
                            },
                        },
                    },
                },
                "backchannel_logout_session_metadata": {
                    "type": ["object", "null"],
                    "additionalProperties": True,
                    "properties": {"include": {"type": "boolean"}},
                },
            },
        },
        "oidc_backchannel_logout": {
            "type": "object",
            "description": "Configuration for OIDC backchannel "
            "logout (deprecated, in favor of "
            "oidc_logout)",
            "additionalProperties": True,
            "properties": {
                "backchannel_logout_urls": {
                    "type": "array",
                    "items": {
                        "type": "string",
                        "format": "absolute-https-uri-with-placeholders-or-empty",
                    },
                },
                "backchannel_logout_initiators": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "mode": {"type": "string", "enum": ["custom", "all"]},
                        "selected_initiators": {
                            "type": "array",
                            "items": {
                                "type": "string",
                                "enum": [
                                    "rp-logout",
                                    "idp-logout",
                                    "password-changed",
                                    "session-expired",
                                    "session-revoked",
                                    "account-deleted",
                                    "email-identifier-changed",
                                    "mfa-phone-unenrolled",
                                    "account-deactivated",
                                ],
                            },
                        },
                    },
                },
                "backchannel_logout_session_metadata": {
                    "type": ["object", "null"],
                    "additionalProperties": True,
                    "properties": {"include": {"type": "boolean"}},
                },
            },
        },
        "session_transfer": {
            "type": ["object", "null"],
            "description": "Native to Web SSO Configuration",
            "additionalProperties": False,
            "properties": {
                "can_create_session_transfer_token": {"type": "boolean"},
                "enforce_cascade_revocation": {"type": "boolean"},
                "allowed_authentication_methods": {
                    "type": ["array", "null"],
                    "items": {"type": "string", "enum": ["cookie", "query"]},
                },
                "enforce_device_binding": {"type": "string", "enum": ["ip", "asn", "none"]},
                "allow_refresh_token": {"type": "boolean"},
                "enforce_online_refresh_tokens": {"type": "boolean"},
                "delegation": {
                    "type": ["object", "null"],
                    "additionalProperties": False,
                    "properties": {
                        "allow_delegated_access": {"type": "boolean"},
                        "enforce_device_binding": {"type": "string", "enum": ["ip", "asn"]},
                    },
                },
            },
        },
        "allowed_origins": {
            "type": "array",
            "description": "A set of URLs that represents valid origins for CORS",
            "items": {"type": "string", "format": "url-with-placeholders"},
        },
        "web_origins": {
            "type": "array",
            "description": "A set of URLs that represents valid web origins "
            "for use with web message response mode",
            "items": {"type": "string", "format": "url-with-placeholders"},
        },
        "grant_types": {
            "type": "array",
            "description": "A set of grant types that the client is authorized "
            "to use. Can include `authorization_code`, "
            "`implicit`, `refresh_token`, `client_credentials`, "
            "`password`, "
            "`http://auth0.com/oauth/grant-type/password-realm`, "
            "`http://auth0.com/oauth/grant-type/mfa-oob`, "
            "`http://auth0.com/oauth/grant-type/mfa-otp`, "
            "`http://auth0.com/oauth/grant-type/mfa-recovery-code`, "
            "`urn:openid:params:grant-type:ciba`, "
            "`urn:ietf:params:oauth:grant-type:device_code`, "
            "and "
            "`urn:auth0:params:oauth:grant-type:token-exchange:federated-connection-access-token`.",
            "items": {"type": "string", "minLength": 1},
        },
        "client_aliases": {
            "type": "array",
            "description": "List of audiences for SAML protocol",
            "items": {"type": "string", "minLength": 1},
        },
        "allowed_clients": {
            "type": "array",
            "description": "Ids of clients that will be allowed to perform "
            "delegation requests. Clients that will be "
            "allowed to make delegation request. By "
            "default, all your clients will be allowed. "
            "This field allows you to specify specific "
            "clients",
            "items": {"type": "string", "minLength": 1},
        },
        "allowed_logout_urls": {
            "type": "array",
            "description": "URLs that are valid to redirect to after logout from Auth0",
            "items": {"type": "string", "format": "url-with-placeholders"},
        },
        "jwt_configuration": {
            "type": "object",
            "description": "An object that holds settings related to how JWTs are created",
            "additionalProperties": True,
            "properties": {
                "lifetime_in_seconds": {"type": "integer"},
                "secret_encoded": {"type": "boolean"},
                "scopes": {"type": "object", "additionalProperties": True},
                "alg": {"type": "string", "enum": ["HS256", "RS256", "RS512", "PS256"]},
            },
        },
        "encryption_key": {
            "type": ["object", "null"],
            "description": "The client's encryption key",
            "additionalProperties": True,
            "properties": {
                "pub": {"type": "string"},
                "cert": {"type": "string"},
                "subject": {"type": "string"},
            },
        },
        "sso": {
            "type": "boolean",
            "description": "<code>true</code> to use Auth0 instead of the IdP to do "
            "Single Sign On, <code>false</code> otherwise (default: "
            "<code>false</code>)",
        },
        "cross_origin_authentication": {
            "type": "boolean",
            "description": "<code>true</code> if this client "
            "can be used to make cross-origin "
            "authentication requests, "
            "<code>false</code> otherwise if "
            "cross origin is disabled",
        },
        "cross_origin_loc": {
            "type": ["string", "null"],
            "description": "URL for the location in your site where the "
            "cross origin verification takes place for the "
            "cross-origin auth flow when performing Auth "
            "in your own domain instead of Auth0 hosted "
            "login page.",
            "format": "url-or-null",
        },
        "sso_disabled": {
            "type": "boolean",
            "description": "<code>true</code> to disable Single Sign On, "
            "<code>false</code> otherwise (default: "
            "<code>false</code>)",
        },
        "custom_login_page_on": {
            "type": "boolean",
            "description": "<code>true</code> if the custom login "
            "page is to be used, <code>false</code> "
            "otherwise.",
        },
        "token_endpoint_auth_method": {
            "type": ["string", "null"],
            "description": "Defines the requested "
            "authentication method for the token "
            "endpoint. Can be `none` (public "
            "client without a client secret), "
            "`client_secret_post` (client uses "
            "HTTP POST parameters), or "
            "`client_secret_basic` (client uses "
            "HTTP Basic).",
            "enum": ["none", "client_secret_post", "client_secret_basic", None],
        },
        "is_token_endpoint_ip_header_trusted": {
            "type": "boolean",
            "description": "If true, trust that the IP "
            "specified in the "
            "`auth0-forwarded-for` "
            "header is the end-user's "
            "IP for "
            "brute-force-protection on "
            "token endpoint.",
        },
        "app_type": {
            "type": "string",
            "description": "The type of application this client represents",
            "enum": [
                "native",
                "spa",
                "regular_web",
                "non_interactive",
                "resource_server",
                "express_configuration",
                "rms",
                "box",
                "cloudbees",
                "concur",
                "dropbox",
                "mscrm",
                "echosign",
                "egnyte",
                "newrelic",
                "office365",
                "salesforce",
                "sentry",
                "sharepoint",
                "slack",
                "springcm",
                "zendesk",
                "zoom",
                "sso_integration",
                "oag",
            ],
        },
        "is_first_party": {
            "type": "boolean",
            "description": "Whether this client a first party client or not",
        },
        "oidc_conformant": {
            "type": "boolean",
            "description": "Whether this client will conform to strict OIDC specifications",
        },
        "custom_login_page": {
            "type": "string",
            "description": "The content (HTML, CSS, JS) of the custom login page",
        },
        "custom_login_page_preview": {"type": "string"},
        "token_quota": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "required": ["client_credentials"],
            "properties": {
                "client_credentials": {
                    "type": "object",
                    "additionalProperties": False,
                    "minProperties": 1,
                    "properties": {
                        "enforce": {"type": "boolean"},
                        "per_day": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                        "per_hour": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                    },
                }
            },
        },
        "form_template": {
            "type": "string",
            "description": "Form template for WS-Federation protocol",
        },
        "addons": {
            "type": "object",
            "description": "Addons enabled for this client and their associated configurations.",
            "additionalProperties": False,
            "properties": {
                "aws": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "principal": {"type": "string"},
                        "role": {"type": "string"},
                        "lifetime_in_seconds": {
                            "type": "integer",
                            "minimum": 900,
                            "maximum": 43200,
                        },
                    },
                },
                "azure_blob": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "accountName": {"type": "string", "pattern": "^([a-z0-9]){3,24}$"},
                        "storageAccessKey": {
                            "type": "string",
                            "pattern": "^([A-Za-z0-9+/]){86}==$",
                        },
                        "containerName": {
                            "type": "string",
                            "pattern": "^([a-z0-9]){1}([a-z0-9-]){2,62}$",
                        },
                        "blobName": {"type": "string", "pattern": "^(.){1,1024}$"},
                        "expiration": {"type": "integer", "minimum": 0},
                        "signedIdentifier": {"type": "string"},
                        "blob_read": {"type": "boolean"},
                        "blob_write": {"type": "boolean"},
                        "blob_delete": {"type": "boolean"},
                        "container_read": {"type": "boolean"},
                        "container_write": {"type": "boolean"},
                        "container_delete": {"type": "boolean"},
                        "container_list": {"type": "boolean"},
                    },
                },
                "azure_sb": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "namespace": {"type": "string"},
                        "sasKeyName": {"type": "string"},
                        "sasKey": {"type": "string"},
                        "entityPath": {"type": "string"},
                        "expiration": {"type": "integer"},
                    },
                },
                "rms": {
                    "type": "object",
                    "additionalProperties": True,
                    "required": ["url"],
                    "properties": {"url": {"type": "string", "format": "url"}},
                },
                "mscrm": {
                    "type": "object",
                    "additionalProperties": True,
                    "required": ["url"],
                    "properties": {"url": {"type": "string", "format": "url"}},
                },
                "slack": {
                    "type": "object",
                    "additionalProperties": True,
                    "required": ["team"],
                    "properties": {"team": {"type": "string"}},
                },
                "sentry": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"org_slug": {"type": "string"}, "base_url": {"type": "string"}},
                },
                "box": {"type": "object", "additionalProperties": True},
                "cloudbees": {"type": "object", "additionalProperties": True},
                "concur": {"type": "object", "additionalProperties": True},
                "dropbox": {"type": "object", "additionalProperties": True},
                "echosign": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"domain": {"type": "string"}},
                },
                "egnyte": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"domain": {"type": "string"}},
                },
                "firebase": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "secret": {"type": "string"},
                        "private_key_id": {"type": "string"},
                        "private_key": {"type": "string"},
                        "client_email": {"type": "string"},
                        "lifetime_in_seconds": {"type": "integer"},
                    },
                },
                "newrelic": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"account": {"type": "string"}},
                },
                "office365": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"domain": {"type": "string"}, "connection": {"type": "string"}},
                },
                "salesforce": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"entity_id": {"type": "string", "format": "url"}},
                },
                "salesforce_api": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "clientid": {"type": "string"},
                        "principal": {"type": "string"},
                        "communityName": {"type": "string"},
                        "community_url_section": {"type": "string"},
                    },
                },
                "salesforce_sandbox_api": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "clientid": {"type": "string"},
                        "principal": {"type": "string"},
                        "communityName": {"type": "string"},
                        "community_url_section": {"type": "string"},
                    },
                },
                "samlp": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "mappings": {"type": "object", "additionalProperties": True},
                        "audience": {"type": "string"},
                        "recipient": {"type": "string"},
                        "createUpnClaim": {"type": "boolean"},
                        "mapUnknownClaimsAsIs": {"type": "boolean"},
                        "passthroughClaimsWithNoMapping": {"type": "boolean"},
                        "mapIdentities": {"type": "boolean"},
                        "signatureAlgorithm": {"type": "string"},
                        "digestAlgorithm": {"type": "string"},
                        "issuer": {"type": "string"},
                        "destination": {"type": "string"},
                        "lifetimeInSeconds": {"type": "integer"},
                        "signResponse": {"type": "boolean"},
                        "nameIdentifierFormat": {"type": "string"},
                        "nameIdentifierProbes": {
                            "type": "array",
                            "items": {"type": "string", "minLength": 1},
                        },
                        "authnContextClassRef": {"type": "string"},
                    },
                },
                "layer": {
                    "type": "object",
                    "additionalProperties": True,
                    "required": ["providerId", "keyId", "privateKey"],
                    "properties": {
                        "providerId": {"type": "string"},
                        "keyId": {"type": "string"},
                        "privateKey": {"type": "string"},
                        "principal": {"type": "string"},
                        "expiration": {"type": "integer", "minimum": 0},
                    },
                },
                "sap_api": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "clientid": {"type": "string"},
                        "usernameAttribute": {"type": "string"},
                        "tokenEndpointUrl": {"type": "string", "format": "url"},
                        "scope": {"type": "string"},
                        "servicePassword": {"type": "string"},
                        "nameIdentifierFormat": {"type": "string"},
                    },
                },
                "sharepoint": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "url": {"type": "string"},
                        "external_url": {
                            "oneOf": [
                                {"type": "array", "items": {"type": "string"}},
                                {"type": "string"},
                            ]
                        },
                    },
                },
                "springcm": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"acsurl": {"type": "string"}},
                },
                "wams": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"masterkey": {"type": "string"}},
                },
                "wsfed": {"type": "object", "additionalProperties": True},
                "zendesk": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"accountName": {"type": "string"}},
                },
                "zoom": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"account": {"type": "string"}},
                },
                "sso_integration": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {"name": {"type": "string"}, "version": {"type": "string"}},
                },
                "oag": {
                    "type": ["object", "null"],
                    "additionalProperties": False,
                    "properties": {},
                },
            },
        },
        "client_metadata": {
            "type": "object",
            "description": "Metadata associated with the client, in the "
            "form of an object with string values (max 255 "
            "chars). Maximum of 10 metadata properties "
            "allowed. Field names (max 255 chars) are "
            "alphanumeric and may only include the "
            "following special characters: "
            ':,-+=_*?"/\\()<>@ [Tab] [Space]',
            "additionalProperties": True,
            "maxProperties": 10,
        },
        "mobile": {
            "type": "object",
            "description": "Configuration related to native mobile apps",
            "additionalProperties": True,
            "properties": {
                "android": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "app_package_name": {"type": "string"},
                        "sha256_cert_fingerprints": {
                            "type": "array",
                            "minItems": 1,
                            "items": {"type": "string", "minLength": 1},
                        },
                    },
                },
                "ios": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "team_id": {"type": "string"},
                        "app_bundle_identifier": {"type": "string"},
                    },
                },
            },
        },
        "initiate_login_uri": {
            "type": "string",
            "description": "Initiate login uri, must be https",
            "format": "absolute-https-uri-with-placeholders-or-empty",
        },
        "native_social_login": {
            "type": "object",
            "description": "Configure native social settings",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {
                "apple": {
                    "type": "object",
                    "additionalProperties": False,
                    "minProperties": 1,
                    "properties": {"enabled": {"type": "boolean"}},
                },
                "facebook": {
                    "type": "object",
                    "additionalProperties": False,
                    "minProperties": 1,
                    "properties": {"enabled": {"type": "boolean"}},
                },
                "google": {
                    "type": "object",
                    "additionalProperties": False,
                    "minProperties": 1,
                    "properties": {"enabled": {"type": "boolean"}},
                },
            },
        },
        "refresh_token": {
            "type": ["object", "null"],
            "description": "Refresh token configuration",
            "additionalProperties": False,
            "required": ["rotation_type", "expiration_type"],
            "properties": {
                "rotation_type": {"type": "string", "enum": ["rotating", "non-rotating"]},
                "expiration_type": {"type": "string", "enum": ["expiring", "non-expiring"]},
                "leeway": {"type": "integer", "minimum": 0},
                "token_lifetime": {"type": "integer", "minimum": 1, "maximum": 157788000},
                "infinite_token_lifetime": {"type": "boolean"},
                "idle_token_lifetime": {"type": "integer", "minimum": 1},
                "infinite_idle_token_lifetime": {"type": "boolean"},
                "policies": {
                    "type": ["array", "null"],
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["audience", "scope"],
                        "properties": {
                            "audience": {"type": "string", "minLength": 1, "maxLength": 600},
                            "scope": {
                                "type": "array",
                                "items": {"type": "string", "minLength": 1, "maxLength": 280},
                            },
                        },
                    },
                },
            },
        },
        "default_organization": {
            "type": ["object", "null"],
            "description": "Defines the default Organization ID and flows",
            "additionalProperties": False,
            "required": ["organization_id", "flows"],
            "properties": {
                "organization_id": {"type": "string", "format": "organization-id"},
                "flows": {
                    "type": "array",
                    "items": {"type": "string", "enum": ["client_credentials"]},
                },
            },
        },
        "organization_usage": {
            "type": ["string", "null"],
            "description": "Defines how to proceed during an "
            "authentication transaction with regards an "
            "organization. Can be `deny` (default), "
            "`allow` or `require`.",
            "enum": ["deny", "allow", "require", None],
        },
        "organization_require_behavior": {
            "type": ["string", "null"],
            "description": "Defines how to proceed during an "
            "authentication transaction when "
            "`client.organization_usage: "
            "'require'`. Can be `no_prompt` "
            "(default), `pre_login_prompt` or "
            "`post_login_prompt`. "
            "`post_login_prompt` requires "
            "`oidc_conformant: true`.",
            "enum": ["no_prompt", "pre_login_prompt", "post_login_prompt", None],
        },
        "organization_discovery_methods": {
            "type": ["array", "null"],
            "description": "Defines the available methods "
            "for organization discovery "
            "during the `pre_login_prompt`. "
            "Users can discover their "
            "organization either by `email`, "
            "`organization_name` or both.",
            "minItems": 1,
            "items": {"type": "string", "enum": ["email", "organization_name"]},
        },
        "client_authentication_methods": {
            "type": ["object", "null"],
            "description": "Defines client authentication methods.",
            "additionalProperties": False,
            "minProperties": 1,
            "maxProperties": 1,
            "properties": {
                "private_key_jwt": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["credentials"],
                    "properties": {
                        "credentials": {
                            "type": "array",
                            "minItems": 0,
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["id"],
                                "properties": {"id": {"type": "string", "format": "credential-id"}},
                            },
                        }
                    },
                },
                "tls_client_auth": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["credentials"],
                    "properties": {
                        "credentials": {
                            "type": "array",
                            "minItems": 0,
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["id"],
                                "properties": {"id": {"type": "string", "format": "credential-id"}},
                            },
                        }
                    },
                },
                "self_signed_tls_client_auth": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["credentials"],
                    "properties": {
                        "credentials": {
                            "type": "array",
                            "minItems": 0,
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["id"],
                                "properties": {"id": {"type": "string", "format": "credential-id"}},
                            },
                        }
                    },
                },
            },
        },
        "require_pushed_authorization_requests": {
            "type": "boolean",
            "description": "Makes the use of Pushed "
            "Authorization Requests "
            "mandatory for this "
            "client",
        },
        "require_proof_of_possession": {
            "type": "boolean",
            "description": "Makes the use of Proof-of-Possession mandatory for this client",
        },
        "signed_request_object": {
            "type": "object",
            "description": "JWT-secured Authorization Requests (JAR) settings.",
            "additionalProperties": False,
            "properties": {
                "required": {"type": "boolean"},
                "credentials": {
                    "type": "array",
                    "minItems": 0,
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["id"],
                        "properties": {"id": {"type": "string", "format": "credential-id"}},
                    },
                },
            },
        },
        "compliance_level": {
            "type": ["string", "null"],
            "description": "Defines the compliance level for this client, "
            "which may restrict it's capabilities",
            "enum": [
                "none",
                "fapi1_adv_pkj_par",
                "fapi1_adv_mtls_par",
                "fapi2_sp_pkj_mtls",
                "fapi2_sp_mtls_mtls",
                None,
            ],
        },
        "skip_non_verifiable_callback_uri_confirmation_prompt": {
            "type": ["boolean", "null"],
            "description": "Controls "
            "whether a "
            "confirmation "
            "prompt is "
            "shown "
            "during "
            "login "
            "flows "
            "when the "
            "redirect "
            "URI uses "
            "non-verifiable "
            "callback "
            "URIs (for "
            "example, "
            "a custom "
            "URI "
            "schema "
            "such as "
            "`myapp://`, "
            "or "
            "`localhost`). "
            "If set to "
            "true, a "
            "confirmation "
            "prompt "
            "will not "
            "be shown. "
            "We "
            "recommend "
            "that this "
            "is set to "
            "false for "
            "improved "
            "protection "
            "from "
            "malicious "
            "apps. See "
            "https://auth0.com/docs/secure/security-guidance/measures-against-app-impersonation "
            "for more "
            "information.",
        },
        "token_exchange": {
            "type": ["object", "null"],
            "description": "Configuration for token exchange.",
            "additionalProperties": False,
            "properties": {
                "allow_any_profile_of_type": {
                    "type": "array",
                    "minItems": 0,
                    "items": {
                        "type": "string",
                        "minLength": 1,
                        "enum": ["custom_authentication", "on_behalf_of_token_exchange"],
                    },
                }
            },
        },
        "par_request_expiry": {
            "type": ["integer", "null"],
            "description": "Specifies how long, in seconds, a Pushed "
            "Authorization Request URI remains valid",
            "minimum": 10,
            "maximum": 600,
        },
        "express_configuration": {
            "type": ["object", "null"],
            "description": "Application specific configuration for "
            "use with the OIN Express Configuration "
            "feature.",
            "additionalProperties": False,
            "required": [
                "initiate_login_uri_template",
                "user_attribute_profile_id",
                "connection_profile_id",
                "enable_client",
                "enable_organization",
                "okta_oin_client_id",
                "admin_login_domain",
            ],
            "properties": {
                "initiate_login_uri_template": {
                    "type": "string",
                    "format": "ec-initiate-login-uri-template-url",
                },
                "user_attribute_profile_id": {
                    "type": "string",
                    "format": "user-attribute-profile-id",
                },
                "connection_profile_id": {"type": "string", "format": "connection-profile-id"},
                "enable_client": {"type": "boolean"},
                "enable_organization": {"type": "boolean"},
                "linked_clients": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["client_id"],
                        "properties": {"client_id": {"type": "string", "format": "client-id"}},
                    },
                },
                "okta_oin_client_id": {"type": "string", "format": "client-id"},
                "admin_login_domain": {"type": "string", "minLength": 1},
                "oin_submission_id": {"type": "string", "minLength": 1, "maxLength": 200},
            },
        },
        "my_organization_configuration": {
            "type": ["object", "null"],
            "description": "Configuration related to the My "
            "Organization Configuration for "
            "the client.",
            "additionalProperties": False,
            "required": ["allowed_strategies", "connection_deletion_behavior"],
            "properties": {
                "connection_profile_id": {"type": "string", "format": "connection-profile-id"},
                "user_attribute_profile_id": {
                    "type": "string",
                    "format": "user-attribute-profile-id",
                },
                "allowed_strategies": {
                    "type": "array",
                    "items": {
                        "type": "string",
                        "enum": [
                            "pingfederate",
                            "adfs",
                            "waad",
                            "google-apps",
                            "okta",
                            "oidc",
                            "samlp",
                        ],
                    },
                },
                "connection_deletion_behavior": {
                    "type": "string",
                    "enum": ["allow", "allow_if_empty"],
                },
            },
        },
        "async_approval_notification_channels": {
            "type": ["array", "null"],
            "description": "Array of notification "
            "channels for contacting "
            "the user when their "
            "approval is required. "
            "Valid values are "
            "`guardian-push`, `email`.",
            "minItems": 1,
            "items": {"type": "string", "enum": ["guardian-push", "email"]},
        },
        "third_party_security_mode": {
            "type": "string",
            "description": "Security mode for third-party "
            "clients. `strict` enforces <a "
            'href="https://auth0.com/docs/get-started/applications/third-party-applications/security-controls">enhanced '
            "security controls</a>: OAuth 2.1 "
            "alignment, explicit API "
            "authorization, and a curated set of "
            "supported features. `permissive` "
            "preserves <a "
            'href="https://auth0.com/docs/get-started/applications/third-party-applications/permissive-mode">pre-existing '
            "behavior</a> and is only available "
            "to tenants with prior third-party "
            "client usage. Set on creation and "
            "cannot be modified.",
            "enum": ["strict", "permissive"],
        },
        "redirection_policy": {
            "type": "string",
            "description": "Controls whether Auth0 redirects users to "
            "the application's callback URL on "
            "authentication errors or in email "
            "verification flows. "
            "`open_redirect_protection` shows an error "
            "page instead of redirecting, and hides the "
            "callback domain from email templates. "
            "`allow_always` enables standard redirect "
            "behavior. Defaults to "
            "`open_redirect_protection` for third-party "
            "clients. Only applies when `is_first_party` "
            "is `false` and `third_party_security_mode` "
            "is `strict`. To learn more, read <a "
            'href="https://auth0.com/docs/get-started/applications/third-party-applications/security-controls#redirect-protection">Redirect '
            "protection</a>.",
            "enum": ["allow_always", "open_redirect_protection"],
        },
    },
}
"""``PATCH /clients/{id}`` body (UpdateClientRequestContent)."""
