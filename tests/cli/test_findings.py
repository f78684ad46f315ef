"""``credtui.ops.findings``: each kind of problem, and the sweep with its progress callbacks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from credtui.api.client import ManagementClient
from credtui.api.tokens import ClientSecretSource
from credtui.emulator.seed import seed_generated
from credtui.models import Application, AuthMethod, Credential, CredentialType
from credtui.ops.findings import Finding, FindingKind, SweepProgress, find_problems, sweep_tenant
from tests.conftest import EmulatorHarness

NOW = datetime(2026, 6, 1, tzinfo=UTC)
WINDOW = timedelta(days=30)


def cred(cid: str, days: float | None) -> Credential:
    expires = NOW + timedelta(days=days) if days is not None else None
    return Credential(cid, CredentialType.PUBLIC_KEY, name=cid, kid=cid * 4, expires_at=expires)


def app(method: AuthMethod, ids: tuple[str, ...] = ()) -> Application:
    pairs = ((method, ids),) if method.uses_credentials else ()
    tea = None if method.uses_credentials else method.value
    return Application("cid", "App", token_endpoint_auth_method=tea, method_credentials=pairs)


def kinds(found: list[Finding]) -> list[tuple[str, str | None]]:
    return [(f.kind.value, f.credential_id) for f in found]


def test_each_kind() -> None:
    creds = [cred("old", -1), cred("soon", 10), cred("later", 90), cred("loose", None)]
    found = find_problems(
        app(AuthMethod.PRIVATE_KEY_JWT, ("old", "soon", "later")), creds, NOW, WINDOW
    )
    assert kinds(found) == [
        ("expired", "old"),
        ("expiring", "soon"),
        ("unattached", "loose"),
    ]
    assert "expired 1 day ago (attached to private_key_jwt)" in found[0].message


def test_an_application_that_cannot_authenticate() -> None:
    expired_only = find_problems(
        app(AuthMethod.PRIVATE_KEY_JWT, ("old",)), [cred("old", -5)], NOW, WINDOW
    )
    assert (FindingKind.CANNOT_AUTHENTICATE.value, None) in kinds(expired_only)
    nothing = find_problems(app(AuthMethod.TLS_CLIENT_AUTH), [], NOW, WINDOW)
    assert kinds(nothing) == [("cannot_authenticate", None)]
    assert "no credential is attached" in nothing[0].message
    secret = find_problems(app(AuthMethod.CLIENT_SECRET_POST), [], NOW, WINDOW)
    assert secret == []


def test_attached_to_a_method_the_application_does_not_use() -> None:
    odd = Application(
        "cid", "App",
        method_credentials=(
            (AuthMethod.PRIVATE_KEY_JWT, ("a",)),
            (AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH, ("b",)),
        ),
    )  # fmt: skip
    found = find_problems(odd, [cred("a", 90), cred("b", 90)], NOW, WINDOW)
    assert kinds(found) == [("unused_method", "b")]
    assert "authenticates with private_key_jwt" in found[0].message


async def test_sweep_reads_every_application_and_reports_progress(
    emulator: EmulatorHarness,
) -> None:
    seed_generated(emulator.app, 120)
    seen: list[SweepProgress] = []
    source = ClientSecretSource(emulator.client_id, emulator.client_secret)
    async with ManagementClient(emulator.base_url, source, transport=emulator.transport) as client:
        sweep = await sweep_tenant(client, on_progress=seen.append, concurrency=4)
    assert len(sweep.applications) == 121 and len(sweep.credentials) == 121
    assert sweep.errors == {}
    assert seen[-1] == SweepProgress(121, 121, True)
    assert [p.applications for p in seen if not p.listing_done] == [100, 121]
    reads = [p.credentials_read for p in seen if p.listing_done]
    assert reads == sorted(reads) and reads[0] == 0
    cred_gets = [r for r in emulator.requests(method="GET") if r.path.endswith("/credentials")]
    assert len(cred_gets) == 121
    assert sweep.findings(datetime.now(UTC), WINDOW)  # the generated tenant has expired keys


async def test_a_client_named_that_cannot_be_read_is_an_error_not_the_end(
    emulator: EmulatorHarness,
) -> None:
    from credtui.errors import NotFoundError

    seed_generated(emulator.app, 2)
    source = ClientSecretSource(emulator.client_id, emulator.client_secret)
    async with ManagementClient(emulator.base_url, source, transport=emulator.transport) as client:
        real = [a.client_id for a in await client.list_applications()]
        sweep = await sweep_tenant(client, client_ids=["no-such-client", *real])
    assert [a.client_id for a in sweep.applications] == real
    assert set(sweep.errors) == {"no-such-client"}
    assert isinstance(sweep.errors["no-such-client"], NotFoundError)
    assert set(sweep.credentials) == set(real)
