"""``POST /oauth/token`` and ``/.well-known/…`` (the keys that verify the tenant's tokens).

The token endpoint parses the request (form or JSON body, headers) and hands it
to :class:`~credtui.emulator.oauth.TokenService`; the JWKS and the discovery
document publish the key the Management API tokens are signed with.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from credtui import rules
from credtui.emulator import rules as err
from credtui.emulator.web import base_url_of, json_response

if TYPE_CHECKING:
    from credtui.emulator.state import EmulatorState


def routes(emu: EmulatorState) -> list[Route]:
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
