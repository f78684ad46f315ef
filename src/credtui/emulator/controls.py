"""Test controls: the request log and fault injection (served under ``/__emulator/``).

The log never holds a secret: :meth:`RequestLog.add` redacts headers, query and
body as it stores them (:mod:`.redact`).
"""

from __future__ import annotations

import fnmatch
import itertools
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from credtui.emulator.redact import redact_body, redact_headers, redact_query


@dataclass
class LoggedRequest:
    """One request the tenant received (controls excluded) and what it answered.

    ``headers``, ``query`` and ``body`` are as sent, with every secret replaced
    by ``[redacted]`` (an ``Authorization`` header keeps its scheme).
    """

    seq: int
    time: str
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: str
    status: int | None = None
    fault: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "time": self.time,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers,
            "body": self.body,
            "status": self.status,
            "fault": self.fault,
        }


class RequestLog:
    """The last ``maxlen`` requests, oldest first."""

    def __init__(self, maxlen: int = 10_000) -> None:
        self._entries: deque[LoggedRequest] = deque(maxlen=maxlen)
        self._seq = itertools.count(1)
        self._lock = threading.Lock()

    def add(
        self, *, time: str, method: str, path: str, query: str, headers: dict[str, str], body: str
    ) -> LoggedRequest:
        """Log a request, its secrets redacted; the entry's status is filled in later."""
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        redacted_body = redact_body(body, content_type)
        with self._lock:
            entry = LoggedRequest(
                seq=next(self._seq),
                time=time,
                method=method,
                path=path,
                query=redact_query(query),
                headers=redact_headers(headers),
                body=redacted_body,
            )
            self._entries.append(entry)
            return entry

    def entries(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


@dataclass
class Fault:
    """Misbehave on the next ``times`` requests matching ``method`` and ``path``.

    ``path`` is a shell-style pattern (``/api/v2/clients/*/credentials*``);
    ``method`` is an HTTP method or ``*``. The fault answers ``status`` (with an
    Auth0-shaped error body, or ``body`` if given), after ``delay_ms``; or, with
    ``drop``, closes the connection without a complete response: before doing
    anything, or with ``after_processing``, once the tenant has acted on the
    request (the answer is lost on the way back, as after a timeout). A fault
    with only ``delay_ms`` delays the request and then lets it through. With
    ``hold`` (in-process only: tests), a matching request waits until
    :meth:`release` is called instead of for a time, so a test sees "in flight"
    for as long as it looks, and no longer.
    """

    id: int
    method: str = "*"
    path: str = "*"
    status: int | None = None
    delay_ms: int = 0
    drop: bool = False
    times: int = 1
    body: Any = None
    after_processing: bool = False
    hold: bool = False
    hits: int = field(default=0)
    released: bool = field(default=False)

    def release(self) -> None:
        """Let every request this fault holds, and every later one it matches, go on."""
        self.released = True

    def matches(self, method: str, path: str) -> bool:
        return (
            self.method == "*" or self.method.upper() == method.upper()
        ) and fnmatch.fnmatchcase(path, self.path)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "delay_ms": self.delay_ms,
            "drop": self.drop,
            "after_processing": self.after_processing,
            "times": self.times,
            "hold": self.hold,
            "hits": self.hits,
        }


class FaultBook:
    """The armed faults; the first match fires and counts down."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(
        self,
        *,
        method: str = "*",
        path: str = "*",
        status: int | None = None,
        delay_ms: int = 0,
        drop: bool = False,
        times: int = 1,
        body: Any = None,
        after_processing: bool = False,
        hold: bool = False,
    ) -> Fault:
        if status is None and not drop and delay_ms <= 0 and not hold:
            raise ValueError("a fault needs a status, drop, delay_ms or hold")
        if times < 1:
            raise ValueError("times must be at least 1")
        if after_processing and not drop:
            raise ValueError("after_processing goes with drop")
        fault = Fault(
            next(self._ids),
            method,
            path,
            status,
            delay_ms,
            drop,
            times,
            body,
            after_processing,
            hold,
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.hits += 1
                    if fault.hits >= fault.times:
                        self._faults.remove(fault)
                    return fault
        return None

    def list(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()
