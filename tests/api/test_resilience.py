"""Rate limits, retries, and a POST that is never resent blindly."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from credtui.errors import (
    AmbiguousWriteError,
    RateLimitedError,
    RequestTimeoutError,
    ServerError,
    UnreachableError,
    describe_error,
)
from credtui.models import CredentialDraft, CredentialType
from tests.api.harness import Harness
from tests.keyfactory import cert_pem, rsa_key, self_signed_cert, spki_pem


async def test_429_waits_for_the_reset_then_retries(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    h.emu.set_rate_limit("5/0.5")  # burst 5, refills one every 2 s
    client = h.client()
    for _ in range(5):  # empty the bucket behind the client's back
        assert h.emu.bucket.take()[0]
    h.clear()
    assert await client.list_credentials(app.client_id) == []
    statuses = [e.status for e in h.api_log()]
    assert statuses == [429, 200]
    # the 429 said: full again in 10 s (5 tokens at 0.5/s); the client waited exactly that
    assert h.sleeps == [10.0]
    assert client.core.limiter.waits == [10.0]


async def test_429_gives_up_after_retries_naming_the_limit(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    h.emu.set_rate_limit("5/0.5")
    client = h.client(max_retries=2)
    await client.list_credentials(app.client_id)
    h.emu.faults.add(method="GET", path="/api/v2/clients/*/credentials", status=429, times=3)
    with pytest.raises(RateLimitedError) as info:
        await client.list_credentials(app.client_id)
    assert info.value.limit == 5 and info.value.reset_at is not None
    assert [e.status for e in h.api_log()] == [200, 429, 429, 429]
    assert "rate limit of 5 requests" in describe_error(info.value)


async def test_a_burst_is_paced_by_the_headers_and_never_trips_429(h: Harness) -> None:
    apps = [h.emu.create_application(f"App {i}") for i in range(30)]
    h.emu.set_rate_limit("10/2")  # burst 10, 2 per second
    client = h.client()
    async for result in client.iter_credentials([a.client_id for a in apps], concurrency=4):
        assert result.ok
    statuses = [e.status for e in h.api_log()]
    assert len(statuses) == 30 and 429 not in statuses
    assert client.core.limiter.waits  # it did pause for the bucket
    assert sum(h.sleeps) <= 30  # and not longer than 30 requests at 2/s need


async def test_503_then_success_for_get(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    h.emu.faults.add(method="GET", path="/api/v2/clients/*/credentials", status=503, times=2)
    assert await client.list_credentials(app.client_id) == []
    assert [e.status for e in h.api_log()] == [503, 503, 200]
    assert h.sleeps == [0.5, 1.0]  # exponential backoff


async def test_5xx_exhausted_is_a_server_error(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client(max_retries=1)
    h.emu.faults.add(method="GET", path="/api/v2/clients/*/credentials", status=500, times=5)
    with pytest.raises(ServerError) as info:
        await client.list_credentials(app.client_id)
    assert info.value.status == 500
    assert len(h.api_log()) == 2


async def test_post_503_is_not_resent_and_checked(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    h.emu.faults.add(method="POST", path="/api/v2/clients/*/credentials", status=503)
    with pytest.raises(ServerError) as info:
        await client.create_credential(
            app.client_id,
            CredentialDraft(CredentialType.PUBLIC_KEY, pem=spki_pem(rsa_key(2048, 13))),
        )
    assert "the credential was not created" in info.value.message
    # the ids held before, the POST, the check
    assert [(e.method, e.status) for e in h.api_log()] == [
        ("GET", 200),
        ("POST", 503),
        ("GET", 200),
    ]
    assert app.credentials == {}


async def test_post_whose_answer_is_lost_is_not_duplicated(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    h.wire.lose_next_answer("POST", "/api/v2/clients/*/credentials")
    draft = CredentialDraft(CredentialType.PUBLIC_KEY, pem=spki_pem(rsa_key(2048, 14)), name="lost")
    cred = await client.create_credential(app.client_id, draft)
    assert [(e.method, e.status) for e in h.api_log()] == [
        ("GET", 200),
        ("POST", 201),
        ("GET", 200),
    ]
    assert list(app.credentials) == [cred.id]  # exactly one on the tenant
    assert cred.name == "lost"


@pytest.mark.parametrize("error", [httpx.ReadTimeout, httpx.ReadError])
async def test_x509_create_timeout_found_by_thumbprint(
    h: Harness, error: type[httpx.TransportError]
) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    h.wire.lose_next_answer("POST", "/api/v2/clients/*/credentials", error)
    cred = await client.create_credential(
        app.client_id,
        CredentialDraft(
            CredentialType.X509_CERT, pem=cert_pem(self_signed_cert(rsa_key(2048, 15)))
        ),
    )
    assert len(app.credentials) == 1 and cred.id in app.credentials
    assert len(h.log("POST", "/api/v2/*")) == 1


async def test_post_dropped_before_processing_reports_not_created(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    h.emu.faults.add(method="POST", path="/api/v2/clients/*/credentials", drop=True)
    with pytest.raises(UnreachableError) as info:
        await client.create_credential(
            app.client_id, CredentialDraft(CredentialType.CERT_SUBJECT_DN, subject_dn="CN=x")
        )
    assert "the credential was not created" in describe_error(info.value)
    assert [e.method for e in h.api_log()] == ["GET", "POST", "GET"]
    assert app.credentials == {}


async def test_ambiguous_when_the_check_fails_too(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client(max_retries=0)
    h.wire.lose_next_answer("POST", "/api/v2/clients/*/credentials")
    h.emu.faults.add(method="GET", path="/api/v2/clients/*/credentials", status=503)
    with pytest.raises(AmbiguousWriteError) as info:
        await client.create_credential(  # the ids held are known: the one GET is the check
            app.client_id,
            CredentialDraft(CredentialType.CERT_SUBJECT_DN, subject_dn="CN=y"),
            existing_ids=(),
        )
    assert "may or may not have created" in describe_error(info.value)
    assert len(h.log("POST", "/api/v2/*")) == 1


async def test_get_timeout_is_retried_then_reported(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client(timeout=0.05, max_retries=1)
    h.emu.faults.add(method="GET", path="/api/v2/clients/*/credentials", delay_ms=300, times=1)
    assert await client.list_credentials(app.client_id) == []  # retried after the timeout
    h.emu.faults.add(method="GET", path="/api/v2/clients/*/credentials", delay_ms=300, times=2)
    with pytest.raises(RequestTimeoutError) as info:
        await client.list_credentials(app.client_id)
    assert "did not answer" in describe_error(info.value)


async def test_unreachable_over_a_closed_port() -> None:
    from credtui.api import ClientSecretSource, ManagementClient

    async def no_sleep(_: float) -> None:
        await asyncio.sleep(0)

    client = ManagementClient(
        "http://127.0.0.1:9", ClientSecretSource("id", "secret"), sleep=no_sleep, max_retries=1
    )
    async with client:
        with pytest.raises(UnreachableError) as info:
            await client.list_applications()
    assert "http://127.0.0.1:9" in describe_error(info.value)
    assert "secret" not in describe_error(info.value)


async def test_post_processed_then_dropped_by_the_tenant_is_not_duplicated(h: Harness) -> None:
    """The tenant's own fault: it creates the credential, then cuts the connection."""
    app = h.emu.create_application("Svc")
    client = h.client()
    h.emu.faults.add(
        method="POST", path="/api/v2/clients/*/credentials", drop=True, after_processing=True
    )
    draft = CredentialDraft(CredentialType.PUBLIC_KEY, pem=spki_pem(rsa_key(2048, 16)), name="cut")
    cred = await client.create_credential(app.client_id, draft)
    posts = h.log("POST", "/api/v2/*")
    assert len(posts) == 1 and posts[0].fault == "drop after processing"
    assert posts[0].status == 201  # the tenant did create it
    assert list(app.credentials) == [cred.id]  # and exactly once
    assert cred.name == "cut"


