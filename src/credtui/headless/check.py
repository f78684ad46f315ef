"""``credtui check``: the CI gate.

It reads every application (or each ``--client``) and its credentials, of the
command's profile or, with ``--all-profiles``, of every profile in the config at
once (one client each, so each goes at its own tenant's rate-limit pace), and
reports what :func:`~credtui.ops.findings.find_problems` finds, less the kinds
``--ignore`` names, as text, JSON, GitHub annotations or JUnit XML (see
:mod:`credtui.headless.check_report`).

A client that cannot be read (a ``--client`` that does not exist, credentials the
tenant refused) is an ``errors`` entry beside the other clients' findings; with
``--all-profiles``, so is a profile whose applications cannot be listed. Exit
status: 1 when anything was found; else, when something could not be checked, the
lowest status of those errors (2 a profile that could not be used, 3 the tenant
refused, 4 it could not be reached), so a partial read never passes as clean;
else 0. With one profile, failing to list its applications fails the whole
command (nothing was checked): exit 3 or 4 and nothing on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from credtui.config import ConfigError, Profile
from credtui.errors import CredtuiError
from credtui.exit_codes import EXIT_CHECK_FAILED, EXIT_OK
from credtui.headless.check_report import (
    CheckError,
    CheckReport,
    ProfileReport,
    expiry_bar,
    print_github,
    print_json,
    print_junit,
    print_text,
)
from credtui.headless.common import (
    CommandError,
    error_text,
    exit_status,
    fail,
    load,
    now_utc,
    profile_for,
)
from credtui.headless.output import Progress, message, progress
from credtui.models import Credential
from credtui.ops.expiry import parse_span
from credtui.ops.findings import FindingKind, SweepProgress, sweep_tenant
from credtui.ops.timeline import count_by_month
from credtui.text import quoted

FORMATS = ("text", "json", "github", "junit")
_PRINTERS = {"text": print_text, "json": print_json, "github": print_github, "junit": print_junit}


def parse_window(text: str) -> timedelta:
    """``--within``: a span as ``--expires`` takes one (``30d``, ``12w``, ``48h``, ``6m``,
    ``1y``, a leading ``+`` allowed), or a bare number of days (``30``)."""
    value = text.strip()
    now = now_utc()
    try:
        end = parse_span(value + "d" if value.isdigit() else value, now)
    except (OverflowError, ValueError):
        end = None
    if end is None or end <= now:
        fail(f"--within takes a span such as 30d, 12w, 6m or 48h, not {quoted(text)}")
    return end - now


def output_format(args: argparse.Namespace) -> str:
    """``--format``, with ``--json`` the same as ``--format json``."""
    chosen = getattr(args, "format", None)
    if args.json:
        if chosen not in (None, "json"):
            fail(f"--json is --format json; it cannot be given with --format {chosen}")
        return "json"
    return chosen or "text"


class _Progress:
    """One counter on stderr for every profile being read."""

    def __init__(self, bar: Progress) -> None:
        self.bar = bar
        self.seen: dict[str, SweepProgress] = {}

    def listener(self, name: str) -> Callable[[SweepProgress], None]:
        def heard(p: SweepProgress) -> None:
            self.seen[name] = p
            ps = self.seen.values()
            if all(q.listing_done for q in ps):
                self.bar.label = "reading credentials"
                self.bar.update(
                    sum(q.credentials_read for q in ps), sum(q.applications for q in ps)
                )
            else:
                self.bar.update(sum(q.applications for q in ps), None)

        return heard


async def _check_profile(
    args: argparse.Namespace,
    profile: Profile,
    config_path: Path,
    *,
    ignored: frozenset[FindingKind],
    within: timedelta,
    on_progress: Callable[[SweepProgress], None],
    report: ProfileReport,
    credentials_seen: list[Credential],
) -> None:
    from credtui.connect import connect

    started = time.perf_counter()
    client = connect(profile, config_path=config_path)
    async with client:
        sweep = await sweep_tenant(client, client_ids=args.clients or None, on_progress=on_progress)
    now = now_utc()
    report.applications = sweep.applications
    report.findings = [f for f in sweep.findings(now, within) if f.kind not in ignored]
    report.errors = [
        CheckError(profile.name, cid, error_text(err), exit_status(err))
        for cid, err in sweep.errors.items()
    ]
    credentials_seen.extend(c for creds in sweep.credentials.values() for c in creds)
    report.seconds = time.perf_counter() - started


async def cmd_check(args: argparse.Namespace) -> int:
    """Read the applications (all, or each ``--client``) and report what is wrong."""
    within = parse_window(args.within)
    fmt = output_format(args)
    ignored = frozenset(FindingKind(k) for k in args.ignore)
    if args.all_profiles:
        if args.clients:
            fail("--client names applications of one tenant; it cannot go with --all-profiles")
        if getattr(args, "profile", None):
            fail("--all-profiles checks every profile; it cannot go with --profile")
        loaded = load(args)
        profiles = list(loaded.config.profiles.values())
        if not profiles:
            fail(
                f"{loaded.path}: there are no tenant profiles yet; add one with "
                "`credtui profile add NAME --domain ...`"
            )
    else:
        loaded, profile = profile_for(args)
        profiles = [profile]
    now = now_utc()
    reports = [ProfileReport(p.name, p.domain) for p in profiles]
    credentials: list[Credential] = []
    with progress("checking") as bar:
        counter = _Progress(bar)

        async def one(profile: Profile, report: ProfileReport) -> None:
            try:
                await _check_profile(
                    args,
                    profile,
                    loaded.path,
                    ignored=ignored,
                    within=within,
                    on_progress=counter.listener(profile.name),
                    report=report,
                    credentials_seen=credentials,
                )
            except (CredtuiError, ConfigError, CommandError, OSError) as exc:
                if not args.all_profiles:
                    raise
                # This tenant could not be listed at all: said beside the others' reports.
                text = error_text(exc)
                report.errors = [CheckError(profile.name, None, text, exit_status(exc))]

        await asyncio.gather(*(one(p, r) for p, r in zip(profiles, reports, strict=True)))
    report = CheckReport(
        checked_at=now,
        within=within,
        profiles=reports,
        ignored=tuple(k for k in FindingKind if k in ignored),
        expiring_by_month=count_by_month(credentials, now),
        several=bool(args.all_profiles),
    )
    for e in report.errors:
        where = f"{e.profile}: " if report.several else ""
        if e.client_id is None:
            message(f"{where}applications not listed: {e.message}")
        else:
            message(f"{where}{e.client_id}: not checked: {e.message}")
    _PRINTERS[fmt](report)
    message(_summary(report, args.within))
    if fmt == "text" and (bar_text := expiry_bar(report.expiring_by_month)):
        message(bar_text)
    return status_of(report)


def status_of(report: CheckReport) -> int:
    """1 when anything was found; else the lowest status of the errors; else 0."""
    if report.findings:
        return EXIT_CHECK_FAILED
    if report.errors:
        return min(e.status for e in report.errors)
    return EXIT_OK


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(report: CheckReport, window: str) -> str:
    findings = [f for _, f in report.findings]
    apps = _plural(report.application_count, "application")
    if findings:
        errors = sum(1 for f in findings if f.severity.value == "error")
        text = (
            f"{_plural(len(findings), 'problem')} in {apps}: {_plural(errors, 'error')}, "
            f"{_plural(len(findings) - errors, 'warning')}"
        )
    else:
        text = f"no problems in {apps}"
    if report.several:
        text += f" of {_plural(len(report.profiles), 'profile')}"
    if report.errors:
        text += f"; {len(report.errors)} not checked"
    if report.ignored:
        text += f"; ignoring {', '.join(k.value for k in report.ignored)}"
    return text + f" (expiry window {window})"
