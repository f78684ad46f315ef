"""The control plane's guards: the control token, loopback ``Host``, JSON bodies, a redacted log.

Issue 8, finding 3: under ``credtui demo`` the controls served the client secret,
request bodies with secrets and ``Authorization`` headers, and private keys to
anyone on the machine, answered any ``Host`` (DNS rebinding) and took
cross-site ``text/plain`` PUTs.
"""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from credtui import keys
from credtui.api import ClientSecretSource, ManagementClient
from credtui.demo import DEMO_PROFILE, demo_config
from credtui.emulator.guard import host_is_loopback
from credtui.emulator.seed import apply_seed
from credtui.emulator.server import start_in_thread
from tests import keyfactory
from tests.conftest import EmulatorHarness

CONTROL_ROUTES = [
    ("GET", "/__emulator"),
    ("GET", "/__emulator/requests"),
    ("DELETE", "/__emulator/requests"),
    ("GET", "/__emulator/faults"),
    ("POST", "/__emulator/faults"),
    ("DELETE", "/__emulator/faults"),
    ("GET", "/__emulator/rate-limit"),
    ("PUT", "/__emulator/rate-limit"),
    ("GET", "/__emulator/latency"),
    ("PUT", "/__emulator/latency"),
    ("POST", "/__emulator/seed"),
    ("POST", "/__emulator/clock"),
    ("POST", "/__emulator/management-apps"),
    ("POST", "/__emulator/grants"),
    ("GET", "/__emulator/plan"),
    ("PUT", "/__emulator/plan"),
    ("GET", "/__emulator/demo-keys"),
    ("GET", "/__emulator/no-such-control"),
]
BODIES = {
    "/__emulator/faults": {"status": 503, "times": 5},
    "/__emulator/rate-limit": {"value": "1/1"},
    "/__emulator/latency": {"ms": 5000},
    "/__emulator/seed": {"count": 3},
    "/__emulator/clock": {"advance_seconds": 86400},
    "/__emulator/management-apps": {"scopes": ["read:clients"]},
    "/__emulator/plan": {"plan": "free"},
}


def _tenant_state(emulator: EmulatorHarness) -> tuple[object, ...]:
    """Everything a control could change."""
    return (
        emulator.tenant.client_count(),
        len(emulator.app.faults.list()),
        emulator.app.bucket.state(),
        emulator.app.latency_ms,
        emulator.clock.now(),
        len(emulator.requests()),
        emulator.app.plan,
    )


@pytest.mark.parametrize("token", [None, "", "wrong-token", "x" * 43])
async def test_every_control_refuses_a_missing_or_wrong_token(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, token: str | None
) -> None:
    await mgmt.post("/api/v2/clients", json={"name": "Something to log"})
    emulator.clock.freeze(emulator.clock.now())
    before = _tenant_state(emulator)
    headers = {"X-Emulator-Token": token} if token is not None else {}
    async with emulator.http(headers=headers) as http:
        for method, path in CONTROL_ROUTES:
            r = await http.request(method, path, json=BODIES.get(path))
            assert r.status_code == 401, (method, path)
            assert r.json() == {
                "error": "The emulator's controls need the control token (control_token in "
                "the ready line) in the X-Emulator-Token header"
            }
            assert emulator.client_secret not in r.text and emulator.control_token not in r.text
    assert _tenant_state(emulator) == before


async def test_the_management_token_is_not_the_control_token(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    # mgmt carries a valid Management API bearer token: not enough for the controls.
    assert (await mgmt.get("/__emulator")).status_code == 401
    assert (
        await mgmt.get("/__emulator", headers={"Authorization": f"Bearer {emulator.control_token}"})
    ).status_code == 401


async def test_the_right_token_opens_the_controls_and_demo_keys_are_never_served(
    emulator: EmulatorHarness, ctl: httpx.AsyncClient
) -> None:
    apply_seed(emulator.app, "demo")
    assert emulator.app.demo_private_keys  # held in memory for the in-process demo and tests
    info = await ctl.get("/__emulator")
    assert info.status_code == 200 and info.json()["client_id"] == emulator.client_id
    assert (await ctl.get("/__emulator/demo-keys")).status_code == 404
    assert (await ctl.get("/__emulator/no-such-control")).status_code == 404
    # No control answer carries private key material.
    for method, path in CONTROL_ROUTES:
        if method == "GET":
            assert "PRIVATE KEY" not in (await ctl.get(path)).text, path


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.1:8765", True),
        ("127.200.3.4:1", True),
        ("localhost", True),
        ("LOCALHOST:9000", True),
        ("[::1]", True),
        ("[::1]:8765", True),
        (None, False),
        ("", False),
        ("attacker.example", False),
        ("attacker.example:8765", False),
        ("127.0.0.1.nip.io", False),
        ("localhost.attacker.example", False),
        ("0.0.0.0:8765", False),
        ("10.0.0.1", False),
        ("[::2]:8765", False),
        ("::1", False),
        ("[127.0.0.1]:8765", False),
        ("127.0.0.1:87x5", False),
        ("127.0.0.1:８７", False),
        ("[::1", False),
        ("127.1", False),
    ],
)
def test_loopback_host_names(host: str | None, loopback: bool) -> None:
    assert host_is_loopback(host) is loopback


