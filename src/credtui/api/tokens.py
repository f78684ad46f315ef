"""Management API tokens: how one is obtained, three ways.

A :class:`TokenSource` knows how to get one token (client secret, a
``private_key_jwt`` assertion, or a token the user already has); each takes plain
values (a client id, a secret or how to get it, a key), never a profile
(:mod:`credtui.connect` turns a profile into a source). The cache in front of
them is :class:`credtui.api.token_cache.TokenCache`.

Secrets (client secret, private key, tokens) never appear in a repr, an error or
a log line.
"""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import httpx

from credtui.api._http_errors import request_id
from credtui.api._wire import clean_text, read_answer
from credtui.domains import DomainError, parse_domain
from credtui.errors import (
    LocalValidationError,
    RequestTimeoutError,
    ServerError,
    TokenError,
    UnreachableError,
)
from credtui.vocabulary import ASSERTION_LIFETIME_SECONDS, CLIENT_ASSERTION_TYPE, DEFAULT_ALG

__all__ = [
    "ClientSecretSource",
    "PrivateKeyJwtSource",
    "ReadyTokenSource",
    "Token",
    "TokenSource",
    "base_url_from_domain",
    "jwt_client_id",
    "management_audience",
]


def base_url_from_domain(domain: str) -> str:
    """``https://{domain}`` for a bare tenant domain; loopback ``http://`` URLs as given.

    Raises :class:`LocalValidationError` (field ``domain``) for anything else.
    """
    try:
        return parse_domain(domain.strip() if isinstance(domain, str) else domain).base_url
    except DomainError as exc:
        raise LocalValidationError("domain", str(exc), code="bad_domain") from None


def management_audience(base_url: str) -> str:
    """The Management API audience: ``{base}/api/v2/`` (trailing slash required)."""
    return base_url.rstrip("/") + "/api/v2/"


@dataclass(frozen=True)
class Token:
    """An access token and when it stops being usable (UNIX seconds, None if unknown)."""

    value: str = field(repr=False)
    expires_at: float | None = None

    def __repr__(self) -> str:
        return f"Token(value='***', expires_at={self.expires_at!r})"


class TokenSource(Protocol):
    """Something that can obtain a Management API token."""

    refreshable: bool
    """False when fetching again cannot give a different token (a ready token)."""

    async def fetch(self, http: httpx.AsyncClient, base_url: str, now: float) -> Token:
        """Get a new token. Raise :class:`ApiError` subclasses on failure."""
        ...


MAX_TOKEN_BYTES = 1024 * 1024
"""A token answer is a few kilobytes; 1 MiB is far above any real one."""
MAX_LIFETIME = 366 * 86400.0
"""The longest token lifetime believed (Auth0 allows 30 days); anything else: unknown."""


def _lifetime(value: object) -> float | None:
    """Seconds from a JSON number that is a sane lifetime, else None (no OverflowError)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 < value <= MAX_LIFETIME else None


async def _post_token(
    http: httpx.AsyncClient, base_url: str, form: dict[str, str], now: float
) -> Token:
    """POST ``/oauth/token`` and turn the answer into a :class:`Token` or a typed error.

    The body is capped at :data:`MAX_TOKEN_BYTES`; the caller (``HttpCore``) bounds
    the total time. A 200 that is not a token is :class:`MalformedResponseError`.
    """
    url = base_url.rstrip("/") + "/oauth/token"
    path = "/oauth/token"
    try:
        request = http.build_request("POST", url, data=form)
        answer = await read_answer(
            http, request, method="POST", path=path, max_bytes=MAX_TOKEN_BYTES
        )
    except httpx.TimeoutException:
        raise RequestTimeoutError(
            f"The tenant at {base_url} did not answer the token request in time",
            method="POST",
            path=path,
        ) from None
    except httpx.TransportError as exc:
        raise UnreachableError(
            f"Could not reach the tenant at {base_url} for a token ({type(exc).__name__})",
            url=base_url,
            method="POST",
            path=path,
        ) from None
    if answer.status == 200:
        body = answer.json(dict)
        value = body.get("access_token")
        if not isinstance(value, str) or not value:
            raise answer.refuse("a JSON object without an access_token")
        lifetime = _lifetime(body.get("expires_in"))
        return Token(value, now + lifetime if lifetime is not None else _jwt_exp(value))
    kw: dict[str, Any] = {
        "status": answer.status,
        "request_id": request_id(answer),
        "method": "POST",
        "path": path,
    }
    if answer.status >= 500 or answer.status == 429:
        raise ServerError(f"The token endpoint answered {answer.status}", **kw)
    body = answer.json_or_none()
    if not isinstance(body, dict):
        body = {}
    error = body.get("error")
    desc = body.get("error_description")
    message = desc if isinstance(desc, str) and desc else body.get("message")
    raise TokenError(
        clean_text(message if isinstance(message, str) and message else "")
        or f"the token endpoint answered {answer.status}",
        error_code=clean_text(error, 100) if isinstance(error, str) else None,
        **kw,
    )


async def _client_credentials(
    http: httpx.AsyncClient,
    base_url: str,
    now: float,
    client_id: str,
    scope: str | None,
    proof: dict[str, str],
) -> Token:
    """The client_credentials grant for the Management API audience, the client proved
    by ``proof`` (its secret, or a signed assertion); ``scope`` narrows the grant."""
    form = {
        "grant_type": "client_credentials",
        "client_id": client_id,
        **proof,
        "audience": management_audience(base_url),
    }
    if scope:
        form["scope"] = scope
    return await _post_token(http, base_url, form, now)


def _jwt_claims(token: str) -> dict[str, Any]:
    """A JWT's claims, read without verifying (only to know when to refresh, and whose it is)."""
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, RecursionError):
        return {}
    return payload if isinstance(payload, dict) else {}


