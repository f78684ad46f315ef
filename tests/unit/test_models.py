"""Models: built from Auth0's JSON as recorded, and request bodies that omit what is unset."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from credtui.models import (
    Application,
    ApplicationPage,
    AuthChange,
    AuthMethod,
    Credential,
    CredentialDraft,
    CredentialType,
    Slot,
    parse_timestamp,
)

# facts 3.3, trimmed: private_key_jwt active, no token_endpoint_auth_method, no secret.
PKJ_CLIENT = {
    "tenant": "t",
    "name": "Acceptance Test",
    "client_id": "AvXWonRB4kwqYaQKIGQNEcl1K9kUlRL4",
    "app_type": "non_interactive",
    "jwt_configuration": {"secret_encoded": False, "alg": "RS256"},
    "client_authentication_methods": {
        "private_key_jwt": {
            "credentials": [
                {"id": "cred_fquyqiJaDoUm1ZCWhwUzUZ"},
                {"id": "cred_xxZHKAnUa3d9h3U1Cq8MKE"},
            ]
        }
    },
    "signed_request_object": {
        "required": True,
        "credentials": [{"id": "cred_fquyqiJaDoUm1ZCWhwUzUZ"}],
    },
    "access_token": {"tls_client_certificate_binding": True},
}


def test_application_with_private_key_jwt() -> None:
    app = Application.from_api(PKJ_CLIENT)
    assert app.client_id == "AvXWonRB4kwqYaQKIGQNEcl1K9kUlRL4"
    assert app.name == "Acceptance Test"
    assert app.app_type == "non_interactive"
    assert app.auth_method is AuthMethod.PRIVATE_KEY_JWT
    assert app.attached_credential_ids == (
        "cred_fquyqiJaDoUm1ZCWhwUzUZ",
        "cred_xxZHKAnUa3d9h3U1Cq8MKE",
    )
    assert app.credential_ids_for(AuthMethod.PRIVATE_KEY_JWT) == app.attached_credential_ids
    assert app.credential_ids_for(AuthMethod.TLS_CLIENT_AUTH) == ()
    assert app.jar_required is True
    assert app.credential_ids_for(Slot.SIGNED_REQUEST_OBJECT) == ("cred_fquyqiJaDoUm1ZCWhwUzUZ",)
    assert app.token_binding is True
    assert app.jwt_alg == "RS256"
    assert app.slots_of("cred_fquyqiJaDoUm1ZCWhwUzUZ") == (
        Slot.PRIVATE_KEY_JWT,
        Slot.SIGNED_REQUEST_OBJECT,
    )
    assert app.slots_of("cred_xxZHKAnUa3d9h3U1Cq8MKE") == (Slot.PRIVATE_KEY_JWT,)
    assert app.slots_of("cred_unattached0000000000") == ()
    assert set(app.attachments()) == {"cred_fquyqiJaDoUm1ZCWhwUzUZ", "cred_xxZHKAnUa3d9h3U1Cq8MKE"}


def test_application_with_secret_method_and_unknown_values() -> None:
    app = Application.from_api(
        {
            "client_id": "abc",
            "name": "Web",
            "app_type": "spa",
            "token_endpoint_auth_method": "client_secret_post",
        }
    )
    assert app.auth_method is AuthMethod.CLIENT_SECRET_POST
    assert app.attached_credential_ids == ()
    assert not app.jar_required and not app.token_binding
    odd = Application.from_api({"client_id": "x", "token_endpoint_auth_method": "something_new"})
    assert odd.auth_method is None and odd.name == ""
    assert not app.secret_by_default and not odd.secret_by_default


def test_application_created_without_a_method_uses_its_client_secret() -> None:
    """Facts 3.1 [REC]: a client created without ``token_endpoint_auth_method`` has no such
    key (75 recorded creates; ``cred-limit-probe`` in terraform ``TestAccDataClients.yaml``
    #10 has neither key): Auth0 takes its secret. It is not "not readable"."""
    unset = Application.from_api({"tenant": "t", "client_id": "x", "name": "n"})
    assert unset.secret_by_default is True
    assert unset.auth_method is AuthMethod.CLIENT_SECRET_POST
    assert unset.method_in_words.startswith("its client secret")
    pkj = Application.from_api(PKJ_CLIENT)
    assert pkj.secret_by_default is False


def test_application_is_frozen_and_hashable() -> None:
    app = Application.from_api(PKJ_CLIENT)
    with pytest.raises(dataclasses.FrozenInstanceError):
        app.name = "x"  # type: ignore[misc]
    assert hash(app) == hash(Application.from_api(PKJ_CLIENT))


def test_credential_public_key_as_recorded() -> None:
    # facts 2.8, create from SPKI: no expires_at key.
    cred = Credential.from_api(
        {
            "id": "cred_e3WJsZXa3YqwGya24TM18V",
            "name": "Test Credential",
            "credential_type": "public_key",
            "kid": "QTtPEeOT2gWWuID0QDg6nHgh7foYRcWkOyJ9DhNIn_A",
            "alg": "RS256",
            "created_at": "2023-04-18T13:44:27.616Z",
            "updated_at": "2023-04-18T13:44:27.616Z",
        }
    )
    assert cred.credential_type is CredentialType.PUBLIC_KEY
    assert cred.kid == "QTtPEeOT2gWWuID0QDg6nHgh7foYRcWkOyJ9DhNIn_A"
    assert cred.expires_at is None
    assert cred.created_at == datetime(2023, 4, 18, 13, 44, 27, 616000, tzinfo=UTC)
    assert not cred.is_expired(datetime(2100, 1, 1, tzinfo=UTC))


def test_credential_x509_and_subject_dn_and_no_name() -> None:
    x509 = Credential.from_api(
        {
            "id": "cred_2dDJX2xyhm3Ho5ADp6KVUk",
            "credential_type": "x509_cert",
            "thumbprint_sha256": "NTkulT-DcSrRSevqZd26aq0DCz8YbOFGjKVs-Expu4w",
            "created_at": "2024-08-06T10:44:46.311Z",
            "updated_at": "2024-08-06T10:44:46.311Z",
            "expires_at": "9999-12-31T23:59:59.000Z",
        }
    )
    assert x509.name is None
    assert x509.display_name == "NTkulT-DcSrRSevqZd26aq0DCz8YbOFGjKVs-Expu4w"
    assert x509.expires_at == datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    now = datetime(2030, 1, 1, tzinfo=UTC)
    assert not x509.is_expired(now) and not x509.expires_within(now, 86400)
    dn = Credential.from_api(
        {"id": "cred_w", "credential_type": "cert_subject_dn", "subject_dn": "C=es\nCN=Dev"}
    )
    assert dn.subject_dn == "C=es\nCN=Dev" and dn.expires_at is None
    unknown = Credential.from_api({"id": "cred_z", "credential_type": "future_type"})
    assert unknown.credential_type == "future_type"


def test_timestamps() -> None:
    assert parse_timestamp("2023-05-16T09:07:30.535Z") == datetime(
        2023, 5, 16, 9, 7, 30, 535000, tzinfo=UTC
    )
    assert parse_timestamp("2023-05-16T11:07:30+02:00") == datetime(
        2023, 5, 16, 9, 7, 30, tzinfo=UTC
    )
    assert parse_timestamp(None) is None
    assert parse_timestamp("not a date") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0001-01-01T00:00:00+01:00", datetime.min.replace(tzinfo=UTC)),
        ("0001-01-01T00:59:59+01:00", datetime.min.replace(tzinfo=UTC)),
        ("9999-12-31T23:59:59-01:00", datetime.max.replace(tzinfo=UTC)),
        ("9999-12-31T23:30:00-23:59", datetime.max.replace(tzinfo=UTC)),
        ("0001-01-01T01:00:00+01:00", datetime.min.replace(tzinfo=UTC)),
    ],
)
def test_out_of_range_timestamps_are_clamped(text: str, expected: datetime) -> None:
    """Issue 8 finding 4: an instant outside datetime's range once in UTC is clamped to it.

    Clamped, not dropped: ``None`` would read as "never expires", while a year-1
    expiry is long expired and a year-9999 one is as good as never.
    """
    assert parse_timestamp(text) == expected
    cred = Credential.from_api(
        {"id": "cred_x", "credential_type": "public_key", "expires_at": text}
    )
    assert cred.expires_at == expected


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("next tuesday", "next tuesday"),
        ("", ""),
        ("2026-13-45T99:00:00Z", "2026-13-45T99:00:00Z"),
        ("x\x1b[2J" + "y" * 100, "x\ufffd[2J" + "y" * 34 + "…"),
        (1234567890, "1234567890"),
        (["2026-01-01"], "['2026-01-01']"),
    ],
)
def test_an_expiry_that_cannot_be_read_is_unreadable_never_never(sent: object, kept: str) -> None:
    """Issue 19 finding 11: what the tenant sent is kept (safe, bounded), not read as never."""
    cred = Credential.from_api({"id": "c", "credential_type": "public_key", "expires_at": sent})
    assert cred.expires_at is None and cred.expires_at_unreadable == kept
    assert cred.expiry_unreadable and not cred.is_expired(datetime(2030, 1, 1, tzinfo=UTC))
    for readable in ({"expires_at": None}, {}, {"expires_at": "2026-01-01T00:00:00.000Z"}):
        plain = Credential.from_api({"id": "c", "credential_type": "public_key", **readable})
        assert plain.expires_at_unreadable is None and not plain.expiry_unreadable


