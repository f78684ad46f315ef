"""``credtui apps list`` and ``credtui apps show``."""

from __future__ import annotations

import argparse

from credtui.headless.common import (
    EXIT_OK,
    emit_json,
    now_utc,
    open_client,
    print_table,
    progress,
)
from credtui.headless.render import (
    application_json,
    credential_json,
    method_text,
    print_auth,
    print_credentials,
)
from credtui.models import Application


def _matches(app: Application, needle: str) -> bool:
    return needle in app.name.casefold() or needle in app.client_id.casefold()


async def cmd_list(args: argparse.Namespace) -> int:
    """Every application (all pages), optionally filtered by name or client ID."""
    needle = (args.filter or "").casefold()
    apps: list[Application] = []
    seen = 0
    async with open_client(args) as client:
        with progress("reading applications") as bar:
            async for page in client.iter_application_pages():
                seen += len(page.applications)
                apps.extend(a for a in page.applications if _matches(a, needle))
                bar.update(seen, page.total)
    if args.json:
        emit_json([application_json(a) for a in apps])
        return EXIT_OK
    print_table(
        ("client id", "name", "type", "method", "jar", "binding"),
        [
            (
                a.client_id,
                a.name,
                a.app_type or "",
                method_text(a),
                "required" if a.jar_required else "",
                "on" if a.token_binding else "",
            )
            for a in apps
        ],
    )
    return EXIT_OK


async def cmd_show(args: argparse.Namespace) -> int:
    """One application: its authentication settings and its credentials."""
    async with open_client(args) as client:
        app = await client.get_application(args.client_id)
        creds = await client.list_credentials(args.client_id)
    if args.json:
        data = application_json(app)
        data["credentials"] = [credential_json(c, app) for c in creds]
        emit_json(data)
        return EXIT_OK
    print_auth(app)
    print()
    print_credentials(app, creds, now_utc())
    return EXIT_OK
