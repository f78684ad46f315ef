"""Profile secrets in the system keyring or printed by a command (issue 24), end to end.

Against a real ``credtui emulator``: each flow adds a profile, uses it for a real
token request (``apps list``), and then scans the config file and everything
printed: the secret is in the keyring (the in-memory backend of
``tests/keyring_support.py``) or the command's own output, nowhere else.
"""

from __future__ import annotations

import io
import sys
import tomllib
from pathlib import Path

import pytest

from tests import keyfactory
from tests.cli.conftest import Result, Tenant, run_in_process
from tests.keyring_support import MemoryKeyring, memory_keyring, no_keyring

__all__ = ["memory_keyring", "no_keyring"]  # fixtures

SEED = "empty"


class Run:
    """``credtui ARGS --config FILE`` in this process, stdin given; every output kept."""

    def __init__(self, config: Path, capsys: pytest.CaptureFixture[str],
                 monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
        self.config = config
        self.capsys = capsys
        self.monkeypatch = monkeypatch
        self.printed: list[str] = []

    def __call__(self, *args: str, stdin: str = "") -> Result:
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        done = run_in_process([*args, "--config", str(self.config)], self.capsys)
        self.printed += [done.out, done.err]
        return done

    def leaks(self, secret: str) -> list[str]:
        """Where ``secret`` shows: the config file, or anything printed."""
        places = [f"output {i}" for i, text in enumerate(self.printed) if secret in text]
        if self.config.exists() and secret in self.config.read_text():
            places.append("config file")
        return places


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Run:  # fmt: skip
    return Run(tmp_path / "config.toml", capsys, monkeypatch)


def add_args(tenant: Tenant, name: str = "prod") -> list[str]:
    return ["profile", "add", name, "--domain", tenant.base_url, "--client-id", tenant.client_id]


def test_keyring_add_use_show_remove(run: Run, tenant: Tenant,
                                     memory_keyring: MemoryKeyring) -> None:  # fmt: skip
    added = run(*add_args(tenant), "--client-secret-keyring", "--json",
                stdin=tenant.client_secret + "\n")  # fmt: skip
    assert added.code == 0, added.err
    assert memory_keyring.store == {("credtui", "prod"): tenant.client_secret}
    saved = tomllib.loads(run.config.read_text())["profiles"]["prod"]
    assert saved == {"domain": tenant.base_url, "client_id": tenant.client_id,
                     "client_secret_keyring": True}  # fmt: skip
    listed = run("apps", "list", "--json")  # a real token request, with the keyring's secret
    assert listed.code == 0, listed.err
    shown = run("profile", "show", "prod", "--json").json()
    assert shown["secret_source"] == "client_secret_keyring"
    assert shown["client_secret_keyring"] is True and shown["client_secret_in_file"] is False
    text = run("profile", "show", "prod").out
    assert "client_secret_keyring" in text and "yes" in text
    removed = run("profile", "remove", "prod", "--json")
    assert removed.code == 0 and memory_keyring.store == {}
    assert run.leaks(tenant.client_secret) == []


def test_secure_moves_the_secret_from_the_file_into_the_keyring(
    run: Run, tenant: Tenant, memory_keyring: MemoryKeyring
) -> None:
    added = run(*add_args(tenant), "--client-secret-stdin", stdin=tenant.client_secret + "\n")
    assert added.code == 0 and tenant.client_secret in run.config.read_text()
    run.printed.clear()
    moved = run("profile", "secure", "prod")
    assert moved.code == 0, moved.err
    assert "moved the client secret of prod into the system keyring" in moved.err
    assert memory_keyring.store == {("credtui", "prod"): tenant.client_secret}
    saved = tomllib.loads(run.config.read_text())["profiles"]["prod"]
    assert "client_secret" not in saved and saved["client_secret_keyring"] is True
    assert run("apps", "list", "--json").code == 0  # still signs in, now from the keyring
    again = run("profile", "secure", "prod")
    assert again.code == 0 and "already keeps its secret in the system keyring" in again.err
    assert run.leaks(tenant.client_secret) == []


def test_secure_leaves_the_file_alone_when_the_keyring_fails(
    run: Run, tenant: Tenant, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(*add_args(tenant), "--client-secret-stdin", stdin=tenant.client_secret + "\n")
    before = run.config.read_text()

    def refuse(service: str, user: str, password: str) -> None:
        from keyring.errors import PasswordSetError

        raise PasswordSetError("the keychain is locked")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    failed = run("profile", "secure", "prod")
    assert failed.code == 2
    assert "the system keyring refused to store the secret: the keychain is locked" in failed.err
    assert run.config.read_text() == before  # the secret stays where it was
    assert tenant.client_secret not in failed.err


def test_no_keyring_backend_is_refused_before_a_secret_is_read(
    run: Run, tenant: Tenant, no_keyring: None
) -> None:
    added = run(*add_args(tenant), "--client-secret-keyring", stdin=tenant.client_secret + "\n")
    assert added.code == 2
    assert "no system keyring is available here" in added.err
    assert "client_secret_env" in added.err  # the other sources are named
    assert not run.config.exists()  # never the file instead
    assert sys.stdin.read() == tenant.client_secret + "\n"  # the secret was never read


def test_a_secret_command_signs_in_and_its_failure_is_explained(
    run: Run, tenant: Tenant, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")  # every log record credtui writes, scanned at the end
    helper = tmp_path / "helper.py"
    helper.write_text(f"print({tenant.client_secret!r})\n")
    command = f"{sys.executable} {helper}"
    added = run(*add_args(tenant), "--client-secret-command", command, "--json")
    assert added.code == 0, added.err
    assert added.json()["client_secret_command"] == [sys.executable, str(helper)]
    assert run("apps", "list", "--json").code == 0
    # The password manager is locked: it says so on stderr, with the secret, and fails.
    helper.write_text(
        "import sys\n"
        f"sys.stderr.write('op: session for {tenant.client_secret} expired\\n')\n"
        f"print({tenant.client_secret!r}); sys.exit(1)\n"
    )
    failed = run("apps", "list")
    assert failed.code == 2, failed.err
    assert "client_secret_command" in failed.err and "exit status 1" in failed.err
    assert "expired" in failed.err
    assert run.leaks(tenant.client_secret) == []
    assert caplog.records and tenant.client_secret not in caplog.text


def test_a_private_key_command_signs_in_with_private_key_jwt(
    run: Run, tenant: Tenant, tmp_path: Path
) -> None:
    key = keyfactory.rsa_key(2048, 42)
    cid = tenant.create_app("Key Signer", grant=False)
    tenant.control("POST", "grants", {"client_id": cid,
                                      "scopes": ["read:clients", "read:client_keys"]})  # fmt: skip
    cred = tenant.api("POST", f"clients/{cid}/credentials", {
        "credential_type": "public_key", "pem": keyfactory.spki_pem(key), "alg": "RS256"})  # fmt: skip
    tenant.api("PATCH", f"clients/{cid}", {
        "token_endpoint_auth_method": None,
        "client_authentication_methods": {"private_key_jwt": {"credentials": [{"id": cred["id"]}]}},
    })  # fmt: skip
    pem = tmp_path / "vault-holds-this.pem"
    pem.write_text(keyfactory.private_pem(key))
    command = f"{sys.executable} -c \"print(open('{pem}').read())\""
    added = run("profile", "add", "signer", "--domain", tenant.base_url, "--client-id", cid,
                "--private-key-command", command)  # fmt: skip
    assert added.code == 0, added.err
    listed = run("apps", "list", "--json", "--profile", "signer")
    assert listed.code == 0, listed.err
    assert "BEGIN" not in run.config.read_text()