def test_dates_before_the_year_1000_have_four_digits() -> None:
    from credtui.timefmt import absolute, strftime

    assert absolute(datetime(1, 1, 1, tzinfo=UTC)) == "0001-01-01 00:00 UTC"
    assert strftime(datetime(42, 3, 4, tzinfo=UTC), "%Y-%m-%d") == "0042-03-04"
    assert strftime(datetime(2026, 3, 4, tzinfo=UTC), "%Y-%m-%d") == "2026-03-04"


def test_credential_draft_body_leaves_out_unset() -> None:
    assert CredentialDraft(CredentialType.PUBLIC_KEY, pem="P").to_body() == {
        "credential_type": "public_key",
        "pem": "P",
    }
    full = CredentialDraft(
        CredentialType.PUBLIC_KEY,
        pem="P",
        name="n",
        alg="PS256",
        kid="abcdefghij",
        expires_at=datetime(2030, 5, 16, 11, 7, 30, 535694, tzinfo=UTC),
    ).to_body()
    assert full == {
        "credential_type": "public_key",
        "pem": "P",
        "name": "n",
        "alg": "PS256",
        "kid": "abcdefghij",
        "expires_at": "2030-05-16T11:07:30.535Z",
    }
    dn = CredentialDraft(CredentialType.CERT_SUBJECT_DN, subject_dn="CN=x").to_body()
    assert dn == {"credential_type": "cert_subject_dn", "subject_dn": "CN=x"}
    assert "pem" not in repr(CredentialDraft(CredentialType.PUBLIC_KEY, pem="SECRETPEM"))


