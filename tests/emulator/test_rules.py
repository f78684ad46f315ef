"""Credential and application rules beyond the checklist: limits, exclusivity, attachment."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from tests import keyfactory
from tests.conftest import EmulatorHarness


@pytest.fixture
def client_id(emulator: EmulatorHarness) -> str:
    return emulator.create_app("Rules").client_id


async def post(mgmt: httpx.AsyncClient, client_id: str, body: object) -> httpx.Response:
    return await mgmt.post(f"/api/v2/clients/{client_id}/credentials", json=body)


async def test_pem_and_subject_dn_are_mutually_exclusive(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, client_id: str
) -> None:
    leaf = keyfactory.cert_pem(keyfactory.ca_signed_cert())
    r = await post(
        mgmt, client_id, {"credential_type": "cert_subject_dn", "pem": leaf, "subject_dn": "CN=x"}
    )
    assert r.status_code == 400
    assert r.json()["message"] == "subject_dn and pem are mutually exclusive"
    neither = await post(mgmt, client_id, {"credential_type": "cert_subject_dn"})
    assert neither.status_code == 400
    on_key = await post(mgmt, client_id, {**emulator.public_key_body(), "subject_dn": "CN=x"})
    assert on_key.status_code == 400
    stored = emulator.tenant.get_client(client_id)
    assert stored is not None and stored.credentials == {}


async def test_subject_dn_length_limits(mgmt: httpx.AsyncClient, client_id: str) -> None:
    empty = await post(mgmt, client_id, {"credential_type": "cert_subject_dn", "subject_dn": ""})
    assert empty.json()["message"].startswith(
        "Payload validation error: 'String is too short (0 chars), minimum 1' on property subject_dn ("
    )
    long = await post(
        mgmt, client_id, {"credential_type": "cert_subject_dn", "subject_dn": "CN=" + "a" * 254}
    )
    assert (
        "'String is too long (257 chars), maximum 256' on property subject_dn"
        in long.json()["message"]
    )
    ok = await post(
        mgmt, client_id, {"credential_type": "cert_subject_dn", "subject_dn": "CN=" + "a" * 253}
    )
    assert ok.status_code == 201


async def test_kid_pattern_and_custom_kid(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, client_id: str
) -> None:
    bad = await post(mgmt, client_id, emulator.public_key_body(kid="has space!!"))
    assert bad.json()["message"].startswith(
        "Payload validation error: 'String does not match pattern ^([0-9a-zA-Z-_]{10,64})$: has space!!' on property kid ("
    )
    ok = await post(mgmt, client_id, emulator.public_key_body(kid="my-key_2026-01"))
    assert ok.status_code == 201
    assert ok.json()["kid"] == "my-key_2026-01"


async def test_public_keys_must_be_rsa_2048_to_4096(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, client_id: str
) -> None:
    small = keyfactory.spki_pem(keyfactory.fake_rsa_public_key(2047))
    big = keyfactory.spki_pem(keyfactory.fake_rsa_public_key(8192))
    ec = keyfactory.spki_pem(keyfactory.ec_key())
    for pem in (small, big, ec):
        r = await post(mgmt, client_id, {"credential_type": "public_key", "pem": pem})
        assert r.status_code == 400
        assert r.json()["errorCode"] == "invalid_body"
    garbage = await post(mgmt, client_id, {"credential_type": "public_key", "pem": "hello"})
    assert garbage.status_code == 400
    four_k = await post(mgmt, client_id, emulator.public_key_body(0, bits=4096))
    assert four_k.status_code == 201


async def test_x509_cert_accepts_any_key_size_but_needs_a_certificate(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, client_id: str
) -> None:
    weak = keyfactory.self_signed_cert(keyfactory.rsa_key(1024, 0))
    r = await post(
        mgmt, client_id, {"credential_type": "x509_cert", "pem": keyfactory.cert_pem(weak)}
    )
    assert r.status_code == 201
    bare = await post(
        mgmt, client_id, {"credential_type": "x509_cert", "pem": emulator.public_key_body()["pem"]}
    )
    assert bare.status_code == 400


async def test_type_specific_fields_on_other_types_are_refused(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, client_id: str
) -> None:
    r = await post(mgmt, client_id, emulator.x509_body(expires_at="2030-01-01T00:00:00Z"))
    assert r.status_code == 400
    both = await post(
        mgmt,
        client_id,
        emulator.public_key_body(parse_expiry_from_cert=True, expires_at="2030-01-01T00:00:00Z"),
    )
    assert both.status_code == 400
    no_cert = await post(mgmt, client_id, emulator.public_key_body(parse_expiry_from_cert=True))
    assert no_cert.status_code == 400
    bad_date = await post(mgmt, client_id, emulator.public_key_body(expires_at="tomorrow"))
    assert (
        "Object didn't pass validation for format date-time: tomorrow" in bad_date.json()["message"]
    )


async def test_patch_credential_rules(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, client_id: str
) -> None:
    cred = (
        await post(mgmt, client_id, emulator.public_key_body(expires_at="2030-01-01T00:00:00Z"))
    ).json()
    url = f"/api/v2/clients/{client_id}/credentials/{cred['id']}"
    empty = await mgmt.patch(url, json={})
    assert (
        empty.json()["message"]
        == "Payload validation error: 'Too few properties defined (0), minimum 1'."
    )
    renamed = await mgmt.patch(url, json={"name": "new"})
    assert (
        renamed.json()["message"]
        == "Payload validation error: 'Additional properties not allowed: name'."
    )
    cleared = await mgmt.patch(url, json={"expires_at": None})
    assert cleared.status_code == 200
    assert "expires_at" not in cleared.json()
    x5 = (await post(mgmt, client_id, emulator.x509_body(1))).json()
    r = await mgmt.patch(
        f"/api/v2/clients/{client_id}/credentials/{x5['id']}",
        json={"expires_at": "2030-01-01T00:00:00Z"},
    )
    assert r.status_code == 400
    missing = await mgmt.patch(
        f"/api/v2/clients/{client_id}/credentials/cred_1111111111111111111111",
        json={"expires_at": None},
    )
    assert missing.status_code == 404
    assert missing.json() == {
        "statusCode": 404,
        "error": "Not Found",
        "message": "The credential does not exist",
    }


async def test_unknown_client_on_credential_routes(mgmt: httpx.AsyncClient) -> None:
    for method in ("GET", "POST"):
        r = await mgmt.request(
            method, "/api/v2/clients/nope/credentials", json={"credential_type": "public_key"}
        )
        assert r.status_code == 404
        assert r.json()["errorCode"] == "inexistent_client"


async def test_attach_rules_unknown_id_wrong_type_and_alg(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    app = emulator.create_app(unattached=[emulator.public_key_body(0), emulator.x509_body(1)])
    pk, x5 = list(app.credentials)
    url = f"/api/v2/clients/{app.client_id}"

    async def attach(method: str, cred: str) -> httpx.Response:
        return await mgmt.patch(url, json={
            "client_authentication_methods": {method: {"credentials": [{"id": cred}]}},
            "token_endpoint_auth_method": None,
        })  # fmt: skip

    unknown = await attach("private_key_jwt", "cred_1111111111111111111111")
    assert unknown.status_code == 400
    assert unknown.json()["message"].startswith("One or more of the credentials")
    assert (await attach("private_key_jwt", x5)).status_code == 400
    assert (await attach("tls_client_auth", pk)).status_code == 400
    sro = await mgmt.patch(url, json={"signed_request_object": {"credentials": [{"id": x5}]}})
    assert sro.status_code == 400
    hs = emulator.create_app(
        "HS256",
        unattached=[emulator.public_key_body(0)],
        extra={"jwt_configuration": {"alg": "HS256"}},
    )
    (hs_cred,) = hs.credentials
    r = await mgmt.patch(f"/api/v2/clients/{hs.client_id}", json={
        "client_authentication_methods": {"private_key_jwt": {"credentials": [{"id": hs_cred}]}},
        "token_endpoint_auth_method": None,
    })  # fmt: skip
    assert r.status_code == 400
    assert app.auth_methods is None and hs.auth_methods is None
    assert (await attach("self_signed_tls_client_auth", x5)).status_code == 200


async def test_inline_certificate_pem_limit_and_inline_validation(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    r = await mgmt.post("/api/v2/clients", json={
        "name": "Big", "jwt_configuration": {"alg": "RS256"},
        "client_authentication_methods": {"self_signed_tls_client_auth": {"credentials": [
            {"credential_type": "x509_cert", "pem": "x" * 4097}]}},
    })  # fmt: skip
    assert r.json()["message"] == (
        "Payload validation error: 'String is too long (4097 chars), maximum 4096' on property "
        "client_authentication_methods.self_signed_tls_client_auth.credentials[0].pem "
        "(PEM-formatted X509 certificate. Must be JSON escaped.)."
    )
    wrong = await mgmt.post("/api/v2/clients", json={
        "name": "Wrong", "jwt_configuration": {"alg": "RS256"},
        "client_authentication_methods": {"private_key_jwt": {"credentials": [emulator.x509_body(0)]}},
    })  # fmt: skip
    assert wrong.status_code == 400
    count = emulator.tenant.created_count()
    assert count == 1  # nothing was created by the refused requests


async def test_post_clients_with_inline_credentials_needs_create_client_credentials(
    emulator: EmulatorHarness,
) -> None:
    creator = emulator.management_app(["create:clients"])
    async with emulator.http(headers=emulator.auth_headers(creator.client_id)) as http:
        plain = await http.post("/api/v2/clients", json={"name": "Plain"})
        inline = await http.post("/api/v2/clients", json={
            "name": "Inline", "jwt_configuration": {"alg": "RS256"},
            "client_authentication_methods": {"private_key_jwt": {"credentials": [emulator.public_key_body()]}},
        })  # fmt: skip
    assert plain.status_code == 201
    assert inline.status_code == 403
    assert (
        inline.json()["message"] == "Insufficient scope, expected any of: create:client_credentials"
    )


async def test_bad_json_unknown_route_and_client_delete(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, client_id: str
) -> None:
    bad = await mgmt.post(
        "/api/v2/clients", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert bad.json() == {
        "statusCode": 400,
        "error": "Bad Request",
        "message": "Invalid request payload JSON format",
    }
    nowhere = await mgmt.get("/api/v2/nowhere")
    assert nowhere.json() == {"statusCode": 404, "error": "Not Found", "message": "Not Found"}
    assert (await mgmt.delete(f"/api/v2/clients/{client_id}")).status_code == 204
    assert emulator.tenant.get_client(client_id) is None
    assert (await mgmt.get(f"/api/v2/clients/{client_id}")).status_code == 404


async def test_client_fields_and_exclusion(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, client_id: str
) -> None:
    only = (
        await mgmt.get(
            f"/api/v2/clients/{client_id}",
            params={"fields": "client_id,app_type", "include_fields": "true"},
        )
    ).json()
    assert only == {
        "tenant": emulator.tenant.name,
        "client_id": client_id,
        "app_type": "non_interactive",
    }
    without = (
        await mgmt.get(
            f"/api/v2/clients/{client_id}",
            params={"fields": "signing_keys,client_secret", "include_fields": "false"},
        )
    ).json()
    assert (
        "signing_keys" not in without
        and "client_secret" not in without
        and without["name"] == "Rules"
    )


async def test_list_filters_and_checkpoint_over_deletions(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    apps = [emulator.create_app(f"M2M {i}") for i in range(5)]
    emulator.create_app("SPA", app_type="spa", method="none")
    spa = (
        await mgmt.get("/api/v2/clients", params={"app_type": "spa", "include_totals": "true"})
    ).json()
    assert spa["total"] == 1 and spa["clients"][0]["name"] == "SPA"
    first = (await mgmt.get("/api/v2/clients", params={"take": "2"})).json()
    emulator.tenant.delete_client(apps[1].client_id)  # deleted between pages: no skips, no repeats
    second = (await mgmt.get("/api/v2/clients", params={"take": "2", "from": first["next"]})).json()
    names = [c["name"] for c in first["clients"] + second["clients"]]
    assert names == ["credtui Management API (emulator)", "M2M 0", "M2M 2", "M2M 3"]


async def test_credential_list_timestamps_follow_the_tenant_clock(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, client_id: str
) -> None:
    emulator.clock.freeze(datetime(2026, 2, 3, 4, 5, 6, 789000, tzinfo=UTC))
    cred = (await post(mgmt, client_id, emulator.public_key_body())).json()
    assert cred["created_at"] == cred["updated_at"] == "2026-02-03T04:05:06.789Z"


async def test_documented_mtls_client_creation_examples(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    """The POST/PATCH bodies of the "Configure mTLS for a client" guide (reference seeds)."""
    self_signed = await mgmt.post("/api/v2/clients", json={
        "name": "Self-signed mTLS", "app_type": "non_interactive",
        "client_authentication_methods": {"self_signed_tls_client_auth": {"credentials": [
            {"name": "device", "credential_type": "x509_cert", "pem": emulator.x509_body(6)["pem"]}]}},
        "jwt_configuration": {"alg": "RS256"},
    })  # fmt: skip
    assert self_signed.status_code == 201
    (x5,) = self_signed.json()["client_authentication_methods"]["self_signed_tls_client_auth"][
        "credentials"
    ]
    assert list(x5) == [
        "id",
        "credential_type",
        "name",
        "thumbprint_sha256",
        "created_at",
        "updated_at",
        "expires_at",
    ]
    by_dn = await mgmt.post("/api/v2/clients", json={
        "name": "CA-signed mTLS", "app_type": "non_interactive",
        "client_authentication_methods": {"tls_client_auth": {"credentials": [
            {"name": "gateway", "credential_type": "cert_subject_dn", "subject_dn": "C=US\nO=Acme\nCN=gw"}]}},
        "jwt_configuration": {"alg": "RS256"},
    })  # fmt: skip
    (dn,) = by_dn.json()["client_authentication_methods"]["tls_client_auth"]["credentials"]
    assert dn["subject_dn"] == "C=US\nO=Acme\nCN=gw" and "expires_at" not in dn
    plain = emulator.create_app("Switch me", unattached=[emulator.x509_body(7)])
    (cred_id,) = plain.credentials
    switched = await mgmt.patch(f"/api/v2/clients/{plain.client_id}", json={
        "token_endpoint_auth_method": None,
        "client_authentication_methods": {"self_signed_tls_client_auth": {"credentials": [{"id": cred_id}]}},
    })  # fmt: skip
    assert switched.status_code == 200
    assert plain.active_method == "self_signed_tls_client_auth"
