"""Testing a certificate (mTLS): a token request as the customer's edge forwards it.

:func:`try_mtls` tests a certificate (mTLS) as the customer's edge would forward
it to Auth0 (facts sheet §4.3): the leaf certificate URL-encoded in
``client-certificate``, ``client-certificate-ca-verified: SUCCESS`` for a
CA-signed certificate (``tls_client_auth``) or ``FAILED: self signed
certificate`` (``self_signed_tls_client_auth``), ``client_id`` in the body. Only
against a local tenant: a real tenant takes those headers only from the edge in
front of its custom domain, so credtui refuses rather than send them there.
Before anything is sent, the private key is checked to belong to the
certificate. A bound token's ``cnf.x5t#S256`` is read from the token's payload
(never shown) and compared with the certificate's thumbprint.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives.asymmetric import rsa

from credtui import keys
from credtui.api.tokens import management_audience
from credtui.domains import is_loopback_host
from credtui.errors import LocalValidationError
from credtui.files import FileRefused, path_refusal, read_small_file, shown_path
from credtui.models import Application, AuthMethod, Credential, CredentialType
from credtui.ops.tokentest import TokenTestResult, attachment_words, read_answer
from credtui.timefmt import absolute

if TYPE_CHECKING:
    from credtui.api.client import ManagementClient

__all__ = [
    "EDGE_CA_VERIFIED",
    "EDGE_SELF_SIGNED",
    "check_key_for_certificate",
    "diagnose_mtls",
    "edge_verdict",
    "match_certificate",
    "mtls_refusal",
    "read_certificate",
    "try_mtls",
]

EDGE_CA_VERIFIED: Final = "SUCCESS"
"""``client-certificate-ca-verified`` for a certificate the edge verified up to a CA."""
EDGE_SELF_SIGNED: Final = "FAILED: self signed certificate"
"""``client-certificate-ca-verified`` for a self-signed certificate."""
MAX_CLIENT_CERTIFICATE_BYTES: Final = 4096
"""The most Auth0 takes in ``client-certificate`` (the URL-encoded leaf PEM)."""


def mtls_refusal(base_url: str) -> str | None:
    """Why an mTLS test cannot be sent to the tenant at ``base_url``; None for a local tenant."""
    host = urlsplit(base_url).hostname or ""
    if is_loopback_host(host):
        return None
    return (
        f"An mTLS test has to go through your edge: {host} is a real tenant, and Auth0 takes a "
        "client certificate only from the customer's edge (the proxy in front of a custom "
        "domain with self-managed certificates, which checks the TLS handshake and forwards "
        "the certificate with its cname-api-key). credtui cannot send those headers in the "
        "edge's place, so it tests mTLS only against a local tenant (credtui emulator). Nothing "
        "was sent; test through your edge instead (e.g. curl --cert CERT --key KEY to its "
        "/oauth/token)."
    )


def read_certificate(path: Path) -> keys.PemInfo:
    """The certificate in the local file ``path``; refuses anything else, in words.

    Raises :class:`LocalValidationError` (field ``cert``): unreadable, not a regular
    file, a private key (refused unread, as everywhere), a bare public key, a chain.
    """
    refusal = path_refusal(path)
    if refusal is not None:
        raise LocalValidationError("cert", refusal, code="not_a_path")
    try:
        data, _ = read_small_file(path, keys.DEFAULT_MAX_BYTES)
    except FileRefused as exc:
        raise LocalValidationError(
            "cert", f"Cannot use {shown_path(path)}: it {exc}; give the PEM certificate file."
        ) from None
    except OSError as exc:
        raise LocalValidationError(
            "cert",
            f"Cannot read {shown_path(path)}: {exc.strerror or 'unreadable'}; check the path.",
        ) from None
    except ValueError:  # a NUL character: no file can have this name
        raise LocalValidationError("cert", "That is not a file name; check the path.") from None
    try:
        info = keys.inspect_pem(data)
    except keys.PemError as exc:
        if exc.code == "private_key":
            words = (
                f"{path.name} holds a private key; give the certificate here and the private "
                "key in its own field."
            )
        else:
            words = f"{path.name}: {exc.message}"
        raise LocalValidationError("cert", words, code=exc.code) from None
    if not info.is_certificate:
        raise LocalValidationError(
            "cert",
            f"{path.name} holds a public key, not a certificate; mTLS needs the X.509 "
            "certificate (for a generated key, the .crt file beside it).",
            code="not_certificate",
        )
    return info


def check_key_for_certificate(private_key: rsa.RSAPrivateKey, certificate: keys.PemInfo) -> None:
    """Refuse (field ``key``) a private key that is not the one the certificate was issued for."""
    if certificate.kid == keys.kid_for_public_key(private_key.public_key()):
        return
    raise LocalValidationError(
        "key",
        "This private key does not belong to the certificate: the certificate holds another "
        "public key, so the TLS handshake would fail at the edge. Give the key the certificate "
        "was made with (for a generated one, the .pem beside the .crt).",
        code="key_mismatch",
    )


def edge_verdict(certificate: keys.PemInfo, now: datetime) -> str:
    """``client-certificate-ca-verified`` as an edge would set it for this certificate."""
    if certificate.self_signed:
        return EDGE_SELF_SIGNED
    if certificate.not_after is not None and certificate.not_after <= now:
        return "FAILED: certificate has expired"
    if certificate.not_before is not None and certificate.not_before > now:
        return "FAILED: certificate is not yet valid"
    return EDGE_CA_VERIFIED


def _dn_text(dn: str) -> str:
    return ", ".join(dn.splitlines())


def _same_dn(a: str, b: str) -> bool:
    try:
        return keys.normalise_subject_dn(a) == keys.normalise_subject_dn(b)
    except keys.KeyMaterialError:
        return a.strip() == b.strip()


def match_certificate(creds: list[Credential], certificate: keys.PemInfo) -> Credential | None:
    """The credential this certificate is: an x509_cert by thumbprint, else one by subject DN."""
    by_print = next(
        (
            c
            for c in creds
            if c.credential_type == CredentialType.X509_CERT
            and c.thumbprint_sha256 == certificate.thumbprint_sha256
        ),
        None,
    )
    if by_print is not None or not certificate.subject_dn:
        return by_print
    dn = certificate.subject_dn
    return next(
        (
            c
            for c in creds
            if c.credential_type == CredentialType.CERT_SUBJECT_DN
            and c.subject_dn
            and _same_dn(c.subject_dn, dn)
        ),
        None,
    )


def diagnose_mtls(
    app: Application,
    creds: list[Credential],
    certificate: keys.PemInfo,
    verdict: str,
    now: datetime,
) -> list[str]:
    """What, from the application's state, stops this certificate from authenticating it."""
    name = app.name or app.client_id
    out: list[str] = []
    ca = verdict == EDGE_CA_VERIFIED
    wanted = AuthMethod.TLS_CLIENT_AUTH if ca else AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH
    ctype = CredentialType.CERT_SUBJECT_DN if ca else CredentialType.X509_CERT
    method = app.auth_method
    if not ca and not certificate.self_signed:
        assert certificate.not_after is not None and certificate.not_before is not None
        when = (
            f"expired on {absolute(certificate.not_after)}"
            if certificate.not_after <= now
            else f"is valid only from {absolute(certificate.not_before)}"
        )
        out.append(
            f"The certificate {when}, so the edge cannot verify it ({verdict}) and Auth0 does "
            "not accept it for tls_client_auth. Renew the certificate with your CA."
        )
        return out
    if method not in (AuthMethod.TLS_CLIENT_AUTH, AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH):
        using = app.method_in_words
        out.append(
            f"mTLS is not enabled for {name}: it authenticates with {using}. Enable it with "
            f"`credtui auth set {app.client_id} --method {wanted.value} --credential "
            "CREDENTIAL_ID`."
        )
    elif method is not wanted:
        if ca:
            out.append(
                f"The certificate is CA-signed, so the edge reports {verdict} and Auth0 checks "
                f"it for tls_client_auth (subject DN), but {name} uses "
                "self_signed_tls_client_auth: give its self-signed certificate, or switch the "
                "method to tls_client_auth."
            )
        else:
            out.append(
                f"The certificate is self-signed, so the edge reports {verdict} and Auth0 "
                f"checks it for self_signed_tls_client_auth, but {name} uses tls_client_auth "
                "(CA-signed): give a certificate your CA issued for its subject DN."
            )
    cred = match_certificate(creds, certificate)
    if cred is None or cred.credential_type != ctype:
        if ca:
            registered = [
                f"{c.display_name}: {_dn_text(c.subject_dn or '')}"
                for c in creds
                if c.credential_type == CredentialType.CERT_SUBJECT_DN
            ]
            listed = "; ".join(registered) if registered else "none"
            out.append(
                f"The certificate's subject DN ({_dn_text(certificate.subject_dn or '')}) "
                f"matches none of {name}'s CA-signed credentials (registered: {listed}); Auth0 "
                "compares the subject DN exactly. Add it with `credtui creds add "
                f"{app.client_id} --type cert_subject_dn --pem CERT_FILE --attach`."
            )
        else:
            out.append(
                f"This certificate is not one of {name}'s credentials (its thumbprint is "
                f"{certificate.thumbprint_sha256}); upload it with `credtui creds add "
                f"{app.client_id} --type x509_cert --pem CERT_FILE --attach`."
            )
        return out
    out += attachment_words(
        app,
        cred,
        wanted,
        what="certificate",
        rule="Auth0 accepts only attached credentials",
        expired=" (the certificate's notAfter); Auth0 ignores expired credentials. Make a new "
        "certificate and upload it.",
        now=now,
    )
    return out


