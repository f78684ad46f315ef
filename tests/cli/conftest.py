"""Fixtures for the headless command line: a real ``credtui emulator`` and the real entry point.

``tenant`` (module scope) starts ``credtui emulator --seed demo --rate-limit off``
in a subprocess, reads its JSON ready line, and offers the Management API and the
``/__emulator`` controls (``X-Emulator-Token``) to set up and inspect state.
``cli`` (module scope) runs the installed ``credtui`` script (or ``python -m
credtui``) in a subprocess with a config file whose profile points at that tenant.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

SCRIPT = Path(sys.executable).with_name("credtui")
BASE_CMD: list[str] = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "credtui"]


def start_emulator(*args: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """``credtui emulator ARGS`` and its ready line (fails the test after 30 s of silence)."""
    proc = subprocess.Popen(
        [*BASE_CMD, "emulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    if not sel.select(timeout=30):
        proc.kill()
        pytest.fail("credtui emulator printed no ready line in 30 s")
    line = proc.stdout.readline()
    try:
        ready = json.loads(line)
    except json.JSONDecodeError:
        proc.kill()
        pytest.fail(f"credtui emulator's first line is not JSON: {line!r} {proc.stderr}")
    return proc, ready


def stop_emulator(proc: subprocess.Popen[str]) -> None:
    """SIGTERM, then wait (kill if it does not stop); its pipes closed."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    for pipe in (proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()


class Tenant:
    """A running emulator: its ready line, the Management API and the controls."""

    def __init__(self, proc: subprocess.Popen[str], ready: dict[str, str]) -> None:
        self.proc = proc
        self.base_url = ready["base_url"]
        self.client_id = ready["client_id"]
        self.client_secret = ready["client_secret"]
        self.control_token = ready.get("control_token", "")
        self._token: str | None = None
        # One client for every call: building one (its TLS context) costs tens of ms.
        self.http = httpx.Client(base_url=self.base_url, timeout=30)

    def close(self) -> None:
        """Close the HTTP client (its open connection to the emulator)."""
        self.http.close()

    def token(self) -> str:
        if self._token is None:
            r = self.http.post("/oauth/token", data={
                "grant_type": "client_credentials", "client_id": self.client_id,
                "client_secret": self.client_secret, "audience": f"{self.base_url}/api/v2/",
            })  # fmt: skip
            assert r.status_code == 200, r.text
            self._token = str(r.json()["access_token"])
        return self._token

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """A Management API call as the management application (asserts 2xx)."""
        r = self.http.request(
            method,
            f"/api/v2/{path.lstrip('/')}",
            json=body,
            headers={"Authorization": f"Bearer {self.token()}"},
        )
        assert r.is_success, r.text
        return r.json() if r.content else None

    def control(self, method: str, path: str, body: Any = None) -> Any:
        """An ``/__emulator`` control call with the run's control token."""
        r = self.http.request(
            method,
            f"/__emulator/{path.lstrip('/')}",
            json=body,
            headers={"X-Emulator-Token": self.control_token},
        )
        assert r.is_success, r.text
        return r.json() if r.content else None

    def create_app(self, name: str, grant: bool = True, **fields: Any) -> str:
        """A machine-to-machine application (client_secret_post unless ``fields`` say)."""
        body = {
            "name": name,
            "app_type": "non_interactive",
            "grant_types": ["client_credentials"],
            "token_endpoint_auth_method": "client_secret_post",
            "jwt_configuration": {"alg": "RS256"},
            **fields,
        }
        if "client_authentication_methods" in fields:
            body.pop("token_endpoint_auth_method")
        cid = str(self.api("POST", "clients", body)["client_id"])
        if grant:
            self.control("POST", "grants", {"client_id": cid, "scopes": ["read:clients"]})
        return cid

    def app_by_name(self, name: str) -> dict[str, Any]:
        apps = self.api("GET", "clients?per_page=100&include_totals=true")["clients"]
        return next(a for a in apps if a["name"] == name)

    def credentials(self, client_id: str) -> list[dict[str, Any]]:
        return list(self.api("GET", f"clients/{client_id}/credentials"))

    def log_mark(self) -> int:
        """The sequence number of the last logged request (to read what came after)."""
        entries = self.control("GET", "requests")["requests"]
        return int(entries[-1]["seq"]) if entries else 0

    def requests_since(self, mark: int) -> list[dict[str, Any]]:
        return list(self.control("GET", f"requests?since={mark}")["requests"])


