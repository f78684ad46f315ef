"""Token Vault privileged access: Auth0's limits and its Early Access entitlement
(issue 20, finding 3).

Sources: facts 3.1 ("Limits" [DOC privileged-worker-token-exchange-with-token-vault;
ENG terraform schema; deploy-cli "enforced server-side"]): ``ip_allowlist`` at most 10
entries, each an IPv4/IPv6 address or CIDR range; ``grants`` at most 5 connections and
20 scopes in all; exact texts unknown, so Auth0's payload-validation form. "Early
Access: a tenant without the entitlement answers 403 to writing it" [ENG terraform].
The partial-PATCH choice is decision 27 in :mod:`credtui.emulator`.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from credtui.emulator.plans import Plan
from tests.conftest import EmulatorHarness

VAULT = "token_vault_privileged_access"


def grants(connections: int, scopes_each: int) -> list[dict[str, Any]]:
    return [
        {"connection": f"conn-{c}", "scopes": [f"scope:{c}:{s}" for s in range(scopes_each)]}
        for c in range(connections)
    ]


@pytest.fixture
def app_and_key(emulator: EmulatorHarness) -> tuple[str, str]:
    app = emulator.create_app("Vault worker", unattached=[emulator.public_key_body(0)])
    (key,) = app.credentials
    return app.client_id, key


TOO_MUCH: dict[str, tuple[dict[str, Any], str, str]] = {
    "eleven addresses": (
        {"ip_allowlist": [f"10.0.0.{i}" for i in range(11)]},
        "Array is too long (11), maximum 10",
        f"{VAULT}.ip_allowlist",
    ),
    "not an address": (
        {"ip_allowlist": ["10.0.0.1", "not-an-ip"]},
        "Object didn't pass validation for format ip-or-cidr: not-an-ip",
        f"{VAULT}.ip_allowlist[1]",
    ),
    "a bad prefix": (
        {"ip_allowlist": ["10.0.0.0/33"]},
        "Object didn't pass validation for format ip-or-cidr: 10.0.0.0/33",
        f"{VAULT}.ip_allowlist[0]",
    ),
    "six connections": (
        {"grants": grants(6, 1)},
        "Array is too long (6), maximum 5",
        f"{VAULT}.grants",
    ),
    "twenty-one scopes": (
        {"grants": grants(3, 7)},
        "Too many scopes in all grants (21), maximum 20",
        f"{VAULT}.grants",
    ),
}


@pytest.mark.parametrize("case", list(TOO_MUCH))
async def test_over_the_limits_is_refused_on_patch_and_post(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, app_and_key: tuple[str, str], case: str
) -> None:
    extra, text, where = TOO_MUCH[case]
    client_id, key = app_and_key
    r = await mgmt.patch(
        f"/api/v2/clients/{client_id}", json={VAULT: {"credentials": [{"id": key}], **extra}}
    )
    assert r.status_code == 400, r.text
    assert r.json()["errorCode"] == "invalid_body"
    assert r.json()["message"].startswith(f"Payload validation error: '{text}' on property {where}")
    stored = emulator.tenant.get_client(client_id)
    assert stored is not None and stored.token_vault is None
    inline = {"credentials": [emulator.public_key_body(1)], **extra}
    created = await mgmt.post("/api/v2/clients", json={"name": "Inline", VAULT: inline})
    assert created.status_code == 400 and text in created.json()["message"]


async def test_at_the_limits_is_accepted(
    mgmt: httpx.AsyncClient, app_and_key: tuple[str, str]
) -> None:
    client_id, key = app_and_key
    addresses = [
        *(f"10.0.0.{i}" for i in range(7)),
        "192.168.1.0/24",
        "2001:db8::1",
        "2001:db8::/32",
    ]
    at_cap = {"credentials": [{"id": key}], "ip_allowlist": addresses, "grants": grants(5, 4)}
    r = await mgmt.patch(f"/api/v2/clients/{client_id}", json={VAULT: at_cap})
    assert r.status_code == 200, r.text
    assert r.json()[VAULT]["ip_allowlist"] == addresses
    assert len(r.json()[VAULT]["grants"]) == 5


async def test_without_the_entitlement_writing_it_is_forbidden(
    emulator: EmulatorHarness,
    mgmt: httpx.AsyncClient,
    ctl: httpx.AsyncClient,
    app_and_key: tuple[str, str],
) -> None:
    """Facts 3.1 [ENG]: 403 without the Early Access entitlement; the emulator runs either
    way (``--no-token-vault``, ``PUT /__emulator/plan {"token_vault": false}``)."""
    client_id, key = app_and_key
    url = f"/api/v2/clients/{client_id}"
    attached = await mgmt.patch(url, json={VAULT: {"credentials": [{"id": key}]}})
    assert attached.status_code == 200  # entitled by default
    off = await ctl.put("/__emulator/plan", json={"plan": "enterprise", "token_vault": False})
    assert off.json() == {"plan": "enterprise", "hri": True, "token_vault": False}
    assert emulator.app.plan == Plan("enterprise", hri=True, token_vault=False)
    refused = await mgmt.patch(url, json={VAULT: {"credentials": []}})
    assert refused.status_code == 403
    assert refused.json() == {
        "statusCode": 403,
        "error": "Forbidden",
        "message": "Token Vault privileged access is not enabled for this tenant",
    }
    inline = {"credentials": [emulator.public_key_body(1)]}
    assert (
        await mgmt.post("/api/v2/clients", json={"name": "x", VAULT: inline})
    ).status_code == 403
    # Reading it and detaching it (null) are never refused, as for a downgraded plan.
    assert (await mgmt.get(url)).json()[VAULT] == {"credentials": [{"id": key}]}
    detached = await mgmt.patch(url, json={VAULT: None})
    assert detached.status_code == 200 and VAULT not in detached.json()
    assert (await mgmt.patch(url, json={"description": "still fine"})).status_code == 200


async def test_a_partial_patch_merges_the_settings(
    mgmt: httpx.AsyncClient, app_and_key: tuple[str, str]
) -> None:
    """Decision 27's choice: ``credentials`` is required and replaced; ``ip_allowlist`` and
    ``grants`` absent from a PATCH keep their values; ``[]`` clears (TokenVault #44)."""
    client_id, key = app_and_key
    url = f"/api/v2/clients/{client_id}"
    full = {"credentials": [{"id": key}], "ip_allowlist": ["10.0.0.1"], "grants": grants(1, 1)}
    await mgmt.patch(url, json={VAULT: full})
    partial = await mgmt.patch(
        url, json={VAULT: {"credentials": [{"id": key}], "ip_allowlist": []}}
    )
    assert partial.json()[VAULT] == {
        "credentials": [{"id": key}],
        "ip_allowlist": [],
        "grants": grants(1, 1),
    }


async def test_credtui_explains_the_missing_entitlement(
    emulator: EmulatorHarness, app_and_key: tuple[str, str]
) -> None:
    """What credtui makes of that 403: the feature and what it needs, nothing sent twice."""
    from credtui.api import ClientSecretSource, ManagementClient
    from credtui.errors import PlanRequiredError, describe_error
    from credtui.models import AuthChange

    client_id, key = app_and_key
    emulator.app.plan = Plan("enterprise", hri=True, token_vault=False)
    source = ClientSecretSource(emulator.client_id, emulator.client_secret)
    async with ManagementClient(emulator.base_url, source, transport=emulator.transport) as client:
        with pytest.raises(PlanRequiredError) as info:
            await client.update_authentication(
                client_id, AuthChange(token_vault_credential_ids=(key,))
            )
    assert describe_error(info.value).startswith(
        "Token Vault privileged access needs the Token Vault Early Access entitlement, "
        "which this tenant does not have"
    )
    assert len(emulator.requests(method="PATCH")) == 1
