"""What ``creds rotate`` says: each step done, the summary, and ``--json``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from credtui.exit_codes import EXIT_OK
from credtui.headless.output import emit_json, message, print_fields
from credtui.models import Credential, Slot
from credtui.ops.changes import slot_label
from credtui.ops.rotation import (
    RotationState,
    RotationStep,
)


@dataclass
class Report:
    """What this run did, for the summary and ``--json``."""

    done: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    test: dict[str, Any] | None = None
    generated: str | None = None


def say(report: Report, text: str) -> None:
    report.lines.append(text)
    message(text)


class Names:
    """Every credential's name seen in this run, by id: the old one is named even once deleted."""

    def __init__(self, creds: Sequence[Credential]) -> None:
        self.by_id: dict[str, str] = {}
        self.add(creds)

    def add(self, creds: Sequence[Credential]) -> None:
        self.by_id.update((c.id, c.display_name) for c in creds)

    def of(self, cred_id: str | None, fallback: str = "the new credential") -> str:
        return self.by_id.get(cred_id, cred_id) if cred_id else fallback


def done_words(state: RotationState, created: Credential | None, names: Names) -> str:
    new = created or state.new
    new_name = new.display_name if new else "the new credential"
    old = names.of(state.old_id)
    where = slot_label(state.slot)
    return {
        RotationStep.MAKE_ROOM: f"detached {state.other.display_name if state.other else ''} "
        f"from {where} to make room",
        RotationStep.ADD: f"added {new_name} ({new.id if new else ''})",
        RotationStep.ATTACH: f"attached {new_name} to {where} beside {old}",
        RotationStep.DEPLOY: "deployed",
        RotationStep.DETACH_OLD: f"detached {old} from {where}",
        RotationStep.DELETE_OLD: f"deleted {old}",
    }.get(state.step, state.step.value)


def summary_of(state: RotationState, slot: Slot, names: Names) -> str:
    old = names.of(state.old_id)
    new = names.of(state.new.id if state.new else None)
    if state.step is RotationStep.DONE:
        return f"rotated {old} to {new} on {slot_label(slot)}: complete"
    return (
        f"paused with {old} and {new} both attached to {slot_label(slot)}: deploy {new} where "
        "the application runs, then run the same command again (without --until attached) "
        "to detach and delete the old one"
    )


def state_json(state: RotationState, slot: Slot, names: Names) -> dict[str, Any]:
    new_id = state.new.id if state.new else None
    return {
        "slot": slot.value,
        "old": {"id": state.old_id, "name": names.of(state.old_id), "exists": bool(state.old)},
        "new": {"id": new_id, "name": names.of(new_id)} if new_id else None,
        "step": state.step.value,
        "steps": [{"step": s.value, "done": d, "words": w} for s, w, d in state.plan()],
    }


def finish(
    args: argparse.Namespace, state: RotationState, report: Report, slot: Slot, names: Names
) -> int:
    summary = summary_of(state, slot, names)
    if args.json:
        emit_json(
            {
                "client_id": args.client_id,
                **state_json(state, slot, names),
                "done": report.done,
                "sent": bool(report.done),
                "generated": report.generated,
                "test": report.test,
                "complete": state.step is RotationStep.DONE,
            }
        )
    else:
        print_fields(
            [
                ("client", args.client_id),
                ("slot", slot.value),
                ("old", state.old.id if state.old else state.old_id),
                ("new", state.new.id if state.new else ""),
                ("step", state.step.value),
                ("done now", ", ".join(report.done) or "nothing (the tenant was already there)"),
            ]
        )
    message(summary)
    return EXIT_OK
