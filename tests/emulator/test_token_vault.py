"""``token_vault_privileged_access``: the fifth place a credential can be attached.

In the emulator (inline create, attach by id, the scope, the two-per-slot cap,
the still-attached delete refusal), through Auth0's own Python SDK, and in
credtui's model and API client (the attachment is seen, the refusal explained).
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from auth0.management import AsyncAuth0
from auth0.management.core.api_error import ApiError as SdkApiError
from auth0.management.types import (
    ClientTokenVaultPrivilegedAccessWithCredentialId,
    ClientTokenVaultPrivilegedAccessWithPublicKey,
    CredentialId,
    PublicKeyCredential,
    TokenVaultPrivilegedAccessGrant,
)

from credtui.api import ClientSecretSource, ManagementClient
from credtui.errors import ValidationError, describe_error
from credtui.models import Application, AuthChange, Slot
from tests.conftest import EmulatorHarness

VAULT = "token_vault_privileged_access"
STILL_ATTACHED = "Cannot delete credential still associated with a client"
GRANTS = [{"connection": "google-oauth2", "scopes": ["https://www.googleapis.com/auth/calendar"]}]


def _vault_body(emulator: EmulatorHarness, *indexes: int, **extra: Any) -> dict[str, Any]:
    creds = [emulator.public_key_body(i, name=f"vault key {i}") for i in indexes]
    return {"credentials": creds, **extra}


async def test_create_inline_then_read_back_ids_only(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    body = _vault_body(emulator, 0, ip_allowlist=["10.0.0.0/8"], grants=GRANTS)
    created = await mgmt.post("/api/v2/clients", json={"name": "Vault app", VAULT: body})
    assert created.status_code == 201, created.text
    vault = created.json()[VAULT]
    (inline,) = vault["credentials"]
    assert inline["credential_type"] == "public_key" and inline["name"] == "vault key 0"
    assert vault["ip_allowlist"] == ["10.0.0.0/8"] and vault["grants"] == GRANTS
    client_id = created.json()["client_id"]
    # Not client authentication: no method is set by it (none was sent: facts 3.1),
    # and the secret stays readable.
    assert "token_endpoint_auth_method" not in created.json()
    assert "client_authentication_methods" not in created.json()
    assert "client_secret" in created.json()
    got = (await mgmt.get(f"/api/v2/clients/{client_id}")).json()
    assert got[VAULT] == {
        "credentials": [{"id": inline["id"]}],
        "ip_allowlist": ["10.0.0.0/8"],
        "grants": GRANTS,
    }
    listed = (await mgmt.get(f"/api/v2/clients/{client_id}/credentials")).json()
    assert [c["id"] for c in listed] == [inline["id"]]
    app = Application.from_api(got)
    assert app.slots_of(inline["id"]) == (Slot.TOKEN_VAULT_PRIVILEGED_ACCESS,)
    assert app.credential_ids_for(Slot.TOKEN_VAULT_PRIVILEGED_ACCESS) == (inline["id"],)
    assert app.attachments() == {inline["id"]: (Slot.TOKEN_VAULT_PRIVILEGED_ACCESS,)}


async def test_inline_vault_credentials_need_create_client_credentials(
    emulator: EmulatorHarness,
) -> None:
    limited = emulator.management_app(["create:clients"])
    async with emulator.http(headers=emulator.auth_headers(limited.client_id)) as http:
        r = await http.post("/api/v2/clients", json={"name": "No", VAULT: _vault_body(emulator, 0)})
    assert r.status_code == 403 and "create:client_credentials" in r.json()["message"]
    assert emulator.tenant.created_count() == 2  # nothing created


async def test_attach_by_id_needs_the_vault_scope_and_keeps_the_rules(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    app = emulator.create_app(
        "Vault by id",
        unattached=[
            emulator.public_key_body(0),
            emulator.public_key_body(1),
            emulator.public_key_body(2),
            emulator.x509_body(3),
        ],
    )
    pk0, pk1, pk2, cert = app.credentials
    path = f"/api/v2/clients/{app.client_id}"

    def ids(*c: str) -> dict[str, Any]:
        return {VAULT: {"credentials": [{"id": i} for i in c]}}

    other_scopes = emulator.management_app(["update:clients", "update:client_credentials"])
    async with emulator.http(headers=emulator.auth_headers(other_scopes.client_id)) as http:
        refused = await http.patch(path, json=ids(pk0))
    assert refused.status_code == 403
    assert refused.json()["message"] == (
        "Insufficient scope, expected any of: update:client_token_vault_privileged_access"
    )
    assert app.token_vault is None

    three = await mgmt.patch(path, json=ids(pk0, pk1, pk2))
    assert (
        three.status_code == 400 and "Array is too long (3), maximum 2" in three.json()["message"]
    )
    wrong = await mgmt.patch(path, json=ids(cert))
    assert wrong.status_code == 400 and "accepts only public_key" in wrong.json()["message"]
    missing = await mgmt.patch(path, json=ids("cred_1111111111111111111111"))
    assert missing.status_code == 400 and "do not exist" in missing.json()["message"]
    extra = await mgmt.patch(path, json={VAULT: {"credentials": [], "colour": "red"}})
    assert extra.status_code == 400 and "Additional properties not allowed" in extra.text
    no_creds = await mgmt.patch(path, json={VAULT: {"grants": GRANTS}})
    assert no_creds.status_code == 400
    assert app.token_vault is None  # every refusal changed nothing

    ok = await mgmt.patch(path, json={VAULT: {"credentials": [{"id": pk0}], "grants": GRANTS}})
    assert ok.status_code == 200 and ok.json()[VAULT] == {
        "credentials": [{"id": pk0}],
        "grants": GRANTS,
    }
    # A later PATCH replaces the credentials and keeps what it does not name.
    again = await mgmt.patch(path, json=ids(pk0, pk1))
    assert again.json()[VAULT] == {"credentials": [{"id": pk0}, {"id": pk1}], "grants": GRANTS}
    assert (await mgmt.patch(path, json={VAULT: None})).status_code == 200
    assert VAULT not in (await mgmt.get(path)).json()


async def test_a_vault_credential_cannot_be_deleted_until_detached(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    app = emulator.create_app("Vault delete", extra={VAULT: _vault_body(emulator, 0)})
    (cred_id,) = app.credentials
    path = f"/api/v2/clients/{app.client_id}/credentials/{cred_id}"
    refused = await mgmt.delete(path)
    assert refused.status_code == 400
    assert refused.json() == {"statusCode": 400, "error": "Bad Request", "message": STILL_ATTACHED}
    assert cred_id in app.credentials
    await mgmt.patch(f"/api/v2/clients/{app.client_id}", json={VAULT: {"credentials": []}})
    assert (await mgmt.delete(path)).status_code == 204
    assert app.credentials == {}


async def test_credtui_sees_the_slot_and_explains_the_refusal(emulator: EmulatorHarness) -> None:
    app = emulator.create_app(
        "Vault seen",
        method="private_key_jwt",
        credentials=[emulator.public_key_body(1)],
        extra={VAULT: _vault_body(emulator, 0)},
    )
    jwt_id = app.auth_methods["private_key_jwt"][0]  # type: ignore[index]
    vault_id = app.token_vault["credentials"][0]  # type: ignore[index]
    client = ManagementClient(
        emulator.base_url,
        ClientSecretSource(emulator.client_id, emulator.client_secret),
        transport=emulator.transport,
    )
    try:
        listed = {a.client_id: a for a in await client.list_applications()}
        seen = listed[app.client_id]
        assert seen.attachments() == {
            jwt_id: (Slot.PRIVATE_KEY_JWT,),
            vault_id: (Slot.TOKEN_VAULT_PRIVILEGED_ACCESS,),
        }
        with pytest.raises(ValidationError) as info:
            await client.delete_credential(app.client_id, vault_id)
        assert vault_id in app.credentials
        # Detach (credtui's AuthChange), then the delete goes through.
        after = await client.update_authentication(
            app.client_id, AuthChange(token_vault_credential_ids=())
        )
        assert after.slots_of(vault_id) == () and after.slots_of(jwt_id) == (Slot.PRIVATE_KEY_JWT,)
        await client.delete_credential(app.client_id, vault_id)
    finally:
        await client.aclose()
    assert info.value.status == 400 and info.value.message == STILL_ATTACHED
    assert STILL_ATTACHED in describe_error(info.value)
    assert vault_id not in app.credentials and app.token_vault == {"credentials": []}
    patch = [e for e in emulator.requests() if e.method == "PATCH"]
    assert [json.loads(e.body) for e in patch] == [{VAULT: {"credentials": []}}]


async def test_the_official_sdk_creates_attaches_and_is_refused(
    emulator: EmulatorHarness, sdk: AsyncAuth0
) -> None:
    pem = emulator.public_key_body(0)["pem"]
    created = await sdk.clients.create(
        name="SDK vault",
        token_vault_privileged_access=ClientTokenVaultPrivilegedAccessWithPublicKey(
            credentials=[PublicKeyCredential(credential_type="public_key", pem=pem, name="v0")],
            ip_allowlist=["192.0.2.0/24"],
            grants=[TokenVaultPrivilegedAccessGrant(connection="github", scopes=["repo"])],
        ),
    )
    vault = created.token_vault_privileged_access
    assert vault is not None and vault.ip_allowlist == ["192.0.2.0/24"]
    assert vault.grants is not None and vault.grants[0].connection == "github"
    (first,) = vault.credentials
    cid = str(created.client_id)
    second = await sdk.clients.credentials.create(
        cid, credential_type="public_key", pem=emulator.public_key_body(1)["pem"]
    )
    updated = await sdk.clients.update(
        cid,
        token_vault_privileged_access=ClientTokenVaultPrivilegedAccessWithCredentialId(
            credentials=[CredentialId(id=str(first.id)), CredentialId(id=str(second.id))]
        ),
    )
    got = await sdk.clients.get(cid)
    for answer in (updated, got):
        assert answer.token_vault_privileged_access is not None
        assert [c.id for c in answer.token_vault_privileged_access.credentials] == [
            first.id,
            second.id,
        ]
        assert answer.token_vault_privileged_access.grants is not None  # kept by the merge
    with pytest.raises(SdkApiError) as info:
        await sdk.clients.credentials.delete(cid, str(second.id))
    assert info.value.status_code == 400 and info.value.body["message"] == STILL_ATTACHED
    sent = [(e.method, e.status) for e in emulator.requests()]
    assert sent == [("POST", 201), ("POST", 201), ("PATCH", 200), ("GET", 200), ("DELETE", 400)]
