"""Every headless change goes through here: plan, refuse or show, send, report what the tenant holds.

The rules of ``../shared/product.md`` ("Changes are planned"): the plan is made
first (:func:`credtui.ops.plan.make_plan`); ``--dry-run`` prints it and sends
nothing (exit 0); a breaking plan is refused with exit 2, naming every effect,
unless ``--allow-breaking``; with ``--json`` the output carries ``plan``,
``effects`` and ``sent``. What is reported afterwards is what the tenant was
read to hold, and a failure after part of the plan was sent is exit 3 (4 when
the tenant stopped answering), never 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from credtui.exit_codes import EXIT_OK, EXIT_USAGE
from credtui.headless.common import CommandError, now_utc, open_client
from credtui.headless.output import emit_json, message
from credtui.models import Application, Credential
from credtui.ops.plan import Intent, Outcome, Plan, execute, make_plan

__all__ = ["ChangeRun", "finish", "plan_json", "run_change"]


@dataclass(frozen=True)
class ChangeRun:
    """What a change command decided, for its own result printing."""

    plan: Plan
    outcome: Outcome | None
    """None for ``--dry-run``."""


def plan_json(plan: Plan, *, sent: bool) -> dict[str, Any]:
    """``plan``, ``effects`` and ``sent``: the keys every change's JSON has."""
    return {
        "plan": plan.to_json(),
        "effects": [e.value for e in plan.effect_names],
        "sent": sent,
    }


def _print_plan(plan: Plan, *, to_stdout: bool) -> None:
    out = sys.stdout if to_stdout else sys.stderr
    prefix = "" if to_stdout else "credtui: "
    for line in plan.lines():
        out.write(f"{prefix}{_clean(line)}\n")
    out.flush()


def _clean(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)


async def run_change(
    args: argparse.Namespace,
    client_id: str,
    build: Callable[[Application, list[Credential]], Intent],
    *,
    confirm: Callable[[Plan], bool] | None = None,
    now: datetime | None = None,
) -> ChangeRun:
    """Read the application, plan ``build``'s intent, then refuse, show or apply it.

    ``confirm`` is asked (after the breaking check) before sending, for commands
    that ask on a terminal. Raises what the change raises; a refusal sends nothing.
    """
    now = now or now_utc()
    async with open_client(args) as client:
        app = await client.get_application(client_id)
        creds = await client.list_credentials(client_id)
        intent = build(app, creds)
        plan = make_plan(intent, app, creds, now=now, own_client_id=client.tokens.client_id)
        if args.dry_run:
            if args.json:
                emit_json(plan_json(plan, sent=False))
            else:
                _print_plan(plan, to_stdout=True)
            return ChangeRun(plan, None)
        if plan.breaking and not args.allow_breaking:
            if args.json:
                emit_json(plan_json(plan, sent=False))
            _print_plan(plan, to_stdout=False)
            names = ", ".join(e.value for e in plan.effect_names)
            raise CommandError(
                f"refused: this change is breaking ({names}; see the plan above). Nothing was "
                "sent; add --allow-breaking to apply it anyway.",
                EXIT_USAGE,
            )
        for effect, why in plan.effects:  # accepted with --allow-breaking: still said
            message(f"warning: {effect.value}: {why}")
        for note in plan.notes:
            message(f"note: {note}")
        if confirm is not None and not confirm(plan):
            raise CommandError("nothing changed", EXIT_USAGE)
        accept = plan.effect_names if args.allow_breaking else ()
        outcome = await execute(
            client, client_id, intent, accept=accept, now=now, seen=plan, state=(app, creds)
        )
    return ChangeRun(plan, outcome)


def finish(run: ChangeRun, result: dict[str, Any] | None = None) -> int:
    """Print ``result`` with ``plan``/``effects``/``sent`` as JSON (when given), then raise
    the failure that stopped a change part-way, if any; else exit 0."""
    outcome = run.outcome
    if outcome is None:
        return EXIT_OK
    if result is not None:
        emit_json({**result, **plan_json(outcome.plan, sent=outcome.sent)})
    if outcome.error is not None:
        raise outcome.error
    return EXIT_OK
