"""Secrets out of the request log: headers, query strings and bodies, redacted as logged.

The log is served to whoever holds the control token and read by tests; neither
needs a secret to see what a client sent. A redacted value keeps its key (and
an ``Authorization`` header its scheme), so "a client secret was sent" stays
visible while the secret itself is never stored. Tests that must inspect the
exact bytes a client sent look at their own side of the wire instead.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, urlencode

REDACTED = "[redacted]"

SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "cname-api-key", "x-emulator-token"}
)
"""Headers whose value is a credential (lower case)."""

SECRET_FIELDS = frozenset(
    {
        "client_secret",
        "client_assertion",
        "assertion",
        "subject_token",
        "actor_token",
        "access_token",
        "refresh_token",
        "id_token",
        "token",
        "password",
        "code",
        "code_verifier",
        "private_key",
        "control_token",
    }
)
"""Body and query keys whose value is a secret, at any depth of a JSON body."""

# Loose on purpose (any armour around BEGIN ... PRIVATE KEY, up to its END or the
# end of the text): a key with odd dashes or spaces is still a key.
_PRIVATE_PEM = re.compile(
    r"-*BEGIN[^\n\\]{0,40}?PRIVATE\s?KEY.*?(?:END[^\n\\]{0,40}?PRIVATE\s?KEY-*|\Z)", re.S | re.I
)
_NAMES = re.compile("|".join(sorted(SECRET_FIELDS, key=len, reverse=True)), re.I)


def redact_headers(headers: dict[str, str]) -> dict[str, str]:
    """``headers`` with credential values replaced (``Bearer [redacted]``)."""
    out: dict[str, str] = {}
    for name, value in headers.items():
        if name.lower() in SECRET_HEADERS:
            scheme, sep, _ = value.strip().partition(" ")
            keep_scheme = name.lower().endswith("authorization") and sep
            out[name] = f"{scheme} {REDACTED}" if keep_scheme else REDACTED
        else:
            out[name] = value
    return out


def redact_query(query: str) -> str:
    """A query string (or form body) with secret parameters' values replaced."""
    if not query or not _NAMES.search(query):
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    if not any(k.lower() in SECRET_FIELDS for k, _ in pairs):
        return query  # untouched bytes when nothing is secret
    return urlencode([(k, REDACTED if k.lower() in SECRET_FIELDS else v) for k, v in pairs])


def redact_body(body: str, content_type: str) -> str:
    """A request body with secrets replaced: JSON and form bodies field by field.

    A private key PEM block is replaced wherever it appears. A body that does not
    parse and names a secret field is replaced whole: its secret cannot be found
    reliably, and a malformed body's exact bytes are not worth a leak.
    """
    if not body:
        return body
    text = _PRIVATE_PEM.sub("[redacted private key]", body)
    if not _NAMES.search(text):
        return text
    if content_type.split(";", 1)[0].strip().lower() == "application/x-www-form-urlencoded":
        return redact_query(text)
    try:
        data = json.loads(text)
    except ValueError:
        return f"{REDACTED} (a body that is not valid JSON, naming a secret field)"
    redacted = _redact_json(data)
    # Re-serialise only when something was hidden: otherwise the bytes stay as sent.
    return text if redacted == data else json.dumps(redacted, ensure_ascii=False)


def _redact_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: (REDACTED if k.lower() in SECRET_FIELDS and v is not None else _redact_json(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_redact_json(v) for v in value]
    return value
