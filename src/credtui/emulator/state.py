"""The emulated tenant's state: the tenant, its token service, its controls, and the
direct helpers (no HTTP) that tests and seeds use.

:class:`EmulatorState` is everything the routes read and change; the ASGI app in
:mod:`.app` (:class:`~credtui.emulator.app.Emulator`) is this plus the edge that
logs, delays, faults and rate-limits requests. The routes and the seeds take an
``EmulatorState``, so none of them depends on the app that serves them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from credtui import rules
from credtui.emulator import clients as client_ops
from credtui.emulator import credentials as cred_ops
from credtui.emulator import rules as err
from credtui.emulator.clock import TenantClock
from credtui.emulator.controls import FaultBook, RequestLog
from credtui.emulator.guard import new_control_token
from credtui.emulator.oauth import TokenService, generate_signing_key, signing_cert
from credtui.emulator.plans import ENTERPRISE_HRI, Plan, parse_plan
from credtui.emulator.ratelimit import RateLimitSetting, TokenBucket, parse_rate_limit
from credtui.emulator.store import MANAGEMENT_SCOPES, Client, Credential, Tenant

__all__ = ["EmulatorState"]


class EmulatorState:
    """One emulated tenant's state, controls and direct helpers (no ASGI).

    ``management`` is the management application (all Management API scopes)
    whose ``client_id``/``client_secret`` get a token.
    """

    def __init__(
        self,
        *,
        tenant: Tenant | None = None,
        clock: TenantClock | None = None,
        signing_key: RSAPrivateKey | None = None,
        rate_limit: RateLimitSetting | str | None = None,
        latency_ms: int = 0,
        management_scopes: Iterable[str] = MANAGEMENT_SCOPES,
        rng_seed: int | None = None,
        control_token: str | None = None,
        plan: Plan | str | None = None,
    ) -> None:
        self.tenant = tenant or Tenant(clock=clock, rng_seed=rng_seed)
        self.clock = self.tenant.clock
        self.tokens = TokenService(self.tenant, signing_key or generate_signing_key())
        if not self.tenant.signing_cert_pem:
            self.tenant.signing_cert_pem = signing_cert(self.tokens.signing_key, self.tenant.domain)
        if isinstance(rate_limit, str):
            rate_limit = parse_rate_limit(rate_limit)
        self.bucket = TokenBucket(rate_limit, self.clock.timestamp)
        self.latency_ms = latency_ms
        self.plan: Plan = parse_plan(plan) if isinstance(plan, str) else plan or ENTERPRISE_HRI
        """What writes may use (``credtui emulator --plan``); seeding ignores it."""
        self.control_token = control_token or new_control_token()
        """The per-run secret the ``/__emulator`` controls need (``X-Emulator-Token``)."""
        self.log = RequestLog()
        self.faults = FaultBook()
        self.demo_private_keys: dict[str, str] = {}
        """Private keys (PEM) of seeded demo credentials, by credential id; memory only."""
        self.management = self.create_management_app(
            management_scopes, name="credtui Management API (emulator)"
        )

    # --- direct helpers (for tests and seeding) ------------------------------

    def create_management_app(
        self, scopes: Iterable[str], *, name: str = "Management client"
    ) -> Client:
        """A machine-to-machine app with a Management API grant of ``scopes``."""
        client, _ = client_ops.create(
            self.tenant,
            {
                "name": name,
                "app_type": "non_interactive",
                "grant_types": ["client_credentials"],
                "jwt_configuration": {"alg": "RS256"},
                "token_endpoint_auth_method": "client_secret_post",
            },
        )
        self.tenant.grants[client.client_id] = tuple(scopes)
        return client

    def grant(self, client_id: str, scopes: Iterable[str]) -> None:
        """Give ``client_id`` a Management API client grant."""
        self.tenant.grants[client_id] = tuple(scopes)

    def grant_organizations(
        self, client_id: str, organization_ids: Iterable[str] = (), *, allow_any: bool = False
    ) -> None:
        """Record client grants naming organisations (what the list's ``q`` filter matches)."""
        self.tenant.organization_grants.setdefault(client_id, set()).update(organization_ids)
        if allow_any:
            self.tenant.any_organization_grants.add(client_id)

    def create_application(
        self,
        name: str = "Test application",
        *,
        app_type: str | None = "non_interactive",
        method: str | None = "client_secret_post",
        credentials: list[dict[str, Any]] | None = None,
        unattached: list[dict[str, Any]] | None = None,
        jar: list[dict[str, Any]] | None = None,
        jar_required: bool | None = None,
        extra: dict[str, Any] | None = None,
        grant_scopes: Iterable[str] | None = None,
    ) -> Client:
        """Create an application directly (no HTTP), Auth0's rules applied.

        ``method`` is a ``token_endpoint_auth_method`` value, one of the three
        credential methods, or None: created without either, as most real
        applications are (Auth0 then returns neither key and takes the client
        secret, facts 3.1); ``credentials`` are inline definitions (as on
        ``POST /clients``) attached to that method; ``unattached`` are created
        afterwards through the credentials rules and left unattached; ``jar``
        inline ``public_key`` definitions for ``signed_request_object``.
        """
        body: dict[str, Any] = {"name": name, "jwt_configuration": {"alg": "RS256"}}
        if app_type is not None:  # None: created without one (no ``app_type`` key)
            body["app_type"] = app_type
        if app_type == "non_interactive":
            body["grant_types"] = ["client_credentials"]
        if method in rules.CREDENTIAL_METHODS:
            body["client_authentication_methods"] = {method: {"credentials": credentials or []}}
        elif method is not None:
            body["token_endpoint_auth_method"] = method
        if jar is not None or jar_required is not None:
            sro: dict[str, Any] = {"credentials": jar or []}
            if jar_required is not None:
                sro["required"] = jar_required
            body["signed_request_object"] = sro
        body.update(extra or {})
        client, _ = client_ops.create(self.tenant, body)
        for item in unattached or []:
            cred_ops.create(self.tenant, client, item)
        if grant_scopes is not None:
            self.grant(client.client_id, grant_scopes)
        return client

    def add_credential(self, client_id: str, body: dict[str, Any]) -> Credential:
        """Create a credential directly (``POST …/credentials`` rules)."""
        client = self.tenant.get_client(client_id)
        if client is None:
            raise err.client_not_found()
        return cred_ops.create(self.tenant, client, body)

    def token(self, client_id: str | None = None, base_url: str = "http://127.0.0.1") -> str:
        """A Management API access token for ``client_id`` (default: the management app)."""
        return self.tokens.token_for(client_id or self.management.client_id, base_url)

    def set_rate_limit(self, setting: RateLimitSetting | str | None) -> None:
        if isinstance(setting, str):
            setting = parse_rate_limit(setting)
        self.bucket.configure(setting)
