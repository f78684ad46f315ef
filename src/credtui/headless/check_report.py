"""What ``credtui check`` found, and its four outputs: text, JSON, GitHub annotations, JUnit XML.

One :class:`CheckReport` holds every profile checked (one, or each with
``--all-profiles``): its applications, the findings left after ``--ignore``, and
an ``errors`` entry for each client (or whole profile) that could not be read.
The renderers only format it; they decide nothing.

- **github**: one workflow command a line on stdout, ``::error`` for a finding
  of severity ``error`` and for a client that could not be read, ``::warning``
  for the rest. Data is escaped as GitHub's runner unescapes it (``%`` ``\\r``
  ``\\n``; in properties also ``:`` and ``,``), so tenant text can neither end
  the line nor start another command.
- **junit**: ``<testsuites>`` with one ``<testsuite>`` per profile and one
  ``<testcase>`` per application. An application with findings has exactly one
  ``<failure>`` (GitLab shows only the first one of a test case): its ``type`` is
  the most severe finding's kind, its ``message`` the findings in one line, its
  text one line per finding. A client that could not be read is a test case with
  one ``<error>``; so is a profile whose applications could not be listed.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from credtui.headless.output import clean, emit_json
from credtui.headless.render import stamp
from credtui.headless.table import Column, print_table
from credtui.models import Application
from credtui.ops.findings import Finding, FindingKind, Severity

__all__ = [
    "CheckError",
    "CheckReport",
    "ProfileReport",
    "escape_data",
    "escape_property",
    "expiry_bar",
    "github_lines",
    "junit_xml",
    "report_json",
]


@dataclass(frozen=True)
class CheckError:
    """A client (``client_id``), or a whole profile (``client_id`` None), not checked."""

    profile: str
    client_id: str | None
    message: str
    status: int
    """The exit status this failure alone would have: 2, 3 or 4."""


@dataclass
class ProfileReport:
    """One profile's part of the report."""

    profile: str
    domain: str
    applications: list[Application] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[CheckError] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class CheckReport:
    """Every profile checked, in the order of the config."""

    checked_at: datetime
    within: timedelta
    profiles: list[ProfileReport]
    ignored: tuple[FindingKind, ...] = ()
    expiring_by_month: list[tuple[date, int]] = field(default_factory=list)
    several: bool = False
    """Whether more than one profile was asked for (``--all-profiles``): profiles are named."""

    @property
    def findings(self) -> list[tuple[str, Finding]]:
        return [(p.profile, f) for p in self.profiles for f in p.findings]

    @property
    def errors(self) -> list[CheckError]:
        return [e for p in self.profiles for e in p.errors]

    @property
    def application_count(self) -> int:
        return sum(len(p.applications) for p in self.profiles)

    @property
    def seconds(self) -> float:
        return max((p.seconds for p in self.profiles), default=0.0)


def within_days(span: timedelta) -> float | int:
    """The window in days (a whole number when it is one)."""
    days = span.total_seconds() / 86400
    return int(days) if days.is_integer() else round(days, 3)


# --- json -------------------------------------------------------------------------------


def finding_json(f: Finding, profile: str) -> dict[str, Any]:
    """A finding: ``kind, client_id, application, credential_id, credential_name,
    expires_at, message, severity, profile``."""
    return {
        "kind": f.kind.value,
        "client_id": f.client_id,
        "application": f.application,
        "credential_id": f.credential_id,
        "credential_name": f.credential_name,
        "expires_at": stamp(f.expires_at),
        "message": f.message,
        "severity": f.severity.value,
        "profile": profile,
    }


def error_json(e: CheckError) -> dict[str, Any]:
    """An error: ``client_id`` (null: the profile's applications could not be listed),
    ``message, profile, status``."""
    return {
        "client_id": e.client_id,
        "message": e.message,
        "profile": e.profile,
        "status": e.status,
    }


def report_json(report: CheckReport) -> dict[str, Any]:
    """``check --json``: the fields of the README's JSON table, in that order."""
    return {
        "checked_at": stamp(report.checked_at),
        "within_days": within_days(report.within),
        "applications": report.application_count,
        "findings": [finding_json(f, p) for p, f in report.findings],
        "errors": [error_json(e) for e in report.errors],
        "profiles": [
            {
                "profile": p.profile,
                "domain": p.domain,
                "applications": len(p.applications),
                "findings": len(p.findings),
                "errors": len(p.errors),
            }
            for p in report.profiles
        ],
        "ignored": [k.value for k in report.ignored],
        "expiring_by_month": [
            {"month": f"{m:%Y-%m}", "count": n} for m, n in report.expiring_by_month
        ],
    }


def print_json(report: CheckReport) -> None:
    emit_json(report_json(report))


# --- text -------------------------------------------------------------------------------


