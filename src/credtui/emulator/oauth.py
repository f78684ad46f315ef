"""``POST /oauth/token`` and the Management API tokens the tenant issues and checks.

Client authentication, as Auth0 does it for the client-credentials grant:

* ``client_secret_post`` (``client_id``/``client_secret`` in the body),
  ``client_secret_basic`` (HTTP Basic), each only for a client configured so;
* ``private_key_jwt``: an RFC 7523 assertion signed by a credential attached to
  ``client_authentication_methods.private_key_jwt`` and not expired; ``iss`` =
  ``sub`` = client_id, ``aud`` = ``https://{tenant}/`` or the base URL with a
  trailing slash, ``exp`` at most 5 minutes ahead, ``jti`` single use;
* mTLS, as the customer edge forwards it: ``client-certificate`` (URL-encoded
  PEM) with ``client-certificate-ca-verified: SUCCESS`` (``tls_client_auth``,
  subject DN match) or ``FAILED…`` (``self_signed_tls_client_auth``, SHA-256
  thumbprint match).
"""

from __future__ import annotations

import base64
import binascii
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

from credtui import rules
from credtui.emulator import rules as err
from credtui.emulator.pem import PemProblem, parse_pem
from credtui.emulator.store import Client, Tenant
from credtui.keys import KeyMaterialError, generate_rsa_key, normalise_subject_dn


def _normalise_dn(text: str) -> str:
    try:
        return normalise_subject_dn(text)
    except KeyMaterialError:
        return text.strip()


TOKEN_LIFETIME = 86400
_CT_JSON = "application/json"


def _unauthorized(description: str = "Unauthorized") -> err.OAuthError:
    return err.OAuthError(401, "access_denied", description)


