"""Expiry as typed: every accepted form, and a specific sentence for each refusal."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from credtui.errors import LocalValidationError
from credtui.models import Credential, CredentialType
from credtui.ops.expiry import (
    NEVER_WARNING,
    QUICK_CHOICES,
    check_expiry_change,
    expiry_change_refusal,
    never_warning,
    parse_expiry,
)

NOW = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+24h", datetime(2026, 11, 24, 15, 30, tzinfo=UTC)),
        ("+30d", datetime(2026, 12, 23, 15, 30, tzinfo=UTC)),
        ("+ 2w", datetime(2026, 12, 7, 15, 30, tzinfo=UTC)),
        ("+3m", datetime(2027, 2, 23, 15, 30, tzinfo=UTC)),
        ("+1y", datetime(2027, 11, 23, 15, 30, tzinfo=UTC)),
        ("2027-01-31", datetime(2027, 1, 31, tzinfo=UTC)),
        ("  2027-01-31  ", datetime(2027, 1, 31, tzinfo=UTC)),
        ("2027-01-31T12:00:00Z", datetime(2027, 1, 31, 12, tzinfo=UTC)),
        ("2027-01-31T12:00:00+02:00", datetime(2027, 1, 31, 10, tzinfo=UTC)),
    ],
)
def test_accepted_forms(text: str, expected: datetime) -> None:
    got = parse_expiry(text, NOW)
    assert got == expected and got.tzinfo is UTC


def test_months_clamp_to_the_end_of_a_shorter_month() -> None:
    jan31 = datetime(2027, 1, 31, tzinfo=UTC)
    assert parse_expiry("+1m", jan31) == datetime(2027, 2, 28, tzinfo=UTC)
    leap = datetime(2028, 2, 29, tzinfo=UTC)
    assert parse_expiry("+1y", leap) == datetime(2029, 2, 28, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "The expiry is empty"),
        ("   ", "The expiry is empty"),
        ("+0d", "later than now"),
        ("2026-11-23", "is not in the future"),
        ("2020-01-01T00:00:00Z", "is not in the future"),
        ("2027-01-31T12:00", "has no time zone"),
        ("2027-02-30", "is not a valid date"),
        ("+999999y", "past the year 9999"),
        ("9999-12-31T23:59:59-01:00", "past the year 9999"),  # UTC: the year 10000
        ("0001-01-01T00:00:00+01:00", "is not in the future"),  # UTC: before the year 1
        ("2027-01-31T12:00:00+00:60", "is not a time zone"),  # not silently +01:00
        ("2027-01-31T12:00:00+01:00:61", "is not a time zone"),
        ("tomorrow", "is not a date"),
        ("31/01/2027", "is not a date"),
        ("２０２７-01-31", "is not a date"),
        ("+30x", "is not a date"),
        ("x" * 500, "is not a date"),
    ],
)
def test_refusals_say_what_to_type(text: str, words: str) -> None:
    with pytest.raises(LocalValidationError) as caught:
        parse_expiry(text, NOW)
    assert caught.value.field == "expires_at"
    assert words in caught.value.message
    assert len(caught.value.message) < 200


def test_typed_text_is_shown_without_terminal_escapes() -> None:
    with pytest.raises(LocalValidationError) as caught:
        parse_expiry("\x1b[31mred\x07", NOW)
    assert "\x1b" not in caught.value.message and "\x07" not in caught.value.message
    assert "\ufffd[31mred\ufffd" in caught.value.message


def test_quick_choices_all_parse_and_never_is_explained() -> None:
    assert [parse_expiry(text, NOW) > NOW for text, _ in QUICK_CHOICES] == [True] * 3
    assert [label for _, label in QUICK_CHOICES] == ["30 days", "90 days", "1 year"]
    assert "never expire" in NEVER_WARNING


# --- which credentials' expiry can change: one check for the TUI and the command line ---

_X509_WORDS = (
    "A self-signed certificate credential takes its expiry from the certificate; "
    "to change it, add a new certificate and delete this one."
)
_DN_WORDS = "A CA subject DN credential has no expiry in Auth0."


@pytest.mark.parametrize(
    ("ctype", "words"),
    [
        (CredentialType.PUBLIC_KEY, None),
        (CredentialType.X509_CERT, _X509_WORDS),
        (CredentialType.CERT_SUBJECT_DN, _DN_WORDS),
        ("a_type_credtui_does_not_know", None),  # left to the tenant
    ],
)
def test_expiry_change_refusal_and_its_raising_twin(
    ctype: CredentialType | str, words: str | None
) -> None:
    cred = Credential("cred_1", ctype)
    assert expiry_change_refusal(cred) == words
    if words is None:
        check_expiry_change(cred)  # nothing to refuse
        return
    with pytest.raises(LocalValidationError) as caught:
        check_expiry_change(cred)
    assert caught.value.field == "expires_at"
    assert caught.value.code == "fixed_expiry"
    assert caught.value.message == words


def test_the_tui_refuses_with_the_same_function() -> None:
    from credtui.ui.screens import application_changes

    # The name the screen imported (not a re-export mypy would see): read from the module.
    assert vars(application_changes)["expiry_change_refusal"] is expiry_change_refusal


def test_never_is_a_warning_only_where_an_expiry_is_a_choice() -> None:
    assert never_warning(CredentialType.PUBLIC_KEY) == NEVER_WARNING
    assert never_warning("public_key") == NEVER_WARNING
    assert never_warning(CredentialType.X509_CERT) is None
    assert never_warning(CredentialType.CERT_SUBJECT_DN) is None
