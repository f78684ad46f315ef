"""Tenant state: applications, their credentials, grants, and the indexes that keep reads cheap.

Applications are kept in creation order in a dict plus two parallel lists
(ids and creation sequence numbers), so a page of ``GET /api/v2/clients`` costs
O(page) and a checkpoint (``from``) is found by bisection. Nothing here copies
the whole tenant per request; 50,000 applications are fine.
"""

from __future__ import annotations

import bisect
import random
import secrets
import string
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

from credtui.emulator import token_vault
from credtui.emulator.client_schema import NOT_RETURNED
from credtui.emulator.clock import TenantClock
from credtui.emulator.rules import format_timestamp

_ALNUM = string.ascii_letters + string.digits
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

GLOBAL_CLIENT_NAME = "All Applications"
GLOBAL_SEQ = 2**62
"""The global client's sequence number: after every created client, as it is listed last."""

MANAGEMENT_SCOPES: tuple[str, ...] = (
    "read:clients",
    "create:clients",
    "update:clients",
    "delete:clients",
    "read:client_keys",
    "update:client_keys",
    "read:client_summary",
    "read:client_credentials",
    "create:client_credentials",
    "update:client_credentials",
    "delete:client_credentials",
    token_vault.SCOPE,
)
"""Every Management API scope the emulated endpoints check."""


