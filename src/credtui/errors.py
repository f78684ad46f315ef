"""The errors credtui's core raises, and :func:`describe_error` for people.

Errors are data (design principle 4): every failure of a call to the tenant is an
:class:`ApiError` (or a subclass) carrying the HTTP status, Auth0's ``errorCode``,
Auth0's message and the request id. Input refused *before* anything was sent is a
:class:`LocalValidationError`. :func:`describe_error` turns any of them into one
sentence. This module is pure: no I/O, no Textual.

No error here ever carries a secret: messages come from the tenant's error body
(which never echoes secrets) or from credtui's own words.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from credtui.text import safe_text
from credtui.vocabulary import CredentialType, Slot

__all__ = [
    "AmbiguousWriteError",
    "ApiError",
    "AuthError",
    "BudgetExceededError",
    "CredtuiError",
    "ForbiddenError",
    "LocalValidationError",
    "MalformedResponseError",
    "NotFoundError",
    "PagingError",
    "PartialChangeError",
    "PlanRequiredError",
    "RateLimitedError",
    "RequestTimeoutError",
    "ResponseTooLargeError",
    "ScopeError",
    "ServerError",
    "TokenError",
    "UnreachableError",
    "ValidationError",
    "describe_error",
    "looks_plan_gated",
    "plan_feature_for",
]


class CredtuiError(Exception):
    """Base of every error credtui's core raises on purpose."""


class LocalValidationError(CredtuiError):
    """Input refused locally: nothing was sent to the tenant.

    ``field`` names the input (``pem``, ``name``, ``kid``, ``subject_dn``,
    ``expires_at``, ``client_id``, ``domain``, ``private_key``...), ``code`` is a
    stable machine-readable reason (for PEM problems, the ``PemError`` code).
    """

    def __init__(self, field: str, message: str, *, code: str = "invalid") -> None:
        message = safe_text(message)  # it may quote what was typed or pasted
        super().__init__(message)
        self.field = field
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"LocalValidationError(field={self.field!r}, code={self.code!r})"


