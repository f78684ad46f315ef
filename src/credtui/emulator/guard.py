"""Who may talk to the local tenant: loopback ``Host`` names, and the control token.

The emulator listens on 127.0.0.1 only, but a web page in the person's browser
can still reach it through DNS rebinding (a name of the attacker's that
resolves to 127.0.0.1): the browser then sends the attacker's name as
``Host``. Every route therefore answers only a loopback ``Host``
(127.0.0.0/8, ``[::1]``, ``localhost``, any port); see decision 26 in
:mod:`credtui.emulator`.

The test controls under ``/__emulator`` also need the per-run control token
(random, printed in the ready line) in the ``X-Emulator-Token`` header, and a
body sent to them must be ``application/json``: a cross-site form or
``fetch`` without a preflight can only send ``text/plain``, form or multipart
bodies, and cannot set that header.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from credtui.domains import is_loopback_host

CONTROL_TOKEN_HEADER = "X-Emulator-Token"
"""The request header that carries the control token on ``/__emulator`` routes."""

CONTROL_PREFIX = "/__emulator"

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def new_control_token() -> str:
    """A fresh, unguessable control token (one per emulator run)."""
    return secrets.token_urlsafe(32)


def is_control_path(path: str) -> bool:
    """Whether ``path`` is one of the test controls (``/__emulator`` and below)."""
    return path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/")


def host_is_loopback(host: str | None) -> bool:
    """True when a ``Host`` header value names this machine (any port).

    ``127.0.0.0/8``, ``[::1]`` and ``localhost`` (the one test for loopback is
    :func:`credtui.domains.is_loopback_host`). A missing or malformed value is
    refused: browsers always send one, and so does every HTTP/1.1 client.
    """
    if not host:
        return False
    if host.startswith("["):
        end = host.find("]")
        if end < 0:
            return False
        name, rest = host[1:end], host[end + 1 :]
        if ":" not in name:
            return False  # brackets are for IPv6 only
    else:
        name, sep, port = host.partition(":")
        rest = sep + port
    if rest and not (rest.startswith(":") and rest[1:].isascii() and rest[1:].isdigit()):
        return False
    return is_loopback_host(name)


def _header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> list[str]:
    return [v.decode("latin-1") for k, v in headers if k.lower() == name]


def host_refusal(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """Why a request must be refused for its ``Host`` (None: it may proceed)."""
    hosts = _header(headers, b"host")
    if len(hosts) != 1 or not host_is_loopback(hosts[0]):
        return (
            "The local tenant answers only loopback Host names "
            "(127.0.0.1, [::1] or localhost, any port)"
        )
    return None


def control_refusal(
    method: str, headers: Iterable[tuple[bytes, bytes]], token: str
) -> tuple[int, str] | None:
    """The status and message refusing a control request, or None when it may proceed.

    Checked after :func:`host_refusal`. A missing or wrong token is 401 whatever
    the path, so nothing (not even which control paths exist) is revealed
    without it. Then a body-carrying method must send ``application/json``: 415.
    """
    header_list = list(headers)
    given = _header(header_list, CONTROL_TOKEN_HEADER.lower().encode())
    if len(given) != 1 or not secrets.compare_digest(given[0].encode(), token.encode()):
        return (
            401,
            f"The emulator's controls need the control token (control_token in the "
            f"ready line) in the {CONTROL_TOKEN_HEADER} header",
        )
    if method.upper() in _BODY_METHODS:
        ctypes = _header(header_list, b"content-type")
        media = ctypes[0].split(";", 1)[0].strip().lower() if len(ctypes) == 1 else ""
        if media != "application/json":
            return 415, "The emulator's controls accept only Content-Type: application/json"
    return None
