"""The same client over a real loopback socket (uvicorn in a thread), real time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from credtui.api import ClientSecretSource, ManagementClient
from credtui.emulator.server import RunningEmulator
from credtui.errors import NotFoundError, ScopeError, ServerError, UnreachableError
from credtui.models import AuthChange, AuthMethod, CredentialDraft, CredentialType
from tests.api.harness import WireTransport, body_of
from tests.keyfactory import cert_pem, rsa_key, self_signed_cert, spki_pem


@pytest.fixture
def live(live_emulator: RunningEmulator) -> Iterator[RunningEmulator]:
    """The module's live tenant, with its log, faults and rate limit reset after each test."""
    live_emulator.emulator.log.clear()
    yield live_emulator
    live_emulator.emulator.faults.clear()
    live_emulator.emulator.set_rate_limit(None)


@pytest.fixture
async def wire() -> AsyncIterator[WireTransport]:
    transport = WireTransport(httpx.AsyncHTTPTransport())
    yield transport


def _client(live: RunningEmulator, wire: WireTransport, **kw: object) -> ManagementClient:
    return ManagementClient.for_domain(
        live.base_url,
        ClientSecretSource(live.client_id, live.client_secret),
        transport=wire,
        **kw,  # type: ignore[arg-type]
    )


def _api(live: RunningEmulator) -> list[tuple[str, str, int | None]]:
    return [
        (e.method, e.path, e.status)
        for e in live.emulator.log.entries()
        if e.path.startswith("/api/")
    ]


async def test_every_operation_over_the_socket(live: RunningEmulator, wire: WireTransport) -> None:
    app = live.emulator.create_application("Live app")
    async with _client(live, wire) as client:
        apps = await client.list_applications()
        assert app.client_id in {a.client_id for a in apps}
        assert (await client.get_application(app.client_id)).name == "Live app"
        key = await client.create_credential(
            app.client_id,
            CredentialDraft(CredentialType.PUBLIC_KEY, pem=spki_pem(rsa_key(2048, 41)), name="k"),
        )
        cert = await client.create_credential(
            app.client_id,
            CredentialDraft(
                CredentialType.X509_CERT, pem=cert_pem(self_signed_cert(rsa_key(2048, 42)))
            ),
        )
        assert {c.id for c in await client.list_credentials(app.client_id)} == {key.id, cert.id}
        assert (await client.get_credential(app.client_id, key.id)).kid == key.kid
        later = await client.update_credential_expiry(app.client_id, key.id, None)
        assert later.expires_at is None
        updated = await client.update_authentication(
            app.client_id, AuthChange(method=AuthMethod.PRIVATE_KEY_JWT, credential_ids=(key.id,))
        )
        assert updated.auth_method is AuthMethod.PRIVATE_KEY_JWT
        await client.update_authentication(
            app.client_id, AuthChange(method=AuthMethod.CLIENT_SECRET_POST)
        )
        await client.delete_credential(app.client_id, key.id)
        with pytest.raises(NotFoundError):
            await client.get_credential(app.client_id, key.id)
    methods = [m for m, _, _ in _api(live)]
    assert (
        methods.count("POST") == 2 and methods.count("PATCH") == 3 and methods.count("DELETE") == 1
    )
    [expiry_patch] = [
        e for e in live.emulator.log.entries() if e.method == "PATCH" and "/credentials/" in e.path
    ]
    assert body_of(expiry_patch) == {"expires_at": None}


async def test_one_token_for_50_concurrent_calls(
    live: RunningEmulator, wire: WireTransport
) -> None:
    app = live.emulator.create_application("Concurrent")
    async with _client(live, wire) as client:
        await asyncio.gather(*(client.list_credentials(app.client_id) for _ in range(50)))
    log = live.emulator.log.entries()
    assert sum(1 for e in log if e.path == "/oauth/token") == 1
    assert sum(1 for e in log if e.path.endswith("/credentials") and e.status == 200) == 50


async def test_429_reset_honoured_in_real_time(live: RunningEmulator, wire: WireTransport) -> None:
    app = live.emulator.create_application("Limited")
    live.emulator.set_rate_limit("2/4")  # burst 2, refills in half a second
    async with _client(live, wire) as client:
        start = time.monotonic()
        for _ in range(2):
            assert live.emulator.bucket.take()[0]  # someone else emptied the bucket
        assert await client.list_credentials(app.client_id) == []
        elapsed = time.monotonic() - start
    statuses = [s for _, _, s in _api(live)]
    assert statuses == [429, 200]
    assert 0.2 < elapsed < 3.0


async def test_503_then_success_and_dropped_post(
    live: RunningEmulator, wire: WireTransport
) -> None:
    app = live.emulator.create_application("Faulty")
    live.emulator.faults.add(method="GET", path="/api/v2/clients/*/credentials", status=503)
    async with _client(live, wire, max_retries=1) as client:
        client.core.backoff = 0.05  # real sleeps, kept short
        assert await client.list_credentials(app.client_id) == []
        wire.lose_next_answer("POST", "/api/v2/clients/*/credentials")
        cred = await client.create_credential(
            app.client_id, CredentialDraft(CredentialType.CERT_SUBJECT_DN, subject_dn="CN=live")
        )
        live.emulator.faults.add(method="POST", path="/api/v2/clients/*/credentials", drop=True)
        with pytest.raises(UnreachableError) as info:
            await client.create_credential(
                app.client_id,
                CredentialDraft(CredentialType.CERT_SUBJECT_DN, subject_dn="CN=other"),
            )
        assert "not created" in info.value.message
        live.emulator.faults.add(
            method="PATCH", path="/api/v2/clients/*/credentials/*", status=502, times=9
        )
        with pytest.raises(ServerError):
            await client.update_credential_expiry(app.client_id, cred.id, None)
    assert list(app.credentials) == [cred.id]
    assert [(m, s) for m, _, s in _api(live)][:5] == [
        ("GET", 503),
        ("GET", 200),
        ("GET", 200),  # the ids held before the POST
        ("POST", 201),
        ("GET", 200),
    ]


async def test_scope_error_over_the_socket(live: RunningEmulator, wire: WireTransport) -> None:
    app = live.emulator.create_application("Scoped")
    source = ClientSecretSource(live.client_id, live.client_secret, scope="read:clients")
    async with ManagementClient(live.base_url, source, transport=wire) as client:
        with pytest.raises(ScopeError) as info:
            await client.delete_credential(app.client_id, "cred_xxxxxxxxxxxxxxxxxxxxxx")
    assert info.value.missing_scopes == ("delete:client_credentials",)


async def test_post_processed_then_dropped_over_the_socket_is_not_duplicated(
    live: RunningEmulator, wire: WireTransport
) -> None:
    app = live.emulator.create_application("Cut")
    live.emulator.faults.add(
        method="POST", path="/api/v2/clients/*/credentials", drop=True, after_processing=True
    )
    async with _client(live, wire) as client:
        cred = await client.create_credential(
            app.client_id, CredentialDraft(CredentialType.CERT_SUBJECT_DN, subject_dn="CN=cut")
        )
    assert list(app.credentials) == [cred.id]
    posts = [
        e for e in live.emulator.log.entries() if e.method == "POST" and "credentials" in e.path
    ]
    assert [(e.status, e.fault) for e in posts] == [(201, "drop after processing")]