@dataclass
class Credential:
    """One record under ``/clients/{id}/credentials``."""

    id: str
    credential_type: str
    created_at: datetime
    updated_at: datetime
    name: str | None = None
    kid: str | None = None
    alg: str | None = None
    subject_dn: str | None = None
    thumbprint_sha256: str | None = None
    expires_at: datetime | None = None
    key_thumbprint: str | None = None
    """SHA-256 of the key's SPKI, for the per-client duplicate rule."""
    public_key: PublicKeyTypes | None = field(default=None, repr=False)

    def to_json(self) -> dict[str, Any]:
        """Auth0's 2024+ key order; absent values are absent keys, never null."""
        out: dict[str, Any] = {"id": self.id, "credential_type": self.credential_type}
        if self.kid is not None:
            out["kid"] = self.kid
        if self.alg is not None:
            out["alg"] = self.alg
        if self.name is not None:
            out["name"] = self.name
        if self.subject_dn is not None:
            out["subject_dn"] = self.subject_dn
        if self.thumbprint_sha256 is not None:
            out["thumbprint_sha256"] = self.thumbprint_sha256
        out["created_at"] = format_timestamp(self.created_at)
        out["updated_at"] = format_timestamp(self.updated_at)
        if self.expires_at is not None:
            out["expires_at"] = format_timestamp(self.expires_at)
        return out

    def is_expired(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now


@dataclass
class Client:
    """One application. ``settings`` holds the plain fields in Auth0's order."""

    client_id: str
    client_secret: str
    seq: int
    settings: dict[str, Any]
    token_endpoint_auth_method: str | None = None
    auth_methods: dict[str, list[str]] | None = None
    """``client_authentication_methods`` as ``{method: [credential ids]}`` (one method)."""
    signed_request_object: dict[str, Any] | None = None
    """``{"required"?: bool, "credentials": [ids]}``."""
    token_vault: dict[str, Any] | None = None
    """``token_vault_privileged_access``: ``{"credentials": [ids], "ip_allowlist"?, "grants"?}``."""
    credentials: dict[str, Credential] = field(default_factory=dict)
    created_at: datetime | None = None
    """When the application was created (seeds set a past date); None: not known."""
    updated_at: datetime | None = None
    """The last change through ``PATCH``; None: as created."""
    is_global: bool = False
    """The tenant's ``global`` client ("All Applications"): see :meth:`Tenant.global_client`."""

    @property
    def name(self) -> str:
        return str(self.settings.get("name", ""))

    @property
    def active_method(self) -> str | None:
        """The credential-based method in use, if any."""
        if self.auth_methods:
            return next(iter(self.auth_methods))
        return None

    def attached_ids(self) -> set[str]:
        """Credential ids referenced by any slot (methods, JAR or Token Vault)."""
        ids: set[str] = set()
        for refs in (self.auth_methods or {}).values():
            ids.update(refs)
        if self.signed_request_object:
            ids.update(self.signed_request_object.get("credentials", []))
        if self.token_vault:
            ids.update(self.token_vault.get("credentials", []))
        return ids

    def grant_types(self) -> list[str]:
        return list(self.settings.get("grant_types", []))


class Tenant:
    """The whole tenant. Thread-safe enough for one event loop plus control calls."""

    def __init__(
        self,
        *,
        name: str = "credtui-emulator",
        clock: TenantClock | None = None,
        rng_seed: int | None = None,
        signing_cert_pem: str = "",
    ) -> None:
        self.name = name
        self.domain = f"{name}.emulator.localhost"
        """The tenant domain in ``https://{domain}/`` audiences (also accepted: the base URL)."""
        self.clock = clock or TenantClock()
        self.signing_cert_pem = signing_cert_pem
        self.lock = threading.RLock()
        self._rng: random.Random = (
            random.Random(rng_seed) if rng_seed is not None else random.SystemRandom()
        )
        self._clients: dict[str, Client] = {}
        self._order: list[str] = []
        self._seqs: list[int] = []
        self._next_seq = 0
        self.grants: dict[str, tuple[str, ...]] = {}
        """Management API client grants: client_id -> scopes."""
        self.organization_grants: dict[str, set[str]] = {}
        """client_id -> organisations its client grants name (the ``q`` filter of the list)."""
        self.any_organization_grants: set[str] = set()
        """Clients with a grant that allows any organisation."""
        self.used_jtis: dict[tuple[str, str], float] = {}
        """(client_id, jti) -> the assertion's exp, for single use."""
        self._global = self._new_global_client(rng_seed)

    def _new_global_client(self, rng_seed: int | None) -> Client:
        """Every tenant's ``global`` client, with the fields Auth0 returns for it.

        Recorded (terraform ``TestAccGlobalClient.yaml``, ``TestAccDataClients.yaml``):
        "All Applications", no ``app_type``, neither method key, a client secret, no
        credentials. Its id and secret come from their own generator, so a seeded
        tenant's other ids are what they were before it existed.
        """
        rng: random.Random = (
            random.Random(f"global:{rng_seed}") if rng_seed is not None else random.SystemRandom()
        )
        client_id = "".join(rng.choice(_ALNUM) for _ in range(32))
        secret = "".join(rng.choice(_ALNUM + "-_") for _ in range(64))
        settings: dict[str, Any] = {
            "name": GLOBAL_CLIENT_NAME,
            "is_first_party": True,
            "is_token_endpoint_ip_header_trusted": False,
            "oidc_conformant": True,
            "callbacks": [],
            "jwt_configuration": {"alg": "RS256"},
            "sso": False,
            "sso_disabled": False,
            "cross_origin_auth": False,
            "custom_login_page_on": True,
            "refresh_token": {
                "rotation_type": "non-rotating",
                "expiration_type": "non-expiring",
                "leeway": 0,
                "token_lifetime": 2592000,
                "infinite_token_lifetime": True,
                "infinite_idle_token_lifetime": True,
                "idle_token_lifetime": 1296000,
            },
        }
        return Client(client_id, secret, GLOBAL_SEQ, settings, is_global=True)

    @property
    def global_client(self) -> Client:
        """The ``global`` client: listed last (as recorded), read and PATCHed by id, never
        deleted, holding no credentials (decision 31 in :mod:`credtui.emulator`)."""
        return self._global

    # --- ids ---------------------------------------------------------------

    def new_client_id(self) -> str:
        while True:
            cid = "".join(self._rng.choice(_ALNUM) for _ in range(32))
            if cid not in self._clients and cid != self._global.client_id:
                return cid

    def new_secret(self) -> str:
        if isinstance(self._rng, random.SystemRandom):
            return secrets.token_urlsafe(48)
        return "".join(self._rng.choice(_ALNUM + "-_") for _ in range(64))

    def new_credential_id(self) -> str:
        return "cred_" + "".join(self._rng.choice(_BASE58) for _ in range(22))

    # --- clients -----------------------------------------------------------

    def add_client(self, client: Client) -> Client:
        with self.lock:
            client.seq = self._next_seq
            self._next_seq += 1
            self._clients[client.client_id] = client
            self._order.append(client.client_id)
            self._seqs.append(client.seq)
            return client

    def get_client(self, client_id: str) -> Client | None:
        if client_id == self._global.client_id:
            return self._global
        return self._clients.get(client_id)

    def delete_client(self, client_id: str) -> bool:
        with self.lock:
            client = self._clients.pop(client_id, None)
            if client is None:
                return False
            i = bisect.bisect_left(self._seqs, client.seq)
            del self._seqs[i]
            del self._order[i]
            self.grants.pop(client_id, None)
            self.organization_grants.pop(client_id, None)
            self.any_organization_grants.discard(client_id)
            return True

    def client_count(self) -> int:
        """Every client a list shows: those created, then the global one."""
        return len(self._order) + 1

    def created_count(self) -> int:
        """The clients created in this tenant (the global one is not)."""
        return len(self._order)

    def page(self, start: int, count: int) -> list[Client]:
        """Clients ``start .. start+count`` in creation order, the global one last (O(count))."""
        ids = self._order[start : start + count]
        out = [self._clients[i] for i in ids]
        if start <= len(self._order) < start + count:
            out.append(self._global)
        return out

    def index_after_seq(self, seq: int) -> int:
        """Position of the first client whose sequence number is >= ``seq``."""
        return bisect.bisect_left(self._seqs, seq)

    def iter_clients(self, *, with_global: bool = False) -> Iterator[Client]:
        """The created clients in creation order (and the global one last, if asked)."""
        for cid in list(self._order):
            client = self._clients.get(cid)
            if client is not None:
                yield client
        if with_global:
            yield self._global

    # --- serialisation -----------------------------------------------------

    def client_json(
        self, client: Client, *, can_read_keys: bool = True, inline: list[Credential] | None = None
    ) -> dict[str, Any]:
        """The client as Auth0 returns it (secret hidden while a credential method is active)."""
        s = client.settings
        out: dict[str, Any] = {"tenant": self.name, "global": client.is_global}
        for key in (
            "is_token_endpoint_ip_header_trusted",
            "name",
            "description",
            "is_first_party",
            "oidc_conformant",
            "sso_disabled",
            "cross_origin_authentication",
            "custom_login_page_on",
        ):
            if key in s:
                out[key] = s[key]
        out["client_id"] = client.client_id
        if client.created_at is not None:
            out["created_at"] = format_timestamp(client.created_at)
            out["updated_at"] = format_timestamp(client.updated_at or client.created_at)
        out["callback_url_template"] = False
        if can_read_keys and client.auth_methods is None:
            out["client_secret"] = client.client_secret
        for key, value in s.items():
            if key not in out and key not in NOT_RETURNED:
                out[key] = value
        out["signing_keys"] = [{"cert": self.signing_cert_pem, "subject": f"/CN={self.domain}"}]
        if client.auth_methods is None and client.token_endpoint_auth_method is not None:
            out["token_endpoint_auth_method"] = client.token_endpoint_auth_method
        if client.auth_methods is not None and can_read_keys:
            by_id = {c.id: c for c in inline or []}
            out["client_authentication_methods"] = {
                method: {
                    "credentials": [by_id[i].to_json() if i in by_id else {"id": i} for i in refs]
                }
                for method, refs in client.auth_methods.items()
            }
        if client.signed_request_object is not None:
            sro: dict[str, Any] = {}
            if "required" in client.signed_request_object:
                sro["required"] = client.signed_request_object["required"]
            by_id = {c.id: c for c in inline or []}
            sro["credentials"] = [
                by_id[i].to_json() if i in by_id else {"id": i}
                for i in client.signed_request_object.get("credentials", [])
            ]
            out["signed_request_object"] = sro
        if client.token_vault is not None:
            inline_json = {c.id: c.to_json() for c in inline or []}
            out[token_vault.SLOT] = token_vault.to_json(client.token_vault, inline_json)
        return out
