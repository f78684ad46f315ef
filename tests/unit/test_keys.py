"""credtui.keys: accepted PEM forms, Auth0's derived values, DNs, generation, assertions."""

from __future__ import annotations

import hashlib
import json
import ssl
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier
from jwt.algorithms import RSAAlgorithm
from tests import keyfactory as kf

from credtui import keys, rules
from credtui.keys import (
    KeyLoadError,
    KeyMaterialError,
    PemError,
    SubjectDnError,
    check_for_credential_type,
    inspect_pem,
    normalise_subject_dn,
)

RECORDED = Path(__file__).resolve().parents[1] / "data" / "recorded_public"


def b64url(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def independent_kid(public_key: rsa.RSAPublicKey) -> str:
    """RFC 7638 via PyJWT's JWK export, then hashlib: no code shared with credtui.keys."""
    jwk = json.loads(RSAAlgorithm.to_jwk(public_key))
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"))
    return b64url(hashlib.sha256(canonical.encode()).digest())


# --- Recorded vectors (Auth0's own answers) ---------------------------------

RECORDED_VECTORS = [
    # file, kind, kid, thumbprint_sha256, subject_dn, not_after
    (
        "go_create_credential_first_spki.pem",
        "public_key",
        "4e7yYf0TKdyTLbVnpq2wLN6mZ8t7eb9UJkMksyHj9iU",
        None,
        None,
        None,
    ),
    (
        "go_create_credential_second_spki.pem",
        "public_key",
        "QTtPEeOT2gWWuID0QDg6nHgh7foYRcWkOyJ9DhNIn_A",
        None,
        None,
        None,
    ),
    (
        "go_selfsigned_x509_cert.pem",
        "certificate",
        None,
        "NTkulT-DcSrRSevqZd26aq0DCz8YbOFGjKVs-Expu4w",
        None,
        "9999-12-31T23:59:59.000Z",
    ),
    (
        "go_tlsclientauth_cert.pem",
        "certificate",
        None,
        None,
        "C=JP\nST=Tokyo\nL=Chiyoda-ku\nO=Client\nCN=client.example.org",
        None,
    ),
    (
        "tf_credentials_1_cert.pem",
        "certificate",
        "w0kIFOc-q7KKK-pa2Uj5b_Cl3f0hAgFeseLg8iEmWu0",
        "irPW_52cQKIRPeblpAs2LjaUELUxnh5Vi7_1idgHX7w",
        "C=es\nST=Madrid\nL=Madrid\nO=Okta\nOU=DX-CDT\nCN=Developer Experience",
        "2033-05-13T09:33:13.000Z",
    ),
    (
        "tf_credentials_2_cert.pem",
        "certificate",
        "FnNtsjkgcpkHjrTJqenDiJx31_g8n_-wWtYUUPn4FyM",
        None,
        None,
        None,
    ),
    (
        "tf_rotation_credentials_3_cert.pem",
        "certificate",
        "-BytQCzAFJsUuNOzZI5OlJyrOc0PyQCzgExAN0AhbWk",
        None,
        None,
        "2036-06-28T11:18:10.000Z",
    ),
    (
        "tf_rotation_credentials_4_cert.pem",
        "certificate",
        "6_8nGB2L_FIw-VzpeE8yZftLPeL2r62zPqxMTkRT52k",
        None,
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("filename", "kind", "kid", "thumbprint", "subject_dn", "not_after"),
    RECORDED_VECTORS,
    ids=[v[0].removesuffix(".pem") for v in RECORDED_VECTORS],
)
def test_recorded_vectors(
    filename: str,
    kind: str,
    kid: str | None,
    thumbprint: str | None,
    subject_dn: str | None,
    not_after: str | None,
) -> None:
    info = inspect_pem((RECORDED / filename).read_text())
    assert info.kind == kind
    assert info.key_type == "RSA"
    if kid:
        assert info.kid == kid
    if thumbprint:
        assert info.thumbprint_sha256 == thumbprint
    if subject_dn:
        assert info.subject_dn == subject_dn
    if not_after:
        assert info.not_after is not None
        assert rules.format_timestamp(info.not_after) == not_after


def test_recorded_json_escaped_request_body_form() -> None:
    """The exact string the recorded request sent, JSON-escaped, parses to the same kid."""
    pem = (RECORDED / "go_create_credential_first_spki.pem").read_text()
    escaped = json.dumps(pem)  # '"-----BEGIN PUBLIC KEY-----\\nMIIC...'
    assert inspect_pem(escaped).kid == "4e7yYf0TKdyTLbVnpq2wLN6mZ8t7eb9UJkMksyHj9iU"


def test_recorded_one_kilobit_sha1_certificate_is_fine_for_x509_cert() -> None:
    info = inspect_pem((RECORDED / "go_selfsigned_x509_cert.pem").read_text())
    assert info.key_size == 1024
    assert info.signature_hash == "sha1"
    check_for_credential_type(info, "x509_cert")  # Auth0 accepted it (2024-08)
    with pytest.raises(PemError) as caught:
        check_for_credential_type(info, "public_key")
    assert caught.value.code == "key_too_small"


def test_recorded_year_zero_not_before_is_clamped() -> None:
    info = inspect_pem((RECORDED / "go_selfsigned_x509_cert.pem").read_text())
    assert info.not_before == datetime.min.replace(tzinfo=UTC)


def test_recorded_expired_certificate_is_fine_for_cert_subject_dn() -> None:
    info = inspect_pem((RECORDED / "go_tlsclientauth_cert.pem").read_text())
    assert info.expired(datetime(2026, 1, 1, tzinfo=UTC))
    assert info.self_signed is False
    check_for_credential_type(info, "cert_subject_dn")  # Auth0 accepted it


def test_recorded_4096_bit_keys_are_fine_for_public_key() -> None:
    for name in ("go_create_credential_first_spki.pem", "tf_credentials_1_cert.pem"):
        info = inspect_pem((RECORDED / name).read_text())
        assert info.key_size == 4096
        check_for_credential_type(info, "public_key")


# --- Accepted forms ---------------------------------------------------------


def _spki() -> str:
    return kf.spki_pem(kf.rsa_key())


def _pkcs1() -> str:
    return kf.pkcs1_pem(kf.rsa_key())


def _cert() -> str:
    return kf.cert_pem(kf.self_signed_cert())


BASES = {"spki": _spki, "pkcs1": _pkcs1, "cert": _cert}

VARIANTS: dict[str, Callable[[str], str | bytes]] = {
    "as-is": lambda p: p,
    "crlf": lambda p: p.replace("\n", "\r\n"),
    "cr-only": lambda p: p.replace("\n", "\r"),
    "escaped-crlf": lambda p: p.replace("\n", "\\r\\n"),
    "escaped-lf": lambda p: p.replace("\n", "\\n"),
    "json-string-with-slashes": lambda p: json.dumps(p.replace("\n", "\r\n")).replace("/", "\\/"),
    "indented": lambda p: "".join("    " + line + "\n" for line in p.splitlines()),
    "tab-indented-body": lambda p: p.replace("\n", "\n\t", p.count("\n") - 2),
    "leading-text": lambda p: "subject=C = es, CN = Developer Experience\nissuer=CN = x\n" + p,
    "trailing-text": lambda p: p + "that was my key, thanks\n",
    "trailing-blank-lines": lambda p: p + "\n\n",
    "no-final-newline": lambda p: p.rstrip("\n"),
    "leading-blank-lines": lambda p: "\n\n  \n" + p,
    "single-line-spaces": lambda p: " ".join(p.split("\n")),
    "body-one-line": lambda p: (
        p.splitlines()[0] + "\n" + "".join(p.splitlines()[1:-1]) + "\n" + p.splitlines()[-1]
    ),
    "bom": lambda p: "\ufeff" + p,
    "bytes": lambda p: p.encode(),
    "bytes-crlf": lambda p: p.replace("\n", "\r\n").encode(),
}


@pytest.mark.parametrize("variant", list(VARIANTS), ids=list(VARIANTS))
@pytest.mark.parametrize("base", list(BASES), ids=list(BASES))
def test_accepted_forms_normalise_to_the_canonical_pem(base: str, variant: str) -> None:
    pem = BASES[base]()
    info = inspect_pem(VARIANTS[variant](pem))
    assert info.pem == pem  # cryptography's own PEM is already canonical
    assert info.kid == independent_kid(kf.rsa_key().public_key())


def test_normalised_pem_shape() -> None:
    info = inspect_pem("  " + _pkcs1().replace("\n", "\r\n   "))
    lines = info.pem.split("\n")
    assert lines[0] == "-----BEGIN RSA PUBLIC KEY-----"
    assert lines[-2] == "-----END RSA PUBLIC KEY-----"
    assert lines[-1] == ""
    assert all(len(line) <= 64 for line in lines)
    assert info.label == "RSA PUBLIC KEY"  # Auth0 accepts PKCS#1; kept, not converted
    assert info.kind == "public_key"


def test_der_and_bare_base64_are_accepted() -> None:
    import base64

    cert = kf.self_signed_cert()
    assert inspect_pem(kf.cert_der(cert)).pem == kf.cert_pem(cert)
    assert inspect_pem(kf.spki_der(kf.rsa_key())).pem == _spki()
    bare = base64.b64encode(kf.cert_der(cert)).decode()
    assert inspect_pem(bare).thumbprint_sha256 == keys.thumbprint_for_certificate(cert)


def test_mislabelled_public_keys_are_relabelled() -> None:
    key = kf.rsa_key().public_key()
    pkcs1_der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    assert inspect_pem(kf.armour("RSA PUBLIC KEY", kf.spki_der(key))).pem == _spki()
    assert inspect_pem(kf.armour("PUBLIC KEY", pkcs1_der)).pem == _pkcs1()


def test_non_rsa_keys_are_described_but_have_no_kid() -> None:
    ec_info = inspect_pem(kf.spki_pem(kf.ec_key()))
    assert (ec_info.key_type, ec_info.key_size, ec_info.curve) == ("EC", 256, "secp256r1")
    assert ec_info.key_description == "EC P-256"
    assert ec_info.kid is None
    ed_info = inspect_pem(kf.spki_pem(kf.ed25519_key()))
    assert (ed_info.key_type, ed_info.key_size, ed_info.kid) == ("Ed25519", None, None)
    check_for_credential_type(
        inspect_pem(kf.cert_pem(kf.self_signed_cert(kf.ec_key()))), "x509_cert"
    )


def test_repr_holds_no_pem_and_public_key_round_trips() -> None:
    cert = kf.self_signed_cert()
    info = inspect_pem(kf.cert_pem(cert))
    body_line = kf.cert_pem(cert).splitlines()[1]
    assert body_line not in repr(info)
    assert "thumbprint_sha256=" in repr(info)
    public = info.public_key()
    assert isinstance(public, rsa.RSAPublicKey)
    assert public.public_numbers() == kf.rsa_key().public_key().public_numbers()
    assert info.certificate() == cert
    assert inspect_pem(_spki()).certificate() is None


# --- kid and thumbprint -----------------------------------------------------


@pytest.mark.parametrize("index", range(20))
def test_kid_matches_an_independent_computation(index: int) -> None:
    bits = 2048 if index < 4 else 1024  # 1024-bit keys are quick; the kid ignores size
    key = kf.rsa_key(bits, index).public_key()
    expected = independent_kid(key)
    assert keys.kid_for_public_key(key) == expected
    assert inspect_pem(kf.spki_pem(key)).kid == expected
    assert inspect_pem(kf.pkcs1_pem(key)).kid == expected


def test_kid_of_a_certificate_is_the_kid_of_its_key() -> None:
    info = inspect_pem(kf.cert_pem(kf.ca_signed_cert()))
    assert info.kid == independent_kid(kf.rsa_key(2048, 1).public_key())


def test_kid_is_within_auth0s_kid_pattern() -> None:
    assert rules.check_kid(keys.kid_for_public_key(kf.rsa_key().public_key())) is None


def test_kid_for_non_rsa_is_refused() -> None:
    with pytest.raises(KeyMaterialError) as caught:
        keys.kid_for_public_key(kf.ec_key().public_key())
    assert caught.value.code == "not_rsa"


def test_thumbprint_matches_an_independent_computation() -> None:
    cert = kf.ca_signed_cert()
    der = ssl.PEM_cert_to_DER_cert(kf.cert_pem(cert))
    expected = b64url(hashlib.sha256(der).digest())
    assert keys.thumbprint_for_certificate(cert) == expected
    assert inspect_pem(kf.cert_pem(cert)).thumbprint_sha256 == expected


# --- Certificates: names, dates, self-signed --------------------------------


def test_facts_sheet_worked_subject_dn() -> None:
    info = inspect_pem(_cert())
    assert (
        info.subject_dn == "C=es\nST=Madrid\nL=Madrid\nO=Okta\nOU=DX-CDT\nCN=Developer Experience"
    )
    assert info.issuer_dn == info.subject_dn
    assert info.self_signed is True


def test_ca_signed_certificate() -> None:
    info = inspect_pem(kf.cert_pem(kf.ca_signed_cert()))
    assert info.self_signed is False
    assert info.issuer_dn == "C=US\nCN=credtui test CA"


def test_same_name_different_key_is_not_self_signed() -> None:
    """Issuer == subject is not enough: the signature must verify with the cert's own key."""
    cert = kf.ca_signed_cert(subject=kf.ca()[1].subject)
    info = inspect_pem(kf.cert_pem(cert))
    assert info.issuer_dn == info.subject_dn
    assert info.self_signed is False


def test_multi_valued_rdn_is_one_line_joined_with_plus() -> None:
    info = inspect_pem(kf.cert_pem(kf.multi_valued_rdn_cert()))
    assert info.subject_dn == "C=US\nO=Acme\nCN=svc + UID=42"
    assert normalise_subject_dn("CN=svc+UID=42,O=Acme,C=US") == info.subject_dn
    assert normalise_subject_dn("/C=US/O=Acme/CN=svc+UID=42") == info.subject_dn


def test_other_attributes_use_openssl_short_names_or_dotted_oids() -> None:
    subject = kf.name(
        (NameOID.COUNTRY_NAME, "US"),
        (NameOID.DOMAIN_COMPONENT, "example"),
        (NameOID.SERIAL_NUMBER, "1234"),
        (ObjectIdentifier("1.2.3.4.5"), "custom"),
        (NameOID.EMAIL_ADDRESS, "ops@example.com"),
        (NameOID.COMMON_NAME, "svc"),
    )
    info = inspect_pem(kf.cert_pem(kf.self_signed_cert(subject=subject)))
    assert info.subject_dn == (
        "C=US\nDC=example\nserialNumber=1234\n1.2.3.4.5=custom\nemailAddress=ops@example.com\nCN=svc"
    )
    assert normalise_subject_dn(info.subject_dn) == info.subject_dn


def test_special_characters_are_escaped_like_openssl() -> None:
    subject = kf.name(
        (NameOID.ORGANIZATION_NAME, 'Acme, Inc. + Co; <x> "q" \\ '),
        (NameOID.COMMON_NAME, "#hash"),
        (NameOID.ORGANIZATIONAL_UNIT_NAME, "Zürich – café"),
    )
    info = inspect_pem(kf.cert_pem(kf.self_signed_cert(subject=subject)))
    assert info.subject_dn == (
        'O=Acme\\, Inc. \\+ Co\\; \\<x\\> \\"q\\" \\\\\\ \nCN=\\#hash\nOU=Zürich – café'
    )
    # What a person types in newline form compares equal to the certificate's DN.
    typed = 'O=Acme, Inc. \\+ Co; <x> "q" \\\\\\ \nCN=\\#hash\nOU=Zürich – café'
    assert normalise_subject_dn(typed) == info.subject_dn


def test_dates_are_aware_utc_and_expiry_uses_now() -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    cert = kf.self_signed_cert(not_before=start, not_after=start + timedelta(days=10))
    info = inspect_pem(kf.cert_pem(cert))
    assert info.not_before == start
    assert info.not_after == start + timedelta(days=10)
    assert info.not_after is not None and info.not_after.tzinfo is not None
    assert not info.expired(start + timedelta(days=9))
    assert info.expired(start + timedelta(days=10))
    assert info.expired()  # real clock: 2025-01-11 has passed
    assert not inspect_pem(_spki()).expired(start)


# --- Subject DN input -------------------------------------------------------

FACTS_DN = "C=es\nST=Madrid\nL=Madrid\nO=Okta\nOU=DX-CDT\nCN=Developer Experience"

DN_FORMS = {
    "newline": FACTS_DN,
    "newline-crlf-and-spaces": "C=es\r\n  ST=Madrid \r\nL=Madrid\nO=Okta\nOU=DX-CDT\nCN=Developer Experience\n",
    "json-escaped-newline": FACTS_DN.replace("\n", "\\n"),
    "openssl-slash": "/C=es/ST=Madrid/L=Madrid/O=Okta/OU=DX-CDT/CN=Developer Experience",
    "openssl-print": "subject=C = es, ST = Madrid, L = Madrid, O = Okta, OU = DX-CDT, CN = Developer Experience",
    "openssl-print-no-prefix": "C = es, ST = Madrid, L = Madrid, O = Okta, OU = DX-CDT, CN = Developer Experience",
    "rfc4514": "CN=Developer Experience,OU=DX-CDT,O=Okta,L=Madrid,ST=Madrid,C=es",
    "rfc4514-spaces": "CN=Developer Experience, OU=DX-CDT, O=Okta, L=Madrid, ST=Madrid, C=es",
    "comma-root-first": "C=es,ST=Madrid,L=Madrid,O=Okta,OU=DX-CDT,CN=Developer Experience",
    "long-names": "countryName=es\nstateOrProvinceName=Madrid\nlocalityName=Madrid\n"
    "organizationName=Okta\norganizationalUnitName=DX-CDT\ncommonName=Developer Experience",
    "lowercase-names": "c=es\nst=Madrid\nl=Madrid\no=Okta\nou=DX-CDT\ncn=Developer Experience",
    "dotted-oids": "2.5.4.6=es\n2.5.4.8=Madrid\n2.5.4.7=Madrid\n2.5.4.10=Okta\n2.5.4.11=DX-CDT\n"
    "2.5.4.3=Developer Experience",
}


@pytest.mark.parametrize("form", list(DN_FORMS), ids=list(DN_FORMS))
def test_subject_dn_forms(form: str) -> None:
    assert normalise_subject_dn(DN_FORMS[form]) == FACTS_DN


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("CN=x", "CN=x"),
        ("CN=Acme\\, Inc.,O=X,C=US", "C=US\nO=X\nCN=Acme\\, Inc."),
        ("CN=Acme, Inc.,O=X", "O=X\nCN=Acme\\, Inc."),  # unescaped comma kept in the value
        ("/C=US/O=A\\/B/CN=x", "C=US\nO=A/B\nCN=x"),
        ("/C=US/O=A/B/CN=x", "C=US\nO=A/B\nCN=x"),
        ("E=ops@example.com,CN=x", "CN=x\nemailAddress=ops@example.com"),
        ("CN=caf\\C3\\A9", "CN=café"),
        ('CN="quoted, value"', "CN=quoted\\, value"),
        ("CN=\\ padded\\ ", "CN=\\ padded\\ "),
        ("issuer= C = US, CN = x", "C=US\nCN=x"),
    ],
)
def test_subject_dn_details(typed: str, expected: str) -> None:
    assert normalise_subject_dn(typed) == expected


