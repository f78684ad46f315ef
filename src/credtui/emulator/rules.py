"""Auth0's error bodies and its schema validation, as the emulator answers them.

The limits and texts themselves live in :mod:`credtui.rules` (shared with the
client). This module wraps them into Auth0's response shapes:

* Management API errors: ``{"statusCode","error","message"[,"errorCode"][,"attributes"]}``;
* schema failures: ``Payload validation error: '<text>' on property <path> (<description>).``
  with ``errorCode`` ``invalid_body`` (z-schema's texts, which Auth0 uses);
* query-string failures: ``Query validation error: …`` with ``invalid_query_string``;
* token-endpoint errors: OAuth's ``{"error","error_description"}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

from credtui import rules

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


class ApiError(Exception):
    """A Management API error response."""

    def __init__(
        self,
        status: int,
        message: str,
        error_code: str | None = None,
        *,
        attributes: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_code = error_code
        self.attributes = dict(attributes) if attributes is not None else None
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        """The JSON body, keys in Auth0's order."""
        out: dict[str, Any] = {
            "statusCode": self.status,
            "error": reason(self.status),
            "message": self.message,
        }
        if self.error_code is not None:
            out["errorCode"] = self.error_code
        if self.attributes is not None:
            out["attributes"] = self.attributes
        return out


class OAuthError(Exception):
    """An Authentication API (``/oauth/token``) error response."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.status = status
        self.error = error
        self.description = description

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


def reason(status: int) -> str:
    """The HTTP reason phrase Auth0 puts in ``error``."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


# --- Ready-made errors ------------------------------------------------------


def missing_authentication() -> ApiError:
    return ApiError(401, "Missing authentication", headers={"WWW-Authenticate": "Bearer"})


def bad_auth_header() -> ApiError:
    return ApiError(400, "Bad HTTP authentication header format", "Bearer")


def invalid_token(message: str = "Invalid token") -> ApiError:
    return ApiError(401, message, attributes={"error": message})


EXPIRED_TOKEN = "Expired token received for JSON Web Token validation"
INVALID_SIGNATURE = "Invalid signature received for JSON Web Token validation"


def insufficient_scope(expected: Sequence[str]) -> ApiError:
    return ApiError(
        403,
        "Insufficient scope, expected any of: " + ", ".join(expected),
        "insufficient_scope",
    )


def client_not_found() -> ApiError:
    return ApiError(404, rules.MSG_CLIENT_NOT_FOUND, rules.ERROR_CODE_INEXISTENT_CLIENT)


def credential_not_found() -> ApiError:
    return ApiError(404, rules.MSG_CREDENTIAL_NOT_FOUND)


def not_found() -> ApiError:
    return ApiError(404, "Not Found")


def rate_limited(headers: Mapping[str, str]) -> ApiError:
    return ApiError(429, "Global limit has been reached", "too_many_requests", headers=headers)


def bad_request(message: str, error_code: str | None = None) -> ApiError:
    return ApiError(400, message, error_code)


def payload_error(text: str, path: str | None = None, description: str | None = None) -> ApiError:
    """``Payload validation error: '<text>' on property <path> (<description>).``"""
    message = f"Payload validation error: '{text}'"
    if path:
        message += f" on property {path}"
        if description:
            message += f" ({description})"
    return ApiError(400, message + ".", "invalid_body")


def query_error(text: str, path: str | None = None, description: str | None = None) -> ApiError:
    """``Query validation error: '<text>' on property <path> (<description>).``"""
    message = f"Query validation error: '{text}'"
    if path:
        message += f" on property {path}"
        if description:
            message += f" ({description})"
    return ApiError(400, message + ".", "invalid_query_string")


# --- Timestamps -------------------------------------------------------------

_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def parse_date_time(text: str) -> datetime | None:
    """An RFC 3339 date-time (with offset) as aware UTC, or ``None`` if malformed."""
    if not _DATE_TIME.match(text):
        return None
    value = text.replace("z", "Z").replace("t", "T")
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    head, _, rest = value.partition(".")
    if rest:
        digits = re.match(r"\d+", rest)
        assert digits is not None
        frac = digits.group(0)[:6].ljust(6, "0")
        value = f"{head}.{frac}{rest[len(digits.group(0)) :]}"
    try:
        return datetime.fromisoformat(value).astimezone(UTC)
    except ValueError:
        return None


def format_timestamp(when: datetime) -> str:
    """Auth0's ``2023-05-16T09:07:30.535Z`` form (shared with the client)."""
    return rules.format_timestamp(when)


# --- A small JSON-schema checker with z-schema's messages --------------------

_CREDENTIAL_ID = re.compile(rules.CREDENTIAL_ID_PATTERN)

_ANY_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_URL = re.compile(r"^https?://[^\s/?#]+\S*$")
_HTTPS = re.compile(r"^https://[^\s/?#]+\S*$")
_WEB = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#]+\S*$")


def _matches(pattern: re.Pattern[str], *, empty: bool = False) -> Callable[[str], bool]:
    return lambda v: (empty and v == "") or pattern.match(v) is not None


