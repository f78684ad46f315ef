"""Malformed and dangerous PEM inputs: each is refused with a specific code and message.

Every case also checks that the message names no key material: no base64 run
of the input (16 characters or more) appears in it, and it is one line.
Private keys are generated at run time; no armour line for one is written here.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives import serialization
from tests import keyfactory as kf

from credtui.keys import PemError, check_for_credential_type, inspect_pem

P = kf.PRIVATE
Trad = serialization.PrivateFormat.TraditionalOpenSSL


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[], str | bytes]
    code: str
    phrase: str
    credential_type: str | None = None
    max_bytes: int | None = None


def spki() -> str:
    return kf.spki_pem(kf.rsa_key())


def spki_body() -> str:
    return "".join(spki().splitlines()[1:-1])


def cert() -> str:
    return kf.cert_pem(kf.self_signed_cert())


def pkcs8() -> str:
    return kf.private_pem(kf.rsa_key())


def junk_b64(n: int = 300) -> str:
    body = base64.b64encode(b"\x04\x01" + secrets.token_bytes(n)).decode()
    return "\n".join(body[i : i + 64] for i in range(0, len(body), 64))


def relabel(pem: str, old: str, new: str) -> str:
    return pem.replace(f"BEGIN {old}", f"BEGIN {new}").replace(f"END {old}", f"END {new}")


def json_escaped(pem: str) -> str:
    return json.dumps(pem.replace("\n", "\r\n"))[1:-1]


def p12(password: bytes | None) -> bytes:
    return kf.pkcs12_bytes(kf.rsa_key(), kf.self_signed_cert(), password)


PRIVATE_HINT = "private keys never leave this machine"

CASES: list[Case] = [
    # --- nothing there
    Case("empty-string", lambda: "", "empty", "The PEM is empty"),
    Case("whitespace-only", lambda: "   \t  ", "empty", "The PEM is empty"),
    Case("newlines-only", lambda: "\n\r\n\n", "empty", "The PEM is empty"),
    Case("empty-bytes", lambda: b"", "empty", "empty"),
    Case("bom-only", lambda: "\ufeff", "empty", "The PEM is empty"),
    # --- no block
    Case("plain-text", lambda: "hello, this is my key", "no_pem_block", "No PEM block"),
    Case("file-path", lambda: "/home/me/.ssh/public.pem", "no_pem_block", "BEGIN"),
    Case("random-base64", lambda: junk_b64(), "no_pem_block", "No PEM block"),
    Case("body-only-truncated", lambda: spki_body()[:100], "no_pem_block", "No PEM block"),
    # --- truncated and mismatched
    Case("begin-without-end", lambda: spki().rsplit("-----END", 1)[0], "truncated", "no END"),
    Case("cert-cut-in-half", lambda: cert()[: len(cert()) // 2], "truncated", "cut short"),
    Case("end-without-begin", lambda: spki().split("\n", 1)[1], "truncated", "no BEGIN"),
    Case(
        "two-begins-one-end",
        lambda: "-----BEGIN PUBLIC KEY-----\n" + spki(),
        "truncated",
        "no END",
    ),
    Case(
        "begin-public-end-certificate",
        lambda: spki().replace("END PUBLIC KEY", "END CERTIFICATE"),
        "label_mismatch",
        "begins as PUBLIC KEY but ends as CERTIFICATE",
    ),
    Case(
        "begin-rsa-public-end-public",
        lambda: kf.pkcs1_pem(kf.rsa_key()).replace("END RSA PUBLIC", "END PUBLIC"),
        "label_mismatch",
        "must match",
    ),
    # --- wrong armour
    Case(
        "four-dashes-after-begin",
        lambda: spki().replace("BEGIN PUBLIC KEY-----", "BEGIN PUBLIC KEY----"),
        "bad_armour",
        "five dashes",
    ),
    Case(
        "four-dashes-before-begin",
        lambda: spki().replace("-----BEGIN", "----BEGIN"),
        "bad_armour",
        "five dashes",
    ),
    Case(
        "six-dashes",
        lambda: spki().replace("-----BEGIN", "------BEGIN"),
        "bad_armour",
        "malformed",
    ),
    Case(
        "four-dashes-after-end",
        lambda: spki().replace("END PUBLIC KEY-----", "END PUBLIC KEY----"),
        "bad_armour",
        "END PUBLIC KEY",
    ),
    Case("lowercase-armour", lambda: spki().lower(), "bad_armour", "BEGIN PUBLIC KEY"),
    Case(
        "spaces-inside-dashes",
        lambda: spki().replace("-----BEGIN PUBLIC KEY-----", "----- BEGIN PUBLIC KEY -----"),
        "bad_armour",
        "five dashes",
    ),
    Case(
        "double-space-in-label",
        lambda: spki().replace("BEGIN PUBLIC KEY", "BEGIN PUBLIC  KEY"),
        "bad_armour",
        "malformed",
    ),
    # --- bad base64
    Case(
        "invalid-characters",
        lambda: spki().replace(spki_body()[10:20], "!!!!@@@@##"),
        "bad_base64",
        "not valid base64",
    ),
    Case(
        "broken-padding",
        lambda: kf.armour("PUBLIC KEY", spki_body()[:-3]),
        "bad_base64",
        "not valid base64",
    ),
    Case("empty-block", lambda: kf.armour("PUBLIC KEY", ""), "bad_base64", "is empty"),
    Case(
        "headers-in-public-block",
        lambda: kf.armour("PUBLIC KEY", "Proc-Type: 4,ENCRYPTED\n\n" + spki_body()),
        "bad_base64",
        "PEM headers",
    ),
    Case(
        "smart-quote-in-body",
        lambda: spki().replace(spki_body()[30], "\u201c", 1),
        "bad_base64",
        "copy the block again",
    ),
    # --- DER that does not parse
    Case("random-der-public", lambda: kf.armour("PUBLIC KEY", junk_b64()), "bad_der", "damaged"),
    Case("random-der-cert", lambda: kf.armour("CERTIFICATE", junk_b64()), "bad_der", "damaged"),
    Case(
        "cert-der-as-public-key",
        lambda: kf.armour("PUBLIC KEY", kf.cert_der(kf.self_signed_cert())),
        "bad_der",
        "not a valid public key",
    ),
    Case(
        "spki-der-as-certificate",
        lambda: kf.armour("CERTIFICATE", kf.spki_der(kf.rsa_key())),
        "bad_der",
        "not a valid certificate",
    ),
    Case(
        "truncated-der",
        lambda: kf.armour("CERTIFICATE", kf.cert_der(kf.self_signed_cert())[:300]),
        "bad_der",
        "export it again",
    ),
    Case(
        "truncated-rsa-public-der",
        lambda: kf.armour("RSA PUBLIC KEY", kf.spki_der(kf.rsa_key())[:120]),
        "bad_der",
        "rsa public key",
    ),
    # --- more than one block
    Case(
        "two-public-keys",
        lambda: spki() + kf.spki_pem(kf.rsa_key(2048, 1)),
        "multiple_blocks",
        "holds 2 PEM blocks",
    ),
    Case("public-key-and-cert", lambda: spki() + cert(), "multiple_blocks", "exactly one"),
    Case("same-key-twice", lambda: spki() + "\n" + spki(), "multiple_blocks", "2 PEM blocks"),
    Case(
        "chain-of-two",
        lambda: kf.cert_pem(kf.ca_signed_cert()) + kf.cert_pem(kf.ca()[1]),
        "certificate_chain",
        "leaf",
    ),
    Case(
        "chain-of-three",
        lambda: cert() + kf.cert_pem(kf.ca_signed_cert()) + kf.cert_pem(kf.ca()[1]),
        "certificate_chain",
        "holds 3 certificates",
    ),
    # --- private keys of every form
    Case("pkcs8-rsa", pkcs8, "private_key", "PKCS#8"),
    Case("pkcs1-rsa", lambda: kf.private_pem(kf.rsa_key(), Trad), "private_key", "PKCS#1"),
    Case("ec-sec1", lambda: kf.private_pem(kf.ec_key(), Trad), "private_key", "EC"),
    Case("pkcs8-ec", lambda: kf.private_pem(kf.ec_key()), "private_key", "openssl pkey"),
    Case("pkcs8-ed25519", lambda: kf.private_pem(kf.ed25519_key()), "private_key", PRIVATE_HINT),
    Case(
        "encrypted-pkcs8",
        lambda: kf.private_pem(kf.rsa_key(), password=b"secret"),
        "private_key",
        "encrypted",
    ),
    Case(
        "encrypted-pkcs1-proc-type",
        lambda: kf.private_pem(kf.rsa_key(), Trad, b"secret"),
        "private_key",
        PRIVATE_HINT,
    ),
    Case("openssh-rsa", lambda: kf.openssh_private_pem(kf.rsa_key()), "private_key", "ssh-keygen"),
    Case(
        "openssh-ed25519",
        lambda: kf.openssh_private_pem(kf.ed25519_key()),
        "private_key",
        "OpenSSH",
    ),
    Case(
        "openssh-ecdsa",
        lambda: kf.openssh_private_pem(kf.ec_key()),
        "private_key",
        "OpenSSH",
    ),
    Case("dsa", lambda: kf.private_pem(kf.dsa_key(), Trad), "private_key", "DSA"),
    Case("pkcs12-binary", lambda: p12(b"secret"), "private_key", "PKCS#12"),
    Case("pkcs12-binary-no-password", lambda: p12(None), "private_key", "openssl pkcs12"),
    Case("pkcs12-base64", lambda: base64.b64encode(p12(b"pw")).decode(), "private_key", "PKCS#12"),
    Case("pkcs12-armoured", lambda: kf.armour("PKCS12", p12(b"pw")), "private_key", "PKCS#12"),
    Case("pkcs8-der-bytes", lambda: kf.private_der(kf.rsa_key()), "private_key", "DER"),
    Case(
        "pkcs8-bare-base64",
        lambda: base64.b64encode(kf.private_der(kf.rsa_key())).decode(),
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "private-der-labelled-public",
        lambda: kf.armour("PUBLIC KEY", kf.private_der(kf.rsa_key())),
        "private_key",
        "mislabelled",
    ),
    Case(
        "private-der-labelled-certificate",
        lambda: kf.armour("CERTIFICATE", kf.private_der(kf.ec_key())),
        "private_key",
        "mislabelled",
    ),
    Case("private-then-public", lambda: pkcs8() + spki(), "private_key", PRIVATE_HINT),
    # --- private material after a public block, disguised (issue 8, finding 12)
    Case(
        "public-then-private-nbsp-armour",
        lambda: spki() + pkcs8().replace(f" {P} KEY", f"\u00a0{P}\u00a0KEY"),
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "public-then-private-em-dash-armour",
        lambda: spki() + pkcs8().replace("-----", "\u2014"),
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "public-then-private-five-em-dashes",
        lambda: spki() + pkcs8().replace("-----", "\u2014" * 5),
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "public-then-private-minus-signs-and-narrow-nbsp",
        lambda: spki() + pkcs8().replace("-----", "\u2212" * 5).replace(f" {P}", f"\u202f{P}"),
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "public-then-private-zero-width-space-in-label",
        lambda: spki() + pkcs8().replace(f"{P} KEY", "PRIV\u200bATE KEY"),
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "public-then-private-fullwidth-label",
        lambda: (
            spki() + pkcs8().replace(f"{P} KEY", "\uff30\uff32\uff29\uff36\uff21\uff34\uff25 KEY")
        ),
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "public-then-bare-base64-pkcs8",
        lambda: spki() + "".join(line + "\n" for line in pkcs8().splitlines()[1:-1]),
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "public-then-bare-base64-pkcs8-one-line",
        lambda: spki() + base64.b64encode(kf.private_der(kf.rsa_key())).decode() + "\n",
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "public-then-bare-base64-pkcs1",
        lambda: spki() + "\n".join(kf.private_pem(kf.rsa_key(), Trad).splitlines()[1:-1]),
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "public-then-bare-base64-ec",
        lambda: spki() + "\n".join(kf.private_pem(kf.ec_key()).splitlines()[1:-1]),
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "cert-then-bare-base64-ed25519",
        lambda: cert() + "\n".join(kf.private_pem(kf.ed25519_key()).splitlines()[1:-1]),
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "public-then-bare-base64-encrypted-pkcs8",
        lambda: spki() + "\n".join(kf.private_pem(kf.rsa_key(), password=b"pw").splitlines()[1:-1]),
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "public-then-base64-pkcs8-in-json",
        lambda: (
            spki() + json.dumps({"key": base64.b64encode(kf.private_der(kf.rsa_key())).decode()})
        ),
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "public-then-base64-pkcs12",
        lambda: spki() + base64.b64encode(p12(b"pw")).decode(),
        "private_key",
        "PKCS#12",
    ),
    Case(
        "public-then-private-jwk",
        lambda: (
            spki()
            + json.dumps({"kty": "RSA", "n": "x" * 40, "e": "AQAB", "d": "y" * 40, "p": "z" * 20})
        ),
        "private_key",
        "private JWK",
    ),
    Case("cert-then-private-bundle", lambda: cert() + pkcs8(), "private_key", PRIVATE_HINT),
    Case(
        "private-with-bad-armour",
        lambda: pkcs8().replace(f"BEGIN {P} KEY-----", f"BEGIN {P} KEY----"),
        "private_key",
        PRIVATE_HINT,
    ),
    Case("private-lowercase-armour", lambda: pkcs8().lower(), "private_key", "give the public key"),
    Case("private-json-escaped", lambda: json_escaped(pkcs8()), "private_key", PRIVATE_HINT),
    Case(
        "private-indented-in-yaml",
        lambda: "key: |\n" + "".join("    " + line + "\n" for line in pkcs8().splitlines()),
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "private-truncated",
        lambda: pkcs8()[: len(pkcs8()) // 2],
        "private_key",
        PRIVATE_HINT,
    ),
    Case(
        "private-jwk",
        lambda: json.dumps(
            {"kty": "RSA", "n": "x" * 40, "e": "AQAB", "d": "y" * 40, "p": "z" * 20}
        ),
        "private_key",
        "private JWK",
    ),
    Case(
        "putty-ppk",
        lambda: (
            "PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nPublic-Lines: 1\n"
            + spki_body()[:64]
            + "\n"
        ),
        "private_key",
        "PuTTY",
    ),
    # --- certificate requests
    Case("csr", lambda: kf.csr_pem(), "certificate_request", "signing request"),
    Case(
        "csr-new-label",
        lambda: relabel(kf.csr_pem(), "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"),
        "certificate_request",
        "CSR",
    ),
    # --- other things people paste
    Case(
        "public-jwk",
        lambda: json.dumps({"kty": "RSA", "n": "x" * 40, "e": "AQAB", "kid": "abc"}),
        "jwk",
        "JWK",
    ),
    Case(
        "jwks",
        lambda: json.dumps({"keys": [{"kty": "RSA", "n": "x" * 40, "e": "AQAB"}]}),
        "jwk",
        "not PEM",
    ),
    Case(
        "ssh-rsa-line",
        lambda: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC" + "x" * 40 + " me@host",
        "ssh_public_key",
        "ssh-keygen -e -m PKCS8",
    ),
    Case(
        "ssh2-public-block",
        lambda: "---- BEGIN SSH2 PUBLIC KEY ----\nAAAAB3NzaC1yc2E\n---- END SSH2 PUBLIC KEY ----\n",
        "ssh_public_key",
        "SSH public key",
    ),
    Case(
        "pgp-public-block",
        lambda: kf.armour("PGP PUBLIC KEY BLOCK", "Version: x\n\n" + junk_b64()),
        "unsupported_type",
        "PGP PUBLIC KEY BLOCK",
    ),
    Case("x509-crl", lambda: kf.armour("X509 CRL", junk_b64()), "unsupported_type", "X509 CRL"),
    Case("pkcs7", lambda: kf.armour("PKCS7", junk_b64()), "unsupported_type", "print_certs"),
    Case(
        "binary-junk", lambda: b"\xff\xfe\x00\x81" + secrets.token_bytes(200), "not_text", "binary"
    ),
    Case(
        "binary-junk-looks-like-der",
        lambda: b"\x30\x82\x01\x00\xff" + b"\x00" * 100,
        "not_text",
        "neither PEM nor",
    ),
    # --- size
    Case("oversize-text", lambda: spki() + "x" * 20_000, "too_large", "16,384-byte limit"),
    Case("oversize-bytes", lambda: b"0" * 17_000, "too_large", "17,000 bytes"),
    Case("oversize-custom-limit", spki, "too_large", "over the 100-byte limit", max_bytes=100),
    # --- right format, wrong for the credential type
    Case(
        "ec-p256-for-public-key",
        lambda: kf.spki_pem(kf.ec_key()),
        "not_rsa",
        "EC P-256 key; Auth0 accepts RSA keys only for Private Key JWT",
        "public_key",
    ),
    Case(
        "ec-p384-for-public-key",
        lambda: kf.spki_pem(kf.ec_key("secp384r1")),
        "not_rsa",
        "EC P-384",
        "public_key",
    ),
    Case(
        "ed25519-for-public-key",
        lambda: kf.spki_pem(kf.ed25519_key()),
        "not_rsa",
        "RSA keys only",
        "public_key",
    ),
    Case(
        "ec-cert-for-public-key",
        lambda: kf.cert_pem(kf.self_signed_cert(kf.ec_key())),
        "not_rsa",
        "RSA keys only",
        "public_key",
    ),
    Case(
        "rsa-1024-for-public-key",
        lambda: kf.spki_pem(kf.fake_rsa_public_key(1024)),
        "key_too_small",
        "1024-bit RSA key; Auth0 accepts 2048 to 4096 bits",
        "public_key",
    ),
    Case(
        "rsa-2047-for-public-key",
        lambda: kf.spki_pem(kf.fake_rsa_public_key(2047)),
        "key_too_small",
        "2047-bit",
        "public_key",
    ),
    Case(
        "rsa-1024-cert-for-public-key",
        lambda: kf.cert_pem(kf.ca_signed_cert(kf.fake_rsa_public_key(1024))),
        "key_too_small",
        "1024-bit",
        "public_key",
    ),
    Case(
        "rsa-1024-pkcs1-for-public-key",
        lambda: kf.pkcs1_pem(kf.fake_rsa_public_key(1024)),
        "key_too_small",
        "2048 to 4096",
        "public_key",
    ),
    Case(
        "rsa-4097-for-public-key",
        lambda: kf.spki_pem(kf.fake_rsa_public_key(4097)),
        "key_too_large",
        "4097-bit",
        "public_key",
    ),
    Case(
        "rsa-8192-for-public-key",
        lambda: kf.spki_pem(kf.fake_rsa_public_key(8192)),
        "key_too_large",
        "8192-bit RSA key; Auth0 accepts 2048 to 4096 bits",
        "public_key",
    ),
    Case(
        "public-key-for-x509-cert",
        spki,
        "certificate_required",
        "needs a certificate",
        "x509_cert",
    ),
    Case(
        "pkcs1-for-x509-cert",
        lambda: kf.pkcs1_pem(kf.rsa_key()),
        "certificate_required",
        "x509_cert",
        "x509_cert",
    ),
    Case(
        "public-key-for-cert-subject-dn",
        spki,
        "certificate_required",
        "type its subject DN",
        "cert_subject_dn",
    ),
    Case(
        "unknown-credential-type",
        spki,
        "unknown_credential_type",
        "Unknown credential type",
        "client_secret",
    ),
]


def _material(data: str | bytes) -> set[str]:
    """Base64-looking runs of the input, long enough to be key material."""
    text = data.decode("latin-1") if isinstance(data, bytes) else data
    runs = set(re.findall(r"[A-Za-z0-9+/=]{16,}", text))
    if isinstance(data, bytes) and len(data) >= 18:
        runs.add(base64.b64encode(data).decode()[:24])
    return runs


def test_there_are_at_least_sixty_cases() -> None:
    assert len(CASES) >= 60
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_refused(case: Case) -> None:
    data = case.make()
    kwargs = {"max_bytes": case.max_bytes} if case.max_bytes else {}
    with pytest.raises(PemError) as caught:
        info = inspect_pem(data, **kwargs)
        assert case.credential_type is not None, "inspect_pem accepted it"
        check_for_credential_type(info, case.credential_type)
    error = caught.value
    assert error.code == case.code, error.message
    assert case.phrase.lower() in error.message.lower()
    assert str(error) == error.message
    assert "\n" not in error.message
    assert error.message.rstrip("`").endswith(".")
    for run in _material(data):
        assert run not in error.message
        assert run not in repr(error)


@pytest.mark.parametrize("case", [c for c in CASES if c.code == "private_key"], ids=lambda c: c.id)
def test_private_key_messages_say_what_to_do(case: Case) -> None:
    with pytest.raises(PemError) as caught:
        inspect_pem(case.make())
    message = caught.value.message
    assert "private key" in message
    assert PRIVATE_HINT in message
    assert "public key or certificate" in message


def test_refusal_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        inspect_pem("")