@pytest.mark.parametrize("host", ["attacker.example", "127.0.0.1.nip.io:8765", "[::2]"])
async def test_a_foreign_host_is_refused_on_every_route_and_changes_nothing(
    emulator: EmulatorHarness, host: str
) -> None:
    """DNS rebinding: the Management API and /oauth/token refuse it too (decision 26)."""
    emulator.clock.freeze(emulator.clock.now())
    before = _tenant_state(emulator)
    headers = {"Host": host, "Authorization": f"Bearer {emulator.token()}"}
    async with emulator.controls(headers=headers) as http:
        calls = [
            await http.get("/__emulator"),
            await http.put("/__emulator/latency", json={"ms": 9000}),
            await http.post("/api/v2/clients", json={"name": "Rebound"}),
            await http.get("/api/v2/clients"),
            await http.post(
                "/oauth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": emulator.client_id,
                    "client_secret": emulator.client_secret,
                    "audience": f"{emulator.base_url}/api/v2/",
                },
            ),
        ]
    for r in calls:
        assert r.status_code == 403
        assert r.json() == {
            "statusCode": 403,
            "error": "Forbidden",
            "message": "The local tenant answers only loopback Host names "
            "(127.0.0.1, [::1] or localhost, any port)",
        }
    assert _tenant_state(emulator) == before  # not even logged


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
     "multipart/form-data; boundary=x", None, "application/jsonp"],
)  # fmt: skip
async def test_control_bodies_must_be_json(
    emulator: EmulatorHarness, content_type: str | None
) -> None:
    """A cross-site form or no-preflight fetch can send only these: every one is refused."""
    emulator.clock.freeze(emulator.clock.now())
    before = _tenant_state(emulator)
    headers = {"Content-Type": content_type} if content_type else {}
    async with emulator.controls() as ctl:
        for path, body in BODIES.items():
            puts = ("/__emulator/rate-limit", "/__emulator/latency", "/__emulator/plan")
            method = "PUT" if path in puts else "POST"
            r = await ctl.request(method, path, content=json.dumps(body), headers=headers)
            assert r.status_code == 415, (path, content_type)
            assert r.json() == {
                "error": "The emulator's controls accept only Content-Type: application/json"
            }
    assert _tenant_state(emulator) == before


