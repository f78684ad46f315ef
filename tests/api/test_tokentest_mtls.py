"""The mTLS token test (``credtui.ops.tokentest_mtls.try_mtls``) against the in-process tenant.

Asserts on what went on the wire (the edge headers, the body, never the private
key) and on the words each failure gets: method not enabled, not attached,
expired credential, DN mismatch, a key that is not the certificate's, a real
tenant (refused before anything is sent).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from credtui import keys
from credtui.api import ManagementClient
from credtui.emulator.store import Client
from credtui.errors import LocalValidationError
from credtui.ops.tokentest_mtls import (
    EDGE_CA_VERIFIED,
    EDGE_SELF_SIGNED,
    read_certificate,
    try_mtls,
)
from tests import keyfactory as kf
from tests.api.harness import TENANT_NOW, Harness

TREASURY_DN = "C=GB\nO=Acme Corp\nOU=Treasury\nCN=treasury-gateway.acme.example"
TREASURY = kf.name(
    (NameOID.COUNTRY_NAME, "GB"),
    (NameOID.ORGANIZATION_NAME, "Acme Corp"),
    (NameOID.ORGANIZATIONAL_UNIT_NAME, "Treasury"),
    (NameOID.COMMON_NAME, "treasury-gateway.acme.example"),
)


def key(i: int) -> rsa.RSAPrivateKey:
    return kf.rsa_key(2048, 60 + i)


def info(cert: x509.Certificate) -> keys.PemInfo:
    return keys.inspect_pem(kf.cert_pem(cert))


def self_signed(i: int, **kw: Any) -> keys.PemInfo:
    return info(kf.self_signed_cert(key(i), **kw))


def x509_cred(name: str, cert: keys.PemInfo) -> dict[str, str]:
    return {"credential_type": "x509_cert", "name": name, "pem": cert.pem}


def fleet(h: Harness, cert: keys.PemInfo, *, binding: bool = True, **kw: Any) -> Client:
    """An application on self-signed mTLS with ``cert`` attached, a grant, binding on."""
    return h.emu.create_application(
        "Fleet",
        method="self_signed_tls_client_auth",
        credentials=[x509_cred("fleet-cert", cert)],
        extra={"access_token": {"tls_client_certificate_binding": binding}},
        grant_scopes=["read:clients"],
        **kw,
    )


def token_requests(h: Harness) -> list[httpx.Request]:
    return h.sent("POST", "/oauth/token")[1:]  # the first is the management token


async def test_self_signed_bound_token_matches_the_thumbprint(h: Harness) -> None:
    cert = self_signed(0)
    app = fleet(h, cert)
    result = await try_mtls(h.client(), app.client_id, cert, key(0), now=TENANT_NOW)
    assert result.ok and result.authenticated and result.status == 200
    assert result.token_type == "Bearer" and result.expires_in == 86400
    assert result.scope == "read:clients"
    assert result.edge_verified == EDGE_SELF_SIGNED
    assert result.cnf_thumbprint == cert.thumbprint_sha256 and result.cnf_matches is True
    assert result.credential is not None and result.credential.name == "fleet-cert"
    assert result.explanation == (
        "Bound to this certificate: the token's cnf.x5t#S256 matches the certificate's thumbprint.",
    )
    # On the wire: exactly the edge's headers and client_id in the body; no private key.
    (sent,) = token_requests(h)
    assert unquote(sent.headers["client-certificate"]) == cert.pem
    assert "%0A" in sent.headers["client-certificate"]
    assert sent.headers["client-certificate-ca-verified"] == "FAILED: self signed certificate"
    body = dict(parse_qsl(sent.content.decode()))
    assert body["client_id"] == app.client_id and body["grant_type"] == "client_credentials"
    assert "client_assertion" not in body and "client_secret" not in body
    private = kf.private_pem(key(0))
    lines = [x for x in private.splitlines() if x and not x.startswith("-----")]
    wire = sent.content.decode() + repr(dict(sent.headers))
    assert not any(line in wire for line in lines) and kf.PRIVATE not in unquote(wire)


async def test_ca_signed_by_subject_dn_and_an_unbound_token(h: Harness) -> None:
    cert = info(kf.ca_signed_cert(key(1).public_key(), subject=TREASURY))
    assert not cert.self_signed
    app = h.emu.create_application(
        "Treasury",
        method="tls_client_auth",
        credentials=[
            {"credential_type": "cert_subject_dn", "name": "gw", "subject_dn": TREASURY_DN}
        ],
        grant_scopes=["read:clients"],
    )
    result = await try_mtls(h.client(), app.client_id, cert, key(1), now=TENANT_NOW)
    assert result.ok and result.edge_verified == EDGE_CA_VERIFIED
    assert result.cnf_thumbprint is None and result.cnf_matches is None
    assert result.credential is not None and result.credential.name == "gw"
    assert "Not bound: token binding is off" in result.explanation[0]
    (sent,) = token_requests(h)
    assert sent.headers["client-certificate-ca-verified"] == "SUCCESS"


async def test_method_not_enabled_and_not_uploaded(h: Harness) -> None:
    cert = self_signed(2)
    app = h.emu.create_application(
        "Keys Only", method="private_key_jwt", grant_scopes=["read:clients"]
    )
    result = await try_mtls(h.client(), app.client_id, cert, key(2), now=TENANT_NOW)
    assert not result.ok and not result.authenticated and result.status == 401
    assert result.explanation == (
        "mTLS is not enabled for Keys Only: it authenticates with private_key_jwt. Enable it "
        f"with `credtui auth set {app.client_id} --method self_signed_tls_client_auth "
        "--credential CREDENTIAL_ID`.",
        f"This certificate is not one of Keys Only's credentials (its thumbprint is "
        f"{cert.thumbprint_sha256}); upload it with `credtui creds add {app.client_id} "
        "--type x509_cert --pem CERT_FILE --attach`.",
    )


async def test_uploaded_but_not_attached(h: Harness) -> None:
    attached, spare = self_signed(3), self_signed(4)
    app = fleet(h, attached, unattached=[x509_cred("spare", spare)])
    result = await try_mtls(h.client(), app.client_id, spare, key(4), now=TENANT_NOW)
    assert not result.ok and result.status == 401
    (words,) = result.explanation
    assert words.startswith("The certificate is uploaded as spare (cred_")
    assert "not attached to mTLS (self-signed) (it is attached to nothing)" in words


async def test_an_expired_credential(h: Harness) -> None:
    old = self_signed(5, not_before=TENANT_NOW - timedelta(days=400), days=365)
    app = fleet(h, old)
    result = await try_mtls(h.client(), app.client_id, old, key(5), now=TENANT_NOW)
    assert not result.ok and result.status == 401
    (words,) = result.explanation
    assert "fleet-cert" in words and "expired on 2026-04-27 12:00 UTC" in words
    assert "Auth0 ignores expired credentials" in words


async def test_a_subject_dn_that_does_not_match(h: Harness) -> None:
    cert = info(kf.ca_signed_cert(key(6).public_key()))  # the facts sheet's DN, not Treasury's
    app = h.emu.create_application(
        "Treasury DN",
        method="tls_client_auth",
        credentials=[
            {"credential_type": "cert_subject_dn", "name": "gw", "subject_dn": TREASURY_DN}
        ],
        grant_scopes=["read:clients"],
    )
    result = await try_mtls(h.client(), app.client_id, cert, key(6), now=TENANT_NOW)
    assert not result.ok and result.status == 401
    (words,) = result.explanation
    assert words.startswith(
        "The certificate's subject DN (C=es, ST=Madrid, L=Madrid, O=Okta, OU=DX-CDT, "
        "CN=Developer Experience) matches none of Treasury DN's CA-signed credentials "
        "(registered: gw: C=GB, O=Acme Corp, OU=Treasury, CN=treasury-gateway.acme.example)"
    )
    # A self-signed certificate on the CA-signed method: the edge says FAILED, in words.
    own = self_signed(7)
    other = await try_mtls(h.client(), app.client_id, own, key(7), now=TENANT_NOW)
    assert other.edge_verified == EDGE_SELF_SIGNED and not other.ok
    assert (
        "The certificate is self-signed, so the edge reports FAILED: self signed "
        in (other.explanation[0])
    )


async def test_refused_before_sending_wrong_key_and_real_tenant(h: Harness) -> None:
    cert = self_signed(8)
    app = fleet(h, cert)
    with pytest.raises(LocalValidationError) as wrong:
        await try_mtls(h.client(), app.client_id, cert, key(9), now=TENANT_NOW)
    assert wrong.value.field == "key" and wrong.value.code == "key_mismatch"
    assert "This private key does not belong to the certificate" in wrong.value.message
    assert h.token_log() == []  # nothing reached the token endpoint

    real = ManagementClient("https://acme.eu.auth0.com", h.secret_source(), transport=h.wire)
    try:
        with pytest.raises(LocalValidationError) as edge:
            await try_mtls(real, app.client_id, cert, key(8), now=TENANT_NOW)
    finally:
        await real.aclose()
    assert edge.value.code == "needs_edge"
    assert "has to go through your edge: acme.eu.auth0.com is a real tenant" in (edge.value.message)
    assert "Nothing was sent" in edge.value.message
    assert h.wire.sent == []  # not even the management token was asked for


def test_read_certificate_refuses_what_is_not_a_certificate(tmp_path: Path) -> None:
    good = tmp_path / "good.crt"
    good.write_text(kf.cert_pem(kf.self_signed_cert(key(0))))
    assert read_certificate(good).is_certificate
    cases = {
        "key.pem": (kf.private_pem(key(0)), "key.pem holds a private key; give the certificate"),
        "key.pub": (kf.spki_pem(key(0)), "key.pub holds a public key, not a certificate"),
        "chain.crt": (
            kf.cert_pem(kf.ca_signed_cert()) + kf.cert_pem(kf.ca()[1]),
            "This holds 2 certificates (a chain); give only the leaf",
        ),
    }
    for file, (text, words) in cases.items():
        (tmp_path / file).write_text(text)
        with pytest.raises(LocalValidationError) as refused:
            read_certificate(tmp_path / file)
        assert refused.value.field == "cert" and words in refused.value.message
        assert kf.PRIVATE not in refused.value.message
    with pytest.raises(LocalValidationError, match="Cannot read"):
        read_certificate(tmp_path / "missing.crt")


async def test_an_expired_ca_signed_certificate_fails_at_the_edge(h: Harness) -> None:
    start = TENANT_NOW - timedelta(days=400)
    cert = info(kf.ca_signed_cert(key(10).public_key(), subject=TREASURY, not_before=start))
    app = h.emu.create_application(
        "Treasury Old",
        method="tls_client_auth",
        credentials=[{"credential_type": "cert_subject_dn", "subject_dn": TREASURY_DN}],
        grant_scopes=["read:clients"],
    )
    result = await try_mtls(h.client(), app.client_id, cert, key(10), now=TENANT_NOW)
    assert not result.ok and result.edge_verified == "FAILED: certificate has expired"
    (sent,) = token_requests(h)
    assert sent.headers["client-certificate-ca-verified"] == "FAILED: certificate has expired"
    assert result.explanation == (
        "The certificate expired on 2026-04-27 12:00 UTC, so the edge cannot verify it "
        "(FAILED: certificate has expired) and Auth0 does not accept it for tls_client_auth. "
        "Renew the certificate with your CA.",
    )
