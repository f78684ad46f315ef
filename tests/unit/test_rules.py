"""credtui.rules: Auth0's constants, exact texts and small checks."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from credtui import rules

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_rules_imports_nothing_third_party() -> None:
    tree = ast.parse(Path(rules.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == "credtui":
            imported |= {f"credtui.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            # credtui.text, credtui.timefmt and credtui.vocabulary are the credtui modules
            # allowed: pure, standard library only.
            pure = ("credtui.text", "credtui.timefmt", "credtui.vocabulary")
            imported.add(node.module if node.module in pure else node.module.split(".")[0])
    stdlib = {"__future__", "re", "dataclasses", "datetime", "typing", "collections", "ipaddress"}
    assert imported <= stdlib | {"credtui.text", "credtui.timefmt", "credtui.vocabulary"}


def test_constants() -> None:
    assert rules.CREDENTIAL_TYPES == ("public_key", "x509_cert", "cert_subject_dn")
    assert rules.ALGS == ("RS256", "RS384", "PS256")
    assert rules.DEFAULT_ALG == "RS256"
    assert rules.NAME_MAX == 128
    assert (rules.KID_MIN, rules.KID_MAX) == (10, 64)
    assert rules.KID_PATTERN == "^([0-9a-zA-Z-_]{10,64})$"
    assert (rules.SUBJECT_DN_MIN, rules.SUBJECT_DN_MAX) == (1, 256)
    assert rules.MAX_CERT_PEM_CHARS == 4096
    assert rules.MAX_ATTACHED_PER_METHOD == 2
    assert rules.MAX_CREDENTIALS_PER_CLIENT == 4
    assert (rules.RSA_MIN_BITS, rules.RSA_MAX_BITS) == (2048, 4096)
    assert rules.ASSERTION_MAX_BYTES == 2048
    assert rules.ASSERTION_CLAIM_MAX == 64
    assert rules.ASSERTION_MAX_LIFETIME_SECONDS == 300
    assert rules.CLIENT_ASSERTION_TYPE == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def test_methods_and_the_credential_type_each_takes() -> None:
    assert rules.CREDENTIAL_METHODS == (
        "private_key_jwt",
        "tls_client_auth",
        "self_signed_tls_client_auth",
    )
    assert rules.TOKEN_ENDPOINT_AUTH_METHODS == (
        "client_secret_post",
        "client_secret_basic",
        "none",
    )
    assert rules.credential_type_for_method("private_key_jwt") == "public_key"
    assert rules.credential_type_for_method("tls_client_auth") == "cert_subject_dn"
    assert rules.credential_type_for_method("self_signed_tls_client_auth") == "x509_cert"
    assert rules.credential_type_for_method("signed_request_object") == "public_key"
    assert rules.credential_type_for_method("client_secret_post") is None


def test_auth0_texts_are_quoted_exactly() -> None:
    assert rules.MSG_TOO_MANY_CREDENTIALS == "A client can have a maximum of 4 credentials."
    assert (
        rules.MSG_DUPLICATE_PUBLIC_KEY
        == "credentials contains public keys that already exist in client"
    )
    assert (
        rules.MSG_CREDENTIAL_STILL_ASSOCIATED
        == "Cannot delete credential still associated with a client"
    )
    assert rules.MSG_CLIENT_NOT_FOUND == "The client does not exist"
    assert rules.MSG_CREDENTIAL_NOT_FOUND == "The credential does not exist"
    assert rules.ERROR_CODE_INEXISTENT_CLIENT == "inexistent_client"
    assert rules.array_too_long_message(3) == "Array is too long (3), maximum 2"
    assert rules.array_too_long_message(5, 4) == "Array is too long (5), maximum 4"


@pytest.mark.parametrize(
    ("kid", "ok"),
    [
        ("a" * 10, True),
        ("a" * 64, True),
        ("a" * 9, False),
        ("a" * 65, False),
        ("4e7yYf0TKdyTLbVnpq2wLN6mZ8t7eb9UJkMksyHj9iU", True),
        ("-BytQCzAFJsUuNOzZI5OlJyrOc0PyQCzgExAN0AhbWk", True),
        ("my_key-2026", True),
        ("has space here", False),
        ("dots.are.not.ok", False),
        ("plus+slash/==", False),
        ("ünïcödé-kid", False),
        ("", False),
    ],
)
def test_check_kid_agrees_with_auth0s_pattern(kid: str, ok: bool) -> None:
    assert (rules.check_kid(kid) is None) is ok
    assert (re.fullmatch(rules.KID_PATTERN, kid, re.ASCII) is not None) is ok


def test_check_kid_messages() -> None:
    assert "at most 64" in (rules.check_kid("a" * 65) or "")
    assert "10 to 64" in (rules.check_kid("short") or "")
    assert "letters, digits" in (rules.check_kid("bad kid value") or "")


def test_check_name() -> None:
    assert rules.check_name("") is None
    assert rules.check_name("n" * 128) is None
    assert rules.check_name("n" * 129) == (
        "The name is 129 characters long; Auth0 allows at most 128."
    )


def test_check_subject_dn_length() -> None:
    assert rules.check_subject_dn_length("C=US") is None
    assert rules.check_subject_dn_length("x" * 256) is None
    assert "at most 256" in (rules.check_subject_dn_length("x" * 257) or "")
    assert "empty" in (rules.check_subject_dn_length("") or "")


def test_check_cert_pem_length() -> None:
    assert rules.check_cert_pem_length("x" * 4096) is None
    assert "at most 4096" in (rules.check_cert_pem_length("x" * 4097) or "")


def test_check_alg() -> None:
    for alg in rules.ALGS:
        assert rules.check_alg(alg) is None
    assert (
        rules.check_alg("HS256")
        == "Unsupported algorithm 'HS256'; Auth0 accepts RS256, RS384, PS256."
    )


def test_check_rsa_key_size() -> None:
    for bits in (2048, 3072, 4096):
        assert rules.check_rsa_key_size(bits) is None
    assert rules.check_rsa_key_size(1024) == (
        "This is a 1024-bit RSA key; Auth0 accepts 2048 to 4096 bits, so use a key of that size."
    )
    assert "8192-bit" in (rules.check_rsa_key_size(8192) or "")


def test_check_expiry() -> None:
    assert rules.check_expiry(NOW + timedelta(seconds=1), NOW) is None
    assert rules.check_expiry(NOW + timedelta(days=1), NOW) is None
    in_paris = datetime(2026, 6, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    assert rules.check_expiry(in_paris, NOW) is None
    assert rules.check_expiry(NOW, NOW) == (
        "The expiry 2026-06-01 12:00 UTC is not in the future; choose a later date."
    )
    assert "not in the future" in (rules.check_expiry(NOW - timedelta(days=3), NOW) or "")
    assert "time zone" in (rules.check_expiry(datetime(2030, 1, 1), NOW) or "")


def test_check_counts() -> None:
    assert rules.check_attached_count(2) is None
    assert (
        rules.check_attached_count(3) == "Auth0 allows at most 2 credentials on one method, not 3."
    )
    assert rules.check_credential_count(3) is None
    assert rules.check_credential_count(4) == "A client can have a maximum of 4 credentials."


def test_check_credential_type() -> None:
    for credential_type in rules.CREDENTIAL_TYPES:
        assert rules.check_credential_type(credential_type) is None
    assert "Unknown credential type 'jwk'" in (rules.check_credential_type("jwk") or "")


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (
            datetime(2023, 5, 16, 11, 7, 30, 535694, tzinfo=timezone(timedelta(hours=2))),
            "2023-05-16T09:07:30.535Z",
        ),
        (datetime(2095, 5, 13, 9, 33, 13, tzinfo=UTC), "2095-05-13T09:33:13.000Z"),
        (datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), "9999-12-31T23:59:59.000Z"),
        (datetime(2023, 4, 18, 13, 44, 26, 279999), "2023-04-18T13:44:26.279Z"),
        # Issue 19 finding 11: four digits always (the C library writes year 1 as "1").
        (datetime(1, 1, 1, tzinfo=UTC), "0001-01-01T00:00:00.000Z"),
        (datetime(999, 12, 31, 23, 59, tzinfo=UTC), "0999-12-31T23:59:00.000Z"),
    ],
)
def test_format_timestamp(when: datetime, expected: str) -> None:
    assert rules.format_timestamp(when) == expected
