"""``auth set|jar|binding``: the PATCH the tenant received, the warnings, and the refusals."""

from __future__ import annotations

import json

import pytest

from credtui.checks import check_auth_change
from credtui.errors import LocalValidationError
from credtui.models import Application, AuthChange, AuthMethod, Credential, Slot
from credtui.ops.changes import check_slot_credentials
from tests import keyfactory as kf
from tests.cli.conftest import Cli, Tenant, writes

SEED = "empty"  # every test here makes its own applications


def pk_body(index: int, name: str) -> dict[str, str]:
    return {
        "credential_type": "public_key",
        "name": name,
        "pem": kf.spki_pem(kf.rsa_key(2048, index)),
    }


def patches(tenant: Tenant, mark: int) -> list[object]:
    return [
        json.loads(str(e["body"])) for e in tenant.requests_since(mark) if e["method"] == "PATCH"
    ]


def test_set_switches_the_method_and_back(cli: Cli, tenant: Tenant) -> None:
    app = tenant.create_app("cli auth set")
    cred = tenant.api("POST", f"clients/{app}/credentials", pk_body(80, "k"))
    args = ["auth", "set", app, "--method", "private_key_jwt", "--credential", cred["id"], "--json"]
    mark = tenant.log_mark()
    refused = cli(*args)
    assert refused.code == 2 and refused.json()["sent"] is False
    assert refused.json()["effects"] == ["switches-method", "hides-client-secret"]
    assert writes(tenant.requests_since(mark)) == []
    done = cli(*args, "--allow-breaking")
    assert done.code == 0, done.err
    data = done.json()
    assert data["auth_method"] == "private_key_jwt"
    assert data["method_credentials"] == {"private_key_jwt": [cred["id"]]}
    assert any("client secret" in w for w in data["warnings"])
    assert "warning:" in done.err
    client = tenant.api("GET", f"clients/{app}")
    assert client["client_authentication_methods"]["private_key_jwt"]["credentials"] == [
        {"id": cred["id"]}
    ]
    back = cli("auth", "set", app, "--method", "client_secret_basic", "--allow-breaking")
    assert back.code == 0, back.err
    assert "method:" in back.out and "client_secret_basic" in back.out
    assert (
        tenant.api("GET", f"clients/{app}")["token_endpoint_auth_method"] == "client_secret_basic"
    )


def test_set_refuses_what_the_method_cannot_take(cli: Cli, tenant: Tenant) -> None:
    app = tenant.create_app("cli auth refuse")
    cred = tenant.api("POST", f"clients/{app}/credentials", pk_body(81, "k"))
    with pytest.raises(LocalValidationError) as secret_with_creds:
        check_auth_change(AuthChange(method=AuthMethod.CLIENT_SECRET_POST, credential_ids=("x",)))
    # The TUI's method form, asked the same question, must refuse with the same words.
    with pytest.raises(LocalValidationError) as wrong_type:
        check_slot_credentials(
            Application("c", "App"), Slot.TLS_CLIENT_AUTH, [cred["id"]], [Credential.from_api(cred)]
        )
    cases = [
        (["--method", "tls_client_auth", "--credential", cred["id"]],
         wrong_type.value.message.rstrip(".")),
        (["--method", "private_key_jwt", "--credential", "cred_nope"], "has no credential cred_nope"),
        (["--method", "client_secret_post", "--credential", "x"],
         secret_with_creds.value.message.rstrip(".")),
    ]  # fmt: skip
    for args, words in cases:
        mark = tenant.log_mark()
        done = cli("auth", "set", app, *args)
        assert done.code == 2, done.err
        assert words in done.err
        assert patches(tenant, mark) == []


def test_jar_and_binding(cli: Cli, tenant: Tenant) -> None:
    app = tenant.create_app("cli jar")
    cred = tenant.api("POST", f"clients/{app}/credentials", pk_body(82, "jar"))
    mark = tenant.log_mark()
    jar = cli("auth", "jar", app, "--required", "--credential", cred["id"], "--json")
    assert jar.code == 0, jar.err
    assert jar.json()["jar_required"] is True
    assert jar.json()["jar_credential_ids"] == [cred["id"]]
    assert patches(tenant, mark) == [
        {"signed_request_object": {"required": True, "credentials": [{"id": cred["id"]}]}}
    ]
    off = cli("auth", "jar", app, "--not-required", "--json")
    assert off.json()["jar_required"] is False and off.json()["jar_credential_ids"] == [cred["id"]]
    on = cli("auth", "binding", app, "--on", "--json")
    assert on.code == 0, on.err
    assert on.json()["token_binding"] is True
    assert any("mTLS" in w for w in on.json()["warnings"])
    assert tenant.api("GET", f"clients/{app}")["access_token"] == {
        "tls_client_certificate_binding": True
    }
    assert cli("auth", "binding", app).code == 2  # --on or --off is required
