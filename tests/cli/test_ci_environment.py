"""The command line in CI (issue 21): configuration from the environment alone, ``--quiet``,
no TUI without a terminal, and the README's CI script run as written.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import BASE_CMD, Cli, Tenant, run_in_process
from tests.cli.test_plans import pkjwt_app

SEED = "empty"
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def env_only(tenant: Tenant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """CREDTUI_DOMAIN and friends set; the config file is one that cannot be read."""
    broken = tmp_path / "config.toml"
    broken.write_text("this is [not toml\n")
    monkeypatch.setenv("CREDTUI_CONFIG", str(broken))
    monkeypatch.setenv("CREDTUI_DOMAIN", tenant.base_url)
    monkeypatch.setenv("CREDTUI_CLIENT_ID", tenant.client_id)
    monkeypatch.setenv("CREDTUI_CLIENT_SECRET", tenant.client_secret)
    return broken


def test_the_environment_alone_is_the_profile_and_no_file_is_read(
    tenant: Tenant, env_only: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app, _ = pkjwt_app(tenant, "From Env", (301, "env-key"))
    listed = run_in_process(["apps", "list", "--json"], capsys)
    assert listed.code == 0, listed.err
    assert app in [a["client_id"] for a in json.loads(listed.out)]
    assert env_only.read_text() == "this is [not toml\n"  # neither read (it would fail) nor written


def test_an_incomplete_environment_names_the_variables_never_a_value(
    tenant: Tenant, env_only: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("CREDTUI_TOKEN", "a-ready-token-value-123")
    both = run_in_process(["apps", "list"], capsys)
    assert both.code == 2
    assert "CREDTUI_DOMAIN is set, so the profile comes from the environment" in both.err
    assert "environment, but CREDTUI_CLIENT_SECRET and CREDTUI_TOKEN are both set" in both.err
    assert tenant.client_secret not in both.err and "a-ready-token-value-123" not in both.err
    monkeypatch.delenv("CREDTUI_TOKEN")
    monkeypatch.delenv("CREDTUI_CLIENT_SECRET")
    none = run_in_process(["apps", "list"], capsys)
    assert none.code == 2 and "no secret, private key or token is set" in none.err


def test_a_token_alone_and_a_profile_named_by_credtui_profile(
    tenant: Tenant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("CREDTUI_DOMAIN", tenant.base_url)
    monkeypatch.setenv("CREDTUI_TOKEN", tenant.token())
    assert run_in_process(["apps", "list", "--json"], capsys).code == 0
    monkeypatch.delenv("CREDTUI_DOMAIN")
    monkeypatch.delenv("CREDTUI_TOKEN")
    config = tmp_path / "config.toml"
    config.write_text(
        'default = "other"\n[profiles.other]\ndomain = "http://127.0.0.1:9"\ntoken_env = "X"\n'
        f'[profiles.ci]\ndomain = "{tenant.base_url}"\nclient_id = "{tenant.client_id}"\n'
        f'client_secret = "{tenant.client_secret}"\n'
    )
    config.chmod(0o600)
    monkeypatch.setenv("CREDTUI_CONFIG", str(config))
    monkeypatch.setenv("CREDTUI_PROFILE", "ci")
    assert run_in_process(["apps", "list", "--json"], capsys).code == 0  # not the default


def test_quiet_drops_notes_and_keeps_results_and_errors(
    cli: Cli, tenant: Tenant, capsys: pytest.CaptureFixture[str]
) -> None:
    app, [old] = pkjwt_app(tenant, "Quiet", (302, "quiet-old"))
    loud = run_in_process(["creds", "rotate", app, old, "--generate", "/nonexistent/k.pem",
                           "--dry-run", "--config", str(cli.config)], capsys)  # fmt: skip
    assert loud.code == 0 and loud.out
    for where in (["--quiet", "apps", "list"], ["apps", "list", "--quiet"]):
        shown = run_in_process([*where, "--config", str(cli.config)], capsys)
        assert shown.code == 0 and "Quiet" in shown.out
    noisy = run_in_process(["profile", "default", "local", "--config", str(cli.config)], capsys)
    assert "is now the default profile" in noisy.err
    quiet = run_in_process(
        ["profile", "default", "local", "--quiet", "--config", str(cli.config)], capsys
    )
    assert quiet.code == 0 and quiet.err == ""
    failed = run_in_process(
        ["apps", "show", "nope", "--quiet", "--config", str(cli.config)], capsys
    )
    assert failed.code == 3 and failed.err  # errors are never dropped


def test_bare_credtui_without_a_terminal_prints_usage_and_exits_2(tmp_path: Path) -> None:
    done = subprocess.run(BASE_CMD, capture_output=True, text=True, timeout=30,
                          stdin=subprocess.DEVNULL, env={**os.environ, "HOME": str(tmp_path)})  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("usage: credtui")
    assert "no command given and no terminal for the TUI" in done.stderr
    assert done.stdout == ""


def test_profile_add_stores_an_absolute_key_path_that_exists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "w"
    (work / "keys").mkdir(parents=True)
    (work / "keys" / "k1.pem").write_text("placeholder, not read by profile add\n")
    monkeypatch.chdir(work)
    config = tmp_path / "cfg" / "config.toml"
    base = ["profile", "add", "p", "--domain", "acme.eu.auth0.com", "--client-id", "abc",
            "--config", str(config)]  # fmt: skip
    missing = run_in_process([*base, "--private-key-file", "keys/nope.pem"], capsys)
    assert missing.code == 2 and f"no file at {work / 'keys' / 'nope.pem'}" in missing.err
    added = run_in_process([*base, "--private-key-file", "keys/k1.pem", "--json"], capsys)
    assert added.code == 0, added.err
    assert json.loads(added.out)["private_key_file"] == str(work / "keys" / "k1.pem")


def readme_block(heading: str, language: str) -> str:
    """The first ```language block after ``heading`` in the README."""
    text = README.read_text()
    start = text.index(heading)
    found = re.search(rf"```{language}\n(.*?)```", text[start:], re.S)
    assert found, heading
    return found.group(1)


def test_the_readme_ci_script_runs_as_written(tenant: Tenant, tmp_path: Path) -> None:
    """The README's CI steps (rotation, then the nightly check), environment only."""
    app, [old] = pkjwt_app(tenant, "Payments CI", (303, "payments-ci-old"))
    script = readme_block("### The rotation step", "sh")
    assert len([line for line in script.splitlines() if line.strip()]) <= 6
    bindir = Path(BASE_CMD[0]).parent if len(BASE_CMD) == 1 else Path(sys.executable).parent
    env = {
        "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "CREDTUI_DOMAIN": tenant.base_url,
        "CREDTUI_CLIENT_ID": tenant.client_id,
        "CREDTUI_CLIENT_SECRET": tenant.client_secret,
        "CLIENT_ID": app,
        "OLD_CREDENTIAL_ID": old,
    }
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    creds = tenant.credentials(app)
    assert old not in [c["id"] for c in creds] and len(creds) == 1
    assert not (tmp_path / ".config").exists()  # no config file written
    check = readme_block("### The nightly check", "sh")
    nightly = subprocess.run(["bash", "-euo", "pipefail", "-c", check], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=120)  # fmt: skip
    assert nightly.returncode in (0, 1), nightly.stderr  # 1: something to look at, reported


def test_within_and_expires_take_the_same_spans(
    tenant: Tenant, env_only: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests import keyfactory as kf

    for within in ("30", "30d", "+30d", "12w", "6m", "1y", "48h"):
        done = run_in_process(["check", "--within", within, "--json"], capsys)
        assert done.code in (0, 1), (within, done.err)
    wrong = run_in_process(["check", "--within", "soon"], capsys)
    assert wrong.code == 2 and "such as 30d, 12w, 6m or 48h" in wrong.err
    app = tenant.create_app("Spans", jwt_configuration={"alg": "RS256"})
    pem = tmp_path / "k.pub"
    pem.write_text(kf.spki_pem(kf.rsa_key(2048, 304)))
    for expires in ("90d", "+12w", "6m", "1y"):  # with or without +, as --within
        added = run_in_process(["creds", "add", app, "--type", "public_key", "--pem", str(pem),
                                "--expires", expires, "--dry-run"], capsys)  # fmt: skip
        assert added.code == 0, (expires, added.err)
