"""A client created without ``token_endpoint_auth_method`` has no such key (issue 20, finding 1).

Source: facts 3.1 [REC]: 75 recorded creates (44 terraform, 31 go-auth0, 2023-2026)
send no method and get none back, ``non_interactive`` included; terraform
``TestAccDataClients.yaml`` #10 lists ``cred-limit-probe`` and ``fedcm-F1-repro``
with neither ``token_endpoint_auth_method`` nor ``client_authentication_methods`` but
with a ``client_secret``. Auth0 then takes the secret (post or Basic).
"""

from __future__ import annotations

import base64

import httpx
import pytest

from tests.conftest import EmulatorHarness

METHOD_KEYS = ("token_endpoint_auth_method", "client_authentication_methods")


@pytest.mark.parametrize("app_type", ["non_interactive", "spa", "regular_web", None])
async def test_create_without_a_method_returns_neither_key(
    mgmt: httpx.AsyncClient, app_type: str | None
) -> None:
    """Facts 3.1 [REC]: no key in the create answer nor in later reads, any app_type."""
    body = {"name": "No method", **({"app_type": app_type} if app_type else {})}
    created = await mgmt.post("/api/v2/clients", json=body)
    assert created.status_code == 201, created.text
    data = created.json()
    assert not any(k in data for k in METHOD_KEYS)
    assert data["client_secret"]
    read = (await mgmt.get(f"/api/v2/clients/{data['client_id']}")).json()
    assert not any(k in read for k in METHOD_KEYS) and read["client_secret"]


async def test_its_secret_works_in_the_body_and_as_basic(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    """Facts 3.1 [INF]: Auth0 authenticates it with its client secret, post or Basic."""
    app = emulator.create_app("Worker", method=None, grant_scopes=["read:clients"])
    form = {"grant_type": "client_credentials", "audience": f"{emulator.base_url}/api/v2/"}
    async with emulator.http() as http:
        post = await http.post(
            "/oauth/token",
            data={**form, "client_id": app.client_id, "client_secret": app.client_secret},
        )
        basic = await http.post(
            "/oauth/token",
            data=form,
            headers={
                "Authorization": "Basic "
                + base64.b64encode(f"{app.client_id}:{app.client_secret}".encode()).decode()
            },
        )
        wrong = await http.post(
            "/oauth/token", data={**form, "client_id": app.client_id, "client_secret": "nope"}
        )
    assert post.status_code == 200, post.text
    assert basic.status_code == 200, basic.text
    assert wrong.status_code == 401


async def test_patching_other_fields_keeps_it_valid_and_nulling_the_last_is_refused(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    """Facts 3.1 [REC] (neither key is a valid state: the recorded clients are PATCHed) and
    3.2 [ENG] ("API doesn't accept nil on both of these"): only a PATCH that nulls a
    method and leaves neither is refused (decision 14)."""
    app = emulator.create_app("Worker", method=None)
    url = f"/api/v2/clients/{app.client_id}"
    renamed = await mgmt.patch(url, json={"description": "renamed"})
    assert renamed.status_code == 200, renamed.text
    assert not any(k in renamed.json() for k in METHOD_KEYS)
    for body in (
        {"token_endpoint_auth_method": None},
        {"client_authentication_methods": None},
        {"client_authentication_methods": None, "token_endpoint_auth_method": None},
    ):
        refused = await mgmt.patch(url, json=body)
        assert refused.status_code == 400, body
    # The recorded switch back (TokenVault #78) sets the method explicitly.
    set_post = await mgmt.patch(
        url,
        json={
            "client_authentication_methods": None,
            "token_endpoint_auth_method": "client_secret_post",
        },
    )
    assert set_post.json()["token_endpoint_auth_method"] == "client_secret_post"