async def test_an_unanswered_create_is_not_the_credential_held_from_before(h: Harness) -> None:
    """The application already holds the DN; every POST of it answers 503: not created."""
    app = h.emu.create_application(
        "Svc", unattached=[{"credential_type": "cert_subject_dn", "subject_dn": "CN=dup"}]
    )
    (old_id,) = app.credentials
    client = h.client()
    h.emu.faults.add(method="POST", path="/api/v2/clients/*/credentials", status=503, times=9)
    with pytest.raises(ServerError) as info:
        await client.create_credential(
            app.client_id, CredentialDraft(CredentialType.CERT_SUBJECT_DN, subject_dn="CN=dup")
        )
    assert "the credential was not created" in info.value.message
    assert old_id in info.value.message and "was there before" in info.value.message
    assert list(app.credentials) == [old_id]
    assert [e.method for e in h.api_log()] == ["GET", "POST", "GET"]


async def test_ids_given_by_the_caller_spare_the_list_and_still_exclude(h: Harness) -> None:
    app = h.emu.create_application(
        "Svc", unattached=[{"credential_type": "cert_subject_dn", "subject_dn": "CN=dup"}]
    )
    client = h.client()
    h.emu.faults.add(method="POST", path="/api/v2/clients/*/credentials", status=503)
    with pytest.raises(ServerError):
        await client.create_credential(
            app.client_id,
            CredentialDraft(CredentialType.CERT_SUBJECT_DN, subject_dn="CN=dup"),
            existing_ids=list(app.credentials),
        )
    assert [e.method for e in h.api_log()] == ["POST", "GET"]


async def test_created_after_all_beside_the_same_dn_is_the_new_one(h: Harness) -> None:
    app = h.emu.create_application(
        "Svc", unattached=[{"credential_type": "cert_subject_dn", "subject_dn": "CN=dup"}]
    )
    (old_id,) = app.credentials
    client = h.client()
    h.emu.faults.add(
        method="POST", path="/api/v2/clients/*/credentials", drop=True, after_processing=True
    )
    cred = await client.create_credential(
        app.client_id, CredentialDraft(CredentialType.CERT_SUBJECT_DN, subject_dn="CN=dup")
    )
    assert cred.id != old_id
    assert sorted(app.credentials) == sorted([old_id, cred.id])


async def test_a_failed_list_before_the_create_sends_nothing(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client(max_retries=0)
    h.emu.faults.add(method="GET", path="/api/v2/clients/*/credentials", status=503)
    with pytest.raises(ServerError):
        await client.create_credential(
            app.client_id, CredentialDraft(CredentialType.CERT_SUBJECT_DN, subject_dn="CN=z")
        )
    assert h.log("POST", "/api/v2/*") == []
    assert app.credentials == {}
