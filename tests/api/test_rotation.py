"""Zero-downtime rotation (``credtui.ops.rotation``) against the in-process emulator.

Between every two steps the application gets a token with the key it has
deployed at that moment; an interrupted rotation resumes from the tenant's state.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from credtui import keys
from credtui.checks import check_credential_draft
from credtui.errors import ApiError, LocalValidationError
from credtui.models import CredentialDraft, CredentialType, Slot
from credtui.ops.plan import Effect
from credtui.ops.rotation import RotationState, RotationStep, locate, plan_step, run_step
from tests.api.harness import TENANT_NOW, Harness, body_of
from tests.keyfactory import rsa_key, spki_pem

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def _pk(index: int, name: str) -> dict[str, str]:
    return {"credential_type": "public_key", "pem": spki_pem(rsa_key(2048, index)), "name": name}


async def _token_with(h: Harness, client_id: str, key: rsa.RSAPrivateKey) -> int:
    assertion = keys.sign_client_assertion(
        key, client_id=client_id, audience=f"{h.base_url}/", now=TENANT_NOW
    )
    async with httpx.AsyncClient(transport=h.wire, base_url=h.base_url) as http:
        resp = await http.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_assertion_type": ASSERTION_TYPE,
                "client_assertion": assertion,
                "audience": f"{h.base_url}/api/v2/",
            },
        )
    return resp.status_code


async def _read(h: Harness, client: Any, client_id: str) -> tuple[Any, list[Any]]:
    return await client.get_application(client_id), await client.list_credentials(client_id)


async def _confirmed_step(
    client: Any,
    app: Any,
    creds: list[Any],
    state: RotationState,
    draft: CredentialDraft | None = None,
) -> Any:
    """Plan the step, accept exactly its effects (as a person confirming it does), send it."""
    plan = plan_step(app, creds, state, now=TENANT_NOW, draft=draft)
    accept = plan.effect_names if plan is not None else ()
    return await run_step(client, app, state, now=TENANT_NOW, draft=draft, accept=accept, seen=plan)


async def test_full_rotation_on_a_full_method_never_stops_the_application(h: Harness) -> None:
    emu_app = h.emu.create_application(
        "Orders worker",
        method="private_key_jwt",
        credentials=[_pk(50, "current"), _pk(51, "forgotten")],
        grant_scopes=["read:clients"],
    )
    cid = emu_app.client_id
    client = h.client()
    app, creds = await _read(h, client, cid)
    old_id = next(c.id for c in creds if c.name == "current")
    new_key = rsa_key(2048, 52)
    draft = CredentialDraft(CredentialType.PUBLIC_KEY, pem=spki_pem(new_key), name="next")
    identity = check_credential_draft(draft, TENANT_NOW).identity
    deployed = rsa_key(2048, 50)
    assert await _token_with(h, cid, deployed) == 200
    steps: list[RotationStep] = []
    breaking: dict[RotationStep, tuple[Effect, ...]] = {}
    new_id: str | None = None
    for _ in range(10):
        state = locate(
            app,
            creds,
            slot=Slot.PRIVATE_KEY_JWT,
            old_id=old_id,
            new_id=new_id,
            new_identity=identity,
            deployed=deployed is new_key,
        )
        steps.append(state.step)
        if state.step is RotationStep.DONE:
            break
        if state.step is RotationStep.DEPLOY:
            # The person deploys the new key and tests it; both work meanwhile.
            assert await _token_with(h, cid, new_key) == 200
            deployed = new_key
        else:
            plan = plan_step(app, creds, state, now=TENANT_NOW, draft=draft)
            assert plan is not None
            breaking[state.step] = plan.effect_names
            outcome = await _confirmed_step(client, app, creds, state, draft)
            assert outcome is not None and outcome.sent
            new_id = outcome.created.id if outcome.created is not None else new_id
        app, creds = await _read(h, client, cid)
        assert await _token_with(h, cid, deployed) == 200, f"after {state.step}"
    assert steps == [
        RotationStep.MAKE_ROOM,
        RotationStep.ADD,
        RotationStep.ATTACH,
        RotationStep.DEPLOY,
        RotationStep.DETACH_OLD,
        RotationStep.DELETE_OLD,
        RotationStep.DONE,
    ]
    # Only the two detaches of a working key are breaking (each planned, then accepted).
    detaches = (Effect.DETACHES_WORKING_CREDENTIAL,)
    assert breaking == {
        RotationStep.MAKE_ROOM: detaches,
        RotationStep.ADD: (),
        RotationStep.ATTACH: (),
        RotationStep.DETACH_OLD: detaches,
        RotationStep.DELETE_OLD: (),
    }
    stored = h.emu.tenant.get_client(cid)
    assert stored is not None and stored.auth_methods is not None
    assert [stored.credentials[i].name for i in stored.auth_methods["private_key_jwt"]] == ["next"]
    assert sorted(str(c.name) for c in stored.credentials.values()) == ["forgotten", "next"]
    assert await _token_with(h, cid, rsa_key(2048, 50)) == 401  # the old key is gone


async def test_an_interrupted_rotation_reports_its_state_and_resumes(h: Harness) -> None:
    emu_app = h.emu.create_application(
        "Billing", method="private_key_jwt", credentials=[_pk(53, "current")]
    )
    cid = emu_app.client_id
    client = h.client()
    app, creds = await _read(h, client, cid)
    old_id = creds[0].id
    draft = CredentialDraft(CredentialType.PUBLIC_KEY, pem=spki_pem(rsa_key(2048, 54)), name="next")
    identity = check_credential_draft(draft, TENANT_NOW).identity
    state = locate(app, creds, slot=Slot.PRIVATE_KEY_JWT, old_id=old_id, new_identity=identity)
    assert state.step is RotationStep.ADD
    await run_step(client, app, state, now=TENANT_NOW, draft=draft)
    app, creds = await _read(h, client, cid)
    state = locate(app, creds, slot=Slot.PRIVATE_KEY_JWT, old_id=old_id, new_identity=identity)
    assert state.step is RotationStep.ATTACH
    # The attach fails: the tenant is down for a while.
    h.emu.faults.add(method="PATCH", path=f"/api/v2/clients/{cid}", status=503, times=20)
    with pytest.raises(ApiError):
        await run_step(client, app, state, now=TENANT_NOW)
    h.emu.faults.clear()
    # Reopened later (knowing only the old credential and the draft), it resumes at attach.
    app, creds = await _read(h, client, cid)
    state = locate(app, creds, slot=Slot.PRIVATE_KEY_JWT, old_id=old_id, new_identity=identity)
    assert state.step is RotationStep.ATTACH and state.new is not None
    done = [(step, done) for step, _, done in state.plan()]
    assert done[:3] == [
        (RotationStep.MAKE_ROOM, True),
        (RotationStep.ADD, True),
        (RotationStep.ATTACH, False),
    ]
    await run_step(client, app, state, now=TENANT_NOW)
    app, creds = await _read(h, client, cid)
    state = locate(app, creds, slot=Slot.PRIVATE_KEY_JWT, old_id=old_id, new_identity=identity)
    assert state.step is RotationStep.DEPLOY
    assert "Deploy next where the application runs" in state.plan()[3][1]


def test_a_credential_not_attached_cannot_be_rotated() -> None:
    from credtui.models import Application, Credential

    app = Application("c1", "App", token_endpoint_auth_method="client_secret_post")
    with pytest.raises(LocalValidationError, match="nothing to rotate"):
        locate(
            app,
            [Credential("cred_1", CredentialType.PUBLIC_KEY, name="k")],
            slot=Slot.PRIVATE_KEY_JWT,
            old_id="cred_1",
        )


# --- which rotation: old stays old (issue 18, finding 2) -------------------------------------


async def _demo_app(h: Harness, name: str) -> tuple[Any, Any, list[Any]]:
    """The demo tenant (``credtui demo``) on the harness; one application read back."""
    from credtui.emulator.seed import DEMO_KEY_COUNT, seed_demo

    seed_demo(h.emu, [rsa_key(2048, 200 + i) for i in range(DEMO_KEY_COUNT)], now=TENANT_NOW)
    cid = next(c.client_id for c in h.emu.tenant.iter_clients() if c.name == name)
    client = h.client()
    app, creds = await _read(h, client, cid)
    return client, app, creds


def _named(creds: list[Any], name: str) -> Any:
    return next(c for c in creds if c.name == name)


async def test_payments_a_key_added_before_the_old_one_is_never_its_new_one(h: Harness) -> None:
    from credtui.ops.rotation import find_rotation, resume_candidate

    client, app, creds = await _demo_app(h, "Payments API")
    q4, q1 = _named(creds, "payments-2025-q4"), _named(creds, "payments-2026-q1")
    assert q4.created_at < q1.created_at  # q1 (365 days left) replaces q4 (12 days left)
    slot = Slot.PRIVATE_KEY_JWT

    # Rotating q1: q4, attached beside it but added before it, is not taken as its new key.
    found, why = resume_candidate(app, creds, slot=slot, old_id=q1.id, now=TENANT_NOW)
    assert found is None
    assert "payments-2025-q4 was added before payments-2026-q1" in why
    assert "nothing is chosen" in why
    # Rotating q4: q1 was added after it, so it is the new key of a rotation in progress.
    found, why = resume_candidate(app, creds, slot=slot, old_id=q4.id, now=TENANT_NOW)
    assert found is not None and found.id == q1.id
    assert why.startswith("payments-2026-q1 was added after payments-2025-q4")

    # o on q1 resumes the tenant's own rotation, q4 -> q1: q4 stays the old key.
    resumed = find_rotation(app, creds, slot=slot, credential_id=q1.id, now=TENANT_NOW)
    assert (resumed.old.id, resumed.new and resumed.new.id) == (q4.id, q1.id)
    assert not resumed.ambiguous
    assert "resumes the rotation of payments-2025-q4 to payments-2026-q1" in resumed.note

    # Carried to the end, the 12-day key is what goes; the 365-day key carries on.
    state = locate(app, creds, slot=slot, old_id=q4.id, new_id=q1.id, deployed=True)
    assert state.step is RotationStep.DETACH_OLD
    for _ in range(3):
        if state.step is RotationStep.DONE:  # type: ignore[comparison-overlap]  # changed below
            break
        await _confirmed_step(client, app, creds, state)
        app, creds = await _read(h, client, app.client_id)
        state = locate(app, creds, slot=slot, old_id=q4.id, new_id=q1.id, deployed=True)
    assert state.step is RotationStep.DONE
    assert [c.name for c in creds] == ["payments-2026-q1"]
    assert app.credential_ids_for(slot) == (q1.id,)
    assert not h.log("DELETE", f"/api/v2/clients/{app.client_id}/credentials/{q1.id}")


async def test_inventory_o_on_the_new_key_resumes_the_rotation_of_the_old_one(
    h: Harness,
) -> None:
    from credtui.ops.rotation import find_rotation

    client, app, creds = await _demo_app(h, "Inventory Sync")
    old = _named(creds, "inventory-2026")
    slot = Slot.PRIVATE_KEY_JWT
    draft = CredentialDraft(
        CredentialType.PUBLIC_KEY, pem=spki_pem(rsa_key(2048, 60)), name="inventory-next"
    )
    # Add, then attach (as ctrl+s, ctrl+s in the dialog): both keys attached.
    state = locate(app, creds, slot=slot, old_id=old.id)
    assert state.step is RotationStep.ADD
    outcome = await _confirmed_step(client, app, creds, state, draft)
    assert outcome is not None and outcome.created is not None
    new = outcome.created
    app, creds = await _read(h, client, app.client_id)
    state = locate(app, creds, slot=slot, old_id=old.id, new_id=new.id)
    assert state.step is RotationStep.ATTACH
    await _confirmed_step(client, app, creds, state)
    app, creds = await _read(h, client, app.client_id)

    # o on either key means the same rotation: inventory-2026 -> inventory-next.
    for pressed in (new.id, old.id):
        resumed = find_rotation(app, creds, slot=slot, credential_id=pressed, now=TENANT_NOW)
        assert resumed.old.id == old.id and resumed.new is not None
        assert resumed.new.id == new.id and not resumed.ambiguous
    assert resumed.new is not None  # as the last turn of the loop found
    state = locate(app, creds, slot=slot, old_id=resumed.old.id, new_id=resumed.new.id)
    assert state.step is RotationStep.DEPLOY

    h.clear()
    state = locate(app, creds, slot=slot, old_id=old.id, new_id=new.id, deployed=True)
    while state.step is not RotationStep.DONE:
        await _confirmed_step(client, app, creds, state)
        app, creds = await _read(h, client, app.client_id)
        state = locate(app, creds, slot=slot, old_id=old.id, new_id=new.id, deployed=True)
    assert [c.id for c in creds] == [new.id]
    assert app.credential_ids_for(slot) == (new.id,)
    # The new key was never detached nor deleted: only the old one was.
    (patch,) = h.log("PATCH", f"/api/v2/clients/{app.client_id}")
    kept = body_of(patch)["client_authentication_methods"]["private_key_jwt"]["credentials"]
    assert kept == [{"id": new.id}]
    assert [e.path for e in h.log("DELETE")] == [
        f"/api/v2/clients/{app.client_id}/credentials/{old.id}"
    ]


def _two_keys(same_time: bool = True) -> tuple[Any, Any, Any]:
    from datetime import timedelta

    from credtui.models import Application, Credential

    made = TENANT_NOW - timedelta(days=100)
    app = Application.from_api(
        {
            "client_id": "c1",
            "name": "Orders",
            "client_authentication_methods": {
                "private_key_jwt": {"credentials": [{"id": "cred_a"}, {"id": "cred_b"}]}
            },
        }
    )
    a = Credential(
        "cred_a",
        CredentialType.PUBLIC_KEY,
        name="key-a",
        created_at=made,
        expires_at=TENANT_NOW + timedelta(days=12),
    )
    b = Credential(
        "cred_b",
        CredentialType.PUBLIC_KEY,
        name="key-b",
        created_at=made if same_time else made + timedelta(days=1),
        expires_at=TENANT_NOW + timedelta(days=365),
    )
    return app, a, b


def test_when_the_tenant_shows_no_one_rotation_nothing_is_chosen_and_it_says_what_it_sees() -> None:
    from credtui.ops.rotation import find_rotation

    app, a, b = _two_keys(same_time=True)
    assert app.credential_ids_for(Slot.PRIVATE_KEY_JWT) == ("cred_a", "cred_b")
    for pressed, other in ((b, a), (a, b)):
        found = find_rotation(
            app, [a, b], slot=Slot.PRIVATE_KEY_JWT, credential_id=pressed.id, now=TENANT_NOW
        )
        assert found.ambiguous and found.new is None and found.old.id == pressed.id
        assert "both were added at the same time" in found.note
        for cred, expiry in ((a, "expires in 12 days"), (b, "expires in 12 months")):
            assert f"{cred.name} (created 2026-02-21 12:00 UTC, {expiry})" in found.note
        assert f"{other.name} to finish replacing {pressed.name}" in found.note


def test_the_session_record_keeps_old_old_when_the_tenant_cannot_tell() -> None:
    from credtui.ops.rotation import find_rotation, rotation_slots

    app, a, b = _two_keys(same_time=True)
    for pressed in ("cred_a", "cred_b"):
        found = find_rotation(
            app,
            [a, b],
            slot=Slot.PRIVATE_KEY_JWT,
            credential_id=pressed,
            now=TENANT_NOW,
            recorded=("cred_b", "cred_a"),
        )
        assert (found.old.id, found.new and found.new.id) == ("cred_b", "cred_a")
        assert not found.ambiguous and "key-b stays the old credential" in found.note
    # Paused after add (the new key attached nowhere yet): o on the new key resumes too.
    from credtui.models import Application

    single = Application.from_api(
        {
            "client_id": "c1",
            "client_authentication_methods": {
                "private_key_jwt": {"credentials": [{"id": "cred_a"}]}
            },
        }
    )
    recorded = {Slot.PRIVATE_KEY_JWT: ("cred_a", "cred_b")}
    assert rotation_slots(single, b, recorded) == (Slot.PRIVATE_KEY_JWT,)
    assert rotation_slots(single, b) == ()
    found = find_rotation(
        single,
        [a, b],
        slot=Slot.PRIVATE_KEY_JWT,
        credential_id="cred_b",
        now=TENANT_NOW,
        recorded=recorded[Slot.PRIVATE_KEY_JWT],
    )
    assert (found.old.id, found.new and found.new.id) == ("cred_a", "cred_b")
    state = locate(single, [a, b], slot=Slot.PRIVATE_KEY_JWT, old_id="cred_a", new_id="cred_b")
    assert state.step is RotationStep.ATTACH


async def test_a_breaking_step_is_refused_unless_accepted_and_the_slot_is_never_emptied(
    h: Harness,
) -> None:
    from credtui.ops.plan import BreakingChangeError

    emu_app = h.emu.create_application(
        "Orders", method="private_key_jwt", credentials=[_pk(55, "old"), _pk(56, "new")]
    )
    cid = emu_app.client_id
    client = h.client()
    app, creds = await _read(h, client, cid)
    old, new = _named(creds, "old"), _named(creds, "new")
    state = locate(
        app, creds, slot=Slot.PRIVATE_KEY_JWT, old_id=old.id, new_id=new.id, deployed=True
    )
    assert state.step is RotationStep.DETACH_OLD
    h.clear()
    with pytest.raises(BreakingChangeError) as refused:
        await run_step(client, app, state, now=TENANT_NOW)
    assert refused.value.effects == (Effect.DETACHES_WORKING_CREDENTIAL,)
    assert not h.log("PATCH") and not h.log("DELETE")
    # Someone detached the new key meanwhile: detaching the old one now is refused, even
    # with the effect accepted (the slot would be left empty).
    stored = h.emu.tenant.get_client(cid)
    assert stored is not None and stored.auth_methods is not None
    stored.auth_methods["private_key_jwt"] = [old.id]
    with pytest.raises(LocalValidationError, match="could leave it with no credential"):
        await run_step(
            client, app, state, now=TENANT_NOW, accept=(Effect.DETACHES_WORKING_CREDENTIAL,)
        )
    assert not h.log("PATCH") and not h.log("DELETE")
