"""``/oauth/token`` (secret, Private Key JWT, mTLS) and the Management API's bearer-token rules."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx
import jwt
import pytest
from cryptography.x509.oid import NameOID

from credtui import keys
from tests import keyfactory
from tests.conftest import EmulatorHarness

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


async def post_token(
    emulator: EmulatorHarness, data: dict[str, str], **kwargs: Any
) -> httpx.Response:
    async with emulator.http() as http:
        return await http.post("/oauth/token", data=data, **kwargs)


def audience(emulator: EmulatorHarness) -> str:
    return f"{emulator.base_url}/api/v2/"


# --- client secrets ---------------------------------------------------------------


async def test_client_secret_post_issues_a_management_token_with_auth0_claims(
    emulator: EmulatorHarness,
) -> None:
    r = await post_token(emulator, {
        "grant_type": "client_credentials", "client_id": emulator.client_id,
        "client_secret": emulator.client_secret, "audience": audience(emulator),
    })  # fmt: skip
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert list(body) == ["access_token", "scope", "expires_in", "token_type"]
    assert (body["expires_in"], body["token_type"]) == (86400, "Bearer")
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["iss"] == f"{emulator.base_url}/"
    assert claims["sub"] == f"{emulator.client_id}@clients"
    assert claims["aud"] == audience(emulator)
    assert claims["azp"] == emulator.client_id
    assert claims["gty"] == "client-credentials"
    assert claims["exp"] - claims["iat"] == 86400
    assert "read:client_credentials" in claims["scope"].split()
    # It works on the Management API, and the JWKS verifies it.
    async with emulator.http() as http:
        jwks = (await http.get("/.well-known/jwks.json")).json()
        ok = await http.get(
            "/api/v2/clients", headers={"Authorization": f"Bearer {body['access_token']}"}
        )
    assert ok.status_code == 200
    key = jwt.PyJWK(jwks["keys"][0]).key
    jwt.decode(body["access_token"], key, algorithms=["RS256"], audience=audience(emulator))


async def test_tenant_domain_audience_and_json_body_are_accepted(emulator: EmulatorHarness) -> None:
    async with emulator.http() as http:
        r = await http.post("/oauth/token", json={
            "grant_type": "client_credentials", "client_id": emulator.client_id,
            "client_secret": emulator.client_secret,
            "audience": f"https://{emulator.tenant.domain}/api/v2/",
        })  # fmt: skip
    assert r.status_code == 200


async def test_client_secret_basic_only_for_a_basic_client(emulator: EmulatorHarness) -> None:
    app = emulator.create_app(method="client_secret_basic", grant_scopes=["read:clients"])
    basic = base64.b64encode(f"{app.client_id}:{app.client_secret}".encode()).decode()
    ok = await post_token(emulator, {"grant_type": "client_credentials", "audience": audience(emulator)},
                          headers={"Authorization": f"Basic {basic}"})  # fmt: skip
    assert ok.status_code == 200
    assert (
        jwt.decode(ok.json()["access_token"], options={"verify_signature": False})["scope"]
        == "read:clients"
    )
    as_post = await post_token(emulator, {
        "grant_type": "client_credentials", "client_id": app.client_id,
        "client_secret": app.client_secret, "audience": audience(emulator),
    })  # fmt: skip
    assert as_post.status_code == 401
    assert as_post.json() == {"error": "access_denied", "error_description": "Unauthorized"}


async def test_wrong_secret_and_unknown_client_are_unauthorized(emulator: EmulatorHarness) -> None:
    for client_id, secret in ((emulator.client_id, "nope"), ("x" * 32, "nope")):
        r = await post_token(emulator, {
            "grant_type": "client_credentials", "client_id": client_id,
            "client_secret": secret, "audience": audience(emulator),
        })  # fmt: skip
        assert r.status_code == 401
        assert r.json() == {"error": "access_denied", "error_description": "Unauthorized"}


async def test_audience_grant_and_grant_type_rules(emulator: EmulatorHarness) -> None:
    base = {
        "grant_type": "client_credentials",
        "client_id": emulator.client_id,
        "client_secret": emulator.client_secret,
    }
    no_aud = await post_token(emulator, base)
    assert (no_aud.status_code, no_aud.json()["error"]) == (403, "access_denied")
    other = await post_token(emulator, {**base, "audience": "https://api.example.com/"})
    assert other.json()["error_description"] == "Service not found: https://api.example.com/"
    no_grant = emulator.create_app("No grant")
    r = await post_token(emulator, {**base, "client_id": no_grant.client_id,
                                    "client_secret": no_grant.client_secret, "audience": audience(emulator)})  # fmt: skip
    assert r.status_code == 403
    assert r.json()["error_description"].startswith(
        f'Client is not authorized to access "{audience(emulator)}"'
    )
    spa = emulator.create_app(
        "SPA", app_type="spa", method="none", extra={"grant_types": ["authorization_code"]}
    )
    r = await post_token(
        emulator,
        {
            "grant_type": "client_credentials",
            "client_id": spa.client_id,
            "audience": audience(emulator),
        },
    )
    assert r.status_code == 403
    assert r.json() == {
        "error": "unauthorized_client",
        "error_description": "Grant type 'client_credentials' not allowed for the client.",
    }
    password = await post_token(emulator, {**base, "grant_type": "password"})
    assert password.json()["error"] == "unsupported_grant_type"


async def test_scope_parameter_narrows_the_grant(emulator: EmulatorHarness) -> None:
    r = await post_token(emulator, {
        "grant_type": "client_credentials", "client_id": emulator.client_id,
        "client_secret": emulator.client_secret, "audience": audience(emulator),
        "scope": "read:clients read:nothing",
    })  # fmt: skip
    assert r.json()["scope"] == "read:clients"


# --- Private Key JWT ---------------------------------------------------------------


@pytest.fixture
def pkj(emulator: EmulatorHarness) -> Any:
    """A Private Key JWT app with keys 0 (attached), 1 (attached, RS384), 2 (not attached)."""
    return emulator.create_app(
        "PKJ service",
        method="private_key_jwt",
        credentials=[emulator.public_key_body(0), emulator.public_key_body(1, alg="RS384")],
        unattached=[emulator.public_key_body(2)],
        grant_scopes=["read:clients"],
    )


async def assertion_token(
    emulator: EmulatorHarness, assertion: str, **extra: str
) -> httpx.Response:
    return await post_token(emulator, {
        "grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
        "client_assertion": assertion, "audience": audience(emulator), **extra,
    })  # fmt: skip


def sign(client_id: str, index: int = 0, **kwargs: Any) -> str:
    kwargs.setdefault("audience", "http://127.0.0.1:8765/")
    return keys.sign_client_assertion(
        keyfactory.rsa_key(2048, index), client_id=client_id, **kwargs
    )


async def test_private_key_jwt_with_either_attached_key(
    emulator: EmulatorHarness, pkj: Any
) -> None:
    assert (await assertion_token(emulator, sign(pkj.client_id, 0))).status_code == 200
    kid1 = keys.kid_for_public_key(keyfactory.rsa_key(2048, 1).public_key())
    r = await assertion_token(
        emulator, sign(pkj.client_id, 1, alg="RS384", kid=kid1), client_id=pkj.client_id
    )
    assert r.status_code == 200
    claims = jwt.decode(r.json()["access_token"], options={"verify_signature": False})
    assert claims["sub"] == f"{pkj.client_id}@clients"


@pytest.mark.parametrize(
    ("label", "make"),
    [
        ("unattached key", lambda cid: sign(cid, 2)),
        ("unknown key", lambda cid: sign(cid, 3)),
        ("alg differs from the credential", lambda cid: sign(cid, 0, alg="PS256")),
        ("kid names another key", lambda cid: sign(cid, 0, kid="a" * 20)),
        (
            "token endpoint as aud",
            lambda cid: sign(cid, 0, audience="http://127.0.0.1:8765/oauth/token"),
        ),
        ("exp too far ahead", lambda cid: sign(cid, 0, lifetime_seconds=600, enforce_limits=False)),
        (
            "already expired",
            lambda cid: sign(cid, 0, now=datetime.now(UTC) - timedelta(minutes=10)),
        ),
        ("iss is another client", lambda cid: sign("x" * 32, 0)),
        ("oversized", lambda cid: sign(cid, 0, jti="j" * 2100, enforce_limits=False)),
        ("not a JWT", lambda cid: "not-a-jwt"),
    ],
)
async def test_private_key_jwt_refusals(
    emulator: EmulatorHarness, pkj: Any, label: str, make: Any
) -> None:
    r = await assertion_token(emulator, make(pkj.client_id))
    assert r.status_code == 401, label
    assert r.json()["error"] == "access_denied"
    assert r.json()["error_description"]


async def test_private_key_jwt_jti_is_single_use(emulator: EmulatorHarness, pkj: Any) -> None:
    assertion = sign(pkj.client_id, 0)
    assert (await assertion_token(emulator, assertion)).status_code == 200
    again = await assertion_token(emulator, assertion)
    assert again.status_code == 401
    assert "jti" in again.json()["error_description"]


async def test_private_key_jwt_expired_credential_is_inoperable(emulator: EmulatorHarness) -> None:
    app = emulator.create_app(
        method="private_key_jwt",
        credentials=[emulator.public_key_body(0, expires_at="2030-01-01T00:00:00Z")],
        grant_scopes=["read:clients"],
    )
    assert (await assertion_token(emulator, sign(app.client_id, 0))).status_code == 200
    emulator.clock.freeze(datetime(2030, 1, 1, 0, 0, 1, tzinfo=UTC))
    later = sign(app.client_id, 0, now=emulator.clock.now())
    assert (await assertion_token(emulator, later)).status_code == 401


async def test_private_key_jwt_needs_the_method_enabled(emulator: EmulatorHarness) -> None:
    app = emulator.create_app(
        unattached=[emulator.public_key_body(0)], grant_scopes=["read:clients"]
    )
    r = await assertion_token(emulator, sign(app.client_id, 0))
    assert r.status_code == 401


# --- mTLS --------------------------------------------------------------------------


def cert_header(cert: Any) -> str:
    return quote(keyfactory.cert_pem(cert), safe="")


async def mtls_token(
    emulator: EmulatorHarness, client_id: str, cert: Any, verified: str
) -> httpx.Response:
    return await post_token(
        emulator,
        {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "audience": audience(emulator),
        },
        headers={
            "client-certificate": cert_header(cert),
            "client-certificate-ca-verified": verified,
        },
    )


async def test_tls_client_auth_matches_the_subject_dn(emulator: EmulatorHarness) -> None:
    app = emulator.create_app(
        method="tls_client_auth",
        credentials=[emulator.subject_dn_body()],
        grant_scopes=["read:clients"],
    )
    leaf = keyfactory.ca_signed_cert()  # subject = the facts sheet's DN
    assert (await mtls_token(emulator, app.client_id, leaf, "SUCCESS")).status_code == 200
    other = keyfactory.ca_signed_cert(
        subject=keyfactory.name((NameOID.COMMON_NAME, "someone else"))
    )
    assert (await mtls_token(emulator, app.client_id, other, "SUCCESS")).status_code == 401
    # A self-signed certificate (the edge says FAILED) does not use tls_client_auth.
    assert (
        await mtls_token(emulator, app.client_id, leaf, "FAILED: self signed certificate")
    ).status_code == 401


async def test_self_signed_tls_client_auth_matches_the_thumbprint_and_binds(
    emulator: EmulatorHarness,
) -> None:
    body = emulator.x509_body(4)
    app = emulator.create_app(
        method="self_signed_tls_client_auth", credentials=[body], grant_scopes=["read:clients"],
        extra={"access_token": {"tls_client_certificate_binding": True}},
    )  # fmt: skip
    cert = keyfactory.self_signed_cert(keyfactory.rsa_key(2048, 4))
    emulator.clock.freeze(datetime(2026, 6, 1, tzinfo=UTC))
    # The same key in a different certificate has a different thumbprint: refused.
    assert (await mtls_token(emulator, app.client_id, cert, "FAILED")).status_code == 401
    from cryptography import x509 as x509mod

    registered = x509mod.load_pem_x509_certificate(body["pem"].encode())
    r = await mtls_token(emulator, app.client_id, registered, "FAILED: self signed certificate")
    assert r.status_code == 200
    claims = jwt.decode(r.json()["access_token"], options={"verify_signature": False})
    (cred,) = app.credentials.values()
    assert claims["cnf"] == {"x5t#S256": cred.thumbprint_sha256}


# --- bearer tokens on the Management API -----------------------------------------------


async def test_missing_token(emulator: EmulatorHarness) -> None:
    async with emulator.http() as http:
        r = await http.get("/api/v2/clients")
    assert r.status_code == 401
    assert r.json() == {
        "statusCode": 401,
        "error": "Unauthorized",
        "message": "Missing authentication",
    }
    assert r.headers["www-authenticate"] == "Bearer"


async def test_malformed_header_and_invalid_tokens(emulator: EmulatorHarness) -> None:
    async with emulator.http() as http:
        bad_format = await http.get("/api/v2/clients", headers={"Authorization": "Bearer a b"})
        garbage = await http.get("/api/v2/clients", headers={"Authorization": "Bearer garbage"})
        forged_key = keyfactory.rsa_key(2048, 5)
        forged = jwt.encode(
            {"aud": audience(emulator), "exp": 4102444800, "scope": "read:clients"},
            forged_key,
            algorithm="RS256",
        )
        bad_sig = await http.get("/api/v2/clients", headers={"Authorization": f"Bearer {forged}"})
    assert bad_format.json() == {
        "statusCode": 400, "error": "Bad Request",
        "message": "Bad HTTP authentication header format", "errorCode": "Bearer",
    }  # fmt: skip
    assert garbage.json() == {
        "statusCode": 401, "error": "Unauthorized", "message": "Invalid token",
        "attributes": {"error": "Invalid token"},
    }  # fmt: skip
    assert bad_sig.status_code == 401
    assert bad_sig.json()["message"] == "Invalid signature received for JSON Web Token validation"


async def test_expired_token(emulator: EmulatorHarness) -> None:
    headers = emulator.auth_headers()
    emulator.clock.advance(86400 + 1)
    async with emulator.http() as http:
        r = await http.get("/api/v2/clients", headers=headers)
    assert r.status_code == 401
    message = "Expired token received for JSON Web Token validation"
    assert r.json() == {
        "statusCode": 401,
        "error": "Unauthorized",
        "message": message,
        "attributes": {"error": message},
    }


@pytest.mark.parametrize(
    ("method", "path", "scope"),
    [
        ("GET", "/api/v2/clients/{c}/credentials", "read:client_credentials"),
        ("POST", "/api/v2/clients/{c}/credentials", "create:client_credentials"),
        ("GET", "/api/v2/clients/{c}/credentials/{k}", "read:client_credentials"),
        ("PATCH", "/api/v2/clients/{c}/credentials/{k}", "update:client_credentials"),
        ("DELETE", "/api/v2/clients/{c}/credentials/{k}", "delete:client_credentials"),
        ("POST", "/api/v2/clients", "create:clients"),
        ("DELETE", "/api/v2/clients/{c}", "delete:clients"),
        (
            "GET",
            "/api/v2/clients",
            "read:clients, read:client_keys, read:client_credentials, read:client_summary",
        ),
    ],
)
async def test_insufficient_scope_names_the_scopes(
    emulator: EmulatorHarness, method: str, path: str, scope: str
) -> None:
    app = emulator.create_app(unattached=[emulator.public_key_body(0)])
    (cred_id,) = app.credentials
    weak = emulator.management_app(["read:stats"])
    async with emulator.http(headers=emulator.auth_headers(weak.client_id)) as http:
        r = await http.request(method, path.format(c=app.client_id, k=cred_id), json={})
    assert r.status_code == 403
    assert r.json() == {
        "statusCode": 403,
        "error": "Forbidden",
        "message": f"Insufficient scope, expected any of: {scope}",
        "errorCode": "insufficient_scope",
    }
    assert cred_id in app.credentials and emulator.tenant.get_client(app.client_id) is not None


async def test_reading_secrets_needs_key_scopes(emulator: EmulatorHarness) -> None:
    app = emulator.create_app()
    reader = emulator.management_app(["read:clients"])
    async with emulator.http(headers=emulator.auth_headers(reader.client_id)) as http:
        plain = (await http.get(f"/api/v2/clients/{app.client_id}")).json()
        asked = await http.get(
            f"/api/v2/clients/{app.client_id}", params={"fields": "client_secret,name"}
        )
    assert "client_secret" not in plain and plain["name"] == "Test application"
    assert asked.status_code == 403
    assert asked.json()["message"] == "You cannot read the following fields: client_secret"


async def test_attaching_needs_update_client_credentials(emulator: EmulatorHarness) -> None:
    app = emulator.create_app(unattached=[emulator.public_key_body(0)])
    (cred_id,) = app.credentials
    updater = emulator.management_app(["update:clients"])
    async with emulator.http(headers=emulator.auth_headers(updater.client_id)) as http:
        renamed = await http.patch(f"/api/v2/clients/{app.client_id}", json={"name": "Renamed"})
        attach = await http.patch(f"/api/v2/clients/{app.client_id}", json={
            "client_authentication_methods": {"private_key_jwt": {"credentials": [{"id": cred_id}]}},
            "token_endpoint_auth_method": None,
        })  # fmt: skip
    assert renamed.status_code == 200
    assert attach.status_code == 403
    assert (
        attach.json()["message"] == "Insufficient scope, expected any of: update:client_credentials"
    )
    assert app.auth_methods is None