@pytest.mark.parametrize(
    ("typed", "code", "phrase"),
    [
        ("", "empty", "empty"),
        ("   \n  ", "empty", "empty"),
        ("subject=", "empty", "empty"),
        ("CN=" + "x" * 260, "too_long", "at most 256"),
        ("CN=" + "x" * 5000, "too_long", "at most 256"),
        ("FOO=bar", "unknown_attribute", "Unknown attribute 'FOO'"),
        ("C=US\nNICKNAME=bob", "unknown_attribute", "NICKNAME"),
        ("Developer Experience", "missing_equals", "has no '='"),
        ("C=US\nAcme\nCN=x", "missing_equals", "'Acme'"),
        ("CN=", "empty_value", "CN attribute has an empty value"),
        ("C=US,O= ,CN=x", "empty_value", "O attribute"),
        ("CN=x\\", "bad_escape", "lone backslash"),
        ("CN=\\FF\\FE", "bad_escape", "UTF-8"),
    ],
)
def test_subject_dn_refusals(typed: str, code: str, phrase: str) -> None:
    with pytest.raises(SubjectDnError) as caught:
        normalise_subject_dn(typed)
    assert caught.value.code == code
    assert phrase in caught.value.message


def test_subject_dn_of_exactly_256_characters_is_accepted() -> None:
    dn = "CN=" + "x" * 253
    assert normalise_subject_dn(dn) == dn


