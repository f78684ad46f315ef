"""Testing a credential: a real token request as the application, and why it failed.

:func:`try_credential` reads the application and its credentials, signs an
RFC 7523 client assertion with the local private key (``aud`` is the tenant's
base URL with a trailing slash, as Auth0 wants), and asks ``/oauth/token`` for a
``client_credentials`` token. Auth0 answers a failed client authentication with
little more than "Unauthorized", so the explanation comes from comparing the
key with what the application holds: key not uploaded, not attached, expired,
registered for another algorithm, a kid that names another credential, Private
Key JWT not enabled, or clocks that disagree. The token itself is never kept or
shown; only its type, lifetime and scopes.

Certificates (mTLS) are tested by :mod:`credtui.ops.tokentest_mtls`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from credtui import keys, rules
from credtui.api.tokens import management_audience
from credtui.errors import LocalValidationError
from credtui.models import Application, AuthMethod, Credential, CredentialType
from credtui.text import safe_text
from credtui.timefmt import absolute
from credtui.vocabulary import ASSERTION_LIFETIME_SECONDS, CLIENT_ASSERTION_TYPE

if TYPE_CHECKING:
    from credtui.api._wire import Answer
    from credtui.api.client import ManagementClient

__all__ = [
    "TokenTestResult",
    "attachment_words",
    "diagnose",
    "match_credential",
    "read_answer",
    "try_credential",
]


@dataclass(frozen=True)
class TokenTestResult:
    """The outcome of one token request made with a local key."""

    ok: bool
    """A token was issued."""
    authenticated: bool
    """The tenant accepted the assertion (also true when it then refused the token, 403)."""
    client_id: str
    application: str
    alg: str
    kid: str | None
    """The kid sent in the assertion header (None: none was sent)."""
    audience: str
    credential: Credential | None = None
    """The application's credential this key matches, if found."""
    token_type: str | None = None
    expires_in: int | None = None
    scope: str | None = None
    status: int | None = None
    error: str | None = None
    error_description: str | None = None
    explanation: tuple[str, ...] = field(default=())
    """Sentences saying why it failed (or, on success, what to know)."""
    method: AuthMethod = AuthMethod.PRIVATE_KEY_JWT
    """How the test authenticated: Private Key JWT, or one of the two mTLS methods."""
    edge_verified: str | None = None
    """mTLS: the ``client-certificate-ca-verified`` value sent (as the edge would)."""
    certificate_thumbprint: str | None = None
    """mTLS: the local certificate's SHA-256 thumbprint (``x5t#S256``)."""
    cnf_thumbprint: str | None = None
    """mTLS, success: the token's ``cnf.x5t#S256`` (None: the token is not bound)."""

    @property
    def is_mtls(self) -> bool:
        """Whether this was an mTLS test (a certificate, not a signed assertion)."""
        return self.method is not AuthMethod.PRIVATE_KEY_JWT

    @property
    def bound(self) -> bool:
        """The token issued is bound to a certificate (it carries ``cnf.x5t#S256``)."""
        return self.cnf_thumbprint is not None

    @property
    def cnf_matches(self) -> bool | None:
        """Whether the token's binding names this certificate; None when it is not bound."""
        if self.cnf_thumbprint is None:
            return None
        return self.cnf_thumbprint == self.certificate_thumbprint


def _public_keys(creds: list[Credential]) -> list[Credential]:
    return [c for c in creds if c.credential_type == CredentialType.PUBLIC_KEY]


def match_credential(creds: list[Credential], key_kid: str, kid: str | None) -> Credential | None:
    """The credential holding this key (by its thumbprint kid), else the one ``kid`` names."""
    keys_ = _public_keys(creds)
    by_key = next((c for c in keys_ if c.kid == key_kid), None)
    if by_key is not None:
        return by_key
    return next((c for c in keys_ if kid is not None and c.kid == kid), None)


