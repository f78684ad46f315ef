"""The lifecycle core (``credtui.ops.changes`` and ``credtui.ops.plan``) against the emulator.

Each test asserts on the tenant's state afterwards, and the refusals on the
emulator's log holding no request at all.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from credtui.checks import check_credential_draft
from credtui.errors import (
    LocalValidationError,
    PartialChangeError,
    ValidationError,
    describe_error,
)
from credtui.models import AuthChange, AuthMethod, CredentialDraft, CredentialType, Slot
from credtui.ops.changes import (
    attach_change,
    check_add,
    describe_change,
    detach_change,
    detach_consequence,
)
from credtui.ops.plan import AddCredential, DeleteCredential, Effect, SetAuth, execute, make_plan
from tests.api.harness import TENANT_NOW, Harness
from tests.keyfactory import cert_pem, rsa_key, self_signed_cert, spki_pem


def _pk(index: int, name: str | None = None) -> dict[str, str]:
    body = {"credential_type": "public_key", "pem": spki_pem(rsa_key(2048, index))}
    if name:
        body["name"] = name
    return body


ALL = tuple(Effect)
"""Every effect accepted: for tests of what is sent, not of what is refused."""

WRITES = ("POST", "PATCH", "DELETE")


def _writes(h: Harness) -> list[tuple[str, str]]:
    return [(e.method, e.path) for e in h.api_log() if e.method in WRITES]


def _draft(index: int, **kw: object) -> CredentialDraft:
    return CredentialDraft(CredentialType.PUBLIC_KEY, pem=spki_pem(rsa_key(2048, index)), **kw)  # type: ignore[arg-type]


async def test_add_and_enable_private_key_jwt_in_one_flow(h: Harness) -> None:
    emu_app = h.emu.create_application("Orders", extra={"jwt_configuration": {"alg": "RS256"}})
    client = h.client()
    h.clear()
    intent = AddCredential(_draft(20, name="k1"), Slot.PRIVATE_KEY_JWT)
    # From a client secret: the method switches and the secret is hidden, so it is breaking.
    with pytest.raises(LocalValidationError) as refused:
        await execute(client, emu_app.client_id, intent, now=TENANT_NOW)
    assert refused.value.code == "breaking" and _writes(h) == []
    accept = (Effect.SWITCHES_METHOD, Effect.HIDES_CLIENT_SECRET)
    result = await execute(client, emu_app.client_id, intent, accept=accept, now=TENANT_NOW)
    assert result.error is None and result.created is not None
    assert result.application.auth_method is AuthMethod.PRIVATE_KEY_JWT
    stored = h.emu.tenant.get_client(emu_app.client_id)
    assert stored is not None
    assert stored.auth_methods == {"private_key_jwt": [result.created.id]}
    assert stored.token_endpoint_auth_method is None
    assert [(e.method, e.path.rsplit("/", 1)[-1]) for e in h.api_log() if e.method in WRITES] == [
        ("POST", "credentials"),
        ("PATCH", emu_app.client_id),
    ]


async def test_attach_keeps_a_credential_attached_since_the_screen_was_read(h: Harness) -> None:
    emu_app = h.emu.create_application(
        "Billing",
        method="private_key_jwt",
        credentials=[_pk(21, "old")],
        unattached=[_pk(36, "colleague's")],
    )
    client = h.client()
    stale = await client.get_application(emu_app.client_id)
    stale_creds = await client.list_credentials(emu_app.client_id)
    by_name = {c.name: c.id for c in stale_creds}
    # Meanwhile a colleague swaps the attached key for theirs.
    await client.update_authentication(
        emu_app.client_id,
        AuthChange(method=AuthMethod.PRIVATE_KEY_JWT, credential_ids=(by_name["colleague's"],)),
    )
    intent = AddCredential(_draft(22, name="new"), Slot.PRIVATE_KEY_JWT)
    seen = make_plan(intent, stale, stale_creds, now=TENANT_NOW)
    assert not seen.breaking  # beside "old", on the stale screen
    result = await execute(client, emu_app.client_id, intent, now=TENANT_NOW, seen=seen)
    stored = h.emu.tenant.get_client(emu_app.client_id)
    assert stored is not None and stored.auth_methods is not None and result.created is not None
    # From the stale screen it would have been [old, new], silently undoing the swap.
    assert stored.auth_methods["private_key_jwt"] == [by_name["colleague's"], result.created.id]


async def test_state_refusals_send_nothing(h: Harness) -> None:
    full = h.emu.create_application(
        "Full",
        method="private_key_jwt",
        credentials=[_pk(23, "a"), _pk(24, "b")],
        unattached=[_pk(25, "c"), _pk(26, "d")],
    )
    two = h.emu.create_application(
        "Two", method="private_key_jwt", credentials=[_pk(27, "a"), _pk(28, "b")]
    )
    client = h.client()
    apps = {a.client_id: await client.get_application(a.client_id) for a in (full, two)}
    creds = {a.client_id: await client.list_credentials(a.client_id) for a in (full, two)}
    h.clear()
    cases = [
        (full, _draft(29), None, "credentials", "maximum of 4 credentials"),
        (two, _draft(27), None, "pem", "already exist in client"),
        (two, _draft(29), Slot.PRIVATE_KEY_JWT, "attach", "the most Auth0 allows on one method"),
        (
            two,
            _draft(29),
            Slot.SELF_SIGNED_TLS_CLIENT_AUTH,
            "attach",
            "takes self-signed certificates",
        ),
    ]
    for emu_app, draft, slot, field, words in cases:
        with pytest.raises(LocalValidationError) as caught:
            make_plan(
                AddCredential(draft, slot),
                apps[emu_app.client_id],
                creds[emu_app.client_id],
                now=TENANT_NOW,
            )
        assert caught.value.field == field and words in caught.value.message
        with pytest.raises(LocalValidationError):
            await execute(client, emu_app.client_id, AddCredential(draft, slot), now=TENANT_NOW)
    assert _writes(h) == []


def test_attaching_to_jar_merges_and_a_certificate_duplicate_is_found() -> None:
    from credtui.models import Application, Credential

    app = Application(
        "c1",
        "App",
        token_endpoint_auth_method="client_secret_post",
        jar_required=True,
        jar_credential_ids=("cred_a",),
    )
    change = attach_change(app, Slot.SIGNED_REQUEST_OBJECT, ["cred_b"])
    assert change.to_body() == {
        "signed_request_object": {"credentials": [{"id": "cred_a"}, {"id": "cred_b"}]}
    }
    cert = self_signed_cert(rsa_key(2048, 30))
    checked = check_credential_draft(
        CredentialDraft(CredentialType.X509_CERT, pem=cert_pem(cert)), TENANT_NOW
    )
    assert checked.info is not None
    existing = [
        Credential(
            "cred_x",
            CredentialType.X509_CERT,
            name="mtls",
            thumbprint_sha256=checked.info.thumbprint_sha256,
        )
    ]
    with pytest.raises(LocalValidationError, match="already on this application as 'mtls'"):
        check_add(app, existing, checked, None)


async def test_detach_then_delete_keeps_the_sibling(h: Harness) -> None:
    emu_app = h.emu.create_application(
        "Rotating", method="private_key_jwt", credentials=[_pk(31, "old"), _pk(32, "new")]
    )
    client = h.client()
    app = await client.get_application(emu_app.client_id)
    old, new = app.attached_credential_ids
    assert detach_consequence(app, old) is None
    # "new" carries on, but anything still using "old" stops: that alone is breaking.
    with pytest.raises(LocalValidationError, match="detaches-working-credential"):
        await execute(client, emu_app.client_id, DeleteCredential(old), now=TENANT_NOW)
    accept = (Effect.DETACHES_WORKING_CREDENTIAL,)
    intent = DeleteCredential(old)
    outcome = await execute(client, emu_app.client_id, intent, accept=accept, now=TENANT_NOW)
    assert outcome.plan.effect_names == accept
    assert outcome.application.attached_credential_ids == (new,)
    stored = h.emu.tenant.get_client(emu_app.client_id)
    assert stored is not None and list(stored.credentials) == [new]


async def test_detaching_the_last_credential_says_so_and_can_fall_back(h: Harness) -> None:
    emu_app = h.emu.create_application(
        "Solo", method="private_key_jwt", credentials=[_pk(33, "only")]
    )
    client = h.client()
    app = await client.get_application(emu_app.client_id)
    [only] = app.attached_credential_ids
    consequence = detach_consequence(app, only)
    assert consequence is not None and "Solo cannot get tokens" in consequence
    assert detach_change(app, only) == AuthChange(method=AuthMethod.PRIVATE_KEY_JWT)
    intent = DeleteCredential(only, fallback=AuthMethod.CLIENT_SECRET_POST)
    outcome = await execute(client, emu_app.client_id, intent, accept=ALL, now=TENANT_NOW)
    assert outcome.plan.effect_names == (
        Effect.DETACHES_WORKING_CREDENTIAL,
        Effect.SWITCHES_METHOD,
    )
    assert outcome.application.auth_method is AuthMethod.CLIENT_SECRET_POST
    stored = h.emu.tenant.get_client(emu_app.client_id)
    assert stored is not None
    assert stored.auth_methods is None and stored.credentials == {}
    assert stored.token_endpoint_auth_method == "client_secret_post"


async def test_a_delete_that_fails_after_the_detach_says_what_was_done(h: Harness) -> None:
    emu_app = h.emu.create_application(
        "Flaky", method="private_key_jwt", credentials=[_pk(34, "a"), _pk(35, "b")]
    )
    client = h.client()
    app = await client.get_application(emu_app.client_id)
    first = app.attached_credential_ids[0]
    h.emu.faults.add(method="DELETE", path="/api/v2/clients/*/credentials/*", status=400, times=1)
    outcome = await execute(
        client, emu_app.client_id, DeleteCredential(first), accept=ALL, now=TENANT_NOW
    )
    assert isinstance(outcome.error, PartialChangeError)
    text = describe_error(outcome.error)
    assert text.startswith("The credential was detached but not deleted")
    stored = h.emu.tenant.get_client(emu_app.client_id)
    assert stored is not None and stored.auth_methods is not None
    assert first not in stored.auth_methods["private_key_jwt"] and first in stored.credentials


def test_describe_change_and_warnings() -> None:
    from credtui.models import Application, Credential

    app = Application("c1", "Shop", token_endpoint_auth_method="client_secret_post")
    expired = Credential(
        "cred_e", CredentialType.PUBLIC_KEY, expires_at=TENANT_NOW - timedelta(days=1)
    )
    change = AuthChange(method=AuthMethod.PRIVATE_KEY_JWT, credential_ids=("cred_e",))
    fields = {f.field: (f.before, f.after) for f in describe_change(app, change)}
    assert fields == {
        "client_authentication_methods": (
            "null",
            '{"private_key_jwt": {"credentials": [{"id": "cred_e"}]}}',
        ),
        "token_endpoint_auth_method": ('"client_secret_post"', "null"),
    }
    plan = make_plan(SetAuth(change), app, [expired], now=TENANT_NOW)
    whys = dict(plan.effects)
    assert "no unexpired credential stays attached" in whys[Effect.CANNOT_AUTHENTICATE]
    assert "hides Shop's client secret" in whys[Effect.HIDES_CLIENT_SECRET]
    assert Effect.CHANGES_ID_TOKEN_SIGNING in whys  # no jwt_configuration: HS256
    assert plan.change is not None and plan.change.jwt_alg == "RS256"
    empty = make_plan(
        SetAuth(AuthChange(method=AuthMethod.PRIVATE_KEY_JWT)), app, [], now=TENANT_NOW
    )
    assert Effect.CANNOT_AUTHENTICATE in empty.effect_names
    unbind = make_plan(SetAuth(AuthChange(token_binding=False)), app, [], now=TENANT_NOW)
    assert unbind.notes == () and not unbind.breaking and len(unbind.requests) == 1
    binding = make_plan(SetAuth(AuthChange(token_binding=True)), app, [], now=TENANT_NOW)
    assert not binding.breaking and "need an mTLS method" in binding.notes[0]


async def test_a_token_vault_key_is_shown_attached_and_detached_before_delete(h: Harness) -> None:
    emu_app = h.emu.create_application(
        "Agent",
        extra={"token_vault_privileged_access": {"credentials": [_pk(37, "vault")]}},
    )
    client = h.client()
    app = await client.get_application(emu_app.client_id)
    [vault_id] = app.token_vault_credential_ids
    assert app.slots_of(vault_id) == (Slot.TOKEN_VAULT_PRIVILEGED_ACCESS,)
    consequence = detach_consequence(app, vault_id)
    assert consequence is not None and "only Token Vault key" in consequence
    # Deleting it as it is: Auth0 refuses, the credential stays.
    with pytest.raises(ValidationError, match="still associated"):
        await client.delete_credential(emu_app.client_id, vault_id)
    outcome = await execute(
        client, emu_app.client_id, DeleteCredential(vault_id), accept=ALL, now=TENANT_NOW
    )
    assert outcome.plan.effect_names == (Effect.DETACHES_WORKING_CREDENTIAL,)
    assert outcome.application.token_vault_credential_ids == ()
    stored = h.emu.tenant.get_client(emu_app.client_id)
    assert stored is not None and stored.credentials == {}
