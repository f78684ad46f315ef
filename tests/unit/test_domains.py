"""Tenant domains: what is accepted and the URL it means."""

from __future__ import annotations

import pytest

from credtui.domains import DomainError, parse_domain


@pytest.mark.parametrize(
    ("text", "base_url", "loopback"),
    [
        ("acme.eu.auth0.com", "https://acme.eu.auth0.com", False),
        ("ACME.us.auth0.com", "https://acme.us.auth0.com", False),
        ("login.acme.com", "https://login.acme.com", False),
        ("https://acme.auth0.com", "https://acme.auth0.com", False),
        ("https://acme.auth0.com/", "https://acme.auth0.com", False),
        ("login.acme.com:8443", "https://login.acme.com:8443", False),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765", True),
        ("http://127.1.2.3:80", "http://127.1.2.3:80", True),
        ("http://localhost:9000", "http://localhost:9000", True),
        ("http://[::1]:9000", "http://[::1]:9000", True),
    ],
)
def test_accepted_domains(text: str, base_url: str, loopback: bool) -> None:
    domain = parse_domain(text)
    assert domain.base_url == base_url
    assert domain.is_loopback is loopback


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://[::2]:80", "only for the local tenant"),
        ("http://128.0.0.1", "only for the local tenant"),
        ("http://localhost.evil.com", "only for the local tenant"),
        ("https://acme.auth0.com/../tenants", "must not contain a path"),
        ("https://acme.auth0.com//", "must not contain a path"),
        ("http://[::1", "closing ]"),
        ("https://", "no host name"),
        ("a" * 64 + ".auth0.com", "not a valid host name"),
    ],
)
def test_refused_domains(text: str, expected: str) -> None:
    with pytest.raises(DomainError, match=expected.replace("(", r"\(")):
        parse_domain(text)
