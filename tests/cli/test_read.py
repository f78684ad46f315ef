"""Reading a tenant from the command line: apps, creds and auth, as tables and as JSON.

Every run is the real ``credtui`` entry point against a ``credtui emulator`` on
the demo seed; the JSON is compared with what the tenant's own Management API says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Cli, Tenant, start_emulator, stop_emulator, table_rows, write_profile

APP_KEYS = [
    "client_id", "name", "app_type", "auth_method", "method_credentials", "jar_required",
    "jar_credential_ids", "token_binding", "require_proof_of_possession",
    "token_vault_credential_ids", "token_vault_ip_allowlist", "token_vault_grants",
    "secret_by_default", "jwt_alg",
]  # fmt: skip
CRED_KEYS = [
    "id", "name", "credential_type", "kid", "alg", "subject_dn", "thumbprint_sha256",
    "created_at", "updated_at", "expires_at", "expires_at_unreadable",
]  # fmt: skip


def test_apps_list_json_is_every_application_with_stable_fields(cli: Cli, tenant: Tenant) -> None:
    done = cli("apps", "list", "--json")
    assert done.code == 0, done.err
    apps = done.json()
    real = tenant.api("GET", "clients?per_page=100&include_totals=true")["clients"]
    # Every application but the tenant's global client, which holds no credentials.
    assert sorted(a["client_id"] for a in apps) == sorted(
        c["client_id"] for c in real if not c["global"]
    )
    assert all(list(a) == APP_KEYS for a in apps)
    payments = next(a for a in apps if a["name"] == "Payments API")
    assert payments["auth_method"] == "private_key_jwt"
    assert len(payments["method_credentials"]["private_key_jwt"]) == 2
    portal = next(a for a in apps if a["name"] == "Partner Portal")
    assert portal["jar_required"] is True and portal["auth_method"] == "client_secret_post"
    assert done.err == ""  # no progress when stderr is not a terminal


def test_apps_list_table_and_filter(cli: Cli, tenant: Tenant) -> None:
    done = cli("apps", "list", "--filter", "FLEET")
    assert done.code == 0, done.err
    assert "CLIENT ID" not in done.out  # piped: no header line, as gh prints tables
    rows = table_rows(done.out)
    assert sorted(r[1] for r in rows) == ["Door Sensor Fleet", "Thermostat Fleet"]
    assert all(r[3] == "self_signed_tls_client_auth" for r in rows)
    by_id = cli("apps", "list", "--filter", tenant.app_by_name("Ledger Export")["client_id"])
    assert [r[1] for r in table_rows(by_id.out)] == ["Ledger Export"]


def test_apps_show_lists_credentials_with_attachment(cli: Cli, tenant: Tenant) -> None:
    app = tenant.app_by_name("Billing Reconciler")
    done = cli("apps", "show", app["client_id"], "--json")
    assert done.code == 0, done.err
    data = done.json()
    assert list(data) == [*APP_KEYS, "credentials"]
    attached = {c["name"]: c["attached_to"] for c in data["credentials"]}
    assert attached == {"billing-primary": ["private_key_jwt"], "billing-next (staged)": []}
    assert all(list(c) == [*CRED_KEYS, "attached_to"] for c in data["credentials"])
    human = cli("apps", "show", app["client_id"])
    assert "method:" in human.out and "private_key_jwt" in human.out
    table = human.out.split("\n\n", 1)[1]
    staged = next(r for r in table_rows(table) if r[1] == "billing-next (staged)")
    assert "NOT ATTACHED" in staged


def test_an_application_created_without_a_method_shows_client_secret(
    cli: Cli, tenant: Tenant
) -> None:
    """Issue 20, finding 1. Facts 3.1 [REC]: created without ``token_endpoint_auth_method``
    (75 recorded creates), a client has neither method key; Auth0 takes its secret. The
    demo's Fraud Scoring Service is one: "Client secret", as the Dashboard says."""
    app = tenant.app_by_name("Fraud Scoring Service")
    assert "token_endpoint_auth_method" not in app and "client_authentication_methods" not in app
    human = cli("apps", "show", app["client_id"])
    assert human.code == 0, human.err
    assert "method: Client secret" in " ".join(human.out.split())
    assert "unknown" not in human.out and "not readable" not in human.out
    data = cli("apps", "show", app["client_id"], "--json").json()
    assert data["secret_by_default"] is True and data["auth_method"] == "client_secret_post"
    listed = table_rows(cli("apps", "list", "--filter", "fraud scoring").out)
    assert [r[3] for r in listed] == ["Client secret"]
    shown = cli("auth", "show", app["client_id"])
    assert "method: Client secret" in " ".join(shown.out.split())


