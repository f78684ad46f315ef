"""The secrets scan, headless: every command's stdout and stderr, and the tenant's log.

Known values: the management client secret (in the profile), a private key in a
file (its PEM body), and any access token (the JWT shape). The commands run as
scripts run them, human and ``--json``, including the failures.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests import keyfactory as kf
from tests.cli.conftest import Cli, Result, Tenant

_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}")


def _body(pem: str) -> str:
    return [line for line in pem.splitlines() if line and not line.startswith("-----")][1][:48]


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
