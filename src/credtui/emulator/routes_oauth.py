"""``POST /oauth/token``, ``/.well-known/…`` and the tenant's signing key.

The token endpoint parses the request (form or JSON body, headers) and hands it
to :class:`~credtui.emulator.oauth.TokenService`; the JWKS and the discovery
document publish the key the Management API tokens are signed with.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from credtui import rules
from credtui.emulator import rules as err
from credtui.emulator.web import base_url_of, json_response

if TYPE_CHECKING:
    from credtui.emulator.app import Emulator


def generate_signing_key() -> RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def signing_cert(key: RSAPrivateKey, domain: str) -> str:
    """A self-signed certificate (PEM) for ``key``, the tenant's ``signing_keys`` entry."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def routes(emu: Emulator) -> list[Route]:
    """``/oauth/token`` and the ``.well-known`` documents, bound to ``emu``."""

    async def oauth_token(request: Request) -> Response:
        raw = await request.body()
        ctype = request.headers.get("content-type", "")
        form: dict[str, str]
        if ctype.startswith("application/json"):
            try:
                data = json.loads(raw or b"{}")
            except ValueError:
                raise err.OAuthError(400, "invalid_request", "Invalid JSON body") from None
            form = {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
        else:
            form = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        headers = {k.lower(): v for k, v in request.headers.items()}
        result = emu.tokens.token_endpoint(form, headers, base_url_of(request))
        return json_response(result, 200, content_type="application/json")

    async def jwks(request: Request) -> Response:
        from jwt.algorithms import RSAAlgorithm

        jwk = json.loads(RSAAlgorithm.to_jwk(emu.tokens.public_key))
        jwk.update({"kid": emu.tokens.kid, "use": "sig", "alg": "RS256"})
        return json_response({"keys": [jwk]}, content_type="application/json")

    async def discovery(request: Request) -> Response:
        base = base_url_of(request)
        return json_response(
            {
                "issuer": base + "/",
                "token_endpoint": base + "/oauth/token",
                "jwks_uri": base + "/.well-known/jwks.json",
                "grant_types_supported": ["client_credentials"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                    "private_key_jwt",
                    "tls_client_auth",
                    "self_signed_tls_client_auth",
                ],
                "token_endpoint_auth_signing_alg_values_supported": list(rules.ALGS),
                "tls_client_certificate_bound_access_tokens": True,
            },
            content_type="application/json",
        )

    return [
        Route("/oauth/token", oauth_token, methods=["POST"]),
        Route("/.well-known/jwks.json", jwks, methods=["GET"]),
        Route("/.well-known/openid-configuration", discovery, methods=["GET"]),
    ]
