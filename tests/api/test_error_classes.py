"""Every error class, produced by the emulator, and the sentence a person reads."""

from __future__ import annotations

import pytest

from credtui.errors import (
    ForbiddenError,
    NotFoundError,
    PlanRequiredError,
    ScopeError,
    ValidationError,
    describe_error,
)
from credtui.models import AuthChange, AuthMethod, CredentialDraft, CredentialType
from tests.api.harness import Harness
from tests.keyfactory import cert_pem, rsa_key, self_signed_cert, spki_pem

PLAN_BODY = {
    "statusCode": 403,
    "error": "Forbidden",
    "message": "This feature is not available on your tenant's subscription",
    "errorCode": "operation_not_supported",
}


async def test_unknown_client_is_not_found(h: Harness) -> None:
    client = h.client()
    with pytest.raises(NotFoundError) as info:
        await client.list_credentials("A" * 32)
    err = info.value
    assert (err.status, err.error_code, err.message) == (
        404,
        "inexistent_client",
        "The client does not exist",
    )
    assert err.method == "GET" and err.path == f"/api/v2/clients/{'A' * 32}/credentials"
    assert describe_error(err) == "Not found: The client does not exist."


async def test_fifth_credential_and_duplicate_key_are_validation_errors(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    pems = [spki_pem(rsa_key(2048, 20 + i)) for i in range(5)]
    for pem in pems[:4]:
        await client.create_credential(
            app.client_id, CredentialDraft(CredentialType.PUBLIC_KEY, pem=pem)
        )
    with pytest.raises(ValidationError) as info:
        await client.create_credential(
            app.client_id, CredentialDraft(CredentialType.PUBLIC_KEY, pem=pems[4])
        )
    assert (
        describe_error(info.value)
        == "Auth0 refused the request: A client can have a maximum of 4 credentials."
    )
    other = h.emu.create_application("Other")
    await client.create_credential(
        other.client_id, CredentialDraft(CredentialType.PUBLIC_KEY, pem=pems[0])
    )
    with pytest.raises(ValidationError) as dup:
        await client.create_credential(
            other.client_id, CredentialDraft(CredentialType.PUBLIC_KEY, pem=pems[0])
        )
    assert "already exist in client" in describe_error(dup.value)
    # neither refusal was resent or "reconciled": a 400 is an answer
    posts = [e.status for e in h.log("POST", "/api/v2/*")]
    assert posts == [201, 201, 201, 201, 400, 201, 400]


async def test_delete_attached_credential_is_refused(h: Harness) -> None:
    app = h.emu.create_application(
        "Svc",
        method="private_key_jwt",
        credentials=[{"credential_type": "public_key", "pem": spki_pem(rsa_key(2048, 30))}],
    )
    client = h.client()
    [cred] = await client.list_credentials(app.client_id)
    with pytest.raises(ValidationError) as info:
        await client.delete_credential(app.client_id, cred.id)
    assert "still associated" in describe_error(info.value)


async def test_missing_scope_names_it(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client(h.secret_source(scope="read:client_credentials"))
    with pytest.raises(ScopeError) as info:
        await client.create_credential(
            app.client_id, CredentialDraft(CredentialType.CERT_SUBJECT_DN, subject_dn="CN=scope")
        )
    assert info.value.missing_scopes == ("create:client_credentials",)
    assert describe_error(info.value).startswith(
        "The management token lacks the scope create:client_credentials;"
    )
    narrow = h.client(h.secret_source(scope="read:clients"))
    with pytest.raises(ScopeError) as fields:
        await narrow.list_applications()  # client_authentication_methods needs read:client_keys
    assert "read:client_keys" in describe_error(fields.value)


@pytest.mark.parametrize(
    ("change", "feature", "plan"),
    [
        (AuthChange(method=AuthMethod.PRIVATE_KEY_JWT), "Private Key JWT", "the Enterprise plan"),
        (
            AuthChange(method=AuthMethod.TLS_CLIENT_AUTH),
            "mTLS client authentication",
            "the Highly Regulated Identity add-on",
        ),
        (
            AuthChange(jar_required=True),
            "JWT-secured authorization requests (JAR)",
            "the Highly Regulated Identity add-on",
        ),
        (AuthChange(token_binding=True), "Token binding", "the Highly Regulated Identity add-on"),
    ],
)
async def test_plan_gated_403_says_which_plan(
    h: Harness, change: AuthChange, feature: str, plan: str
) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    h.emu.faults.add(method="PATCH", path="/api/v2/clients/*", status=403, body=PLAN_BODY)
    with pytest.raises(PlanRequiredError) as info:
        await client.update_authentication(app.client_id, change)
    assert (info.value.feature, info.value.plan, info.value.status) == (feature, plan, 403)
    text = describe_error(info.value)
    assert text.startswith(f"{feature} needs {plan}, which this tenant does not have")
    assert len(h.log("PATCH")) == 1


async def test_plan_worded_403_without_a_gated_feature(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    h.emu.faults.add(method="PATCH", path="/api/v2/clients/*", status=403, body=PLAN_BODY)
    with pytest.raises(PlanRequiredError) as info:
        await client.update_authentication(app.client_id, AuthChange(method=AuthMethod.NONE))
    assert describe_error(info.value).startswith("This feature needs a higher Auth0 plan or add-on")


async def test_plain_403_on_a_secret_method_stays_forbidden(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    h.emu.faults.add(
        method="PATCH",
        path="/api/v2/clients/*",
        status=403,
        body={"statusCode": 403, "message": "No"},
    )
    with pytest.raises(ForbiddenError) as info:
        await client.update_authentication(
            app.client_id, AuthChange(method=AuthMethod.CLIENT_SECRET_BASIC)
        )
    assert type(info.value) is ForbiddenError


async def test_plan_gated_credential_create(h: Harness) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    h.emu.faults.add(
        method="POST", path="/api/v2/clients/*/credentials", status=403, body=PLAN_BODY
    )
    with pytest.raises(PlanRequiredError) as info:
        await client.create_credential(
            app.client_id,
            CredentialDraft(CredentialType.X509_CERT, pem=cert_pem(self_signed_cert())),
        )
    assert info.value.plan == "the Highly Regulated Identity add-on"
