"""``POST /api/v2/clients/{id}/rotate-secret`` (decision 31): a new secret, the old one refused.

The answer is the whole client with its new ``client_secret`` (what Auth0's own SDK
reads); ``/oauth/token`` refuses the old secret from then on, in both secret
methods; the scope is ``update:client_keys`` alone; a client with a credential
method is refused; nothing of the secret reaches the request log.
"""

from __future__ import annotations

import base64

import httpx
from auth0.management import AsyncAuth0

from tests.conftest import EmulatorHarness


async def token_status(
    emulator: EmulatorHarness, client_id: str, secret: str, *, basic: bool = False
) -> int:
    """The status ``/oauth/token`` answers ``client_id`` with ``secret``."""
    form = {"grant_type": "client_credentials", "audience": f"{emulator.base_url}/api/v2/"}
    headers = {}
    if basic:
        pair = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
        headers["Authorization"] = f"Basic {pair}"
    else:
        form |= {"client_id": client_id, "client_secret": secret}
    async with emulator.http() as http:
        return (await http.post("/oauth/token", data=form, headers=headers)).status_code


async def test_the_new_secret_works_and_the_old_one_is_refused_at_once(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    app = emulator.create_app("Batch", grant_scopes=["read:clients"])
    old = app.client_secret
    assert await token_status(emulator, app.client_id, old) == 200
    before = (await mgmt.get(f"/api/v2/clients/{app.client_id}")).json()

    answer = await mgmt.post(f"/api/v2/clients/{app.client_id}/rotate-secret")

    assert answer.status_code == 200, answer.text
    body = answer.json()
    new = body["client_secret"]
    assert new != old and len(new) == 64
    assert body["client_id"] == app.client_id and body["name"] == "Batch"
    assert body["token_endpoint_auth_method"] == "client_secret_post"
    assert body["updated_at"] >= before["updated_at"]
    assert await token_status(emulator, app.client_id, old) == 401
    assert await token_status(emulator, app.client_id, new) == 200
    # A key reader sees the new one; nothing else of the client changed.
    after = (await mgmt.get(f"/api/v2/clients/{app.client_id}")).json()
    assert after["client_secret"] == new
    assert {k: v for k, v in after.items() if k not in ("client_secret", "updated_at")} == {
        k: v for k, v in before.items() if k not in ("client_secret", "updated_at")
    }


async def test_basic_clients_too_and_each_rotation_replaces_the_last(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    app = emulator.create_app("Basic", method="client_secret_basic", grant_scopes=["read:clients"])
    first = (await mgmt.post(f"/api/v2/clients/{app.client_id}/rotate-secret")).json()
    second = (await mgmt.post(f"/api/v2/clients/{app.client_id}/rotate-secret")).json()
    assert first["client_secret"] != second["client_secret"]
    assert await token_status(emulator, app.client_id, first["client_secret"], basic=True) == 401
    assert await token_status(emulator, app.client_id, second["client_secret"], basic=True) == 200


async def test_the_scope_is_update_client_keys(emulator: EmulatorHarness) -> None:
    app = emulator.create_app("Batch")
    narrow = emulator.management_app(["update:clients", "read:clients"])
    async with emulator.http(headers=emulator.auth_headers(narrow.client_id)) as http:
        refused = await http.post(f"/api/v2/clients/{app.client_id}/rotate-secret")
    assert refused.status_code == 403
    assert refused.json() == {
        "statusCode": 403,
        "error": "Forbidden",
        "message": "Insufficient scope, expected any of: update:client_keys",
        "errorCode": "insufficient_scope",
    }
    stored = emulator.tenant.get_client(app.client_id)
    assert stored is not None and stored.client_secret == app.client_secret


async def test_a_credential_method_or_an_unknown_client_is_refused(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    app = emulator.create_app(
        "Signed", method="private_key_jwt", credentials=[emulator.public_key_body(0)]
    )
    secret = app.client_secret
    refused = await mgmt.post(f"/api/v2/clients/{app.client_id}/rotate-secret")
    assert refused.status_code == 400
    assert refused.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "The client secret cannot be rotated while client_authentication_methods is "
        "configured (private_key_jwt); switch the client to a token_endpoint_auth_method first",
    }
    assert app.client_secret == secret
    missing = await mgmt.post("/api/v2/clients/" + "x" * 32 + "/rotate-secret")
    assert missing.status_code == 404 and missing.json()["errorCode"] == "inexistent_client"


async def test_auth0s_sdk_reads_the_answer_and_the_log_holds_no_secret(
    emulator: EmulatorHarness, sdk: AsyncAuth0
) -> None:
    app = emulator.create_app("Batch")
    answer = await sdk.clients.rotate_secret(app.client_id)
    stored = emulator.tenant.get_client(app.client_id)
    assert stored is not None and answer.client_secret == stored.client_secret
    assert answer.client_id == app.client_id
    (logged,) = emulator.requests(path=f"/api/v2/clients/{app.client_id}/rotate-secret")
    assert logged.status == 200 and logged.method == "POST"
    assert answer.client_secret not in repr(logged.to_json())
