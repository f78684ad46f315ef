"""``creds rotate-secret`` and ``auth alg`` against a real ``credtui emulator``.

The new secret goes only where asked (stdout with ``--show-secret``, a new 0600
file with ``--secret-file``, the profiles with ``--update-profile``), never into a
message; the old secret is refused by ``/oauth/token`` afterwards and the new one
accepted. Most cases run in this process (``run_in_process``); the terminal
question runs in a pty.
"""

from __future__ import annotations

import json
import os
import pty
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests import keyfactory as kf
from tests.cli.conftest import BASE_CMD, Cli, Result, Tenant, drain_pty, run_in_process, writes

SEED = "empty"  # every test here makes its own applications

KEY_SCOPES = ["read:clients", "read:client_keys", "update:client_keys", "read:client_credentials"]


def run(config: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    return run_in_process([*args, "--config", str(config)], capsys)


def token_status(tenant: Tenant, client_id: str, secret: str) -> int:
    return tenant.http.post("/oauth/token", data={
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret,
        "audience": f"{tenant.base_url}/api/v2/",
    }).status_code  # fmt: skip


def secret_app(tenant: Tenant, name: str, **fields: Any) -> tuple[str, str]:
    """A client_secret_post application with a grant: (client_id, secret)."""
    cid = tenant.create_app(name, **fields)
    return cid, str(tenant.api("GET", f"clients/{cid}")["client_secret"])


def rotations(tenant: Tenant, mark: int) -> list[Any]:
    return [p for m, p in writes(tenant.requests_since(mark)) if str(p).endswith("/rotate-secret")]


def test_off_a_terminal_it_needs_yes_and_dry_run_sends_nothing(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    app, _ = secret_app(tenant, "cli secret asked")
    mark = tenant.log_mark()
    refused = run(cli.config, capsys, "creds", "rotate-secret", app)
    assert refused.code == 2 and "pass --yes" in refused.err
    dry = run(cli.config, capsys, "creds", "rotate-secret", app, "--dry-run")
    assert dry.code == 0, dry.err
    assert "Rotate the client secret of cli secret asked." in dry.out
    assert "invalidates-client-secret: Auth0 replaces" in dry.out
    assert f"POST /api/v2/clients/{app}/rotate-secret" in dry.out
    assert "No credtui profile in this config uses this secret." in dry.out
    as_json = run(cli.config, capsys, "creds", "rotate-secret", app, "--dry-run", "--json")
    assert as_json.json()["effects"] == ["invalidates-client-secret"]
    assert as_json.json()["sent"] is False
    assert writes(tenant.requests_since(mark)) == []


def test_show_secret_prints_the_secret_alone_and_only_the_new_one_works(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    app, old = secret_app(tenant, "cli secret shown")
    done = run(cli.config, capsys, "creds", "rotate-secret", app, "--show-secret", "--yes")
    assert done.code == 0, done.err
    new = done.out.strip()
    assert done.out == new + "\n"
    assert new == tenant.api("GET", f"clients/{app}")["client_secret"] != old
    assert new not in done.err and "rotated the client secret of cli secret shown" in done.err
    assert token_status(tenant, app, old) == 401
    assert token_status(tenant, app, new) == 200


def test_json_holds_no_secret_unless_asked_and_says_it_was_not_shown(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    app, old = secret_app(tenant, "cli secret json")
    done = run(cli.config, capsys, "creds", "rotate-secret", app, "--json", "--yes")
    assert done.code == 0, done.err
    new = tenant.api("GET", f"clients/{app}")["client_secret"]
    assert new != old and new not in done.out and new not in done.err
    data = done.json()
    assert "client_secret" not in data
    assert data["rotated"] is True and data["secret_shown"] is False
    assert data["secret_file"] is None and data["profiles"] == []
    assert data["effects"] == ["invalidates-client-secret"] and data["sent"] is True
    assert "the new secret was not shown or written anywhere" in done.err
    shown = run(
        cli.config, capsys, "creds", "rotate-secret", app, "--json", "--yes", "--show-secret"
    )
    assert shown.json()["client_secret"] == tenant.api("GET", f"clients/{app}")["client_secret"]


def test_secret_file_is_new_and_0600_and_an_existing_one_is_refused_first(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    app, old = secret_app(tenant, "cli secret file")
    taken = tmp_path / "taken.txt"
    taken.write_text("keep me\n")
    mark = tenant.log_mark()
    refused = run(cli.config, capsys, "creds", "rotate-secret", app, "--secret-file", str(taken),
                  "--yes")  # fmt: skip
    assert refused.code == 2 and "already exists" in refused.err
    assert taken.read_text() == "keep me\n" and rotations(tenant, mark) == []
    out = tmp_path / "new-secret.txt"
    done = run(cli.config, capsys, "creds", "rotate-secret", app, "--secret-file", str(out),
               "--yes")  # fmt: skip
    assert done.code == 0, done.err
    new = tenant.api("GET", f"clients/{app}")["client_secret"]
    assert out.read_text() == new + "\n" and new != old
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert new not in done.out + done.err and f"the new secret is in {out}" in done.err


def test_credtuis_own_secret_needs_allow_breaking_and_the_profile_takes_the_new_one(
    tenant: Tenant, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    me, old = secret_app(tenant, "cli own management app")
    tenant.control("POST", "grants", {"client_id": me, "scopes": KEY_SCOPES})
    config = tmp_path / "own.toml"
    config.write_text(
        f'default = "own"\n[profiles.own]\ndomain = "{tenant.base_url}"\n'
        f'client_id = "{me}"\nclient_secret = "{old}"\n'
        f'[profiles.twin]\ndomain = "{tenant.base_url}"\nclient_id = "{me}"\n'
        'client_secret_env = "TWIN_SECRET"\n'
    )
    config.chmod(0o600)
    mark = tenant.log_mark()
    refused = run(config, capsys, "creds", "rotate-secret", me, "--yes", "--update-profile")
    assert refused.code == 2
    assert "locks-out-credtui" in refused.err and "--allow-breaking" in refused.err
    assert "--update-profile gives this profile the new secret" in refused.err
    assert "own (the config file)" in refused.err and "twin ($TWIN_SECRET)" in refused.err
    assert rotations(tenant, mark) == []

    done = run(config, capsys, "creds", "rotate-secret", me, "--yes", "--update-profile",
               "--allow-breaking", "--json")  # fmt: skip

    assert done.code == 0, done.err
    new = tenant.api("GET", f"clients/{me}")["client_secret"]
    assert new not in done.out + done.err
    profiles = {p["name"]: p for p in done.json()["profiles"]}
    assert profiles["own"]["updated"] is True and profiles["twin"]["updated"] is False
    assert "set $TWIN_SECRET to the new secret" in done.err
    assert f'client_secret = "{new}"' in config.read_text()
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert token_status(tenant, me, old) == 401
    # A new run gets a new token, with the profile's new secret.
    again = run(config, capsys, "apps", "show", me, "--json")
    assert again.code == 0, again.err


def test_an_application_without_a_secret_in_use_is_refused(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    body = {"credential_type": "public_key", "pem": kf.spki_pem(kf.rsa_key(2048, 120))}
    app = tenant.create_app("cli secret pkjwt",
                            client_authentication_methods={"private_key_jwt": {"credentials": [body]}})  # fmt: skip
    mark = tenant.log_mark()
    refused = run(cli.config, capsys, "creds", "rotate-secret", app, "--yes", "--allow-breaking")
    assert refused.code == 2
    assert "authenticates with Private Key JWT, not its client secret" in refused.err
    assert rotations(tenant, mark) == []


def test_on_a_terminal_it_asks(tenant: Tenant, cli: Cli) -> None:
    app, old = secret_app(tenant, "cli secret tty")
    for answer, code in ((b"n\n", 2), (b"y\n", 0)):
        master, slave = pty.openpty()
        os.write(master, answer)  # typed ahead: the terminal keeps it for the prompt
        proc = subprocess.run(
            [*BASE_CMD, "creds", "rotate-secret", app],
            stdin=slave, stdout=subprocess.PIPE, stderr=slave, env=cli.env, timeout=60,
        )  # fmt: skip
        os.close(slave)
        shown = drain_pty(master)
        assert proc.returncode == code, shown
        assert b"Rotate the client secret of cli secret tty? " in shown and b"[y/N]" in shown
        changed = tenant.api("GET", f"clients/{app}")["client_secret"] != old
        assert changed == (code == 0)
        assert proc.stdout == b""  # nothing asked for: the secret is not printed


# --- auth alg ------------------------------------------------------------------------------


def test_auth_alg_is_planned_breaking_and_refuses_hs256_beside_a_credential_method(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    app, _ = secret_app(tenant, "cli alg")  # RS256
    shown = run(cli.config, capsys, "auth", "show", app)
    assert "ID token signing:" in shown.out and "RS256" in shown.out
    mark = tenant.log_mark()
    refused = run(cli.config, capsys, "auth", "alg", app, "--alg", "PS256", "--json")
    assert refused.code == 2 and refused.json()["effects"] == ["changes-id-token-signing"]
    assert writes(tenant.requests_since(mark)) == []
    done = run(cli.config, capsys, "auth", "alg", app, "--alg", "PS256", "--allow-breaking",
               "--json")  # fmt: skip
    assert done.code == 0, done.err
    assert done.json()["jwt_alg"] == "PS256"
    assert any("add-on" in w for w in done.json()["warnings"])
    assert tenant.api("GET", f"clients/{app}")["jwt_configuration"]["alg"] == "PS256"
    [(method, path)] = writes(tenant.requests_since(mark))
    assert (method, path) == ("PATCH", f"/api/v2/clients/{app}")
    body = {"credential_type": "public_key", "pem": kf.spki_pem(kf.rsa_key(2048, 121))}
    signed = tenant.create_app("cli alg pkjwt",
                               client_authentication_methods={"private_key_jwt": {"credentials": [body]}})  # fmt: skip
    mark = tenant.log_mark()
    hs = run(cli.config, capsys, "auth", "alg", signed, "--alg", "HS256", "--allow-breaking")
    assert hs.code == 2
    assert "HS256 cannot be used with Private Key JWT" in hs.err
    assert writes(tenant.requests_since(mark)) == []
    same = run(cli.config, capsys, "auth", "alg", signed, "--alg", "RS256", "--json")
    assert same.code == 0 and same.json()["sent"] is False


def test_application_json_has_jwt_alg(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    app, _ = secret_app(tenant, "cli alg json")
    data = run(cli.config, capsys, "apps", "show", app, "--json").json()
    assert data["jwt_alg"] == "RS256"
    assert json.dumps(data)  # plain JSON
