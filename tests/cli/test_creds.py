"""``creds add|expire|delete``: what the tenant received, and refusals in the TUI's own words.

The expected refusal texts are computed here by the same functions the TUI's
add form calls (``check_credential_draft``, ``check_add``, ``parse_expiry``), so
"the same words" is checked, not assumed; the emulator's request log proves
that a refused command sent nothing that changes the tenant.
"""

from __future__ import annotations

import os
import pty
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from credtui.checks import check_credential_draft
from credtui.errors import LocalValidationError
from credtui.models import Application, Credential, CredentialDraft, CredentialType, Slot
from credtui.ops.changes import check_add
from credtui.ops.expiry import parse_expiry
from tests import keyfactory as kf
from tests.cli.conftest import BASE_CMD, Cli, Tenant, drain_pty, run_in_process, writes

SEED = "empty"  # every test here makes its own applications


def pub(tmp_path: Path, index: int) -> Path:
    path = tmp_path / f"key{index}.pub"
    path.write_text(kf.spki_pem(kf.rsa_key(2048, index)))
    return path


def pk_body(index: int, name: str) -> dict[str, str]:
    return {
        "credential_type": "public_key",
        "name": name,
        "pem": kf.spki_pem(kf.rsa_key(2048, index)),
    }


def test_add_and_attach_prints_the_created_credential(
    cli: Cli, tenant: Tenant, tmp_path: Path
) -> None:
    app = tenant.create_app("cli add attach")
    done = cli(
        "creds", "add", app, "--type", "public_key", "--pem", str(pub(tmp_path, 21)),
        "--name", "ci-key", "--expires", "+90d", "--attach", "--allow-breaking", "--json",
    )  # fmt: skip
    assert done.code == 0, done.err
    made = done.json()
    assert made["name"] == "ci-key" and made["attached_to"] == ["private_key_jwt"]
    # From a client secret: named, and applied only because --allow-breaking was given.
    assert made["effects"] == ["switches-method", "hides-client-secret"] and made["sent"] is True
    assert [r["method"] for r in made["plan"]["requests"]] == ["POST", "PATCH"]
    assert [c["id"] for c in tenant.credentials(app)] == [made["id"]]
    client = tenant.api("GET", f"clients/{app}")
    assert client["client_authentication_methods"] == {
        "private_key_jwt": {"credentials": [{"id": made["id"]}]}
    }
    expires = datetime.fromisoformat(made["expires_at"].replace("Z", "+00:00"))
    assert abs(expires - (datetime.now(UTC) + timedelta(days=90))) < timedelta(minutes=5)
    assert f"created {made['id']}, attached to Private Key JWT" in done.err


def test_add_certificate_from_stdin_and_a_typed_subject_dn(cli: Cli, tenant: Tenant) -> None:
    app = tenant.create_app("cli add mtls")
    cert = kf.self_signed_cert(kf.rsa_key(2048, 22))
    done = cli("creds", "add", app, "--type", "x509_cert", "--pem", "-", "--json",
               stdin=kf.cert_pem(cert))  # fmt: skip
    assert done.code == 0, done.err
    assert done.json()["credential_type"] == "x509_cert"
    assert done.json()["attached_to"] == []
    dn = cli("creds", "add", app, "--type", "cert_subject_dn", "--subject-dn",
             "CN=gw.example,O=Acme,C=GB", "--name", "gw")  # fmt: skip
    assert dn.code == 0, dn.err
    assert "subject DN:  C=GB, O=Acme, CN=gw.example" in dn.out
    assert "C=GB\nO=Acme\nCN=gw.example" in [c.get("subject_dn") for c in tenant.credentials(app)]


def _refusal(exc_info: pytest.ExceptionInfo[LocalValidationError]) -> str:
    return exc_info.value.message.rstrip(".")