# --- Generation -------------------------------------------------------------


def test_generated_self_signed_certificate_round_trips() -> None:
    key = kf.rsa_key(2048, 2)
    now = datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)
    cert = keys.generate_self_signed_certificate(key, "CN=svc,O=Acme,C=US", 90, now=now)
    info = inspect_pem(keys.certificate_to_pem(cert))
    assert info.subject_dn == "C=US\nO=Acme\nCN=svc" == normalise_subject_dn("CN=svc,O=Acme,C=US")
    assert info.self_signed is True
    assert info.not_before == now.replace(microsecond=0)
    assert info.not_after == now.replace(microsecond=0) + timedelta(days=90)
    assert info.thumbprint_sha256 == keys.thumbprint_for_certificate(cert)
    assert info.kid == keys.kid_for_public_key(key.public_key())
    assert info.signature_hash == "sha256"
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.CLIENT_AUTH in eku
    for credential_type in rules.CREDENTIAL_TYPES:
        check_for_credential_type(info, credential_type)


def test_generated_certificate_subject_refusals() -> None:
    with pytest.raises(SubjectDnError) as caught:
        keys.generate_self_signed_certificate(kf.rsa_key(), "C=USA,CN=x", 30)
    assert caught.value.code == "invalid_value"
    with pytest.raises(KeyMaterialError) as days:
        keys.generate_self_signed_certificate(kf.rsa_key(), "CN=x", 0)
    assert days.value.code == "bad_days"