def jwt_client_id(token: str) -> str | None:
    """The client a Management API token was issued to (``azp``, else ``sub`` of a client grant)."""
    claims = _jwt_claims(token)
    azp = claims.get("azp")
    if isinstance(azp, str) and azp:
        return azp
    sub = claims.get("sub")
    if isinstance(sub, str) and sub.endswith("@clients"):
        return sub.removesuffix("@clients") or None
    return None


def _jwt_exp(token: str) -> float | None:
    """The ``exp`` claim of a JWT, read without verifying (only to know when to refresh)."""
    exp = _jwt_claims(token).get("exp")
    # A number a datetime can hold (year 1970-5138), so a huge or negative exp never raises.
    if isinstance(exp, bool) or not isinstance(exp, int | float) or not 0 < exp < 1e11:
        return None
    return float(exp)


class ClientSecretSource:
    """client_credentials with a client secret, sent in the form body (client_secret_post)."""

    refreshable = True

    def __init__(
        self,
        client_id: str,
        client_secret: str | Callable[[], str],
        *,
        scope: str | None = None,
    ) -> None:
        self.client_id = client_id
        self._secret = client_secret
        """The secret, or how to get it when a token is needed (the keyring, a command)."""
        self.scope = scope
        """Space-separated scopes to ask for (a subset of the grant); None asks for all."""

    def __repr__(self) -> str:
        return f"ClientSecretSource(client_id={self.client_id!r}, client_secret='***')"

    async def fetch(self, http: httpx.AsyncClient, base_url: str, now: float) -> Token:
        """Exchange the id and secret for a Management API token."""
        secret = self._secret
        if callable(secret):  # a keyring or a command: asked now, off the event loop
            secret = await asyncio.to_thread(secret)
        proof = {"client_secret": secret}
        return await _client_credentials(http, base_url, now, self.client_id, self.scope, proof)


class PrivateKeyJwtSource:
    """client_credentials with a ``private_key_jwt`` assertion signed by the profile's key.

    The assertion has ``iss = sub = client_id``, ``aud = {base}/``, a 60 s lifetime,
    a fresh ``jti`` each time, and the ``kid`` header when the kid is known.
    """

    refreshable = True

    def __init__(
        self,
        client_id: str,
        *,
        private_key_path: Path | str | None = None,
        private_key_pem: bytes | str | Callable[[], bytes] | None = None,
        alg: str = DEFAULT_ALG,
        kid: str | None = None,
        scope: str | None = None,
        new_jti: Callable[[], str] | None = None,
    ) -> None:
        if (private_key_path is None) == (private_key_pem is None):
            raise ValueError("give exactly one of private_key_path and private_key_pem")
        self.client_id = client_id
        self.alg = alg
        self.kid = kid
        self.scope = scope
        self._path = Path(private_key_path) if private_key_path is not None else None
        self._pem = (
            private_key_pem.encode() if isinstance(private_key_pem, str) else private_key_pem
        )
        """The PEM, or how to get it (a command: run once, the key kept in memory only)."""
        self._key: Any = None
        self._new_jti = new_jti or (lambda: uuid.uuid4().hex)

    def __repr__(self) -> str:
        where = str(self._path) if self._path is not None else "<pem>"
        return f"PrivateKeyJwtSource(client_id={self.client_id!r}, key={where!r}, alg={self.alg!r}, kid={self.kid!r})"

    def _load(self) -> Any:
        from credtui import keys  # local: keys pulls in cryptography, only needed here

        if self._key is None:
            source: Path | bytes
            if self._path is not None:
                source = self._path
            else:
                assert self._pem is not None
                source = self._pem() if callable(self._pem) else self._pem
            try:
                self._key = keys.load_private_key(source)
            except keys.KeyMaterialError as exc:
                raise LocalValidationError("private_key", exc.message, code=exc.code) from None
        return self._key

    def assertion(self, base_url: str, now: float) -> str:
        """A signed client assertion for ``base_url`` (public for tests and ``credtui test``)."""
        from credtui import keys

        try:
            return keys.sign_client_assertion(
                self._load(),
                client_id=self.client_id,
                audience=base_url.rstrip("/") + "/",
                alg=self.alg,
                kid=self.kid,
                lifetime_seconds=ASSERTION_LIFETIME_SECONDS,
                now=datetime.fromtimestamp(now, UTC),
                jti=self._new_jti(),
            )
        except keys.KeyMaterialError as exc:
            raise LocalValidationError("private_key", exc.message, code=exc.code) from None

    async def fetch(self, http: httpx.AsyncClient, base_url: str, now: float) -> Token:
        """Sign a fresh assertion and exchange it for a Management API token."""
        proof = {
            "client_assertion_type": CLIENT_ASSERTION_TYPE,
            # Off the event loop: loading and checking the key takes up to ~0.5 s.
            "client_assertion": await asyncio.to_thread(self.assertion, base_url, now),
        }
        return await _client_credentials(http, base_url, now, self.client_id, self.scope, proof)


class ReadyTokenSource:
    """A token the user already has. Its expiry is read from the JWT when it is one."""

    refreshable = False

    def __init__(self, token: str) -> None:
        self._token = Token(token, _jwt_exp(token))

    def __repr__(self) -> str:
        return "ReadyTokenSource(token='***')"

    async def fetch(self, http: httpx.AsyncClient, base_url: str, now: float) -> Token:
        """Return the token as given."""
        return self._token
