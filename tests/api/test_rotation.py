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
from credtui.api.checks import check_credential_draft
from credtui.errors import ApiError, LocalValidationError
from credtui.models import CredentialDraft, CredentialType, Slot
from credtui.ops.rotation import RotationStep, locate, run_step
from tests.api.harness import TENANT_NOW, Harness
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
            made = await run_step(client, app, state, now=TENANT_NOW, draft=draft, existing=creds)
            new_id = made.id if made is not None else new_id
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
    stored = h.emu.tenant.get_client(cid)
    assert stored is not None and stored.auth_methods is not None
    assert [stored.credentials[i].name for i in stored.auth_methods["private_key_jwt"]] == ["next"]
    assert sorted(c.name for c in stored.credentials.values()) == ["forgotten", "next"]
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
    await run_step(client, app, state, now=TENANT_NOW, draft=draft, existing=creds)
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
