"""Every read and every write flow, under every fault the emulator can inject.

The matrix (flows x faults) holds the core's promises: reads recover or end in a
typed error; a write is never duplicated, and is reported done only when the
tenant holds its result (and, when it fails, the tenant holds nothing half-done
except what the error says). The TUI and the CLI run these same flows through
:mod:`credtui.ops` and :class:`~credtui.api.client.ManagementClient`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from credtui.api.client import ManagementClient
from credtui.errors import CredtuiError, PartialChangeError, describe_error
from credtui.models import AuthChange, AuthMethod, CredentialDraft, CredentialType, Slot
from credtui.ops.plan import AddCredential, DeleteCredential, Effect, execute
from tests.api.harness import TENANT_NOW, Harness
from tests.keyfactory import rsa_key, spki_pem

FAULTS: dict[str, dict[str, Any]] = {
    "500 once": {"status": 500},
    "502 once": {"status": 502},
    "503 once": {"status": 503},
    "503 persisting": {"status": 503, "times": 50},
    "429 storm": {"status": 429, "times": 3},
    "dropped before": {"drop": True},
    "dropped after": {"drop": True, "after_processing": True},
    "slow past the deadline": {"delay_ms": 1500},
}


def _pk(index: int, name: str) -> dict[str, str]:
    return {"credential_type": "public_key", "pem": spki_pem(rsa_key(2048, index)), "name": name}


@dataclass
class Flow:
    """One flow: what to set up, the request to break, what to run, and what done means."""

    method: str
    path: str
    run: Callable[[ManagementClient, Harness, Any], Awaitable[Any]]
    done: Callable[[Harness, Any], bool]
    untouched: Callable[[Harness, Any], bool]
    write: bool = True


def _stored(h: Harness, client_id: str) -> Any:
    client = h.emu.tenant.get_client(client_id)
    assert client is not None
    return client


async def _read_list(c: ManagementClient, h: Harness, app: Any) -> Any:
    apps = await c.list_applications()
    assert app.client_id in {a.client_id for a in apps}


async def _read_app(c: ManagementClient, h: Harness, app: Any) -> Any:
    got = await c.get_application(app.client_id)
    creds = await c.list_credentials(app.client_id)
    assert got.name == "Target" and len(creds) == 2


async def _add(c: ManagementClient, h: Harness, app: Any) -> Any:
    draft = CredentialDraft(CredentialType.PUBLIC_KEY, pem=spki_pem(rsa_key(2048, 42)), name="new")
    intent = AddCredential(draft, Slot.SIGNED_REQUEST_OBJECT)
    result = await execute(c, app.client_id, intent, now=TENANT_NOW)
    if result.error is not None:
        raise result.error


def _new_ones(h: Harness, app: Any) -> list[Any]:
    return [x for x in _stored(h, app.client_id).credentials.values() if x.name == "new"]


def _add_done(h: Harness, app: Any) -> bool:
    new = _new_ones(h, app)
    sro = _stored(h, app.client_id).signed_request_object or {}
    return len(new) == 1 and new[0].id in sro.get("credentials", [])


async def _expiry(c: ManagementClient, h: Harness, app: Any) -> Any:
    await c.update_credential_expiry(app.client_id, _spare(h, app).id, _WHEN)


_WHEN = TENANT_NOW + timedelta(days=90)


def _spare(h: Harness, app: Any) -> Any:
    return next(x for x in _stored(h, app.client_id).credentials.values() if x.name == "spare")


async def _delete(c: ManagementClient, h: Harness, app: Any) -> Any:
    spare = next(x for x in await c.list_credentials(app.client_id) if x.name == "spare")
    await c.delete_credential(app.client_id, spare.id)


def _spare_gone(h: Harness, app: Any) -> bool:
    return all(x.name != "spare" for x in _stored(h, app.client_id).credentials.values())


async def _detach_delete(c: ManagementClient, h: Harness, app: Any) -> Any:
    model = await c.get_application(app.client_id)
    [attached] = model.attached_credential_ids
    intent = DeleteCredential(attached, fallback=AuthMethod.CLIENT_SECRET_POST)
    result = await execute(c, app.client_id, intent, accept=tuple(Effect), now=TENANT_NOW)
    if result.error is not None:
        raise result.error


def _attached_gone(h: Harness, app: Any) -> bool:
    stored = _stored(h, app.client_id)
    return (
        stored.auth_methods is None
        and stored.token_endpoint_auth_method == "client_secret_post"
        and all(x.name != "attached" for x in stored.credentials.values())
    )


async def _revert(c: ManagementClient, h: Harness, app: Any) -> Any:
    await c.update_authentication(app.client_id, AuthChange(method=AuthMethod.CLIENT_SECRET_BASIC))


def _reverted(h: Harness, app: Any) -> bool:
    stored = _stored(h, app.client_id)
    return stored.auth_methods is None and stored.token_endpoint_auth_method == (
        "client_secret_basic"
    )


def _as_set_up(h: Harness, app: Any) -> bool:
    stored = _stored(h, app.client_id)
    names = sorted(x.name for x in stored.credentials.values())
    return (
        names == ["attached", "spare"]
        and stored.auth_methods is not None
        and _spare(h, app).expires_at is None
    )


FLOWS: dict[str, Flow] = {
    "read: applications list": Flow(
        "GET", "/api/v2/clients", _read_list, lambda h, a: True, _as_set_up, write=False
    ),
    "read: application screen": Flow(
        "GET",
        "/api/v2/clients/*/credentials",
        _read_app,
        lambda h, a: True,
        _as_set_up,
        write=False,
    ),
    "write: add and attach": Flow(
        "POST", "/api/v2/clients/*/credentials", _add, _add_done, lambda h, a: not _new_ones(h, a)
    ),
    "write: expiry": Flow(
        "PATCH",
        "/api/v2/clients/*/credentials/*",
        _expiry,
        lambda h, a: _spare(h, a).expires_at == _WHEN,
        _as_set_up,
    ),
    "write: delete": Flow(
        "DELETE", "/api/v2/clients/*/credentials/*", _delete, _spare_gone, _as_set_up
    ),
    "write: detach then delete": Flow(
        "DELETE", "/api/v2/clients/*/credentials/*", _detach_delete, _attached_gone, _as_set_up
    ),
    "write: switch method": Flow("PATCH", "/api/v2/clients/*", _revert, _reverted, _as_set_up),
}


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("flow_name", list(FLOWS))
async def test_fault_matrix(h: Harness, flow_name: str, fault: str) -> None:
    flow = FLOWS[flow_name]
    app = h.emu.create_application(
        "Target",
        method="private_key_jwt",
        credentials=[_pk(40, "attached")],
        unattached=[_pk(41, "spare")],
    )
    client = h.client(deadline=0.25)
    await client.get_application(app.client_id)  # the token, before any fault is armed
    h.emu.faults.add(method=flow.method, path=flow.path, **FAULTS[fault])
    try:
        await flow.run(client, h, app)
    except CredtuiError as exc:
        text = describe_error(exc)
        assert text.endswith(".") and "Unexpected" not in text
        if isinstance(exc, PartialChangeError):
            # Detached (the PATCH got through), not deleted: the message says so.
            assert "detached but not deleted" in text
            assert all(
                x.name == "attached"
                for x in _stored(h, app.client_id).credentials.values()
                if x.name != "spare"
            )
        else:
            assert flow.untouched(h, app), f"{flow_name} failed ({text}) but changed the tenant"
        outcome = "error"
    else:
        assert flow.done(h, app), f"{flow_name} reported success but the tenant disagrees"
        outcome = "done"
    # The one outcome each cell must have: everything recovers but a lost or refused
    # create (not resent: it may not be idempotent) and a fault that never stops.
    expected_error = fault == "503 persisting" or (
        flow_name == "write: add and attach"
        and fault
        in ("500 once", "502 once", "503 once", "dropped before", "slow past the deadline")
    )
    assert outcome == ("error" if expected_error else "done")
    if flow.write:
        assert len(_new_ones(h, app)) <= 1
