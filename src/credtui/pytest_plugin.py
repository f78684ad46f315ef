"""A local Auth0 tenant for other projects' tests: the ``auth0_tenant`` pytest fixture.

Installed with credtui, this plugin is registered through the ``pytest11`` entry
point, so any project's tests can ask for the fixture without importing anything::

    def test_my_service_lists_clients(auth0_tenant):
        token = auth0_tenant.token()
        ...  # point your code or SDK at auth0_tenant.api_url with that token

It gives a running emulator (``credtui emulator``, served on 127.0.0.1 from a
thread; empty tenant, rate limit off unless marked otherwise) as a
:class:`LocalTenant`: its URL, the values any SDK needs (domain, client ID and
secret, audience, a Management API token) and the controls (request log, faults,
clock, plan, rate limit, latency, seeding, management apps and grants).

Options come from a marker: ``@pytest.mark.auth0_tenant(seed="demo", plan="free",
token_vault=False, rate_limit="50/20", latency_ms=0)``.

Importing this module costs nothing beyond pytest: the emulator, httpx and the
rest are imported only when a test asks for the fixture.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from credtui.emulator import Emulator
    from credtui.emulator.server import RunningEmulator

__all__ = ["LocalTenant", "auth0_tenant"]

MARKER = "auth0_tenant"


class LocalTenant:
    """A running local Auth0 tenant, as the ``auth0_tenant`` fixture gives it."""

    def __init__(self, running: RunningEmulator) -> None:
        import httpx

        self._running = running
        self.url: str = running.base_url
        """``http://127.0.0.1:PORT``: the tenant's base URL (Management API and ``/oauth/token``)."""
        self.domain: str = self.url.removeprefix("http://")
        """``127.0.0.1:PORT``: what an SDK calls the domain (over http, not https)."""
        self.api_url: str = f"{self.url}/api/v2"
        """The Management API's base URL (an SDK's ``base_url``)."""
        self.audience: str = f"{self.url}/api/v2/"
        """The Management API audience for ``/oauth/token``."""
        self.client_id: str = running.client_id
        """The management application (a grant of every Management API scope)."""
        self.client_secret: str = running.client_secret
        self.control_token: str = running.control_token
        """The ``X-Emulator-Token`` the ``/__emulator`` controls need."""
        self._http = httpx.Client(base_url=self.url, timeout=30)

    @property
    def emulator(self) -> Emulator:
        """The in-process emulator itself (its ``tenant``, ``clock``, ``create_application``)."""
        return self._running.emulator

    # --- tokens ----------------------------------------------------------------------------

    def token(
        self,
        client_id: str | None = None,
        client_secret: str | None = None,
        *,
        scope: str | None = None,
    ) -> str:
        """A Management API access token by ``client_credentials`` (default: the
        management application)."""
        form = {
            "grant_type": "client_credentials",
            "client_id": client_id or self.client_id,
            "client_secret": client_secret or self.client_secret,
            "audience": self.audience,
        }
        if scope is not None:
            form["scope"] = scope
        r = self._http.post("/oauth/token", data=form)
        r.raise_for_status()
        return str(r.json()["access_token"])

    # --- the controls ----------------------------------------------------------------------

    def _control(self, method: str, path: str, body: Any = None) -> Any:
        r = self._http.request(
            method,
            f"/__emulator{path}",
            json=body,
            headers={"X-Emulator-Token": self.control_token},
        )
        r.raise_for_status()
        return r.json() if r.content else None

    def requests(self, since: int = 0) -> list[dict[str, Any]]:
        """The requests the tenant received (oldest first, secrets redacted)."""
        return list(self._control("GET", f"/requests?since={since}")["requests"])

    def clear_requests(self) -> None:
        self._control("DELETE", "/requests")

    def fault(self, method: str = "*", path: str = "*", **options: Any) -> dict[str, Any]:
        """Misbehave on the next matching requests: ``status=``, ``delay_ms=``, ``drop=``,
        ``after_processing=``, ``times=``, ``body=`` (``path`` is a glob)."""
        return dict(self._control("POST", "/faults", {"method": method, "path": path, **options}))

    def clear_faults(self) -> None:
        self._control("DELETE", "/faults")

    def advance_clock(self, seconds: float) -> str:
        """Move the tenant's clock (tokens and credentials expire by it); returns the time."""
        return str(self._control("POST", "/clock", {"advance_seconds": seconds})["now"])

    def set_plan(
        self, plan: str, *, hri: bool | None = None, token_vault: bool = True
    ) -> dict[str, Any]:
        """``free``, ``professional`` or ``enterprise`` (``hri``: the Highly Regulated
        Identity add-on, Enterprise only); ``token_vault``: the Early Access entitlement."""
        body: dict[str, Any] = {"plan": plan, "token_vault": token_vault}
        if hri is not None:
            body["hri"] = hri
        return dict(self._control("PUT", "/plan", body))

    def set_rate_limit(self, value: str) -> dict[str, Any]:
        """``"50/20"`` (burst/per second) or ``"off"``."""
        return dict(self._control("PUT", "/rate-limit", {"value": value}))

    def set_latency(self, ms: int) -> None:
        self._control("PUT", "/latency", {"ms": ms})

    def seed(self, count: int) -> int:
        """Add ``count`` generated applications; returns how many clients are listed now."""
        return int(self._control("POST", "/seed", {"count": count})["total"])

    def management_app(self, scopes: list[str], name: str | None = None) -> dict[str, Any]:
        """A machine-to-machine app granted only ``scopes``: ``{client_id, client_secret, scopes}``."""
        body: dict[str, Any] = {"scopes": scopes}
        if name is not None:
            body["name"] = name
        return dict(self._control("POST", "/management-apps", body))

    def grant(self, client_id: str, scopes: list[str]) -> None:
        """Give an application a Management API client grant."""
        self._control("POST", "/grants", {"client_id": client_id, "scopes": scopes})

    def close(self) -> None:
        self._http.close()
        self._running.stop()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(seed='empty', plan='enterprise', token_vault=True, rate_limit=None, "
        "latency_ms=0): options of the auth0_tenant fixture (credtui's local Auth0 tenant)",
    )


@pytest.fixture
def auth0_tenant(request: pytest.FixtureRequest) -> Iterator[LocalTenant]:
    """A local Auth0 tenant served on 127.0.0.1 for this test (see :class:`LocalTenant`)."""
    from credtui.emulator.server import build_emulator, start_in_thread

    marker = request.node.get_closest_marker(MARKER)
    options: dict[str, Any] = dict(marker.kwargs) if marker is not None else {}
    emulator = build_emulator(
        seed=str(options.pop("seed", "empty")),
        rate_limit=options.pop("rate_limit", None),
        latency_ms=int(options.pop("latency_ms", 0)),
        plan=str(options.pop("plan", "enterprise")),
        token_vault=bool(options.pop("token_vault", True)),
    )
    if options:
        raise pytest.UsageError(f"unknown {MARKER} marker options: {', '.join(sorted(options))}")
    tenant = LocalTenant(start_in_thread(emulator=emulator))
    try:
        yield tenant
    finally:
        tenant.close()