def test_generate_rsa_key_and_serialisation() -> None:
    key = keys.generate_rsa_key(2048)
    assert key.key_size == 2048
    pem = keys.private_key_to_pem(key)
    assert pem.startswith(b"-----BEGIN " + kf.PRIVATE.encode() + b" KEY-----\n")  # PKCS#8
    assert keys.load_private_key(pem).private_numbers() == key.private_numbers()
    public = keys.public_key_to_pem(key)
    assert public == keys.public_key_to_pem(key.public_key())
    assert inspect_pem(public).kid == keys.kid_for_public_key(key.public_key())


@pytest.mark.parametrize("bits", [1024, 2047, 8192])
def test_generate_rsa_key_refuses_sizes_auth0_refuses(bits: int) -> None:
    with pytest.raises(KeyMaterialError) as caught:
        keys.generate_rsa_key(bits)
    assert caught.value.code == "bad_key_size"
    assert f"{bits}-bit" in caught.value.message


# --- Loading private keys ---------------------------------------------------


def test_load_private_key_from_path_and_bytes(tmp_path: Path) -> None:
    key = kf.rsa_key()
    path = tmp_path / "key.pem"
    path.write_text(kf.private_pem(key, serialization.PrivateFormat.TraditionalOpenSSL))
    assert keys.load_private_key(path).private_numbers() == key.private_numbers()
    assert keys.load_private_key(str(path)).private_numbers() == key.private_numbers()
    assert keys.load_private_key(kf.private_der(key)).private_numbers() == key.private_numbers()
    openssh = kf.openssh_private_pem(key).encode()
    assert keys.load_private_key(openssh).private_numbers() == key.private_numbers()


