"""Refused before sending: a sample of bad inputs never reaches the tenant.

The full list of malformed and dangerous PEMs is ``tests/unit/test_pem_refusals.py``
(keys helper); here a sample goes through the client to prove no request is sent.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import serialization

from credtui.errors import LocalValidationError, describe_error
from credtui.models import CredentialDraft, CredentialType
from tests.api.harness import TENANT_NOW, Harness
from tests.keyfactory import (
    FIXED_NOW,
    cert_pem,
    csr_pem,
    ec_key,
    ed25519_key,
    fake_rsa_public_key,
    openssh_private_pem,
    private_pem,
    rsa_key,
    self_signed_cert,
    spki_pem,
)

PK = CredentialType.PUBLIC_KEY
X5 = CredentialType.X509_CERT
DN = CredentialType.CERT_SUBJECT_DN


def _cases() -> list[tuple[str, CredentialDraft, str, str]]:
    """(id, draft, field, code)."""
    good_spki = spki_pem(rsa_key())
    cert = cert_pem(self_signed_cert())
    expired = cert_pem(self_signed_cert(not_before=FIXED_NOW - timedelta(days=400), days=30))
    return [
        ("pkcs8-private", CredentialDraft(PK, pem=private_pem(rsa_key())), "pem", "private_key"),
        (
            "pkcs1-private",
            CredentialDraft(
                PK, pem=private_pem(rsa_key(), serialization.PrivateFormat.TraditionalOpenSSL)
            ),
            "pem",
            "private_key",
        ),
        (
            "openssh-private",
            CredentialDraft(PK, pem=openssh_private_pem(rsa_key())),
            "pem",
            "private_key",
        ),
        ("private-in-x509", CredentialDraft(X5, pem=private_pem(rsa_key())), "pem", "private_key"),
        ("ec-key", CredentialDraft(PK, pem=spki_pem(ec_key())), "pem", "not_rsa"),
        ("ed25519-key", CredentialDraft(PK, pem=spki_pem(ed25519_key())), "pem", "not_rsa"),
        (
            "rsa-1024",
            CredentialDraft(PK, pem=spki_pem(fake_rsa_public_key(1024))),
            "pem",
            "key_too_small",
        ),
        (
            "rsa-8192",
            CredentialDraft(PK, pem=spki_pem(fake_rsa_public_key(8192))),
            "pem",
            "key_too_large",
        ),
        ("csr", CredentialDraft(X5, pem=csr_pem()), "pem", "certificate_request"),
        (
            "chain",
            CredentialDraft(X5, pem=cert + cert_pem(self_signed_cert(rsa_key(2048, 2)))),
            "pem",
            "certificate_chain",
        ),
        ("empty", CredentialDraft(PK, pem="   "), "pem", "empty"),
        ("garbage", CredentialDraft(PK, pem="hello world"), "pem", "no_pem_block"),
        (
            "truncated",
            CredentialDraft(PK, pem=good_spki[: len(good_spki) // 2]),
            "pem",
            "truncated",
        ),
        ("bare-key-for-x509", CredentialDraft(X5, pem=good_spki), "pem", "certificate_required"),
        ("bare-key-for-dn", CredentialDraft(DN, pem=good_spki), "pem", "certificate_required"),
        ("no-pem", CredentialDraft(PK), "pem", "missing"),
        ("expired-x509", CredentialDraft(X5, pem=expired), "pem", "expired"),
        ("name-129", CredentialDraft(PK, pem=good_spki, name="n" * 129), "name", "too_long"),
        ("kid-short", CredentialDraft(PK, pem=good_spki, kid="short"), "kid", "bad_kid"),
        ("kid-chars", CredentialDraft(PK, pem=good_spki, kid="has spaces in it"), "kid", "bad_kid"),
        ("alg", CredentialDraft(PK, pem=good_spki, alg="HS256"), "alg", "bad_alg"),
        ("alg-on-x509", CredentialDraft(X5, pem=cert, alg="RS256"), "alg", "invalid"),
        (
            "expiry-past",
            CredentialDraft(PK, pem=good_spki, expires_at=TENANT_NOW - timedelta(seconds=1)),
            "expires_at",
            "bad_expiry",
        ),
        (
            "expiry-naive",
            CredentialDraft(
                PK, pem=good_spki, expires_at=TENANT_NOW.replace(tzinfo=None) + timedelta(days=1)
            ),
            "expires_at",
            "bad_expiry",
        ),
        (
            "expiry-on-x509",
            CredentialDraft(X5, pem=cert, expires_at=TENANT_NOW + timedelta(days=1)),
            "expires_at",
            "invalid",
        ),
        (
            "parse-expiry-bare-key",
            CredentialDraft(PK, pem=good_spki, parse_expiry_from_cert=True),
            "parse_expiry_from_cert",
            "certificate_required",
        ),
        (
            "parse-expiry-and-expiry",
            CredentialDraft(
                PK, pem=cert, parse_expiry_from_cert=True, expires_at=TENANT_NOW + timedelta(days=1)
            ),
            "expires_at",
            "conflict",
        ),
        (
            "dn-too-long",
            CredentialDraft(DN, subject_dn="CN=" + "x" * 300),
            "subject_dn",
            "too_long",
        ),
        ("dn-empty", CredentialDraft(DN, subject_dn=""), "subject_dn", "empty"),
        ("dn-and-pem", CredentialDraft(DN, subject_dn="CN=x", pem=cert), "subject_dn", "conflict"),
        ("dn-neither", CredentialDraft(DN), "subject_dn", "missing"),
        (
            "dn-on-public-key",
            CredentialDraft(PK, pem=good_spki, subject_dn="CN=x"),
            "subject_dn",
            "invalid",
        ),
        ("too-large", CredentialDraft(PK, pem="A" * 20000), "pem", "too_large"),
    ]


CASES = _cases()


@pytest.mark.parametrize(
    ("draft", "field", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
async def test_refused_locally_and_nothing_sent(
    h: Harness, draft: CredentialDraft, field: str, code: str
) -> None:
    app = h.emu.create_application("Svc")
    client = h.client()
    with pytest.raises(LocalValidationError) as info:
        await client.create_credential(app.client_id, draft)
    err = info.value
    assert (err.field, err.code) == (field, code), err.message
    assert err.message and "\n" not in err.message
    assert describe_error(err).startswith(f"Not sent: {field} — ")
    assert h.emu.log.entries() == []  # not even a token request
    assert h.wire.raw == []
    body_lines = [line for line in (draft.pem or "").splitlines() if len(line) >= 40]
    assert not any(line in err.message or line in repr(err) for line in body_lines)


def _every_refusal() -> list[object]:
    """Every malformed or dangerous PEM of the refusal list that a user could paste as text."""
    from tests.unit.test_pem_refusals import CASES

    return [
        pytest.param(case, id=case.id)
        for case in CASES
        if case.max_bytes is None
        and isinstance(case.make(), str)
        and case.credential_type in (None, *(t.value for t in CredentialType))
    ]


@pytest.mark.parametrize("case", _every_refusal())
async def test_every_refused_pem_is_refused_by_the_client_with_nothing_sent(
    h: Harness, case: object
) -> None:
    from tests.unit.test_pem_refusals import Case

    assert isinstance(case, Case)
    app = h.emu.create_application("Svc")
    client = h.client()
    ctype = CredentialType(case.credential_type) if case.credential_type else PK
    with pytest.raises(LocalValidationError) as info:
        await client.create_credential(app.client_id, CredentialDraft(ctype, pem=str(case.make())))
    assert info.value.code == case.code, info.value.message
    assert case.phrase.lower() in info.value.message.lower()
    assert h.emu.log.entries() == []  # not even a token request
    assert h.wire.raw == []


def test_the_client_sees_at_least_sixty_refusals() -> None:
    assert len(_every_refusal()) >= 60
