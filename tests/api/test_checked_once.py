"""A credential added through the add dialog's path has its PEM parsed once per check.

The dialog checks the form on every keystroke and once more on send
(:func:`credtui.ui.widgets.credential_form.check_form`); the plan shown and the
plan sent (:func:`credtui.ops.plan.make_plan`, :func:`credtui.ops.plan.execute`)
and the client's create take the :class:`~credtui.checks.CheckedCredential` the
form made and parse nothing again. The tenant (the emulator) parses what it
receives, once. Before, one add parsed the PEM 7 times on credtui's side
(2 per form check, then the plan, the plan again on send, and the create).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from credtui import keys
from credtui.checks import CheckedCredential, LocalIdentity, check_credential_draft
from credtui.models import CredentialDraft, CredentialType, Slot
from credtui.ops.plan import AddCredential, Effect, execute, make_plan
from credtui.ui.widgets.credential_form import FormValues, check_form
from tests.api.harness import TENANT_NOW, Harness
from tests.keyfactory import rsa_key, spki_pem


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every PEM parse, by the top-level package that asked: ``credtui`` or the emulator."""
    seen: Counter[str] = Counter()
    real = keys.inspect_pem

    def counting(*args: Any, **kwargs: Any) -> keys.PemInfo:
        import sys

        caller = sys._getframe(1).f_globals.get("__name__", "")
        seen["emulator" if caller.startswith("credtui.emulator") else "credtui"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(keys, "inspect_pem", counting)
    return seen


async def test_an_add_through_the_dialog_parses_the_pem_once_per_check(
    h: Harness, parses: Counter[str]
) -> None:
    app = h.emu.create_application("Orders", method="private_key_jwt")
    client = h.client()
    application = await client.get_application(app.client_id)
    values = FormValues(
        kind="public_key", name="orders-1", pem=spki_pem(rsa_key(2048, 31)), attach=None
    )

    check = check_form(values, application, [], TENANT_NOW)  # a keystroke
    assert parses == {"credtui": 1}
    check = check_form(values, application, [], TENANT_NOW)  # send: the form checked again
    assert check.checked is not None and not check.errors
    intent = AddCredential(check.checked, Slot.PRIVATE_KEY_JWT)
    plan = make_plan(intent, application, [], now=TENANT_NOW)  # the plan a person sees
    outcome = await execute(
        client, app.client_id, intent, accept=tuple(Effect), now=TENANT_NOW, seen=plan
    )

    assert outcome.created is not None and outcome.created.name == "orders-1"
    assert parses == {"credtui": 2, "emulator": 1}


async def test_a_bare_draft_is_checked_once_when_planned(h: Harness, parses: Counter[str]) -> None:
    """The command line and tests hand a bare draft over: make_plan checks it, the
    create sends the plan's checked credential."""
    app = h.emu.create_application("Orders")
    client = h.client()
    draft = CredentialDraft(CredentialType.PUBLIC_KEY, pem=spki_pem(rsa_key(2048, 32)))

    outcome = await execute(client, app.client_id, AddCredential(draft), now=TENANT_NOW)

    assert outcome.created is not None
    assert parses == {"credtui": 1, "emulator": 1}


def test_only_the_check_makes_a_checked_credential() -> None:
    ctype = CredentialType.PUBLIC_KEY
    with pytest.raises(TypeError, match="check_credential_draft"):
        CheckedCredential(CredentialDraft(ctype, pem="not checked"), LocalIdentity(ctype))


def test_a_checked_credential_whose_expiry_passed_is_refused_when_planned(h: Harness) -> None:
    """Checked as typed, sent later: an expiry time has caught up with is refused, unsent."""
    from datetime import timedelta

    from credtui.errors import LocalValidationError
    from credtui.models import Application

    draft = CredentialDraft(
        CredentialType.PUBLIC_KEY,
        pem=spki_pem(rsa_key(2048, 33)),
        expires_at=TENANT_NOW + timedelta(hours=1),
    )
    checked = check_credential_draft(draft, TENANT_NOW)
    later = TENANT_NOW + timedelta(hours=2)
    with pytest.raises(LocalValidationError) as refused:
        make_plan(AddCredential(checked), Application("c1", "Orders"), [], now=later)
    assert refused.value.field == "expires_at"
