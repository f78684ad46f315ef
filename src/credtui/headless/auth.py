"""``credtui auth show|set|jar|binding|vault|alg``: how an application authenticates.

Every change is checked before it is sent (:func:`credtui.checks.check_auth_change`
inside the client, and the credentials named must be this application's and of
the type the method takes: :func:`credtui.ops.changes.check_slot_credentials`, as
in the TUI's method form), then planned (:mod:`credtui.headless.planned`): a
breaking plan is refused without ``--allow-breaking``; its notes are printed on
stderr and included in the JSON as ``warnings``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from credtui import rules
from credtui.checks import check_auth_change
from credtui.exit_codes import EXIT_OK
from credtui.headless.common import open_client
from credtui.headless.output import emit_json
from credtui.headless.planned import finish, run_change
from credtui.headless.render import application_json, print_auth
from credtui.models import Application, AuthChange, AuthMethod, Credential, Slot
from credtui.ops.changes import check_slot_credentials
from credtui.ops.plan import SetAuth


async def _apply(args: argparse.Namespace, kind: str) -> int:
    run = await run_change(
        args, args.client_id, lambda app, creds: SetAuth(_change(args, kind, app, creds))
    )
    outcome = run.outcome
    if outcome is None:
        return EXIT_OK
    notes = [why for _, why in outcome.plan.effects] + list(outcome.plan.notes)
    if not args.json:
        print_auth(outcome.application)
    result = {**application_json(outcome.application), "warnings": notes}
    return finish(run, result if args.json else None)


def _change(
    args: argparse.Namespace, kind: str, app: Application, creds: Sequence[Credential]
) -> AuthChange:
    if kind == "binding":
        return AuthChange(token_binding=bool(args.binding))
    if kind == "alg":
        # What the tenant holds already is no change (HS256 when it holds none).
        current = app.jwt_alg or rules.JWT_DEFAULT_ALG
        return AuthChange() if args.jwt_alg == current else AuthChange(jwt_alg=args.jwt_alg)
    if kind == "vault":
        keys: tuple[str, ...] = () if args.vault_none else tuple(args.credentials)
        change = AuthChange(token_vault_credential_ids=keys)
        check_auth_change(change)  # at most two, none twice: refused before any plan is shown
        check_slot_credentials(app, Slot.TOKEN_VAULT_PRIVILEGED_ACCESS, keys, creds)
        # What the tenant holds already is no change (and no request a tenant without
        # Token Vault would refuse).
        return AuthChange() if keys == app.token_vault_credential_ids else change
    if kind == "jar":
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
    """The method, its credentials, JAR, token binding and Token Vault."""
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


async def cmd_vault(args: argparse.Namespace) -> int:
    """Set the Token Vault keys (``public_key`` credentials, at most two); ``--none`` detaches all.

    Only the credentials change: ``ip_allowlist`` and ``grants`` are kept as the
    tenant holds them (and shown with the result).
    """
    return await _apply(args, "vault")


async def cmd_alg(args: argparse.Namespace) -> int:
    """Set the algorithm of the application's ID tokens (``jwt_configuration.alg``).

    HS256 beside a credential method is refused before anything is sent
    (:func:`credtui.rules.check_jwt_alg`, through the plan); any change is breaking
    (``changes-id-token-signing``): whatever verifies the ID tokens must follow.
    """
    return await _apply(args, "alg")
