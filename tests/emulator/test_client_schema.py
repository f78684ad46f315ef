"""The whole client schema: every declared field accepted with its type, stored and returned.

Driven through Auth0's own Python SDK (auth0-python, test-only), whose request
parameters and response models are generated from the Management API spec: it
sends every field, and parses the answers with its own models.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from auth0.management import AsyncAuth0

from credtui.emulator.clients import CREATE_SCHEMA, UPDATE_SCHEMA
from credtui.emulator.seed import apply_seed
from tests.conftest import EmulatorHarness

EVERY_FIELD: dict[str, Any] = {
    "description": "Settles card payments",
    "logo_uri": "https://cdn.example/logo.png",
    "callbacks": ["https://app.example/callback"],
    "oidc_logout": {"backchannel_logout_urls": ["https://app.example/logout"]},
    "session_transfer": {"can_create_session_transfer_token": True},
    "allowed_origins": ["https://app.example"],
    "web_origins": ["https://app.example"],
    "client_aliases": ["payments"],
    "allowed_clients": ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    "allowed_logout_urls": ["https://app.example/bye"],
    "grant_types": ["client_credentials"],
    "is_token_endpoint_ip_header_trusted": False,
    "app_type": "non_interactive",
    "is_first_party": True,
    "oidc_conformant": True,
    "jwt_configuration": {"alg": "RS256", "lifetime_in_seconds": 3600, "secret_encoded": False},
    "encryption_key": {"subject": "/CN=app.example"},
    "sso": False,
    "cross_origin_authentication": False,
    "cross_origin_loc": "https://app.example/cross",
    "sso_disabled": True,
    "custom_login_page_on": True,
    "custom_login_page": "<html></html>",
    "custom_login_page_preview": "<html></html>",
    "form_template": "<form></form>",
    "addons": {},
    "client_metadata": {"team": "payments", "tier": "1"},
    "mobile": {"android": {"app_package_name": "com.example.app"}},
    "initiate_login_uri": "https://app.example/login",
    "native_social_login": {"apple": {"enabled": False}},
    "fedcm_login": {"google": {"enabled": False}},
    "refresh_token": {"rotation_type": "non-rotating", "expiration_type": "non-expiring"},
    "default_organization": {"organization_id": "org_123", "flows": ["client_credentials"]},
    "organization_usage": "allow",
    "organization_require_behavior": "no_prompt",
    "organization_discovery_methods": ["email"],
    "require_pushed_authorization_requests": True,
    "require_proof_of_possession": False,
    "compliance_level": "fapi1_adv_pkj_par",
    "skip_non_verifiable_callback_uri_confirmation_prompt": True,
    "token_exchange": {"allow_any_profile_of_type": ["custom_authentication"]},
    "par_request_expiry": 60,
    "token_quota": {"client_credentials": {"enforce": True, "per_day": 1000}},
    "identity_assertion_authorization_grant": {"active": False},
    "anonymous_sessions": {"active": False},
    "enforce_anon_session_transfer_network_binding": "ip",
    "third_party_security_mode": "strict",
    "redirection_policy": "open_redirect_protection",
    "express_configuration": {
        "initiate_login_uri_template": "https://{organization_name}.app.example/login",
        "user_attribute_profile_id": "uap_1",
        "connection_profile_id": "cop_1",
        "enable_client": True,
        "enable_organization": False,
        "okta_oin_client_id": "0oa1",
        "admin_login_domain": "admin.app.example",
    },
    "b2b_integration_configuration": {},
    "my_organization_configuration": {
        "allowed_strategies": ["oidc"],
        "connection_deletion_behavior": "allow",
    },
    "async_approval_notification_channels": ["email"],
}
"""A realistic value for every declared field, each valid for the spec's schema."""

SDK_NAMES = {"b2b_integration_configuration": "b_2_b_integration_configuration"}
"""Python names the SDK gives wire names it cannot use as they are."""

NOT_ECHOED = {"oidc_backchannel_logout", "oidc_support", "access_token"}
"""Aliases, fields the spec's ``Client`` does not return, and the legacy toggle."""


def test_the_table_covers_every_field_the_sdk_sends() -> None:
    import inspect

    from auth0.management.clients.client import AsyncClientsClient

    def params(name: str) -> set[str]:
        sig = inspect.signature(getattr(AsyncClientsClient, name))
        names = set(sig.parameters) - {"self", "id", "request_options"}
        return {"b2b_integration_configuration" if n == "b_2_b_integration_configuration" else n
                for n in names}  # fmt: skip

    create = set(CREATE_SCHEMA["properties"]) - {"access_token"}  # the legacy toggle
    update = set(UPDATE_SCHEMA["properties"]) - {"access_token"}
    assert params("create") == create
    assert params("update") == update
    credential_fields = {
        "name",
        "token_endpoint_auth_method",
        "client_authentication_methods",
        "signed_request_object",
        "token_vault_privileged_access",
    }
    both = (create & update) - credential_fields
    assert create - update == {"resource_server_identifier"}
    assert update - create == {"client_secret"}
    assert set(EVERY_FIELD) | NOT_ECHOED == both | {"access_token"}


