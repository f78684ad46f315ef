"""``GET /api/v2/clients`` filters: ``app_type``, ``is_first_party``, ``is_global``,
``external_client_id`` and the restricted ``q`` (organisation grants, checkpoint paging only)."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import EmulatorHarness

MANAGEMENT = "credtui Management API (emulator)"


def _names(body: object) -> list[str]:
    rows = body["clients"] if isinstance(body, dict) else body
    assert isinstance(rows, list)
    return [str(c["name"]) for c in rows]


@pytest.fixture
def tenant(emulator: EmulatorHarness) -> EmulatorHarness:
    emulator.create_app("Worker")  # non_interactive
    emulator.create_app("Storefront", app_type="spa", method="none")
    emulator.create_app("Phone", app_type="native", method="none")
    partner = emulator.create_app("Partner portal", app_type="regular_web")
    partner.settings["is_first_party"] = False
    cimd = emulator.create_app("CIMD agent", app_type="regular_web")
    cimd.settings["external_client_id"] = "https://agent.example/client.json"
    return emulator


async def test_app_type_is_a_comma_separated_list(
    tenant: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    r = await mgmt.get(
        "/api/v2/clients", params={"app_type": "spa,native", "include_totals": "true"}
    )
    assert _names(r.json()) == ["Storefront", "Phone"] and r.json()["total"] == 2
    m2m = await mgmt.get("/api/v2/clients", params={"app_type": "non_interactive"})
    assert _names(m2m.json()) == [MANAGEMENT, "Worker"]
    bad = await mgmt.get("/api/v2/clients", params={"app_type": "spa,robot"})
    assert bad.status_code == 400
    assert bad.json()["errorCode"] == "invalid_query_string"
    message = bad.json()["message"]
    assert message.startswith("Query validation error: 'String does not match pattern ^((native)")
    assert message.endswith(
        ": spa,robot' on property app_type (Optional filter by a comma-separated list of application types.)."
    )


async def test_first_party_global_and_external_client_id(
    tenant: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    third = await mgmt.get("/api/v2/clients", params={"is_first_party": "false"})
    assert _names(third.json()) == ["Partner portal"]
    first = await mgmt.get("/api/v2/clients", params={"is_first_party": "true", "app_type": "regular_web"})  # fmt: skip
    assert _names(first.json()) == ["CIMD agent"]
    only_global = await mgmt.get("/api/v2/clients", params={"is_global": "true"})
    assert _names(only_global.json()) == ["All Applications"]  # decision 31
    everyone = await mgmt.get("/api/v2/clients", params={"is_global": "false"})
    assert len(_names(everyone.json())) == 6
    cimd = await mgmt.get(
        "/api/v2/clients", params={"external_client_id": "https://agent.example/client.json"}
    )
    assert _names(cimd.json()) == ["CIMD agent"]
    bad = await mgmt.get("/api/v2/clients", params={"is_global": "maybe"})
    assert bad.status_code == 400 and "on property is_global" in bad.json()["message"]


async def test_q_finds_clients_by_organisation_grant_with_checkpoint_paging(
    tenant: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    apps = {c.name: c for c in tenant.tenant.iter_clients()}
    tenant.app.grant_organizations(apps["Worker"].client_id, ["org_acme"])
    tenant.app.grant_organizations(apps["Phone"].client_id, ["org_acme", "org_other"])
    tenant.app.grant_organizations(apps["Storefront"].client_id, allow_any=True)
    q = "client_grant.organization_id:org_acme"
    first = (await mgmt.get("/api/v2/clients", params={"q": q, "take": "1"})).json()
    assert _names(first) == ["Worker"] and "next" in first
    second = (
        await mgmt.get("/api/v2/clients", params={"q": q, "take": "1", "from": first["next"]})
    ).json()
    assert _names(second) == ["Phone"] and "next" not in second
    anyone = await mgmt.get(
        "/api/v2/clients", params={"q": "client_grant.allow_any_organization:true", "take": "50"}
    )
    assert _names(anyone.json()) == ["Storefront"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"q": "client_grant.organization_id:org_acme", "take": "10", "app_type": "spa"},
            "q cannot be used in combination with other filters (app_type)",
        ),
        (
            {"q": "client_grant.organization_id:org_acme", "per_page": "10", "page": "0"},
            "q requires checkpoint pagination (from and take)",
        ),
        ({"q": "name:Worker", "take": "10"}, "Query not permitted: name:Worker"),
        (
            {"q": "client_grant.allow_any_organization:false", "take": "10"},
            "Query not permitted: client_grant.allow_any_organization:false",
        ),
    ],
)
async def test_q_restrictions(
    tenant: EmulatorHarness, mgmt: httpx.AsyncClient, params: dict[str, str], message: str
) -> None:
    r = await mgmt.get("/api/v2/clients", params=params)
    assert r.status_code == 400
    assert r.json()["errorCode"] == "invalid_query_string"
    assert message in r.json()["message"]


# --- issue 20, finding 5: the list's query string as the spec declares it ------------------


@pytest.mark.parametrize(
    "query",
    [
        {"fields": "name,not_a_field"},
        {"fields": "name, client_id"},  # the pattern has no spaces
        {"fields": "jwt_configuration.nope"},
        {"app_type": "spa, native"},  # no trimming
        {"app_type": ""},  # not empty
        {"app_type": "spa,"},
        {"external_client_id": ""},
        {"external_client_id": "https://agent.example/" + "x" * 99},  # 121 characters
    ],
)
async def test_the_list_refuses_a_query_the_spec_does_not_allow(
    tenant: EmulatorHarness, mgmt: httpx.AsyncClient, query: dict[str, str]
) -> None:
    """Spec (management-api.yml, GET /clients parameters; facts 3.1 "Schema constraints"):
    ``fields`` matches a pattern of client field names (else 400 ``invalid_query_string``),
    ``app_type`` a comma list of types without spaces, ``external_client_id`` 1-120."""
    r = await mgmt.get("/api/v2/clients", params=query)
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["errorCode"] == "invalid_query_string"
    (name,) = query
    assert body["message"].startswith("Query validation error: '")
    assert f"on property {name}" in body["message"]


async def test_fields_take_dotted_sub_fields_and_unknown_names_fail_on_one_client_too(
    tenant: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    """Spec: the ``fields`` pattern lists sub-fields (``jwt_configuration.alg``,
    ``refresh_token.rotation_type``); ``GET /clients/{id}`` takes the same pattern."""
    r = await mgmt.get(
        "/api/v2/clients",
        params={
            "fields": "name,jwt_configuration.alg,refresh_token.rotation_type",
            "per_page": "2",
        },
    )
    assert r.status_code == 200, r.text
    first = r.json()[0]
    assert first == {
        "tenant": tenant.tenant.name,
        "name": MANAGEMENT,
        "jwt_configuration": {"alg": "RS256"},
        "refresh_token": {"rotation_type": "non-rotating"},
    }
    cid = first_id = (await mgmt.get("/api/v2/clients", params={"fields": "client_id"})).json()[0][
        "client_id"
    ]
    left_out = await mgmt.get(
        f"/api/v2/clients/{cid}",
        params={"fields": "jwt_configuration.alg,client_secret", "include_fields": "false"},
    )
    data = left_out.json()
    assert "alg" not in data["jwt_configuration"] and "client_secret" not in data
    assert data["jwt_configuration"]["secret_encoded"] is False and data["client_id"] == first_id
    bad = await mgmt.get(f"/api/v2/clients/{cid}", params={"fields": "name,secret"})
    assert bad.status_code == 400 and bad.json()["errorCode"] == "invalid_query_string"
    empty = await mgmt.get(f"/api/v2/clients/{cid}", params={"fields": ""})  # "leave empty"
    assert empty.status_code == 200 and "name" in empty.json()


async def test_external_client_id_at_the_cap_and_app_types_listed_exactly(
    tenant: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    """Spec: ``external_client_id`` up to 120 characters; ``app_type=spa,native``."""
    at_cap = await mgmt.get("/api/v2/clients", params={"external_client_id": "x" * 120})
    assert at_cap.status_code == 200 and at_cap.json() == []
    both = await mgmt.get("/api/v2/clients", params={"app_type": "spa,native"})
    assert _names(both.json()) == ["Storefront", "Phone"]


def test_credtui_asks_only_for_fields_the_spec_allows() -> None:
    """Spec (``fields`` pattern): credtui's own listing must pass it on a real tenant; the
    one name outside it is the legacy ``access_token`` (decisions 13 and 32)."""
    from credtui.api import APP_FIELDS
    from credtui.emulator.spec_client import CLIENT_FIELDS

    assert set(APP_FIELDS) - set(CLIENT_FIELDS) == {"access_token"}