class TokenService:
    """Issues the tenant's JWTs and checks bearer tokens on the Management API."""

    def __init__(self, tenant: Tenant, signing_key: RSAPrivateKey) -> None:
        self.tenant = tenant
        self.signing_key = signing_key
        self.public_key: RSAPublicKey = signing_key.public_key()
        self.kid = uuid.uuid4().hex[:22]

    # --- audiences -----------------------------------------------------------

    def issuers(self, base_url: str) -> tuple[str, ...]:
        """``https://{tenant}/`` and the emulator's own base URL with a slash."""
        return (f"https://{self.tenant.domain}/", base_url.rstrip("/") + "/")

    def api_audiences(self, base_url: str) -> tuple[str, ...]:
        return tuple(i + "api/v2/" for i in self.issuers(base_url))

    # --- issuing -------------------------------------------------------------

    def issue(
        self,
        client_id: str,
        scopes: list[str],
        base_url: str,
        audience: str,
        cnf: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        now = int(self.tenant.clock.timestamp())
        claims: dict[str, Any] = {
            "iss": base_url.rstrip("/") + "/",
            "sub": f"{client_id}@clients",
            "aud": audience,
            "iat": now,
            "exp": now + TOKEN_LIFETIME,
            "scope": " ".join(scopes),
            "gty": "client-credentials",
            "azp": client_id,
            "jti": uuid.uuid4().hex,
        }
        if cnf:
            claims["cnf"] = cnf
        token = jwt.encode(
            claims, self.signing_key, algorithm="RS256", headers={"kid": self.kid, "typ": "JWT"}
        )
        return {
            "access_token": token,
            "scope": " ".join(scopes),
            "expires_in": TOKEN_LIFETIME,
            "token_type": "Bearer",
        }

    def token_for(self, client_id: str, base_url: str) -> str:
        """A Management API token for a client with a grant (test helper)."""
        scopes = list(self.tenant.grants.get(client_id, ()))
        audience = self.api_audiences(base_url)[1]
        return str(self.issue(client_id, scopes, base_url, audience)["access_token"])

    # --- checking bearer tokens ---------------------------------------------

    def authenticate(self, authorization: str | None, base_url: str) -> set[str]:
        """The scopes of a valid bearer token, or Auth0's 400/401."""
        if not authorization:
            raise err.missing_authentication()
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer":
            raise err.missing_authentication()
        token = token.strip()
        if not token or " " in token:
            raise err.bad_auth_header()
        try:
            claims = jwt.decode(
                token,
                self.public_key,
                algorithms=["RS256"],
                options={"verify_exp": False, "verify_aud": False, "verify_iat": False},
            )
        except jwt.InvalidSignatureError:
            raise err.invalid_token(err.INVALID_SIGNATURE) from None
        except jwt.PyJWTError:
            raise err.invalid_token() from None
        exp = claims.get("exp")
        if not isinstance(exp, int | float) or exp <= self.tenant.clock.timestamp():
            raise err.invalid_token(err.EXPIRED_TOKEN)
        aud = claims.get("aud")
        auds = aud if isinstance(aud, list) else [aud]
        if not set(auds) & set(self.api_audiences(base_url)):
            raise err.invalid_token()
        return set(str(claims.get("scope", "")).split())

    # --- the token endpoint ---------------------------------------------------

    def token_endpoint(
        self, form: Mapping[str, str], headers: Mapping[str, str], base_url: str
    ) -> dict[str, Any]:
        """Handle ``POST /oauth/token``; raise :class:`~credtui.emulator.rules.OAuthError`."""
        grant_type = form.get("grant_type")
        if not grant_type:
            raise err.OAuthError(400, "invalid_request", "Missing required parameter: grant_type")
        if grant_type != "client_credentials":
            raise err.OAuthError(
                403, "unsupported_grant_type", f"Unsupported grant type: {grant_type}"
            )
        cnf: dict[str, str] | None = None
        authorization = headers.get("authorization", "")
        if authorization.lower().startswith("basic "):
            client = self._basic(authorization, form)
        elif "client_assertion" in form:
            client = self._assertion(form, base_url)
        elif headers.get("client-certificate"):
            client, thumbprint = self._mtls(form, headers)
            binding = (client.settings.get("access_token") or {}).get(
                "tls_client_certificate_binding"
            )
            if binding:
                cnf = {"x5t#S256": thumbprint}
        else:
            client = self._secret_post(form)
        if "client_credentials" not in client.grant_types():
            raise err.OAuthError(
                403,
                "unauthorized_client",
                "Grant type 'client_credentials' not allowed for the client.",
            )
        audience = form.get("audience")
        if not audience:
            raise err.OAuthError(
                403, "access_denied", "Non-global clients are not allowed access to APIv1"
            )
        if audience not in self.api_audiences(base_url):
            raise err.OAuthError(403, "access_denied", f"Service not found: {audience}")
        granted = self.tenant.grants.get(client.client_id)
        if granted is None:
            raise err.OAuthError(
                403,
                "access_denied",
                f'Client is not authorized to access "{audience}". You need to create a '
                '"client-grant" associated to this API. See: '
                "https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants",
            )
        scopes = list(granted)
        if form.get("scope"):
            asked = form["scope"].split()
            scopes = [s for s in scopes if s in asked]
        return self.issue(client.client_id, scopes, base_url, audience, cnf)

    def _client(self, client_id: str | None) -> Client:
        client = self.tenant.get_client(client_id) if client_id else None
        if client is None:
            raise _unauthorized()
        return client

    def _check_secret(self, client: Client, secret: str, method: str) -> Client:
        if client.auth_methods is not None:
            raise _unauthorized()
        # A client created without a method has none set: Auth0 takes its secret either way.
        if client.token_endpoint_auth_method not in (method, None):
            raise _unauthorized()
        if not secret or secret != client.client_secret:
            raise _unauthorized()
        return client

    def _secret_post(self, form: Mapping[str, str]) -> Client:
        client_id = form.get("client_id")
        if not client_id:
            raise err.OAuthError(400, "invalid_request", "Missing required parameter: client_id")
        client = self._client(client_id)
        if (
            client.token_endpoint_auth_method == "none"
            and client.auth_methods is None
            and "client_secret" not in form
        ):
            raise err.OAuthError(
                403,
                "unauthorized_client",
                "Grant type 'client_credentials' not allowed for the client.",
            )
        return self._check_secret(client, form.get("client_secret", ""), "client_secret_post")

    def _basic(self, authorization: str, form: Mapping[str, str]) -> Client:
        try:
            raw = base64.b64decode(authorization.split(" ", 1)[1].strip(), validate=True)
            client_id, _, secret = raw.decode().partition(":")
        except (binascii.Error, UnicodeDecodeError, IndexError):
            raise _unauthorized() from None
        client_id, secret = unquote(client_id), unquote(secret)
        if form.get("client_id") and form["client_id"] != client_id:
            raise _unauthorized()
        return self._check_secret(self._client(client_id), secret, "client_secret_basic")

    def _assertion(self, form: Mapping[str, str], base_url: str) -> Client:
        if form.get("client_assertion_type") != rules.CLIENT_ASSERTION_TYPE:
            raise err.OAuthError(
                400,
                "invalid_request",
                f"client_assertion_type must be {rules.CLIENT_ASSERTION_TYPE}",
            )
        assertion = form["client_assertion"]
        if len(assertion.encode()) > rules.ASSERTION_MAX_BYTES:
            raise _unauthorized(
                f"client_assertion must be at most {rules.ASSERTION_MAX_BYTES} bytes"
            )
        try:
            header = jwt.get_unverified_header(assertion)
            claims = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.PyJWTError:
            raise _unauthorized("Invalid client_assertion: not a JWT") from None
        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in rules.ALGS:
            raise _unauthorized(f"Invalid client_assertion: unsupported alg {alg!r}")
        iss, sub, jti = claims.get("iss"), claims.get("sub"), claims.get("jti")
        for name, value in (("iss", iss), ("sub", sub), ("jti", jti)):
            if not isinstance(value, str) or not value:
                raise _unauthorized(f"Invalid client_assertion: missing {name} claim")
            if len(value) > rules.ASSERTION_CLAIM_MAX:
                raise _unauthorized(
                    f"Invalid client_assertion: {name} longer than {rules.ASSERTION_CLAIM_MAX}"
                )
        if iss != sub:
            raise _unauthorized("Invalid client_assertion: iss and sub must both be the client_id")
        if form.get("client_id") and form["client_id"] != iss:
            raise _unauthorized("Invalid client_assertion: iss does not match client_id")
        assert isinstance(iss, str) and isinstance(jti, str)
        client = self._client(iss)
        refs = (client.auth_methods or {}).get(rules.PRIVATE_KEY_JWT)
        if refs is None:
            raise _unauthorized("Private Key JWT is not enabled for this client")
        now = self.tenant.clock.timestamp()
        when = self.tenant.clock.now()
        candidates = [
            client.credentials[i]
            for i in refs
            if i in client.credentials and not client.credentials[i].is_expired(when)
        ]
        kid = header.get("kid")
        if kid is not None:
            candidates = [c for c in candidates if c.kid == kid]
        candidates = [c for c in candidates if c.alg == alg and c.public_key is not None]
        verified = False
        for cred in candidates:
            try:
                jwt.decode(
                    assertion,
                    cred.public_key,  # type: ignore[arg-type]
                    algorithms=[alg],
                    options={
                        "verify_exp": False,
                        "verify_aud": False,
                        "verify_iat": False,
                        "verify_nbf": False,
                    },
                )
            except jwt.PyJWTError:
                continue
            verified = True
            break
        if not verified:
            raise _unauthorized("Invalid client_assertion: signature verification failed")
        aud = claims.get("aud")
        auds = aud if isinstance(aud, list) else [aud]
        if not set(auds) & set(self.issuers(base_url)):
            raise _unauthorized(
                f"Invalid client_assertion: aud must be {self.issuers(base_url)[0]}"
            )
        skew = rules.ASSERTION_CLOCK_SKEW_SECONDS
        exp = claims.get("exp")
        if not isinstance(exp, int | float):
            raise _unauthorized("Invalid client_assertion: missing exp claim")
        if exp + skew <= now:
            raise _unauthorized("Invalid client_assertion: the assertion has expired")
        if exp > now + rules.ASSERTION_MAX_LIFETIME_SECONDS + skew:
            raise _unauthorized(
                "Invalid client_assertion: exp may be at most "
                f"{rules.ASSERTION_MAX_LIFETIME_SECONDS} seconds in the future"
            )
        for name in ("nbf", "iat"):
            value = claims.get(name)
            if value is not None and (not isinstance(value, int | float) or value > now + skew):
                raise _unauthorized(f"Invalid client_assertion: {name} is in the future")
        self._purge_jtis(now)
        key = (client.client_id, jti)
        if key in self.tenant.used_jtis:
            raise _unauthorized("Invalid client_assertion: jti has already been used")
        self.tenant.used_jtis[key] = float(exp) + skew
        return client

    def _purge_jtis(self, now: float) -> None:
        if len(self.tenant.used_jtis) < 1024:
            return
        for key, exp in list(self.tenant.used_jtis.items()):
            if exp < now:
                del self.tenant.used_jtis[key]

    def _mtls(self, form: Mapping[str, str], headers: Mapping[str, str]) -> tuple[Client, str]:
        client_id = form.get("client_id")
        if not client_id:
            raise err.OAuthError(400, "invalid_request", "Missing required parameter: client_id")
        client = self._client(client_id)
        try:
            parsed = parse_pem(unquote(headers["client-certificate"]))
        except PemProblem:
            raise _unauthorized("Invalid client certificate") from None
        if parsed.kind != "certificate" or parsed.thumbprint_sha256 is None:
            raise _unauthorized("Invalid client certificate")
        verified = headers.get("client-certificate-ca-verified", "")
        method = client.active_method
        when = self.tenant.clock.now()
        refs = (client.auth_methods or {}).get(method or "", [])
        attached = [client.credentials[i] for i in refs if i in client.credentials]
        if verified.upper() == "SUCCESS":
            if method != rules.TLS_CLIENT_AUTH:
                raise _unauthorized("mTLS (tls_client_auth) is not enabled for this client")
            dn = _normalise_dn(parsed.subject_dn or "")
            if not any(c.subject_dn and _normalise_dn(c.subject_dn) == dn for c in attached):
                raise _unauthorized("The client certificate subject DN does not match")
        elif verified.upper().startswith("FAILED"):
            if method != rules.SELF_SIGNED_TLS_CLIENT_AUTH:
                raise _unauthorized(
                    "mTLS (self_signed_tls_client_auth) is not enabled for this client"
                )
            if not any(
                c.thumbprint_sha256 == parsed.thumbprint_sha256 and not c.is_expired(when)
                for c in attached
            ):
                raise _unauthorized("The client certificate does not match")
        else:
            raise _unauthorized("Missing client-certificate-ca-verified header")
        return client, parsed.thumbprint_sha256


def monotonic() -> float:
    return time.monotonic()


def generate_signing_key() -> RSAPrivateKey:
    """A new 2048-bit RSA key for the tenant to sign its tokens with."""
    return generate_rsa_key(2048)


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