async def test_the_sdk_creates_and_updates_with_every_field(
    emulator: EmulatorHarness, sdk: AsyncAuth0, mgmt: httpx.AsyncClient
) -> None:
    created = await sdk.clients.create(
        name="Every field",
        resource_server_identifier="https://api.example/",
        oidc_support={"is_allowed": True},
        **{SDK_NAMES.get(k, k): v for k, v in EVERY_FIELD.items()},
    )
    client_id = str(created.client_id)
    raw = (await mgmt.get(f"/api/v2/clients/{client_id}")).json()
    for key, value in EVERY_FIELD.items():
        if key == "jwt_configuration":
            assert raw[key] == {
                "secret_encoded": False,
                "alg": "RS256",
                "lifetime_in_seconds": 3600,
            }
        else:
            assert raw[key] == value, key
    assert raw["resource_server_identifier"] == "https://api.example/"
    assert "oidc_support" not in raw
    got = await sdk.clients.get(client_id)
    assert got.client_metadata == {"team": "payments", "tier": "1"}
    assert got.compliance_level == "fapi1_adv_pkj_par" and got.par_request_expiry == 60
    assert got.created_at is not None and got.created_at == got.updated_at

    emulator.clock.advance(90)
    changed: dict[str, Any] = {
        "description": "Now settles refunds too",
        "callbacks": [],
        "client_metadata": {"team": "refunds"},
        "organization_usage": "require",
        "compliance_level": None,
        "par_request_expiry": 30,
        "token_exchange": None,
        "express_configuration": None,  # nullable on PATCH only (spec)
        "redirection_policy": "allow_always",
        "oidc_backchannel_logout": {"backchannel_logout_urls": ["https://app.example/bc"]},
        "client_secret": "a-new-secret-of-sufficient-length-0123456789",
    }
    updated = await sdk.clients.update(client_id, **changed)
    assert updated.updated_at is not None and got.created_at is not None
    assert updated.updated_at - got.created_at >= timedelta(seconds=90)
    raw = (await mgmt.get(f"/api/v2/clients/{client_id}")).json()
    for key, value in changed.items():
        if key == "oidc_backchannel_logout":
            assert raw["oidc_logout"] == value
        else:
            assert raw[key] == value, key
    assert raw["web_origins"] == EVERY_FIELD["web_origins"]  # a merge: the rest is kept


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("colour", "red", "Additional properties not allowed: colour"),
        ("sso", "yes", "Expected type boolean but found type string"),
        ("callbacks", "https://x.example", "Expected type array but found type string"),
        ("callbacks", [1], "Expected type string but found type integer"),
        ("client_metadata", [], "Expected type object but found type array"),
        ("par_request_expiry", "60", "Expected type integer,null but found type string"),
        ("organization_usage", "sometimes", 'No enum match for: "sometimes"'),
        ("compliance_level", "fapi9", 'No enum match for: "fapi9"'),
        ("description", "x" * 141, "String is too long (141 chars), maximum 140"),
        ("async_approval_notification_channels", ["sms"], 'No enum match for: "sms"'),
    ],
)
async def test_wrong_types_and_unknown_fields_are_refused(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, field: str, value: Any, message: str
) -> None:
    before = emulator.tenant.client_count()
    created = await mgmt.post("/api/v2/clients", json={"name": "Typed", field: value})
    assert created.status_code == 400 and message in created.json()["message"]
    assert emulator.tenant.client_count() == before
    app = emulator.create_app("Target")
    patched = await mgmt.patch(f"/api/v2/clients/{app.client_id}", json={field: value})
    assert patched.status_code == 400 and message in patched.json()["message"]
    assert field not in app.settings or app.settings[field] != value


async def test_create_only_and_update_only_fields(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    secret = await mgmt.post("/api/v2/clients", json={"name": "x", "client_secret": "s" * 40})
    assert "Additional properties not allowed: client_secret" in secret.json()["message"]
    app = emulator.create_app("Target")
    rs = await mgmt.patch(
        f"/api/v2/clients/{app.client_id}", json={"resource_server_identifier": "https://a/"}
    )
    assert "Additional properties not allowed: resource_server_identifier" in rs.json()["message"]


def test_seeded_applications_are_older_than_their_credentials() -> None:
    harness = EmulatorHarness()
    apply_seed(harness.app, "demo")
    apply_seed(harness.app, 50)
    now = harness.clock.now()
    seeded = [c for c in harness.tenant.iter_clients() if c.client_id != harness.client_id]
    assert len(seeded) == 62
    for client in seeded:
        assert client.created_at is not None and client.created_at < now - timedelta(days=20)
        for cred in client.credentials.values():
            assert client.created_at < cred.created_at, client.name
        data = harness.tenant.client_json(client)
        assert datetime.fromisoformat(data["created_at"].replace("Z", "+00:00")) == (
            client.created_at.replace(microsecond=client.created_at.microsecond // 1000 * 1000)
        )
    assert len({c.created_at for c in seeded}) > 40  # spread, not one instant