async def test_json_with_a_charset_is_accepted(
    emulator: EmulatorHarness, ctl: httpx.AsyncClient
) -> None:
    r = await ctl.put(
        "/__emulator/latency",
        content=b'{"ms": 7}',
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert r.json() == {"ms": 7} and emulator.app.latency_ms == 7


async def test_the_request_log_holds_no_secret(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient, ctl: httpx.AsyncClient
) -> None:
    """Every way a secret reaches the tenant; then neither the log nor its HTTP view holds one."""
    key = keyfactory.rsa_key(2048, 3)
    m2m = emulator.create_app(
        "Signer",
        method="private_key_jwt",
        credentials=[emulator.public_key_body(3)],
        grant_scopes=["read:clients"],
    )
    basic = emulator.create_app(
        "Basic", method="client_secret_basic", grant_scopes=["read:clients"]
    )
    audience = f"{emulator.base_url}/api/v2/"
    assertion = keys.sign_client_assertion(
        key, client_id=m2m.client_id, audience=f"{emulator.base_url}/"
    )
    private_pem = keyfactory.private_pem(key)
    async with emulator.http() as http:
        by_secret = await http.post("/oauth/token", data={
            "grant_type": "client_credentials", "client_id": emulator.client_id,
            "client_secret": emulator.client_secret, "audience": audience,
        })  # fmt: skip
        by_assertion = await http.post("/oauth/token", data={
            "grant_type": "client_credentials", "audience": audience,
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion,
        })  # fmt: skip
        by_basic = await http.post(
            "/oauth/token",
            data={"grant_type": "client_credentials", "audience": audience},
            auth=(basic.client_id, basic.client_secret),
        )
        await http.post("/oauth/token?client_secret=" + emulator.client_secret, json={
            "grant_type": "client_credentials", "client_id": emulator.client_id,
            "client_secret": emulator.client_secret, "audience": audience,
        })  # fmt: skip
        await http.post(
            "/oauth/token",
            content=f'{{"client_secret": "{emulator.client_secret}", broken',
            headers={"Content-Type": "application/json"},
        )
    tokens = [r.json()["access_token"] for r in (by_secret, by_assertion, by_basic)]
    rotated = "a-brand-new-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
    target = emulator.create_app("Target")
    patched = await mgmt.patch(
        f"/api/v2/clients/{target.client_id}", json={"client_secret": rotated}
    )
    assert patched.status_code == 200
    mistake = await mgmt.post(
        f"/api/v2/clients/{target.client_id}/credentials",
        json={"credential_type": "public_key", "pem": private_pem},
    )
    assert mistake.status_code == 400  # a private key is refused, and not kept in the log
    secrets = [
        emulator.client_secret,
        basic.client_secret,
        base64.b64encode(f"{basic.client_id}:{basic.client_secret}".encode()).decode(),
        rotated,
        assertion,
        assertion.rsplit(".", 1)[1],  # the signature alone would be enough to replay
        emulator.token(),
        *tokens,
        emulator.control_token,
        *private_pem.splitlines()[1:-1],
    ]
    served = (await ctl.get("/__emulator/requests")).text
    stored = repr(emulator.requests())
    assert len(emulator.requests()) == 7
    for secret in secrets:
        assert secret not in served and secret not in stored
    # What was sent stays readable: which fields, which scheme, which method.
    first, second, third, fourth, fifth, _, sixth = json.loads(served)["requests"]
    assert (
        "client_secret=%5Bredacted%5D" in first["body"]
        and "grant_type=client_credentials" in first["body"]
    )
    assert "client_assertion=%5Bredacted%5D" in second["body"]
    assert third["headers"]["authorization"] == "Basic [redacted]"
    assert fourth["query"] == "client_secret=%5Bredacted%5D"
    assert json.loads(fourth["body"])["client_secret"] == "[redacted]"
    assert fifth["body"].startswith("[redacted]")
    assert json.loads(sixth["body"]) == {
        "credential_type": "public_key",
        "pem": "[redacted private key]\n",
    }


async def test_bodies_without_secrets_are_logged_byte_for_byte(
    emulator: EmulatorHarness, mgmt: httpx.AsyncClient
) -> None:
    raw = b'{"name":"Kept as sent",  "token_endpoint_auth_method":"none","app_type":"spa"}'
    await mgmt.post("/api/v2/clients", content=raw, headers={"Content-Type": "application/json"})
    assert emulator.requests()[-1].body == raw.decode()


def test_the_demo_tenant_answers_its_own_profile_over_the_socket() -> None:
    """``credtui demo``: the thread-served demo seed, its token, and the profile the TUI opens."""
    import asyncio

    with start_in_thread(seed="demo") as running:
        assert len(running.control_token) >= 43
        config = demo_config(running.base_url, running.client_id, running.client_secret)
        profile = config.profiles[DEMO_PROFILE]

        async def names() -> list[str]:
            client = ManagementClient(
                profile.base_url, ClientSecretSource(running.client_id, running.client_secret)
            )
            try:
                return [a.name for a in await client.list_applications()]
            finally:
                await client.aclose()

        listed = asyncio.run(names())
        assert "Payments API" in listed and len(listed) == 13
        refused = httpx.get(f"{running.base_url}/__emulator/requests")
        assert refused.status_code == 401
        log = httpx.get(
            f"{running.base_url}/__emulator/requests",
            headers={"X-Emulator-Token": running.control_token},
        )
        assert log.status_code == 200 and running.client_secret not in log.text
        assert [r["status"] for r in log.json()["requests"]][-1] == 200


@pytest.mark.parametrize(
    ("body", "content_type", "logged"),
    [
        # Nothing secret: the bytes stay exactly as sent, even when a secret's name appears.
        ("grant_type=refresh_token&audience=a%2Fb", "application/x-www-form-urlencoded",
         "grant_type=refresh_token&audience=a%2Fb"),
        ('{"token_endpoint_auth_method":"none"}', "application/json",
         '{"token_endpoint_auth_method":"none"}'),
        # Secrets at any depth and in any case.
        ('{"a":[{"Client_Secret":"hunter2"}]}', "application/json",
         '{"a": [{"Client_Secret": "[redacted]"}]}'),
        ("CLIENT_SECRET=hunter2&x=1", "application/x-www-form-urlencoded",
         "CLIENT_SECRET=%5Bredacted%5D&x=1"),
        # A private key with odd armour, anywhere.
        ("note -—BEGIN RSA PRIVATE KEY—- hunter2 -—END RSA PRIVATE KEY—- end", "text/plain",
         "note -—[redacted private key]—- end"),
    ],
)  # fmt: skip
def test_redaction_rules(body: str, content_type: str, logged: str) -> None:
    from credtui.emulator.redact import redact_body

    assert redact_body(body, content_type) == logged