FORMATS: dict[str, Callable[[str], bool]] = {
    "date-time": lambda v: parse_date_time(v) is not None,
    "credential-id": lambda v: _CREDENTIAL_ID.match(v) is not None,
    rules.IP_OR_CIDR_FORMAT: rules.is_ip_or_cidr,
    # The spec names these URL formats without rules; decision 34 says what each takes.
    "url": _matches(_URL),
    "url-or-null": _matches(_URL),
    "absolute-uri-or-empty": _matches(_ANY_URI, empty=True),
    "callback-url": _matches(_ANY_URI),
    "url-with-placeholders": _matches(_WEB),
    "absolute-https-uri-with-placeholders-or-empty": _matches(_HTTPS, empty=True),
    "ec-initiate-login-uri-template-url": _matches(_HTTPS),
    "organization-id": lambda v: re.match(r"^org_[A-Za-z0-9]+$", v) is not None,
}
"""The string formats checked (any other format name passes: the spec does not define it)."""


def format_ok(name: str, value: str) -> bool:
    """Whether ``value`` passes the named format (unknown formats pass)."""
    check = FORMATS.get(name)
    return check is None or check(value)


Schema = Mapping[str, Any]


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _type_ok(value: Any, expected: str | Sequence[str]) -> bool:
    names = [expected] if isinstance(expected, str) else list(expected)
    actual = _type_name(value)
    return actual in names or (actual == "integer" and "number" in names)


def validate(value: Any, schema: Schema, path: str = "", *, query: bool = False) -> None:
    """Raise Auth0's 400 for the first way ``value`` breaks ``schema``.

    Supports the keywords Auth0's client and credential schemas use: ``type``,
    ``enum``, ``minLength``/``maxLength``, ``pattern``, ``format`` (:data:`FORMATS`),
    ``minimum``/``maximum``, ``properties``, ``required``, ``additionalProperties``
    (``false`` or a schema), ``minProperties``/``maxProperties``, ``items``,
    ``minItems``/``maxItems``, ``oneOf``.
    """
    make = query_error if query else payload_error
    desc = schema.get("description")
    expected = schema.get("type")
    if expected is not None and not _type_ok(value, expected):
        shown = expected if isinstance(expected, str) else ",".join(expected)
        raise make(f"Expected type {shown} but found type {_type_name(value)}", path, desc)
    if value is None:
        return
    if "enum" in schema and value not in schema["enum"]:
        import json

        raise make(f"No enum match for: {json.dumps(value)}", path, desc)
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            raise make(
                f"String is too short ({len(value)} chars), minimum {schema['minLength']}",
                path,
                desc,
            )
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            raise make(
                f"String is too long ({len(value)} chars), maximum {schema['maxLength']}",
                path,
                desc,
            )
        if "pattern" in schema and not re.search(schema["pattern"], value):
            raise make(f"String does not match pattern {schema['pattern']}: {value}", path, desc)
        fmt = schema.get("format")
        if fmt is not None and not format_ok(fmt, value):
            raise make(f"Object didn't pass validation for format {fmt}: {value}", path, desc)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            raise make(f"Value {value} is less than minimum {schema['minimum']}", path, desc)
        if "maximum" in schema and value > schema["maximum"]:
            raise make(f"Value {value} is greater than maximum {schema['maximum']}", path, desc)
    if "oneOf" in schema:
        matched = sum(1 for option in schema["oneOf"] if _valid(value, option))
        if matched != 1:
            raise make("Data does not match any schemas from 'oneOf'", path, desc)
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            raise make(
                f"Array is too short ({len(value)}), minimum {schema['minItems']}", path, desc
            )
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            raise make(rules.array_too_long_message(len(value), schema["maxItems"]), path, desc)
        items = schema.get("items")
        if items is not None:
            for i, item in enumerate(value):
                validate(item, items, f"{path}[{i}]", query=query)
    if isinstance(value, dict):
        _validate_object(value, schema, path, query=query)


def _valid(value: Any, schema: Schema) -> bool:
    try:
        validate(value, schema)
    except ApiError:
        return False
    return True


def _validate_object(value: dict[str, Any], schema: Schema, path: str, *, query: bool) -> None:
    make = query_error if query else payload_error
    desc = schema.get("description")
    props: Mapping[str, Schema] = schema.get("properties", {})
    if "minProperties" in schema and len(value) < schema["minProperties"]:
        raise make(
            f"Too few properties defined ({len(value)}), minimum {schema['minProperties']}",
            path,
            desc,
        )
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        raise make(
            f"Too many properties defined ({len(value)}), maximum {schema['maxProperties']}",
            path,
            desc,
        )
    if schema.get("additionalProperties") is False:
        extra = [k for k in value if k not in props]
        if extra:
            raise make("Additional properties not allowed: " + ",".join(extra), path, desc)
    for name in schema.get("required", ()):
        if name not in value:
            # Auth0 (z-schema) names no property for a missing one at the top level.
            raise make(f"Missing required property: {name}", path or None, desc if path else None)
    for name, sub in props.items():
        if name in value:
            validate(value[name], sub, f"{path}.{name}" if path else name, query=query)
    extra_schema = schema.get("additionalProperties")
    if isinstance(extra_schema, Mapping):
        for name, item in value.items():
            if name not in props:
                validate(item, extra_schema, f"{path}.{name}" if path else name, query=query)