def diagnose(
    app: Application,
    creds: list[Credential],
    key_kid: str,
    cred: Credential | None,
    alg: str,
    kid: str | None,
    now: datetime,
) -> list[str]:
    """What, from the application's state, stops this key from authenticating it."""
    name = app.name or app.client_id
    out: list[str] = []
    method = app.auth_method
    if method is not AuthMethod.PRIVATE_KEY_JWT:
        using = app.method_in_words
        out.append(
            f"Private Key JWT is not enabled for {name}: it authenticates with {using}. "
            f"Enable it with `credtui auth set {app.client_id} --method private_key_jwt "
            "--credential CREDENTIAL_ID`."
        )
    if cred is None:
        custom = [c for c in _public_keys(creds) if c.kid]
        hint = (
            " If it was uploaded with a custom kid, give that kid with --kid."
            if custom and kid is None
            else ""
        )
        out.append(
            f"This key is not one of {name}'s credentials (Auth0 would give it the kid "
            f"{key_kid}); upload it with `credtui creds add {app.client_id} --type public_key "
            f"--pem PUBLIC_KEY_FILE --attach`.{hint}"
        )
        return out
    label = f"{cred.display_name} ({cred.id})"
    out += attachment_words(
        app,
        cred,
        AuthMethod.PRIVATE_KEY_JWT,
        what="key",
        rule="Auth0 verifies assertions only with attached credentials",
        expired="; Auth0 ignores expired credentials. Upload a new key, or set a later expiry "
        "with `credtui creds expire`.",
        now=now,
    )
    if cred.alg and cred.alg != alg:
        out.append(
            f"{label} is registered for {cred.alg} but the assertion was signed with {alg}; "
            f"sign with --alg {cred.alg}."
        )
    if kid is not None and cred.kid and kid != cred.kid:
        out.append(
            f"The assertion's kid {kid} is not the kid of {label} ({cred.kid}); Auth0 looks the "
            "key up by kid, so send the credential's kid or none."
        )
    return out


def attachment_words(
    app: Application,
    cred: Credential,
    method: AuthMethod,
    *,
    what: str,
    rule: str,
    expired: str,
    now: datetime,
) -> list[str]:
    """Why ``cred`` does not authenticate ``app`` with ``method``: not attached, or expired.

    ``what`` names the local material ("key", "certificate"), ``rule`` says what
    Auth0 accepts, ``expired`` ends the expiry sentence (where the date comes from,
    what to do).
    """
    label = f"{cred.display_name} ({cred.id})"
    out: list[str] = []
    if cred.id not in app.credential_ids_for(method):
        where = ", ".join(s.value for s in app.slots_of(cred.id)) or "nothing"
        out.append(
            f"The {what} is uploaded as {label} but not attached to {method.label} (it is "
            f"attached to {where}); {rule}."
        )
    if cred.is_expired(now):
        assert cred.expires_at is not None
        out.append(f"{label} expired on {absolute(cred.expires_at)}{expired}")
    return out


def _from_tenant(description: str, skew: float | None) -> str | None:
    """Words for the tenant's own error description, when it says more than Unauthorized."""
    text = description.lower()
    if "expired" in text or "in the future" in text or skew is not None:
        behind = (
            f" This machine's clock is {abs(skew):.0f} s "
            f"{'behind' if skew > 0 else 'ahead of'} the tenant's."
            if skew is not None
            else ""
        )
        return (
            "The tenant judged the assertion's times (iat/exp) wrong: the clocks disagree by "
            f"more than Auth0's {rules.ASSERTION_CLOCK_SKEW_SECONDS} s tolerance.{behind} "
            "Synchronise this machine's clock (NTP) and try again."
        )
    if re.search(r"\baud(ience)?\b", text):
        return f"The tenant refused the assertion's audience: {description}"
    if "jti" in text:
        return "The tenant saw this assertion's jti before (assertions are single use)."
    if "signature" in text:
        return (
            "No attached, unexpired credential with this algorithm and kid verifies the "
            "signature: the key does not match what the application holds."
        )
    return None


def _skew(resp: Answer, sent_at: datetime) -> float | None:
    """Seconds the tenant's clock (``Date`` header) is ahead of ours, if beyond the tolerance."""
    try:
        server = parsedate_to_datetime(resp.headers.get("date", ""))
    except (TypeError, ValueError):
        return None
    if server.tzinfo is None:
        return None
    diff = (server - sent_at).total_seconds()
    return diff if abs(diff) > rules.ASSERTION_CLOCK_SKEW_SECONDS + 1 else None


