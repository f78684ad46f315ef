"""Tenant domains: what a profile's ``domain`` may be, and the base URL it means.

A bare host (``acme.eu.auth0.com``, or a custom domain such as ``login.acme.com``)
means HTTPS. ``https://host`` is accepted and means the same. Plain ``http://`` is
accepted only for loopback hosts (127.0.0.0/8, ::1, ``localhost``): that is the
local tenant (``credtui emulator``), never a real one. Anything carrying a path,
a query, a fragment, user information or white space is refused, so that a
token can never be sent somewhere the user did not mean.

Messages never repeat what was typed: a secret pasted into the wrong field
must not reach the screen or a log through an error (issue 8).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_PORT = re.compile(r"[0-9]{1,5}")


class DomainError(ValueError):
    """A domain that credtui refuses; ``str()`` is one sentence for a person."""


@dataclass(frozen=True)
class TenantDomain:
    """A checked tenant domain."""

    host: str
    """The host name or address, lower case, IPv6 without brackets."""
    port: int | None
    """An explicit port, or None for the scheme's default."""
    secure: bool
    """True for HTTPS; False only for a loopback host."""

    @property
    def base_url(self) -> str:
        """``https://host[:port]`` or ``http://127.0.0.1:port``, no trailing slash."""
        scheme = "https" if self.secure else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}" + (f":{self.port}" if self.port is not None else "")

    @property
    def is_loopback(self) -> bool:
        """Whether the host is this machine (the local tenant)."""
        return is_loopback_host(self.host)


def is_loopback_host(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_domain(text: str) -> TenantDomain:
    """Check a profile's domain and return what it means.

    Raises :class:`DomainError` with a sentence that names what is wrong.
    """
    if not isinstance(text, str):
        raise DomainError("the domain must be text, such as acme.eu.auth0.com")
    if text == "":
        raise DomainError("the domain is empty; give the tenant domain, such as acme.eu.auth0.com")
    if any(ch.isspace() for ch in text):
        raise DomainError(
            "the domain contains white space; give only the host, such as acme.eu.auth0.com"
        )
    rest = text
    secure = True
    scheme_match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", rest)
    if scheme_match:
        scheme = scheme_match.group(1).lower()
        if scheme not in ("http", "https"):
            shown = f"the scheme {scheme}://" if len(scheme) <= 8 else "this scheme"
            raise DomainError(f"{shown} is not supported; use a bare domain (https)")
        secure = scheme == "https"
        rest = rest[scheme_match.end() :]
    if "@" in rest:
        raise DomainError("the domain must not contain user information (an @)")
    if "?" in rest or "#" in rest:
        raise DomainError("the domain must not contain a query or a fragment (? or #)")
    if rest.endswith("/") and "/" not in rest[:-1]:
        rest = rest[:-1]  # one trailing slash after a bare host is harmless
    if "/" in rest:
        raise DomainError(
            "the domain must not contain a path; give only the host, such as acme.eu.auth0.com"
        )
    host, port = _split_host_port(rest)
    if not secure and not is_loopback_host(host):
        raise DomainError(
            "http:// is allowed only for the local tenant (127.0.0.1, ::1, localhost); "
            "real tenants use https"
        )
    return TenantDomain(host=host, port=port, secure=secure)


def _split_host_port(hostport: str) -> tuple[str, int | None]:
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            raise DomainError("the IPv6 address is missing its closing ]")
        host, after = hostport[1:end], hostport[end + 1 :]
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise DomainError("the address between [ and ] is not a valid IPv6 address") from None
        if after and not after.startswith(":"):
            raise DomainError("unexpected text after the IPv6 address")
        port_text = after[1:] if after else None
    else:
        host, sep, port_text_raw = hostport.partition(":")
        port_text = port_text_raw if sep else None
        _check_host_name(host)
    port: int | None = None
    if port_text is not None:
        # ASCII digits only: str.isdigit() accepts '²' and other scripts' digits,
        # which int() then rejects or reads differently.
        if not _PORT.fullmatch(port_text) or not 0 < int(port_text) < 65536:
            raise DomainError("the port is not a number from 1 to 65535")
        port = int(port_text)
    return host.lower(), port


def _check_host_name(host: str) -> None:
    if host == "":
        raise DomainError("the domain has no host name")
    try:
        ipaddress.IPv4Address(host)
        return
    except ValueError:
        pass
    if len(host) > 253:
        raise DomainError("the host name is longer than 253 characters")
    labels = host.split(".")
    for label in labels:
        if not _LABEL.match(label):
            raise DomainError(
                "the domain is not a valid host name (letters, digits and hyphens between dots)"
            )
    if len(labels) < 2 and host.lower() != "localhost":
        raise DomainError(
            "the host is not a full domain; Auth0 domains look like acme.eu.auth0.com"
        )