@pytest.fixture(scope="module")
def tenant(request: pytest.FixtureRequest) -> Iterator[Tenant]:
    """A ``credtui emulator`` subprocess, rate limit off (module scope).

    The demo seed unless the test module sets ``SEED = "empty"`` (faster to start).
    """
    seed = getattr(request.module, "SEED", "demo")
    proc, ready = start_emulator("--seed", seed, "--rate-limit", "off")
    try:
        running = Tenant(proc, ready)
        yield running
        running.close()
    finally:
        stop_emulator(proc)


@dataclass
class Result:
    """What one ``credtui`` run did."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class Cli:
    """Runs the real ``credtui`` entry point against one config file."""

    def __init__(self, config: Path, home: Path) -> None:
        self.config = config
        self.home = home
        self.env = {
            **os.environ,
            "CREDTUI_CONFIG": str(config),
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
        }
        self.env.pop("COLUMNS", None)

    def __call__(
        self,
        *args: str,
        stdin: str | bytes | None = None,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        timeout: float = 60,
    ) -> Result:
        data = stdin.encode() if isinstance(stdin, str) else stdin
        done = subprocess.run(
            [*BASE_CMD, *args],
            input=data if data is not None else b"",
            capture_output=True,
            env={**self.env, **(env or {})},
            cwd=cwd or self.home,
            timeout=timeout,
        )
        result = Result(done.returncode, done.stdout.decode(), done.stderr.decode())
        assert "Traceback" not in result.err, result.err
        return result


def write_profile(path: Path, tenant: Tenant, name: str = "local") -> None:
    """A config whose one profile is the management application of ``tenant``."""
    path.write_text(
        f'default = "{name}"\n[profiles.{name}]\ndomain = "{tenant.base_url}"\n'
        f'client_id = "{tenant.client_id}"\nclient_secret = "{tenant.client_secret}"\n'
    )
    path.chmod(0o600)


@pytest.fixture(scope="module")
def cli(tenant: Tenant, tmp_path_factory: pytest.TempPathFactory) -> Cli:
    """``credtui`` with a profile on the module's tenant."""
    home = tmp_path_factory.mktemp("home")
    config = home / "credtui.toml"
    write_profile(config, tenant)
    return Cli(config, home)


def table_rows(out: str) -> list[list[str]]:
    """A table's rows as printed to a pipe: tab-separated, complete, no header line."""
    return [line.split("\t") for line in out.splitlines() if line.strip()]


def writes(entries: list[dict[str, object]]) -> list[tuple[object, object]]:
    """The Management API changes among logged requests (reads and token requests left out)."""
    return [
        (e["method"], e["path"])
        for e in entries
        if e["method"] != "GET" and str(e["path"]).startswith("/api/v2/")
    ]


def ids(rows: Sequence[dict[str, Any]]) -> list[str]:
    return [str(r["id"]) for r in rows]


def drain_pty(master: int) -> bytes:
    """Everything written to a pty's other end until it closes; closes ``master``."""
    shown = b""
    try:
        while chunk := os.read(master, 4096):
            shown += chunk
    except OSError:  # Linux reports the closed other end as EIO
        pass
    os.close(master)
    return shown


def run_in_process(args: Sequence[str], capsys: pytest.CaptureFixture[str]) -> Result:
    """``credtui.cli.main(args)`` in this process (for many small cases; no subprocess cost)."""
    from credtui.cli import main

    try:
        code = main(list(args))
    except SystemExit as done:  # argparse's own usage errors
        code = int(done.code or 0)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err, captured.err
    return Result(code, captured.out, captured.err)
