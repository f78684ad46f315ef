"""Reading a tenant's answer defensively: bounded bodies, checked JSON, sane headers.

A tenant is trusted for nothing it sends: a body is read as a stream and
refused past ``max_bytes`` (a declared ``Content-Length`` over the cap is
refused before a byte is read); JSON that is cut short, HTML, ``NaN`` or nested
past Python's recursion limit becomes :class:`MalformedResponseError`; numeric
headers are parsed as plain decimal numbers in a sane range or ignored; text
shown to a person (Auth0's message, the request id) loses control characters
and bidi overrides, and is capped in length.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import httpx

from credtui.errors import CredtuiError, MalformedResponseError, ResponseTooLargeError
from credtui.text import safe_text

__all__ = [
    "MAX_RESPONSE_BYTES",
    "Answer",
    "build",
    "clean_text",
    "int_header",
    "read_answer",
    "retry_after",
    "safe_datetime",
    "taken_ahead",
    "timestamp_header",
]

_T = TypeVar("_T")

MAX_RESPONSE_BYTES = 10 * 1024 * 1024
"""10 MiB: a full page of 100 clients with every field is well under 1 MiB."""

_DECIMAL = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,9})?", re.ASCII)
"""A plain non-negative decimal: no sign, exponent, inf or nan; at most 15 integer digits."""
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}", re.ASCII)


def _number(value: str | None) -> float | None:
    if value is None or not _DECIMAL.fullmatch(value.strip()):
        return None
    return float(value)


def int_header(headers: httpx.Headers, name: str) -> int | None:
    """A non-negative integer header (``X-RateLimit-Limit``/``-Remaining``), else None."""
    number = _number(headers.get(name))
    return int(number) if number is not None else None


def timestamp_header(headers: httpx.Headers, name: str) -> float | None:
    """A UNIX-seconds header (``X-RateLimit-Reset``) that a datetime can hold, else None."""
    number = _number(headers.get(name))
    return number if number is not None and safe_datetime(number) is not None else None


def retry_after(headers: httpx.Headers, now: float) -> float | None:
    """``Retry-After`` in seconds from ``now``: delta-seconds or an HTTP-date (RFC 9110)."""
    value = headers.get("retry-after")
    if value is None:
        return None
    number = _number(value)
    if number is not None:
        return number
    try:
        when = parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - now)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def safe_datetime(timestamp: float) -> datetime | None:
    """``timestamp`` (UNIX seconds) as aware UTC, or None when no datetime can hold it."""
    try:
        return datetime.fromtimestamp(timestamp, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def clean_text(text: str, limit: int = 500) -> str:
    """Tenant text made safe to show (:func:`credtui.text.safe_text`), at most ``limit`` long."""
    return safe_text(text, limit=limit)


def clean_request_id(value: str | None) -> str | None:
    """A request id only if it looks like one (short, printable ASCII), else None."""
    return value if value is not None and _REQUEST_ID.fullmatch(value) else None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


@dataclass(frozen=True)
class Answer:
    """A tenant's answer, its body read in full (within the size cap)."""

    status: int
    headers: httpx.Headers
    body: bytes
    reason: str
    method: str
    path: str

    @classmethod
    def of(cls, resp: httpx.Response, method: str, path: str) -> Answer:
        """An Answer from a response whose body is already read (tests, error mapping)."""
        return cls(resp.status_code, resp.headers, resp.content, resp.reason_phrase, method, path)

    def _malformed(self, what: str) -> MalformedResponseError:
        return MalformedResponseError(
            f"The tenant's answer to {self.method} {self.path} was {what}",
            status=self.status,
            request_id=clean_request_id(self.headers.get("x-request-id")),
            method=self.method,
            path=self.path,
        )

    def json_or_none(self) -> Any:
        """The body as JSON, or None if it is not (for error bodies, which may be anything)."""
        try:
            return json.loads(self.body, parse_constant=_reject_constant)
        except (ValueError, RecursionError):
            return None

    def json(self, expect: type[Any] | tuple[type[Any], ...]) -> Any:
        """The body as JSON of type ``expect`` (``dict``, ``list`` or both); else an error."""
        try:
            data = json.loads(self.body, parse_constant=_reject_constant)
        except (ValueError, RecursionError):
            # Never quote the body: it could be a login page, or hold anything at all.
            ctype = clean_text(self.headers.get("content-type", "no content type"), 60)
            raise self._malformed(f"not valid JSON ({ctype}, {len(self.body):,} bytes)") from None
        if not isinstance(data, expect):
            got = (
                "a JSON object"
                if isinstance(data, dict)
                else "a JSON list"
                if isinstance(data, list)
                else "a JSON value"
            )
            kinds = expect if isinstance(expect, tuple) else (expect,)
            want = " or ".join("an object" if k is dict else "a list" for k in kinds)
            raise self._malformed(f"{got} where credtui expected {want}")
        return data

    def refuse(self, what: str) -> MalformedResponseError:
        """A :class:`MalformedResponseError` saying what was wrong with this answer."""
        return self._malformed(what)


async def read_answer(
    http: httpx.AsyncClient,
    request: httpx.Request,
    *,
    method: str,
    path: str,
    max_bytes: int = MAX_RESPONSE_BYTES,
) -> Answer:
    """Send ``request`` and read its answer, refusing a body over ``max_bytes``.

    The body is streamed and counted after decoding (so a compressed bomb stops
    too); reading stops as soon as the cap is passed. Transport errors are raised
    as httpx raises them; the caller bounds the total time.
    """
    resp = await http.send(request, stream=True)
    try:

        def too_large(read: int) -> ResponseTooLargeError:
            return ResponseTooLargeError(
                f"The tenant's answer to {method} {path} was larger than "
                f"{max_bytes:,} bytes (credtui stopped after reading {read:,})",
                limit=max_bytes,
                status=resp.status_code,
                method=method,
                path=path,
            )

        declared = _number(resp.headers.get("content-length"))
        if declared is not None and declared > max_bytes:
            raise too_large(0)
        chunks: list[bytes] = []
        size = 0
        async for chunk in resp.aiter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise too_large(size)
            chunks.append(chunk)
    finally:
        await resp.aclose()
    return Answer(
        resp.status_code, resp.headers, b"".join(chunks), resp.reason_phrase, method, path
    )


async def taken_ahead(answer: Awaitable[_T]) -> _T | None:
    """What was asked for ahead (a token, a first page, in another thread): its
    result, or its credtui error raised as the caller's own; None if it failed any
    other way (it was dropped, say), and the caller then asks again."""
    try:
        return await answer
    except CredtuiError:
        raise  # what the caller's own request would have raised: worded for a person
    except Exception:
        return None


def build(answer: Answer, make: Callable[[], _T]) -> _T:
    """A model from tenant JSON; anything the model cannot take is a typed error."""
    try:
        return make()
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        raise answer.refuse(f"not a shape credtui can read ({type(exc).__name__})") from None