async def try_credential(
    client: ManagementClient,
    client_id: str,
    private_key: rsa.RSAPrivateKey,
    *,
    alg: str | None = None,
    kid: str | None = None,
    audience: str | None = None,
    now: datetime | None = None,
) -> TokenTestResult:
    """Request a token as ``client_id`` with ``private_key``; explain a refusal in words.

    Raises :class:`UnreachableError`/:class:`RequestTimeoutError` when the token
    endpoint does not answer, API errors when the application cannot be read,
    and :class:`LocalValidationError` when no assertion can be signed.
    """
    app = await client.get_application(client_id)
    creds = await client.list_credentials(client_id)
    when = now or datetime.now(UTC)
    key_kid = keys.kid_for_public_key(private_key.public_key())
    cred = match_credential(creds, key_kid, kid)
    use_alg = alg or (cred.alg if cred and cred.alg else rules.DEFAULT_ALG)
    use_kid = kid if kid is not None else (cred.kid if cred else None)
    aud = audience or management_audience(client.base_url)
    try:
        assertion = keys.sign_client_assertion(
            private_key,
            client_id=client_id,
            audience=client.base_url.rstrip("/") + "/",
            alg=use_alg,
            kid=use_kid,
            lifetime_seconds=ASSERTION_LIFETIME_SECONDS,
            now=when,
        )
    except keys.KeyMaterialError as exc:
        raise LocalValidationError("key", exc.message, code=exc.code) from None
    form = {
        "grant_type": "client_credentials",
        "client_id": client_id,
        "client_assertion_type": CLIENT_ASSERTION_TYPE,
        "client_assertion": assertion,
        "audience": aud,
    }
    # The client's own path: its transport, total deadline and size cap, no redirects.
    resp = await client.post_token_form(form)
    base = TokenTestResult(
        ok=False,
        authenticated=False,
        client_id=client_id,
        application=app.name,
        alg=use_alg,
        kid=use_kid,
        audience=aud,
        credential=cred,
        status=resp.status,
    )
    answered = read_answer(base, resp)
    if answered.ok or answered.authenticated:
        return answered
    desc = answered.error_description or ""
    found = diagnose(app, creds, key_kid, cred, use_alg, use_kid, when)
    tenant_words = _from_tenant(desc, _skew(resp, when))
    if tenant_words and (not found or "clock" in tenant_words):
        found.append(tenant_words)
    if not found:
        found.append(f"The tenant refused the assertion ({resp.status}): {desc}")
    return replace(answered, explanation=tuple(found))


def read_answer(base: TokenTestResult, resp: Answer) -> TokenTestResult:
    """``base`` with the token endpoint's answer: a token, a 403 after authenticating, or not.

    Every string taken from the answer is tenant text, made safe to show here, where it
    enters (:func:`credtui.text.safe_text`) and bounded: the dialog and ``credtui test``
    print it.
    """
    body: Any = resp.json_or_none()
    body = body if isinstance(body, dict) else {}
    if resp.status == 200 and isinstance(body.get("access_token"), str):
        expires_in = body.get("expires_in")
        cnf = _cnf_thumbprint(body["access_token"]) if base.is_mtls else None
        return replace(
            base,
            ok=True,
            authenticated=True,
            token_type=_tenant_text(body.get("token_type"), _SHORT) or "Bearer",
            expires_in=(
                int(expires_in)
                if isinstance(expires_in, int | float) and 0 <= expires_in < 10**9
                else None
            ),
            scope=_tenant_text(body.get("scope"), _SCOPES),
            cnf_thumbprint=cnf,
        )
    error = _tenant_text(body.get("error"), _SHORT)
    desc = (
        _tenant_text(body.get("error_description"), _LONG)
        or _tenant_text(body.get("message"), _LONG)
        or _tenant_text(resp.reason, _SHORT)
        or ""
    )
    failed = replace(base, error=error, error_description=desc)
    if resp.status == 403:
        # Auth0 refuses with 403 only after authenticating the client: the key works.
        what = "certificate" if base.is_mtls else "key"
        words = (
            f"The {what} authenticated {base.application}, but the tenant issued no token for "
            f"{base.audience}: {desc}"
        )
        return replace(failed, authenticated=True, explanation=(words,))
    return failed


def _cnf_thumbprint(token: str) -> str | None:
    """The ``cnf.x5t#S256`` of an access token's payload (read, never shown nor verified)."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    cnf = claims.get("cnf") if isinstance(claims, dict) else None
    value = cnf.get("x5t#S256") if isinstance(cnf, dict) else None
    return _tenant_text(value, _SHORT)


_SHORT = 100
"""At most this many characters of a short token-endpoint field (error, type, thumbprint)."""
_LONG = 1000
"""At most this many of a description, as for the Management API's error messages."""
_SCOPES = 10_000
"""At most this many of the scopes granted (every Management API scope is under 4,000)."""


def _tenant_text(value: object, limit: int) -> str | None:
    """A string field of the token endpoint's answer, safe to show; None if absent or empty."""
    return (safe_text(value, limit=limit) or None) if isinstance(value, str) else None
