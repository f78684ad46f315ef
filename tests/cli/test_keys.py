"""``keygen`` writes safe files; ``test`` gets a real token or explains why not."""

from __future__ import annotations

import json
import stat
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from credtui import keys
from tests import keyfactory as kf
from tests.cli.conftest import Cli, Tenant

SEED = "empty"  # every test here makes its own applications


def keygen(cli: Cli, out: Path, *extra: str) -> dict[str, object]:
    done = cli("keygen", "--out", str(out), "--json", *extra)
    assert done.code == 0, done.err
    data: dict[str, object] = done.json()
    return data


def test_keygen_writes_a_private_key_0600_and_never_overwrites(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "svc.pem"
    made = keygen(cli, out)
    assert made["private_key_file"] == str(out) and made["public_file"] == str(tmp_path / "svc.pub")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    private = keys.load_private_key(out)
    info = keys.inspect_pem((tmp_path / "svc.pub").read_text())
    assert info.kid == made["kid"] == keys.kid_for_public_key(private.public_key())
    assert private.key_size == 2048
    before = out.read_bytes()
    again = cli("keygen", "--out", str(out))
    assert again.code == 2 and "already exists" in again.err and "never overwrites" in again.err
    assert out.read_bytes() == before
    (tmp_path / "lone.pub").write_text("not mine")
    lone = cli("keygen", "--out", str(tmp_path / "lone.pem"))
    assert lone.code == 2 and not (tmp_path / "lone.pem").exists()
    assert (tmp_path / "lone.pub").read_text() == "not mine"
    assert "PRIV" not in again.out + again.err + lone.err


@pytest.mark.slow
def test_keygen_certificate(cli: Cli, tmp_path: Path) -> None:
    made = keygen(
        cli, tmp_path / "dev.pem", "--cert", "--days", "10", "--subject", "CN=dev,O=Acme",
        "--bits", "3072",
    )  # fmt: skip
    cert = keys.inspect_pem((tmp_path / "dev.crt").read_text())
    assert cert.is_certificate and cert.key_size == 3072
    assert made["subject_dn"] == cert.subject_dn == "O=Acme\nCN=dev"
    assert made["thumbprint_sha256"] == cert.thumbprint_sha256
    assert cert.not_after is not None
    assert abs(cert.not_after - (datetime.now(UTC) + timedelta(days=10))) < timedelta(minutes=5)
    human = cli("keygen", "--out", str(tmp_path / "plain.pem"), "--bits", "4096")
    assert human.code == 0, human.err
    assert f"private key: {tmp_path / 'plain.pem'} (0600" in human.out
    assert f"public key:  {tmp_path / 'plain.pub'}" in human.out
    assert keys.load_private_key(tmp_path / "plain.pem").key_size == 4096
    bad = cli("keygen", "--out", str(tmp_path / "x.pem"), "--bits", "1024")
    assert bad.code == 2 and not (tmp_path / "x.pem").exists()


_NEXT_KEY = iter(range(100, 200))


def _key_files(tmp_path: Path, name: str) -> Path:
    """A private key file (0600) and its ``.pub`` beside it, from the test key cache."""
    key = kf.rsa_key(2048, next(_NEXT_KEY))
    path = tmp_path / f"{name}.pem"
    path.write_text(kf.private_pem(key))
    path.chmod(0o600)
    path.with_suffix(".pub").write_text(kf.spki_pem(key))
    return path


def _pjwt_app(tenant: Tenant, tmp_path: Path, name: str) -> tuple[str, Path, Path]:
    """An application on Private Key JWT with key A attached and key B uploaded, not attached."""
    a, b = _key_files(tmp_path, f"{name}-a"), _key_files(tmp_path, f"{name}-b")
    app = tenant.create_app(name, client_authentication_methods={"private_key_jwt": {
        "credentials": [{"credential_type": "public_key", "name": "a",
                         "pem": a.with_suffix(".pub").read_text()}]}})  # fmt: skip
    tenant.api("POST", f"clients/{app}/credentials", {
        "credential_type": "public_key", "name": "b", "pem": b.with_suffix(".pub").read_text()})  # fmt: skip
    return app, a, b


def test_a_working_key_gets_a_token(cli: Cli, tenant: Tenant, tmp_path: Path) -> None:
    app, a, _ = _pjwt_app(tenant, tmp_path, "cli test ok")
    mark = tenant.log_mark()
    done = cli("test", app, "--key", str(a), "--json")
    assert done.code == 0, done.err
    data = done.json()
    assert data["ok"] is True and data["authenticated"] is True
    assert data["token_type"] == "Bearer" and data["scope"] == "read:clients"
    assert data["expires_in"] == 86400 and data["credential"]["name"] == "a"
    assert "eyJ" not in done.out + done.err  # the token itself is never shown
    token_calls = [e for e in tenant.requests_since(mark) if e["path"] == "/oauth/token"]
    assert token_calls[-1]["status"] == 200
    human = cli("test", app, "--key", str(a))
    assert "token issued" in human.out and "read:clients" in human.out


def test_a_key_that_authenticates_an_app_without_a_grant(
    cli: Cli, tenant: Tenant, tmp_path: Path
) -> None:
    key = _key_files(tmp_path, "nogrant")
    app = tenant.create_app("cli no grant", grant=False, client_authentication_methods={
        "private_key_jwt": {"credentials": [{"credential_type": "public_key",
                                             "pem": key.with_suffix(".pub").read_text()}]}})  # fmt: skip
    done = cli("test", app, "--key", str(key), "--json")
    assert done.code == 0, done.err  # the key works; the API grant is another matter
    data = done.json()
    assert data["ok"] is False and data["authenticated"] is True and data["status"] == 403
    assert "authenticated cli no grant, but the tenant issued no token" in done.err


@pytest.mark.slow
def test_failures_are_explained(cli: Cli, tenant: Tenant, tmp_path: Path) -> None:
    app, a, b = _pjwt_app(tenant, tmp_path, "cli test fail")
    cases = [
        (["--key", str(b)], "not attached to Private Key JWT"),
        (["--key", str(a), "--kid", "not-the-kid-123"], "kid not-the-kid-123 is not the kid of a"),
        (["--key", str(a), "--alg", "PS256"], "registered for RS256 but the assertion was signed with PS256"),
    ]  # fmt: skip
    for args, words in cases:
        done = cli("test", app, *args)
        assert done.code == 3, done.err
        assert words in done.err
        assert "refused (401 access_denied)" in done.out
    secret_app = tenant.create_app("cli test secret")
    tenant.api("POST", f"clients/{secret_app}/credentials", {
        "credential_type": "public_key", "pem": a.with_suffix(".pub").read_text()})  # fmt: skip
    off = cli("test", secret_app, "--key", str(a), "--json")
    assert off.code == 3
    assert any("Private Key JWT is not enabled" in e for e in off.json()["explanation"])
    unknown = cli("test", app, "--key", str(tmp_path / "missing.pem"))
    assert unknown.code == 2 and "Cannot read" in unknown.err
    public = cli("test", app, "--key", str(a.with_suffix(".pub")))
    assert public.code == 2 and "signing needs the matching private key" in public.err


@pytest.mark.slow
def test_an_expired_credential_and_a_skewed_clock(cli: Cli, tmp_path: Path) -> None:
    """Its own tenant: moving the tenant's clock must not disturb the other tests."""
    from tests.cli.conftest import start_emulator, stop_emulator, write_profile

    proc, ready = start_emulator("--seed", "empty", "--rate-limit", "off")
    tenant = Tenant(proc, ready)
    try:
        config = tmp_path / "own.toml"
        write_profile(config, tenant)
        own = Cli(config, tmp_path)
        app, a, b = _pjwt_app(tenant, tmp_path, "cli clock")
        cred = tenant.credentials(app)
        soon = datetime.now(UTC) + timedelta(seconds=2)
        first = next(c for c in cred if c["name"] == "a")
        tenant.api("PATCH", f"clients/{app}/credentials/{first['id']}",
                   {"expires_at": soon.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"})  # fmt: skip
        # Attach B beside A (no expiry) while A's two seconds run out.
        both = [c["id"] for c in cred]
        assert own("auth", "set", app, "--method", "private_key_jwt",
                   "--credential", both[0], "--credential", both[1]).code == 0  # fmt: skip
        time.sleep(max(0.0, (soon - datetime.now(UTC)).total_seconds() + 0.2))
        done = own("test", app, "--key", str(a), "--json")
        assert done.code == 3
        explained = " ".join(done.json()["explanation"])
        assert "expired on" in explained and "Auth0 ignores expired credentials" in explained
        # B is fine, but once the tenant's clock runs 2 h ahead of ours, its assertion is stale.
        assert own("test", app, "--key", str(b)).code == 0
        tenant.control("POST", "clock", {"advance_seconds": 7200})
        skew = own("test", app, "--key", str(b))
        assert skew.code == 3
        assert "clocks disagree" in skew.err and "NTP" in skew.err
    finally:
        tenant.close()
        stop_emulator(proc)
    assert json.dumps(ready["client_secret"]) not in done.out
