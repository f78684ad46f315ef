"""Signing RFC 7523 client assertions for Auth0's ``private_key_jwt``."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from credtui import rules, vocabulary
from credtui.keys.errors import KeyMaterialError


def sign_client_assertion(
    private_key: rsa.RSAPrivateKey,
    *,
    client_id: str,
    audience: str,
    alg: str = vocabulary.DEFAULT_ALG,
    kid: str | None = None,
    lifetime_seconds: int = vocabulary.ASSERTION_LIFETIME_SECONDS,
    now: datetime | None = None,
    jti: str | None = None,
    enforce_limits: bool = True,
) -> str:
    """A signed RFC 7523 client assertion for Auth0's ``private_key_jwt``.

    Claims: ``iss`` = ``sub`` = ``client_id``, ``aud`` (Auth0 wants the tenant
    base URL with a trailing slash, ``https://TENANT/``), ``iat``, ``exp`` =
    ``iat + lifetime_seconds``, a random ``jti``. The header carries ``kid``
    when given. With ``enforce_limits`` (default) Auth0's limits are checked
    first (alg, lifetime 1–300 s, ``iss``/``sub``/``jti`` at most 64
    characters, the whole assertion at most 2048 bytes) and a
    :class:`KeyMaterialError` names the broken one; tests of the refusing side
    pass ``enforce_limits=False``.
    """
    token_id = jti if jti is not None else secrets.token_urlsafe(32)
    if enforce_limits:
        problem = rules.check_alg(alg)
        if problem:
            raise KeyMaterialError("bad_alg", problem)
        if not 1 <= lifetime_seconds <= rules.ASSERTION_MAX_LIFETIME_SECONDS:
            raise KeyMaterialError(
                "bad_lifetime",
                f"An assertion lifetime of {lifetime_seconds} s is not allowed; Auth0 accepts "
                f"at most {rules.ASSERTION_MAX_LIFETIME_SECONDS} s.",
            )
        for claim, value in (("client_id", client_id), ("jti", token_id)):
            if not value or len(value) > rules.ASSERTION_CLAIM_MAX:
                raise KeyMaterialError(
                    "bad_claim",
                    f"The {claim} must be 1 to {rules.ASSERTION_CLAIM_MAX} characters for an "
                    "assertion.",
                )
    issued = int((now or datetime.now(UTC)).timestamp())
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": issued,
        "exp": issued + lifetime_seconds,
        "jti": token_id,
    }
    headers = {"kid": kid} if kid else None
    token = jwt.encode(claims, private_key, algorithm=alg, headers=headers)
    if enforce_limits and len(token.encode("ascii")) > rules.ASSERTION_MAX_BYTES:
        raise KeyMaterialError(
            "too_large",
            f"The assertion is {len(token)} bytes; Auth0 accepts at most "
            f"{rules.ASSERTION_MAX_BYTES}, so use a shorter audience or a smaller key.",
        )
    return token