def test_load_encrypted_private_key() -> None:
    data = kf.private_pem(kf.rsa_key(), password=b"s3cret").encode()
    assert keys.load_private_key(data, "s3cret").key_size == 2048
    for password, code in ((None, "password_required"), ("wrong", "bad_password")):
        with pytest.raises(KeyLoadError) as caught:
            keys.load_private_key(data, password)
        assert caught.value.code == code
        assert "s3cret" not in caught.value.message


@pytest.mark.parametrize(
    ("make", "code", "phrase"),
    [
        (lambda: _spki().encode(), "not_private_key", "public key or certificate"),
        (lambda: _cert().encode(), "not_private_key", "matching private key"),
        (lambda: kf.private_pem(kf.ec_key()).encode(), "not_rsa", "EC private key"),
        (lambda: kf.private_pem(kf.ed25519_key()).encode(), "not_rsa", "RSA key"),
        (lambda: b"not a key at all", "bad_key", "not a private key"),
        (lambda: kf.private_pem(kf.rsa_key()).encode()[:200], "bad_key", "credtui can read"),
    ],
    ids=["public-key", "certificate", "ec", "ed25519", "junk", "truncated"],
)
def test_load_private_key_refusals(make, code: str, phrase: str) -> None:  # type: ignore[no-untyped-def]
    data = make()
    with pytest.raises(KeyLoadError) as caught:
        keys.load_private_key(data)
    assert caught.value.code == code
    assert phrase in caught.value.message
    for line in data.decode(errors="replace").splitlines():
        if len(line) >= 16:
            assert line not in caught.value.message


