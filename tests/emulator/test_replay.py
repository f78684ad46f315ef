"""Replays of the recorded Auth0 exchanges in ``reference/auth0-recordings/``.

Each scenario follows one recording request by request (the ``#n`` comments are
the interaction ids) with keys and certificates generated at run time in place
of the recorded ones. For every response it asserts the recorded status code,
the keys present and absent, the recorded values that do not depend on the key
material, and the recorded order of keys in raw credential bodies.

Where a recording shows 2023 behaviour that Auth0 has since changed (``"expires_at":
null`` on GET, the older key order), the test asserts the current behaviour and
says so. Client bodies were re-serialised by the recorders (see the recordings'
README), so for them only the meaningful keys are checked: ``client_secret``,
``token_endpoint_auth_method``, ``client_authentication_methods``,
``signed_request_object``, ``token_vault_privileged_access``.

The 2026 terraform recordings (Token Vault twice, the global client, the list
filters) are replayed interaction by interaction, every one of them: status, the
credential fields of each client body (with Token Vault's recorded key order), each
credential body's keys, kid and name, and the rows of each list (each client's
method keys and secret as recorded). Credential lists are compared as sets: Auth0's
order is neither creation nor id order (decision 19).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from cryptography.x509.oid import NameOID

from credtui import keys
from tests import keyfactory
from tests.conftest import EmulatorHarness

CRED_PUBLIC_KEY = ["id", "credential_type", "kid", "alg", "name", "created_at", "updated_at"]
CRED_PUBLIC_KEY_EXP = [*CRED_PUBLIC_KEY, "expires_at"]
CRED_X509 = [
    "id",
    "credential_type",
    "name",
    "thumbprint_sha256",
    "created_at",
    "updated_at",
    "expires_at",
]
CRED_DN = ["id", "credential_type", "name", "subject_dn", "created_at", "updated_at"]
TF_DN = "C=es\nST=Madrid\nL=Madrid\nO=Okta\nOU=DX-CDT\nCN=Developer Experience"
REVERT = {"client_authentication_methods": None, "signed_request_object": None, "token_endpoint_auth_method": "client_secret_post"}  # fmt: skip
CRED_ID = re.compile(r"^cred_[1-9A-HJ-NP-Za-km-z]{22}$")
CLIENT_ID = re.compile(r"^[A-Za-z0-9]{32}$")


@dataclass
class Step:
    """One recorded interaction: what was sent, and what the answer must look like."""

    id: int
    method: str
    path: str
    body: Any = None
    status: int = 200
    keys: list[str] | None = None
    """Exact key order of a raw credential body (a list body: of each element)."""
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    equal: dict[str, Any] = field(default_factory=dict)
    """Dotted path -> value; ``{name}`` placeholders are filled from saved ids."""
    save: str | None = None
    order: dict[str, list[str]] = field(default_factory=dict)
    """Dotted path -> the exact key order of the object there (raw nested bodies)."""
    ids: list[str] | None = None
    """The ids of a list body, in any order (Auth0's credential order is unspecified)."""


def _sub(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        return re.sub(r"\{(\w+)\}", lambda m: names.get(m.group(1), m.group(0)), value)
    if isinstance(value, list):
        return [_sub(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _sub(v, names) for k, v in value.items()}
    return value


def _at(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


async def replay(mgmt: httpx.AsyncClient, steps: list[Step]) -> dict[str, str]:
    names: dict[str, str] = {}
    for step in steps:
        where = f"#{step.id} {step.method} {step.path}"
        body = _sub(step.body, names)
        r = await mgmt.request(step.method, _sub(step.path, names), json=body)
        assert r.status_code == step.status, f"{where}: {r.status_code} {r.text}"
        assert r.headers["content-type"] == "application/json; charset=utf-8", where
        if step.status == 204:
            assert r.content == b"", where
            continue
        data = r.json()
        if step.keys is not None:
            for item in data if isinstance(data, list) else [data]:
                assert list(item) == step.keys, f"{where}: {list(item)}"
        for key in step.present:
            assert key in data, f"{where}: {key} missing"
        for key in step.absent:
            assert key not in data, f"{where}: {key} present"
        for path, expected in step.equal.items():
            assert _at(data, path) == _sub(expected, names), f"{where}: {path}"
        for path, keys_ in step.order.items():
            assert list(_at(data, path)) == keys_, f"{where}: {path} order"
        if step.ids is not None:
            assert sorted(c["id"] for c in data) == sorted(_sub(step.ids, names)), where
        if step.save:
            names[step.save] = data["client_id"] if "client_id" in data else data["id"]
            assert (CLIENT_ID if "client_id" in data else CRED_ID).match(names[step.save])
    return names


def spki(index: int, bits: int = 2048) -> str:
    return keyfactory.spki_pem(keyfactory.rsa_key(bits, index))


def kid(index: int, bits: int = 2048) -> str:
    return keys.kid_for_public_key(keyfactory.rsa_key(bits, index).public_key())


def cert(index: int, not_after: datetime, subject: Any = keyfactory.DEFAULT_SUBJECT) -> str:
    c = keyfactory.self_signed_cert(
        keyfactory.rsa_key(2048, index),
        subject=subject,
        not_before=datetime(2023, 5, 16, tzinfo=UTC),
        not_after=not_after,
    )
    return keyfactory.cert_pem(c)


# --- go-auth0 (2023-2024) ---------------------------------------------------------


def go_create_client(name: str = "Test Client (Apr 18 14:44:24.784)") -> Step:
    """#0 of the go-auth0 credential recordings: a client with one inline public key."""
    return Step(0, "POST", "/api/v2/clients", {
        "name": name, "description": "This is just a test client.",
        "jwt_configuration": {"alg": "RS256"}, "organization_usage": "allow",
        "client_authentication_methods": {"private_key_jwt": {"credentials": [
            {"credential_type": "public_key", "name": "Test Credential (Apr 18 14:44:24.785)", "pem": spki(0, 4096)},
        ]}},
    }, 201, present=("client_id", "client_authentication_methods"),
        absent=("client_secret", "token_endpoint_auth_method"),
        equal={
            "client_authentication_methods.private_key_jwt.credentials.0.kid": kid(0, 4096),
            "client_authentication_methods.private_key_jwt.credentials.0.credential_type": "public_key",
            "client_authentication_methods.private_key_jwt.credentials.0.alg": "RS256",
            "client_authentication_methods.private_key_jwt.credentials.0.name": "Test Credential (Apr 18 14:44:24.785)",
        }, save="client")  # fmt: skip


def go_add_second_key(name: str = "Test Credential (Apr 18 14:44:26.350)") -> Step:
    # 2023 order was id,name,credential_type,kid,alg,...; Auth0 now sends the 2024+ order.
    return Step(1, "POST", "/api/v2/clients/{client}/credentials",
        {"credential_type": "public_key", "name": name, "pem": spki(1)}, 201,
        keys=CRED_PUBLIC_KEY, equal={"kid": kid(1), "alg": "RS256", "name": name}, save="second")  # fmt: skip


async def test_go_create_credential(mgmt: httpx.AsyncClient) -> None:
    await replay(mgmt, [
        go_create_client(),
        go_add_second_key(),
        Step(2, "DELETE", "/api/v2/clients/{client}/credentials/{second}", status=204),
        Step(3, "DELETE", "/api/v2/clients/{client}", status=204),
    ])  # fmt: skip


async def test_go_delete_credential_is_idempotent(mgmt: httpx.AsyncClient) -> None:
    await replay(mgmt, [
        go_create_client(),
        go_add_second_key(),
        Step(2, "DELETE", "/api/v2/clients/{client}/credentials/{second}", status=204),
        # #3: the SDK looked the credential id up as a client: 404 (recorded body mangled).
        Step(3, "GET", "/api/v2/clients/{second}", status=404,
             equal={"statusCode": 404, "message": "The client does not exist", "errorCode": "inexistent_client"}),
        Step(4, "DELETE", "/api/v2/clients/{client}/credentials/{second}", status=204),
        Step(5, "DELETE", "/api/v2/clients/{client}", status=204),
    ])  # fmt: skip


async def test_go_get_credential(mgmt: httpx.AsyncClient) -> None:
    await replay(mgmt, [
        go_create_client(),
        go_add_second_key(),
        # 2023 sent "expires_at": null here; 2025+ recordings omit the key, as we do.
        Step(2, "GET", "/api/v2/clients/{client}/credentials/{second}", keys=CRED_PUBLIC_KEY,
             absent=("expires_at",), equal={"id": "{second}", "kid": kid(1)}),
        Step(3, "DELETE", "/api/v2/clients/{client}/credentials/{second}", status=204),
        Step(4, "DELETE", "/api/v2/clients/{client}", status=204),
    ])  # fmt: skip


async def test_go_list_credentials(mgmt: httpx.AsyncClient) -> None:
    await replay(mgmt, [
        go_create_client(),
        go_add_second_key(),
        Step(2, "GET", "/api/v2/clients/{client}/credentials?include_totals=true&per_page=50",
             keys=CRED_PUBLIC_KEY, equal={"0.kid": kid(0, 4096), "1.kid": kid(1), "1.id": "{second}"}),
        Step(3, "DELETE", "/api/v2/clients/{client}/credentials/{second}", status=204),
        Step(4, "DELETE", "/api/v2/clients/{client}", status=204),
    ])  # fmt: skip


async def test_go_update_credential(emulator: EmulatorHarness, mgmt: httpx.AsyncClient) -> None:
    names = await replay(
        mgmt, [go_create_client(), go_add_second_key("Test Credential (May 16 10:57:30.373)")]
    )
    emulator.clock.advance(0.119)
    await replay(mgmt, [
        Step(2, "PATCH", f"/api/v2/clients/{names['client']}/credentials/{names['second']}",
             {"expires_at": "2023-05-16T11:07:30.535694+02:00"}, 200, keys=CRED_PUBLIC_KEY_EXP,
             equal={"expires_at": "2023-05-16T09:07:30.535Z", "name": "Test Credential (May 16 10:57:30.373)"}),
        Step(3, "DELETE", f"/api/v2/clients/{names['client']}/credentials/{names['second']}", status=204),
        Step(4, "DELETE", f"/api/v2/clients/{names['client']}", status=204),
    ])  # fmt: skip


async def test_go_create_all_credential_types(mgmt: httpx.AsyncClient) -> None:
    tls_subject = keyfactory.name(
        (NameOID.COUNTRY_NAME, "JP"), (NameOID.STATE_OR_PROVINCE_NAME, "Tokyo"),
        (NameOID.LOCALITY_NAME, "Chiyoda-ku"), (NameOID.ORGANIZATION_NAME, "Client"),
        (NameOID.COMMON_NAME, "client.example.org"),
    )  # fmt: skip
    expired = keyfactory.ca_signed_cert(
        subject=tls_subject,
        not_before=datetime(2019, 10, 28, tzinfo=UTC),
        not_after=datetime(2020, 10, 27, 8, 0, 0, tzinfo=UTC),
    )
    forever = cert(5, datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC))
    await replay(mgmt, [
        go_create_client(),
        Step(1, "POST", "/api/v2/clients/{client}/credentials",
             {"name": "Test Credential (Aug  6 16:14:43.277)", "credential_type": "public_key", "pem": spki(1)},
             201, keys=CRED_PUBLIC_KEY, equal={"kid": kid(1)}, save="pk"),
        Step(2, "DELETE", "/api/v2/clients/{client}/credentials/{pk}", status=204),
        Step(1, "POST", "/api/v2/clients/{client}/credentials",
             {"name": "Test Credential (Aug  6 16:14:46.012)", "credential_type": "x509_cert", "pem": forever},
             201, keys=CRED_X509, equal={
                 "expires_at": "9999-12-31T23:59:59.000Z",
                 "thumbprint_sha256": keys.inspect_pem(forever).thumbprint_sha256,
             }, save="x5"),
        Step(2, "DELETE", "/api/v2/clients/{client}/credentials/{x5}", status=204),
        Step(1, "POST", "/api/v2/clients/{client}/credentials",
             {"name": "Test Credential (Aug  6 16:14:44.633)", "credential_type": "cert_subject_dn",
              "pem": keyfactory.cert_pem(expired)},
             201, keys=CRED_DN,
             equal={"subject_dn": "C=JP\nST=Tokyo\nL=Chiyoda-ku\nO=Client\nCN=client.example.org"}, save="dn"),
        Step(2, "DELETE", "/api/v2/clients/{client}/credentials/{dn}", status=204),
        Step(3, "DELETE", "/api/v2/clients/{client}", status=204),
    ])  # fmt: skip


async def test_go_get_private_key_jwt(mgmt: httpx.AsyncClient) -> None:
    refresh = {"rotation_type": "non-rotating", "expiration_type": "non-expiring", "leeway": 0, "token_lifetime": 2592000, "infinite_token_lifetime": True, "infinite_idle_token_lifetime": True, "idle_token_lifetime": 1296000}  # fmt: skip
    names = await replay(mgmt, [
        Step(0, "POST", "/api/v2/clients", {
            "name": "Test Client (Aug  6 16:13:39.570)", "description": "This is just a test client.",
            "jwt_configuration": {"alg": "PS256"},
            "client_authentication_methods": {"private_key_jwt": {"credentials": [
                {"name": "Test Credential (Aug  6 16:13:39.570)", "credential_type": "public_key", "pem": spki(1)}]}},
            "require_pushed_authorization_requests": True, "compliance_level": "fapi1_adv_pkj_par",
        }, 201, absent=("client_secret",), equal={"jwt_configuration.alg": "PS256",
            "compliance_level": "fapi1_adv_pkj_par", "require_pushed_authorization_requests": True}, save="client"),
    ])  # fmt: skip
    r = await mgmt.get(f"/api/v2/clients/{names['client']}/credentials")
    names["cred"] = r.json()[0]["id"]
    await replay(mgmt, [
        Step(1, "PATCH", f"/api/v2/clients/{names['client']}", {
            "name": "Test Client (Aug  6 16:13:39.570)", "description": "This is just a test client.",
            "is_first_party": True, "is_token_endpoint_ip_header_trusted": False, "oidc_conformant": False,
            "jwt_configuration": {"alg": "RS256"}, "sso_disabled": False,
            "grant_types": ["authorization_code", "implicit", "refresh_token", "client_credentials"],
            "custom_login_page_on": True, "refresh_token": refresh,
            "client_authentication_methods": {"private_key_jwt": {"credentials": [{"id": names["cred"]}]}},
            "require_pushed_authorization_requests": False, "compliance_level": "fapi1_adv_mtls_par",
        }, 200, absent=("client_secret", "token_endpoint_auth_method"), equal={
            "client_authentication_methods": {"private_key_jwt": {"credentials": [{"id": names["cred"]}]}},
            "jwt_configuration.alg": "RS256", "jwt_configuration.secret_encoded": False,
            "compliance_level": "fapi1_adv_mtls_par", "require_pushed_authorization_requests": False,
        }),
        Step(2, "DELETE", f"/api/v2/clients/{names['client']}", status=204),
    ])  # fmt: skip


async def test_go_client_list_with_totals(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    names = await replay(mgmt, [
        Step(0, "POST", "/api/v2/clients", {"name": "Test Client (Jan 25 18:43:19.868)",
             "description": "This is just a test client.", "organization_usage": "allow"}, 201,
             equal={"jwt_configuration": {"secret_encoded": False, "lifetime_in_seconds": 36000},
                    "organization_usage": "allow", "is_first_party": True}, save="client"),
    ])  # fmt: skip
    r = await mgmt.get(
        "/api/v2/clients?fields=client_id&include_fields=true&include_totals=true&per_page=50"
    )
    assert r.status_code == 200
    body = r.json()
    assert list(body) == ["total", "start", "limit", "clients"]
    # + the management app and the global client (listed last, as recorded)
    assert (body["total"], body["start"], body["limit"]) == (3, 0, 50)
    assert body["clients"][1] == {"tenant": emulator.tenant.name, "client_id": names["client"]}
    await replay(mgmt, [Step(2, "DELETE", f"/api/v2/clients/{names['client']}", status=204)])


# --- terraform-provider-auth0 (2025-2026) -----------------------------------------


def tf_create(name: str, jwt_alg: bool = True) -> list[Step]:
    body: dict[str, Any] = {"name": name, "app_type": "non_interactive"}
    if jwt_alg:
        body["jwt_configuration"] = {"alg": "RS256"}
    body["token_endpoint_auth_method"] = "client_secret_post"
    secret = {"present": ("client_secret",), "absent": ("client_authentication_methods",)}
    return [
        Step(0, "POST", "/api/v2/clients", body, 201, equal={"token_endpoint_auth_method": "client_secret_post", "app_type": "non_interactive"}, save="client", **secret),  # type: ignore[arg-type]
        Step(1, "GET", "/api/v2/clients/{client}", equal={"token_endpoint_auth_method": "client_secret_post"}, **secret),  # type: ignore[arg-type]
        Step(2, "GET", "/api/v2/clients/{client}?fields=client_id&include_fields=true",
             present=("client_id",), absent=("name", "client_secret")),
    ]  # fmt: skip


def attached(method: str, *names: str) -> dict[str, Any]:
    return {
        "client_authentication_methods": {
            method: {"credentials": [{"id": "{" + n + "}"} for n in names]}
        }
    }


def tf_attach(i: int, method: str, *names: str) -> Step:
    return Step(i, "PATCH", "/api/v2/clients/{client}",
                {**attached(method, *names), "token_endpoint_auth_method": None},
                absent=("client_secret", "token_endpoint_auth_method"), equal=attached(method, *names))  # fmt: skip


def tf_read_attached(i: int, method: str, *names: str) -> Step:
    return Step(i, "GET", "/api/v2/clients/{client}", absent=("client_secret", "token_endpoint_auth_method"),
                equal=attached(method, *names))  # fmt: skip


def tf_revert(i: int) -> Step:
    return Step(i, "PATCH", "/api/v2/clients/{client}", REVERT, present=("client_secret",),
                absent=("client_authentication_methods", "signed_request_object"),
                equal={"token_endpoint_auth_method": "client_secret_post"})  # fmt: skip


def fields_read(i: int) -> Step:
    return Step(i, "GET", "/api/v2/clients/{client}?fields=client_id%2Capp_type&include_fields=true",
                equal={"app_type": "non_interactive"}, absent=("name",))  # fmt: skip


def get_cred(i: int, ref: str, keys_: list[str], **equal: Any) -> Step:
    return Step(i, "GET", "/api/v2/clients/{client}/credentials/{" + ref + "}", keys=keys_,
                equal={"id": "{" + ref + "}", **equal})  # fmt: skip


async def test_terraform_private_key_jwt_full_rotation(mgmt: httpx.AsyncClient) -> None:
    c1 = cert(11, datetime(2033, 5, 13, 9, 33, 13, tzinfo=UTC))
    c2 = cert(12, datetime(2033, 5, 13, 11, 29, 8, tzinfo=UTC))
    c3 = cert(13, datetime(2036, 6, 28, 11, 18, 10, tzinfo=UTC))
    c4 = cert(14, datetime(2036, 6, 28, 11, 18, 10, tzinfo=UTC))

    def new(i: int, n: int, pem: str, save: str, exp: str) -> Step:
        return Step(i, "POST", "/api/v2/clients/{client}/credentials",
                    {"name": f"Testing Credentials {n}", "credential_type": "public_key", "pem": pem,
                     "alg": "RS256", "parse_expiry_from_cert": True}, 201, keys=CRED_PUBLIC_KEY_EXP,
                    equal={"expires_at": exp, "kid": keys.inspect_pem(pem).kid}, save=save)  # fmt: skip

    pkj = "private_key_jwt"
    e1, e2, e34 = "2033-05-13T09:33:13.000Z", "2033-05-13T11:29:08.000Z", "2036-06-28T11:18:10.000Z"
    await replay(mgmt, [
        *tf_create("Acceptance Test - Client Credentials - TestAccClientCredentialsPrivateKeyJWTFullRotation"),
        new(3, 1, c1, "k1", e1),
        new(4, 2, c2, "k2", e2),
        fields_read(5),
        tf_attach(6, pkj, "k1", "k2"),
        tf_read_attached(7, pkj, "k1", "k2"),
        get_cred(8, "k1", CRED_PUBLIC_KEY_EXP, expires_at=e1),
        get_cred(9, "k2", CRED_PUBLIC_KEY_EXP, expires_at=e2),
        tf_read_attached(10, pkj, "k1", "k2"),
        tf_read_attached(11, pkj, "k1", "k2"),
        get_cred(12, "k1", CRED_PUBLIC_KEY_EXP),
        get_cred(13, "k2", CRED_PUBLIC_KEY_EXP),
        tf_read_attached(14, pkj, "k1", "k2"),
        tf_read_attached(15, pkj, "k1", "k2"),
        get_cred(16, "k1", CRED_PUBLIC_KEY_EXP),
        get_cred(17, "k2", CRED_PUBLIC_KEY_EXP),
        Step(18, "GET", "/api/v2/clients/{client}?fields=client_id&include_fields=true", present=("client_id",)),
        Step(19, "GET", "/api/v2/clients/{client}/credentials?include_totals=true&per_page=50", keys=CRED_PUBLIC_KEY_EXP),
        fields_read(20),
        tf_attach(21, pkj, "k2"),
        Step(22, "DELETE", "/api/v2/clients/{client}/credentials/{k1}", status=204),
        new(23, 3, c3, "k3", e34),
        fields_read(24),
        tf_attach(25, pkj, "k2", "k3"),
        fields_read(26),
        tf_attach(27, pkj, "k3"),
        Step(28, "DELETE", "/api/v2/clients/{client}/credentials/{k2}", status=204),
        new(29, 4, c4, "k4", e34),
        fields_read(30),
        tf_attach(31, pkj, "k3", "k4"),
        tf_read_attached(32, pkj, "k3", "k4"),
        get_cred(33, "k3", CRED_PUBLIC_KEY_EXP, name="Testing Credentials 3"),
        get_cred(34, "k4", CRED_PUBLIC_KEY_EXP, name="Testing Credentials 4"),
        tf_read_attached(35, pkj, "k3", "k4"),
        tf_read_attached(36, pkj, "k3", "k4"),
        get_cred(37, "k3", CRED_PUBLIC_KEY_EXP),
        get_cred(38, "k4", CRED_PUBLIC_KEY_EXP),
        fields_read(39),
        Step(40, "GET", "/api/v2/clients/{client}/credentials?include_totals=true&per_page=50",
             keys=CRED_PUBLIC_KEY_EXP, equal={"0.id": "{k3}", "1.id": "{k4}"}),
        fields_read(41),
        tf_revert(42),
        Step(43, "DELETE", "/api/v2/clients/{client}/credentials/{k3}", status=204),
        Step(44, "DELETE", "/api/v2/clients/{client}/credentials/{k4}", status=204),
        Step(45, "DELETE", "/api/v2/clients/{client}", status=204),
    ])  # fmt: skip


async def test_terraform_signed_request_object(mgmt: httpx.AsyncClient) -> None:
    c1 = cert(11, datetime(2033, 5, 13, 9, 33, 13, tzinfo=UTC))
    c2 = cert(12, datetime(2033, 5, 13, 11, 29, 8, tzinfo=UTC))
    sro = "signed_request_object"

    def sro_is(value: Any) -> dict[str, Any]:
        return {sro: value}

    def ref(*names: str) -> list[dict[str, str]]:
        return [{"id": "{" + n + "}"} for n in names]

    secret = ("client_secret",)
    await replay(mgmt, [
        *tf_create("Acceptance Test - Client Credentials - TestAccClientAuthenticationMethodsSignedRequestObject"),
        Step(3, "POST", "/api/v2/clients/{client}/credentials",
             {"name": "Testing Credentials 1", "credential_type": "public_key", "pem": c1, "alg": "RS256",
              "parse_expiry_from_cert": True}, 201, keys=CRED_PUBLIC_KEY_EXP,
             equal={"expires_at": "2033-05-13T09:33:13.000Z"}, save="k1"),
        fields_read(4),
        # JAR sits beside the secret: client_secret and token_endpoint_auth_method stay.
        Step(5, "PATCH", "/api/v2/clients/{client}", {sro: {"credentials": ref("k1"), "required": False}},
             present=secret, equal={**sro_is({"required": False, "credentials": ref("k1")}),
                                    "token_endpoint_auth_method": "client_secret_post"}),
        Step(6, "GET", "/api/v2/clients/{client}", present=secret,
             equal=sro_is({"required": False, "credentials": ref("k1")})),
        get_cred(7, "k1", CRED_PUBLIC_KEY_EXP),
        # #16: a merge, not a replace: the credential list is kept.
        Step(16, "PATCH", "/api/v2/clients/{client}", {sro: {"required": True}}, present=secret,
             equal=sro_is({"required": True, "credentials": ref("k1")})),
        Step(26, "GET", "/api/v2/clients/{client}/credentials?include_totals=true&per_page=50",
             keys=CRED_PUBLIC_KEY_EXP, equal={"0.id": "{k1}"}),
        # An attached JAR key cannot be deleted (facts 2.6); detach first.
        Step(26, "DELETE", "/api/v2/clients/{client}/credentials/{k1}", status=400,
             equal={"message": "Cannot delete credential still associated with a client"}),
        tf_revert(28),
        Step(29, "DELETE", "/api/v2/clients/{client}/credentials/{k1}", status=204),
        Step(31, "POST", "/api/v2/clients/{client}/credentials",
             {"name": "Testing Credentials 1", "credential_type": "public_key", "pem": c1, "alg": "RS256",
              "parse_expiry_from_cert": True}, 201, keys=CRED_PUBLIC_KEY_EXP,
             equal={"kid": keys.inspect_pem(c1).kid}, save="k1b"),
        Step(32, "POST", "/api/v2/clients/{client}/credentials",
             {"name": "Testing Credentials 2", "credential_type": "public_key", "pem": c2, "alg": "RS256",
              "parse_expiry_from_cert": False, "expires_at": "2095-05-13T09:33:13Z"}, 201,
             keys=CRED_PUBLIC_KEY_EXP, equal={"expires_at": "2095-05-13T09:33:13.000Z"}, save="k2"),
        Step(34, "PATCH", "/api/v2/clients/{client}", {sro: {"credentials": ref("k1b", "k2"), "required": True}},
             present=secret, equal=sro_is({"required": True, "credentials": ref("k1b", "k2")})),
        get_cred(36, "k1b", CRED_PUBLIC_KEY_EXP),
        get_cred(37, "k2", CRED_PUBLIC_KEY_EXP),
        Step(47, "PATCH", "/api/v2/clients/{client}/credentials/{k1b}", {"expires_at": "2050-05-13T09:33:13Z"},
             200, keys=CRED_PUBLIC_KEY_EXP, equal={"expires_at": "2050-05-13T09:33:13.000Z"}),
        tf_revert(62),
        Step(63, "DELETE", "/api/v2/clients/{client}/credentials/{k2}", status=204),
        Step(64, "DELETE", "/api/v2/clients/{client}/credentials/{k1b}", status=204),
        Step(66, "POST", "/api/v2/clients/{client}/credentials",
             {"name": "Testing Credentials 2", "credential_type": "public_key", "pem": c2, "alg": "RS256",
              "expires_at": "2095-05-13T09:33:13Z"}, 201, keys=CRED_PUBLIC_KEY_EXP, save="k2b"),
        Step(68, "PATCH", "/api/v2/clients/{client}", {sro: {"credentials": ref("k2b"), "required": True}},
             present=secret, equal=sro_is({"required": True, "credentials": ref("k2b")})),
        get_cred(70, "k2b", CRED_PUBLIC_KEY_EXP),
        tf_revert(80),
        Step(81, "DELETE", "/api/v2/clients/{client}/credentials/{k2b}", status=204),
        Step(83, "PATCH", "/api/v2/clients/{client}", {"token_endpoint_auth_method": "client_secret_basic"},
             present=secret, absent=(sro,), equal={"token_endpoint_auth_method": "client_secret_basic"}),
        Step(91, "PATCH", "/api/v2/clients/{client}", {"token_endpoint_auth_method": "client_secret_post"},
             present=secret, equal={"token_endpoint_auth_method": "client_secret_post"}),
        Step(93, "POST", "/api/v2/clients/{client}/credentials",
             {"name": "Testing Credentials 2", "credential_type": "public_key", "pem": c2, "alg": "RS256",
              "expires_at": "2095-05-13T09:33:13Z"}, 201, keys=CRED_PUBLIC_KEY_EXP, save="k2c"),
        # #95: no "required" sent on a fresh JAR config: none comes back.
        Step(95, "PATCH", "/api/v2/clients/{client}", {sro: {"credentials": ref("k2c")}},
             present=secret, equal=sro_is({"credentials": ref("k2c")})),
        get_cred(97, "k2c", CRED_PUBLIC_KEY_EXP),
        tf_revert(107),
        Step(108, "DELETE", "/api/v2/clients/{client}/credentials/{k2c}", status=204),
        Step(112, "DELETE", "/api/v2/clients/{client}", status=204),
    ])  # fmt: skip


async def test_terraform_tls_client_auth(mgmt: httpx.AsyncClient) -> None:
    leaf = keyfactory.cert_pem(keyfactory.ca_signed_cert())
    tls = "tls_client_auth"
    steps = [
        *tf_create("Acceptance Test - Client Credentials - TestAccClientAuthenticationMethodsTLSClientAuth", jwt_alg=False),
        Step(6, "GET", "/api/v2/clients/{client}/credentials?include_totals=true&per_page=50", equal={}),
        Step(7, "PATCH", "/api/v2/clients/{client}", {"token_endpoint_auth_method": "client_secret_post"},
             present=("client_secret",), equal={"jwt_configuration": {"secret_encoded": False, "lifetime_in_seconds": 36000}}),
        Step(13, "PATCH", "/api/v2/clients/{client}", {"token_endpoint_auth_method": "client_secret_post"}, present=("client_secret",)),
        Step(14, "PATCH", "/api/v2/clients/{client}", {
            "name": "Acceptance Test - Client Credentials - TestAccClientAuthenticationMethodsTLSClientAuth",
            "app_type": "non_interactive", "jwt_configuration": {"alg": "RS256"}},
             present=("client_secret",), equal={"jwt_configuration.alg": "RS256", "jwt_configuration.lifetime_in_seconds": 36000}),
        Step(17, "POST", "/api/v2/clients/{client}/credentials",
             {"name": "Testing Credentials 1", "credential_type": "cert_subject_dn", "pem": leaf}, 201,
             keys=CRED_DN, equal={"subject_dn": TF_DN}, save="d1"),
        tf_attach(19, tls, "d1"),
        get_cred(21, "d1", CRED_DN, subject_dn=TF_DN),
        tf_revert(31),
        Step(32, "DELETE", "/api/v2/clients/{client}/credentials/{d1}", status=204),
        Step(34, "POST", "/api/v2/clients/{client}/credentials",
             {"name": "Testing Credentials 1", "credential_type": "cert_subject_dn", "subject_dn": TF_DN}, 201,
             keys=CRED_DN, equal={"subject_dn": TF_DN}, save="d2"),
        tf_attach(36, tls, "d2"),
        get_cred(38, "d2", CRED_DN, subject_dn=TF_DN),
        tf_revert(48),
        Step(49, "DELETE", "/api/v2/clients/{client}/credentials/{d2}", status=204),
        Step(51, "PATCH", "/api/v2/clients/{client}", {"token_endpoint_auth_method": "client_secret_basic"},
             present=("client_secret",), equal={"token_endpoint_auth_method": "client_secret_basic"}),
        Step(59, "PATCH", "/api/v2/clients/{client}", {"token_endpoint_auth_method": "client_secret_post"}, present=("client_secret",)),
        Step(61, "POST", "/api/v2/clients/{client}/credentials",
             {"name": "Testing Credentials 1", "credential_type": "cert_subject_dn", "subject_dn": TF_DN}, 201,
             keys=CRED_DN, save="d3"),
        tf_attach(63, tls, "d3"),
        get_cred(65, "d3", CRED_DN),
        tf_revert(75),
        Step(76, "DELETE", "/api/v2/clients/{client}/credentials/{d3}", status=204),
        Step(80, "DELETE", "/api/v2/clients/{client}", status=204),
    ]  # fmt: skip
    await replay(mgmt, steps)


async def test_terraform_self_signed_tls_client_auth(mgmt: httpx.AsyncClient) -> None:
    pem = cert(15, datetime(2033, 5, 13, 9, 33, 13, tzinfo=UTC))
    thumb = keys.inspect_pem(pem).thumbprint_sha256
    ss = "self_signed_tls_client_auth"
    x509 = {"name": "Testing Credentials 1", "credential_type": "x509_cert", "pem": pem}
    exp = {"expires_at": "2033-05-13T09:33:13.000Z", "thumbprint_sha256": thumb}
    await replay(mgmt, [
        *tf_create("Acceptance Test - Client Credentials - TestAccClientAuthenticationMethodsSelfSignedTLSClientAuth", jwt_alg=False),
        Step(6, "GET", "/api/v2/clients/{client}/credentials?include_totals=true&per_page=50"),
        Step(7, "PATCH", "/api/v2/clients/{client}", {"token_endpoint_auth_method": "client_secret_post"}, present=("client_secret",)),
        Step(8, "PATCH", "/api/v2/clients/{client}", {
            "name": "Acceptance Test - Client Credentials - TestAccClientAuthenticationMethodsSelfSignedTLSClientAuth",
            "app_type": "non_interactive", "jwt_configuration": {"alg": "RS256"}}, present=("client_secret",)),
        Step(11, "POST", "/api/v2/clients/{client}/credentials", x509, 201, keys=CRED_X509, equal=exp, save="x1"),
        tf_attach(13, ss, "x1"),
        get_cred(15, "x1", CRED_X509, **exp),
        tf_revert(25),
        Step(26, "DELETE", "/api/v2/clients/{client}/credentials/{x1}", status=204),
        Step(28, "PATCH", "/api/v2/clients/{client}", {"token_endpoint_auth_method": "client_secret_basic"}, present=("client_secret",)),
        Step(36, "PATCH", "/api/v2/clients/{client}", {"token_endpoint_auth_method": "client_secret_post"}, present=("client_secret",)),
        Step(38, "POST", "/api/v2/clients/{client}/credentials", x509, 201, keys=CRED_X509, equal=exp, save="x2"),
        tf_attach(40, ss, "x2"),
        get_cred(42, "x2", CRED_X509, **exp),
        tf_revert(52),
        Step(53, "DELETE", "/api/v2/clients/{client}/credentials/{x2}", status=204),
        Step(57, "DELETE", "/api/v2/clients/{client}", status=204),
    ])  # fmt: skip


# --- ruby-auth0 (2021): the one cassette with every header ----------------------------


async def test_ruby_paginate_results_headers(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    for i in range(82):  # 84 with the management app and the global client, as recorded
        emulator.create_app(f"App {i:02d}")
    # The recording's Date header: Fri, 03 Sep 2021 20:16:18 GMT.
    emulator.clock.freeze(datetime(2021, 9, 3, 20, 16, 18, tzinfo=UTC))
    emulator.set_rate_limit("50/20")
    r = await mgmt.get("/api/v2/clients?fields=name&include_fields=true&page=0&per_page=1")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json; charset=utf-8"
    assert r.json() == [
        {"tenant": emulator.tenant.name, "name": "credtui Management API (emulator)"}
    ]
    base = f"{emulator.base_url}/api/v2/clients?fields=name&include_fields=true"
    assert r.headers["link"] == (
        f'<{base}&page=0&per_page=1>; rel="first", '
        f'<{base}&page=1&per_page=1>; rel="next", '
        f'<{base}&page=83&per_page=1>; rel="last"'
    )
    assert r.headers["x-ratelimit-limit"] == "50"
    assert r.headers["x-ratelimit-remaining"] == "49"
    assert r.headers["x-ratelimit-reset"] == "1630700179"


# --- terraform Token Vault (2026-08): the fifth slot, recorded -----------------------------

VAULT = "token_vault_privileged_access"
C = "/api/v2/clients/{client}"


def state(
    team: str | None = "client_secret_post",
    cam: dict[str, Any] | None = None,
    vault: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What a client body must show: the method keys, the secret (hidden while a
    credential method is on), and Token Vault with the recorded key order."""
    fields = {
        "token_endpoint_auth_method": team,
        "client_authentication_methods": cam,
        VAULT: vault,
    }
    secret = cam is None
    present = tuple(k for k, v in fields.items() if v is not None)
    absent = tuple(k for k, v in fields.items() if v is None)
    return {
        "present": present + (("client_secret",) if secret else ()),
        "absent": absent + (() if secret else ("client_secret",)),
        "equal": {k: v for k, v in fields.items() if v is not None},
        "order": {VAULT: ["credentials", "ip_allowlist", "grants"]} if vault else {},
    }


def id_read(i: int) -> Step:
    return Step(i, "GET", C + "?fields=client_id&include_fields=true", present=("client_id",),
                absent=("name", "client_secret"))  # fmt: skip


def cred_list(i: int, ids: list[str]) -> Step:
    return Step(i, "GET", C + "/credentials?include_totals=true&per_page=50",
                keys=CRED_PUBLIC_KEY, ids=ids)  # fmt: skip


def tv_key(i: int, name: str, pem: str, save: str, extra: dict[str, Any] | None = None) -> Step:
    body = {
        "name": name,
        "credential_type": "public_key",
        "pem": pem,
        "alg": "RS256",
        **(extra or {}),
    }
    return Step(i, "POST", C + "/credentials", body, 201, keys=CRED_PUBLIC_KEY,
                equal={"kid": keys.inspect_pem(pem).kid, "alg": "RS256", "name": name}, save=save)  # fmt: skip


def tv_certs() -> tuple[str, str]:
    """The recordings' two certificates (Madrid and Barcelona, to 2033), generated."""
    madrid = keyfactory.name(
        (NameOID.COUNTRY_NAME, "es"), (NameOID.STATE_OR_PROVINCE_NAME, "Madrid"),
        (NameOID.LOCALITY_NAME, "Madrid"), (NameOID.ORGANIZATION_NAME, "Okta"),
        (NameOID.ORGANIZATIONAL_UNIT_NAME, "DX-CDT"), (NameOID.COMMON_NAME, "Developer Experience"),
    )  # fmt: skip
    return (
        cert(21, datetime(2033, 5, 13, 9, 33, 13, tzinfo=UTC), madrid),
        cert(22, datetime(2033, 5, 13, 11, 29, 8, tzinfo=UTC)),
    )


async def test_terraform_token_vault_privileged_access(mgmt: httpx.AsyncClient) -> None:
    """Every interaction of ``TestAccClientCredentialsTokenVaultPrivilegedAccess.yaml``:
    attach, widen, add a second key, drop the first, ``[]`` echoed as ``[]``, ``null``
    detaches, delete after detach; the secret method untouched throughout."""
    c1, c2 = tv_certs()
    name = (
        "Acceptance Test - Client Credentials - TestAccClientCredentialsTokenVaultPrivilegedAccess"
    )
    X0 = state(team="client_secret_post", cam=None, vault=None)
    X1 = state(
        team="client_secret_post",
        cam=None,
        vault={
            "credentials": [{"id": "{k1}"}],
            "grants": [
                {
                    "connection": "google-oauth2",
                    "scopes": ["https://www.googleapis.com/auth/calendar.readonly"],
                }
            ],
            "ip_allowlist": ["10.0.0.1"],
        },
    )
    X2 = state(
        team="client_secret_post",
        cam=None,
        vault={
            "credentials": [{"id": "{k1}"}],
            "grants": [
                {"connection": "github", "scopes": ["repo"]},
                {
                    "connection": "google-oauth2",
                    "scopes": [
                        "https://www.googleapis.com/auth/calendar.events",
                        "https://www.googleapis.com/auth/calendar.readonly",
                    ],
                },
            ],
            "ip_allowlist": ["10.0.0.1", "192.168.1.0/24"],
        },
    )
    X3 = state(
        team="client_secret_post",
        cam=None,
        vault={
            "credentials": [{"id": "{k1}"}, {"id": "{k2}"}],
            "grants": [
                {"connection": "github", "scopes": ["repo"]},
                {
                    "connection": "google-oauth2",
                    "scopes": [
                        "https://www.googleapis.com/auth/calendar.events",
                        "https://www.googleapis.com/auth/calendar.readonly",
                    ],
                },
            ],
            "ip_allowlist": ["10.0.0.1", "192.168.1.0/24"],
        },
    )
    X4 = state(
        team="client_secret_post",
        cam=None,
        vault={
            "credentials": [{"id": "{k2}"}],
            "grants": [
                {"connection": "github", "scopes": ["repo"]},
                {
                    "connection": "google-oauth2",
                    "scopes": [
                        "https://www.googleapis.com/auth/calendar.events",
                        "https://www.googleapis.com/auth/calendar.readonly",
                    ],
                },
            ],
            "ip_allowlist": ["10.0.0.1", "192.168.1.0/24"],
        },
    )
    X5 = state(
        team="client_secret_post",
        cam=None,
        vault={"credentials": [{"id": "{k2}"}], "grants": [], "ip_allowlist": []},
    )
    X6 = state(
        team="client_secret_post",
        cam=None,
        vault={
            "credentials": [{"id": "{k3}"}],
            "grants": [
                {
                    "connection": "google-oauth2",
                    "scopes": ["https://www.googleapis.com/auth/calendar.readonly"],
                }
            ],
            "ip_allowlist": ["10.0.0.1"],
        },
    )
    await replay(mgmt, [
        *tf_create(name),
        Step(3, 'PATCH', C, {'token_endpoint_auth_method': 'client_secret_post'}, **X0),
        tv_key(4, 'Token Vault Credentials 1', c1, 'k1'),
        fields_read(5),
        Step(6, 'PATCH', C, {'token_vault_privileged_access': {'credentials': [{'id': '{k1}'}], 'grants': [{'connection': 'google-oauth2', 'scopes': ['https://www.googleapis.com/auth/calendar.readonly']}], 'ip_allowlist': ['10.0.0.1']}}, **X1),
        Step(7, 'GET', C, **X1),
        get_cred(8, 'k1', CRED_PUBLIC_KEY),
        Step(9, 'GET', C, **X1),
        Step(10, 'GET', C, **X1),
        get_cred(11, 'k1', CRED_PUBLIC_KEY),
        Step(12, 'GET', C, **X1),
        Step(13, 'GET', C, **X1),
        get_cred(14, 'k1', CRED_PUBLIC_KEY),
        id_read(15),
        fields_read(16),
        Step(17, 'PATCH', C, {'token_vault_privileged_access': {'credentials': [{'id': '{k1}'}], 'grants': [{'connection': 'github', 'scopes': ['repo']}, {'connection': 'google-oauth2', 'scopes': ['https://www.googleapis.com/auth/calendar.events', 'https://www.googleapis.com/auth/calendar.readonly']}], 'ip_allowlist': ['10.0.0.1', '192.168.1.0/24']}}, **X2),
        Step(18, 'GET', C, **X2),
        get_cred(19, 'k1', CRED_PUBLIC_KEY),
        Step(20, 'GET', C, **X2),
        Step(21, 'GET', C, **X2),
        get_cred(22, 'k1', CRED_PUBLIC_KEY),
        Step(23, 'GET', C, **X2),
        Step(24, 'GET', C, **X2),
        get_cred(25, 'k1', CRED_PUBLIC_KEY),
        id_read(26),
        cred_list(27, ['{k1}']),
        tv_key(28, 'Token Vault Credentials 2', c2, 'k2', {'parse_expiry_from_cert': False}),
        fields_read(29),
        Step(30, 'PATCH', C, {'token_vault_privileged_access': {'credentials': [{'id': '{k1}'}, {'id': '{k2}'}], 'grants': [{'connection': 'github', 'scopes': ['repo']}, {'connection': 'google-oauth2', 'scopes': ['https://www.googleapis.com/auth/calendar.events', 'https://www.googleapis.com/auth/calendar.readonly']}], 'ip_allowlist': ['10.0.0.1', '192.168.1.0/24']}}, **X3),
        fields_read(31),
        Step(32, 'PATCH', C, {'token_vault_privileged_access': {'credentials': [{'id': '{k2}'}], 'grants': [{'connection': 'github', 'scopes': ['repo']}, {'connection': 'google-oauth2', 'scopes': ['https://www.googleapis.com/auth/calendar.events', 'https://www.googleapis.com/auth/calendar.readonly']}], 'ip_allowlist': ['10.0.0.1', '192.168.1.0/24']}}, **X4),
        Step(33, 'DELETE', '/api/v2/clients/{client}/credentials/{k1}', status=204),
        Step(34, 'GET', C, **X4),
        get_cred(35, 'k2', CRED_PUBLIC_KEY),
        Step(36, 'GET', C, **X4),
        Step(37, 'GET', C, **X4),
        get_cred(38, 'k2', CRED_PUBLIC_KEY),
        Step(39, 'GET', C, **X4),
        Step(40, 'GET', C, **X4),
        get_cred(41, 'k2', CRED_PUBLIC_KEY),
        id_read(42),
        fields_read(43),
        Step(44, 'PATCH', C, {'token_vault_privileged_access': {'credentials': [{'id': '{k2}'}], 'grants': [], 'ip_allowlist': []}}, **X5),
        Step(45, 'GET', C, **X5),
        get_cred(46, 'k2', CRED_PUBLIC_KEY),
        Step(47, 'GET', C, **X5),
        Step(48, 'GET', C, **X5),
        get_cred(49, 'k2', CRED_PUBLIC_KEY),
        Step(50, 'GET', C, **X5),
        Step(51, 'GET', C, **X5),
        get_cred(52, 'k2', CRED_PUBLIC_KEY),
        id_read(53),
        fields_read(54),
        Step(55, 'PATCH', C, {'token_vault_privileged_access': None}, **X0),
        Step(56, 'DELETE', '/api/v2/clients/{client}/credentials/{k2}', status=204),
        Step(57, 'GET', C, **X0),
        Step(58, 'GET', C, **X0),
        Step(59, 'GET', C, **X0),
        Step(60, 'GET', C, **X0),
        Step(61, 'GET', C, **X0),
        id_read(62),
        cred_list(63, []),
        tv_key(64, 'Token Vault Credentials 1', c1, 'k3', {'parse_expiry_from_cert': False}),
        fields_read(65),
        Step(66, 'PATCH', C, {'token_vault_privileged_access': {'credentials': [{'id': '{k3}'}], 'grants': [{'connection': 'google-oauth2', 'scopes': ['https://www.googleapis.com/auth/calendar.readonly']}], 'ip_allowlist': ['10.0.0.1']}}, **X6),
        Step(67, 'GET', C, **X6),
        get_cred(68, 'k3', CRED_PUBLIC_KEY),
        Step(69, 'GET', C, **X6),
        Step(70, 'GET', C, **X6),
        get_cred(71, 'k3', CRED_PUBLIC_KEY),
        Step(72, 'GET', C, **X6),
        Step(73, 'GET', C, **X6),
        get_cred(74, 'k3', CRED_PUBLIC_KEY),
        fields_read(75),
        cred_list(76, ['{k3}']),
        fields_read(77),
        Step(78, 'PATCH', C, {'client_authentication_methods': None, 'token_endpoint_auth_method': 'client_secret_post'}, **X6),
        fields_read(79),
        Step(80, 'PATCH', C, {'token_vault_privileged_access': None}, **X0),
        Step(81, 'DELETE', '/api/v2/clients/{client}/credentials/{k3}', status=204),
        Step(82, 'GET', C, **X0),
        Step(83, 'GET', C, **X0),
        Step(84, 'GET', C, **X0),
        Step(85, 'DELETE', C, status=204),
    ])  # fmt: skip


async def test_terraform_token_vault_survives_an_auth_method_switch(
    mgmt: httpx.AsyncClient,
) -> None:
    """Every interaction of ``...TokenVaultPrivilegedAccessSurvivesAuthMethodSwitch.yaml``:
    Token Vault beside ``private_key_jwt`` (secret hidden), kept through the switch back
    to ``client_secret_post`` and the deletion of the Private Key JWT key."""
    c1, c2 = tv_certs()
    name = "Acceptance Test - Client Credentials - TestAccClientCredentialsTokenVaultPrivilegedAccessSurvivesAuthMethodSwitch"
    X0 = state(team="client_secret_post", cam=None, vault=None)
    X1 = state(team=None, cam={"private_key_jwt": {"credentials": [{"id": "{k1}"}]}}, vault=None)
    X2 = state(
        team=None,
        cam={"private_key_jwt": {"credentials": [{"id": "{k1}"}]}},
        vault={
            "credentials": [{"id": "{k2}"}],
            "grants": [
                {
                    "connection": "google-oauth2",
                    "scopes": ["https://www.googleapis.com/auth/calendar.readonly"],
                }
            ],
            "ip_allowlist": ["10.0.0.1"],
        },
    )
    X3 = state(
        team="client_secret_post",
        cam=None,
        vault={
            "credentials": [{"id": "{k2}"}],
            "grants": [
                {
                    "connection": "google-oauth2",
                    "scopes": ["https://www.googleapis.com/auth/calendar.readonly"],
                }
            ],
            "ip_allowlist": ["10.0.0.1"],
        },
    )
    await replay(mgmt, [
        *tf_create(name),
        tv_key(3, 'PKJWT Credentials', c1, 'k1'),
        fields_read(4),
        Step(5, 'PATCH', C, {'client_authentication_methods': {'private_key_jwt': {'credentials': [{'id': '{k1}'}]}}, 'token_endpoint_auth_method': None}, **X1),
        tv_key(6, 'Token Vault Credentials 1', c2, 'k2'),
        fields_read(7),
        Step(8, 'PATCH', C, {'token_vault_privileged_access': {'credentials': [{'id': '{k2}'}], 'grants': [{'connection': 'google-oauth2', 'scopes': ['https://www.googleapis.com/auth/calendar.readonly']}], 'ip_allowlist': ['10.0.0.1']}}, **X2),
        Step(9, 'GET', C, **X2),
        get_cred(10, 'k2', CRED_PUBLIC_KEY),
        get_cred(11, 'k1', CRED_PUBLIC_KEY),
        Step(12, 'GET', C, **X2),
        Step(13, 'GET', C, **X2),
        get_cred(14, 'k2', CRED_PUBLIC_KEY),
        get_cred(15, 'k1', CRED_PUBLIC_KEY),
        Step(16, 'GET', C, **X2),
        Step(17, 'GET', C, **X2),
        get_cred(18, 'k2', CRED_PUBLIC_KEY),
        get_cred(19, 'k1', CRED_PUBLIC_KEY),
        id_read(20),
        cred_list(21, ['{k1}', '{k2}']),
        fields_read(22),
        Step(23, 'PATCH', C, {'client_authentication_methods': None, 'token_endpoint_auth_method': 'client_secret_post'}, **X3),
        Step(24, 'DELETE', '/api/v2/clients/{client}/credentials/{k1}', status=204),
        Step(25, 'PATCH', C, {'token_endpoint_auth_method': 'client_secret_post'}, **X3),
        Step(26, 'GET', C, **X3),
        get_cred(27, 'k2', CRED_PUBLIC_KEY),
        Step(28, 'GET', C, **X3),
        Step(29, 'GET', C, **X3),
        get_cred(30, 'k2', CRED_PUBLIC_KEY),
        fields_read(31),
        cred_list(32, ['{k2}']),
        fields_read(33),
        Step(34, 'PATCH', C, {'client_authentication_methods': None, 'token_endpoint_auth_method': 'client_secret_post'}, **X3),
        fields_read(35),
        Step(36, 'PATCH', C, {'token_vault_privileged_access': None}, **X0),
        Step(37, 'DELETE', '/api/v2/clients/{client}/credentials/{k2}', status=204),
        Step(38, 'DELETE', C, status=204),
    ])  # fmt: skip


# --- terraform: the global client and the list filters (2026) -----------------------------

GLOBAL_LIST = "/api/v2/clients?fields=client_id&include_fields=true&include_totals=true&is_global=true&per_page=50"  # fmt: skip
GLOBAL = "/api/v2/clients/{global}"


async def test_terraform_global_client(emulator: EmulatorHarness, mgmt: httpx.AsyncClient) -> None:
    """Every interaction of ``TestAccGlobalClient.yaml``: the one ``is_global=true``
    answer, then PATCH and reads by id (a secret, no ``app_type``, no method key)."""
    found = [{"tenant": emulator.tenant.name, "client_id": "{global}"}]
    listed = {"total": 1, "start": 0, "limit": 50, "clients": found}
    page = await mgmt.get(GLOBAL_LIST)
    names = {"global": page.json()["clients"][0]["client_id"]}
    on = {"custom_login_page_on": True, "custom_login_page": "<html>TEST123</html>"}
    plain = ("client_secret",)
    none = ("app_type", "token_endpoint_auth_method", "client_authentication_methods")
    seen = {"name": "All Applications", "global": True, **on}
    off = {**seen, "custom_login_page_on": False}

    def read(i: int, equal: dict[str, Any]) -> Step:
        return Step(i, "GET", GLOBAL, present=plain, absent=none, equal=equal)

    steps = [
        Step(0, "GET", GLOBAL_LIST, equal=listed),
        Step(1, "PATCH", GLOBAL, on, present=plain, absent=none, equal=seen),
        read(2, seen), read(3, seen), read(4, seen),
        Step(5, "GET", GLOBAL_LIST, equal=listed),
        read(6, seen), read(7, seen), read(8, seen),
        Step(9, "PATCH", GLOBAL, {"custom_login_page_on": False}, present=plain, absent=none, equal=off),
        read(10, off), read(11, off),
    ]  # fmt: skip
    for step in steps:
        step.path = _sub(step.path, names)
        step.equal = _sub(step.equal, names)
    await replay(mgmt, steps)


def data_clients_tenant(emulator: EmulatorHarness) -> None:
    """The recorded tenant's other clients (``TestAccDataClients.yaml`` #10), by name and
    by the method keys and secret they were returned with."""
    emulator.create_app("API Explorer Application")
    for name in ("fedcm-F1-repro", "fedcm-F1-repro", "test client session transfer"):
        emulator.create_app(name, app_type=None, method=None)
    emulator.create_app(
        "cred-repro-client", method="private_key_jwt", credentials=[emulator.public_key_body(0)]
    )
    emulator.create_app("cred-limit-probe", method=None)


async def _check_rows(
    mgmt: httpx.AsyncClient, query: str, rows: list[tuple[str | None, str | None, bool, bool]]
) -> None:
    """Each listed client, in order: its name (None: the management app), its
    ``token_endpoint_auth_method``, whether it has ``client_authentication_methods``,
    whether its secret is shown."""
    body = (await mgmt.get(f"/api/v2/clients?{query}")).json()
    assert (body["total"], body["start"], body["limit"]) == (len(rows), 0, 100)
    got = [
        (
            c["name"],
            c.get("token_endpoint_auth_method"),
            "client_authentication_methods" in c,
            "client_secret" in c,
        )
        for c in body["clients"]
    ]
    want = [(MANAGEMENT if r[0] is None else r[0], *r[1:]) for r in rows]
    assert got == want, query


MANAGEMENT = "credtui Management API (emulator)"


async def test_terraform_data_clients(emulator: EmulatorHarness, mgmt: httpx.AsyncClient) -> None:
    """Every interaction of ``TestAccDataClients.yaml``: two clients created, read, then
    listed unfiltered (10, the global one last), by ``app_type=non_interactive`` (5) and
    by ``is_first_party=true`` (9), with each client's method keys and secret as recorded
    (three created without a method have neither key)."""
    data_clients_tenant(emulator)
    one: dict[str, Any]
    two: dict[str, Any]
    one = {"name": "Acceptance Test 1 - TestAccDataClients",
           "description": "Description for client 1 TestAccDataClients",
           "app_type": "non_interactive", "is_first_party": True,
           "token_endpoint_auth_method": "client_secret_post"}  # fmt: skip
    two = {"name": "Acceptance Test 2 - TestAccDataClients",
           "description": "Description for client 2 TestAccDataClients",
           "app_type": "spa", "is_first_party": False, "token_endpoint_auth_method": "none"}  # fmt: skip
    secret = ("client_secret", "token_endpoint_auth_method")
    post = {"token_endpoint_auth_method": "client_secret_post", "app_type": "non_interactive"}
    spa = {"token_endpoint_auth_method": "none", "app_type": "spa", "is_first_party": False}

    def read(i: int, who: str) -> Step:
        return Step(i, "GET", "/api/v2/clients/{" + who + "}", present=secret,
                    absent=("client_authentication_methods",), equal=post if who == "one" else spa)  # fmt: skip

    names = await replay(mgmt, [
        Step(0, "POST", "/api/v2/clients", one, 201, present=secret, equal=post, save="one"),
        read(1, "one"), read(2, "one"), read(3, "one"),
        Step(4, "POST", "/api/v2/clients", two, 201, present=secret, equal=spa, save="two"),
        read(5, "two"), read(6, "two"), read(7, "one"), read(8, "one"), read(9, "two"),
    ])  # fmt: skip
    everyone: list[tuple[str | None, str | None, bool, bool]] = [
        (None, "client_secret_post", False, True),
        ("API Explorer Application", "client_secret_post", False, True),
        ("fedcm-F1-repro", None, False, True),
        ("fedcm-F1-repro", None, False, True),
        ("test client session transfer", None, False, True),
        ("cred-repro-client", None, True, False),
        ("cred-limit-probe", None, False, True),
        (one["name"], "client_secret_post", False, True),
        (two["name"], "none", False, True),
        ("All Applications", None, False, True),
    ]
    m2m = [r for r in everyone if r[0] in (None, "API Explorer Application", "cred-repro-client",
                                           "cred-limit-probe", one["name"])]  # fmt: skip
    first_party = [r for r in everyone if r[0] != two["name"]]
    pages = "include_totals=true&page=0&per_page=100"
    lists = {
        "all": (pages, everyone),
        "m2m": (f"app_type=non_interactive&{pages}", m2m),
        "first": ("include_totals=true&is_first_party=true&page=0&per_page=100", first_party),
    }

    def get(i: int, who: str) -> Step:
        return Step(i, "GET", f"/api/v2/clients/{names[who]}", present=secret,
                    equal=post if who == "one" else spa)  # fmt: skip

    # In the recorded order: #10-#28 lists and reads, #29-#30 deletes.
    recorded: list[str | Step] = [
        "all", "all", get(12, "one"), get(13, "two"), "all", get(15, "two"), get(16, "one"),
        "m2m", "m2m", get(19, "two"), get(20, "one"), "m2m", get(22, "two"), get(23, "one"),
        "first", "first", get(26, "two"), get(27, "one"), "first",
        Step(29, "DELETE", f"/api/v2/clients/{names['one']}", status=204),
        Step(30, "DELETE", f"/api/v2/clients/{names['two']}", status=204),
    ]  # fmt: skip
    for item in recorded:
        if isinstance(item, str):
            await _check_rows(mgmt, *lists[item])
        else:
            await replay(mgmt, [item])
