"""``credtui test CLIENT_ID --cert FILE --key FILE``: mTLS as the edge forwards it, local only."""

from __future__ import annotations

from pathlib import Path

import pytest

from credtui import keys
from tests import keyfactory as kf
from tests.cli.conftest import Cli, Tenant

SEED = "empty"  # every test here makes its own applications


def cert_files(tmp_path: Path, name: str, index: int) -> tuple[Path, Path]:
    """A self-signed certificate and its private key (0600), from the test key cache."""
    key = kf.rsa_key(2048, index)
    cert, pem = tmp_path / f"{name}.crt", tmp_path / f"{name}.pem"
    cert.write_text(kf.cert_pem(kf.self_signed_cert(key)))
    pem.write_text(kf.private_pem(key))
    pem.chmod(0o600)
    return cert, pem


@pytest.mark.slow
def test_a_bound_token_and_the_failures(cli: Cli, tenant: Tenant, tmp_path: Path) -> None:
    cert, key = cert_files(tmp_path, "fleet", 210)
    other_cert, other_key = cert_files(tmp_path, "other", 211)
    thumbprint = keys.inspect_pem(cert.read_text()).thumbprint_sha256
    app = tenant.create_app(
        "cli mtls",
        client_authentication_methods={"self_signed_tls_client_auth": {"credentials": [
            {"credential_type": "x509_cert", "name": "fleet", "pem": cert.read_text()}]}},
        access_token={"tls_client_certificate_binding": True},
    )  # fmt: skip
    mark = tenant.log_mark()
    done = cli("test", app, "--cert", str(cert), "--key", str(key), "--json")
    assert done.code == 0, done.err
    data = done.json()
    assert data["ok"] is True and data["method"] == "self_signed_tls_client_auth"
    assert data["edge_verified"] == "FAILED: self signed certificate"
    assert data["cnf_x5t_s256"] == data["certificate_thumbprint"] == thumbprint
    assert data["cnf_matches"] is True and data["alg"] is None
    assert data["scope"] == "read:clients" and data["credential"]["name"] == "fleet"
    tokens = [e for e in tenant.requests_since(mark) if e["path"] == "/oauth/token"]
    assert [e["status"] for e in tokens][-1:] == [200]

    human = cli("test", app, "--cert", str(cert), "--key", str(key))
    assert human.code == 0, human.err
    assert "edge header: client-certificate-ca-verified: FAILED: self signed certificate" in (
        human.out
    )
    assert "bound:       yes, cnf.x5t#S256 matches the certificate" in human.out
    assert "Bound to this certificate" in human.err
    for run in (done, human):
        assert "eyJ" not in run.out + run.err and kf.PRIVATE not in run.out + run.err

    # A certificate the application does not hold: refused (3), and why.
    stranger = cli("test", app, "--cert", str(other_cert), "--key", str(other_key))
    assert stranger.code == 3
    assert "refused (401 access_denied)" in stranger.out
    assert "This certificate is not one of cli mtls's credentials" in stranger.err

    # The application on another method: mTLS not enabled.
    pjwt = tenant.create_app("cli mtls off", client_authentication_methods={"private_key_jwt": {
        "credentials": [{"credential_type": "public_key", "pem": kf.spki_pem(kf.rsa_key(2048, 212))}]}})  # fmt: skip
    off = cli("test", pjwt, "--cert", str(cert), "--key", str(key), "--json")
    assert off.code == 3
    assert off.json()["explanation"][0].startswith(
        "mTLS is not enabled for cli mtls off: it authenticates with private_key_jwt."
    )

    # Refused before sending: the key of another certificate; --alg with --cert.
    mark = tenant.log_mark()
    wrong = cli("test", app, "--cert", str(cert), "--key", str(other_key))
    assert wrong.code == 2 and "This private key does not belong to the certificate" in wrong.err
    mixed = cli("test", app, "--cert", str(cert), "--key", str(key), "--alg", "PS256")
    assert mixed.code == 2 and "--alg and --kid belong to Private Key JWT" in mixed.err
    assert not [e for e in tenant.requests_since(mark) if e["path"] == "/oauth/token"]


def test_a_real_tenant_is_refused_without_sending(tmp_path: Path) -> None:
    cert, key = cert_files(tmp_path, "edge", 213)
    config = tmp_path / "real.toml"
    config.write_text(
        'default = "prod"\n[profiles.prod]\ndomain = "acme.eu.auth0.com"\n'
        'client_id = "AbCdEfGhIjKlMnOpQrStUvWxYz012345"\nclient_secret = "not-a-real-secret"\n'
    )
    config.chmod(0o600)
    done = Cli(config, tmp_path)("test", "AbCdEfGhIjKlMnOpQrStUvWxYz012345",
                                 "--cert", str(cert), "--key", str(key))  # fmt: skip
    assert done.code == 2
    assert "An mTLS test has to go through your edge: acme.eu.auth0.com is a real tenant" in (
        done.err
    )
    assert "Nothing was sent" in done.err and "not-a-real-secret" not in done.err
