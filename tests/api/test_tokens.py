"""Management tokens: the three sources, caching, one fetch under concurrency, 401 refresh."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import jwt
import pytest

from credtui.api import (
    ClientSecretSource,
    PrivateKeyJwtSource,
    ReadyTokenSource,
    base_url_from_domain,
    management_audience,
)
from credtui.config import Profile
from credtui.connect import connect, source_for_profile
from credtui.emulator.client_secret import rotate as rotate_secret
from credtui.errors import AuthError, LocalValidationError, TokenError, describe_error
from tests.api.harness import Harness, body_of
from tests.keyfactory import private_pem, rsa_key, spki_pem


async def test_one_token_request_for_50_concurrent_calls(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    results = await asyncio.gather(*(client.list_credentials(app.client_id) for _ in range(50)))
    assert all(r == [] for r in results)
    assert len(h.token_log()) == 1
    assert len(h.log("GET", "/api/v2/clients/*/credentials")) == 50
    assert client.tokens.fetch_count == 1
    form = body_of(h.token_log()[0])
    assert form["grant_type"] == "client_credentials"
    assert form["audience"] == "http://127.0.0.1:8765/api/v2/"
    assert form["client_id"] == h.emu.management.client_id
    # every call carried the same bearer token
    assert len({r.headers["authorization"] for r in h.sent(path="/api/v2/*")}) == 1


async def test_token_refreshed_shortly_before_expiry(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    await client.list_credentials(app.client_id)
    h.emu.clock.advance(86400 - 120)  # two minutes left: still used
    await client.list_credentials(app.client_id)
    assert len(h.token_log()) == 1
    h.emu.clock.advance(90)  # 30 s left, inside the 60 s margin: fetch a new one first
    await client.list_credentials(app.client_id)
    assert len(h.token_log()) == 2
    assert [e.status for e in h.api_log()] == [200, 200, 200]


async def test_a_changed_source_answers_the_next_fetch_and_the_token_in_hand_stays(
    h: Harness,
) -> None:
    """After the profile's own secret is rotated, the cache keeps its token until it is
    stale, then asks the new source: the tenant sees the new secret, never the old."""
    app = h.emu.create_application("Svc")
    client = h.client()
    await client.list_credentials(app.client_id)
    management = h.emu.tenant.get_client(h.emu.management.client_id)
    assert management is not None
    rotate_secret(h.emu.tenant, management)  # as POST .../rotate-secret does
    new_secret = management.client_secret
    assert new_secret is not None
    client.tokens.change_source(ClientSecretSource(h.emu.management.client_id, new_secret))
    await client.list_credentials(app.client_id)
    assert len(h.token_log()) == 1  # the token in hand is still good
    h.emu.clock.advance(86400 - 30)  # inside the margin: the next call fetches first
    await client.list_credentials(app.client_id)
    # The tenant accepted the second token request: the old secret gets a 401 now.
    assert [e.status for e in h.token_log()] == [200, 200]
    assert [e.status for e in h.api_log()] == [200, 200, 200]


async def test_401_refreshes_once_then_succeeds(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    # The client's clock is not the tenant's: the tenant sees the token expire first.
    client = h.client(clock=lambda: 1_000_000.0)
    await client.list_credentials(app.client_id)
    h.emu.clock.advance(2 * 86400)
    assert await client.list_credentials(app.client_id) == []
    assert [e.status for e in h.api_log()] == [200, 401, 200]
    assert len(h.token_log()) == 2


async def test_401_twice_is_reported(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    await client.list_credentials(app.client_id)
    h.emu.faults.add(method="GET", path="/api/v2/clients/*/credentials", status=401, times=2)
    with pytest.raises(AuthError) as info:
        await client.list_credentials(app.client_id)
    assert info.value.status == 401
    assert [e.status for e in h.api_log()] == [200, 401, 401]
    assert len(h.token_log()) == 2  # refreshed once, not more
    assert "rejected the management token" in describe_error(info.value)


async def test_ready_token_is_used_as_given_and_not_refreshed(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    token = h.emu.token(base_url=h.base_url)
    client = h.client(ReadyTokenSource(token))
    assert await client.list_credentials(app.client_id) == []
    assert h.token_log() == []
    assert h.sent(path="/api/v2/*")[0].headers["authorization"] == f"Bearer {token}"
    bad = h.client(ReadyTokenSource("not-a-jwt"))
    with pytest.raises(AuthError) as info:
        await bad.list_credentials(app.client_id)
    assert info.value.message == "Invalid token"
    assert [e.status for e in h.api_log()][-1:] == [401]  # one try: no refresh possible
    assert len(h.api_log()) == 2


async def test_wrong_secret_is_a_token_error_without_the_secret(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "s3cr3t-VALUE-never-shown-0123456789"
    client = h.client(ClientSecretSource(h.emu.management.client_id, secret))
    with pytest.raises(TokenError) as info:
        await client.list_applications()
    err = info.value
    assert err.status == 401 and err.error_code == "access_denied"
    assert h.api_log() == []  # nothing reached the Management API
    for text in (
        str(err),
        repr(err),
        describe_error(err),
        repr(client),
        repr(client.tokens.source),
        caplog.text,
    ):
        assert secret not in text
    assert "would not issue a management token" in describe_error(err)


async def test_scope_narrowed_token_gives_scope_error(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client(h.secret_source(scope="read:clients"))
    from credtui.errors import ScopeError

    with pytest.raises(ScopeError) as info:
        await client.list_credentials(app.client_id)
    assert info.value.missing_scopes == ("read:client_credentials",)
    assert "read:client_credentials" in describe_error(info.value)


async def test_private_key_jwt_source(
    h: Harness, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    key = rsa_key(2048, 12)
    m2m = h.emu.create_application(
        "credtui via private_key_jwt",
        method="private_key_jwt",
        credentials=[{"credential_type": "public_key", "pem": spki_pem(key), "alg": "PS256"}],
        grant_scopes=["read:clients", "read:client_credentials"],
    )
    [cred] = m2m.credentials.values()
    pem_path = tmp_path / "key.pem"
    pem_text = private_pem(key)
    pem_path.write_text(pem_text)
    source = PrivateKeyJwtSource(
        m2m.client_id, private_key_path=pem_path, alg="PS256", kid=cred.kid
    )
    client = h.client(source)
    apps = await client.list_applications()
    assert m2m.client_id in {a.client_id for a in apps}
    # a second client signs a second assertion: jti must differ
    other = h.client(
        PrivateKeyJwtSource(m2m.client_id, private_key_pem=pem_text.encode(), alg="PS256")
    )
    await other.list_applications()
    forms = [body_of(r) for r in h.sent("POST", "/oauth/token")]
    assert len(forms) == 2
    heads = [jwt.get_unverified_header(f["client_assertion"]) for f in forms]
    claims = [jwt.decode(f["client_assertion"], options={"verify_signature": False}) for f in forms]
    assert heads[0] == {"alg": "PS256", "kid": cred.kid, "typ": "JWT"}
    assert "kid" not in heads[1]
    for form, c in zip(forms, claims, strict=True):
        assert (
            form["client_assertion_type"]
            == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        )
        assert form["audience"] == "http://127.0.0.1:8765/api/v2/"
        assert "client_secret" not in form
        assert c["iss"] == c["sub"] == m2m.client_id
        assert c["aud"] == "http://127.0.0.1:8765/"
        assert 0 < c["exp"] - c["iat"] <= 60
    assert claims[0]["jti"] != claims[1]["jti"]
    marker = pem_text.splitlines()[1]
    for text in (repr(source), repr(client), caplog.text):
        assert marker not in text


async def test_private_key_problems_are_local(h: Harness, tmp_path: Path) -> None:
    client = h.client(PrivateKeyJwtSource("abc", private_key_path=tmp_path / "missing.pem"))
    with pytest.raises(LocalValidationError) as info:
        await client.list_applications()
    assert info.value.field == "private_key" and info.value.code == "unreadable"
    public = tmp_path / "pub.pem"
    public.write_text(spki_pem(rsa_key()))
    client = h.client(PrivateKeyJwtSource("abc", private_key_path=public))
    with pytest.raises(LocalValidationError) as info:
        await client.list_applications()
    assert info.value.code == "not_private_key"
    assert h.emu.log.entries() == []


def test_base_url_and_audience() -> None:
    assert base_url_from_domain("acme.eu.auth0.com") == "https://acme.eu.auth0.com"
    assert base_url_from_domain("https://acme.eu.auth0.com/") == "https://acme.eu.auth0.com"
    assert base_url_from_domain("http://127.0.0.1:8765") == "http://127.0.0.1:8765"
    assert management_audience("https://acme.eu.auth0.com") == "https://acme.eu.auth0.com/api/v2/"
    for bad in ("http://acme.eu.auth0.com", "acme.eu.auth0.com/api", "", "ftp://x.y"):
        with pytest.raises(LocalValidationError) as info:
            base_url_from_domain(bad)
        assert info.value.field == "domain"


def test_source_for_profile(tmp_path: Path) -> None:
    secret = source_for_profile(
        Profile(name="p", domain="a.auth0.com", client_id="cid", client_secret="sh")
    )
    assert isinstance(secret, ClientSecretSource) and "sh" not in repr(secret)
    env = source_for_profile(
        Profile(name="p", domain="a.auth0.com", token_env="TOK"), environ={"TOK": "abc.def.ghi"}
    )
    assert isinstance(env, ReadyTokenSource) and "abc" not in repr(env)
    pkj = source_for_profile(
        Profile(
            name="p",
            domain="a.auth0.com",
            client_id="cid",
            private_key_file="k.pem",
            private_key_alg="RS384",
        ),
        config_path=tmp_path / "config.toml",
    )
    assert isinstance(pkj, PrivateKeyJwtSource) and pkj.alg == "RS384"
    assert str(tmp_path / "k.pem") in repr(pkj)
    client = connect(Profile(name="p", domain="a.auth0.com", client_id="c", client_secret="s"))
    assert client.base_url == "https://a.auth0.com"


async def test_token_endpoint_503_is_retried(h: Harness) -> None:
    h.emu.faults.add(method="POST", path="/oauth/token", status=503)
    client = h.client()
    await client.list_applications()
    assert [e.status for e in h.token_log()] == [503, 200]
    assert h.sleeps == [0.5]


async def test_tokens_never_logged_or_shown(h: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    app = h.emu.create_application("Svc")
    client = h.client()
    await client.list_credentials(app.client_id)
    h.emu.faults.add(method="GET", path="/api/v2/clients/*/credentials", status=401, times=2)
    with pytest.raises(AuthError) as info:
        await client.list_credentials(app.client_id)
    tokens = {r.headers["authorization"].split()[1] for r in h.sent(path="/api/v2/*")}
    assert len(tokens) == 2
    shown = [caplog.text, repr(client), repr(client.tokens), str(info.value), repr(info.value)]
    shown.append(repr(client.tokens._token))
    for token in tokens:
        assert all(token not in text for text in shown)
