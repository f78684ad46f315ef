"""One test per item of section 8 of the facts sheet ("Surprises an emulator must reproduce").

Each test is named ``test_checklist_NN_…`` after the item it proves.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from credtui import keys
from tests import keyfactory
from tests.conftest import EmulatorHarness

RECORDED = Path(__file__).parents[1] / "data" / "recorded_public"
TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


async def _new_client(mgmt: httpx.AsyncClient, **body: object) -> str:
    r = await mgmt.post(
        "/api/v2/clients",
        json={"name": "Checklist", "app_type": "non_interactive", **body},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["client_id"])


async def test_checklist_01_patch_credential_returns_200(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    cid = await _new_client(mgmt)
    created = (
        await mgmt.post(f"/api/v2/clients/{cid}/credentials", json=emulator.public_key_body())
    ).json()
    r = await mgmt.patch(
        f"/api/v2/clients/{cid}/credentials/{created['id']}",
        json={"expires_at": "2030-01-01T00:00:00Z"},
    )
    assert r.status_code == 200
    assert r.json()["expires_at"] == "2030-01-01T00:00:00.000Z"


async def test_checklist_02_delete_is_idempotent_and_refuses_attached(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    app = emulator.create_app(
        method="private_key_jwt", credentials=[emulator.public_key_body(0)],
        unattached=[emulator.public_key_body(1)],
    )  # fmt: skip
    attached, loose = list(app.credentials)
    r = await mgmt.delete(f"/api/v2/clients/{app.client_id}/credentials/{attached}")
    assert r.status_code == 400
    assert r.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "Cannot delete credential still associated with a client",
    }
    assert attached in app.credentials
    for _ in range(2):
        r = await mgmt.delete(f"/api/v2/clients/{app.client_id}/credentials/{loose}")
        assert r.status_code == 204
        assert r.content == b""
    assert loose not in app.credentials


async def test_checklist_03_credential_list_is_a_bare_array_ignoring_paging(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    app = emulator.create_app(unattached=[emulator.public_key_body(i) for i in range(3)])
    r = await mgmt.get(
        f"/api/v2/clients/{app.client_id}/credentials",
        params={"include_totals": "true", "per_page": "1", "page": "1"},
    )
    assert r.status_code == 200
    body = r.json()
    assert isinstance(body, list)
    assert len(body) == 3
    empty = emulator.create_app("Empty")
    assert (await mgmt.get(f"/api/v2/clients/{empty.client_id}/credentials")).json() == []


async def test_checklist_04_kid_is_the_rfc7638_thumbprint_and_deterministic(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    pem = (RECORDED / "go_create_credential_first_spki.pem").read_text()
    a, b = await _new_client(mgmt), await _new_client(mgmt)
    kid_a = (
        await mgmt.post(
            f"/api/v2/clients/{a}/credentials", json={"credential_type": "public_key", "pem": pem}
        )
    ).json()["kid"]
    kid_b = (
        await mgmt.post(
            f"/api/v2/clients/{b}/credentials", json={"credential_type": "public_key", "pem": pem}
        )
    ).json()["kid"]
    # The value Auth0 returned for this public key in go-auth0 TestClient_CreateCredential.
    assert kid_a == kid_b == "4e7yYf0TKdyTLbVnpq2wLN6mZ8t7eb9UJkMksyHj9iU"
    key = keyfactory.rsa_key(2048, 3)
    r = await mgmt.post(f"/api/v2/clients/{a}/credentials", json=emulator.public_key_body(3))
    assert r.json()["kid"] == keys.kid_for_public_key(key.public_key())


async def test_checklist_05_expiry_rules_per_credential_type(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    cid = await _new_client(mgmt)
    url = f"/api/v2/clients/{cid}/credentials"
    not_after = datetime(2031, 5, 13, 9, 33, 13, tzinfo=UTC)
    x509 = (await mgmt.post(url, json=emulator.x509_body(0, not_after=not_after))).json()
    assert x509["expires_at"] == "2031-05-13T09:33:13.000Z"  # no flag needed
    expired_leaf = keyfactory.ca_signed_cert(
        not_before=datetime(2019, 1, 1, tzinfo=UTC), not_after=datetime(2020, 10, 27, tzinfo=UTC)
    )
    dn = (
        await mgmt.post(
            url,
            json={"credential_type": "cert_subject_dn", "pem": keyfactory.cert_pem(expired_leaf)},
        )
    ).json()
    assert "expires_at" not in dn  # never, even for an expired certificate
    plain = (await mgmt.post(url, json=emulator.public_key_body(1))).json()
    assert "expires_at" not in plain
    cert = keyfactory.self_signed_cert(keyfactory.rsa_key(2048, 2), not_after=not_after)
    parsed = (
        await mgmt.post(
            url,
            json={
                "credential_type": "public_key",
                "pem": keyfactory.cert_pem(cert),
                "parse_expiry_from_cert": True,
            },
        )
    ).json()
    assert parsed["expires_at"] == "2031-05-13T09:33:13.000Z"


async def test_checklist_06_public_key_may_be_uploaded_as_a_certificate(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    cid = await _new_client(mgmt)
    key = keyfactory.rsa_key(2048, 4)
    cert = keyfactory.self_signed_cert(key)
    r = await mgmt.post(
        f"/api/v2/clients/{cid}/credentials",
        json={"credential_type": "public_key", "pem": keyfactory.cert_pem(cert)},
    )
    assert r.status_code == 201
    body = r.json()
    assert body["credential_type"] == "public_key"
    assert body["kid"] == keys.kid_for_public_key(key.public_key())
    assert "thumbprint_sha256" not in body and "expires_at" not in body


async def test_checklist_07_omitted_name_means_no_name_key(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    cid = await _new_client(mgmt)
    created = (
        await mgmt.post(f"/api/v2/clients/{cid}/credentials", json=emulator.public_key_body())
    ).json()
    assert "name" not in created
    fetched = (await mgmt.get(f"/api/v2/clients/{cid}/credentials/{created['id']}")).json()
    assert "name" not in fetched
    named = (
        await mgmt.post(
            f"/api/v2/clients/{cid}/credentials", json=emulator.public_key_body(1, name="")
        )
    ).json()
    assert named["name"] == ""


async def test_checklist_08_limits_two_per_slot_four_per_client_no_duplicates(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    app = emulator.create_app(unattached=[emulator.public_key_body(i) for i in range(3)])
    ids = list(app.credentials)
    r = await mgmt.patch(
        f"/api/v2/clients/{app.client_id}",
        json={
            "client_authentication_methods": {
                "private_key_jwt": {"credentials": [{"id": i} for i in ids]}
            },
            "token_endpoint_auth_method": None,
        },
    )
    assert r.status_code == 400
    assert r.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "Payload validation error: 'Array is too long (3), maximum 2' on property "
        "client_authentication_methods.private_key_jwt.credentials.",
        "errorCode": "invalid_body",
    }
    url = f"/api/v2/clients/{app.client_id}/credentials"
    dup = await mgmt.post(url, json=emulator.public_key_body(0, name="again"))
    assert dup.status_code == 400
    assert dup.json()["message"] == "credentials contains public keys that already exist in client"
    assert (await mgmt.post(url, json=emulator.public_key_body(3))).status_code == 201
    fifth = await mgmt.post(url, json=emulator.public_key_body(4))
    assert fifth.status_code == 400
    assert fifth.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "A client can have a maximum of 4 credentials.",
    }
    assert len(app.credentials) == 4
    # The duplicate rule is per client: the same key is fine elsewhere.
    other = emulator.create_app("Other")
    assert (
        await mgmt.post(
            f"/api/v2/clients/{other.client_id}/credentials", json=emulator.public_key_body(0)
        )
    ).status_code == 201


async def test_checklist_09_one_method_exclusive_with_token_endpoint_auth_method(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    app = emulator.create_app(unattached=[emulator.public_key_body(0), emulator.x509_body(1)])
    pk, x5 = list(app.credentials)
    url = f"/api/v2/clients/{app.client_id}"
    two = await mgmt.patch(url, json={"client_authentication_methods": {
        "private_key_jwt": {"credentials": [{"id": pk}]},
        "self_signed_tls_client_auth": {"credentials": [{"id": x5}]},
    }, "token_endpoint_auth_method": None})  # fmt: skip
    assert two.status_code == 400
    assert "Too many properties defined (2), maximum 1" in two.json()["message"]
    both = await mgmt.patch(
        url,
        json={
            "client_authentication_methods": {"private_key_jwt": {"credentials": [{"id": pk}]}},
            "token_endpoint_auth_method": "client_secret_post",
        },
    )
    assert both.status_code == 400
    neither = await mgmt.patch(
        url, json={"client_authentication_methods": None, "token_endpoint_auth_method": None}
    )
    assert neither.status_code == 400
    ok = await mgmt.patch(
        url,
        json={
            "client_authentication_methods": {"private_key_jwt": {"credentials": [{"id": pk}]}},
            "token_endpoint_auth_method": None,
        },
    )
    assert ok.status_code == 200
    assert ok.json()["client_authentication_methods"] == {
        "private_key_jwt": {"credentials": [{"id": pk}]}
    }
    assert app.auth_methods == {"private_key_jwt": [pk]}


async def test_checklist_10_client_secret_hidden_while_credential_method_active(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    app = emulator.create_app(unattached=[emulator.public_key_body(0)])
    (pk,) = app.credentials
    url = f"/api/v2/clients/{app.client_id}"
    before = (await mgmt.get(url)).json()
    assert before["client_secret"] == app.client_secret
    assert before["token_endpoint_auth_method"] == "client_secret_post"
    on = (
        await mgmt.patch(
            url,
            json={
                "client_authentication_methods": {"private_key_jwt": {"credentials": [{"id": pk}]}},
                "token_endpoint_auth_method": None,
            },
        )
    ).json()
    assert "client_secret" not in on and "token_endpoint_auth_method" not in on
    assert "client_secret" not in (await mgmt.get(url)).json()
    off = (
        await mgmt.patch(
            url,
            json={
                "client_authentication_methods": None,
                "signed_request_object": None,
                "token_endpoint_auth_method": "client_secret_post",
            },
        )
    ).json()
    assert off["client_secret"] == before["client_secret"]
    assert off["token_endpoint_auth_method"] == "client_secret_post"
    assert "client_authentication_methods" not in off


async def test_checklist_11_post_clients_echoes_inline_credentials_in_full(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    r = await mgmt.post("/api/v2/clients", json={
        "name": "Inline", "jwt_configuration": {"alg": "RS256"},
        "client_authentication_methods": {"private_key_jwt": {"credentials": [emulator.public_key_body(0, name="k")]}},
    })  # fmt: skip
    assert r.status_code == 201
    body = r.json()
    (inline,) = body["client_authentication_methods"]["private_key_jwt"]["credentials"]
    assert list(inline) == [
        "id",
        "credential_type",
        "kid",
        "alg",
        "name",
        "created_at",
        "updated_at",
    ]
    assert "client_secret" not in body
    later = (await mgmt.get(f"/api/v2/clients/{body['client_id']}")).json()
    assert later["client_authentication_methods"] == {
        "private_key_jwt": {"credentials": [{"id": inline["id"]}]}
    }


async def test_checklist_12_client_list_shapes(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    for i in range(4):
        emulator.create_app(f"App {i}")  # plus the management app and the global one: 6
    bare = await mgmt.get(
        "/api/v2/clients",
        params={"fields": "name", "include_fields": "true", "page": "0", "per_page": "2"},
    )
    assert isinstance(bare.json(), list) and len(bare.json()) == 2
    assert bare.json()[0] == {
        "tenant": emulator.tenant.name,
        "name": "credtui Management API (emulator)",
    }
    assert 'page=1&per_page=2>; rel="next"' in bare.headers["link"]
    assert 'page=2&per_page=2>; rel="last"' in bare.headers["link"]
    totals = (
        await mgmt.get(
            "/api/v2/clients", params={"include_totals": "true", "per_page": "2", "page": "1"}
        )
    ).json()
    assert list(totals) == ["total", "start", "limit", "clients"]
    assert (totals["total"], totals["start"], totals["limit"], len(totals["clients"])) == (
        6,
        2,
        2,
        2,
    )
    first = (await mgmt.get("/api/v2/clients", params={"take": "3"})).json()
    assert list(first) == ["clients", "next"] and len(first["clients"]) == 3
    rest = (await mgmt.get("/api/v2/clients", params={"take": "3", "from": first["next"]})).json()
    assert list(rest) == ["clients"] and len(rest["clients"]) == 3
    too_many = await mgmt.get("/api/v2/clients", params={"per_page": "101"})
    assert too_many.status_code == 400
    assert too_many.json()["errorCode"] == "invalid_query_string"
    only_id = (
        await mgmt.get("/api/v2/clients", params={"fields": "client_id", "include_totals": "true"})
    ).json()
    assert set(only_id["clients"][0]) == {"tenant", "client_id"}


async def test_checklist_13_timestamps_use_milliseconds_and_utc(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    cid = await _new_client(mgmt)
    created = (
        await mgmt.post(f"/api/v2/clients/{cid}/credentials", json=emulator.public_key_body())
    ).json()
    assert TS.match(created["created_at"]) and TS.match(created["updated_at"])
    emulator.clock.advance(1.5)
    patched = (await mgmt.patch(
        f"/api/v2/clients/{cid}/credentials/{created['id']}",
        json={"expires_at": "2023-05-16T11:07:30.535694+02:00"},
    )).json()  # fmt: skip
    assert patched["expires_at"] == "2023-05-16T09:07:30.535Z"
    assert patched["created_at"] == created["created_at"]
    assert patched["updated_at"] != created["updated_at"] and TS.match(patched["updated_at"])
    whole = (
        await mgmt.post(
            f"/api/v2/clients/{cid}/credentials",
            json=emulator.public_key_body(1, expires_at="2095-05-13T09:33:13Z"),
        )
    ).json()
    assert whole["expires_at"] == "2095-05-13T09:33:13.000Z"


async def test_checklist_14_error_bodies_and_validation_messages(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    cid = await _new_client(mgmt)
    url = f"/api/v2/clients/{cid}/credentials"
    extra = await mgmt.post(url, json={**emulator.public_key_body(), "color": "red"})
    assert extra.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "Payload validation error: 'Additional properties not allowed: color'.",
        "errorCode": "invalid_body",
    }
    missing = await mgmt.post(url, json={"name": "x"})
    assert (
        missing.json()["message"]
        == "Payload validation error: 'Missing required property: credential_type'."
    )
    long_name = await mgmt.post(url, json=emulator.public_key_body(name="n" * 129))
    assert long_name.json()["message"] == (
        "Payload validation error: 'String is too long (129 chars), maximum 128' on property "
        "name (Friendly name for a credential.)."
    )
    bad_kid = await mgmt.post(url, json=emulator.public_key_body(kid="short"))
    assert bad_kid.json()["message"].startswith(
        "Payload validation error: 'String is too short (5 chars), minimum 10' on property kid ("
    )
    bad_type = await mgmt.post(url, json={"credential_type": "jwk"})
    assert bad_type.json()["message"] == (
        "Payload validation error: 'No enum match for: \"jwk\"' on property credential_type."
    )
    nobody = await mgmt.get("/api/v2/clients/nope")
    assert nobody.json() == {
        "statusCode": 404,
        "error": "Not Found",
        "message": "The client does not exist",
        "errorCode": "inexistent_client",
    }


async def test_checklist_15_assertion_audience_is_the_tenant_base_url_with_slash(
    emulator: EmulatorHarness,
) -> None:
    key = keyfactory.rsa_key(2048, 0)
    app = emulator.create_app(
        method="private_key_jwt",
        credentials=[emulator.public_key_body(0)],
        grant_scopes=["read:clients"],
    )

    async def token(audience: str) -> httpx.Response:
        assertion = keys.sign_client_assertion(key, client_id=app.client_id, audience=audience)
        async with emulator.http() as http:
            return await http.post("/oauth/token", data={
                "grant_type": "client_credentials",
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion": assertion,
                "audience": f"{emulator.base_url}/api/v2/",
            })  # fmt: skip

    assert (await token(f"https://{emulator.tenant.domain}/")).status_code == 200
    assert (await token(f"{emulator.base_url}/")).status_code == 200
    refused = await token(f"{emulator.base_url}/oauth/token")
    assert refused.status_code == 401
    assert refused.json()["error"] == "access_denied"
    assert (await token(f"https://{emulator.tenant.domain}")).status_code == 401


async def test_checklist_16_rate_limit_headers_and_429_body(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    emulator.clock.freeze(datetime(2026, 3, 1, tzinfo=UTC))
    emulator.set_rate_limit("3/1")
    ok = await mgmt.get("/api/v2/clients")
    assert ok.headers["x-ratelimit-limit"] == "3"
    assert ok.headers["x-ratelimit-remaining"] == "2"
    assert int(ok.headers["x-ratelimit-reset"]) == int(emulator.clock.timestamp()) + 1
    await mgmt.get("/api/v2/clients")
    await mgmt.get("/api/v2/clients")
    limited = await mgmt.get("/api/v2/clients")
    assert limited.status_code == 429
    assert limited.json() == {
        "statusCode": 429,
        "error": "Too Many Requests",
        "message": "Global limit has been reached",
        "errorCode": "too_many_requests",
    }
    assert limited.headers["x-ratelimit-remaining"] == "0"
    emulator.clock.advance(1)
    assert (await mgmt.get("/api/v2/clients")).status_code == 200
    # Errors other than 429 carry no rate-limit headers.
    emulator.clock.advance(timedelta(seconds=10).total_seconds())
    missing = await mgmt.get("/api/v2/clients/unknown")
    assert missing.status_code == 404
    assert "x-ratelimit-limit" not in missing.headers
