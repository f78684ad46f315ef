"""Serving over real loopback sockets, the command-line helpers, the seeds and scale."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from credtui import keys
from credtui.emulator import Emulator
from credtui.emulator.ratelimit import RateLimitSetting, parse_rate_limit
from credtui.emulator.seed import apply_seed, parse_seed
from credtui.emulator.server import RunningEmulator, start_in_thread
from tests.conftest import EmulatorHarness, signing_key

ROOT = Path(__file__).parents[2]


def token_for(base_url: str, client_id: str, client_secret: str) -> str:
    r = httpx.post(f"{base_url}/oauth/token", data={
        "grant_type": "client_credentials", "client_id": client_id,
        "client_secret": client_secret, "audience": f"{base_url}/api/v2/",
    })  # fmt: skip
    assert r.status_code == 200, r.text
    return str(r.json()["access_token"])


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_run_emulator_prints_one_json_line_and_exits_cleanly(sig: signal.Signals) -> None:
    code = "from credtui.emulator.server import run_emulator; raise SystemExit(run_emulator(seed='empty', rate_limit='off'))"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        ready = json.loads(line)
        assert list(ready) == ["base_url", "client_id", "client_secret", "control_token"]
        assert ready["base_url"].startswith("http://127.0.0.1:")
        # The controls answer the token from the ready line, and nothing without it.
        info = f"{ready['base_url']}/__emulator"
        assert httpx.get(info).status_code == 401
        mine = httpx.get(info, headers={"X-Emulator-Token": ready["control_token"]})
        assert mine.json()["client_id"] == ready["client_id"]
        token = token_for(ready["base_url"], ready["client_id"], ready["client_secret"])
        r = httpx.get(
            f"{ready['base_url']}/api/v2/clients", headers={"Authorization": f"Bearer {token}"}
        )
        # The management app, then the tenant's global client (listed last).
        assert [c["client_id"] for c in r.json()][:1] == [ready["client_id"]]
        assert [c["name"] for c in r.json()][1:] == ["All Applications"]
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill() if proc.poll() is None else None
        proc.wait(10)
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()
    assert proc.returncode == 0, err
    assert out == ""  # nothing after the one ready line


def test_run_emulator_refuses_bad_arguments() -> None:
    code = "from credtui.emulator.server import run_emulator; raise SystemExit(run_emulator(seed='lots'))"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=20
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert "--seed" in done.stderr


def test_run_emulator_reports_a_taken_port() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = f"from credtui.emulator.server import run_emulator; raise SystemExit(run_emulator(seed='empty', port={port}))"
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=20
        )
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    with pytest.raises(OSError), socket.socket() as again:
        again.bind(("127.0.0.1", 0))
        again.listen()
        start_in_thread(emulator=Emulator(signing_key=signing_key()), port=again.getsockname()[1])


def test_parse_helpers() -> None:
    assert parse_rate_limit("50/20") == RateLimitSetting(50, 20.0)
    assert parse_rate_limit("off") is None
    for bad in ("50", "a/b", "0/1", "5/0", "5/-1"):
        with pytest.raises(ValueError, match="--rate-limit"):
            parse_rate_limit(bad)
    assert (
        parse_seed("demo") == "demo"
        and parse_seed("EMPTY") == "empty"
        and parse_seed("2000") == 2000
    )
    for bad in ("many", "-1", "100001"):
        with pytest.raises(ValueError, match="--seed"):
            parse_seed(bad)


def test_start_in_thread_over_loopback_and_drop(live_emulator: RunningEmulator) -> None:
    base = live_emulator.base_url
    token = token_for(base, live_emulator.client_id, live_emulator.client_secret)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers) as http:
        created = http.post("/api/v2/clients", json={"name": "Over the wire"})
        assert created.status_code == 201
        armed = http.post(
            "/__emulator/faults",
            json={"method": "GET", "path": "/api/v2/clients", "drop": True},
            headers={"X-Emulator-Token": live_emulator.control_token},
        )
        assert armed.status_code == 201
        with pytest.raises(httpx.RemoteProtocolError):
            http.get("/api/v2/clients")
        assert http.get("/api/v2/clients").status_code == 200
    log = live_emulator.emulator.log.entries()
    assert [e.fault for e in log if e.path == "/api/v2/clients" and e.method == "GET"] == [
        "drop",
        None,
    ]


def test_a_rebound_host_name_is_refused_over_the_socket(live_emulator: RunningEmulator) -> None:
    """DNS rebinding: a browser reaching 127.0.0.1 under another name sends that name as Host."""
    base = live_emulator.base_url
    control = {"X-Emulator-Token": live_emulator.control_token}
    for host in ("attacker.example", "localhost.attacker.example", "127.0.0.1.nip.io"):
        for path, headers in (("/__emulator", control), ("/.well-known/jwks.json", {})):
            r = httpx.get(f"{base}{path}", headers={**headers, "Host": host})
            assert r.status_code == 403, (host, path)
            assert "loopback Host" in r.json()["message"]
            assert live_emulator.client_secret not in r.text
    port = live_emulator.port
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", "127.8.9.10"):
        r = httpx.get(f"{base}/__emulator", headers={**control, "Host": host})
        assert r.status_code == 200, host


def test_start_in_thread_context_manager_stops() -> None:
    emu = Emulator(signing_key=signing_key())
    with start_in_thread(emulator=emu) as running:
        assert httpx.get(f"{running.base_url}/.well-known/jwks.json").status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{running.base_url}/.well-known/jwks.json", timeout=2)


async def test_demo_seed_is_a_recognisable_tenant() -> None:
    harness = EmulatorHarness()
    apply_seed(harness.app, "demo")
    apps = {c.name: c for c in harness.tenant.iter_clients()}
    assert len(apps) == 13  # a dozen plus the management app
    now = harness.clock.now()
    rotation = apps["Payments API"]
    assert len(rotation.auth_methods["private_key_jwt"]) == 2  # type: ignore[index]
    mtls = apps["Treasury Gateway (mTLS)"]
    (dn,) = mtls.credentials.values()
    assert (
        dn.subject_dn
        == "C=GB\nST=London\nO=Acme Corp\nOU=Treasury\nCN=treasury-gateway.acme.example"
    )
    assert apps["Thermostat Fleet"].active_method == "self_signed_tls_client_auth"
    assert apps["Partner Portal"].signed_request_object["required"] is True  # type: ignore[index]
    assert apps["Customer Dashboard"].token_endpoint_auth_method == "none"
    assert (
        apps["Nightly Settlement Job (legacy)"].token_endpoint_auth_method == "client_secret_basic"
    )
    creds = [c for a in apps.values() for c in a.credentials.values()]
    expired = [c for c in creds if c.expires_at and c.expires_at < now]
    soon = [c for c in creds if c.expires_at and now <= c.expires_at < now + timedelta(days=30)]
    valid = [c for c in creds if c.expires_at is None or c.expires_at >= now + timedelta(days=30)]
    unattached = [
        c for a in apps.values() for c in a.credentials.values() if c.id not in a.attached_ids()
    ]
    assert expired and soon and valid and unattached
    # A demo key really authenticates (its private key is kept in memory only).
    cred_id = rotation.auth_methods["private_key_jwt"][1]  # type: ignore[index]
    key = keys.load_private_key(harness.app.demo_private_keys[cred_id].encode())
    assertion = keys.sign_client_assertion(
        key, client_id=rotation.client_id, audience=f"{harness.base_url}/"
    )  # type: ignore[arg-type]
    async with harness.http() as http:
        r = await http.post("/oauth/token", data={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion, "audience": f"{harness.base_url}/api/v2/",
        })  # fmt: skip
    assert r.status_code == 200, r.text


async def test_ten_thousand_applications_seed_fast_and_page_in_order_page_time() -> None:
    harness = EmulatorHarness()
    start = time.perf_counter()
    apply_seed(harness.app, 10_000)
    seeded = time.perf_counter() - start
    assert seeded < 10, seeded
    assert harness.tenant.client_count() == 10_002  # + the management and the global client
    assert sum(len(c.credentials) for c in harness.tenant.iter_clients()) > 5_000
    async with harness.http(headers=harness.auth_headers()) as http:
        t0 = time.perf_counter()
        first = await http.get(
            "/api/v2/clients", params={"per_page": "100", "page": "0", "include_totals": "true"}
        )
        t1 = time.perf_counter()
        last = await http.get(
            "/api/v2/clients", params={"per_page": "100", "page": "100", "include_totals": "true"}
        )
        t2 = time.perf_counter()
    assert first.json()["total"] == 10_002 and len(first.json()["clients"]) == 100
    assert [c["name"] for c in last.json()["clients"]][-1] == "All Applications"
    assert len(last.json()["clients"]) == 2
    assert t1 - t0 < 0.5 and t2 - t1 < 0.5


def _hang_a_request(base_url: str, control_token: str) -> socket.socket:
    """Send a request the emulator holds for ten minutes; return once it is being held."""
    control = {"X-Emulator-Token": control_token}
    r = httpx.post(f"{base_url}/__emulator/faults", headers=control, json={
        "method": "GET", "path": "/.well-known/jwks.json", "delay_ms": 600_000})  # fmt: skip
    assert r.status_code == 201, r.text
    host, port = base_url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    sock.sendall(f"GET /.well-known/jwks.json HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        log = httpx.get(f"{base_url}/__emulator/requests", headers=control).json()["requests"]
        if any(e["path"] == "/.well-known/jwks.json" for e in log):
            return sock
        time.sleep(0.01)
    pytest.fail("the delayed request never reached the emulator")


def test_sigterm_stops_the_emulator_promptly_while_a_delay_is_pending() -> None:
    """Once: SIGTERM waited for the injected delay (here ten minutes) to end."""
    from tests.cli.conftest import start_emulator

    proc, ready = start_emulator("--seed", "empty", "--rate-limit", "off")
    try:
        held = _hang_a_request(ready["base_url"], ready["control_token"])
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=5)
        assert time.monotonic() - sent < 1.5
        assert proc.stderr is not None and proc.stderr.read() == ""  # no traceback
        assert proc.returncode == 0
        assert held.recv(100).startswith(b"HTTP/1.1 503 ")  # the held client is let go
        held.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def test_stop_ends_a_thread_served_emulator_promptly_while_a_delay_is_pending() -> None:
    running = start_in_thread(emulator=Emulator(signing_key=signing_key()))
    held = _hang_a_request(running.base_url, running.control_token)
    sent = time.monotonic()
    running.stop(timeout=5)
    assert time.monotonic() - sent < 1.5
    assert held.recv(100).startswith(b"HTTP/1.1 503 ")
    held.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{running.base_url}/.well-known/jwks.json", timeout=2)
