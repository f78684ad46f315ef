"""``credtui check``: the CI gate. Exit 1 when anything is found, 0 when nothing is.

If some applications' credentials could not be read, the check is incomplete
and exits as that failure does (3 the tenant refused, 4 unreachable), so a
pipeline never mistakes a partial read for a clean tenant.
"""

from __future__ import annotations

import argparse
import re
from datetime import timedelta
from typing import Any

from credtui.headless.common import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    emit_json,
    error_text,
    exit_status,
    fail,
    message,
    now_utc,
    open_client,
    print_table,
    progress,
)
from credtui.headless.render import stamp
from credtui.ops.findings import Finding, SweepProgress, sweep_tenant
from credtui.ops.timeline import compact_bar, count_expiries
from credtui.text import quoted

_WINDOW = re.compile(r"(\d{1,5})\s*([hdw]?)", re.ASCII)


def parse_window(text: str) -> timedelta:
    """``--within``: ``30d`` (or ``30``), ``12w``, ``48h``."""
    m = _WINDOW.fullmatch(text.strip().lower())
    if not m:
        fail(f"--within takes a span such as 30d, 12w or 48h, not {quoted(text)}")
    count, unit = int(m.group(1)), m.group(2) or "d"
    return {"h": timedelta(hours=count), "d": timedelta(days=count), "w": timedelta(weeks=count)}[
        unit
    ]


def _days(span: timedelta) -> float | int:
    days = span.total_seconds() / 86400
    return int(days) if days.is_integer() else round(days, 3)


def finding_json(f: Finding) -> dict[str, Any]:
    """A finding: ``kind, client_id, application, credential_id, credential_name,
    expires_at, message``."""
    return {
        "kind": f.kind.value,
        "client_id": f.client_id,
        "application": f.application,
        "credential_id": f.credential_id,
        "credential_name": f.credential_name,
        "expires_at": stamp(f.expires_at),
        "message": f.message,
    }


async def cmd_check(args: argparse.Namespace) -> int:
    """Read the applications (all, or each ``--client``) and report what is wrong."""
    within = parse_window(args.within)
    now = now_utc()
    async with open_client(args) as client:
        with progress("checking") as bar:

            def on_progress(p: SweepProgress) -> None:
                if p.listing_done:
                    bar.label = "reading credentials"
                    bar.update(p.credentials_read, p.applications)
                else:
                    bar.update(p.applications, None)

            sweep = await sweep_tenant(
                client, client_ids=args.clients or None, on_progress=on_progress
            )
    findings = sweep.findings(now, within)
    for cid, err in sweep.errors.items():
        message(f"{cid}: credentials not read: {error_text(err)}")
    if args.json:
        emit_json(
            {
                "checked_at": stamp(now),
                "within_days": _days(within),
                "applications": len(sweep.applications),
                "findings": [finding_json(f) for f in findings],
                "errors": [
                    {"client_id": cid, "message": error_text(err)}
                    for cid, err in sweep.errors.items()
                ],
            }
        )
    elif findings:
        print_table(
            ("kind", "application", "client id", "credential", "problem"),
            [
                (f.kind.value, f.application, f.client_id, f.credential_id or "", f.message)
                for f in findings
            ],
        )
    apps = len(sweep.applications)
    summary = (
        f"{len(findings)} problem{'s' if len(findings) != 1 else ''} in {apps} "
        f"application{'s' if apps != 1 else ''}"
        if findings
        else f"no problems in {apps} application{'s' if apps != 1 else ''}"
    )
    if not args.json:  # the TUI overview's timeline, on one line
        read = (c for creds in sweep.credentials.values() for c in creds)
        message(compact_bar(count_expiries(read, now)))
    message(summary + f" (expiry window {args.within})")
    if sweep.errors:
        return exit_status(next(iter(sweep.errors.values())))
    return EXIT_CHECK_FAILED if findings else EXIT_OK
