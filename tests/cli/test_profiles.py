"""``credtui profile``: the config file as the TUI writes it; secrets only from env or stdin."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path
from typing import Any

import pytest

from credtui.config import ConfigError, Profile, check_profile
from tests.cli.conftest import Cli, Tenant, run_in_process

SEED = "empty"  # every test here makes its own applications

SECRET = "s3cr3t-value-that-must-never-show"


@pytest.fixture
def run(tmp_path: Path) -> Cli:
    """``credtui`` on a config file that does not exist yet."""
    return Cli(tmp_path / "cfg" / "config.toml", tmp_path)


def test_add_list_show_default_remove(run: Cli, tenant: Tenant) -> None:
    added = run("profile", "add", "local", "--domain", tenant.base_url,
                "--client-id", tenant.client_id, "--client-secret-stdin", "--json",
                stdin=tenant.client_secret + "\n")  # fmt: skip
    assert added.code == 0, added.err
    assert added.json()["client_secret_in_file"] is True and added.json()["default"] is True
    assert stat.S_IMODE(run.config.stat().st_mode) == 0o600
    saved = tomllib.loads(run.config.read_text())
    assert saved["profiles"]["local"]["client_secret"] == tenant.client_secret
    assert tenant.client_secret not in added.out + added.err
    # The saved profile works: a real call with it.
    assert run("apps", "list", "--json").code == 0
    env = run("profile", "add", "ci", "--domain", "acme.eu.auth0.com", "--client-id", "abc",
              "--client-secret-env", "ACME_SECRET", "--default")  # fmt: skip
    assert env.code == 0, env.err
    listed = run("profile", "list", "--json").json()
    assert [(p["name"], p["default"], p["token_source"]) for p in listed] == [
        ("local", False, "client_secret"),
        ("ci", True, "client_secret"),
    ]
    assert listed[1]["client_secret_env"] == "ACME_SECRET"
    table = run("profile", "list")
    assert "*\tci\t" in table.out and "\tlocal\t" in table.out and "acme.eu.auth0.com" in table.out
    as_json = run("profile", "show", "ci", "--json").json()
    assert as_json["client_secret_env"] == "ACME_SECRET" and as_json["default"] is True
    shown = run("profile", "show", "local")
    assert "client_secret_in_file: yes" in " ".join(shown.out.split()).replace(":  ", ": ")
    assert tenant.client_secret not in shown.out + shown.err
    assert run("profile", "default", "local").code == 0
    assert tomllib.loads(run.config.read_text())["default"] == "local"
    assert run("profile", "remove", "ci", "--json").json() == {"removed": "ci", "default": "local"}
    assert list(tomllib.loads(run.config.read_text())["profiles"]) == ["local"]


def test_a_secret_on_the_command_line_is_refused_without_echo(run: Cli) -> None:
    for flag in ("--client-secret", "--token"):
        done = run("profile", "add", "p", "--domain", "acme.eu.auth0.com", "--client-id", "x",
                   flag, SECRET)  # fmt: skip
        assert done.code == 2
        assert "never taken on the command line" in done.err
        assert SECRET not in done.out + done.err
    assert not run.config.exists()


@pytest.mark.parametrize(
    ("args", "fields"),
    [
        (["--domain", "http://example.com", "--token-env", "T"],
         {"domain": "http://example.com", "token_env": "T"}),
        (["--domain", "acme.eu.auth0.com"], {"domain": "acme.eu.auth0.com"}),
        (["--domain", "acme.eu.auth0.com", "--token-env", "T", "--client-id", "x"],
         {"domain": "acme.eu.auth0.com", "token_env": "T", "client_id": "x"}),
        (["--domain", "acme.eu.auth0.com", "--client-id", "x", "--client-secret-env", "1BAD"],
         {"domain": "acme.eu.auth0.com", "client_id": "x", "client_secret_env": "1BAD"}),
    ],
)  # fmt: skip
def test_the_tuis_profile_checks_refuse_with_exit_2(
    run: Cli, args: list[str], fields: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ConfigError) as expected:
        check_profile(Profile(name="p", **fields))
    done = run_in_process(["profile", "add", "p", *args, "--config", str(run.config)], capsys)
    assert done.code == 2
    assert expected.value.reason in done.err
    assert not run.config.exists()


def test_a_duplicate_name_and_unknown_profiles(run: Cli) -> None:
    args = ["--domain", "acme.eu.auth0.com", "--token-env", "T"]
    assert run("profile", "add", "p", *args).code == 0
    before = run.config.read_text()
    again = run("profile", "add", "p", *args)
    assert again.code == 2 and "already exists" in again.err
    assert run.config.read_text() == before
    assert run("profile", "remove", "nope").code == 2
    assert run("profile", "default", "nope").code == 2
    stdin_empty = run("profile", "add", "q", "--domain", "acme.eu.auth0.com", "--client-id",
                      "x", "--client-secret-stdin", stdin="")  # fmt: skip
    assert stdin_empty.code == 2 and "read nothing" in stdin_empty.err


def test_profile_add_reports_every_problem_at_once(run: Cli) -> None:
    """Issue 22 (11): a bad name and a bad domain are both said, not one after the other."""
    bad = run("profile", "add", "-bad name", "--domain", "http://attacker.example",
              "--client-id", "abc", "--client-secret-env", "ACME_SECRET")  # fmt: skip
    assert bad.code == 2
    assert "key 'name'" in bad.err and "key 'domain'" in bad.err, bad.err
    assert not run.config.exists()
