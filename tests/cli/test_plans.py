"""Every CLI change is planned: ``--dry-run`` sends nothing, breaking changes need ``--allow-breaking``.

Each case replays a finding of issue 18 against a running local tenant and asserts
on what the tenant received (its request log: zero writes when refused) and holds.
Runs in-process (``credtui.cli.main``) so that many small cases stay fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests import keyfactory as kf
from tests.cli.conftest import Cli, Result, Tenant, run_in_process, writes

SEED = "empty"


def pk(index: int, name: str) -> dict[str, str]:
    return {
        "credential_type": "public_key",
        "name": name,
        "pem": kf.spki_pem(kf.rsa_key(2048, index)),
    }


def run(cli: Cli, capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    return run_in_process([*args, "--config", str(cli.config)], capsys)


def data(result: Result) -> Any:
    return json.loads(result.out)


def pkjwt_app(tenant: Tenant, name: str, *keys: tuple[int, str]) -> tuple[str, list[str]]:
    """An application on Private Key JWT with ``keys`` attached; returns its id and the key ids."""
    app = tenant.create_app(
        name,
        client_authentication_methods={
            "private_key_jwt": {"credentials": [pk(i, n) for i, n in keys]}
        },
    )
    return app, [c["id"] for c in tenant.credentials(app)]


def test_attach_on_add_that_switches_the_method_is_refused_and_sends_nothing(
    cli: Cli, tenant: Tenant, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Finding 1: a certificate attached on add would switch a working Private Key JWT app to mTLS.
    app, [live] = pkjwt_app(tenant, "Billing Reconciler", (101, "billing-live"))
    cert = tmp_path / "new.crt"
    cert.write_text(kf.cert_pem(kf.self_signed_cert(kf.rsa_key(2048, 102))))
    mark = tenant.log_mark()
    refused = run(cli, capsys, "creds", "add", app, "--type", "x509_cert", "--pem", str(cert),
                  "--attach", "--json")  # fmt: skip
    assert refused.code == 2
    answer = data(refused)
    assert answer["sent"] is False
    assert answer["effects"] == ["detaches-working-credential", "switches-method"]
    assert "billing-live from Private Key JWT" in refused.err
    assert writes(tenant.requests_since(mark)) == []
    assert [c["id"] for c in tenant.credentials(app)] == [live]
    assert "private_key_jwt" in tenant.api("GET", f"clients/{app}")["client_authentication_methods"]


def test_dry_run_prints_the_plan_of_every_change_and_sends_nothing(
    cli: Cli, tenant: Tenant, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app, [live] = pkjwt_app(tenant, "Dry", (103, "dry-live"))
    public = tmp_path / "k.pub"
    public.write_text(kf.spki_pem(kf.rsa_key(2048, 104)))
    mark = tenant.log_mark()
    cases = [
        (["creds", "add", app, "--type", "public_key", "--pem", str(public), "--attach",
          "--expires", "2027-01-31"], ["POST", "PATCH"], []),
        (["creds", "expire", app, live, "--at", "2027-01-31"], ["PATCH"], []),
        (["creds", "delete", app, live, "--detach", "--fallback", "client_secret_post"],
         ["PATCH", "DELETE"], ["detaches-working-credential", "switches-method"]),
        (["auth", "set", app, "--method", "none"], ["PATCH"],
         ["detaches-working-credential", "switches-method", "cannot-authenticate"]),
        (["auth", "jar", app, "--required"], ["PATCH"], ["cannot-authenticate"]),
        (["auth", "binding", app, "--on"], ["PATCH"], []),
    ]  # fmt: skip
    for args, verbs, effects in cases:
        shown = run(cli, capsys, *args, "--dry-run", "--json")
        assert shown.code == 0, (args, shown.err)
        answer = data(shown)
        assert answer["sent"] is False and answer["effects"] == effects, args
        assert [r["method"] for r in answer["plan"]["requests"]] == verbs, args
        text = run(cli, capsys, *args, "--dry-run")
        assert text.code == 0 and text.out.startswith(answer["plan"]["summary"]), text.out
    assert writes(tenant.requests_since(mark)) == []


def test_auth_set_credential_that_replaces_a_live_key_is_refused(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    # Finding 5: the hint `auth set --credential NEW` used to detach the live key silently.
    app, [live] = pkjwt_app(tenant, "Hinted", (105, "hinted-live"))
    new = tenant.api("POST", f"clients/{app}/credentials", pk(106, "hinted-new"))["id"]
    mark = tenant.log_mark()
    replace = ["auth", "set", app, "--method", "private_key_jwt", "--credential", new]
    refused = run(cli, capsys, *replace)
    assert refused.code == 2 and "detaches-working-credential" in refused.err
    assert writes(tenant.requests_since(mark)) == []
    beside = run(cli, capsys, *replace, "--credential", live, "--json")
    assert beside.code == 0, beside.err
    assert data(beside)["effects"] == [] and data(beside)["sent"] is True
    held = tenant.api("GET", f"clients/{app}")["client_authentication_methods"]
    assert held == {"private_key_jwt": {"credentials": [{"id": new}, {"id": live}]}}


def test_credtui_cannot_lock_itself_out_without_being_told(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    # Finding 4: the profile's own management application switched to none.
    mark = tenant.log_mark()
    refused = run(cli, capsys, "auth", "set", tenant.client_id, "--method", "none", "--json")
    assert refused.code == 2
    assert "locks-out-credtui" in data(refused)["effects"]
    assert "cannot-authenticate" in data(refused)["effects"]
    assert writes(tenant.requests_since(mark)) == []
    # The same change on any other application does not claim to lock credtui out.
    other = tenant.create_app("Not mine")
    plan = run(cli, capsys, "auth", "set", other, "--method", "none", "--dry-run", "--json")
    assert "locks-out-credtui" not in data(plan)["effects"]


def test_a_delete_that_fails_after_the_detach_exits_3_and_says_so(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    app, [a, b] = pkjwt_app(tenant, "Half", (107, "half-a"), (108, "half-b"))
    tenant.control("POST", "faults", {"method": "DELETE", "path": f"/api/v2/clients/{app}/*",
                                      "status": 400, "times": 1})  # fmt: skip
    done = run(cli, capsys, "creds", "delete", app, a, "--detach", "--yes", "--allow-breaking")
    assert done.code == 3, done.err  # the detach was sent: never 2
    assert "detached but not deleted" in done.err
    held = tenant.api("GET", f"clients/{app}")["client_authentication_methods"]
    assert held == {"private_key_jwt": {"credentials": [{"id": b}]}}
    assert a in [c["id"] for c in tenant.credentials(app)]
