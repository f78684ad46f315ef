"""A malformed credential id fails the spec's ``credential-id`` format (issue 20, finding 7).

Source: spec (management-api.yml ``CredentialId``: ``{"id": {"type": "string", "format":
"credential-id"}}``, the item of every slot's ``credentials`` on ``PATCH /clients``).
A malformed id is a payload validation error (z-schema's "Object didn't pass
validation for format …"), not "do not exist"; a well-formed id the client does not
hold still is. The format's rule (``cred_`` + 22 base58 characters, every recorded
id's shape) is :data:`credtui.rules.CREDENTIAL_ID_PATTERN`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.conftest import EmulatorHarness

SLOTS: dict[str, Callable[[dict[str, str]], dict[str, Any]]] = {
    "private_key_jwt": lambda ref: {
        "client_authentication_methods": {"private_key_jwt": {"credentials": [ref]}},
        "token_endpoint_auth_method": None,
    },
    "signed_request_object": lambda ref: {"signed_request_object": {"credentials": [ref]}},
    "token_vault_privileged_access": lambda ref: {
        "token_vault_privileged_access": {"credentials": [ref]}
    },
}
WHERE = {
    "private_key_jwt": "client_authentication_methods.private_key_jwt.credentials[0].id",
    "signed_request_object": "signed_request_object.credentials[0].id",
    "token_vault_privileged_access": "token_vault_privileged_access.credentials[0].id",
}


@pytest.mark.parametrize("slot", list(SLOTS))
@pytest.mark.parametrize("bad", ["nope", "cred_", "cred_0OIl000000000000000000", "x" * 30])
async def test_a_malformed_id_fails_the_format_check(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, slot: str, bad: str
) -> None:
    app = emulator.create_app(unattached=[emulator.public_key_body(0)])
    r = await mgmt.patch(f"/api/v2/clients/{app.client_id}", json=SLOTS[slot]({"id": bad}))
    assert r.status_code == 400, r.text
    assert r.json()["errorCode"] == "invalid_body"
    assert r.json()["message"] == (
        f"Payload validation error: 'Object didn't pass validation for format credential-id: "
        f"{bad}' on property {WHERE[slot]} (Credential ID)."
    )
    assert app.auth_methods is None and app.signed_request_object is None


async def test_a_well_formed_unknown_id_still_does_not_exist(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    app = emulator.create_app(unattached=[emulator.public_key_body(0)])
    r = await mgmt.patch(
        f"/api/v2/clients/{app.client_id}",
        json=SLOTS["private_key_jwt"]({"id": "cred_1111111111111111111111"}),
    )
    assert r.status_code == 400 and "do not exist" in r.json()["message"]
