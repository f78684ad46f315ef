"""``credtui creds rotate``: the TUI's rotation as one resumable command (issue 21).

Against a running local tenant, in-process; each case asserts on the tenant's request
log (what was written, in which order) and on what it holds afterwards.
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import Any

import pytest

from tests import keyfactory as kf
from tests.cli.conftest import Cli, Result, Tenant, run_in_process, writes
from tests.cli.test_plans import pkjwt_app

SEED = "empty"


def run(cli: Cli, capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    return run_in_process([*args, "--config", str(cli.config)], capsys)


def attached(tenant: Tenant, app: str) -> list[str]:
    methods = tenant.api("GET", f"clients/{app}")["client_authentication_methods"]
    return [c["id"] for c in methods["private_key_jwt"]["credentials"]]


def data(result: Result) -> Any:
    return json.loads(result.out)


def test_generate_pause_at_attached_then_test_and_finish(
    cli: Cli, tenant: Tenant, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app, [old] = pkjwt_app(tenant, "Rotate Me", (201, "rotate-old"))
    key = tmp_path / "next.pem"
    mark = tenant.log_mark()
    paused = run(cli, capsys, "creds", "rotate", app, old, "--generate", str(key),
                 "--until", "attached", "--expires", "+90d", "--json")  # fmt: skip
    assert paused.code == 0, paused.err
    first = data(paused)
    assert first["step"] == "deploy" and first["done"] == ["add", "attach"]
    assert first["complete"] is False and first["generated"] == str(key)
    new = first["new"]["id"]
    assert re.fullmatch(r"rotate-me-\d{8}", first["new"]["name"])  # app-date, as the TUI names it
    assert sorted(attached(tenant, app)) == sorted([old, new])
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert writes(tenant.requests_since(mark)) == [
        ("POST", f"/api/v2/clients/{app}/credentials"),
        ("PATCH", f"/api/v2/clients/{app}"),
    ]
    assert "paused with rotate-old and" in paused.err and "run the same command again" in paused.err

    # The same command again (the key file is reused, never overwritten), with a real token
    # request before the old key is detached.
    pem_before = key.read_bytes()
    mark = tenant.log_mark()
    done = run(cli, capsys, "creds", "rotate", app, old, "--generate", str(key),
               "--test-key", str(key), "--json")  # fmt: skip
    assert done.code == 0, done.err
    second = data(done)
    assert second["done"] == ["detach_old", "delete_old"] and second["complete"] is True
    assert second["test"]["ok"] is True and second["old"] == {
        "id": old, "name": "rotate-old", "exists": False}  # fmt: skip
    assert key.read_bytes() == pem_before
    assert attached(tenant, app) == [new]
    assert [c["id"] for c in tenant.credentials(app)] == [new]
    assert writes(tenant.requests_since(mark)) == [
        ("PATCH", f"/api/v2/clients/{app}"),
        ("DELETE", f"/api/v2/clients/{app}/credentials/{old}"),
    ]
    # Once more: nothing left to do, nothing sent.
    mark = tenant.log_mark()
    again = run(cli, capsys, "creds", "rotate", app, old, "--generate", str(key))
    assert again.code == 0 and "complete" in again.err
    assert writes(tenant.requests_since(mark)) == []


def test_interrupted_after_add_the_rerun_attaches_without_adding_again(
    cli: Cli, tenant: Tenant, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app, [old] = pkjwt_app(tenant, "Interrupted", (202, "int-old"))
    pem = tmp_path / "new.pub"
    pem.write_text(kf.spki_pem(kf.rsa_key(2048, 203)))
    tenant.control("POST", "faults", {"method": "PATCH", "path": f"/api/v2/clients/{app}",
                                      "status": 400, "times": 1})  # fmt: skip
    stopped = run(cli, capsys, "creds", "rotate", app, old, "--pem", str(pem), "--name", "int-new")
    assert stopped.code == 3, stopped.err  # the add was sent: never 2
    assert "the rotation stopped after add" in stopped.err and "same command again" in stopped.err
    assert attached(tenant, app) == [old]  # the old key still works
    mark = tenant.log_mark()
    resumed = run(cli, capsys, "creds", "rotate", app, old, "--pem", str(pem), "--name", "int-new",
                  "--json")  # fmt: skip
    assert resumed.code == 0, resumed.err
    assert data(resumed)["done"] == ["attach", "detach_old", "delete_old"]
    methods = [m for m, _ in writes(tenant.requests_since(mark))]
    assert methods == ["PATCH", "PATCH", "DELETE"]  # no second POST: the new one was found


def test_making_room_detaches_a_third_key_only_with_allow_breaking(
    cli: Cli, tenant: Tenant, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app, [old, other] = pkjwt_app(tenant, "Full Slot", (204, "full-old"), (205, "full-other"))
    pem = tmp_path / "new.pub"
    pem.write_text(kf.spki_pem(kf.rsa_key(2048, 206)))
    mark = tenant.log_mark()
    refused = run(cli, capsys, "creds", "rotate", app, old, "--pem", str(pem))
    assert refused.code == 2, refused.err
    assert "detaches-working-credential" in refused.err and "Nothing was sent" in refused.err
    assert writes(tenant.requests_since(mark)) == []
    dry = run(cli, capsys, "creds", "rotate", app, old, "--pem", str(pem), "--dry-run", "--json")
    assert dry.code == 0 and data(dry)["step"] == "make_room" and data(dry)["sent"] is False
    assert data(dry)["next"]["effects"] == ["detaches-working-credential"]
    assert writes(tenant.requests_since(mark)) == []
    done = run(cli, capsys, "creds", "rotate", app, old, "--pem", str(pem), "--allow-breaking")
    assert done.code == 0, done.err
    assert other not in attached(tenant, app) and old not in attached(tenant, app)


def test_a_new_key_the_tenant_refuses_stops_before_the_old_one_is_detached(
    cli: Cli, tenant: Tenant, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app, [old] = pkjwt_app(tenant, "Wrong Test Key", (207, "wk-old"))
    pem = tmp_path / "new.pub"
    pem.write_text(kf.spki_pem(kf.rsa_key(2048, 208)))
    wrong = tmp_path / "wrong.pem"
    wrong.write_text(kf.private_pem(kf.rsa_key(2048, 209)))  # not the new key's private half
    done = run(
        cli, capsys, "creds", "rotate", app, old, "--pem", str(pem), "--test-key", str(wrong)
    )
    assert done.code == 3, done.err
    assert "was refused by the tenant, so the old one stays attached" in done.err
    assert old in attached(tenant, app) and len(attached(tenant, app)) == 2


def test_use_an_existing_credential_and_dry_run_sends_nothing(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    app, [old] = pkjwt_app(tenant, "Use Existing", (210, "use-old"))
    staged = tenant.api("POST", f"clients/{app}/credentials", {
        "credential_type": "public_key", "name": "use-staged",
        "pem": kf.spki_pem(kf.rsa_key(2048, 211))})["id"]  # fmt: skip
    mark = tenant.log_mark()
    dry = run(cli, capsys, "creds", "rotate", app, old, "--use", staged, "--dry-run")
    assert dry.code == 0 and "Attach use-staged to Private Key JWT beside use-old" in dry.out
    assert writes(tenant.requests_since(mark)) == []
    done = run(cli, capsys, "creds", "rotate", app, old, "--use", staged, "--until", "attached")
    assert done.code == 0, done.err
    assert sorted(attached(tenant, app)) == sorted([old, staged])


def test_delete_ignore_missing_and_messages_that_name_the_id(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    app, [key] = pkjwt_app(tenant, "Rerun Delete", (212, "rerun-key"))
    missing = run(cli, capsys, "creds", "delete", app, "cred_gone", "--yes")
    assert missing.code == 2 and "has no credential cred_gone" in missing.err
    mark = tenant.log_mark()
    again = run(cli, capsys, "creds", "delete", app, "cred_gone", "--yes", "--ignore-missing",
                "--json")  # fmt: skip
    assert again.code == 0 and data(again)["missing"] is True and data(again)["sent"] is False
    assert writes(tenant.requests_since(mark)) == []
    nope = run(cli, capsys, "apps", "show", "no-such-client")
    assert nope.code == 3
    assert "no application with client ID no-such-client" in nope.err
    assert "credtui apps list --filter" in nope.err
    assert key  # the application's own key is untouched
    assert [c["id"] for c in tenant.credentials(app)] == [key]


def test_creds_add_json_carries_its_warnings(
    cli: Cli, tenant: Tenant, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = tenant.create_app("Warned", jwt_configuration={"alg": "RS256"})
    pem = tmp_path / "k.pub"
    pem.write_text(kf.spki_pem(kf.rsa_key(2048, 213)))
    added = run(cli, capsys, "creds", "add", app, "--type", "public_key", "--pem", str(pem),
                "--json")  # fmt: skip
    assert added.code == 0, added.err
    warnings = data(added)["warnings"]
    assert any("never expires" in w or "no --expires given" in w for w in warnings), warnings