async def try_mtls(
    client: ManagementClient,
    client_id: str,
    certificate: keys.PemInfo,
    private_key: rsa.RSAPrivateKey,
    *,
    audience: str | None = None,
    now: datetime | None = None,
) -> TokenTestResult:
    """Request a token as ``client_id`` with a certificate, as the edge forwards it (local only).

    Refuses with :class:`LocalValidationError`, before anything is sent: a tenant
    that is not local (field ``tenant``), a key that is not the certificate's
    (``key``), a certificate too large for the header (``cert``). Raises as
    :func:`try_credential` when the tenant does not answer.
    """
    refusal = mtls_refusal(client.base_url)
    if refusal is not None:
        raise LocalValidationError("tenant", refusal, code="needs_edge")
    if not certificate.is_certificate or certificate.thumbprint_sha256 is None:
        raise LocalValidationError("cert", "mTLS needs an X.509 certificate.", code="not_cert")
    check_key_for_certificate(private_key, certificate)
    header = quote(certificate.pem, safe="")
    if len(header) > MAX_CLIENT_CERTIFICATE_BYTES:
        raise LocalValidationError(
            "cert",
            f"The certificate is {len(header):,} bytes URL-encoded; Auth0 takes at most "
            f"{MAX_CLIENT_CERTIFICATE_BYTES:,} in client-certificate (the leaf only).",
            code="too_large",
        )
    app = await client.get_application(client_id)
    creds = await client.list_credentials(client_id)
    when = now or datetime.now(UTC)
    verdict = edge_verdict(certificate, when)
    aud = audience or management_audience(client.base_url)
    form = {"grant_type": "client_credentials", "client_id": client_id, "audience": aud}
    headers = {"client-certificate": header, "client-certificate-ca-verified": verdict}
    resp = await client.post_token_form(form, headers=headers)
    method = (
        AuthMethod.TLS_CLIENT_AUTH
        if verdict == EDGE_CA_VERIFIED
        else AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH
    )
    base = TokenTestResult(
        ok=False,
        authenticated=False,
        client_id=client_id,
        application=app.name,
        alg="",
        kid=None,
        audience=aud,
        credential=match_certificate(creds, certificate),
        status=resp.status,
        method=method,
        edge_verified=verdict,
        certificate_thumbprint=certificate.thumbprint_sha256,
    )
    answered = read_answer(base, resp)
    if answered.ok:
        return replace(answered, explanation=tuple(_binding_words(app, answered)))
    if answered.authenticated:
        return answered
    found = diagnose_mtls(app, creds, certificate, verdict, when)
    if not found:
        found.append(
            f"The tenant refused the certificate ({resp.status}): {answered.error_description}"
        )
    return replace(answered, explanation=tuple(found))


def _binding_words(app: Application, result: TokenTestResult) -> list[str]:
    """What to know about the binding of a token issued to a certificate."""
    wants = app.token_binding or app.require_proof_of_possession
    if result.cnf_matches:
        return [
            "Bound to this certificate: the token's cnf.x5t#S256 matches the certificate's "
            "thumbprint."
        ]
    if result.bound:
        return [
            f"The token is bound to another certificate: its cnf.x5t#S256 "
            f"({result.cnf_thumbprint}) is not this certificate's thumbprint "
            f"({result.certificate_thumbprint}); APIs will refuse it with this certificate."
        ]
    if wants:
        return [
            f"Token binding is on for {app.name}, but the token carries no cnf.x5t#S256: it is "
            "not bound to the certificate."
        ]
    return [
        "Not bound: token binding is off, so the token works without the certificate "
        f"(`credtui auth binding {app.client_id} --on` binds tokens to it)."
    ]
