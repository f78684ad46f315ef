"""Every tenant has one ``global`` client (issue 20, finding 2).

Source: facts 3.1 [REC terraform ``TestAccGlobalClient.yaml`` #0-#11 and
``TestAccDataClients.yaml`` #10/#24]: "All Applications", no ``app_type``, in
unfiltered lists (last), the only answer to ``is_global=true`` (``total`` 1), read and
PATCHed by id, holding no credentials. Decision 31 in :mod:`credtui.emulator` for what
no recording shows (delete, credentials).
"""

from __future__ import annotations

import httpx
import pytest

from credtui.emulator import Emulator
from credtui.emulator.seed import apply_seed
from tests import keyfactory
from tests.conftest import EmulatorHarness

GLOBAL_QUERY = {
    "fields": "client_id",
    "include_fields": "true",
    "include_totals": "true",
    "is_global": "true",
    "per_page": "50",
}


@pytest.mark.parametrize("seed", ["empty", "demo", 5])
def test_every_seed_has_exactly_one_global_client(seed: str | int) -> None:
    """Facts 3.1 [REC]: every tenant has one; seeding adds none."""
    emu = Emulator(signing_key=keyfactory.rsa_key(2048, 90))
    if seed == "demo":
        from credtui.emulator.seed import seed_demo

        seed_demo(emu, [keyfactory.rsa_key(2048, 200 + i) for i in range(7)])
    else:
        apply_seed(emu, seed)
    found = [c for c in emu.tenant.iter_clients(with_global=True) if c.is_global]
    assert [c.name for c in found] == ["All Applications"]


async def test_is_global_true_answers_only_it_and_the_unfiltered_list_ends_with_it(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    """TestAccGlobalClient #0/#5: ``{"total":1,"start":0,"limit":50,"clients":[{tenant,
    client_id}]}``; TestAccDataClients #10: the unfiltered list ends with it and #24
    (``is_first_party=true``) keeps it."""
    emulator.create_app("Worker")
    only = await mgmt.get("/api/v2/clients", params=GLOBAL_QUERY)
    assert only.status_code == 200
    body = only.json()
    assert list(body) == ["total", "start", "limit", "clients"]
    assert (body["total"], body["start"], body["limit"]) == (1, 0, 50)
    (row,) = body["clients"]
    assert row == {"tenant": emulator.tenant.name, "client_id": row["client_id"]}
    everyone = (await mgmt.get("/api/v2/clients", params={"include_totals": "true"})).json()
    assert everyone["total"] == 3
    last = everyone["clients"][-1]
    assert last["client_id"] == row["client_id"] and last["global"] is True
    assert "app_type" not in last
    first_party = (await mgmt.get("/api/v2/clients", params={"is_first_party": "true"})).json()
    assert first_party[-1]["client_id"] == row["client_id"]
    by_type = (await mgmt.get("/api/v2/clients", params={"app_type": "non_interactive"})).json()
    assert row["client_id"] not in {c["client_id"] for c in by_type}
    # Checkpoint paging reaches it too, on the last page.
    first = (await mgmt.get("/api/v2/clients", params={"take": "2"})).json()
    rest = (await mgmt.get("/api/v2/clients", params={"take": "2", "from": first["next"]})).json()
    assert [c["client_id"] for c in rest["clients"]] == [row["client_id"]]
    assert "next" not in rest


async def test_read_and_patched_by_id_as_recorded(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    """TestAccGlobalClient #1/#2/#9: PATCH ``custom_login_page(_on)`` and read back; the
    answer has a client secret, no ``app_type`` and neither method key."""
    cid = emulator.tenant.global_client.client_id
    url = f"/api/v2/clients/{cid}"
    patched = await mgmt.patch(
        url, json={"custom_login_page_on": True, "custom_login_page": "<html>TEST123</html>"}
    )
    assert patched.status_code == 200, patched.text
    data = (await mgmt.get(url)).json()
    assert data["name"] == "All Applications" and data["global"] is True
    assert data["client_secret"]
    assert data["custom_login_page_on"] is True
    assert data["custom_login_page"] == "<html>TEST123</html>"
    assert (data["oidc_conformant"], data["jwt_configuration"], data["callbacks"]) == (
        True,
        {"alg": "RS256"},
        [],
    )
    assert data["refresh_token"]["token_lifetime"] == 2592000
    for absent in ("app_type", "token_endpoint_auth_method", "client_authentication_methods"):
        assert absent not in data
    off = await mgmt.patch(url, json={"custom_login_page_on": False})
    assert off.json()["custom_login_page_on"] is False


async def test_it_holds_no_credentials_and_stays(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    """Facts 3.1 [REC]: it holds no credentials. Not recorded (decision 31): creating one
    on it and deleting it are refused, and nothing changes."""
    cid = emulator.tenant.global_client.client_id
    listed = await mgmt.get(f"/api/v2/clients/{cid}/credentials")
    assert listed.status_code == 200 and listed.json() == []
    add = await mgmt.post(f"/api/v2/clients/{cid}/credentials", json=emulator.public_key_body(0))
    assert add.status_code == 400
    assert add.json()["message"] == "The global client cannot hold credentials"
    gone = await mgmt.delete(f"/api/v2/clients/{cid}")
    assert gone.status_code == 400
    assert gone.json()["message"] == "The global client cannot be deleted"
    assert (await mgmt.get(f"/api/v2/clients/{cid}")).status_code == 200
    assert emulator.tenant.global_client.credentials == {}