def test_refusals_use_the_tuis_checks_and_send_nothing(
    cli: Cli, tenant: Tenant, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    four = [pk_body(30 + i, f"k{i}") for i in range(4)]
    full = tenant.create_app("cli full", client_authentication_methods={"private_key_jwt": {
        "credentials": four[:2]}})  # fmt: skip
    for body in four[2:]:
        tenant.api("POST", f"clients/{full}/credentials", body)
    app = Application.from_api(tenant.api("GET", f"clients/{full}"))
    creds = [Credential.from_api(c) for c in tenant.credentials(full)]
    key = pub(tmp_path, 40)

    def draft(**kw: object) -> CredentialDraft:
        return CredentialDraft(CredentialType.PUBLIC_KEY, pem=key.read_text(), **kw)  # type: ignore[arg-type]

    with pytest.raises(LocalValidationError) as too_many:
        check_add(app, creds, check_credential_draft(draft(), now), None)
    with pytest.raises(LocalValidationError) as long_name:
        check_credential_draft(draft(name="n" * 129), now)
    with pytest.raises(LocalValidationError) as past:
        parse_expiry("2020-01-01", now)
    cases = [
        (["--name", "n" * 129], _refusal(long_name)),
        (["--expires", "2020-01-01"], _refusal(past)),
        ([], _refusal(too_many)),
    ]
    for extra, words in cases:
        mark = tenant.log_mark()
        done = cli("creds", "add", full, "--type", "public_key", "--pem", str(key), *extra)
        assert done.code == 2, done.err
        assert words in done.err
        assert done.out == ""
        assert writes(tenant.requests_since(mark)) == []
    assert len(tenant.credentials(full)) == 4


def test_attach_to_a_full_slot_and_a_duplicate_key_are_refused(
    cli: Cli, tenant: Tenant, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    bodies = [pk_body(50, "a"), pk_body(51, "b")]
    full = tenant.create_app("cli slot", client_authentication_methods={"private_key_jwt": {
        "credentials": bodies}})  # fmt: skip
    app = Application.from_api(tenant.api("GET", f"clients/{full}"))
    creds = [Credential.from_api(c) for c in tenant.credentials(full)]
    for key, attach in ((pub(tmp_path, 52), Slot.PRIVATE_KEY_JWT), (pub(tmp_path, 50), None)):
        checked = check_credential_draft(
            CredentialDraft(CredentialType.PUBLIC_KEY, pem=key.read_text()), now
        )
        with pytest.raises(LocalValidationError) as refused:
            check_add(app, creds, checked, attach)
        mark = tenant.log_mark()
        args = ["--attach"] if attach else []
        done = cli("creds", "add", full, "--type", "public_key", "--pem", str(key), *args)
        assert done.code == 2, done.err
        assert _refusal(refused) in done.err
        assert writes(tenant.requests_since(mark)) == []
    assert (
        "Array is too long (3), maximum 2" in done.err or "already on this application" in done.err
    )


def test_expire_sets_the_date_and_refuses_the_past(cli: Cli, tenant: Tenant) -> None:
    app = tenant.create_app("cli expire")
    cred = tenant.api("POST", f"clients/{app}/credentials", pk_body(60, "to-expire"))
    done = cli("creds", "expire", app, cred["id"], "--at", "2031-05-01", "--json")
    assert done.code == 0, done.err
    assert done.json()["expires_at"] == "2031-05-01T00:00:00.000Z"
    assert tenant.credentials(app)[0]["expires_at"] == "2031-05-01T00:00:00.000Z"
    human = cli("creds", "expire", app, cred["id"], "--at", "2032-02-29T12:00:00+02:00")
    assert human.code == 0, human.err
    assert "expires: 2032-02-29 (in " in " ".join(human.out.split())
    assert tenant.credentials(app)[0]["expires_at"] == "2032-02-29T10:00:00.000Z"
    mark = tenant.log_mark()
    past = cli("creds", "expire", app, cred["id"], "--at", "+0d")
    assert past.code == 2 and "later than now" in past.err
    assert tenant.requests_since(mark) == []


def test_an_expiry_past_the_calendar_is_refused_not_an_unexpected_error(
    cli: Cli, tenant: Tenant, tmp_path: Path
) -> None:
    """Once OverflowError: "Unexpected error", exit 3. Now a refusal (exit 2) naming the field."""
    app = tenant.create_app("cli calendar edge")
    cred = tenant.api("POST", f"clients/{app}/credentials", pk_body(61, "edge"))
    key = pub(tmp_path, 62)
    mark = tenant.log_mark()
    for typed, words in (
        ("9999-12-31T23:59:59-01:00", "past the year 9999"),
        ("0001-01-01T00:00:00+01:00", "is not in the future"),
    ):
        expire = cli("creds", "expire", app, cred["id"], "--at", typed)
        add = cli("creds", "add", app, "--type", "public_key", "--pem", str(key),
                  "--expires", typed)  # fmt: skip
        for done in (expire, add):
            assert done.code == 2, done.err
            assert words in done.err and "Unexpected" not in done.err
            assert done.out == ""
    assert writes(tenant.requests_since(mark)) == []
    assert [c["id"] for c in tenant.credentials(app)] == [cred["id"]]


def test_delete_needs_yes_off_a_terminal_and_detach_when_attached(cli: Cli, tenant: Tenant) -> None:
    app = tenant.create_app("cli delete", client_authentication_methods={"private_key_jwt": {
        "credentials": [pk_body(70, "attached")]}})  # fmt: skip
    loose = tenant.api("POST", f"clients/{app}/credentials", pk_body(71, "loose"))
    attached = next(c for c in tenant.credentials(app) if c["name"] == "attached")
    mark = tenant.log_mark()
    no_yes = cli("creds", "delete", app, loose["id"])
    assert no_yes.code == 2 and "--yes" in no_yes.err
    assert tenant.requests_since(mark) == []
    still = cli("creds", "delete", app, attached["id"], "--yes")
    assert still.code == 2 and "--detach" in still.err
    assert "cannot get tokens" in still.err  # what detaching it would do
    breaking = cli("creds", "delete", app, attached["id"], "--detach", "--fallback",
                   "client_secret_post", "--yes")  # fmt: skip
    assert breaking.code == 2 and "detaches-working-credential" in breaking.err
    assert "switches-method" in breaking.err and "--allow-breaking" in breaking.err
    assert writes(tenant.requests_since(mark)) == []
    gone = cli("creds", "delete", app, loose["id"], "--yes", "--json")
    assert gone.code == 0, gone.err
    answer = gone.json()
    assert answer["effects"] == [] and answer["sent"] is True
    assert {k: answer[k] for k in ("deleted", "client_id", "detached_from")} == {
        "deleted": loose["id"],
        "client_id": app,
        "detached_from": [],
    }
    mark = tenant.log_mark()
    both = cli("creds", "delete", app, attached["id"], "--detach", "--fallback",
               "client_secret_post", "--yes", "--allow-breaking")  # fmt: skip
    assert both.code == 0, both.err
    assert writes(tenant.requests_since(mark)) == [
        ("PATCH", f"/api/v2/clients/{app}"),
        ("DELETE", f"/api/v2/clients/{app}/credentials/{attached['id']}"),
    ]
    assert tenant.credentials(app) == []
    assert tenant.api("GET", f"clients/{app}")["token_endpoint_auth_method"] == "client_secret_post"


def test_delete_asks_on_a_terminal(tenant: Tenant, cli: Cli) -> None:
    app = tenant.create_app("cli delete tty")
    cred = tenant.api("POST", f"clients/{app}/credentials", pk_body(72, "asked"))
    for answer, code in ((b"n\n", 2), (b"y\n", 0)):
        master, slave = pty.openpty()
        os.write(master, answer)  # typed ahead: the terminal keeps it for the prompt
        proc = subprocess.run(
            [*BASE_CMD, "creds", "delete", app, cred["id"]],
            stdin=slave, stderr=slave, stdout=subprocess.PIPE, env=cli.env, timeout=60,
        )  # fmt: skip
        os.close(slave)
        shown = drain_pty(master)
        assert proc.returncode == code, shown
        assert b"Delete asked (" in shown and b"[y/N]" in shown
    assert tenant.credentials(app) == []


def test_an_hs256_application_is_planned_with_rs256_not_left_with_an_orphan(
    cli: Cli, tenant: Tenant, tmp_path: Path
) -> None:
    # Auth0 refuses client_authentication_methods on an application signing with HS256.
    app = tenant.create_app("cli hs256", jwt_configuration={"alg": "HS256"})
    args = ["creds", "add", app, "--type", "public_key", "--pem", str(pub(tmp_path, 90)),
            "--expires", "+30d", "--attach", "--json"]  # fmt: skip
    mark = tenant.log_mark()
    refused = cli(*args)
    assert refused.code == 2
    assert "changes-id-token-signing" in refused.json()["effects"]
    assert refused.json()["sent"] is False
    assert "JWKS" in refused.err  # what it means for whoever verifies HS256 ID tokens
    assert writes(tenant.requests_since(mark)) == [] and tenant.credentials(app) == []
    done = cli(*args, "--allow-breaking")
    assert done.code == 0, done.err
    made = done.json()
    assert made["attached_to"] == ["private_key_jwt"]
    assert tenant.api("GET", f"clients/{app}")["jwt_configuration"]["alg"] == "RS256"


def test_a_failed_attach_keeps_the_credential_and_exits_3(
    cli: Cli, tenant: Tenant, tmp_path: Path
) -> None:
    app = tenant.create_app("cli attach fails", jwt_configuration={"alg": "RS256"})
    tenant.control("POST", "faults", {"method": "PATCH", "path": f"/api/v2/clients/{app}",
                                      "status": 400, "times": 1})  # fmt: skip
    done = cli("creds", "add", app, "--type", "public_key", "--pem", str(pub(tmp_path, 91)),
               "--expires", "+30d", "--attach", "--allow-breaking", "--json")  # fmt: skip
    assert done.code == 3, done.err  # something was sent: never 2
    made = done.json()
    assert made["attached_to"] == [] and made["sent"] is True
    assert [c["id"] for c in tenant.credentials(app)] == [made["id"]]
    assert f"{made['id']} was created but not attached" in done.err
    # The hint keeps what is attached and shows its plan first.
    assert f"--method private_key_jwt --credential {made['id']}" in done.err


@pytest.mark.parametrize(
    "args",
    [
        ["creds", "add", "APP", "--type", "public_key", "--pem", "no/such/file.pem"],
        ["creds", "add", "APP", "--type", "public_key", "--pem", "."],
        ["creds", "add", "APP", "--type", "cert_subject_dn", "--subject-dn", "no equals sign"],
        ["creds", "add", "APP", "--type", "public_key"],
        ["creds", "expire", "APP", "cred_x", "--at", "tomorrow"],
        ["creds", "delete", "APP", "cred_x", "--yes", "--fallback", "none"],
        ["test", "APP", "--key", "."],
        ["check", "--within", "-3d"],
        ["apps", "list", "--profile", ".."],
        ["keygen", "--out", "no/such/folder/k.pem"],
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(
    cli: Cli, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    done = run_in_process([*args, "--config", str(cli.config)], capsys)
    assert done.code == 2, done.err
    assert done.out == ""
    lines = done.err.strip().splitlines()
    assert lines[-1].startswith(("credtui: ", "usage: ", "credtui ")), done.err
