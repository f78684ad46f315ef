"""describe_error: one sentence for every error class, naming what matters."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from credtui.api._http import error_from_response
from credtui.errors import (
    AmbiguousWriteError,
    ApiError,
    AuthError,
    ForbiddenError,
    LocalValidationError,
    MalformedResponseError,
    NotFoundError,
    PagingError,
    PlanRequiredError,
    RateLimitedError,
    RequestTimeoutError,
    ResponseTooLargeError,
    ScopeError,
    ServerError,
    TokenError,
    UnreachableError,
    ValidationError,
    describe_error,
    plan_feature_for,
)


def _resp(status: int, body: object, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers or {})


def _err(status: int, body: object, headers: dict[str, str] | None = None) -> ApiError:
    return error_from_response(_resp(status, body, headers), "GET", "/api/v2/clients/x/credentials")


def test_missing_scope_is_named() -> None:
    err = _err(
        403,
        {
            "statusCode": 403,
            "error": "Forbidden",
            "message": "Insufficient scope, expected any of: read:clients, read:client_summary",
            "errorCode": "insufficient_scope",
        },
        {"x-request-id": "req-123"},
    )
    assert isinstance(err, ScopeError)
    assert err.missing_scopes == ("read:clients", "read:client_summary")
    text = describe_error(err)
    assert "read:clients or read:client_summary" in text
    assert text.endswith("(request id req-123).")
    assert err.request_id == "req-123" and err.error_code == "insufficient_scope"


def test_unreadable_fields_is_a_scope_error() -> None:
    err = _err(
        403, {"statusCode": 403, "message": "You cannot read the following fields: client_secret"}
    )
    assert isinstance(err, ScopeError)
    assert "read:client_keys" in describe_error(err)


def test_validation_names_the_field() -> None:
    err = _err(
        400,
        {
            "statusCode": 400,
            "error": "Bad Request",
            "message": "Payload validation error: 'Array is too long (3), maximum 2' on property "
            "client_authentication_methods.private_key_jwt.credentials (credentials).",
            "errorCode": "invalid_body",
        },
    )
    assert isinstance(err, ValidationError)
    assert err.field == "client_authentication_methods.private_key_jwt.credentials"
    assert describe_error(err) == (
        "Auth0 refused client_authentication_methods.private_key_jwt.credentials: "
        "Array is too long (3), maximum 2."
    )
    plain = _err(
        400,
        {"statusCode": 400, "message": "Cannot delete credential still associated with a client"},
    )
    assert describe_error(plain) == (
        "Auth0 refused the request: Cannot delete credential still associated with a client."
    )


def test_rate_limit_names_the_limit_and_reset() -> None:
    err = _err(
        429,
        {
            "statusCode": 429,
            "error": "Too Many Requests",
            "message": "Global limit has been reached",
        },
        {
            "X-RateLimit-Limit": "50",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": "1893456030",
        },
    )
    assert isinstance(err, RateLimitedError)
    assert err.limit == 50
    assert err.reset_at == datetime(2030, 1, 1, 0, 0, 30, tzinfo=UTC)
    text = describe_error(err, now=datetime(2030, 1, 1, tzinfo=UTC))
    assert text == (
        "Auth0's rate limit of 50 requests was reached (Global limit has been reached); "
        "it resets in 30 s (at 00:00:30 UTC)."
    )


def test_plan_gate_says_which_plan() -> None:
    feature, plan = plan_feature_for("private_key_jwt") or ("", "")
    err = PlanRequiredError("Forbidden", feature=feature, plan=plan, status=403)
    assert describe_error(err).startswith("Private Key JWT needs the Enterprise plan")
    feature, plan = plan_feature_for("tls_client_auth") or ("", "")
    assert "Highly Regulated Identity add-on" in describe_error(
        PlanRequiredError("no", feature=feature, plan=plan, status=403)
    )
    assert plan_feature_for("client_secret_post") is None
    generic = _err(403, {"statusCode": 403, "message": "Nope"})
    assert type(generic) is ForbiddenError
    assert "403" in describe_error(generic)


@pytest.mark.parametrize(
    ("err", "expected"),
    [
        (
            _err(401, {"statusCode": 401, "message": "Invalid token"}),
            "rejected the management token",
        ),
        (
            _err(
                400,
                {
                    "statusCode": 400,
                    "message": "Bad HTTP authentication header format",
                    "errorCode": "Bearer",
                },
            ),
            "rejected the management token",
        ),
        (
            _err(404, {"statusCode": 404, "message": "The client does not exist"}),
            "Not found: The client does not exist.",
        ),
        (_err(503, {"statusCode": 503, "message": "Service Unavailable"}), "server error (503)"),
        (_err(418, "teapot"), "answered 418"),
        (
            TokenError("Unauthorized", error_code="access_denied", status=401),
            "would not issue a management token",
        ),
        (
            UnreachableError("Could not reach https://x.auth0.com", status=0),
            "Could not reach https://x.auth0.com.",
        ),
        (RequestTimeoutError("The tenant did not answer in time"), "did not answer in time."),
        (
            AmbiguousWriteError("It may or may not exist", cause=ServerError("x", status=500)),
            "list the credentials before trying again",
        ),
        (LocalValidationError("kid", "The kid may contain only letters."), "Not sent: kid"),
        (
            MalformedResponseError("The answer to GET /x was not valid JSON", status=200),
            "not valid JSON, so credtui could not use it",
        ),
        (
            ResponseTooLargeError("The answer was larger than 10 MiB", limit=1, status=200),
            "Check that the profile's domain is an Auth0 tenant",
        ),
        (
            PagingError("The tenant repeated a page cursor", pages=3, status=200),
            "credtui stopped after 3 pages",
        ),
        (ValueError("boom"), "Unexpected error: ValueError."),
    ],
)
def test_every_class_has_a_sentence(err: BaseException, expected: str) -> None:
    text = describe_error(err)
    assert expected in text
    assert text.endswith(".")
    assert "\n" not in text


def test_classes_and_statuses() -> None:
    assert isinstance(_err(401, {}), AuthError)
    assert isinstance(_err(404, {}), NotFoundError)
    assert isinstance(_err(409, {}), ValidationError)
    assert isinstance(_err(500, {}), ServerError)
    assert _err(500, None).message  # reason phrase when no body
    assert issubclass(TokenError, AuthError) and issubclass(ScopeError, ForbiddenError)


def test_repr_and_str_carry_no_secret() -> None:
    err = AuthError("Invalid token", status=401, request_id="r1")
    assert "Bearer" not in repr(err) and "Invalid token" in repr(err)
    assert str(err) == describe_error(err)
    local = LocalValidationError("pem", "refused", code="private_key")
    assert repr(local) == "LocalValidationError(field='pem', code='private_key')"


@pytest.mark.parametrize("reset", ["inf", "-inf", "nan", "1e18", "-1e18", "1" * 19, "9" * 15])
def test_an_absurd_reset_on_a_429_still_gives_a_rate_limit_error(reset: str) -> None:
    """Issue 8 finding 4: no OverflowError/OSError from a reset no datetime can hold."""
    err = _err(429, {"message": "Global limit"}, {"X-RateLimit-Reset": reset})
    assert isinstance(err, RateLimitedError) and err.reset_at is None
    assert "rate limit" in describe_error(err, now=datetime.now(UTC))
