"""What credtui computes locally (kid, thumbprint, subject DN) equals what the tenant returns."""

from __future__ import annotations

from pathlib import Path

from cryptography.x509.oid import NameOID

from credtui.api import check_credential_draft
from credtui.models import CredentialDraft, CredentialType
from tests.api.harness import TENANT_NOW, Harness
from tests.keyfactory import (
    DEFAULT_SUBJECT,
    ca_signed_cert,
    cert_pem,
    multi_valued_rdn_cert,
    name,
    pkcs1_pem,
    rsa_key,
    self_signed_cert,
    spki_pem,
)

RECORDED = Path(__file__).parent.parent / "data" / "recorded_public"

SUBJECTS = [
    DEFAULT_SUBJECT,
    name(
        (NameOID.DOMAIN_COMPONENT, "com"),
        (NameOID.DOMAIN_COMPONENT, "acme"),
        [(NameOID.ORGANIZATIONAL_UNIT_NAME, "Ops"), (NameOID.COMMON_NAME, "batch")],
    ),
    name(
        (NameOID.COUNTRY_NAME, "DE"),
        (NameOID.ORGANIZATION_NAME, "Müller, Söhne + Co"),
        (NameOID.COMMON_NAME, "#svc "),
    ),
    name((NameOID.COMMON_NAME, "only-cn"), (NameOID.EMAIL_ADDRESS, "ops@example.com")),
    name(
        [(NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Multi")],
        (NameOID.COMMON_NAME, "x;y<z>"),
    ),
]


def _drafts() -> list[CredentialDraft]:
    pk = CredentialType.PUBLIC_KEY
    drafts = [CredentialDraft(pk, pem=spki_pem(rsa_key(2048, 50 + i))) for i in range(5)]
    drafts += [CredentialDraft(pk, pem=pkcs1_pem(rsa_key(2048, 60 + i))) for i in range(4)]
    drafts += [
        CredentialDraft(pk, pem=spki_pem(rsa_key(3072, 0))),
        CredentialDraft(pk, pem=pkcs1_pem(rsa_key(4096, 0))),
    ]
    drafts += [
        CredentialDraft(pk, pem=cert_pem(self_signed_cert(rsa_key(2048, 70 + i), subject=s)))
        for i, s in enumerate(SUBJECTS[:2])
    ]
    drafts += [
        CredentialDraft(
            CredentialType.X509_CERT,
            pem=cert_pem(self_signed_cert(rsa_key(2048, 80 + i), subject=s)),
        )
        for i, s in enumerate(SUBJECTS)
    ]
    drafts.append(CredentialDraft(CredentialType.X509_CERT, pem=cert_pem(multi_valued_rdn_cert())))
    drafts += [
        CredentialDraft(CredentialType.CERT_SUBJECT_DN, pem=cert_pem(ca_signed_cert(subject=s)))
        for s in SUBJECTS
    ]
    drafts.append(
        CredentialDraft(CredentialType.CERT_SUBJECT_DN, pem=cert_pem(multi_valued_rdn_cert()))
    )
    # the recorded public material from real Auth0 exchanges
    for file, ctype in [
        ("go_create_credential_first_spki.pem", pk),
        ("go_create_credential_second_spki.pem", pk),
        ("tf_credentials_1_cert.pem", pk),
        ("go_selfsigned_x509_cert.pem", CredentialType.X509_CERT),
        ("go_tlsclientauth_cert.pem", CredentialType.CERT_SUBJECT_DN),
    ]:
        drafts.append(CredentialDraft(ctype, pem=(RECORDED / file).read_text()))
    return drafts


async def test_local_identity_equals_tenant(h: Harness) -> None:
    client = h.client()
    drafts = _drafts()
    assert len(drafts) >= 20
    compared = {"public_key": 0, "x509_cert": 0, "cert_subject_dn": 0}
    for i, draft in enumerate(drafts):
        if i % 4 == 0:  # four credentials per application at most
            app = h.emu.create_application(f"Identity {i // 4}")
        local = check_credential_draft(draft, TENANT_NOW).identity
        got = await client.create_credential(app.client_id, draft)
        assert got.credential_type is draft.credential_type
        assert (got.kid, got.thumbprint_sha256, got.subject_dn) == (
            local.kid,
            local.thumbprint_sha256,
            local.subject_dn,
        ), f"draft {i}"
        compared[draft.credential_type.value] += 1
    assert compared == {"public_key": 16, "x509_cert": 7, "cert_subject_dn": 7}


def test_recorded_values_from_auth0() -> None:
    """The values real Auth0 returned for the recorded inputs, and the DN example (facts 2.2.2)."""
    first = check_credential_draft(
        CredentialDraft(
            CredentialType.PUBLIC_KEY,
            pem=(RECORDED / "go_create_credential_first_spki.pem").read_text(),
        ),
        TENANT_NOW,
    )
    assert first.identity.kid == "4e7yYf0TKdyTLbVnpq2wLN6mZ8t7eb9UJkMksyHj9iU"
    x509 = check_credential_draft(
        CredentialDraft(
            CredentialType.X509_CERT, pem=(RECORDED / "go_selfsigned_x509_cert.pem").read_text()
        ),
        TENANT_NOW,
    )
    assert x509.identity.thumbprint_sha256 == "NTkulT-DcSrRSevqZd26aq0DCz8YbOFGjKVs-Expu4w"
    dn = check_credential_draft(
        CredentialDraft(
            CredentialType.CERT_SUBJECT_DN, pem=cert_pem(ca_signed_cert(subject=DEFAULT_SUBJECT))
        ),
        TENANT_NOW,
    )
    assert (
        dn.identity.subject_dn
        == "C=es\nST=Madrid\nL=Madrid\nO=Okta\nOU=DX-CDT\nCN=Developer Experience"
    )