def print_text(report: CheckReport) -> None:
    """The findings as a table (nothing when there are none)."""
    findings = report.findings
    if not findings:
        return
    # On a narrow terminal the credential id goes first (the problem names the
    # credential), then the severity (the kind implies it), then the client id.
    columns = [
        Column("severity", keep=True, drop=2),
        Column("kind", keep=True),
        Column("application", min_width=12),
        Column("client id", keep=True, drop=1),
        Column("credential", keep=True, drop=3),
        Column("problem", min_width=24),
    ]
    rows: list[tuple[str, ...]] = [
        (
            f.severity.value,
            f.kind.value,
            f.application,
            f.client_id,
            f.credential_id or "",
            f.message,
        )
        for _, f in findings
    ]
    if report.several:
        columns.insert(0, Column("profile", min_width=8))
        rows = [(p, *row) for (p, _), row in zip(findings, rows, strict=True)]
    print_table(columns, rows)


_BLOCKS = "▁▂▃▄▅▆▇█"


def expiry_bar(months: Sequence[tuple[date, int]]) -> str:
    """``expiring per month, Jul 2026 to Jun 2027: ▂▅·█▁·····▁· (3 5 0 8 1 0 0 0 0 0 1 0; 18)``:
    one block a month, its height the count against the busiest month, ``·`` for none."""
    if not months:
        return ""
    top = max(n for _, n in months)
    blocks = "".join(
        "·" if n == 0 else _BLOCKS[max(0, -(-n * len(_BLOCKS) // top) - 1)] for _, n in months
    )
    counts = " ".join(str(n) for _, n in months)
    total = sum(n for _, n in months)
    if total == 0:
        return f"no credential expires from {months[0][0]:%b %Y} to {months[-1][0]:%b %Y}"
    return (
        f"expiring per month, {months[0][0]:%b %Y} to {months[-1][0]:%b %Y}: "
        f"{blocks} ({counts}; {total} in all)"
    )


# --- github -----------------------------------------------------------------------------


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as the GitHub runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (``title=``): data escaping plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, title: str, text: str) -> str:
    # Escape first (it keeps newlines as %0A), then replace other control characters.
    return f"::{level} title={clean(escape_property(title))}::{clean(escape_data(text))}"


def github_lines(report: CheckReport) -> Iterator[str]:
    """One ``::error``/``::warning`` workflow command per finding and per unread client."""
    for profile, f in report.findings:
        level = "error" if f.severity is Severity.ERROR else "warning"
        where = f"{profile}: " if report.several else ""
        yield _command(
            level,
            f"credtui check: {f.kind.value}",
            f"{where}{f.application} ({f.client_id}): {f.message}",
        )
    for e in report.errors:
        where = f"{e.profile}: " if report.several else ""
        what = f"client {e.client_id}" if e.client_id else "the applications"
        yield _command(
            "error",
            "credtui check: not checked",
            f"{where}{what} could not be read: {e.message}",
        )


def print_github(report: CheckReport) -> None:
    sys.stdout.write("".join(line + "\n" for line in github_lines(report)))
    sys.stdout.flush()


# --- junit ------------------------------------------------------------------------------

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1}


def _seconds(s: float) -> str:
    return f"{s:.3f}"


def _suite(report: CheckReport, p: ProfileReport) -> ET.Element:
    suite = ET.Element("testsuite", name=clean(p.profile))
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("domain", p.domain),
        ("within_days", str(within_days(report.within))),
        ("ignored", ",".join(k.value for k in report.ignored)),
    ):
        ET.SubElement(props, "property", name=name, value=clean(value))
    classname = f"credtui.check.{clean(p.profile)}"
    by_client: dict[str, list[Finding]] = {}
    for f in p.findings:
        by_client.setdefault(f.client_id, []).append(f)
    failures = errors = 0
    for app in p.applications:
        case = ET.SubElement(
            suite,
            "testcase",
            name=clean(f"{app.name} ({app.client_id})"),
            classname=classname,
            time="0",
        )
        found = by_client.get(app.client_id)
        if found:
            failures += 1
            worst = min(found, key=lambda f: _ORDER[f.severity])
            failure = ET.SubElement(
                case,
                "failure",
                type=worst.kind.value,
                message=clean("; ".join(f"{f.kind.value}: {f.message}" for f in found)),
            )
            failure.text = "".join(
                f"[{f.severity.value}] {f.kind.value}: {clean(f.message)}\n" for f in found
            )
    for e in p.errors:
        errors += 1
        name = f"client {e.client_id}" if e.client_id else "applications listing"
        case = ET.SubElement(suite, "testcase", name=clean(name), classname=classname, time="0")
        error = ET.SubElement(case, "error", type="not_checked", message=clean(e.message))
        error.text = clean(e.message) + "\n"
    suite.set("tests", str(len(p.applications) + len(p.errors)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    suite.set("time", _seconds(p.seconds))
    suite.set("timestamp", report.checked_at.strftime("%Y-%m-%dT%H:%M:%S"))
    return suite


def junit_xml(report: CheckReport) -> str:
    """The report as JUnit XML (see the module docstring for its shape)."""
    root = ET.Element("testsuites", name="credtui check")
    suites = [_suite(report, p) for p in report.profiles]
    root.extend(suites)
    for attr in ("tests", "failures", "errors"):
        root.set(attr, str(sum(int(s.get(attr, "0")) for s in suites)))
    root.set("time", _seconds(report.seconds))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def print_junit(report: CheckReport) -> None:
    sys.stdout.write(junit_xml(report) + "\n")
    sys.stdout.flush()
