"""``auth vault``: Token Vault privileged access keys, planned like every change.

Against a real ``credtui emulator``; the command runs in this process (``run_in_process``)
so each case costs one exchange with the tenant, not a Python start.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests import keyfactory as kf
from tests.cli.conftest import Cli, Result, Tenant, run_in_process, writes

SEED = "empty"  # every test here makes its own applications

SLOT = "token_vault_privileged_access"
SETTINGS = {
    "ip_allowlist": ["10.0.0.1", "192.168.1.0/24"],
    "grants": [{"connection": "github", "scopes": ["repo", "read:user"]}],
}


def run(cli: Cli, capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    return run_in_process([*args, "--config", str(cli.config)], capsys)


def public_key(tenant: Tenant, app: str, index: int, name: str) -> str:
    body = {"credential_type": "public_key", "name": name,
            "pem": kf.spki_pem(kf.rsa_key(2048, index))}  # fmt: skip
    return str(tenant.api("POST", f"clients/{app}/credentials", body)["id"])


def vault_app(tenant: Tenant, name: str, *attached: str, index: int) -> tuple[str, list[str]]:
    """An application with two public keys, ``attached`` (by position) on Token Vault with
    an ip_allowlist and grants."""
    app = tenant.create_app(name)
    keys = [public_key(tenant, app, index + i, f"vault-{i}") for i in range(2)]
    if attached:
        refs = [{"id": keys[int(i)]} for i in attached]
        tenant.api("PATCH", f"clients/{app}", {SLOT: {"credentials": refs, **SETTINGS}})
    return app, keys


def patches(tenant: Tenant, mark: int) -> list[Any]:
    return [json.loads(str(e["body"])) for e in tenant.requests_since(mark)
            if e["method"] == "PATCH"]  # fmt: skip


def held(tenant: Tenant, app: str) -> Any:
    return tenant.api("GET", f"clients/{app}").get(SLOT)


def test_vault_attaches_a_key_and_shows_the_settings(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    app, (first, second) = vault_app(tenant, "vault attach", "0", index=90)
    mark = tenant.log_mark()
    done = run(cli, capsys, "auth", "vault", app, "--credential", first, "--credential", second,
               "--json")  # fmt: skip
    assert done.code == 0, done.err
    data = done.json()
    assert data["token_vault_credential_ids"] == [first, second]
    assert data["token_vault_ip_allowlist"] == SETTINGS["ip_allowlist"]
    assert data["token_vault_grants"] == SETTINGS["grants"]
    assert data["sent"] is True and data["effects"] == []
    assert data["plan"]["after"]["credentials"][SLOT] == [first, second]
    # Only the keys are sent; the tenant keeps its allowlist and grants.
    assert patches(tenant, mark) == [{SLOT: {"credentials": [{"id": first}, {"id": second}]}}]
    assert held(tenant, app) == {"credentials": [{"id": first}, {"id": second}], **SETTINGS}

    shown = run(cli, capsys, "auth", "show", app)
    assert shown.code == 0, shown.err
    text = " ".join(shown.out.split())
    assert f"Token Vault credentials: {first}, {second}" in text
    assert "Token Vault IP allowlist: 10.0.0.1, 192.168.1.0/24" in text
    assert "Token Vault grants: github: repo, read:user" in text
    as_json = run(cli, capsys, "auth", "show", app, "--json").json()
    assert as_json["token_vault_grants"] == SETTINGS["grants"]
    assert as_json["jar_credential_ids"] == []  # the fields before stay as they were


def test_vault_attaches_to_an_application_without_it(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    app, (key, _) = vault_app(tenant, "vault first key", index=92)
    done = run(cli, capsys, "auth", "vault", app, "--credential", key)
    assert done.code == 0, done.err
    assert held(tenant, app) == {"credentials": [{"id": key}]}
    text = " ".join(done.out.split())
    assert f"Token Vault credentials: {key}" in text
    assert "Token Vault IP allowlist: none" in text and "Token Vault grants: none" in text


def test_dry_run_prints_the_plan_and_sends_nothing(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    app, (first, second) = vault_app(tenant, "vault dry run", "0", index=94)
    mark = tenant.log_mark()
    done = run(cli, capsys, "auth", "vault", app, "--credential", second, "--dry-run", "--json")
    assert done.code == 0, done.err
    data = done.json()
    assert data["sent"] is False
    assert data["effects"] == ["detaches-working-credential"]
    assert data["plan"]["requests"][0]["body"] == {SLOT: {"credentials": [{"id": second}]}}
    text = run(cli, capsys, "auth", "vault", app, "--none", "--dry-run")
    assert text.code == 0, text.err
    assert "Token Vault (privileged access): vault-0 -> nothing" in text.out
    assert writes(tenant.requests_since(mark)) == []
    assert held(tenant, app)["credentials"] == [{"id": first}]


def test_detaching_the_only_working_key_needs_allow_breaking(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    app, (key, _) = vault_app(tenant, "vault detach", "0", index=96)
    mark = tenant.log_mark()
    refused = run(cli, capsys, "auth", "vault", app, "--none")
    assert refused.code == 2, refused.err
    assert "detaches-working-credential" in refused.err and "--allow-breaking" in refused.err
    assert writes(tenant.requests_since(mark)) == []
    assert held(tenant, app)["credentials"] == [{"id": key}]

    done = run(cli, capsys, "auth", "vault", app, "--none", "--allow-breaking", "--json")
    assert done.code == 0, done.err
    assert done.json()["effects"] == ["detaches-working-credential"]
    assert done.json()["token_vault_credential_ids"] == []
    assert patches(tenant, mark) == [{SLOT: {"credentials": []}}]
    # The keys go; the allowlist and grants stay for the next key.
    assert held(tenant, app) == {"credentials": [], **SETTINGS}


def test_what_token_vault_cannot_take_is_refused_before_sending(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    app, (first, second) = vault_app(tenant, "vault refusals", index=98)
    cert = tenant.api("POST", f"clients/{app}/credentials", {
        "credential_type": "x509_cert", "name": "cert",
        "pem": kf.cert_pem(kf.self_signed_cert(kf.rsa_key(2048, 99))),
    })["id"]  # fmt: skip
    cases = [
        (["--credential", cert], "Token Vault (privileged access) takes public keys"),
        (["--credential", "cred_nope"], "has no credential cred_nope"),
        (["--credential", first, "--credential", first], "listed twice"),
        (["--credential", first, "--credential", second, "--credential", cert], "at most 2"),
    ]
    mark = tenant.log_mark()
    for args, words in cases:
        done = run(cli, capsys, "auth", "vault", app, *args, "--dry-run")
        assert done.code == 2, (args, done.err)
        assert words in done.err, (args, done.err)
    # Already what the tenant holds: nothing to send, not even an empty setting.
    same = run(cli, capsys, "auth", "vault", app, "--none", "--json")
    assert same.code == 0, same.err
    assert same.json()["sent"] is False and same.json()["plan"]["requests"] == []
    assert writes(tenant.requests_since(mark)) == []
    assert held(tenant, app) is None