@pytest.mark.parametrize(
    ("change", "body"),
    [
        (
            AuthChange(method=AuthMethod.PRIVATE_KEY_JWT, credential_ids=("cred_A", "cred_B")),
            {
                "client_authentication_methods": {
                    "private_key_jwt": {"credentials": [{"id": "cred_A"}, {"id": "cred_B"}]}
                },
                "token_endpoint_auth_method": None,
            },
        ),
        (
            AuthChange(method=AuthMethod.CLIENT_SECRET_POST),
            {
                "client_authentication_methods": None,
                "token_endpoint_auth_method": "client_secret_post",
            },
        ),
        (AuthChange(jar_required=True), {"signed_request_object": {"required": True}}),
        (
            AuthChange(jar_credential_ids=("cred_A",)),
            {"signed_request_object": {"credentials": [{"id": "cred_A"}]}},
        ),
        (AuthChange(clear_jar=True), {"signed_request_object": None}),
        (
            AuthChange(token_binding=False),
            {"access_token": {"tls_client_certificate_binding": False}},
        ),
        (AuthChange(), {}),
    ],
)
def test_auth_change_body(change: AuthChange, body: dict[str, object]) -> None:
    assert change.to_body() == body


def test_auth_change_plan_keys_and_method_props() -> None:
    assert AuthChange(method=AuthMethod.TLS_CLIENT_AUTH).plan_keys == ("tls_client_auth",)
    assert AuthChange(method=AuthMethod.NONE, jar_required=True, token_binding=True).plan_keys == (
        "signed_request_object",
        "token_binding",
    )
    assert AuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH.credential_type is CredentialType.X509_CERT
    assert not AuthMethod.CLIENT_SECRET_BASIC.uses_credentials
    assert AuthMethod.PRIVATE_KEY_JWT.label == "Private Key JWT"


def test_page_is_last() -> None:
    assert ApplicationPage((), 0).is_last
    assert not ApplicationPage((), 0, next_from="abc").is_last


def test_tenant_text_is_bounded_where_it_enters_ids_are_kept_whole() -> None:
    """A 100 KB name (no Auth0 tenant sends one) is cut at entry, so no screen wraps it."""
    from credtui.models import TEXT_MAX

    huge = "n" * 100_000
    cred = Credential.from_api(
        {"id": "i" * 2000, "credential_type": "public_key", "name": huge, "subject_dn": huge}
    )
    assert cred.name is not None and len(cred.name) == TEXT_MAX and cred.name.endswith("…")
    assert cred.subject_dn is not None and len(cred.subject_dn) == TEXT_MAX
    assert cred.id == "i" * 2000
    app = Application.from_api({"client_id": "c" * 2000, "name": huge})
    assert len(app.name) == TEXT_MAX and app.client_id == "c" * 2000