class ApiError(CredtuiError):
    """A call to the tenant failed.

    ``status`` is the HTTP status (0 when no response arrived), ``error_code`` is
    Auth0's ``errorCode`` (or the OAuth ``error`` at the token endpoint),
    ``message`` Auth0's message (or credtui's words when there was no response),
    ``request_id`` the id the tenant gave the request, if any; ``method`` and
    ``path`` say which call it was (the path has no query string).
    ``maybe_processed`` is set when a non-idempotent request failed after it may
    have reached the tenant (timeout, dropped connection, 5xx).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int = 0,
        error_code: str | None = None,
        request_id: str | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        # Most of this comes from the tenant's answer: nothing a terminal acts on, bounded.
        message = safe_text(message, limit=1000)
        super().__init__(message)
        self.message = message
        self.status = status
        self.error_code = safe_text(error_code, limit=100) if error_code else error_code
        self.request_id = safe_text(request_id, limit=100) if request_id else request_id
        self.method = method
        self.path = path
        self.maybe_processed = False
        """True when the request may have reached the tenant and been acted on."""

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status}, error_code={self.error_code!r}, "
            f"message={self.message!r}, request_id={self.request_id!r}, "
            f"method={self.method!r}, path={self.path!r})"
        )

    def __str__(self) -> str:
        return describe_error(self)


class AuthError(ApiError):
    """401: the tenant did not accept the management token (after one refresh)."""


class TokenError(AuthError):
    """The token endpoint refused to issue a management token."""


class ForbiddenError(ApiError):
    """403 that is neither a missing scope nor a recognised plan gate."""


class ScopeError(ForbiddenError):
    """403 ``insufficient_scope``: the token lacks a scope; ``missing_scopes`` names them."""

    def __init__(self, message: str, *, missing_scopes: tuple[str, ...] = (), **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.missing_scopes = missing_scopes


class PlanRequiredError(ForbiddenError):
    """403 because the tenant's plan lacks a feature (``feature``, ``plan``)."""

    def __init__(self, message: str, *, feature: str, plan: str, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.feature = feature
        self.plan = plan


class NotFoundError(ApiError):
    """404: the application or credential does not exist."""


class ValidationError(ApiError):
    """400/409/422: the tenant refused the request; ``field`` names the property if known."""

    def __init__(self, message: str, *, field: str | None = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.field = field


class RateLimitedError(ApiError):
    """429 after the retries credtui allows; ``reset_at`` is when the bucket refills."""

    def __init__(
        self,
        message: str,
        *,
        limit: int | None = None,
        reset_at: datetime | None = None,
        **kw: object,
    ) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.limit = limit
        self.reset_at = reset_at


class ServerError(ApiError):
    """5xx after the retries credtui allows."""


class UnreachableError(ApiError):
    """No connection to the tenant (DNS, refused, TLS, dropped before an answer)."""

    def __init__(self, message: str, *, url: str | None = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.url = url


class RequestTimeoutError(ApiError):
    """The tenant did not answer in time."""

    def __init__(self, message: str, *, seconds: float | None = None, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.seconds = seconds


class BudgetExceededError(RequestTimeoutError):
    """A call, a TUI action or a command used all the time it was given, retries included.

    ``seconds`` is that budget (see :mod:`credtui.api.budget`); the message names it.
    """


class MalformedResponseError(ApiError):
    """The tenant answered, but not in a shape credtui can read (not JSON, wrong type, bad values).

    ``status`` is the answer's HTTP status (often 200). The message says what was
    wrong in credtui's words; it never quotes the body, which could hold anything.
    """


class ResponseTooLargeError(MalformedResponseError):
    """The answer was larger than credtui accepts (``limit`` bytes); reading stopped there."""

    def __init__(self, message: str, *, limit: int, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.limit = limit


class PagingError(MalformedResponseError):
    """Paging that would never end: a repeated cursor or page, or more pages than the total."""

    def __init__(self, message: str, *, pages: int, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.pages = pages


class AmbiguousWriteError(ApiError):
    """A create whose outcome credtui could not establish (sent, no answer, check failed)."""

    def __init__(self, message: str, *, cause: ApiError, **kw: object) -> None:
        super().__init__(message, **kw)  # type: ignore[arg-type]
        self.cause = cause


class PartialChangeError(CredtuiError):
    """A change of several steps that stopped part way; the message says what was done."""

    def __init__(self, message: str, *, cause: BaseException) -> None:
        super().__init__(message)
        self.message = message
        self.cause = cause


# --- plan-gated features --------------------------------------------------------------

_ENTERPRISE = "the Enterprise plan"
_HRI = "the Highly Regulated Identity add-on"

_PLAN_FEATURES: dict[str, tuple[str, str]] = {
    Slot.PRIVATE_KEY_JWT: ("Private Key JWT", _ENTERPRISE),
    CredentialType.PUBLIC_KEY: ("Private Key JWT", _ENTERPRISE),
    Slot.TLS_CLIENT_AUTH: ("mTLS client authentication", _HRI),
    Slot.SELF_SIGNED_TLS_CLIENT_AUTH: ("mTLS client authentication", _HRI),
    CredentialType.X509_CERT: ("mTLS client authentication", _HRI),
    CredentialType.CERT_SUBJECT_DN: ("mTLS client authentication", _HRI),
    Slot.SIGNED_REQUEST_OBJECT: ("JWT-secured authorization requests (JAR)", _HRI),
    "token_binding": ("Token binding", _HRI),
    Slot.TOKEN_VAULT_PRIVILEGED_ACCESS: (
        "Token Vault privileged access",
        "the Token Vault Early Access entitlement",
    ),
}


def plan_feature_for(key: str) -> tuple[str, str] | None:
    """The (feature, plan) a method, credential type or setting needs, if plan-gated."""
    return _PLAN_FEATURES.get(key)


_PLAN_WORDS = re.compile(
    r"\b(plan|upgrade|add-?on|subscription|entitle\w*|not (?:enabled|available|allowed) for "
    r"(?:this|your) tenant|feature)\b",
    re.IGNORECASE,
)


def looks_plan_gated(message: str) -> bool:
    """Whether a 403 message reads like a plan or add-on gate rather than a permission."""
    return bool(_PLAN_WORDS.search(message))


# --- describe_error --------------------------------------------------------------------

_PAYLOAD = re.compile(
    r"^Payload validation error: '(?P<why>.*?)'(?: on property (?P<prop>[^\s(]+))?"
)


def _field_and_reason(err: ValidationError) -> tuple[str | None, str]:
    m = _PAYLOAD.match(err.message)
    if m:
        return err.field or m.group("prop"), m.group("why")
    return err.field, err.message


def _when(reset_at: datetime, now: datetime | None) -> str:
    stamp = reset_at.astimezone(UTC).strftime("%H:%M:%S UTC")
    if now is None:
        return f"at {stamp}"
    secs = max(0, round((reset_at - now).total_seconds()))
    return f"in {secs} s (at {stamp})"


def _trim(text: str) -> str:
    text = " ".join(text.split())
    return text[:-1] if text.endswith(".") else text


def describe_error(err: BaseException, *, now: datetime | None = None) -> str:
    """One sentence a person understands, for any error credtui raises (or any exception).

    Names the missing scope, the limit hit, the field refused and the plan a feature
    needs; ends with the request id when the tenant gave one. ``now`` (UTC) lets
    a rate-limit message say how long until the reset.
    """
    text = _describe(err, now)
    rid = getattr(err, "request_id", None)
    if isinstance(err, ApiError) and rid:
        text = f"{text} (request id {rid})"
    return text if text.endswith(".") else text + "."


def _describe(err: BaseException, now: datetime | None) -> str:
    if isinstance(err, LocalValidationError):
        return f"Not sent: {err.field} — {_trim(err.message)}"
    if isinstance(err, PartialChangeError):
        return _trim(err.message)
    if not isinstance(err, ApiError):
        return f"Unexpected error: {type(err).__name__}"
    auth0 = _trim(err.message)
    if isinstance(err, PlanRequiredError):
        return (
            f"{err.feature} needs {err.plan}, which this tenant does not have "
            f"(Auth0 answered 403: {auth0})"
        )
    if isinstance(err, ScopeError):
        if err.missing_scopes:
            scopes = " or ".join(err.missing_scopes)
            return (
                f"The management token lacks the scope {scopes}; grant it to the management "
                "application under Auth0 Management API > Machine to Machine Applications"
            )
        return f"The management token lacks a required scope: {auth0}"
    if isinstance(err, ForbiddenError):
        return f"The tenant refused this ({err.status} Forbidden): {auth0}"
    if isinstance(err, TokenError):
        what = f"{err.error_code}: {auth0}" if err.error_code and err.error_code != auth0 else auth0
        return (
            f"The tenant would not issue a management token ({what}); check the profile's "
            "client id and its secret or private key"
        )
    if isinstance(err, AuthError):
        return f"The tenant rejected the management token ({auth0}); check the profile"
    if isinstance(err, NotFoundError):
        if auth0.lower() in ("not found", "") and err.path:
            return f"Not found: the tenant has nothing at {err.path}"
        return f"Not found: {auth0}"
    if isinstance(err, ValidationError):
        field, why = _field_and_reason(err)
        if field:
            return f"Auth0 refused {field}: {_trim(why)}"
        return f"Auth0 refused the request: {_trim(why)}"
    if isinstance(err, RateLimitedError):
        limit = f" of {err.limit} requests" if err.limit else ""
        when = f"; it resets {_when(err.reset_at, now)}" if err.reset_at else ""
        return f"Auth0's rate limit{limit} was reached ({auth0}){when}"
    if isinstance(err, PagingError):
        return (
            f"{auth0}; credtui stopped after {err.pages:,} pages so the listing could not "
            "run forever. Press r to try again; if it recurs, the tenant's paging is broken"
        )
    if isinstance(err, MalformedResponseError):
        return (
            f"{auth0}, so credtui could not use it. Check that the profile's domain is "
            "an Auth0 tenant (not a proxy or a login page)"
        )
    if isinstance(err, AmbiguousWriteError):
        return f"{auth0}; list the credentials before trying again"
    if isinstance(err, RequestTimeoutError):
        return auth0
    if isinstance(err, UnreachableError):
        return auth0
    if isinstance(err, ServerError):
        return f"The tenant had a server error ({err.status}): {auth0}; try again later"
    return f"The tenant answered {err.status}: {auth0}"