def test_load_private_key_missing_file(tmp_path: Path) -> None:
    with pytest.raises(KeyLoadError) as caught:
        keys.load_private_key(tmp_path / "absent.pem")
    assert caught.value.code == "unreadable"
    assert "absent.pem" in caught.value.message


def test_a_password_for_an_unencrypted_key_is_ignored() -> None:
    key = keys.load_private_key(kf.private_pem(kf.rsa_key()).encode(), "unneeded")
    assert key.private_numbers() == kf.rsa_key().private_numbers()


# --- Client assertions ------------------------------------------------------

AUD = "https://tenant.example.auth0.com/"
NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("alg", rules.ALGS)
def test_client_assertion_verifies_with_pyjwt(alg: str) -> None:
    key = kf.rsa_key()
    kid = keys.kid_for_public_key(key.public_key())
    token = keys.sign_client_assertion(
        key, client_id="abc123", audience=AUD, alg=alg, kid=kid, now=NOW
    )
    header = jwt.get_unverified_header(token)
    assert header["alg"] == alg
    assert header["kid"] == kid
    claims = jwt.decode(
        token,
        key.public_key(),
        algorithms=[alg],
        audience=AUD,
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims["iss"] == claims["sub"] == "abc123"
    assert claims["aud"] == AUD
    assert claims["iat"] == int(NOW.timestamp())
    assert claims["exp"] - claims["iat"] == 60
    assert 16 <= len(claims["jti"]) <= rules.ASSERTION_CLAIM_MAX
    assert len(token) <= rules.ASSERTION_MAX_BYTES


def test_client_assertion_is_valid_now_and_jti_unique() -> None:
    key = kf.rsa_key()
    first = keys.sign_client_assertion(key, client_id="abc", audience=AUD)
    second = keys.sign_client_assertion(key, client_id="abc", audience=AUD)
    decoded = [
        jwt.decode(t, key.public_key(), algorithms=["RS256"], audience=AUD) for t in (first, second)
    ]
    assert decoded[0]["jti"] != decoded[1]["jti"]
    assert "kid" not in jwt.get_unverified_header(first)


def test_client_assertion_with_4096_bit_key_fits() -> None:
    # Use the recorded 4096-bit public key's size: a 4096-bit signature is 512 bytes.
    key = kf.rsa_key(4096, 0)
    token = keys.sign_client_assertion(
        key, client_id="a" * 32, audience=AUD, kid="k" * 43, jti="j" * 64, lifetime_seconds=300
    )
    assert len(token) <= rules.ASSERTION_MAX_BYTES


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"alg": "HS256"}, "bad_alg"),
        ({"alg": "ES256"}, "bad_alg"),
        ({"lifetime_seconds": 301}, "bad_lifetime"),
        ({"lifetime_seconds": 0}, "bad_lifetime"),
        ({"client_id": "c" * 65}, "bad_claim"),
        ({"client_id": ""}, "bad_claim"),
        ({"jti": "j" * 65}, "bad_claim"),
        ({"audience": "https://" + "a" * 2000 + "/"}, "too_large"),
    ],
    ids=[
        "hs256",
        "es256",
        "lifetime-301",
        "lifetime-0",
        "long-client-id",
        "empty-client-id",
        "long-jti",
        "oversize",
    ],
)
def test_client_assertion_limits(kwargs: dict[str, object], code: str) -> None:
    arguments: dict[str, object] = {"client_id": "abc", "audience": AUD, **kwargs}
    with pytest.raises(KeyMaterialError) as caught:
        keys.sign_client_assertion(kf.rsa_key(), **arguments)  # type: ignore[arg-type]
    assert caught.value.code == code


def test_client_assertion_limits_can_be_lifted_for_refusal_tests() -> None:
    key = kf.rsa_key()
    token = keys.sign_client_assertion(
        key, client_id="abc", audience=AUD, lifetime_seconds=600, enforce_limits=False, now=NOW
    )
    claims = jwt.decode(
        token,
        key.public_key(),
        algorithms=["RS256"],
        audience=AUD,
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims["exp"] - claims["iat"] == 600


def test_signature_hash_of_a_sha384_certificate() -> None:
    cert = kf.self_signed_cert(hash_algorithm=hashes.SHA384())
    assert inspect_pem(kf.cert_pem(cert)).signature_hash == "sha384"


def test_errors_pickle_and_repr_without_material() -> None:
    import pickle

    with pytest.raises(PemError) as caught:
        inspect_pem(kf.private_pem(kf.rsa_key()))
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.code, copy.message) == (caught.value.code, caught.value.message)
    assert repr(copy).startswith("PemError(code='private_key'")
