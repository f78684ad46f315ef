"""Hostile input over every field credtui reads, and every string a tenant sends back.

A corpus of hostile strings (markup, terminal escapes, control characters, bidi
overrides, look-alike digits and dashes, huge values, wrong types) goes through
each reader: the tenant's JSON into models, the local checks a credential draft
passes, typed expiries, tenant domains, profile fields in a config file. The
promises: no exception but the reader's own typed one; its message is one
printable line (no terminal escape) that never repeats a secret; text from a
tenant comes out with nothing a terminal would act on. Hypothesis then tries
what the corpus did not think of.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credtui import keys
from credtui.api.checks import check_credential_draft
from credtui.config import ConfigError, load_config
from credtui.domains import DomainError, parse_domain
from credtui.errors import LocalValidationError
from credtui.models import Application, Credential, CredentialDraft, CredentialType
from credtui.ops.expiry import parse_expiry
from credtui.text import REPLACEMENT, safe_text

NOW = datetime(2026, 11, 23, tzinfo=UTC)
SECRET = "s3cr3t-VALUE-never-shown-0123456789"

HOSTILE: list[str] = [
    "",
    " ",
    "[red]x[/red]",
    "[bold][link=https://evil.example]click[/link]",
    "[/]",
    "\x1b[2J\x1b[H",
    "\x1b]52;c;aGVsbG8=\x07",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x1bP+q544e\x1b\\",
    "\x9b31m",
    "\x00",
    "a\x00b",
    "\x07\x08\x7f",
    "line1\nline2",
    "cr\rreturn",
    "tab\there",
    "\u202egpj.exe",
    "\u2066isolate\u2069",
    "zero\u200bwidth",
    "\ufeffbom",
    "\u061carabic mark",
    "１２３",
    "²",
    "٣",
    "\u00a0nbsp\u00a0",
    "—em—dash—",
    "-----BEGIN PRIVATE KEY-----",
    "${HOME}",
    "%s%s%n",
    "{0.__class__}",
    "../../etc/passwd",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    '"""',
    "\\",
    "x" * 300,
    "y" * 100_000,
    "😀" * 64,
    "e\u0301" * 50,
    "Ω≈ç√∫˜µ≤≥÷",
    "\ud800",
    SECRET,
]
NON_STRINGS: list[Any] = [None, 0, -1, 10**40, 1.5e308, float("inf"), True, [], [1], {}, {"a": 1}]

_TERMINAL_ACTS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _safe(text: str) -> bool:
    return _TERMINAL_ACTS.search(text) is None


def _strings_of(obj: Any) -> list[str]:
    return [v for v in vars(obj).values() if isinstance(v, str)] + [
        s for v in vars(obj).values() if isinstance(v, tuple) for s in _flat(v)
    ]


