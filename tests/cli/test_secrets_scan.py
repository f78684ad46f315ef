"""The secrets scan, headless: every command's stdout and stderr, and the tenant's log.

Known values: the management client secret (in the profile), a private key in a
file (its PEM body), and any access token (the JWT shape). The commands run as
scripts run them, human and ``--json``, including the failures.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from tests import keyfactory as kf
from tests.cli.conftest import Cli, Result, Tenant, run_in_process

_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}")


def _body(pem: str) -> str:
    return [line for line in pem.splitlines() if line and not line.startswith("-----")][1][:48]


@pytest.mark.slow
def test_no_command_prints_a_secret(cli: Cli, tenant: Tenant, tmp_path: Path) -> None:
    key = kf.rsa_key(2048, 90)
    private = tmp_path / "svc.pem"
    private.write_text(kf.private_pem(key))
    private.chmod(0o600)
    public = tmp_path / "svc.pub"
    public.write_text(kf.spki_pem(key))
    secrets = {"client secret": tenant.client_secret, "private key": _body(kf.private_pem(key))}
    app = tenant.create_app("scan target")
    runs: list[tuple[str, Result]] = []

    def run(*args: str, stdin: str | None = None) -> Result:
        done = cli(*args, stdin=stdin)
        runs.append((" ".join(args), done))
        return done

    for fmt in ((), ("--json",)):
        run("apps", "list", *fmt)
        run("apps", "show", app, *fmt)
        run("creds", "list", app, *fmt)
        run("auth", "show", app, *fmt)
        run("profile", "list", *fmt)
        run("profile", "show", *fmt)
        run("check", "--client", app, *fmt)
    refused = run("creds", "add", app, "--type", "public_key", "--pem", str(private))
    assert refused.code == 2
    refused_stdin = run(
        "creds", "add", app, "--type", "public_key", "--pem", "-", stdin=private.read_text()
    )
    assert refused_stdin.code == 2
    added = run("creds", "add", app, "--type", "public_key", "--pem", str(public), "--attach",
                "--allow-breaking")  # fmt: skip
    assert added.code == 0, added.err
    tested = run("test", app, "--key", str(private), "--json")
    assert tested.code == 0 and tested.json()["ok"] is True, tested.err
    run("test", app, "--key", str(private))
    wrong = run("profile", "add", "leak", "--domain", "example.auth0.com", "--client-id", "x",
                "--client-secret", tenant.client_secret)  # fmt: skip
    assert wrong.code == 2

    hits = [
        f"{label} in `credtui {args}` {stream}"
        for args, done in runs
        for stream, text in (("stdout", done.out), ("stderr", done.err))
        for label, value in [*secrets.items(), ("a token", "")]
        if (value and value in text) or (not value and _JWT.search(text))
    ]
    log = str(tenant.control("GET", "requests"))
    hits += [f"{label} in the tenant's request log" for label, v in secrets.items() if v in log]
    assert len(runs) == 20
    assert hits == []


@pytest.mark.slow
def test_every_json_output_and_the_new_surfaces_print_no_secret(
    cli: Cli,
    tenant: Tenant,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Issue 19: ``--json`` of every command, the token test (key and certificate), keygen's
    output, and a private key given where a path belongs, scanned for every secret."""
    key = kf.rsa_key(2048, 93)
    private = tmp_path / "svc.pem"
    private.write_text(kf.private_pem(key))
    private.chmod(0o600)
    public = tmp_path / "svc.pub"
    public.write_text(kf.spki_pem(key))
    cert = tmp_path / "svc.crt"
    cert.write_text(kf.cert_pem(kf.self_signed_cert(key)))
    pasted = kf.private_pem(kf.rsa_key(2048, 94))  # given where a path belongs
    secrets = {
        "client secret": tenant.client_secret,
        "private key": _body(kf.private_pem(key)),
        "pasted private key": _body(pasted),
    }
    app = tenant.create_app("json scan target")
    runs: list[tuple[str, Result]] = []

    def run(*args: str) -> Result:
        done = run_in_process([*args, "--config", str(cli.config)], capsys)
        runs.append((" ".join(args), done))
        return done

    caplog.set_level(logging.DEBUG)
    added = run("creds", "add", app, "--type", "public_key", "--pem", str(public), "--attach",
                "--allow-breaking", "--json")  # fmt: skip
    assert added.code == 0, added.err
    cid = added.json()["id"]
    x509 = run("creds", "add", app, "--type", "x509_cert", "--pem", str(cert), "--json")
    assert x509.code == 0, x509.err
    args: tuple[str, ...]
    for args in (
        ("apps", "list"),
        ("apps", "show", app),
        ("creds", "list", app),
        ("auth", "show", app),
        ("creds", "expire", app, cid, "--at", "+90d"),
        ("auth", "jar", app, "--required", "--credential", cid),
        ("auth", "jar", app, "--not-required"),
        ("auth", "binding", app, "--on"),
        ("auth", "vault", app, "--credential", cid),
        ("auth", "set", app, "--method", "private_key_jwt", "--credential", cid, "--dry-run"),
        ("test", app, "--key", str(private)),
        ("test", app, "--cert", str(cert), "--key", str(private)),
        ("keygen", "--out", str(tmp_path / "made.pem")),
        ("keygen", "--out", str(tmp_path / "made-cert.pem"), "--cert"),
        ("check", "--client", app),
        ("profile", "add", "other", "--domain", "example.auth0.com", "--token-env", "OTHER_TOKEN"),
        ("profile", "list"),
        ("profile", "show"),
        ("profile", "remove", "other"),
        ("creds", "delete", app, x509.json()["id"], "--yes"),
    ):
        done = run(*args, "--json")
        assert done.code in (0, 1, 3), (args, done.err)  # 1: check found; 3: mTLS refused
        if done.out:
            done.json()
    assert run("test", app, "--key", str(private)).code == 0
    assert run("keygen", "--out", str(tmp_path / "plain.pem")).code == 0
    made = [tmp_path / name for name in ("made.pem", "made-cert.pem", "plain.pem")]
    secrets.update({f"generated key {p.name}": _body(p.read_text()) for p in made})
    for args in (
        ("test", app, "--key", pasted),
        ("test", app, "--cert", pasted, "--key", str(private)),
        ("creds", "add", app, "--type", "public_key", "--pem", pasted),
        ("keygen", "--out", pasted),
        (
            "profile",
            "add",
            "leak",
            "--domain",
            "example.auth0.com",
            "--client-id",
            "x",
            "--private-key-file",
            pasted,
        ),
    ):
        assert run(*args).code == 2
        assert run(*args, "--json").code == 2

    hits = [
        f"{label} in `credtui {args}` {stream}"
        for args, done in runs
        for stream, text in (("stdout", done.out), ("stderr", done.err))
        for label, value in [*secrets.items(), ("a token", "")]
        if (value and value in text) or (not value and _JWT.search(text))
    ]
    hits += [
        f"{label} in the log ({record.name})"
        for record in caplog.records
        for label, value in secrets.items()
        if value in record.getMessage()
    ]
    log = str(tenant.control("GET", "requests"))
    hits += [f"{label} in the tenant's request log" for label, v in secrets.items() if v in log]
    assert len(runs) == 34
    assert hits == []
