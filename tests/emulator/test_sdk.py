"""Auth0's own Python SDK (auth0-python, test-only) against the emulator.

It lists, creates, gets, updates and deletes credentials of all three types and
parses every response with its own (pydantic) models; the emulator's request log
shows what it sent.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from auth0.management import AsyncAuth0
from auth0.management.types import (
    ClientCredential,
    GetClientCredentialResponseContent,
    PatchClientCredentialResponseContent,
    PostClientCredentialResponseContent,
)

from tests import keyfactory
from tests.conftest import EmulatorHarness


async def test_sdk_credential_lifecycle_for_all_three_types(
    emulator: EmulatorHarness, sdk: AsyncAuth0
) -> None:
    app = emulator.create_app("SDK target")
    cid = app.client_id
    pk = await sdk.clients.credentials.create(
        cid,
        credential_type="public_key",
        name="sdk key",
        pem=emulator.public_key_body(0)["pem"],
        alg="RS384",
        expires_at=datetime(2031, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    assert isinstance(pk, PostClientCredentialResponseContent)
    assert pk.credential_type == "public_key" and pk.alg == "RS384"
    assert pk.expires_at == datetime(2031, 1, 2, 3, 4, 5, tzinfo=UTC)
    not_after = datetime(2030, 6, 1, tzinfo=UTC)
    cert = keyfactory.cert_pem(
        keyfactory.self_signed_cert(keyfactory.rsa_key(2048, 1), not_after=not_after)
    )
    x5 = await sdk.clients.credentials.create(
        cid, credential_type="x509_cert", name="device", pem=cert
    )
    assert x5.thumbprint_sha_256 and x5.expires_at == not_after and x5.kid is None
    dn = await sdk.clients.credentials.create(
        cid, credential_type="cert_subject_dn", subject_dn="C=GB\nO=Acme\nCN=gateway"
    )
    assert dn.subject_dn == "C=GB\nO=Acme\nCN=gateway" and dn.expires_at is None and dn.name is None

    listed = await sdk.clients.credentials.list(cid)
    assert all(isinstance(c, ClientCredential) for c in listed)
    assert [c.id for c in listed] == [pk.id, x5.id, dn.id]

    got = await sdk.clients.credentials.get(cid, str(dn.id))
    assert isinstance(got, GetClientCredentialResponseContent)
    assert got.credential_type == "cert_subject_dn"

    updated = await sdk.clients.credentials.update(
        cid, str(pk.id), expires_at=datetime(2032, 2, 3, 4, 5, 6, 789000, tzinfo=UTC)
    )
    assert isinstance(updated, PatchClientCredentialResponseContent)
    assert updated.expires_at == datetime(2032, 2, 3, 4, 5, 6, 789000, tzinfo=UTC)
    assert updated.updated_at is not None and updated.created_at == pk.created_at

    for cred in (pk, x5, dn):
        await sdk.clients.credentials.delete(cid, str(cred.id))
    assert await sdk.clients.credentials.list(cid) == []
    sent = [(e.method, e.status) for e in emulator.requests() if "/credentials" in e.path]
    assert sent == [
        ("POST", 201), ("POST", 201), ("POST", 201), ("GET", 200), ("GET", 200),
        ("PATCH", 200), ("DELETE", 204), ("DELETE", 204), ("DELETE", 204), ("GET", 200),
    ]  # fmt: skip


async def test_sdk_clients_and_auth_methods(emulator: EmulatorHarness, sdk: AsyncAuth0) -> None:
    app = emulator.create_app("SDK app", unattached=[emulator.public_key_body(0)])
    (cred_id,) = app.credentials
    client = await sdk.clients.get(app.client_id)
    assert client.client_secret == app.client_secret
    updated = await sdk.clients.update(
        app.client_id,
        client_authentication_methods={"private_key_jwt": {"credentials": [{"id": cred_id}]}},
        token_endpoint_auth_method=None,
    )
    assert updated.client_secret is None
    assert updated.client_authentication_methods is not None
    pager = await sdk.clients.list(per_page=50, include_totals=True)
    names = [c.name async for c in pager]
    assert "SDK app" in names
    await sdk.clients.delete(app.client_id)
    assert emulator.tenant.get_client(app.client_id) is None


async def test_sdk_sees_auth0_errors(emulator: EmulatorHarness, sdk: AsyncAuth0) -> None:
    from auth0.management.core.api_error import ApiError

    app = emulator.create_app(
        "Errors", method="private_key_jwt", credentials=[emulator.public_key_body(0)]
    )
    (cred_id,) = app.credentials
    with pytest.raises(ApiError) as info:
        await sdk.clients.credentials.delete(app.client_id, cred_id)
    assert info.value.status_code == 400
    assert info.value.body["message"] == "Cannot delete credential still associated with a client"
