"""A tenant that answers whatever JSON it is given, verbatim, on ``httpx.MockTransport``.

For names and answers that Auth0's rules (and so the emulator) never let through:
a lone surrogate, a 100 KB name, an ``expires_at`` that is not a time, escape
sequences in an ``/oauth/token`` error. It serves what the TUI and the command line
read: the application list (one checkpoint page), one application, its credentials,
the token endpoint, and, for the paths in :attr:`FakeTenant.failing`, an error
answer. JSON goes out as Auth0 writes it (``ensure_ascii``: a lone surrogate as
``\\ud800``).

:func:`cli_on` runs ``credtui.cli.main`` in this process with the client's network
replaced by a fake tenant (many commands in a second, no subprocess).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

import httpx
import pytest

from credtui.api.client import ManagementClient

BASE_URL = "http://127.0.0.1:8765"
MANAGEMENT_TOKEN = "fake-management-token"
"""Not a JWT: the secrets scans look for the JWT shape."""
CLIENT_ID = "fake-management-client"
CLIENT_SECRET = "fake-management-secret-0123456789abcdef"


def stamp(days: int = 0) -> str:
    """An Auth0 timestamp ``days`` after 2026-11-23 (the UI tests' fixed now)."""
    from datetime import UTC, datetime, timedelta

    when = datetime(2026, 11, 23, 12, 0, tzinfo=UTC) + timedelta(days=days)
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def application(
    client_id: str, name: str, creds: Sequence[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    """A Private Key JWT application holding ``creds`` (every one attached)."""
    return {
        "client_id": client_id,
        "name": name,
        "app_type": "non_interactive",
        "client_authentication_methods": {
            "private_key_jwt": {"credentials": [{"id": c["id"]} for c in creds]}
        },
        "jwt_configuration": {"alg": "RS256"},
        **extra,
    }


def credential(cid: str, name: str, **fields: Any) -> dict[str, Any]:
    """A ``public_key`` credential (created a day ago, expiring in 200 days unless given)."""
    return {
        "id": cid,
        "credential_type": "public_key",
        "name": name,
        "kid": f"kid-{cid}",
        "alg": "RS256",
        "created_at": stamp(-1),
        "updated_at": stamp(-1),
        "expires_at": stamp(200),
        **fields,
    }


@dataclass
class FakeTenant:
    """Applications and their credentials as raw JSON; the token endpoint's answers."""

    apps: list[dict[str, Any]] = field(default_factory=list)
    creds: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    token_answer: tuple[int, Any] = (401, {"error": "access_denied", "error_description": "no"})
    """What ``/oauth/token`` answers a client assertion or certificate (not the
    management application's client secret, which always gets a token)."""
    answers: list[tuple[int, Any]] = field(default_factory=list)
    """Token endpoint answers a test goes through in turn (it sets :attr:`token_answer`)."""
    failing: dict[str, tuple[int, Any]] = field(default_factory=dict)
    """Paths (``/api/v2/clients/ID``) answered with this status and body instead."""
    requests: list[httpx.Request] = field(default_factory=list)

    def add(
        self, client_id: str, name: str, creds: Sequence[dict[str, Any]] = (), **extra: Any
    ) -> dict[str, Any]:
        """A Private Key JWT application holding ``creds``; its JSON (change it at will)."""
        app = application(client_id, name, creds, **extra)
        self.apps.append(app)
        self.creds[client_id] = list(creds)
        return app

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = unquote(request.url.path)
        if path in self.failing:
            status, body = self.failing[path]
            return _json(body, status)
        if path == "/oauth/token":
            form = parse_qs(request.content.decode())
            if form.get("client_secret") == [CLIENT_SECRET]:
                return _json(
                    {"access_token": MANAGEMENT_TOKEN, "expires_in": 86400, "token_type": "Bearer"}
                )
            status, body = self.token_answer
            return _json(body, status)
        if request.method != "GET":
            return _json({"statusCode": 405, "error": "Method Not Allowed", "message": "no"}, 405)
        parts = path.removeprefix("/api/v2/").split("/")
        if parts == ["clients"]:
            return _json({"clients": self.apps})
        app = next((a for a in self.apps if len(parts) > 1 and a["client_id"] == parts[1]), None)
        if app is None:
            return _json({"statusCode": 404, "error": "Not Found", "message": "No client"}, 404)
        if len(parts) == 2:
            return _json(app)
        if parts[2:] == ["credentials"]:
            return _json(self.creds.get(app["client_id"], []))
        return _json({"statusCode": 404, "error": "Not Found", "message": "Not found"}, 404)


def _json(data: Any, status: int = 200) -> httpx.Response:
    # As Auth0 writes JSON: ASCII, every other character escaped (a lone surrogate too).
    return httpx.Response(
        status, content=json.dumps(data).encode(), headers={"content-type": "application/json"}
    )


def write_config(path: Path) -> Path:
    """A config file whose one profile is the fake tenant's management application."""
    path.write_text(
        f'default = "fake"\n[profiles.fake]\ndomain = "{BASE_URL}"\n'
        f'client_id = "{CLIENT_ID}"\nclient_secret = "{CLIENT_SECRET}"\n'
    )
    path.chmod(0o600)
    return path


@dataclass
class Ran:
    """One in-process ``credtui`` run."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def cli_on(
    tenant: FakeTenant,
    config: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., Ran]:
    """``run(*args)``: ``credtui --config CONFIG ARGS`` in this process, on ``tenant``.

    stdout and stderr are pytest's captures: UTF-8 and strict, as a terminal's are,
    so a character UTF-8 cannot carry fails the run as it would for a person.
    """
    import credtui.connect

    original = credtui.connect.connect

    def connect(profile: Any, **kwargs: Any) -> ManagementClient:
        kwargs["transport"] = tenant.transport()
        return original(profile, **kwargs)

    monkeypatch.setattr(credtui.connect, "connect", connect)

    def run(*args: str) -> Ran:
        from credtui.cli import main

        capsys.readouterr()
        try:
            code = main(["--config", str(config), *args])
        except SystemExit as done:  # argparse's own usage errors
            code = int(done.code or 0)
        captured = capsys.readouterr()
        return Ran(tuple(args), code, captured.out, captured.err)

    return run


def fake_app(tenant: FakeTenant, **options: Any) -> Any:
    """The TUI (as the UI tests build it: fixed clock, theme, no animation) on ``tenant``."""
    from credtui.config import Config, Profile
    from tests.ui.scenarios import make_app

    profile = Profile(
        name="fake", domain=BASE_URL, client_id=CLIENT_ID, client_secret=CLIENT_SECRET
    )
    config = Config().with_profile(profile)
    return make_app({}, config=config, profile="fake", transport=tenant.transport(), **options)
