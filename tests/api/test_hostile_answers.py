"""Issue 8, finding 4: every answer becomes a model or a typed credtui error.

A broken tenant (or a proxy answering in its place) sends truncated JSON, HTML,
the wrong JSON type, absurd rate-limit headers or out-of-range timestamps. None
of it may escape as a bare ``ValueError``/``OverflowError``/``OSError``: the UI
would sit on "Loading…" with no message.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from credtui.errors import (
    ApiError,
    MalformedResponseError,
    RateLimitedError,
    describe_error,
)
from tests.api.hostile import Hostile, json_response


@pytest.fixture
async def t() -> AsyncIterator[Hostile]:
    tenant = Hostile()
    yield tenant
    await tenant.close()


CLIENT = "a" * 32
CRED_PATH = f"/api/v2/clients/{CLIENT}/credentials"


@pytest.mark.parametrize(
    ("body", "ctype", "what"),
    [
        (b'[{"id": "cred_abc", "credential_type": "publ', "application/json", "not valid JSON"),
        (b"<html><body>Sign in</body></html>", "text/html", "not valid JSON"),
        (b"NaN", "application/json", "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "application/json", "not valid JSON"),
        (b'{"id": "cred_abc"}', "application/json", "a JSON object where credtui expected a list"),
    ],
    ids=["truncated", "html", "nan", "deeply-nested", "wrong-type"],
)
async def test_a_200_that_is_not_the_expected_json_is_malformed(
    t: Hostile, body: bytes, ctype: str, what: str
) -> None:
    t.api = lambda _: httpx.Response(200, content=body, headers={"content-type": ctype})
    client = t.client()
    with pytest.raises(MalformedResponseError) as info:
        await client.list_credentials(CLIENT)
    err = info.value
    assert err.status == 200 and err.method == "GET" and err.path == CRED_PATH
    text = describe_error(err)
    assert what in text and "Auth0 tenant" in text
    assert "Sign in" not in text and "cred_abc" not in text  # the body is never echoed
    assert len(t.api_requests()) == 1  # a malformed answer is not retried


async def test_a_single_object_of_the_wrong_type_is_malformed(t: Hostile) -> None:
    t.api = lambda _: json_response([{"client_id": CLIENT}])
    client = t.client()
    with pytest.raises(MalformedResponseError) as info:
        await client.get_application(CLIENT)
    assert "a JSON list where credtui expected an object" in describe_error(info.value)


@pytest.mark.parametrize(
    "body", [{"message": "maintenance"}, {"clients": "none"}, {"clients": None, "next": "x"}]
)
async def test_a_page_without_a_list_of_clients_is_malformed_not_empty(
    t: Hostile, body: dict[str, object]
) -> None:
    t.api = lambda _: json_response(body)
    client = t.client()
    with pytest.raises(MalformedResponseError) as info:
        await client.list_applications()
    assert "clients are not a list" in describe_error(info.value)


async def test_a_token_answer_that_is_html_is_malformed_not_a_refusal(t: Hostile) -> None:
    t.token = lambda _: httpx.Response(200, content=b"<html>Login</html>")
    client = t.client(max_retries=0)
    with pytest.raises(MalformedResponseError) as info:
        await client.list_credentials(CLIENT)
    assert info.value.path == "/oauth/token" and "Login" not in describe_error(info.value)
    assert t.api_requests() == []


@pytest.mark.parametrize("status", [200, 429])
@pytest.mark.parametrize(
    "headers",
    [
        {"X-RateLimit-Reset": "inf", "X-RateLimit-Remaining": "0", "X-RateLimit-Limit": "50"},
        {"X-RateLimit-Reset": "nan", "X-RateLimit-Remaining": "nan", "X-RateLimit-Limit": "-inf"},
        {"Retry-After": "1e400", "X-RateLimit-Remaining": "1e400"},
        {"X-RateLimit-Reset": "1e18", "X-RateLimit-Remaining": "0"},
        {"X-RateLimit-Reset": "-1e18", "X-RateLimit-Remaining": "0"},
        {"X-RateLimit-Reset": "1000000000000000000", "X-RateLimit-Remaining": "0"},
        {"X-RateLimit-Reset": "-1000000000000000000", "X-RateLimit-Remaining": "-5"},
        {"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT", "X-RateLimit-Reset": "٣٤".encode()},
    ],
    ids=["inf", "nan", "1e400", "1e18", "-1e18", "19-digits", "-19-digits", "http-date"],
)
async def test_absurd_rate_limit_headers_never_escape(
    t: Hostile, status: int, headers: dict[str, str | bytes]
) -> None:
    t.api = lambda _: json_response(
        [] if status == 200 else {"statusCode": 429, "message": "Global limit has been reached"},
        status,
        **headers,
    )
    client = t.client(max_retries=1)
    if status == 200:
        assert await client.list_credentials(CLIENT) == []
        assert await client.list_credentials(CLIENT) == []  # the next call is not poisoned
        assert sum(t.sleeps) <= 60
    else:
        with pytest.raises(RateLimitedError) as info:
            await client.list_credentials(CLIENT)
        assert info.value.reset_at is None or info.value.reset_at.year < 10_000
        assert "rate limit" in describe_error(info.value, now=datetime.now(UTC))
        assert sum(t.sleeps) <= 60  # never more than the bound in all


def _creds(request: httpx.Request) -> httpx.Response:
    cid = request.url.path.split("/")[4]
    expires = {
        "early": "0001-01-01T00:00:00+01:00",
        "late": "9999-12-31T23:59:59-01:00",
    }.get(cid, "2027-01-01T00:00:00.000Z")
    if cid == "broken":
        return httpx.Response(200, content=b'[{"id": "cred_')
    return json_response(
        [{"id": f"cred_{cid}", "credential_type": "public_key", "expires_at": expires}]
    )


async def test_out_of_range_expiry_and_a_broken_answer_do_not_kill_the_batch(
    t: Hostile,
) -> None:
    t.api = _creds
    client = t.client()
    ids = ["fine", "early", "broken", "late"]
    results = {r.client_id: r async for r in client.iter_credentials(ids)}
    assert set(results) == set(ids)  # one result per application, as promised
    assert results["fine"].credentials is not None
    early, late = results["early"].credentials, results["late"].credentials
    assert early is not None and late is not None
    # clamped, not dropped: an expiry before year 1 is long expired, not "never expires"
    assert early[0].expires_at == datetime.min.replace(tzinfo=UTC)
    assert early[0].is_expired(datetime.now(UTC))
    assert late[0].expires_at == datetime.max.replace(tzinfo=UTC)
    assert isinstance(results["broken"].error, MalformedResponseError)
    assert results["broken"].credentials is None


async def test_error_bodies_that_are_not_json_still_give_the_status(t: Hostile) -> None:
    t.api = lambda _: httpx.Response(404, content=b"<html>nope</html>")
    client = t.client()
    with pytest.raises(ApiError) as info:
        await client.get_credential(CLIENT, "cred_x")
    assert info.value.status == 404 and "nope" not in describe_error(info.value)


async def test_request_id_and_message_cannot_inject_terminal_escapes(t: Hostile) -> None:
    t.api = lambda _: json_response(
        {"statusCode": 404, "message": "gone\x1b]52;c;cGF5bG9hZA==\x07\u202e"},
        404,
        **{"X-Request-Id": "r1\x1b[2J"},
    )
    client = t.client()
    with pytest.raises(ApiError) as info:
        await client.get_credential(CLIENT, "cred_x")
    text = describe_error(info.value)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "gone" in text