def _flat(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [s for v in value for s in _flat(v)]
    return []


APP_FIELDS = ["name", "client_id", "app_type", "token_endpoint_auth_method"]
CRED_FIELDS = [
    "id",
    "name",
    "kid",
    "alg",
    "subject_dn",
    "thumbprint_sha256",
    "credential_type",
    "created_at",
    "expires_at",
]


@pytest.mark.parametrize("value", HOSTILE + NON_STRINGS, ids=range(len(HOSTILE + NON_STRINGS)))
def test_tenant_strings_become_models_with_nothing_a_terminal_acts_on(value: Any) -> None:
    for field in APP_FIELDS:
        app = Application.from_api(
            {
                "client_id": "c1",
                "name": "ok",
                field: value,
                "client_authentication_methods": {
                    "private_key_jwt": {"credentials": [{"id": value}]}
                },
                "signed_request_object": {"credentials": [{"id": value}], "required": value},
                "jwt_configuration": {"alg": value},
            }
        )
        assert all(_safe(s) for s in _strings_of(app)), field
    for field in CRED_FIELDS:
        cred = Credential.from_api({"id": "cred_1", "credential_type": "public_key", field: value})
        assert all(_safe(s) for s in _strings_of(cred)), field


def test_a_subject_dn_keeps_its_lines_but_loses_its_escapes() -> None:
    cred = Credential.from_api({"id": "c", "subject_dn": "C=US\nO=\x1b[31mAcme\nCN=\u202ex"})
    assert cred.subject_dn == f"C=US\nO={REPLACEMENT}[31mAcme\nCN={REPLACEMENT}x"


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_draft_fields_are_refused_with_a_safe_sentence_or_accepted(value: str) -> None:
    drafts = [
        CredentialDraft(CredentialType.PUBLIC_KEY, pem=value),
        CredentialDraft(CredentialType.X509_CERT, pem=value),
        CredentialDraft(CredentialType.CERT_SUBJECT_DN, subject_dn=value),
        CredentialDraft(CredentialType.PUBLIC_KEY, pem="x", name=value),
        CredentialDraft(CredentialType.PUBLIC_KEY, pem="x", kid=value),
        CredentialDraft(CredentialType.PUBLIC_KEY, pem="x", alg=value),
    ]
    for draft in drafts:
        try:
            check_credential_draft(draft, NOW)
        except LocalValidationError as exc:
            assert _safe(exc.message) and "\n" not in exc.message
            assert SECRET not in exc.message and len(exc.message) < 400
        else:  # only a DN can be acceptable here: every PEM above is garbage
            assert draft.credential_type is CredentialType.CERT_SUBJECT_DN


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_typed_expiry_and_domain_refusals_are_typed_and_safe(value: str) -> None:
    for parse, error in (
        (lambda v: parse_expiry(v, NOW), LocalValidationError),
        (parse_domain, DomainError),
    ):
        try:
            parse(value)
        except error as exc:
            assert _safe(str(exc)) and SECRET not in str(exc)


PROFILE_FIELDS = [
    "domain",
    "client_id",
    "client_secret",
    "client_secret_env",
    "private_key_file",
    "private_key_alg",
    "private_key_kid",
    "token_env",
]


@pytest.mark.parametrize(
    "value", [v for v in HOSTILE if v != "\ud800"], ids=range(len(HOSTILE) - 1)
)
def test_config_fields_refused_with_a_safe_message_that_never_echoes_a_value(
    value: str, tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    for field in PROFILE_FIELDS:
        profile: dict[str, Any] = {
            "domain": "acme.eu.auth0.com",
            "client_id": "abc",
            "client_secret_env": "CREDTUI_SECRET",
        }
        profile[field] = value
        if field in ("private_key_file", "private_key_alg", "private_key_kid"):
            profile.pop("client_secret_env")
        path.write_text(tomli_w.dumps({"profiles": {"main": profile}}))
        path.chmod(0o600)
        try:
            load_config(path)
        except ConfigError as exc:
            text = str(exc)
            assert _safe(text), (field, text)
            if len(value) > 8:
                assert value not in text, (field, text)


# --- what the corpus did not think of ------------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
_app_keys = st.sampled_from(
    [
        "client_id",
        "name",
        "app_type",
        "token_endpoint_auth_method",
        "client_authentication_methods",
        "signed_request_object",
        "access_token",
        "jwt_configuration",
        "global",
        "require_proof_of_possession",
    ]
)
_cred_keys = st.sampled_from([*CRED_FIELDS, "updated_at"])
_fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_fast
@given(st.dictionaries(_app_keys, _json, max_size=10))
def test_any_client_json_becomes_an_application(data: dict[str, Any]) -> None:
    app = Application.from_api(data)
    assert all(_safe(s) for s in _strings_of(app))
    app.attachments()
    _ = app.auth_method


@_fast
@given(st.dictionaries(_cred_keys, _json, max_size=10))
def test_any_credential_json_becomes_a_credential(data: dict[str, Any]) -> None:
    cred = Credential.from_api(data)
    assert all(_safe(s) for s in _strings_of(cred))
    cred.is_expired(NOW)
    _ = cred.display_name


_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Controls, format characters (bidi, zero-width, tags, soft hyphen), separators, surrogates."""


def test_safe_text_replaces_every_control_format_separator_and_surrogate() -> None:
    """Issue 19 findings 5 and 12: every such code point, straight from ``unicodedata``."""
    import unicodedata

    hidden = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in _HIDDEN] + [
        chr(c) for c in range(0xE0000, 0xE0080)
    ]  # the tag block, unassigned ones too
    hidden = [c for c in hidden if c not in "\t\n"]
    assert {"\xad", "\u180e", "\u2028", "\u2029", "\ud800", "\U000e0041"} <= set(hidden)
    text = "".join(hidden)
    assert safe_text(text, multiline=True) == REPLACEMENT * len(hidden)
    assert safe_text("a" + text + "b") == "a" + REPLACEMENT * len(hidden) + "b"
    # Printable text, accents, emoji (without joiners) and other scripts stay as they are.
    kept = "Zahlungsdienst é ü 😀 日本語 עברית العربية ﷺ \u00a0"
    assert safe_text(kept) == kept


@_fast
@given(st.text(st.characters(exclude_categories=[])))  # surrogates too
def test_safe_text_leaves_nothing_hidden(text: str) -> None:
    import unicodedata

    out = safe_text(text)
    assert not any(unicodedata.category(c) in _HIDDEN for c in out), repr(out)
    assert safe_text(out) == out


@_fast
@given(st.text())
def test_safe_text_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    out = safe_text(text)
    assert _safe(out) and "\n" not in out and "\t" not in out
    assert safe_text(out) == out
    assert len(out) <= len(text)


@_fast
@given(st.text(max_size=60))
def test_any_typed_expiry_is_a_future_instant_or_a_sentence(text: str) -> None:
    try:
        when = parse_expiry(text, NOW)
    except LocalValidationError as exc:
        assert exc.field == "expires_at" and _safe(exc.message)
    else:
        assert when > NOW and when.tzinfo is UTC


@_fast
@given(st.text(max_size=200))
def test_any_text_as_a_pem_is_inspected_or_refused_with_a_code(text: str) -> None:
    try:
        keys.inspect_pem(text)
    except keys.PemError as exc:
        assert exc.code and _safe(exc.message)


@_fast
@given(st.text(max_size=120))
def test_any_typed_subject_dn_is_normalised_or_refused(text: str) -> None:
    try:
        dn = keys.normalise_subject_dn(text)
    except keys.SubjectDnError as exc:
        assert exc.code and _safe(exc.message)
    else:
        assert dn and len(dn) <= 4 * 256


@_fast
@given(st.text(max_size=80))
def test_any_typed_domain_is_parsed_or_refused(text: str) -> None:
    try:
        parse_domain(text)
    except DomainError as exc:
        assert _safe(str(exc))


def test_the_corpus_is_large_enough() -> None:
    per_field = {
        "tenant JSON": (len(HOSTILE) + len(NON_STRINGS)) * (len(APP_FIELDS) + len(CRED_FIELDS)),
        "draft": len(HOSTILE) * 6,
        "expiry and domain": len(HOSTILE) * 2,
        "config": (len(HOSTILE) - 1) * len(PROFILE_FIELDS),
    }
    assert sum(per_field.values()) >= 200, json.dumps(per_field)
