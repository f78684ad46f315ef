"""``credtui apps list`` and ``credtui apps show``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from credtui.exit_codes import EXIT_OK
from credtui.headless.common import now_utc, open_client
from credtui.headless.output import emit_json, progress
from credtui.headless.render import (
    application_json,
    credential_json,
    method_text,
    print_auth,
    print_credentials,
)
from credtui.headless.table import Column, TablePrinter
from credtui.models import Application


def _matches(app: Application, needle: str) -> bool:
    return needle in app.name.casefold() or needle in app.client_id.casefold()


APP_COLUMNS = (
    Column("client id", keep=True),
    Column("name", min_width=16, expect=40),
    Column("type", drop=3, min_width=15, expect=15),
    Column("method", min_width=19, expect=19),
    Column("jar", drop=4, min_width=3),
    Column("binding", drop=5, min_width=7),
)
"""``apps list``: on a narrow terminal binding, then jar, then type are left out."""


def _row(a: Application) -> tuple[str, ...]:
    return (
        a.client_id,
        a.name,
        a.app_type or "",
        method_text(a),
        "required" if a.jar_required else "",
        "on" if a.token_binding else "",
    )


class JsonArrayWriter:
    """A JSON array written item by item, the same text as ``emit_json`` of the whole list.

    Nothing is written before the first item, so an empty listing is ``[]``. A listing
    that fails part way is left without its closing ``]``: no JSON parser takes it for
    the whole list.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def add(self, items: list[dict[str, Any]]) -> None:
        if not items:
            return
        # The page as a list, less its brackets: its items as they stand in the whole list.
        text = json.dumps(items, indent=2, ensure_ascii=False)[2:-2]
        self.out.write(("[\n" if self.count == 0 else ",\n") + text)
        self.out.flush()
        self.count += len(items)

    def close(self) -> None:
        self.out.write("\n]\n" if self.count else "[]\n")
        self.out.flush()


async def cmd_list(args: argparse.Namespace) -> int:
    """Every application (all pages), optionally filtered by name or client ID.

    Rows are printed page by page as the tenant answers: the first line appears after
    the first page, and only one page (and the one asked for ahead) is ever held.
    """
    needle = (args.filter or "").casefold()
    seen = 0
    json_out = JsonArrayWriter(sys.stdout) if args.json else None
    table = None if args.json else TablePrinter(APP_COLUMNS, streamed=True)
    async with open_client(args) as client:
        with progress("reading applications") as bar:
            async for page in client.iter_application_pages():
                seen += len(page.applications)
                apps = [a for a in page.applications if _matches(a, needle)]
                bar.clear()  # the rows go above the counter, never through it
                if json_out is not None:
                    json_out.add([application_json(a) for a in apps])
                elif table is not None:
                    table.add([_row(a) for a in apps])
                bar.update(seen, page.total)
    if json_out is not None:
        json_out.close()
    elif table is not None:
        table.close()
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
