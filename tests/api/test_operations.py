"""Every operation against the in-process emulator: results, and what the tenant received."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

import pytest

from credtui.api import APP_FIELDS
from credtui.errors import LocalValidationError, NotFoundError, ValidationError
from credtui.models import AuthChange, AuthMethod, CredentialDraft, CredentialType, Slot
from tests.api.harness import TENANT_NOW, Harness, body_of
from tests.keyfactory import (
    cert_pem,
    pkcs1_pem,
    rsa_key,
    self_signed_cert,
    spki_pem,
)


async def test_list_applications_pages_with_checkpoints_and_fields(h: Harness) -> None:
    for i in range(230):
        h.emu.create_application(f"App {i:03d}")
    h.clear()
    client = h.client()
    pages = [page async for page in client.iter_application_pages()]
    assert [len(p.applications) for p in pages] == [100, 100, 31]  # 230 + the management app
    assert [p.index for p in pages] == [0, 1, 2]
    assert pages[-1].is_last and not pages[0].is_last
    names = [a.name for p in pages for a in p.applications]
    assert names[1:4] == ["App 000", "App 001", "App 002"]
    sent = h.log("GET", "/api/v2/clients")
    assert len(sent) == 3
    queries = [parse_qs(e.query) for e in sent]
    assert all(q["take"] == ["100"] for q in queries)
    assert all(
        q["fields"] == [",".join(APP_FIELDS)] and q["include_fields"] == ["true"] for q in queries
    )
    assert "from" not in queries[0]
    assert queries[1]["from"] == [pages[0].next_from]
    assert queries[2]["from"] == [pages[1].next_from]
    all_apps = await client.list_applications()
    assert len(all_apps) == 231


async def test_application_fields_the_ui_lists(h: Harness) -> None:
    key = rsa_key(2048, 3)
    app = h.emu.create_application(
        "Backend",
        method="private_key_jwt",
        credentials=[{"credential_type": "public_key", "pem": spki_pem(key), "name": "k1"}],
        jar=[{"credential_type": "public_key", "pem": spki_pem(rsa_key(2048, 4)), "name": "jar"}],
        jar_required=True,
    )
    client = h.client()
    got = await client.get_application(app.client_id)
    assert got.client_id == app.client_id and got.name == "Backend"
    assert got.app_type == "non_interactive"
    assert got.auth_method is AuthMethod.PRIVATE_KEY_JWT
    assert got.token_endpoint_auth_method is None
    assert len(got.attached_credential_ids) == 1
    assert got.jar_required and len(got.jar_credential_ids) == 1
    creds = await client.list_credentials(app.client_id)
    assert len(creds) == 2
    slots = {c.name: got.slots_of(c.id) for c in creds}
    assert slots == {"k1": (Slot.PRIVATE_KEY_JWT,), "jar": (Slot.SIGNED_REQUEST_OBJECT,)}
    [entry] = h.log("GET", f"/api/v2/clients/{app.client_id}")
    assert parse_qs(entry.query)["fields"] == [",".join(APP_FIELDS)]


async def test_create_each_credential_type_and_bodies_leave_out_unset(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    key = rsa_key(2048, 5)
    pk = await client.create_credential(
        app.client_id, CredentialDraft(CredentialType.PUBLIC_KEY, pem=spki_pem(key))
    )
    assert pk.credential_type is CredentialType.PUBLIC_KEY and pk.name is None and pk.alg == "RS256"
    assert pk.expires_at is None
    cert = self_signed_cert(rsa_key(2048, 6))
    x5 = await client.create_credential(
        app.client_id, CredentialDraft(CredentialType.X509_CERT, pem=cert_pem(cert), name="self")
    )
    assert x5.thumbprint_sha256 and x5.expires_at == cert.not_valid_after_utc
    dn = await client.create_credential(
        app.client_id,
        CredentialDraft(
            CredentialType.CERT_SUBJECT_DN, subject_dn="CN=svc, O=Acme, C=US", name="dn"
        ),
    )
    assert dn.subject_dn == "C=US\nO=Acme\nCN=svc"  # typed RFC 4514 order, sent in Auth0's form
    expiry = TENANT_NOW + timedelta(days=90)
    pk2 = await client.create_credential(
        app.client_id,
        CredentialDraft(
            CredentialType.PUBLIC_KEY,
            pem=pkcs1_pem(rsa_key(2048, 7)),
            alg="PS256",
            kid="my-key-id-0001",
            expires_at=expiry,
            name="rotated",
        ),
    )
    assert pk2.kid == "my-key-id-0001" and pk2.alg == "PS256" and pk2.expires_at == expiry
    bodies = [body_of(e) for e in h.log("POST", "/api/v2/clients/*/credentials")]
    assert set(bodies[0]) == {"credential_type", "pem"}
    assert set(bodies[1]) == {"credential_type", "pem", "name"}
    assert bodies[2] == {
        "credential_type": "cert_subject_dn",
        "name": "dn",
        "subject_dn": "C=US\nO=Acme\nCN=svc",
    }
    assert set(bodies[3]) == {"credential_type", "pem", "name", "alg", "kid", "expires_at"}
    assert bodies[3]["expires_at"] == "2026-08-30T12:00:00.000Z"


async def test_get_update_expiry_and_delete(h: Harness) -> None:
    app = h.emu.create_application(
        "Svc", unattached=[{"credential_type": "public_key", "pem": spki_pem(rsa_key(2048, 8))}]
    )
    client = h.client()
    [cred] = await client.list_credentials(app.client_id)
    assert (await client.get_credential(app.client_id, cred.id)) == cred
    when = datetime(2027, 5, 16, 11, 7, 30, 535694, tzinfo=UTC)
    updated = await client.update_credential_expiry(app.client_id, cred.id, when)
    assert updated.expires_at == datetime(2027, 5, 16, 11, 7, 30, 535000, tzinfo=UTC)
    [patch] = h.log("PATCH", "/api/v2/clients/*/credentials/*")
    assert body_of(patch) == {"expires_at": "2027-05-16T11:07:30.535Z"}
    await client.delete_credential(app.client_id, cred.id)
    assert await client.list_credentials(app.client_id) == []
    await client.delete_credential(app.client_id, cred.id)  # Auth0: idempotent, 204 again
    with pytest.raises(NotFoundError) as info:
        await client.get_credential(app.client_id, cred.id)
    assert info.value.status == 404 and "credential does not exist" in info.value.message
    statuses = [e.status for e in h.log("DELETE")]
    assert statuses == [204, 204]


async def test_expiry_in_the_past_is_refused_locally(h: Harness) -> None:
    app = h.emu.create_application(
        "Svc", unattached=[{"credential_type": "public_key", "pem": spki_pem(rsa_key(2048, 8))}]
    )
    client = h.client()
    [cred] = await client.list_credentials(app.client_id)
    h.clear()
    with pytest.raises(LocalValidationError) as info:
        await client.update_credential_expiry(
            app.client_id, cred.id, TENANT_NOW - timedelta(days=1)
        )
    assert info.value.field == "expires_at"
    assert h.api_log() == []


async def test_switch_methods_and_jar(h: Harness) -> None:
    app = h.emu.create_application(
        "Svc",
        unattached=[
            {"credential_type": "public_key", "pem": spki_pem(rsa_key(2048, 10)), "name": "a"},
            {"credential_type": "public_key", "pem": spki_pem(rsa_key(2048, 11)), "name": "b"},
        ],
    )
    client = h.client()
    ids = tuple(
        c.id
        for c in sorted(await client.list_credentials(app.client_id), key=lambda c: c.name or "")
    )
    got = await client.update_authentication(
        app.client_id, AuthChange(method=AuthMethod.PRIVATE_KEY_JWT, credential_ids=ids)
    )
    assert got.auth_method is AuthMethod.PRIVATE_KEY_JWT and got.attached_credential_ids == ids
    got = await client.update_authentication(
        app.client_id, AuthChange(jar_credential_ids=ids[:1], jar_required=True)
    )
    assert got.jar_required and got.jar_credential_ids == ids[:1]
    assert got.auth_method is AuthMethod.PRIVATE_KEY_JWT  # JAR change left the method alone
    got = await client.update_authentication(
        app.client_id, AuthChange(method=AuthMethod.CLIENT_SECRET_POST, clear_jar=True)
    )
    assert got.auth_method is AuthMethod.CLIENT_SECRET_POST and got.attachments() == {}
    bodies = [body_of(e) for e in h.log("PATCH", "/api/v2/clients/*")]
    assert bodies == [
        {
            "client_authentication_methods": {
                "private_key_jwt": {"credentials": [{"id": ids[0]}, {"id": ids[1]}]}
            },
            "token_endpoint_auth_method": None,
        },
        {"signed_request_object": {"required": True, "credentials": [{"id": ids[0]}]}},
        {
            "client_authentication_methods": None,
            "token_endpoint_auth_method": "client_secret_post",
            "signed_request_object": None,
        },
    ]


async def test_auth0_refusal_names_the_field(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    with pytest.raises(ValidationError) as info:
        await client.update_authentication(
            app.client_id,
            AuthChange(
                method=AuthMethod.PRIVATE_KEY_JWT, credential_ids=("cred_nope1111111111111111",)
            ),
        )
    assert info.value.status == 400
    # too many attached: refused locally (Auth0's own text), nothing sent
    h.clear()
    with pytest.raises(LocalValidationError) as local:
        await client.update_authentication(
            app.client_id,
            AuthChange(method=AuthMethod.PRIVATE_KEY_JWT, credential_ids=("a", "b", "c")),
        )
    assert local.value.message == "Auth0 allows at most 2 credentials on one method, not 3."
    assert h.api_log() == []


async def test_path_segments_are_encoded(h: Harness) -> None:
    client = h.client()
    with pytest.raises(NotFoundError):
        await client.list_credentials("../tenants/settings")
    with pytest.raises(NotFoundError):
        await client.get_credential("abc", "../../tenants/settings?x=1#y")
    api = [raw for raw in h.wire.raw if raw[1].startswith("/api")]
    assert api == [
        ("GET", "/api/v2/clients/..%2Ftenants%2Fsettings/credentials"),
        ("GET", "/api/v2/clients/abc/credentials/..%2F..%2Ftenants%2Fsettings%3Fx%3D1%23y"),
    ]
    h.clear()
    for bad in ("..", ".", ""):
        with pytest.raises(LocalValidationError):
            await client.get_credential(bad, "cred_x")
    assert h.wire.raw == []


async def test_falls_back_to_offset_paging_when_checkpoints_are_ignored(h: Harness) -> None:
    for i in range(150):
        h.emu.create_application(f"App {i:03d}")
    h.clear()
    # A tenant that ignores from/take answers the first request with a bare array.
    h.emu.faults.add(method="GET", path="/api/v2/clients", status=200, body=[])
    client = h.client()
    pages = [p async for p in client.iter_application_pages()]
    # 150 + the management app; the global client is in the total, not handed on.
    assert [len(p.applications) for p in pages] == [100, 51]
    assert pages[0].total == 152 and pages[0].next_from == "page:1" and pages[1].is_last
    queries = [parse_qs(e.query) for e in h.log("GET", "/api/v2/clients")]
    assert "take" in queries[0]
    assert [(q["page"], q["per_page"], q["include_totals"]) for q in queries[1:]] == [
        (["0"], ["100"], ["true"]),
        (["1"], ["100"], ["true"]),
    ]


async def test_the_global_client_is_left_out_wherever_the_tenant_lists_it(h: Harness) -> None:
    """Issue 20, finding 2 (facts 3.1 [REC ``TestAccGlobalClient.yaml``]): every tenant
    has a ``global`` client holding no credentials; credtui's listings leave it out, and
    a page holding only it still leads on to the next (where Auth0 puts it is its own
    business: recorded last, here first)."""
    from credtui.emulator.routes_clients import _encode_checkpoint

    for i in range(3):
        h.emu.create_application(f"App {i}")
    glob = h.emu.tenant.global_client
    only_global = {"tenant": "t", "client_id": glob.client_id, "name": glob.name, "global": True}
    h.emu.faults.add(
        method="GET", path="/api/v2/clients", status=200, times=1,
        body={"clients": [only_global], "next": _encode_checkpoint(0)},
    )  # fmt: skip
    pages = [p async for p in h.client().iter_application_pages(page_size=2)]
    names = [a.name for p in pages for a in p.applications]
    assert names == ["credtui Management API (emulator)", "App 0", "App 1", "App 2"]
    assert pages[0].applications == () and pages[-1].is_last
    assert APP_FIELDS[-1] == "global"
    shown = await h.client().get_application(glob.client_id)  # by id it is read as it is
    assert shown.is_global and shown.app_type is None and shown.secret_by_default


async def test_one_page_at_a_time(h: Harness) -> None:
    for i in range(5):
        h.emu.create_application(f"App {i}")
    client = h.client()
    first = await client.get_application_page(page_size=2)
    assert len(first.applications) == 2 and first.next_from
    second = await client.get_application_page(first.next_from, index=1, page_size=2)
    assert second.index == 1
    assert {a.client_id for a in first.applications}.isdisjoint(
        a.client_id for a in second.applications
    )


async def test_the_next_page_is_asked_for_before_a_page_is_handed_on(h: Harness) -> None:
    """Reading a page overlaps the next round trip; a listing left early asks no more."""
    import asyncio

    for i in range(8):
        h.emu.create_application(f"App {i}")
    h.clear()
    client = h.client()
    asked_when_handed: list[int] = []
    async for page in client.iter_application_pages(page_size=2):
        asked_when_handed.append(len(h.log("GET", "/api/v2/clients")))
        if page.index == 2:
            break
    # page 0 came with page 1 asked for, and so on; nothing is asked after the break
    assert asked_when_handed == [2, 3, 4]
    await asyncio.sleep(0.05)
    assert len(h.log("GET", "/api/v2/clients")) == 4
    pages = [p async for p in client.iter_application_pages(page_size=2)]
    # 8 + the management app + the global client (not handed on: it holds no credentials)
    assert [len(p.applications) for p in pages] == [2, 2, 2, 2, 1]
    assert pages[-1].is_last