def test_the_global_client_is_not_listed_and_takes_no_change(cli: Cli, tenant: Tenant) -> None:
    """Issue 20, finding 2. Facts 3.1 [REC ``TestAccGlobalClient.yaml``]: every tenant has
    one ``global`` client, "All Applications", holding no credentials. credtui leaves it
    out of its lists, shows it by id, and refuses any change before sending."""
    (glob,) = tenant.api("GET", "clients?is_global=true")
    assert glob["name"] == "All Applications"
    listed = cli("apps", "list", "--json").json()
    assert glob["client_id"] not in {a["client_id"] for a in listed}
    shown = cli("apps", "show", glob["client_id"], "--json")
    assert shown.code == 0, shown.err
    assert shown.json()["app_type"] is None and shown.json()["credentials"] == []
    mark = tenant.log_mark()
    refused = cli("auth", "set", glob["client_id"], "--method", "client_secret_basic")
    assert refused.code == 2
    assert "global client" in refused.err and "changes nothing on it" in refused.err
    writes = [e for e in tenant.requests_since(mark) if e["method"] != "GET"]
    assert [e["path"] for e in writes] == ["/oauth/token"] or writes == []


def test_creds_list_matches_the_tenant(cli: Cli, tenant: Tenant) -> None:
    app = tenant.app_by_name("Fraud Scoring Service")
    done = cli("creds", "list", app["client_id"], "--json")
    assert done.code == 0, done.err
    real = tenant.credentials(app["client_id"])
    assert sorted(c["id"] for c in done.json()) == sorted(c["id"] for c in real)
    assert {c["kid"] for c in done.json()} == {c["kid"] for c in real}
    human = cli("creds", "list", app["client_id"])
    old = next(r for r in table_rows(human.out) if r[1] == "fraud-key-old")
    assert "EXPIRED" in old[4] and old[5] == "NOT ATTACHED"


def test_auth_show(cli: Cli, tenant: Tenant) -> None:
    app = tenant.app_by_name("Treasury Gateway (mTLS)")
    done = cli("auth", "show", app["client_id"], "--json")
    assert done.code == 0, done.err
    data = done.json()
    assert data["auth_method"] == "tls_client_auth" and data["token_binding"] is True
    human = cli("auth", "show", app["client_id"])
    assert "token binding: on" in " ".join(human.out.split())


def test_unknown_application_is_a_tenant_error_exit_3(cli: Cli) -> None:
    done = cli("apps", "show", "no-such-client")
    assert done.code == 3
    assert done.out == ""
    assert "no application with client ID no-such-client" in done.err
    assert "does not exist" in done.err and "credtui apps list --filter" in done.err


def test_bad_usage_exits_2(cli: Cli, tmp_path: Path) -> None:
    assert cli("creds", "list").code == 2  # argparse: the client id is missing
    missing = cli("apps", "list", "--profile", "nope")
    assert missing.code == 2 and "no profile named 'nope'" in missing.err
    empty = cli("apps", "list", "--config", str(tmp_path / "none.toml"))
    assert empty.code == 2 and "credtui profile add" in empty.err


@pytest.mark.slow
def test_a_stopped_tenant_exits_4(tmp_path: Path) -> None:
    proc, ready = start_emulator("--seed", "empty", "--rate-limit", "off")
    config = tmp_path / "stopped.toml"
    write_profile(config, Tenant(proc, ready))
    stop_emulator(proc)
    run = Cli(config, tmp_path)
    done = run("check", "--json")
    assert done.code == 4, done.err
    assert done.out == ""
    assert f"{ready['base_url']} could not be reached: check the tenant domain" in done.err
    assert ready["client_secret"] not in done.err
