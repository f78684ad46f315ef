"""``credtui auth show|set|jar|binding``: how an application authenticates.

Every change is checked before it is sent (:func:`credtui.api.checks.check_auth_change`
inside the client, and the credentials named must be this application's and of
the type the method takes: :func:`credtui.ops.changes.check_slot_credentials`, as
in the TUI's method form); the warnings the TUI shows
(:func:`credtui.ops.changes.change_warnings`) are printed on stderr and included
in the JSON, but do not stop the change.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from credtui.headless.common import EXIT_OK, emit_json, message, now_utc, open_client
from credtui.headless.render import application_json, print_auth
from credtui.models import Application, AuthChange, AuthMethod, Credential, Slot
from credtui.ops.changes import change_warnings, check_slot_credentials


async def _apply(args: argparse.Namespace, plan: str) -> int:
    now = now_utc()
    async with open_client(args) as client:
        app = await client.get_application(args.client_id)
        creds = await client.list_credentials(args.client_id)
        change = _change(args, plan, app, creds)
        warnings = change_warnings(app, change, creds, now)
        updated = await client.update_authentication(args.client_id, change)
    for warning in warnings:
        message(f"warning: {warning}")
    if args.json:
        emit_json({**application_json(updated), "warnings": warnings})
    else:
        print_auth(updated)
    return EXIT_OK


def _change(
    args: argparse.Namespace, plan: str, app: Application, creds: Sequence[Credential]
) -> AuthChange:
    if plan == "binding":
        return AuthChange(token_binding=bool(args.binding))
    if plan == "jar":
        ids = None if args.credentials is None else tuple(args.credentials)
        if ids is not None:
            check_slot_credentials(app, Slot.SIGNED_REQUEST_OBJECT, ids, creds)
        return AuthChange(jar_required=bool(args.jar_required), jar_credential_ids=ids)
    method = AuthMethod(args.method)
    ids = tuple(args.credentials)
    if method.uses_credentials:
        if not ids and app.auth_method is method:
            ids = app.credential_ids_for(method)  # same method, no ids: keep what is attached
        check_slot_credentials(app, Slot(method.value), ids, creds)
    return AuthChange(method=method, credential_ids=ids)


async def cmd_show(args: argparse.Namespace) -> int:
    """The method, its credentials, JAR and token binding."""
    async with open_client(args) as client:
        app = await client.get_application(args.client_id)
    if args.json:
        emit_json(application_json(app))
    else:
        print_auth(app)
    return EXIT_OK


async def cmd_set(args: argparse.Namespace) -> int:
    """Switch the method (credential methods take the ``--credential`` ids)."""
    return await _apply(args, "set")


async def cmd_jar(args: argparse.Namespace) -> int:
    """Require signed authorization requests or not; ``--credential`` sets the JAR keys."""
    return await _apply(args, "jar")


async def cmd_binding(args: argparse.Namespace) -> int:
    """Certificate-bound access tokens on or off."""
    return await _apply(args, "binding")
